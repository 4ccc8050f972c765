"""`yousaid import responses`: Microsoft Forms and Google Forms exports through intake, all or
nothing unless --skip-bad, and never twice."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storage.database import Database
from storage.models import Response
from tests.conftest import DATA

IMPORTS = DATA / "imports"


@pytest.fixture
def cli(make_cli: Callable[..., Any]) -> Any:
    """The command line on a database holding the test region, plan and survey."""
    return make_cli(with_mini_survey=True)


def stored_responses(url: str) -> list[dict[str, Any]]:
    database = Database(url)
    try:
        with database.unit_of_work() as session:
            responses = session.scalars(select(Response).order_by(Response.submitted_at)).all()
            return [
                {
                    "channel": r.channel.value,
                    "submitted_at": r.submitted_at,
                    "source": r.source,
                    "la": r.organisation.code if r.organisation else None,
                    "answers": {a.question.key: a.value or a.free_text for a in r.answers},
                }
                for r in responses
            ]
    finally:
        database.dispose()


def test_a_google_forms_csv_imports_every_row_once(cli: Any) -> None:
    args = (
        "import", "responses", "--survey", "mini-survey", str(IMPORTS / "google-forms-mini.csv"),
        "--mapping", str(IMPORTS / "google-forms-mapping.yaml"),
    )  # fmt: skip
    first = cli(*args)
    assert first.exit_code == 0, first.output
    assert "Imported 3 responses." in first.output
    again = cli(*args)
    assert "Imported 0 responses (3 were already there)." in again.output

    rows = stored_responses(cli.url)
    assert len(rows) == 3
    assert rows[0]["submitted_at"] == dt.datetime(2025, 3, 27, 10, 15, 3)
    assert rows[0]["channel"] == "import" and rows[0]["source"] == "google-forms-spring-2025"
    assert rows[0]["la"] == "E00000001"  # "Alpha Borough" matched by name
    assert json.loads(rows[0]["answers"]["support"]) == ["senco", "iass"]
    assert rows[0]["answers"]["requested_on"] == "2025-01-14"
    assert rows[1]["answers"]["why"].startswith("Nobody told us what was happening, and")
    assert json.loads(rows[1]["answers"]["support"]) == ["none"]
    assert rows[2]["answers"]["info_timely"] == "not_applicable"
    assert "recommend" not in rows[2]["answers"]  # a blank optional answer stays blank


def test_a_microsoft_forms_workbook_imports_with_mapped_values(cli: Any) -> None:
    result = cli(
        "import", "responses", "--survey", "mini-survey", str(IMPORTS / "ms-forms-mini.xlsx"),
        "--mapping", str(IMPORTS / "ms-forms-mapping.yaml"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = stored_responses(cli.url)
    assert [r["la"] for r in rows] == ["E00000001", "E00000003", "E00000002"]
    assert rows[0]["submitted_at"] == dt.datetime(2025, 5, 6, 18, 4)
    assert json.loads(rows[0]["answers"]["support"]) == ["senco", "iass"]  # "A;B;" from Forms
    assert rows[2]["answers"]["why"] == "Too many forms to fill in."


def test_one_bad_row_stops_the_import_and_names_each_row(cli: Any) -> None:
    result = cli(
        "import", "responses", "--survey", "mini-survey",
        str(IMPORTS / "google-forms-mini-bad.csv"),
        "--mapping", str(IMPORTS / "google-forms-mapping.yaml"),
    )  # fmt: skip
    assert result.exit_code == 1
    assert "2 problems, nothing was stored" in result.output
    assert "row 3: overall: Select one of the options; weeks: Enter a number, like 12" in (
        result.output
    )
    assert "row 5: la: Select an organisation from the list" in result.output
    assert stored_responses(cli.url) == []


def test_skip_bad_stores_the_good_rows_and_writes_the_rest_to_a_reject_file(
    cli: Any, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.csv"
    result = cli(
        "import", "responses", "--survey", "mini-survey",
        str(IMPORTS / "google-forms-mini-bad.csv"),
        "--mapping", str(IMPORTS / "google-forms-mapping.yaml"),
        "--skip-bad", "--rejects", str(rejects),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Imported 2 responses; 2 rows rejected, written to {rejects}." in result.output
    assert len(stored_responses(cli.url)) == 2
    with rejects.open(encoding="utf-8") as handle:
        rejected = list(csv.DictReader(handle))
    assert [r["Row"] for r in rejected] == ["3", "5"]
    assert rejected[0]["Problems"].startswith("overall: Select one of the options")
    assert rejected[1]["Which council area do you live in?"] == "Nowhere Shire"


def test_a_mapping_that_names_a_missing_column_is_refused(cli: Any, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("questions:\n  overall: How was it?\n", encoding="utf-8")
    result = cli(
        "import", "responses", "--survey", "mini-survey", str(IMPORTS / "google-forms-mini.csv"),
        "--mapping", str(mapping),
    )  # fmt: skip
    assert result.exit_code == 1
    assert "google-forms-mini.csv has no column 'How was it?'" in result.output


def test_the_reject_file_quotes_text_that_would_run_as_a_formula_and_imports_back_as_written(
    cli: Any, tmp_path: Path
) -> None:
    # A rejected row is written back for an officer to open in Excel: a comment that starts a
    # formula must arrive as text, and the corrected file must import what the parent wrote.
    comment = '=HYPERLINK("http://evil.example","more") they never rang'
    source = tmp_path / "export.csv"
    lines = (IMPORTS / "google-forms-mini-bad.csv").read_text(encoding="utf-8").splitlines()
    bad = lines[4].split(",")
    bad[3], bad[4] = "Dissatisfied", '"' + comment.replace('"', '""') + '"'
    source.write_text("\n".join([lines[0], ",".join(bad)]) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    result = cli(
        "import", "responses", "--survey", "mini-survey", str(source),
        "--mapping", str(IMPORTS / "google-forms-mapping.yaml"),
        "--skip-bad", "--rejects", str(rejects),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with rejects.open(encoding="utf-8") as handle:
        rejected = list(csv.reader(handle))
    cells = [cell for row in rejected for cell in row]
    assert "'" + comment in cells
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    # The officer corrects the council area and imports the rejects file itself.
    header, row = rejected[0][2:], rejected[1][2:]
    row[header.index("Which council area do you live in?")] = "Alpha Borough"
    fixed = tmp_path / "fixed.csv"
    with fixed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, row])
    again = cli(
        "import", "responses", "--survey", "mini-survey", str(fixed),
        "--mapping", str(IMPORTS / "google-forms-mapping.yaml"),
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    assert stored_responses(cli.url)[-1]["answers"]["why"] == comment
