"""Plan tables built in tests: a plan YAML written out as the council's own Excel or Word table
(the operations plan's columns), to import and compare with what ``plan load`` stores."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import yaml

OPS_COLUMNS = (
    ("Priority", None),
    ("Reference", "ref"),
    ("Delivery Objectives", "objective"),
    ("Task and Finish Group", "group"),
    ("Lead", "lead"),
    ("Group members", "members"),
    ("Success Measures", "measures"),
    ("Monitoring and Evaluation", "monitoring"),
    ("Timeframe", "timeframe"),
    ("Review Impact (RAG)", "review"),
)
# The operations plan workbook's header row (tests/data/plans/send-operations-2017-18.xlsx), as
# tests expect to read it back from the file and from the plan update exported in its shape.
OPS_HEADERS = [header for header, _field in OPS_COLUMNS]


def plan_rows(path: Path) -> tuple[dict[str, Any], list[list[Any]]]:
    """The plan (as plain YAML data) and its rows: a title row, the header, and for each
    priority a heading row then one row per action, measures written "1.F: statement"."""
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    statements = {m["code"]: m["statement"] for m in plan["measures"]}
    rows: list[list[Any]] = [[plan["title"]], [header for header, _key in OPS_COLUMNS]]
    for priority in plan["priorities"]:
        rows.append([f"Priority {priority['number']}: {priority['title']}"])
        for action in priority["actions"]:
            row: list[Any] = []
            for _header, key in OPS_COLUMNS:
                if key is None:
                    row.append(priority["number"])
                elif key == "measures":
                    row.append(
                        "\n".join(f"{c}: {statements[c]}" for c in action.get("measures", []))
                        or None
                    )
                elif key == "review":
                    review = action.get("review") or {}
                    status, note = review.get("status", "none"), review.get("note")
                    if status != "none":
                        row.append(f"{status.capitalize()} - {note}" if note else status)
                    else:
                        row.append(note)
                else:
                    row.append(action.get(key))
            rows.append(row)
    return plan, rows


def plan_xlsx(path: Path) -> bytes:
    """The plan at ``path`` as an Excel workbook, headings merged across the table."""
    _plan, rows = plan_rows(path)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Implementation plan"
    width = len(OPS_COLUMNS)
    for number, row in enumerate(rows, start=1):
        sheet.append(row)
        if len(row) == 1:
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
