"""Easy Read pictures in a survey definition: the defaults of the answer scales, the
definition's own per option, and a bad reference refused with the question and option named."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.domain import journey
from survey.domain.errors import DomainError
from survey.domain.pictures import PICTOGRAMS
from survey.domain.survey_definitions import SurveyDef, check_survey
from survey.domain.yaml_checks import parse_yaml

FOLDER = Path(__file__).resolve().parents[3] / "survey" / "web" / "static" / "pictograms"

SURVEY = """
slug: pictures
title: Pictures
easy_read: {title: Pictures}
page_headings: {about: About your child}
questions:
  - key: overall
    type: satisfaction5
    page: about
    text: How satisfied are you with the school?
    easy_read:
      text: Are you happy with the school?
      option_images:
        neither: {src: pictograms/person.svg, alt: A person shrugging}
  - key: where
    type: single_choice
    page: about
    text: Where does your child learn?
    options:
      - {value: school, label: School}
      - {value: home, label: Home}
    easy_read: {text: "Where does your child learn?"}
"""


def definition(text: str = SURVEY) -> SurveyDef:
    return check_survey(parse_yaml(text))


def problems(text: str) -> list[str]:
    with pytest.raises(DomainError) as raised:
        definition(text)
    return [str(problem) for problem in raised.value.problems]


def test_the_shipped_pictograms_are_the_ones_the_definitions_can_name() -> None:
    assert sorted(path.name for path in FOLDER.glob("*.svg")) == sorted(PICTOGRAMS)
    for path in FOLDER.glob("*.svg"):
        assert path.read_text(encoding="utf-8").startswith("<svg xmlns="), path.name


def test_the_answer_scales_have_pictures_in_easy_read_only() -> None:
    overall, where = definition().questions
    easy = journey.wording(overall, "en", easy_read=True)
    assert easy.option_pictures == {
        "very_satisfied": ("pictograms/face-very-happy.svg", ""),
        "satisfied": ("pictograms/face-happy.svg", ""),
        "neither": ("pictograms/person.svg", "A person shrugging"),
        "dissatisfied": ("pictograms/face-unhappy.svg", ""),
        "very_dissatisfied": ("pictograms/face-very-unhappy.svg", ""),
    }
    assert journey.wording(overall, "en").option_pictures == {}
    assert journey.wording(where, "en", easy_read=True).option_pictures == {}


def test_page_headings_come_from_the_definition_or_the_page_id() -> None:
    survey = definition()
    assert journey.page_heading(survey, "about") == "About your child"
    assert journey.page_heading(survey, "about", easy_read=True) == "About your child"
    assert journey.page_heading(survey, "about-you") == "About you"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("neither: {src: pictograms/person.svg", "meh: {src: pictograms/person.svg"),
            "questions[0].easy_read.option_images.meh: line 14: 'meh' is not an answer to "
            "'overall'; its answers are dissatisfied, neither, satisfied, very_dissatisfied, "
            "very_satisfied",
        ),
        (
            ("pictograms/person.svg", "pictograms/shrug.svg"),
            "questions[0].easy_read.option_images.neither.src: line 14: the picture for option "
            "'neither' of 'overall': 'pictograms/shrug.svg' is not one of the shipped pictograms",
        ),
        (
            ("pictograms/person.svg", "https://example.com/shrug.png"),
            "questions[0].easy_read.option_images.neither.src: line 14: the picture for option "
            "'neither' of 'overall': 'https://example.com/shrug.png' must be the path of a picture",
        ),
        (
            ("pictograms/person.svg", "../secrets.svg"),
            "'../secrets.svg' must be the path of a picture",
        ),
        (
            ("neither: {src: pictograms/person.svg, alt: A person shrugging}", "neither: shrug"),
            "questions[0].easy_read.option_images.neither: line 14: the picture for option "
            "'neither' of 'overall' must be {src: PATH, alt: TEXT}",
        ),
        (
            (
                'easy_read: {text: "Where does your child learn?"}',
                "easy_read: {image: {src: pictograms/home.svg}}",
            ),
            "questions[1].easy_read.image.alt: line 22: the picture for question 'where' needs "
            "alt text saying what it shows",
        ),
        (
            ("page_headings: {about: About your child}", "page_headings: {about_you: About you}"),
            "page_headings.about_you: line 5: 'about_you' is not a page of this survey",
        ),
        (
            ("easy_read: {title: Pictures}", "default_version: easy"),
            "default_version: line 4: must be standard or easy_read",
        ),
    ],
    ids=[
        "unknown option",
        "unknown pictogram",
        "a web address",
        "outside the files",
        "not a mapping",
        "question picture without alt",
        "unknown page",
        "unknown version",
    ],
)
def test_a_bad_picture_or_version_is_refused_naming_the_question_and_option(
    change: tuple[str, str], expected: str
) -> None:
    old, new = change
    assert old in SURVEY
    said = problems(SURVEY.replace(old, new))
    assert any(expected in problem for problem in said), said


def test_a_survey_opens_in_easy_read_only_when_it_has_easy_read_wording() -> None:
    plain = "slug: plain\ntitle: Plain\ndefault_version: easy_read\nquestions:\n"
    plain += "  - key: happy\n    type: yes_no_unsure\n    text: Is your child happy?\n"
    assert problems(plain) == [
        "default_version: line 3: easy_read needs Easy Read wording: add an easy_read section"
    ]
    opens = definition(
        SURVEY.replace(
            "easy_read: {title: Pictures}",
            "default_version: easy_read\neasy_read: {title: Pictures}",
        )
    )
    assert journey.opens_in_easy_read(opens) and not journey.opens_in_easy_read(definition())
