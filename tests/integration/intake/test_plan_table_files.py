"""The plan tables in tests/data/plans/ (written by make_plan_files.py) keep the contract their
README states for the importer's tests: the council's column headers, every reference of the
matching examples/plans/ file and no other, and one problem in each bad file."""

from __future__ import annotations

import re
import zipfile
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from survey.domain.plan_definitions import load_plan_file
from tests.conftest import EXAMPLES
from tests.support.paths import DATA
from tests.support.plan_tables import OPS_HEADERS

TABLES = DATA / "plans"
TSP = [
    "Timescale",
    "Priority",
    "Ref",
    "Specific hub activities and support/materials provided by National Strategies",
    "Outcome measures/evidence",
]
NEWCASTLE = [
    "Objective",
    "Action",
    "Timescale",
    "Responsible Officers",
    "Partners",
    "Cost",
    "Link to ECM outcomes and other strategies",
    "Impact on CYP will be measured by",
    "Review date",
]
HERTS = [
    "Workstream",
    "Lead & Representatives",
    "What will be done",
    "Outcomes",
    "Summary of Current Position",
]


def refs_of(stem: str) -> list[str]:
    return [a.ref for a in load_plan_file(EXAMPLES / "plans" / f"{stem}.yaml").actions]


def sheet_rows(name: str, sheet: str) -> list[list[Any]]:
    book = load_workbook(TABLES / name)
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


def word_tables(name: str) -> list[list[list[str]]]:
    document = Document(str(TABLES / name))
    return [
        [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]
        for table in document.tables
    ]


@pytest.mark.parametrize(
    ("name", "sheet", "header", "ref_column"),
    [
        ("send-operations-2017-18.xlsx", "Implementation plan", OPS_HEADERS, 1),
        ("tsp-hub-programme-2009-10.xlsx", "Programme 2009-10", TSP, 2),
    ],
)
def test_each_workbook_has_the_plans_columns_and_references(
    name: str, sheet: str, header: list[str], ref_column: int
) -> None:
    rows = sheet_rows(name, sheet)
    headers = [index for index, row in enumerate(rows) if row == header]
    after = rows[headers[0] + 1 :]
    refs = [row[ref_column] for row in after if row[ref_column] not in (None, header[ref_column])]

    assert refs == refs_of(name.removesuffix(".xlsx"))
    assert any(all(value is None for value in row) for row in after), "a blank row"


@pytest.mark.parametrize(
    ("name", "header", "ref_column", "tables"),
    [
        ("newcastle-send-action-plan-2010-13.docx", NEWCASTLE, 1, 5),
        ("hertfordshire-send-strategy-workstreams.docx", HERTS, 2, 1),
    ],
)
def test_each_word_file_has_the_plans_columns_and_references(
    name: str, header: list[str], ref_column: int, tables: int
) -> None:
    found = word_tables(name)
    refs = [
        re.sub(r"\.$", "", row[ref_column].split()[0])
        for table in found
        for row in table[1:]
        if row[ref_column]
    ]

    assert len(found) == tables and all(table[0] == header for table in found)
    assert refs == refs_of(name.removesuffix(".docx"))


def test_the_measures_cells_write_codes_the_ways_the_plan_does() -> None:
    cells = [
        str(row[6]) for row in sheet_rows("send-operations-2017-18.xlsx", "Implementation plan")
    ]

    assert any(cell.startswith("1.F: Provision across the graduated response") for cell in cells)
    assert any(cell.startswith("2c 1.E") for cell in cells), "a bare, lower-case code"
    assert any(re.search(r"\b1H\b", cell) for cell in cells)


def test_each_bad_file_has_its_one_problem() -> None:
    assert Document(str(TABLES / "bad-no-table.docx")).tables == []
    header = sheet_rows("bad-no-reference-column.xlsx", "Implementation plan")[0]
    assert "Reference" not in header and "Delivery Objectives" in header
    formulas = sheet_rows("bad-formula-cells.xlsx", "Implementation plan")
    assert str(formulas[2][1]).startswith("=") and str(formulas[3][8]).startswith("=")
    coded = sheet_rows("bad-measure-without-code.xlsx", "Implementation plan")
    assert not re.match(r"\d\.?[A-Z]\b", str(coded[2][6])) and str(coded[1][6]).startswith("1.F:")
    protected = (TABLES / "bad-password-protected.xlsx").read_bytes()
    assert protected.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
    assert not zipfile.is_zipfile(TABLES / "bad-password-protected.xlsx")
    with zipfile.ZipFile(TABLES / "bad-not-a-workbook.xlsx") as archive:
        assert archive.namelist() == ["notes.txt"]
