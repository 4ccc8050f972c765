"""The plan update in the council's own table shape (issue 14, Export): a plan imported from the
operations plan workbook is exported with the workbook's headers in their order, each filled
from the field it was read into, with a heading row per priority; a plan loaded from YAML keeps
the fixed columns."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from openpyxl import load_workbook

from analysis.periods import period_containing
from survey.intake.plan_import import preview_import, save_import
from survey.officers import plan_update
from survey.officers.plan_editing import ReviewInput, record_review
from tests.support.paths import DATA
from tests.support.plan_tables import OPS_HEADERS

REVIEW = ReviewInput(dt.date(2026, 11, 30), "amber", "In progress", "Framework agreed.")


def imported_operations_plan(session: Any) -> plan_update.PlanUpdate:
    name = "send-operations-2017-18.xlsx"
    preview = preview_import(session, (DATA / "plans" / name).read_bytes(), name)
    assert preview.can_save, preview.problems
    save_import(session, preview, "officer@example.gov.uk", as_new=True)
    record_review(session, preview.slug, "1.1", REVIEW, "officer@example.gov.uk")
    session.flush()
    period = period_containing("month", dt.date.today())
    return plan_update.build_plan_update(session, preview.slug, period)


def test_the_docx_has_the_workbooks_headers_priority_headings_and_the_review(
    loaded: Any,
) -> None:
    update = imported_operations_plan(loaded)
    document = Document(io.BytesIO(plan_update.render_docx(update)))
    actions = document.tables[0]
    assert [c.text for c in actions.rows[0].cells] == OPS_HEADERS
    heading = {c.text for c in actions.rows[1].cells}
    assert len(heading) == 1 and heading.pop().startswith("Priority 1")
    row = dict(zip(OPS_HEADERS, (c.text for c in actions.rows[2].cells), strict=True))
    assert row["Reference"] == "1.1"
    assert row["Review Impact (RAG)"].splitlines() == [
        "In progress (Amber)",
        "Framework agreed.",
        "Reviewed on 30 November 2026",
    ]
    codes = [line.split(":")[0] for line in row["Success Measures"].splitlines()]
    assert codes and all(":" in line for line in row["Success Measures"].splitlines())
    assert codes == [m.strip() for m in update.actions[0].measures.split(",")]


def test_the_xlsx_has_the_workbooks_headers_and_keeps_text_from_running_as_a_formula(
    loaded: Any,
) -> None:
    update = imported_operations_plan(loaded)
    name = "send-operations-2017-18.xlsx"
    preview = preview_import(loaded, (DATA / "plans" / name).read_bytes(), name)
    record_review(
        loaded,
        preview.slug,
        "1.1",
        ReviewInput(dt.date(2026, 12, 1), "green", '=HYPERLINK("http://x")', None),
        "officer@example.gov.uk",
    )
    loaded.flush()
    update = plan_update.build_plan_update(loaded, preview.slug, update.period)
    sheet = load_workbook(io.BytesIO(plan_update.render_xlsx(update)))["Actions"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert list(rows[0]) == OPS_HEADERS
    assert str(rows[1][0]).startswith("Priority 1")
    first = dict(zip(OPS_HEADERS, rows[2], strict=True))
    assert first["Reference"] == "1.1"
    assert first["Review Impact (RAG)"] == (
        '=HYPERLINK("http://x") (Green)\nReviewed on 1 December 2026'
    )
    assert sheet.cell(row=5, column=len(OPS_HEADERS)).data_type == "s"


def test_a_plan_loaded_from_yaml_keeps_the_fixed_columns(loaded: Any) -> None:
    period = period_containing("month", dt.date.today())
    update = plan_update.build_plan_update(loaded, "mini-plan", period)
    assert update.columns is None
    document = Document(io.BytesIO(plan_update.render_docx(update)))
    assert [c.text for c in document.tables[0].rows[0].cells] == list(plan_update.ACTION_COLUMNS)
    sheet = load_workbook(io.BytesIO(plan_update.render_xlsx(update)))["Actions"]
    assert [c.value for c in sheet[3]] == list(plan_update.ACTION_COLUMNS)


def test_columns_read_into_one_field_get_back_their_own_part(loaded: Any) -> None:
    name = "newcastle-send-action-plan-2010-13.docx"
    preview = preview_import(loaded, (DATA / "plans" / name).read_bytes(), name)
    save_import(loaded, preview, "officer@example.gov.uk", as_new=True)
    loaded.flush()
    period = period_containing("month", dt.date.today())
    update = plan_update.build_plan_update(loaded, preview.slug, period)
    document = Document(io.BytesIO(plan_update.render_docx(update)))
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header == [h for h in preview.headers() if preview.mapping.columns.get(h)]
    rows = [
        dict(zip(header, (c.text for c in r.cells), strict=True)) for r in document.tables[0].rows
    ]
    action = next(r for r in rows[1:] if r["Action"] and r["Action"] != r["Objective"])
    for column in ("Cost", "Link to ECM outcomes and other strategies", "Review date"):
        assert f"{column}:" not in action[column]
