"""The monthly report files, opened and read back: the workbook with openpyxl, the HTML with the
page checker, the CSV with the csv module; all suppressed, all from one computation."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from openpyxl import load_workbook

from analysis.periods import parse_period
from survey.officers.report_files import render
from survey.officers.reports import build_report
from survey.officers.you_said_we_did import ReportEntry
from tests.pages import Page, check_page
from tests.support.factories import respond, seed_evidence

OCTOBER = parse_period("2026-10")


class Downloaded:
    """Wrap bytes as a response so the page checker can read a standalone HTML file."""

    def __init__(self, body: bytes) -> None:
        self.status_code = 200
        self.mimetype = "text/html"
        self._body = body

    def get_data(self, as_text: bool = False) -> Any:
        return self._body.decode("utf-8") if as_text else self._body


def test_the_workbook_has_a_sheet_per_priority_rag_colours_and_notes(loaded: Any, app: Any) -> None:
    seed_evidence(loaded)
    with app.app_context():
        body, mimetype = render(build_report(loaded, OCTOBER), "xlsx")
    assert mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["Priority 1", "Priority 2", "Other measures", "Notes"]
    priority = book["Priority 2"]
    header = [cell.value for cell in priority[3]]
    assert (
        header[:2] == ["Code", "Measure"] and header[2] == "Nov 2025" and header[13] == "Oct 2026"
    )
    row = [cell.value for cell in priority[4]]
    assert row[0] == "2A" and row[13] == 80 and row[12] == 50
    rag = priority.cell(row=4, column=header.index("RAG") + 1)
    assert rag.value == "Green" and rag.fill.start_color.rgb == "FF00703C"
    assert row[header.index("Reason")] == "Green: 80% positive (n=30, 95% CI 63-90%), target 80%"
    notes = " ".join(str(c.value) for c in book["Notes"]["A"])
    assert "Wilson" in notes and "secondary suppression" in notes


def test_small_numbers_never_reach_the_workbook_or_csv(loaded: Any, app: Any) -> None:
    for i in range(6):
        respond(loaded, dt.date(2026, 10, 2 + i), agree=i > 0)
    with app.app_context():
        report = build_report(loaded, OCTOBER)
        book = load_workbook(io.BytesIO(render(report, "xlsx")[0]))
        text = render(report, "csv")[0].decode("utf-8-sig")
    cells = [str(c.value) for row in book["Priority 2"].iter_rows() for c in row]
    assert not any("83" in c for c in cells)
    assert "hidden: small numbers" in cells
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["code"] == "2A")
    assert row["value"] == "" and row["suppressed"] == "True" and "83" not in text


def test_the_html_report_is_a_valid_page_that_prints(
    loaded: Any, app: Any, monkeypatch: Any
) -> None:
    seed_evidence(loaded)
    monkeypatch.setattr(
        "survey.officers.reports.report_entries",
        lambda _session, period: (
            [ReportEntry("Nobody called back", "A named caseworker for every family", "2.5")]
            if period.key == "2026-10"
            else []
        ),
    )
    with app.app_context():
        report = build_report(loaded, OCTOBER)
        body, _mimetype = render(report, "html", app.jinja_env, app.config["COUNCIL_NAME"])
    page = Page(Downloaded(body))
    check_page(page)
    assert page.h1 == "SEND outcome measures: October 2026"
    assert "@media print" in page.html
    assert "80% (95% CI 63% to 90%), n = 30" in page.text
    assert "A named caseworker for every family" in page.text
    assert page.select("svg[role=img] desc")


def test_the_csv_has_one_row_per_measure_with_reasons(loaded: Any, app: Any) -> None:
    seed_evidence(loaded)
    with app.app_context():
        text = render(build_report(loaded, OCTOBER), "csv")[0].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["code"] for r in rows] == ["1.G", "2A", "TSP-A"]
    info = rows[1]
    assert (info["value"], info["n_shown"], info["rag"]) == ("80.0", "30", "Green")
    assert info["change_meaningful"] == "True"


def test_yousaid_report_writes_the_file(
    make_app: Any, loaded: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from survey import cli

    seed_evidence(loaded)
    loaded.commit()

    def app_on_test_database(_config: Any = None) -> Any:
        return make_app(SECRET_KEY="test")

    monkeypatch.setattr("survey.web.app.create_app", app_on_test_database)
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(
        cli.main, ["report", "--period", "2026-10", "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote the October 2026 report" in result.output
    assert load_workbook(out).sheetnames[-1] == "Notes"
    bad = CliRunner().invoke(
        cli.main, ["report", "--period", "Octember", "--format", "csv", "--out", str(out)]
    )
    assert bad.exit_code == 1 and "Write the period as a month" in bad.output


HOSTILE_COMMENT = "=cmd|' /C calc'!A0 the panel never called me back"
HOSTILE_ENTRY = '=HYPERLINK("http://evil.example/steal","Open the plan")'


def _hostile_report(loaded: Any, monkeypatch: Any) -> Any:
    seed_evidence(loaded)
    for day in range(1, 8):
        respond(loaded, dt.date(2026, 10, 10 + day), agree=False, why=HOSTILE_COMMENT)
    monkeypatch.setattr(
        "survey.officers.reports.report_entries",
        lambda _session, period: [ReportEntry(HOSTILE_ENTRY, "-1 waiting days", "2.5")],
    )
    return build_report(loaded, OCTOBER)


def test_no_text_in_the_csv_can_run_as_a_formula(loaded: Any, app: Any, monkeypatch: Any) -> None:
    # OWASP CSV injection: a parent's comment opened in Excel must stay a comment.
    with app.app_context():
        text = render(_hostile_report(loaded, monkeypatch), "csv")[0].decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert any(HOSTILE_COMMENT in cell for cell in cells), "the comment should be quoted"
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    assert f"'{HOSTILE_COMMENT}" in text or "'=cmd" in text
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["code"] == "2A")
    assert float(row["n_shown"]) > 0  # numbers are still numbers


def test_no_text_in_the_workbook_is_a_formula_and_it_reads_as_written(
    loaded: Any, app: Any, monkeypatch: Any
) -> None:
    with app.app_context():
        body = render(_hostile_report(loaded, monkeypatch), "xlsx")[0]
    book = load_workbook(io.BytesIO(body))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    entry = next(c for c in cells if c.value == HOSTILE_ENTRY)
    assert entry.data_type == "s" and entry.quotePrefix
    assert any(isinstance(c.value, str) and HOSTILE_COMMENT in c.value for c in cells)
    said = next(c for c in cells if c.value == "-1 waiting days")
    assert said.quotePrefix
    assert any(isinstance(c.value, float | int) and not isinstance(c.value, bool) for c in cells)
