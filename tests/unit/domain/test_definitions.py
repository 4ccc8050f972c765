"""Checking plan and survey files: each problem names its line and field."""

from __future__ import annotations

import pytest

from survey.domain.errors import DomainError
from survey.domain.plan_definitions import check_plan
from survey.domain.survey_definitions import check_survey, survey_from_stored
from survey.domain.yaml_checks import parse_yaml, read_yaml
from tests.conftest import DATA

PLAN_REFS = {"mini-plan": ({"1.1", "2.5", "2.9"}, {"1.G", "2A", "TSP-A"})}


def problems(text: str, checker=check_plan, **kwargs) -> list[str]:
    with pytest.raises(DomainError) as caught:
        checker(parse_yaml(text), **kwargs)
    return [str(problem) for problem in caught.value.problems]


def test_the_test_plan_checks_clean_with_its_indicators() -> None:
    plan = check_plan(read_yaml(DATA / "plans" / "mini.yaml"))
    assert [a.ref for a in plan.actions] == ["1.1", "2.5", "2.9"]
    assert plan.actions[0].review_status == "amber" and plan.actions[0].measures == ("1.G",)
    indicator = {m.code: m.indicator for m in plan.measures}["1.G"]
    assert (indicator.kind, indicator.of, indicator.target, indicator.tolerance) == (
        "rate",
        "answers",
        75,
        10,
    )
    assert plan.networks[0].measures == ("TSP-A",)


def test_duplicate_refs_and_unknown_fields_are_named_with_their_lines() -> None:
    found = problems(
        "slug: p\ntitle: P\nmeasures: []\npriorities:\n  - number: '1'\n    title: T\n    actions:\n"
        "      - {ref: '1.1', objective: a}\n      - ref: '1.1'\n        objective: b\n        colour: red\n"
    )
    assert "priorities[0].actions[1].ref: line 9: '1.1' is used twice" in found
    assert "priorities[0].actions[1].colour: line 11: is not a field this file can have" in found


def test_an_indicator_must_say_what_it_counts() -> None:
    found = problems(
        "slug: p\ntitle: P\nmeasures:\n  - code: A\n    statement: s\n    indicator: {kind: count}\n"
        "priorities:\n  - {number: '1', title: T, actions: [{ref: '1', objective: o}]}\n"
    )
    assert any("measures[0].indicator.of" in p and "attending_las" in p for p in found)


def test_an_indicator_unit_too_long_to_store_is_a_problem_not_a_database_error() -> None:
    found = problems(
        "slug: p\ntitle: P\nmeasures:\n  - code: A\n    statement: s\n"
        "    indicator: {kind: figure, unit: exclusions per 100 pupils}\n"
        "priorities:\n  - {number: '1', title: T, actions: [{ref: '1', objective: o}]}\n"
    )
    assert "measures[0].indicator.unit: line 6: must be 16 characters or fewer" in found


def test_a_survey_question_type_and_show_if_are_checked() -> None:
    found = problems(
        "slug: s\ntitle: S\nplan: mini-plan\nquestions:\n"
        "  - {key: a, type: satisfaction5, text: A, positive: [happy]}\n"
        "  - {key: b, type: short_text, text: B, show_if: {question: a, in: [ecstatic]}}\n",
        checker=check_survey,
        plan_codes=PLAN_REFS,
    )
    assert "questions[0].positive: line 5: happy is not one of the answers" in found
    assert "questions[1].show_if.in: line 6: ecstatic is not an answer to 'a'" in found


def test_a_stored_definition_rebuilds_to_the_same_questions() -> None:
    survey = check_survey(read_yaml(DATA / "surveys" / "mini.yaml"), PLAN_REFS)
    rebuilt = survey_from_stored(survey.data)
    assert rebuilt.questions == survey.questions and rebuilt.checksum == survey.checksum


def test_yaml_that_is_not_a_mapping_gets_a_plain_message() -> None:
    assert problems("- just\n- a list\n") == [
        "file: file must be a YAML mapping of fields (key: value)"
    ]


def test_a_value_longer_than_its_column_is_refused_with_its_line() -> None:
    text = (DATA / "plans" / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Mini SEND plan", "title: " + "Very long title " * 30)
    assert problems(text) == ["title: line 3: must be 300 characters or fewer"]
