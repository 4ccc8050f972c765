"""Sentiment and themes as an officer meets them: `yousaid sentiment` for batch scoring, scores
stored at intake with the analyser's version, `yousaid analyse rescore` after the analyser changes
and `yousaid analyse themes` for a month."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select, update

from analysis import sentiment
from analysis.sentiment import ANALYSER_VERSION
from storage.database import Database
from storage.models import Answer, Response, StaffSubmission
from survey import intake
from survey.cli import main
from survey.domain.inputs import ResponseSubmission, StaffSubmissionInput
from tests.conftest import DATA, ROOT

FIELDS = {"polarity", "label", "subjectivity", "drivers", "confidence"}
OLD_VERSION = "yousaid-sentiment/0.9"


def run(args: list[str], env: dict[str, str] | None = None, input: Any = None) -> Any:
    return CliRunner().invoke(main, args, env=env or {}, input=input, catch_exceptions=False)


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"),
        "YOUSAID_ENV": "development",
    }


def _response(why: str, key: str, when: dt.datetime | None = None) -> ResponseSubmission:
    answers = {"la": "E00000001", "info_timely": "disagree", "overall": "dissatisfied", "why": why}
    return ResponseSubmission(
        survey_slug="mini-survey",
        answers=answers,
        consent={"survey": True},
        idempotency_key=key,
        submitted_at=when,
    )


def _staff(text: str, key: str, when: dt.datetime | None = None) -> StaffSubmissionInput:
    return StaffSubmissionInput(
        kind="view",
        text=text,
        channel="teams",
        author_id="A1",
        idempotency_key=key,
        submitted_at=when,
    )


# --- yousaid sentiment: one JSON object per input line --------------------------------------------


def test_sentiment_answers_each_line_in_order_with_its_reasons() -> None:
    texts = (
        "The SENCO listened to us and kept us informed at every step.\n"
        "\n"
        "Helpful staff, but the assessment took far too long and my son lost a whole term.\n"
        "The annual review is on Tuesday at 10am.\n"
    )
    result = run(["sentiment"], input=texts)

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4  # the empty line is answered too, so line n answers line n
    assert all(set(line) >= {"polarity", "label", "subjectivity", "drivers"} for line in lines)
    praise, empty, complaint, fact = lines
    assert praise["label"] == "positive" and "kept us informed" in praise["drivers"]
    assert empty == {**empty, "polarity": 0.0, "label": "neutral", "drivers": []}
    assert complaint["label"] in {"negative", "mixed"} and complaint["polarity"] < 0
    assert "far too long" in complaint["drivers"]
    assert fact["label"] == "neutral"


def test_sentiment_matches_the_library_and_keeps_windows_line_ends() -> None:
    texts = ["Brilliant. They lost our paperwork again.", "", "Thank you so much xx"]
    result = run(["sentiment"], input="\r\n".join(texts) + "\r\n")

    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        sentiment.score(text).as_dict() for text in texts
    ]


def test_bad_bytes_and_a_missing_last_newline_do_not_crash_or_shift_lines() -> None:
    raw = b"\xff\xfe\x00\x01 junk\n\nThe transport team were rude\xe9 and late"
    result = run(["sentiment"], input=raw)

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["label"] == "neutral" and lines[0]["confidence"] < 0.2
    assert lines[1]["label"] == "neutral"
    assert lines[2]["label"] == "negative"


def test_sentiment_through_a_real_pipe(tmp_path: Path) -> None:
    """The measurement tool runs the command as a process: stdin and stdout are real pipes."""
    raw = "Nobody ever rings back.\n\n\u00e9\u00e8 \U0001f620\n".encode() + b"\x80\x81 bytes\n"
    completed = subprocess.run(
        [sys.executable, "-c", "from survey.cli import main; main()", "sentiment"],
        input=raw,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr.decode()
    lines = [json.loads(line) for line in completed.stdout.decode("utf-8").splitlines()]
    assert len(lines) == 4
    assert all(set(line) == FIELDS for line in lines)
    assert lines[0]["label"] == "negative"
    assert lines[1]["label"] == "neutral"
    assert lines[2]["label"] == "negative"  # the angry emoji alone
    assert lines[3]["label"] == "neutral"


# --- scored once, at intake ------------------------------------------------------------------------


def test_intake_stores_a_score_and_the_analyser_version_on_free_text(loaded: Any) -> None:
    receipt = intake.submit_response(
        loaded, _response("We waited 41 weeks and nobody returned my calls.", "r-1")
    )

    answers = {a.question.key: a for a in loaded.get(Response, receipt.record_id).answers}
    why = answers["why"]
    assert why.sentiment == sentiment.score(why.free_text).polarity < 0
    assert why.sentiment_label == "negative"
    assert why.sentiment_drivers and all(isinstance(d, str) for d in why.sentiment_drivers)
    assert why.sentiment_version == ANALYSER_VERSION
    # a chosen option is not free text: nothing to score
    assert answers["overall"].sentiment is None and answers["overall"].sentiment_version is None


def test_intake_stores_a_score_and_version_on_staff_submissions(loaded: Any) -> None:
    receipt = intake.record_staff_submission(
        loaded,
        _staff("The new outreach team have been a lifeline for our families.", "s-1"),
        hash_key="k",
    )

    stored = loaded.get(StaffSubmission, receipt.record_id)
    assert stored.sentiment > 0 and stored.sentiment_label == "positive"
    assert "lifeline" in stored.sentiment_drivers
    assert stored.sentiment_version == ANALYSER_VERSION


# --- yousaid analyse rescore / themes against a migrated database ------------------------------


def _seeded(url: str, tmp_path: Path) -> dict[str, str]:
    env = _env(url, tmp_path)
    assert run(["db", "upgrade"], env).exit_code == 0
    for command, file in (
        ("orgs", DATA / "organisations" / "test-region.yaml"),
        ("plan", DATA / "plans" / "mini.yaml"),
        ("survey", DATA / "surveys" / "mini.yaml"),
    ):
        result = run([command, "load", str(file)], env)
        assert result.exit_code == 0, result.output
    return env


def _store(
    url: str, responses: list[ResponseSubmission], staff: list[StaffSubmissionInput]
) -> None:
    database = Database(url)
    with database.unit_of_work() as session:
        for item in responses:
            intake.submit_response(session, item)
        for submission in staff:
            intake.record_staff_submission(session, submission, hash_key="k")
    database.engine.dispose()


def test_rescore_updates_scores_from_an_older_analyser_and_says_how_many(
    scratch_url: str, tmp_path: Path
) -> None:
    env = _seeded(scratch_url, tmp_path)
    complaint = "Still waiting for the draft EHC plan, nobody replies to emails."
    praise = "The caseworker went above and beyond for us."
    _store(scratch_url, [_response(complaint, "r-1")], [_staff(praise, "s-1")])
    database = Database(scratch_url)
    with database.unit_of_work() as session:  # as an older analyser would have left them
        for model in (Answer, StaffSubmission):
            session.execute(
                update(model)
                .where(model.sentiment_version.is_not(None))
                .values(
                    sentiment=0.0,
                    sentiment_label="neutral",
                    sentiment_drivers=[],
                    sentiment_version=OLD_VERSION,
                )
            )

    result = run(["analyse", "rescore"], env)

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Rescored 2 texts with {ANALYSER_VERSION}."
    assert "Rescoring" in result.stderr  # the progress bar goes to stderr, the count to stdout
    with database.unit_of_work() as session:
        answer = session.scalar(select(Answer).where(Answer.free_text == complaint))
        staff = session.scalar(select(StaffSubmission))
        assert answer.sentiment_version == staff.sentiment_version == ANALYSER_VERSION
        assert answer.sentiment == sentiment.score(complaint).polarity < 0
        assert answer.sentiment_label == "negative" and "still waiting" in answer.sentiment_drivers
        assert staff.sentiment == sentiment.score(praise).polarity > 0
        # answers without free text were never scored, and rescoring leaves them so
        unscored = session.scalars(select(Answer).where(Answer.free_text.is_(None))).all()
        assert unscored and all(a.sentiment_version is None for a in unscored)
    database.engine.dispose()


def test_rescore_refuses_a_database_that_is_not_migrated(scratch_url: str, tmp_path: Path) -> None:
    result = run(["analyse", "rescore"], _env(scratch_url, tmp_path))

    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: The database is not up to date; run 'yousaid db upgrade' first."
    )


def test_themes_for_a_month_with_counts_change_sentiment_and_quotes(
    scratch_url: str, tmp_path: Path
) -> None:
    env = _seeded(scratch_url, tmp_path)
    october = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.UTC)
    september = dt.datetime(2026, 9, 20, 10, 0, tzinfo=dt.UTC)
    _store(
        scratch_url,
        [
            _response("The EHC plan was late and nobody called back.", "r-1", october),
            _response("Our EHCP took 40 weeks; school transport was a nightmare.", "r-2", october),
            _response("Transport has been cancelled twice this month.", "r-3", october),
            _response("The EHC plan came on time in September.", "r-4", september),
        ],
        [_staff("Parents keep asking about the EHC plan deadlines.", "s-1", october)],
    )

    result = run(["analyse", "themes", "--period", "2026-10"], env)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    heading = next(line for line in lines if line.startswith("EHC plan:"))
    assert heading.startswith("EHC plan: 3 mentions (+2), mean sentiment -")
    assert any(line.startswith("Transport: 2 mentions (+2)") for line in lines)
    assert '    "The EHC plan was late and nobody called back."' in lines
    assert "September" not in result.stdout  # last month's comment is only counted, not quoted

    as_json = json.loads(run(["analyse", "themes", "--period", "2026-10", "--json"], env).stdout)
    ehcp = next(theme for theme in as_json if theme["label"] == "EHC plan")
    assert (ehcp["count"], ehcp["previous_count"], ehcp["change"]) == (3, 1, 2)
    assert ehcp["mean_sentiment"] < 0 and 2 <= len(ehcp["quotes"]) <= 3


def test_themes_in_a_quiet_month_say_so(scratch_url: str, tmp_path: Path) -> None:
    result = run(["analyse", "themes", "--period", "2030-01"], _seeded(scratch_url, tmp_path))

    assert result.exit_code == 0
    assert result.stdout.strip() == "No themes: there is too little free text in that slice."


def test_a_bad_period_is_one_plain_sentence_and_a_failure() -> None:
    for period in ("October", "2026-13", "10/2026"):
        result = run(["analyse", "themes", "--period", period], {"DATABASE_URL": "sqlite://"})
        assert result.exit_code == 1
        assert result.output.strip() == "Error: Write the period as a month, like 2026-10."
