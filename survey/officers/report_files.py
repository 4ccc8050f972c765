"""The monthly report as files: HTML (prints well), XLSX and CSV, all from one built
:class:`~survey.officers.reports.MonthlyReport`, so all three are suppressed alike."""

from __future__ import annotations

import csv
import io
from typing import Any

from jinja2 import Environment
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from analysis.charts import trend_svg
from survey.domain.spreadsheet_cells import could_start_formula, formula_safe
from survey.officers.reports import MeasureInReport, MonthlyReport

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


def render(
    report: MonthlyReport,
    fmt: str,
    templates: Environment | None = None,
    council_name: str = "",
) -> tuple[bytes, str]:
    """The report in ``fmt``; html needs the app's ``templates`` and the council's name."""
    if fmt == "html":
        if templates is None:
            raise ValueError("An HTML report needs the app's templates")
        return render_html(report, templates, council_name).encode("utf-8"), MIMETYPES["html"]
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


def render_html(report: MonthlyReport, templates: Environment, council_name: str) -> str:
    """A standalone page (styles inside) that prints well, from the app's templates."""
    return templates.get_template("reports/monthly.html").render(
        report=report,
        css=templates.get_template("reports/report.css").render(),
        council_name=council_name,
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
        writer.writerow(
            {k: formula_safe("" if row.get(k) is None else row.get(k)) for k in CSV_COLUMNS}
        )
    return out.getvalue()


def _append(sheet: Worksheet, values: list[Any]) -> None:
    """A row whose text can never run as a formula (a parent's comment, an officer's entry).

    openpyxl stores any text starting with "=" as a formula. Such text is stored as a string
    instead and marked with Excel's quote prefix (what typing a leading apostrophe does), so
    Excel and LibreOffice show it exactly as written and never evaluate it; numbers stay numbers.
    """
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and could_start_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def _sheet_title(text: str, used: set[str]) -> str:
    clean = "".join(c for c in text if c not in "[]:*?/\\")[:31] or "Sheet"
    title, n = clean, 2
    while title in used:
        title = f"{clean[:28]} {n}"
        n += 1
    used.add(title)
    return title


def render_xlsx(report: MonthlyReport) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for heading, title, items in report.by_priority():
        _priority_sheet(
            book.create_sheet(_sheet_title(heading, used)), report, heading, title, items
        )
    _notes_sheet(book, report, used)
    if report.you_said_we_did:
        sheet = book.create_sheet(_sheet_title("You said, we did", used))
        _append(sheet, ["You said", "We did", "Action", "Date"])
        for entry in report.you_said_we_did:
            _append(sheet, [entry.said, entry.did, entry.action_ref or "", entry.on])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _priority_sheet(
    sheet: Any, report: MonthlyReport, heading: str, title: str, items: list[MeasureInReport]
) -> None:
    """One priority's measures: a row each, the trend across, RAG coloured."""
    _append(sheet, [f"{heading}: {title}" if title else heading])
    sheet["A1"].font = Font(bold=True, size=14)
    _append(sheet, [f"{report.period.label}. Suppressed: counts below {report.threshold} hidden."])
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
    _append(sheet, header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for item in items:
        _append(sheet, _measure_row(item))
        rag_cell = sheet.cell(row=sheet.max_row, column=len(labels) + 7)
        fill = RAG_FILLS.get(item.row["rag"])
        if fill:
            rag_cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
            rag_cell.font = Font(bold=True, color="FFFFFFFF")
    sheet.column_dimensions["B"].width = 60
    for row_cells in sheet.iter_rows(min_row=4):
        row_cells[1].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C4"


def _measure_row(item: MeasureInReport) -> list[Any]:
    row = item.row
    ci = (
        f"{row['ci_low']:.0f} to {row['ci_high']:.0f}"
        if row["ci_low"] is not None and row["ci_high"] is not None
        else ""
    )
    meaningful = {True: "Yes", False: "No", None: ""}[row["change_meaningful"]]
    return [
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


def _cell(shown: str) -> Any:
    """Numbers stay numbers in Excel; suppressed cells keep their words."""
    text = shown.rstrip("%").replace(",", "")
    try:
        return float(text)
    except ValueError:
        return shown


def _notes_sheet(book: Any, report: MonthlyReport, used: set[str]) -> None:
    sheet = book.create_sheet(_sheet_title("Notes", used))
    _append(sheet, ["Notes on method and suppression"])
    _append(
        sheet,
        [
            f"Period: {report.period.label}, compared with {report.indicators.previous_period.label}."
        ],
    )
    _append(sheet, ["Method"])
    for note in METHOD_NOTES:
        _append(sheet, [note])
    _append(sheet, ["Suppression"])
    for note in suppression_notes(report.threshold):
        _append(sheet, [note])
    sheet.column_dimensions["A"].width = 120


# For the other files that leave the screen (the plan update): the same formula-safe row writer
# and number cells as the monthly report's workbook.
append_safe_row = _append
number_or_words = _cell
