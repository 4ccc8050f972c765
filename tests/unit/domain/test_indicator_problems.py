"""The rules an indicator edited in the browser must keep are plan load's, worded for a form."""

from __future__ import annotations

import pytest

from survey.domain.plan_definitions import IndicatorSpec, indicator_problems, keywords_from_text


def test_a_valid_indicator_has_no_problems() -> None:
    assert indicator_problems(IndicatorSpec(kind="rate", of="answers", target=75)) == {}
    assert indicator_problems(IndicatorSpec(kind="figure")) == {}


@pytest.mark.parametrize(
    ("spec", "field", "message"),
    [
        (IndicatorSpec(kind="count"), "of", "Select what a count indicator counts"),
        (IndicatorSpec(kind="rate", of="meetings"), "of", "Select answers or submissions"),
        (IndicatorSpec(kind="guess"), "kind", "Select what kind of indicator"),
        (IndicatorSpec(direction="up"), "direction", "Select whether higher or lower"),
        (IndicatorSpec(min_n=0), "min_n", "Minimum number must be a whole number of 1 or more"),
        (IndicatorSpec(unit="x" * 17), "unit", "Unit must be 16 characters or fewer"),
        (IndicatorSpec(baseline_period="2016-17"), "baseline_value", "Enter the baseline value"),
        (IndicatorSpec(tolerance=-1), "tolerance", "RAG tolerance must be 0 or more"),
    ],
)
def test_each_problem_names_its_field(spec: IndicatorSpec, field: str, message: str) -> None:
    problems = indicator_problems(spec)
    assert list(problems) == [field]
    assert problems[field].startswith(message)


def test_keywords_are_read_one_a_line_or_comma_separated_without_repeats() -> None:
    assert keywords_from_text("SEN support, taxi\n\n  tribunal \nTaxi") == (
        "SEN support",
        "taxi",
        "tribunal",
    )
    assert keywords_from_text(None) == ()
