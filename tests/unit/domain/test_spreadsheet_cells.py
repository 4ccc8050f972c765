"""Formula injection (OWASP CSV injection): text that a spreadsheet would run is written as text."""

import datetime as dt

import pytest

from survey.domain.spreadsheet_cells import formula_safe, formula_safe_row


@pytest.mark.parametrize(
    "text",
    [
        "=cmd|' /C calc'!A0",
        '=HYPERLINK("http://evil.example/","click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_that_starts_a_formula_is_written_as_text(text: str) -> None:
    assert formula_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Waited 20 weeks", "", "a = b", "100%", "1.G Parents"])
def test_ordinary_text_is_unchanged(value: str) -> None:
    assert formula_safe(value) == value


@pytest.mark.parametrize("value", [7, -3, 0.25, -0.5, True, None, dt.date(2026, 1, 31)])
def test_numbers_dates_and_empties_stay_what_they_are(value: object) -> None:
    assert formula_safe(value) is value


def test_a_row_is_made_safe_cell_by_cell() -> None:
    assert formula_safe_row(["=1", 5, "ok"]) == ["'=1", 5, "ok"]
