"""Writes ms-forms-mini.xlsx, laid out like a Microsoft Forms results workbook (run once; the
workbook is committed). Column order and types follow a real export: ID is a number, times are
Excel date-times, multiple answers are joined with ';' and end with one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HEADER = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "Last modified time",
    "Which council area do you live in?",
    "I was given the information I needed at the right time.",
    "Overall, how satisfied are you with the assessment?",
    "What could we have done better?",
    "Who helped you?",
    "When did you ask for the assessment?",
]
ROWS = [
    [
        1,
        dt.datetime(2025, 5, 6, 18, 1),
        dt.datetime(2025, 5, 6, 18, 4),
        "anonymous",
        None,
        None,
        "Alpha",
        "Agree",
        "Satisfied",
        None,
        "The school SENCO;SENDIASS;",
        dt.datetime(2025, 1, 14),
    ],
    [
        2,
        dt.datetime(2025, 5, 6, 18, 3),
        dt.datetime(2025, 5, 6, 18, 9),
        "anonymous",
        None,
        None,
        "Beta",
        "Disagree",
        "Dissatisfied",
        "Too many forms to fill in.",
        "None of these;",
        None,
    ],
    [
        3,
        dt.datetime(2025, 5, 6, 18, 5),
        dt.datetime(2025, 5, 6, 18, 8),
        "anonymous",
        None,
        None,
        "Gamma City",
        "Strongly agree",
        "Very satisfied",
        None,
        "SENDIASS;",
        None,
    ],
]


def main() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    workbook.save(Path(__file__).with_name("ms-forms-mini.xlsx"))


if __name__ == "__main__":
    main()
