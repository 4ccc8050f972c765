"""Reading plan tables from Word, Excel and CSV into a plan definition (issue 14, Import): the
tables are built here with python-docx and openpyxl, in the shapes the councils' plans have."""

from __future__ import annotations

import io
from typing import Any

import docx
import openpyxl
import pytest

from survey.domain.errors import DomainError
from survey.domain.plan_definitions import check_plan
from survey.domain.plan_tables import (
    check_mapping,
    measure_codes,
    priority_number,
    propose_mapping,
    read_plan_tables,
    review_cell,
)
from survey.intake.plan_files import file_kind, read_tables
from tests.support.plan_tables import OPS_HEADERS


def xlsx(rows: list[list[Any]], merges: tuple[str, ...] = (), title: str = "Plan") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def word(rows: list[list[str]], merge_down: tuple[int, int, int] | None = None) -> bytes:
    """A Word table; merge_down=(column, first row, last row) merges a column's cells."""
    document = docx.Document()
    document.add_paragraph("Draft action plan")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    if merge_down:
        column, first, last = merge_down
        table.cell(first, column).merge(table.cell(last, column))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def reading(data: bytes, slug: str = "ops") -> Any:
    _kind, tables = read_tables(data, "plan")
    result = read_plan_tables(tables, propose_mapping(tables), slug, "Operations plan")
    return result, check_plan(result.definition)


def test_the_operations_plan_shape_reads_codes_inside_cells_and_shares_merged_cells() -> None:
    data = xlsx(
        [
            ["Strategy for SEN and SEND operations implementation plan"],
            OPS_HEADERS,
            [
                1,
                "1.1",
                "To develop a monitoring framework.",
                "High Need Provision Review",
                "Andy Cooke",
                "Severn Teaching School",
                "1.F: Provision across the graduated response is mapped. "
                "1.G: Parents express an improved level of confidence.",
                "Provision mapped.",
                "September - December",
                "Amber - in progress",
            ],
            [1, "1.2", "To develop local leaders.", None, "Andy Cooke", None, None, None, None],
            [
                2,
                "2.1",
                "To refresh the Local Offer.",
                None,
                "Jo",
                None,
                "2A Parental feedback",
                None,
            ],
        ],
        merges=("G3:G4",),
    )
    result, plan = reading(data)
    assert [a.ref for a in plan.actions] == ["1.1", "1.2", "2.1"]
    assert [(m.code, m.statement) for m in plan.measures] == [
        ("1.F", "Provision across the graduated response is mapped."),
        ("1.G", "Parents express an improved level of confidence."),
        ("2A", "Parental feedback"),
    ]
    first, second, third = plan.actions
    assert first.measures == second.measures == ("1.F", "1.G")  # the merged measures cell
    assert third.measures == ("2A",)
    assert (first.group, first.lead, first.timeframe) == (
        "High Need Provision Review",
        "Andy Cooke",
        "September - December",
    )
    assert (first.review_status, first.review_note) == ("amber", "in progress")
    assert [p.number for p in plan.priorities] == ["1", "2"]
    assert result.warnings == []


def test_a_word_table_with_heading_rows_and_a_merged_measures_cell() -> None:
    data = word(
        [
            ["Reference", "What will be done", "Lead", "Outcomes", "Summary of current position"],
            ["Priority 1: Quality SEND offer"] * 5,
            ["Q.1", "Publish a core offer", "David", "Q.A: Schools know the offer", "On track"],
            ["Q.2", "Pilot the framework", "Sue", "", "Started"],
            ["", "", "", "", ""],
            ["Q.3", "Evaluate", "Sue", "Q.B: Fewer complaints", ""],
        ],
        merge_down=(3, 2, 3),
    )
    _result, plan = reading(data)
    assert [(p.number, p.title) for p in plan.priorities] == [("1", "Quality SEND offer")]
    assert [a.measures for a in plan.actions] == [("Q.A",), ("Q.A",), ("Q.B",)]
    assert plan.actions[0].review_note == "On track"


def test_csv_warnings_carry_row_numbers() -> None:
    data = (
        b"Reference,Objective,Success measures\n"
        b"1.1,Do a thing,1.A: Things get better\n"
        b"1.1,Do it again,1.A\n"
        b",No reference here,\n"
        b"1.3,Another,See 1.B: \n"
        b"1.4,Uses an unstated code,1.Z\n"
    )
    result, plan = reading(data)
    messages = [str(w) for w in result.warnings]
    assert "table 1 row 3: repeats reference '1.1' (first used in row 2); left out" in messages
    assert "table 1 row 4: is an action without a reference; left out" in messages
    assert any(m.startswith("table 1 row 5: uses measure '1.B'") for m in messages)
    assert any(m.startswith("table 1 row 6: uses measure '1.Z'") for m in messages)
    assert [a.ref for a in plan.actions] == ["1.1", "1.3", "1.4"]


def test_refs_inside_the_objective_cell_are_used_when_there_is_no_reference_column() -> None:
    data = b"Action,Timescale\n1.2.1 Train staff,2011\n1.2.2 Review data,2012\n"
    _result, plan = reading(data)
    assert [(a.ref, a.objective, a.timeframe) for a in plan.actions] == [
        ("1.2.1", "Train staff", "2011"),
        ("1.2.2", "Review data", "2012"),
    ]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("1.F: Provision. 1.G: Parents.", [("1.F", "Provision."), ("1.G", "Parents.")]),
        (
            "2A Parental feedback\n2B Fewer tribunals",
            [("2A", "Parental feedback"), ("2B", "Fewer tribunals")],
        ),
        ("4G", [("4G", None)]),
        ("1H, 2c", [("1H", None), ("2c", None)]),
        ("TSP-A: Numbers of LAs attending", [("TSP-A", "Numbers of LAs attending")]),
        ("Numbers of LAs attending", []),
    ],
)
def test_measure_codes_in_a_cell(text: str, codes: list[tuple[str, str | None]]) -> None:
    assert measure_codes(text) == codes


def test_review_cells() -> None:
    assert review_cell("Green") == ("green", None)
    assert review_cell("In progress") == (None, "In progress")
    assert review_cell("A: waiting") == ("amber", "waiting")


def test_a_measures_cell_without_a_code_refuses_the_file() -> None:
    data = b"Reference,Objective,Success measures\n1.1,Do,Numbers of LAs attending\n"
    with pytest.raises(DomainError) as error:
        reading(data)
    assert str(error.value) == (
        "file: table 1 row 2: the success measures cell has no measure code (like '1.F:' or "
        "'2A'); put the code before each measure"
    )


def test_a_table_without_a_reference_column_is_refused() -> None:
    with pytest.raises(DomainError, match="table 1 has no reference column"):
        reading(b"Objective,Lead\nDo a thing,Jo\n")


def test_formula_cells_are_refused_with_their_address() -> None:
    data = xlsx([["Reference", "Objective", "Timeframe"], ["1.1", "Do", "=1+1"]])
    with pytest.raises(DomainError, match=r"formulas in Plan!C2; paste them as values"):
        read_tables(data, "plan.xlsx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 hello", "plan.xlsx is not a Word, Excel or CSV file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "password"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "old Word or Excel file"),
        (b"x" * (20 * 1024 * 1024 + 1), "larger than 20 MB"),
    ],
)
def test_bad_files_get_one_sentence(data: bytes, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        file_kind(data, "plan.xlsx")


def test_no_table_found() -> None:
    document = docx.Document()
    document.add_paragraph("Just words")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(DomainError, match="has no table in it"):
        read_tables(out.getvalue(), "plan.docx")


def test_a_mapping_file_corrects_a_column_and_names_bad_fields() -> None:
    _kind, tables = read_tables(b"Ref,Objective,Owner\n1.1,Do,Jo\n", "plan.csv")
    mapping = check_mapping(
        {"columns": {"Ref": "ref", "Objective": "objective", "Owner": "lead"}}, tables
    )
    plan = check_plan(read_plan_tables(tables, mapping, "p", "P").definition)
    assert plan.actions[0].lead == "Jo"
    with pytest.raises(DomainError) as error:
        check_mapping({"tables": [3], "columns": {"Owner": "boss"}}, tables)
    assert [p.field for p in error.value.problems] == ["tables", "columns.Owner"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Priority 1: Quality SEND offer", ("1", "Quality SEND offer")),
        ("1. High quality provision", ("1", "High quality provision")),
        (
            "1.2. To deliver a range of interventions",
            ("1.2", "To deliver a range of interventions"),
        ),
        ("T. Transport", ("T", "Transport")),
        ("G. General expectation of hubs 2009-10", ("G", "General expectation of hubs 2009-10")),
        ("T", ("T", None)),
        ("12 schools will take part", (None, None)),
        ("A new approach", (None, None)),
    ],
)
def test_priority_headings(text: str, expected: tuple[str | None, str | None]) -> None:
    assert priority_number(text) == expected


def test_codes_opening_sentences_and_bare_codes_between_them() -> None:
    assert measure_codes(
        "1.A Outcomes rise. 1.B Progress is made. 2c 1.E: Reports improve. 1H"
    ) == [
        ("1.A", "Outcomes rise."),
        ("1.B", "Progress is made."),
        ("2c", None),
        ("1.E", "Reports improve."),
        ("1H", None),
    ]


def test_an_objective_column_beside_an_action_column_is_the_priority_and_columns_join() -> None:
    data = word(
        [
            ["Objective", "Action", "Cost", "Review\ndate", "Impact on CYP will be measured by"],
            ["1.2. To deliver", "1.2.1. Train staff", "Base budget", "Annually", "NCL-1A: Fewer"],
            ["1.2. To deliver", "HW-1.1 Pilot it", "", "Termly", "NCL-1A"],
        ]
    )
    _kind, tables = read_tables(data, "plan.docx")
    mapping = propose_mapping(tables)
    assert mapping.columns == {
        "Objective": "priority",
        "Action": "objective",
        "Cost": "monitoring",
        "Review date": "monitoring",
        "Impact on CYP will be measured by": "measures",
    }
    plan = check_plan(read_plan_tables(tables, mapping, "ncl", "Newcastle").definition)
    assert [(p.number, p.title) for p in plan.priorities] == [("1.2", "To deliver")]
    assert [(a.ref, a.objective, a.monitoring) for a in plan.actions] == [
        ("1.2.1", "Train staff", "Review date: Annually. Cost: Base budget."),
        ("HW-1.1", "Pilot it", "Review date: Termly."),
    ]
