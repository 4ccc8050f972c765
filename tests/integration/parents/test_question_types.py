"""Every question type renders something a parent can answer, in every wording.

An empty radio group has no accessibility violations, so axe scans passed over a 0 to 10 question
that showed no numbers at all (issue 16). This test counts what a parent can pick or type on each
question's page and compares it with what the definition implies.
"""

from __future__ import annotations

from typing import Any

import pytest

from survey.domain import journey
from survey.domain.questions import QUESTION_TYPES, RATING_10, QuestionSpec
from survey.domain.survey_definitions import SurveyDef, check_survey
from survey.domain.yaml_checks import read_yaml
from survey.intake.loading import load_survey_file
from tests.conftest import DATA
from tests.pages import Page, PageClient

DEFINITION = DATA / "surveys" / "every-type.yaml"
BASE = "/s/every-type"
# How a parent picks the wording: the switch links on every page set these.
WORDINGS = {
    "standard": ("en", False, ""),
    "easy_read": ("en", True, "?easy_read=1"),
    "welsh": ("cy", False, "?lang=cy&easy_read=0"),
}
RADIO_TYPES = {"satisfaction5", "agreement5", "rating10", "yes_no_unsure", "single_choice"}
TYPED_INPUTS = {"short_text": 1, "number": 1, "long_text": 1, "date": 3}
# The organisations of the test region that the definition's picker asks for (kind: la).
COUNCILS = ["E00000001", "E00000002", "E00000003", "E00000004"]


def definition() -> SurveyDef:
    return check_survey(read_yaml(DEFINITION), {})


def expected_choices(question: QuestionSpec, words: journey.Wording) -> dict[str, str]:
    """The value and label of each option the definition implies, in the chosen wording."""
    if question.type == "rating10":
        return {value: value for value in RATING_10} | words.option_labels
    if question.type == "organisation":
        return {}  # their names come from the organisations table; counted by code below
    if question.type == "consent":
        return {"y": words.option_labels.get("agreed", "I agree")}
    return words.option_labels


def answerable(page: Page) -> list[Any]:
    """What a parent can pick or type in the form: not the honeypot, a search box or a button."""
    form = page.select("main form")[0]
    fields = form.select("input, textarea, select")
    return [
        field
        for field in fields
        if field.get("type") not in {"hidden", "submit"}
        and field.get("name") != "website"
        and not field.get("name", "").endswith("_search")
    ]


def label_of(page: Page, field: Any) -> str:
    label = page.soup.find("label", attrs={"for": field["id"]})
    return label.get_text(" ", strip=True) if label else ""


def test_the_test_survey_has_one_question_of_every_type() -> None:
    assert sorted(q.type for q in definition().questions) == sorted(QUESTION_TYPES)


@pytest.mark.parametrize("wording", list(WORDINGS))
def test_every_question_type_offers_what_its_definition_implies(
    client: PageClient, loaded: Any, wording: str
) -> None:
    load_survey_file(loaded, DEFINITION, actor="test")
    loaded.commit()
    language, easy_read, query = WORDINGS[wording]
    client.get(f"{BASE}{query}")
    client.post(f"{BASE}/start", expected_status=302)
    for question in definition().questions:
        words = journey.wording(question, language, easy_read)
        page = client.get(f"{BASE}/q/{question.key}")
        assert page.h1 == words.text, f"{question.key} is asked in the {wording} wording"
        fields = answerable(page)
        names = {field["name"] for field in fields}
        if question.type in TYPED_INPUTS:
            assert len(fields) == TYPED_INPUTS[question.type], question.key
            assert all(label_of(page, field) for field in fields), question.key
            continue
        kind = "checkbox" if question.type in {"multiple_choice", "consent"} else "radio"
        assert {field.get("type") for field in fields} == {kind}, question.key
        assert names == {question.key}, question.key
        offered = {field["value"]: label_of(page, field) for field in fields}
        if question.type == "organisation":
            assert sorted(offered) == COUNCILS
            assert all(offered.values())
        else:
            assert offered == expected_choices(question, words), (
                f"{question.key} ({question.type}) in the {wording} wording"
            )
