"""`yousaid links suggest`, `yousaid links rebuild` and `yousaid links rebuild --queued` as an
officer runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from storage.database import Database
from storage.repositories import link_rebuild_jobs, plans
from survey.cli import main
from survey.intake import link_rebuilds
from tests.conftest import DATA
from tests.support.factories import staff_submission

PLAN = DATA / "plans" / "mini.yaml"
TEXTS = (
    "The SEN support at my school has been great this term.\n"
    "\n"
    "Lovely weather for the staff picnic on Friday!\n"
    "The satisfaction survey about our EHC assessment came months too late.\n"
)


def run(args: list[str], env: dict[str, str] | None = None, input: str | None = None) -> Any:
    return CliRunner().invoke(main, args, env=env or {}, input=input, catch_exceptions=False)


def test_suggest_from_a_plan_file_answers_each_line_best_first() -> None:
    result = run(["links", "suggest", "--plan", str(PLAN)], input=TEXTS)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4  # the empty line is answered too, so line n answers line n
    first = lines[0]
    assert [a["ref"] for a in first["actions"]] == ["1.1"]
    assert [m["ref"] for m in first["measures"]] == ["1.G"]
    assert first["actions"][0]["score"] >= 1.25
    assert "sen-support" in first["actions"][0]["matched_terms"]
    assert lines[1] == lines[2] == {"actions": [], "measures": []}
    assert [a["ref"] for a in lines[3]["actions"]] == ["2.5"]


def test_a_lower_threshold_lets_weaker_matches_through() -> None:
    text = "My son really enjoys school.\n"
    default = run(["links", "suggest", "--plan", str(PLAN)], input=text)
    lower = run(["links", "suggest", "--plan", str(PLAN), "--threshold", "0.5"], input=text)
    assert json.loads(default.stdout)["actions"] == []
    assert [a["ref"] for a in json.loads(lower.stdout)["actions"]] == ["1.1"]


def test_a_missing_or_wrong_plan_file_is_one_plain_sentence(tmp_path: Path) -> None:
    missing = run(["links", "suggest", "--plan", str(tmp_path / "nope.yaml")], input="x\n")
    assert missing.exit_code == 1
    assert f"There is no plan file at {tmp_path / 'nope.yaml'}." in missing.output

    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("priorities:\n  - actions:\n      - objective: no ref\n", encoding="utf-8")
    result = run(["links", "suggest", "--plan", str(wrong)], input="x\n")
    assert result.exit_code == 1
    assert "is not a plan file: it needs measures with a code and actions with a ref" in (
        result.output
    )


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"),
        "YOUSAID_ENV": "development",
    }


def test_suggest_from_the_database_matches_the_plan_file(scratch_url: str, tmp_path: Path) -> None:
    env = _env(scratch_url, tmp_path)
    assert run(["db", "upgrade"], env).exit_code == 0
    empty = run(["links", "suggest"], env, input=TEXTS)
    assert empty.exit_code == 1 and "There is no plan in the database" in empty.output

    assert run(["plan", "load", str(PLAN)], env).exit_code == 0
    from_database = run(["links", "suggest"], env, input=TEXTS)
    from_file = run(["links", "suggest", "--plan", str(PLAN)], input=TEXTS)
    assert from_database.exit_code == 0
    assert from_database.stdout == from_file.stdout


def test_rebuild_shows_progress_and_counts_and_keeps_reviewed_links(
    scratch_url: str, tmp_path: Path
) -> None:
    env = _env(scratch_url, tmp_path)
    assert run(["db", "upgrade"], env).exit_code == 0
    for file, command in ((DATA / "organisations" / "test-region.yaml", "orgs"), (PLAN, "plan")):
        assert run([command, "load", str(file)], env).exit_code == 0
    database = Database(scratch_url)
    with database.unit_of_work() as session:
        for text in (
            "The SEN support at my school has been great this term.",
            "Nobody called me back about the draft EHC plan, I kept chasing.",
        ):
            staff_submission(session, kind="view", text=text, channel="teams", author_id="A1")
    database.engine.dispose()

    assert run(["plan", "load", str(DATA / "plans" / "mini-v2.yaml")], env).exit_code == 0
    result = run(["links", "rebuild"], env)
    assert result.exit_code == 0, result.output
    assert "Matching" in result.stderr  # the progress bar goes to stderr, the counts to stdout
    assert result.stdout.strip() == (
        "Matched 2 texts: 4 suggested links (kept 0 confirmed, 0 rejected, 0 manual, 0 declared)."
    )


def test_rebuild_queued_finishes_the_jobs_plan_edits_queued(
    scratch_url: str, tmp_path: Path
) -> None:
    env = _env(scratch_url, tmp_path)
    assert run(["db", "upgrade"], env).exit_code == 0
    for file, command in ((DATA / "organisations" / "test-region.yaml", "orgs"), (PLAN, "plan")):
        assert run([command, "load", str(file)], env).exit_code == 0
    assert run(["links", "rebuild", "--queued"], env).stdout.strip() == (
        "No link rebuild jobs were waiting."
    )
    database = Database(scratch_url)
    with database.unit_of_work() as session:
        staff_submission(session, kind="view", text="The SEN support at my school is great.")
        staff_submission(session, kind="view", text="Nobody called me back about the EHC plan.")
        plan = plans.get_plan_by_slug(session, "mini-plan")
        job = link_rebuilds.queue_rebuild(session, plan.id, "user:1")  # as a plan edit does

    result = run(["links", "rebuild", "--queued"], env)
    assert result.exit_code == 0, result.output
    with database.unit_of_work() as session:
        done = link_rebuild_jobs.get_job(session, job.id)
        assert (done.status.value, done.texts_done, done.texts_total) == ("done", 2, 2)
        assert result.stdout.strip() == (
            f"Job {job.id}: matched 2 texts, {done.suggestions_made} suggested links."
        )
    assert run(["links", "rebuild", "--queued"], env).stdout.strip() == (
        "No link rebuild jobs were waiting."
    )

    # A job whose runners kept dying (three claims, no heartbeat since): failed, exit 1.
    with database.unit_of_work() as session:
        plan = plans.get_plan_by_slug(session, "mini-plan")
        stuck = link_rebuilds.queue_rebuild(session, plan.id, "user:1")
        long_ago = link_rebuilds.now() - link_rebuilds.STALE_AFTER * 2
        link_rebuild_jobs.update_job(
            session, stuck, status="running", attempts=3, heartbeat_at=long_ago
        )
    database.engine.dispose()
    failed = run(["links", "rebuild", "--queued"], env)
    assert failed.exit_code == 1
    assert f"Job {stuck.id} failed (abandoned) after 0 texts." in failed.output
    assert "1 link rebuild job failed." in failed.output
