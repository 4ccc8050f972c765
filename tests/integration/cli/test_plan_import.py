"""`yousaid plan import`: a plan's own Excel, Word or CSV table becomes the same plan `plan load`
makes from its YAML, after a preview; nothing is stored without --yes (issue 14, Import)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storage.database import Database
from storage.models import (
    Action,
    EvidenceKind,
    Link,
    LinkMethod,
    OutcomeMeasure,
    Plan,
    PlanImportMapping,
)
from storage.repositories import action_reviews
from survey.domain.plan_definitions import load_plan_file
from tests.conftest import ROOT
from tests.support.plan_tables import plan_xlsx

OPS_YAML = ROOT / "examples" / "plans" / "send-operations-2017-18.yaml"
SLUG = "send-operations-2017-18"


@pytest.fixture
def ops_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "operations plan.xlsx"
    path.write_bytes(plan_xlsx(OPS_YAML))
    return path


def stored(url: str) -> dict[str, Any]:
    database = Database(url)
    try:
        with database.unit_of_work() as session:
            actions = session.scalars(select(Action).order_by(Action.ref)).all()
            measures = session.scalars(select(OutcomeMeasure).order_by(OutcomeMeasure.code)).all()
            return {
                "plans": [p.slug for p in session.scalars(select(Plan))],
                "actions": {
                    a.ref: (
                        a.priority.number,
                        a.objective,
                        a.group_name,
                        a.lead,
                        a.members,
                        a.timeframe,
                        a.monitoring,
                        a.review_status.value,
                        a.review_note,
                        sorted(m.code for m in a.measures),
                    )
                    for a in actions
                },
                "keywords": {a.ref: list(a.keywords) for a in actions},
                "measures": {m.code: m.statement for m in measures},
                "targets": {m.code: m.indicator.target if m.indicator else None for m in measures},
                "mappings": [
                    (m.plan_slug, m.source_kind, m.updated_by)
                    for m in session.scalars(select(PlanImportMapping))
                ],
            }
    finally:
        database.dispose()


def test_the_operations_plan_as_excel_imports_to_what_its_yaml_loads(
    cli: Any, ops_xlsx: Path
) -> None:
    expected = load_plan_file(OPS_YAML)
    preview = cli("plan", "import", str(ops_xlsx), "--slug", SLUG)
    assert preview.exit_code == 0, preview.output
    assert "this would create it" in preview.output
    assert "'Success Measures' -> measures" in preview.output
    assert "Nothing was stored: run again with --yes to save it." in preview.output
    assert stored(cli.url)["plans"] == []

    saved = cli("plan", "import", str(ops_xlsx), "--slug", SLUG, "--yes")
    assert saved.exit_code == 0, saved.output
    assert f"Created plan '{SLUG}'" in saved.output
    got = stored(cli.url)
    assert got["actions"] == {
        a.ref: (
            a.priority,
            a.objective,
            a.group,
            a.lead,
            a.members,
            a.timeframe,
            a.monitoring,
            a.review_status,
            a.review_note,
            sorted(a.measures),
        )
        for a in expected.actions
    }
    assert got["measures"] == {m.code: m.statement for m in expected.measures}
    assert got["mappings"] == [(SLUG, "xlsx", "cli")]


def test_re_importing_over_the_loaded_yaml_changes_nothing_and_keeps_keywords_and_targets(
    make_cli: Callable[..., Any], ops_xlsx: Path
) -> None:
    cli = make_cli()
    assert cli("plan", "load", str(OPS_YAML)).exit_code == 0
    before = stored(cli.url)
    result = cli("plan", "import", str(ops_xlsx), "--slug", SLUG, "--yes")
    assert result.exit_code == 0, result.output
    assert "this would update it" in result.output
    assert "Created: 0" in result.output
    assert "Changed: 0" in result.output
    assert "Removed: 0" in result.output
    assert "Warnings: 0" in result.output
    after = stored(cli.url)
    assert after["actions"] == before["actions"]
    assert after["keywords"] == before["keywords"]
    assert after["targets"] == before["targets"]


def test_a_corrected_mapping_file_is_used_and_remembered(cli: Any, tmp_path: Path) -> None:
    table = tmp_path / "plan.csv"
    table.write_text(
        "Ref,Objective,Officer,Success measures\n1.1,Do a thing,Jo,1.A: Better\n", "utf-8"
    )
    mapping = tmp_path / "mapping.yaml"
    first = cli("plan", "import", str(table), "--write-mapping", str(mapping))
    assert first.exit_code == 0, first.output
    assert "'Officer' -> (left out)" in first.output
    text = mapping.read_text("utf-8")
    assert "Officer: ''" in text
    mapping.write_text(text.replace("Officer: ''", "Officer: lead"), "utf-8")
    saved = cli("plan", "import", str(table), "--mapping", str(mapping), "--yes")
    assert saved.exit_code == 0, saved.output
    assert stored(cli.url)["actions"]["1.1"][3] == "Jo"
    again = cli("plan", "import", str(table))  # next month: the remembered mapping
    assert "Mapping (remembered)" in again.output
    assert "'Officer' -> lead" in again.output
    assert "Changed: 0" in again.output


def test_removing_an_action_with_linked_evidence_is_refused(
    make_cli: Callable[..., Any], tmp_path: Path
) -> None:
    cli = make_cli(with_mini_survey=True)
    table = tmp_path / "plan.csv"
    table.write_text("Reference,Objective\n1.1,Only this one\n", "utf-8")
    database = Database(cli.url)
    try:
        with database.unit_of_work() as session:
            plan = session.scalars(select(Plan)).one()
            slug, refs = plan.slug, sorted(a.ref for a in plan.actions)
            linked = next(a for a in plan.actions if a.ref != "1.1")
            session.add(
                Link(
                    evidence_kind=EvidenceKind.RESPONSE,
                    evidence_id=1,
                    action_id=linked.id,
                    method=LinkMethod.MANUAL,
                )
            )
            linked_ref = linked.ref
    finally:
        database.dispose()
    result = cli("plan", "import", str(table), "--slug", slug, "--yes")
    assert result.exit_code == 1
    assert f"Refused: {linked_ref} would be removed but evidence is linked" in result.output
    assert f"Cannot remove {linked_ref} from plan '{slug}': evidence is linked" in result.output
    assert sorted(stored(cli.url)["actions"]) == refs


def test_removing_an_action_with_monthly_reviews_is_refused_in_the_preview(
    make_cli: Callable[..., Any], tmp_path: Path
) -> None:
    """The history an officer recorded in the browser is not deleted by next month's table."""
    cli = make_cli(with_mini_survey=True)
    table = tmp_path / "plan.csv"
    table.write_text("Reference,Objective\n1.1,Only this one\n", "utf-8")
    database = Database(cli.url)
    try:
        with database.unit_of_work() as session:
            plan = session.scalars(select(Plan)).one()
            slug, refs = plan.slug, sorted(a.ref for a in plan.actions)
            reviewed = next(a for a in plan.actions if a.ref != "1.1")
            action_reviews.record_review(
                session, reviewed, dt.date(2026, 11, 30), "In progress", "amber", None, "test"
            )
            reviewed_ref = reviewed.ref
    finally:
        database.dispose()
    result = cli("plan", "import", str(table), "--slug", slug, "--yes")
    assert result.exit_code == 1
    assert f"Refused: {reviewed_ref} would be removed but monthly reviews are recorded" in (
        result.output
    )
    assert f"Cannot remove {reviewed_ref} from plan '{slug}': monthly reviews" in result.output
    assert sorted(stored(cli.url)["actions"]) == refs


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4", "plan.xlsx is not a Word, Excel or CSV file"),
        (b"Objective,Lead\nDo,Jo\n", "has no reference column"),
        (
            b"Reference,Objective,Success measures\n1.1,Do,Numbers of LAs attending\n",
            "no measure code",
        ),
    ],
)
def test_bad_files_exit_non_zero_with_one_sentence_and_store_nothing(
    cli: Any, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(content)
    result = cli("plan", "import", str(path), "--yes")
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert stored(cli.url)["plans"] == []


def test_a_value_the_plan_rules_refuse_is_named_by_row_and_field(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(f"Reference,Objective,Timeframe\n1.1,Do,{'x' * 120}\n", "utf-8")
    result = cli("plan", "import", str(path), "--yes")
    assert result.exit_code == 1
    assert "  row 2: timeframe must be 100 characters or fewer" in result.output
    assert "1 problem in long.csv; nothing was stored" in result.output
    assert stored(cli.url)["plans"] == []
