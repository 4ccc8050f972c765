"""The yousaid command line against a real database: good files load, bad files get one plain
message per problem and store nothing, and every user error exits non-zero."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storage.database import Database
from survey import intake
from survey.cli import main
from survey.domain.inputs import ResponseSubmission
from tests.conftest import DATA, EXAMPLES


def stats(cli: Any) -> dict[str, Any]:
    result = cli("stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_help_lists_the_subcommands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "survey.cli", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for command in ("db", "serve", "stats", "plan", "survey", "seed-demo", "user"):
        assert command in result.stdout


def test_stats_counts_every_kind_of_record(cli: Any) -> None:
    counts = stats(cli)
    assert {
        "organisations",
        "actions",
        "measures",
        "surveys",
        "responses",
        "answers",
        "staff_submissions",
        "meetings",
        "attendance",
        "links_by_method",
    } <= set(counts)
    assert counts["links_by_method"]["declared"] == 0


def test_loading_a_plan_twice_is_idempotent(cli: Any) -> None:
    first = cli("plan", "load", str(DATA / "plans" / "mini.yaml"))
    second = cli("plan", "load", str(DATA / "plans" / "mini.yaml"))

    assert first.exit_code == 0 and "Created plan 'mini-plan'" in first.output
    assert (
        second.exit_code == 0
        and "Updated plan 'mini-plan'" in second.output
        and "0 new" in second.output
    )
    assert stats(cli)["actions"] == 3


def test_a_bad_plan_file_names_each_problem_by_line_and_stores_nothing(
    cli: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "slug: Bad Slug\ntitle: x\nmeasures:\n  - code: '1.A'\n    statement: s\n"
        "priorities:\n  - number: '1'\n    title: t\n    actions:\n      - ref: '1.1'\n"
        "        objective: o\n        measures: ['9.Z']\n        review: {status: purple}\n",
        encoding="utf-8",
    )
    result = cli("plan", "load", str(bad))

    assert result.exit_code == 1
    assert "3 problems, nothing was stored" in result.output
    assert "slug: line 1: must be lower-case" in result.output
    assert "line 12: '9.Z' is not a measure defined in this plan" in result.output
    assert "review.status: line 13:" in result.output
    assert stats(cli)["plans"] == 0


def test_a_file_that_is_not_yaml_gets_one_plain_sentence(cli: Any, tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("slug: [unclosed\n", encoding="utf-8")
    result = cli("plan", "load", str(bad))
    assert (
        result.exit_code == 1 and result.output.startswith("Error: ") and result.output[-1] == "\n"
    )
    missing = cli("plan", "load", str(tmp_path / "missing.yaml"))
    assert missing.exit_code == 1 and "There is no file at" in missing.output


def test_a_survey_needs_its_plan_and_a_changed_definition_is_a_new_version(
    cli: Any, tmp_path: Path
) -> None:
    orphan = cli("survey", "load", str(DATA / "surveys" / "mini.yaml"))
    assert orphan.exit_code == 1 and "'mini-plan' is not a loaded plan" in orphan.output

    cli("plan", "load", str(DATA / "plans" / "mini.yaml"))
    first = cli("survey", "load", str(DATA / "surveys" / "mini.yaml"))
    again = cli("survey", "load", str(DATA / "surveys" / "mini.yaml"))
    changed = tmp_path / "mini.yaml"
    changed.write_text(
        (DATA / "surveys" / "mini.yaml").read_text().replace("Tell us how it went.", "Tell us."),
        encoding="utf-8",
    )
    second = cli("survey", "load", str(changed))

    assert "version 1" in first.output and "unchanged (version 1)" in again.output
    assert "version 2" in second.output


def test_a_bad_survey_file_reports_every_problem(cli: Any, tmp_path: Path) -> None:
    cli("plan", "load", str(DATA / "plans" / "mini.yaml"))
    bad = tmp_path / "bad-survey.yaml"
    bad.write_text(
        "slug: s\ntitle: t\nplan: mini-plan\nactions: ['7.7']\nquestions:\n"
        "  - key: q1\n    type: colour\n    text: Favourite?\n"
        "  - key: q2\n    type: single_choice\n    text: Pick\n    options: [{value: a, label: A}]\n"
        "  - key: q3\n    type: agreement5\n    text: Agree?\n    measures: ['ZZ']\n    show_if: {question: later, in: [x]}\n",
        encoding="utf-8",
    )
    result = cli("survey", "load", str(bad))

    assert result.exit_code == 1
    for expected in (
        "'7.7' is not an action",
        "'colour' is not a question type",
        "at least two options",
        "'ZZ' is not a measure",
        "'later' must be an earlier question",
    ):
        assert expected in result.output
    assert stats(cli)["surveys"] == 0


def test_removing_an_action_with_linked_evidence_is_refused(
    cli: Any, scratch_url: str, tmp_path: Path
) -> None:
    cli("orgs", "load", str(DATA / "organisations" / "test-region.yaml"))
    cli("plan", "load", str(DATA / "plans" / "mini.yaml"))
    cli("survey", "load", str(DATA / "surveys" / "mini.yaml"))
    database = Database(scratch_url)
    with database.unit_of_work() as session:
        intake.submit_response(
            session,
            ResponseSubmission(
                survey_slug="mini-survey",
                consent={"survey": True},
                answers={"la": "E00000001", "info_timely": "agree", "overall": "satisfied"},
            ),
        )
    database.dispose()
    smaller = tmp_path / "smaller.yaml"
    text = (DATA / "plans" / "mini.yaml").read_text()
    start, end = text.index('      - ref: "2.5"'), text.index('      - ref: "2.9"')
    smaller.write_text(text[:start] + text[end:], encoding="utf-8")
    result = cli("plan", "load", str(smaller))

    assert result.exit_code == 1
    assert "Cannot remove 2.5 from plan 'mini-plan': evidence is linked to it" in result.output
    assert stats(cli)["actions"] == 3


@pytest.mark.parametrize(
    "plan_file", sorted((EXAMPLES / "plans").glob("*.yaml")), ids=lambda p: p.stem
)
def test_the_shipped_plans_load(cli: Any, plan_file: Path) -> None:
    result = cli("plan", "load", str(plan_file))
    assert result.exit_code == 0, result.output
    assert "Created plan" in result.output and stats(cli)["actions"] > 0


def test_production_refuses_to_downgrade_without_yes(cli: Any, scratch_url: str) -> None:
    result = CliRunner().invoke(
        main,
        ["db", "downgrade", "base"],
        env={"DATABASE_URL": scratch_url, "YOUSAID_ENV": "production", "SECRET_KEY": "x" * 40},
    )
    assert result.exit_code == 1 and "without --yes" in result.output
