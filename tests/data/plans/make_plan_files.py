"""Writes the plan tables the importer is tested on (run once; the files are committed), in the
councils' own table shapes, from the plans transcribed in examples/plans/ (each transcribed from
one of the project's seed documents; see README.md here for which and what was simplified):

- send-operations-2017-18.xlsx and tsp-hub-programme-2009-10.xlsx (Excel), and
- newcastle-send-action-plan-2010-13.docx and hertfordshire-send-strategy-workstreams.docx (Word),

each describing the same actions, measures and references as its YAML file, with the mess real
tables have: title rows above the table, a heading row per priority, a header repeated after a page
break, blank rows, cells merged over several rows (a priority, a measures cell several actions
share), measure codes inside cells written several ways ("1.F: ...", "1.A ...", a bare "2c" or
"1H"), several codes in one cell, and one name or line per paragraph.

Also bad-*.docx / bad-*.xlsx, one problem each, for the importer's error tests.

Run from the repository root: .venv/bin/python tests/data/plans/make_plan_files.py
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parents[2] / "examples" / "plans"

OPS_HEADER = [
    "Priority",
    "Reference",
    "Delivery Objectives",
    "Task and Finish Group",
    "Lead",
    "Group members",
    "Success Measures",
    "Monitoring and Evaluation",
    "Timeframe",
    "Review Impact (RAG)",
]
TSP_HEADER = [
    "Timescale",
    "Priority",
    "Ref",
    "Specific hub activities and support/materials provided by National Strategies",
    "Outcome measures/evidence",
]
NEWCASTLE_HEADER = [
    "Objective",
    "Action",
    "Timescale",
    "Responsible Officers",
    "Partners",
    "Cost",
    "Link to ECM outcomes and other strategies",
    "Impact on CYP will be measured by",
    "Review\ndate",
]
HERTS_HEADER = [
    "Workstream",
    "Lead & Representatives",
    "What will be done",
    "Outcomes",
    "Summary of Current Position",
]
RAG_FILL = {"red": "FF0000", "amber": "FFC000", "green": "00B050", "blue": "0070C0"}
# The operations plan writes two codes its own way in two cells (the YAML reads them as 2C, 1.H).
OWN_SPELLING = {("1.7", "2C"): "2c", ("4.14", "1.H"): "1H"}
NEWCASTLE_AIMS = {
    "1": "Improve outcomes for vulnerable groups of children and young people.",
    "2": "Ensure the early and timely identification of children and young peoples' needs.",
    "3": "Deliver services for children and young people in an inclusive way.",
    "4": "Ensure there is a range and choice of local, high quality accessible provision.",
    "5": "Provide services that are good value for money and match resource to defined need.",
}
MONITORING = re.compile(
    r"^Review date: (?P<review>.*?)\. Cost: (?P<cost>.*?)\. "
    r"Link to ECM outcomes and other strategies: (?P<links>.*)$"
)


def read(stem: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((EXAMPLES / f"{stem}.yaml").read_text("utf-8"))
    return loaded


def actions_of(plan: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(p, a) for p in plan["priorities"] for a in p["actions"]]


def runs(items: Sequence[Any], key: Callable[[Any], Any]) -> list[tuple[int, int]]:
    """(first, last) index of each run of consecutive items with the same key."""
    spans: list[tuple[int, int]] = []
    for index, item in enumerate(items):
        if spans and key(items[spans[-1][0]]) == key(item):
            spans[-1] = (spans[-1][0], index)
        else:
            spans.append((index, index))
    return spans


def review_text(action: dict[str, Any]) -> str:
    review = action.get("review") or {}
    status, note = str(review.get("status", "none")), review.get("note")
    if status == "none":
        return str(note or "")
    return f"{status.capitalize()}: {note}" if note else status.capitalize()


# --- Excel -------------------------------------------------------------------------------------


def _sheet_title(sheet: Worksheet, text: str, width: int) -> None:
    sheet.append([text])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=14)
    sheet.merge_cells(
        start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width
    )


def _blank_row(sheet: Worksheet) -> None:
    """An empty row that max_row counts (append([]) leaves no cell behind)."""
    sheet.cell(row=sheet.max_row + 1, column=1, value=None)


def _header(sheet: Worksheet, header: list[str]) -> None:
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")


def _heading_row(sheet: Worksheet, text: str, width: int) -> None:
    sheet.append([text])
    row = sheet.max_row
    sheet.cell(row=row, column=1).font = Font(bold=True)
    sheet.cell(row=row, column=1).fill = PatternFill("solid", fgColor="D9E1F2")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _merge_down(sheet: Worksheet, column: int, first_row: int, last_row: int) -> None:
    if last_row > first_row:
        sheet.merge_cells(
            start_row=first_row, start_column=column, end_row=last_row, end_column=column
        )


def _wrap(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def ops_measures_cell(ref: str, codes: list[str], statements: dict[str, str], nth: int) -> str:
    parts = []
    for code in codes:
        own = OWN_SPELLING.get((ref, code))
        if own:
            parts.append(own)  # stated in full elsewhere in the table
        elif nth % 2 == 0:
            parts.append(f"{code}: {statements[code]}")
        else:
            parts.append(f"{code} {statements[code]}")
    return ("\n" if nth % 3 == 2 else " ").join(parts)


def write_operations_plan(path: Path) -> None:
    plan = read("send-operations-2017-18")
    statements = {m["code"]: m["statement"] for m in plan["measures"]}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Implementation plan"
    width = len(OPS_HEADER)
    _sheet_title(
        sheet,
        "Strategy for SEN and SEND operations implementation plan April 2017 - March 2018",
        width,
    )
    _blank_row(sheet)
    _header(sheet, OPS_HEADER)
    nth = 0
    for priority in plan["priorities"]:
        number = str(priority["number"])
        if number == "3":  # the Word original repeats its header on every page
            _blank_row(sheet)
            _sheet_title(
                sheet,
                "Strategy for SEN and SEND operations implementation plan April 2017 - March 2018",
                width,
            )
            _header(sheet, OPS_HEADER)
        _heading_row(sheet, f"{number}. {priority['title']}", width)
        actions = priority["actions"]
        first_row = sheet.max_row + 1
        for index, action in enumerate(actions):
            codes = list(action.get("measures", []))
            shares_above = index > 0 and codes and codes == actions[index - 1].get("measures")
            measures = ""
            if codes and not shares_above:
                measures = ops_measures_cell(str(action["ref"]), codes, statements, nth)
                nth += 1
            sheet.append(
                [
                    number if index == 0 else None,
                    str(action["ref"]),
                    action["objective"],
                    action.get("group"),
                    action.get("lead"),
                    action.get("members"),
                    measures or None,
                    action.get("monitoring"),
                    action.get("timeframe"),
                    review_text(action) or None,
                ]
            )
            status = (action.get("review") or {}).get("status", "none")
            if status in RAG_FILL:
                sheet.cell(row=sheet.max_row, column=10).fill = PatternFill(
                    "solid", fgColor=RAG_FILL[status]
                )
        _merge_down(sheet, 1, first_row, sheet.max_row)
        for first, last in runs(actions, lambda a: tuple(a.get("measures", [])) or id(a)):
            _merge_down(sheet, 7, first_row + first, first_row + last)
        if number == "2":
            _blank_row(sheet)  # a blank row left between pages
    _wrap(sheet, [9, 10, 50, 22, 18, 30, 60, 50, 16, 30])
    book.save(path)


def write_hub_programme(path: Path) -> None:
    plan = read("tsp-hub-programme-2009-10")
    statements = {m["code"]: m["statement"] for m in plan["measures"]}
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    for line in (
        "Support for the Transition Support Programme",
        "SEN Regional Hubs 2009/10",
        "",
        "A programme of hub activity 2009/10 is outlined on the next sheet, setting out "
        "timescales, key priorities, activities and outcome measures.",
    ):
        cover.append([line])
    sheet = book.create_sheet("Programme 2009-10")
    width = len(TSP_HEADER)
    _sheet_title(sheet, "Hubs programme of support for TSP 2009/10", width)
    _header(sheet, TSP_HEADER)
    for priority in plan["priorities"]:
        actions = priority["actions"]
        first_row = sheet.max_row + 1
        for index, action in enumerate(actions):
            codes = action.get("measures", [])
            same = index > 0 and codes == actions[index - 1].get("measures")
            same_time = index > 0 and action.get("timeframe") == actions[index - 1].get("timeframe")
            sheet.append(
                [
                    None if same_time else action.get("timeframe"),
                    f"{priority['number']}. {priority['title']}" if index == 0 else None,
                    action["ref"],
                    action["objective"],
                    None if same else "\n".join(f"{c}: {statements[c]}" for c in codes),
                ]
            )
        _merge_down(sheet, 2, first_row, sheet.max_row)
        for first, last in runs(actions, lambda a: a.get("timeframe")):
            _merge_down(sheet, 1, first_row + first, first_row + last)
        for first, last in runs(actions, lambda a: tuple(a.get("measures", []))):
            _merge_down(sheet, 5, first_row + first, first_row + last)
        _blank_row(sheet)  # the programme leaves a blank row after each period
    _wrap(sheet, [18, 40, 10, 60, 60])
    book.save(path)


# --- Word --------------------------------------------------------------------------------------


def _landscape(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.styles["Normal"].font.size = Pt(9)


def _fill(cell: Any, lines: Sequence[str], style: str | None = None) -> None:
    """One paragraph per line; the cell's first (empty) paragraph takes the first."""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.text = line
        if style:
            paragraph.style = style


def _table(document: Any, header: list[str], rows: int) -> Any:
    table = document.add_table(rows=rows + 1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    return table


def _merge_runs(table: Any, column: int, spans: list[tuple[int, int]], offset: int = 1) -> None:
    for first, last in spans:
        if last > first:
            table.cell(first + offset, column).merge(table.cell(last + offset, column))


def coded(codes: Sequence[str], statements: dict[str, str]) -> list[str]:
    return [f"{code}: {statements[code]}" for code in codes]


def write_newcastle(path: Path) -> None:
    plan = read("newcastle-send-action-plan-2010-13")
    statements = {m["code"]: m["statement"] for m in plan["measures"]}
    document = Document()
    _landscape(document)
    document.add_paragraph("Item 6")
    document.add_heading(
        "Special Educational Needs and Disabilities (SEND) Draft Action Plan 2010 -2013", 1
    )
    rows = actions_of(plan)
    for aim, aim_text in NEWCASTLE_AIMS.items():
        mine = [(p, a) for p, a in rows if str(p["number"]).startswith(f"{aim}.")]
        document.add_paragraph(f"{aim}. AIM:").runs[0].bold = True
        document.add_paragraph(aim_text)
        document.add_paragraph("OBJECTIVES:").runs[0].bold = True
        for priority in plan["priorities"]:
            if str(priority["number"]).startswith(f"{aim}."):
                document.add_paragraph(f"{priority['number']}. {priority['title']}")
        header = list(NEWCASTLE_HEADER)
        if aim == "4":
            header[-1] = "Review date"  # one table of the five has it on one line
        blank_rows = 1 if aim == "1" else 0
        table = _table(document, header, len(mine) + blank_rows)
        parts = []
        for index, (priority, action) in enumerate(mine):
            found = MONITORING.match(action["monitoring"])
            assert found, action["ref"]
            parts.append(found)
            cells = table.rows[index + 1].cells
            above = mine[index - 1] if index else None
            if above is None or above[0] is not priority:
                _fill(cells[0], [f"{priority['number']}. {priority['title']}"])
            _fill(cells[1], [f"{action['ref']}. {action['objective']}"])
            _fill(cells[2], [str(action["timeframe"])])
            _fill(cells[3], [action["lead"]])
            _fill(cells[4], [action["members"]])
            _fill(cells[5], [found["cost"]])
        # Cells that span several actions: written once, at the top of the span.
        links = [found["links"] for found in parts]
        reviews = [found["review"] for found in parts]
        spans = {
            0: runs(mine, lambda pa: pa[0]["number"]),
            6: runs(links, str),
            7: runs(mine, lambda pa: tuple(pa[1]["measures"])),
            8: runs(reviews, str),
        }
        for first, _last in spans[6]:
            _fill(table.cell(first + 1, 6), [parts[first]["links"]])
        for first, _last in spans[7]:
            _fill(table.cell(first + 1, 7), coded(mine[first][1]["measures"], statements))
        for first, _last in spans[8]:
            _fill(table.cell(first + 1, 8), [parts[first]["review"]])
        for column, column_spans in spans.items():
            _merge_runs(table, column, column_spans)
        document.add_paragraph()
    document.add_heading("Glossary:", 2)
    for term, meaning in (
        ("SEND", "Special educational needs and disabilities"),
        ("ECM", "Every Child Matters"),
        ("CAF", "Common Assessment Framework"),
    ):
        document.add_paragraph(f"{term}: {meaning}")
    document.save(str(path))


def write_hertfordshire(path: Path) -> None:
    plan = read("hertfordshire-send-strategy-workstreams")
    statements = {m["code"]: m["statement"] for m in plan["measures"]}
    document = Document()
    _landscape(document)
    document.add_heading("Item 9 – HLN – Progress on SEND Strategy and Workstreams", 1)
    rows = actions_of(plan)
    table = _table(document, HERTS_HEADER, len(rows))
    for index, (priority, action) in enumerate(rows):
        cells = table.rows[index + 1].cells
        if index == 0 or rows[index - 1][0] is not priority:
            _fill(cells[0], [f"{priority['number']}. {priority['title']}"])
            _fill(cells[1], [action["members"]])
            _fill(cells[3], coded(action["measures"], statements), "List Bullet")
            _fill(cells[4], action["review"]["note"].split("\n"), "List Bullet")
        _fill(cells[2], [f"{action['ref']} {action['objective']}"], "List Bullet")
    spans = runs(rows, lambda pa: pa[0]["number"])
    for column in (0, 1, 3, 4):
        _merge_runs(table, column, spans)
    document.save(str(path))


# --- Bad files ---------------------------------------------------------------------------------


def _small_ops_sheet(header: list[str], rows: list[list[Any]]) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Implementation plan"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    return book


def write_bad_files(folder: Path) -> None:
    plan = read("send-operations-2017-18")
    statements = {m["code"]: m["statement"] for m in plan["measures"]}
    first_three = plan["priorities"][0]["actions"][:3]

    def ops_row(action: dict[str, Any]) -> list[Any]:
        return [
            "1",
            str(action["ref"]),
            action["objective"],
            action.get("group"),
            action.get("lead"),
            action.get("members"),
            " ".join(f"{c}: {statements[c]}" for c in action["measures"]),
            action.get("monitoring"),
            action.get("timeframe"),
            review_text(action) or None,
        ]

    # No table at all: the Devon update is prose and a list.
    document = Document()
    document.add_heading("Update on the SEND transformation programme.", 1)
    document.add_paragraph(
        "The Transformation Steering group is meeting monthly, with multi-agency involvement, "
        "to implement the transformation. Work is being progressed through the following "
        "workstreams:"
    )
    for line in (
        "Vision and strategy workstream",
        "Design workstream",
        "The Communications and Engagement workstream",
        "The Staff Reference Group",
    ):
        document.add_paragraph(line, style="List Number")
    document.save(str(folder / "bad-no-table.docx"))

    # The operations table without its Reference column.
    rows = [ops_row(a)[:1] + ops_row(a)[2:] for a in first_three]
    _small_ops_sheet(OPS_HEADER[:1] + OPS_HEADER[2:], rows).save(
        folder / "bad-no-reference-column.xlsx"
    )

    # References and a timeframe worked out by formulas (no cached values: nothing to read).
    rows = [ops_row(a) for a in first_three]
    rows[0][1] = "1.1"
    rows[1][1] = '="1."&(ROW()-1)'
    rows[2][1] = '="1."&(ROW()-1)'
    rows[2][8] = "=I2"
    _small_ops_sheet(OPS_HEADER, rows).save(folder / "bad-formula-cells.xlsx")

    # Row 3's success measures say what they measure but give no code.
    rows = [ops_row(a) for a in first_three]
    rows[1][6] = "Schools and parents are more confident in the SEND quality mark."
    _small_ops_sheet(OPS_HEADER, rows).save(folder / "bad-measure-without-code.xlsx")

    # Not a real encrypted workbook (no encryption library here): it starts as one does, with the
    # compound file signature Excel writes around an encrypted package, and names its streams.
    signature = bytes.fromhex("D0CF11E0A1B11AE1")
    names = "EncryptionInfo".encode("utf-16-le") + b"\0\0" + "EncryptedPackage".encode("utf-16-le")
    body = (signature + bytes(24) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00\x06\x00").ljust(512, b"\0")
    (folder / "bad-password-protected.xlsx").write_bytes(
        body + names.ljust(512, b"\0") + bytes(1024)
    )

    # A zip renamed to .xlsx: no workbook inside.
    with zipfile.ZipFile(folder / "bad-not-a-workbook.xlsx", "w") as archive:
        archive.writestr("notes.txt", "Minutes of the SEND board, not a plan.\n")


def main() -> None:
    write_operations_plan(HERE / "send-operations-2017-18.xlsx")
    write_hub_programme(HERE / "tsp-hub-programme-2009-10.xlsx")
    write_newcastle(HERE / "newcastle-send-action-plan-2010-13.docx")
    write_hertfordshire(HERE / "hertfordshire-send-strategy-workstreams.docx")
    write_bad_files(HERE)


if __name__ == "__main__":
    main()
