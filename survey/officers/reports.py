"""The monthly data report for the SEND board, as HTML (prints well), XLSX and CSV.

All three come from one :func:`build_report` over one indicator computation, and all three are
suppressed: a report is something that leaves the officer's screen.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from analysis.charts import trend_svg
from analysis.periods import Period
from analysis.suppression import DEFAULT_THRESHOLD
from storage.repositories.indicator_totals import EvidenceFilter, list_linked_texts
from survey.officers.indicator_service import (
    IndicatorReport,
    MeasureResult,
    as_dict,
    compute_indicators,
    published,
    short_label,
)

REPORT_FORMATS = ("html", "xlsx", "csv")
MIMETYPES = {
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
RAG_FILLS = {"red": "FFD4351C", "amber": "FFF47738", "green": "FF00703C", "blue": "FF1D70B8"}
RAG_WORDS = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "blue": "Complete",
    "none": "Not rated",
}
METHOD_NOTES = (
    "Each measure is computed from the evidence linked to it (or to an action that serves it); "
    "links an officer rejected are left out.",
    "Rates are the share of positive answers among those who answered the question, with a 95% "
    "Wilson score interval.",
    "A change from the previous period is called real only when a two-proportion z-test (rates) or "
    "a z-test on two means (scores, sentiment) gives p < 0.05. Below the measure's minimum number "
    "of responses the report says there are too few responses to tell.",
    "RAG: green when the target is met, amber within the tolerance of it (a tenth of the target "
    "when the plan gives none), red beyond it. Measures without a target, without evidence, or "
    "with too few responses are not rated.",
    "Sentiment is scored from -1 (negative) to +1 (positive) when the text is received.",
    "Quotes have personal details (names, contact details, dates of birth) removed.",
)


def suppression_notes(threshold: int) -> tuple[str, ...]:
    return (
        f"Counts from 1 to {threshold - 1} are shown as 'fewer than {threshold}'; "
        "percentages, means and changes built on them are hidden.",
        "Where a hidden count could be worked out from a total, a second count is hidden too "
        "(secondary suppression, as NHS England does for the Friends and Family Test).",
        "Themes and quotes are given only when at least "
        f"{threshold} comments are linked to a measure in the period.",
    )


# --- the "you said, we did" hook -----------------------------------------------------------------


@dataclass(frozen=True)
class YouSaidWeDid:
    """A change made because of what people said, reported in the month it happened."""

    said: str
    did: str
    action_ref: str | None = None
    on: dt.date | None = None


YouSaidWeDidSource = Callable[[Session, Period], list[YouSaidWeDid]]
_you_said_we_did_sources: list[YouSaidWeDidSource] = []


def register_you_said_we_did(source: YouSaidWeDidSource) -> None:
    """Hook for the "you said, we did" issue: its entries for a period appear in every report."""
    if source not in _you_said_we_did_sources:
        _you_said_we_did_sources.append(source)


def you_said_we_did_for(session: Session, period: Period) -> list[YouSaidWeDid]:
    entries: list[YouSaidWeDid] = []
    for source in _you_said_we_did_sources:
        entries.extend(source(session, period))
    return entries


def _published_you_said_we_did(session: Session, period: Period) -> list[YouSaidWeDid]:
    from survey.officers.you_said_we_did import report_entries

    return report_entries(session, period)


register_you_said_we_did(_published_you_said_we_did)


# --- building ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureInReport:
    result: MeasureResult
    row: dict[str, Any]  # as_dict(): suppressed
    trend: list[tuple[str, str]]  # (period label, value as published)
    themes: list[tuple[str, int]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MonthlyReport:
    indicators: IndicatorReport
    measures: list[MeasureInReport]
    you_said_we_did: list[YouSaidWeDid]
    threshold: int

    @property
    def period(self) -> Period:
        return self.indicators.period

    def by_priority(self) -> list[tuple[str, str, list[MeasureInReport]]]:
        lookup = {id(m.result): m for m in self.measures}
        return [
            (heading, title, [lookup[id(r)] for r in results])
            for heading, title, results in self.indicators.by_priority()
        ]


def _published_trend(result: MeasureResult, threshold: int) -> list[tuple[str, str]]:
    return [
        (short_label(point.period), published(result.target, point.evaluation, threshold).shown)
        for point in result.trend
    ]


def _themes_and_quotes(
    session: Session, result: MeasureResult, where: EvidenceFilter, threshold: int
) -> tuple[list[tuple[str, int]], list[str]]:
    """Top themes and two quotes from the period's linked comments, when there are enough."""
    if not result.survey_based:
        return [], []
    texts = list_linked_texts(
        session, result.measure.id, result.period.start, result.period.end, where, limit=500
    )
    if len(texts) < threshold:
        return [], []
    try:
        from analysis.themes import ThemeItem, find_themes
    except ImportError:
        return [], []
    themes = find_themes([ThemeItem(t.text, t.sentiment, "current", t.reference) for t in texts])
    quotes = [quote for theme in themes for quote in theme.quotes]
    return [(t.label, t.count) for t in themes[:3]], list(dict.fromkeys(quotes))[:2]


def build_report(
    session: Session,
    period: Period,
    where: EvidenceFilter | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> MonthlyReport:
    where = where or EvidenceFilter()
    indicators = compute_indicators(session, period, where)
    measures = []
    for result in indicators.results:
        themes, quotes = _themes_and_quotes(session, result, where, threshold)
        measures.append(
            MeasureInReport(
                result=result,
                row=as_dict(result, threshold),
                trend=_published_trend(result, threshold),
                themes=themes,
                quotes=quotes,
            )
        )
    return MonthlyReport(indicators, measures, you_said_we_did_for(session, period), threshold)


# --- rendering -----------------------------------------------------------------------------------


def render(report: MonthlyReport, fmt: str) -> tuple[bytes, str]:
    """The report in ``fmt`` (html needs a Flask app context for its template)."""
    if fmt == "html":
        return render_html(report).encode("utf-8"), MIMETYPES["html"]
    if fmt == "xlsx":
        return render_xlsx(report), MIMETYPES["xlsx"]
    if fmt == "csv":
        return render_csv(report).encode("utf-8-sig"), MIMETYPES["csv"]  # BOM: Excel reads UTF-8
    raise ValueError(f"Choose a format from {', '.join(REPORT_FORMATS)}")


def chart_for(item: MeasureInReport, threshold: int) -> str:
    """The trend as a small SVG; suppressed periods are gaps, as in the table beside it."""
    result = item.result
    unit = "%" if result.target.kind == "rate" or result.target.unit == "percent" else ""
    return trend_svg(
        result.points(unsuppressed=False, threshold=threshold),
        f"report-chart-{result.measure.plan_slug}-{result.measure.code}".replace(".", "-"),
        f"{result.measure.code}: trend over {len(result.trend)} periods",
        unit=unit,
        target=result.target.target,
    )


def render_html(report: MonthlyReport) -> str:
    """A standalone page (styles inside) that prints well; needs an app, not a request."""
    from flask import current_app

    environment = current_app.jinja_env
    return environment.get_template("reports/monthly.html").render(
        report=report,
        css=environment.get_template("reports/report.css").render(),
        council_name=current_app.config["COUNCIL_NAME"],
        rag_words=RAG_WORDS,
        method_notes=METHOD_NOTES,
        suppression_notes=suppression_notes(report.threshold),
        chart_for=chart_for,
    )


def _csv_rows(report: MonthlyReport) -> list[dict[str, Any]]:
    rows = []
    for item in report.measures:
        row = dict(item.row)
        row["rag"] = RAG_WORDS.get(row["rag"], row["rag"])
        row["themes"] = "; ".join(f"{label} ({count})" for label, count in item.themes)
        row["quotes"] = " | ".join(item.quotes)
        rows.append(row)
    return rows


CSV_COLUMNS = (
    "plan",
    "priority",
    "code",
    "statement",
    "period",
    "value",
    "n_shown",
    "ci_low",
    "ci_high",
    "previous_value",
    "change",
    "change_meaningful",
    "change_words",
    "baseline",
    "baseline_period",
    "target",
    "direction",
    "rag",
    "reason",
    "suppressed",
    "context",
    "themes",
    "quotes",
)


def render_csv(report: MonthlyReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in _csv_rows(report):
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in CSV_COLUMNS})
    return out.getvalue()


def _sheet_title(text: str, used: set[str]) -> str:
    clean = "".join(c for c in text if c not in "[]:*?/\\")[:31] or "Sheet"
    title, n = clean, 2
    while title in used:
        title = f"{clean[:28]} {n}"
        n += 1
    used.add(title)
    return title


def render_xlsx(report: MonthlyReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for heading, title, items in report.by_priority():
        sheet = book.create_sheet(_sheet_title(heading, used))
        sheet.append([f"{heading}: {title}" if title else heading])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append(
            [f"{report.period.label}. Suppressed: counts below {report.threshold} hidden."]
        )
        labels = [label for label, _shown in items[0].trend] if items else []
        header = [
            "Code",
            "Measure",
            *labels,
            "n",
            "95% CI",
            "Change",
            "Real change?",
            "RAG",
            "Reason",
            "Top themes",
            "Quotes",
        ]
        sheet.append(header)
        for cell in sheet[3]:
            cell.font = bold
        for item in items:
            row = item.row
            ci = (
                f"{row['ci_low']:.0f} to {row['ci_high']:.0f}"
                if row["ci_low"] is not None and row["ci_high"] is not None
                else ""
            )
            meaningful = {True: "Yes", False: "No", None: ""}[row["change_meaningful"]]
            sheet.append(
                [
                    row["code"],
                    row["statement"],
                    *[_cell(s) for _l, s in item.trend],
                    row["n_shown"],
                    ci,
                    row["change_words"],
                    meaningful,
                    RAG_WORDS.get(row["rag"], row["rag"]),
                    row["reason"],
                    "; ".join(f"{label} ({count})" for label, count in item.themes),
                    "\n".join(item.quotes),
                ]
            )
            rag_cell = sheet.cell(row=sheet.max_row, column=len(labels) + 7)
            fill = RAG_FILLS.get(row["rag"])
            if fill:
                rag_cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
                rag_cell.font = Font(bold=True, color="FFFFFFFF")
        sheet.column_dimensions["B"].width = 60
        for row_cells in sheet.iter_rows(min_row=4):
            row_cells[1].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "C4"
    _notes_sheet(book, report, used)
    if report.you_said_we_did:
        sheet = book.create_sheet(_sheet_title("You said, we did", used))
        sheet.append(["You said", "We did", "Action", "Date"])
        for entry in report.you_said_we_did:
            sheet.append([entry.said, entry.did, entry.action_ref or "", entry.on])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(shown: str) -> Any:
    """Numbers stay numbers in Excel; suppressed cells keep their words."""
    text = shown.rstrip("%").replace(",", "")
    try:
        return float(text)
    except ValueError:
        return shown


def _notes_sheet(book: Any, report: MonthlyReport, used: set[str]) -> None:
    sheet = book.create_sheet(_sheet_title("Notes", used))
    sheet.append(["Notes on method and suppression"])
    sheet.append(
        [f"Period: {report.period.label}, compared with {report.indicators.previous_period.label}."]
    )
    sheet.append(["Method"])
    for note in METHOD_NOTES:
        sheet.append([note])
    sheet.append(["Suppression"])
    for note in suppression_notes(report.threshold):
        sheet.append([note])
    sheet.column_dimensions["A"].width = 120
