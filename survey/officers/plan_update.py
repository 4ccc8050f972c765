"""The plan update a SEND board takes each month: the plan's table (each action with its lead,
group, timeframe, measures, current review status and summary of current position) and each
measure's latest value, RAG and reason, as DOCX and XLSX.

Figures come from the indicator service, pooled and suppressed as the monthly report is (a file
leaves the officer's screen, so there is no exact view); rows are written by the monthly
report's formula-safe writer.

A plan imported from the council's own Word or Excel table is exported in that table's shape:
the council's headers in their order (columns mapped to nothing left out), each filled from the
field it was read into, with a heading row for each priority. A plan loaded from YAML (no
remembered mapping) gets the fixed columns.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from analysis.periods import Period
from analysis.suppression import DEFAULT_THRESHOLD
from storage.repositories import action_reviews, plan_import_mappings, plans
from storage.repositories.indicator_totals import EvidenceFilter
from survey.domain.errors import NotFound
from survey.domain.plan_tables import FIELDS, JOINABLE, header_key
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
    priority_title: str
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
    members: str = ""
    monitoring: str = ""
    measure_lines: str = ""  # "CODE: statement", one a line


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
    # The council's table shape (header, field) when the plan was imported, else None.
    columns: list[tuple[str, str]] | None = None

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
                    priority_title=priority.title,
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
                    members=action.members or "",
                    monitoring=action.monitoring or "",
                    measure_lines="\n".join(f"{m.code}: {m.statement}" for m in action.measures),
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
    columns = council_columns(plan_import_mappings.latest_mapping(session, slug))
    return PlanUpdate(plan.title, plan.organisation, period, threshold, actions, measures, columns)


def council_columns(mapping: dict[str, Any] | None) -> list[tuple[str, str]] | None:
    """The remembered mapping's headers in their order with the field each holds, leaving out
    columns mapped to nothing; None without a mapping (or one that maps nothing)."""
    if not mapping or not isinstance(mapping.get("columns"), dict):
        return None
    columns = [
        (header_key(str(header)), str(name))
        for header, name in mapping["columns"].items()
        if name in FIELDS
    ]
    return columns or None


@dataclass(frozen=True)
class _Row:
    values: list[str | dt.date | None]
    rag: str = ""
    rag_column: int | None = None  # 0-based
    date_column: int | None = None
    heading: bool = False


def _date_words(day: dt.date | None) -> str:
    return day.strftime("%-d %B %Y") if day else ""


def _action_table(update: PlanUpdate) -> tuple[list[str], list[_Row]]:
    """The actions table's headers and rows: the council's shape, else the fixed columns."""
    if update.columns is None:
        rows = [
            _Row(
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
                line.rag,
                8,
                10,
            )
            for line in update.actions
        ]
        return list(ACTION_COLUMNS), rows
    headers = [header for header, _name in update.columns]
    fields = [name for _header, name in update.columns]
    has_notes = "notes" in fields
    out: list[_Row] = []
    priority = None
    for line in update.actions:
        if line.priority != priority:
            priority = line.priority
            heading = f"Priority {line.priority}: {line.priority_title}"
            cells: list[str | dt.date | None] = [heading, *([""] * (len(headers) - 1))]
            out.append(_Row(cells, heading=True))
        values: list[str | dt.date | None] = []
        for header, name in update.columns:
            values.append(_field_text(line, name, header, headers, fields, has_notes))
        rag_column = fields.index("review") if "review" in fields else None
        out.append(_Row(values, line.rag, rag_column))
    return headers, out


def _field_text(
    line: ActionLine,
    name: str,
    header: str,
    headers: list[str],
    fields: list[str],
    has_notes: bool,
) -> str:
    if name == "review":
        rag = RAG_WORDS.get(line.rag, line.rag)
        status = line.status if line.status == rag else f"{line.status} ({rag})"
        parts = [status]
        if line.note and not has_notes:
            parts.append(line.note)
        if line.reviewed_on:
            parts.append(f"Reviewed on {_date_words(line.reviewed_on)}")
        return "\n".join(parts)
    text = {
        "ref": line.ref,
        "priority": line.priority,
        "objective": line.objective,
        "lead": line.lead,
        "group": line.group,
        "members": line.members,
        "timeframe": line.timeframe,
        "measures": line.measure_lines,
        "monitoring": line.monitoring,
        "notes": line.note,
    }[name]
    if name in JOINABLE and fields.count(name) > 1:
        return _own_part(
            text, header, [h for h, f in zip(headers, fields, strict=True) if f == name]
        )
    return text


def _own_part(text: str, header: str, siblings: list[str]) -> str:
    """A field read from several columns is kept as "Header: text." for each; this column's
    part of it (the whole text if the parts cannot be told apart)."""
    start = text.find(f"{header}: ")
    if start < 0:
        return "" if any(f"{h}: " in text for h in siblings) else text
    start += len(header) + 2
    ends = [text.find(f" {h}: ", start) for h in siblings if h != header]
    end = min([e for e in ends if e >= 0], default=len(text))
    return text[start:end].strip()


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
    headers, rows = _action_table(update)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headers, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        if row.heading:
            merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
            merged.text = str(row.values[0])
            for run in merged.paragraphs[0].runs:
                run.bold = True
            continue
        for cell, value in zip(cells, row.values, strict=True):
            cell.text = _date_words(value) if isinstance(value, dt.date) else (value or "")
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
    headers, rows = _action_table(update)
    append_safe_row(sheet, headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        append_safe_row(sheet, list(row.values))
        at = sheet.max_row
        if row.heading:
            sheet.cell(row=at, column=1).font = Font(bold=True)
            if len(headers) > 1:
                sheet.merge_cells(start_row=at, start_column=1, end_row=at, end_column=len(headers))
            continue
        if row.rag_column is not None:
            _fill(sheet.cell(row=at, column=row.rag_column + 1), row.rag)
        if row.date_column is not None:
            sheet.cell(row=at, column=row.date_column + 1).number_format = "d mmm yyyy"
    if update.columns is None:
        for column, width in (("C", 50), ("J", 60)):
            sheet.column_dimensions[column].width = width
        wrapped: tuple[int, ...] = (2, 9)
        sheet.freeze_panes = "C4"
    else:
        for position, (_header, name) in enumerate(update.columns):
            wide = name in {"objective", "measures", "monitoring", "review", "notes", "members"}
            sheet.column_dimensions[get_column_letter(position + 1)].width = 40 if wide else 16
        wrapped = tuple(range(len(headers)))
        sheet.freeze_panes = "A4"
    for row_cells in sheet.iter_rows(min_row=4):
        for index in wrapped:
            row_cells[index].alignment = Alignment(wrap_text=True, vertical="top")

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
