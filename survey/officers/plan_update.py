"""The plan update a SEND board takes each month: the plan's table (each action with its lead,
group, timeframe, measures, current review status and summary of current position) and each
measure's latest value, RAG and reason, as DOCX and XLSX.

Figures come from the indicator service, pooled and suppressed as the monthly report is (a file
leaves the officer's screen, so there is no exact view); rows are written by the monthly
report's formula-safe writer.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from sqlalchemy.orm import Session

from analysis.periods import Period
from analysis.suppression import DEFAULT_THRESHOLD
from storage.repositories import action_reviews, plans
from storage.repositories.indicator_totals import EvidenceFilter
from survey.domain.errors import NotFound
from survey.officers.indicator_service import compute_indicators, published
from survey.officers.report_files import RAG_FILLS, RAG_WORDS, append_safe_row, number_or_words

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTION_COLUMNS = (
    "Priority",
    "Reference",
    "Action",
    "Lead",
    "Task and finish group",
    "Timeframe",
    "Success measures",
    "Review status",
    "RAG",
    "Summary of current position",
    "Reviewed on",
)
MEASURE_COLUMNS = ("Code", "Measure", "Target", "Latest value", "RAG", "Reason")


@dataclass(frozen=True)
class ActionLine:
    priority: str
    ref: str
    objective: str
    lead: str
    group: str
    timeframe: str
    measures: str
    status: str
    rag: str
    note: str
    reviewed_on: dt.date | None


@dataclass(frozen=True)
class MeasureLine:
    code: str
    statement: str
    target: float | None
    shown: str  # the value as published, or why it is hidden
    rag: str
    reason: str


@dataclass(frozen=True)
class PlanUpdate:
    title: str
    organisation: str | None
    period: Period
    threshold: int
    actions: list[ActionLine]
    measures: list[MeasureLine]

    @property
    def file_stem(self) -> str:
        return f"plan-update-{self.period.key}"


def build_plan_update(
    session: Session,
    slug: str,
    period: Period,
    where: EvidenceFilter | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> PlanUpdate:
    plan = plans.get_plan_by_slug(session, slug)
    if plan is None:
        raise NotFound(f"There is no plan {slug}", field="plan")
    latest = action_reviews.latest_by_action(session, plan.id)
    actions = []
    for priority in plan.priorities:
        for action in priority.actions:
            review = latest.get(action.id)
            rag = review.rag.value if review else action.review_status.value
            actions.append(
                ActionLine(
                    priority=priority.number,
                    ref=action.ref,
                    objective=action.objective,
                    lead=action.lead or "",
                    group=action.group_name or "",
                    timeframe=action.timeframe or "",
                    measures=", ".join(m.code for m in action.measures),
                    status=review.status_label if review else RAG_WORDS[rag],
                    rag=rag,
                    note=(review.note if review else action.review_note) or "",
                    reviewed_on=review.reviewed_on if review else None,
                )
            )
    report = compute_indicators(
        session, period, where or EvidenceFilter(), plan_slug=slug, pooled_threshold=threshold
    )
    measures = []
    for result in report.results:
        shown = published(result.target, result.current, threshold)
        measures.append(
            MeasureLine(
                code=result.measure.code,
                statement=result.measure.statement,
                target=result.measure.target,
                shown=shown.shown,
                rag=result.current.rag,
                reason=shown.reason,
            )
        )
    return PlanUpdate(plan.title, plan.organisation, period, threshold, actions, measures)


def _caption(update: PlanUpdate) -> str:
    return (
        f"Plan update for {update.period.label}. Figures with fewer than {update.threshold} "
        "responses behind them are hidden."
    )


def render_docx(update: PlanUpdate) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(update.title, level=1)
    document.add_paragraph(_caption(update))
    document.add_heading("Actions", level=2)
    table = document.add_table(rows=1, cols=len(ACTION_COLUMNS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, ACTION_COLUMNS, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for line in update.actions:
        values = [
            line.priority,
            line.ref,
            line.objective,
            line.lead,
            line.group,
            line.timeframe,
            line.measures,
            line.status,
            RAG_WORDS.get(line.rag, line.rag),
            line.note,
            line.reviewed_on.strftime("%-d %B %Y") if line.reviewed_on else "",
        ]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    document.add_heading("Outcome measures", level=2)
    table = document.add_table(rows=1, cols=len(MEASURE_COLUMNS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, MEASURE_COLUMNS, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for m in update.measures:
        values = [
            m.code,
            m.statement,
            "" if m.target is None else f"{m.target:g}",
            m.shown,
            RAG_WORDS.get(m.rag, m.rag),
            m.reason,
        ]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_xlsx(update: PlanUpdate) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    append_safe_row(sheet, [update.title])
    sheet["A1"].font = Font(bold=True, size=14)
    append_safe_row(sheet, [_caption(update)])
    append_safe_row(sheet, list(ACTION_COLUMNS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for line in update.actions:
        append_safe_row(
            sheet,
            [
                line.priority,
                line.ref,
                line.objective,
                line.lead,
                line.group,
                line.timeframe,
                line.measures,
                line.status,
                RAG_WORDS.get(line.rag, line.rag),
                line.note,
                line.reviewed_on,
            ],
        )
        _fill(sheet.cell(row=sheet.max_row, column=9), line.rag)
        sheet.cell(row=sheet.max_row, column=11).number_format = "d mmm yyyy"
    for column, width in (("C", 50), ("J", 60)):
        sheet.column_dimensions[column].width = width
    for row_cells in sheet.iter_rows(min_row=4):
        for index in (2, 9):
            row_cells[index].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C4"

    measures = book.create_sheet("Outcome measures")
    append_safe_row(measures, [f"{update.title}: outcome measures"])
    measures["A1"].font = Font(bold=True, size=14)
    append_safe_row(measures, [_caption(update)])
    append_safe_row(measures, list(MEASURE_COLUMNS))
    for cell in measures[3]:
        cell.font = Font(bold=True)
    for m in update.measures:
        append_safe_row(
            measures,
            [
                m.code,
                m.statement,
                m.target,
                number_or_words(m.shown),
                RAG_WORDS.get(m.rag, m.rag),
                m.reason,
            ],
        )
        _fill(measures.cell(row=measures.max_row, column=5), m.rag)
    measures.column_dimensions["B"].width = 60
    measures.column_dimensions["F"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(cell: object, rag: str) -> None:
    colour = RAG_FILLS.get(rag)
    if colour:
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)  # type: ignore[attr-defined]
        cell.font = Font(bold=True, color="FFFFFFFF")  # type: ignore[attr-defined]
