"""Error messages name the thing the parent missed, in the wording they are reading (standard,
Easy Read or Welsh), as the GOV.UK Design System asks: not "Select an answer"."""

from __future__ import annotations

from typing import Any

import pytest

from survey.intake.loading import load_survey_file
from tests.conftest import DATA
from tests.pages import PageClient

BASE = "/s/every-type"
STANDARD = {
    "assessment": "Select how satisfied you are with the assessment",
    "happy": "Select if your child is happy at school",
    "la": "Select which council area you live in",
    "listened": "Select how much you agree with ‘The school listened to me.’",
    "who": "Select an answer to ‘Which of these best describes you?’",
    "weeks": "Enter a number for ‘How many weeks did it take?’",
    "requested_on": "Enter a date for ‘When did you ask for the assessment?’",
    "better": "Enter your answer to ‘What could we have done better?’",
    "agree_contact": "Tick the box to answer ‘Can we contact you about your answers?’",
    "best_thing": "Enter the best thing about the school",  # the definition's own wording
}
EASY_READ = {
    "assessment": "Select how happy you are with the assessment",
    "la": "Select where you live",
    "happy": "Select an answer to ‘Is your child happy at school? Pick one answer.’",
    "listened": "Select how much you agree with ‘The school listened to me. Do you agree?’",
    "best_thing": "Tell us what is good about the school",
}
WELSH = {
    "assessment": "Dewiswch ateb i ‘Pa mor fodlon ydych chi gyda'r asesiad?’",
    "listened": "Dewiswch i ba raddau rydych chi'n cytuno â ‘Gwrandawodd yr ysgol arnaf.’",
    "la": "Dewiswch sefydliad ar gyfer ‘Ym mha ardal cyngor ydych chi'n byw?’",
    "weeks": "Rhowch rif ar gyfer ‘Sawl wythnos gymerodd hi?’",
    "requested_on": "Rhowch ddyddiad ar gyfer ‘Pryd wnaethoch chi ofyn am yr asesiad?’",
    "agree_contact": "Ticiwch y blwch i ateb ‘Gawn ni gysylltu â chi am eich atebion?’",
    "best_thing": "Rhowch y peth gorau am yr ysgol",
}
CASES = {
    "standard": ("", STANDARD),
    "easy_read": ("?easy_read=1", EASY_READ),
    "welsh": ("?lang=cy&easy_read=0", WELSH),
}


@pytest.mark.parametrize("wording", list(CASES))
def test_a_missing_answer_is_named_in_the_wording_the_parent_reads(
    client: PageClient, loaded: Any, wording: str
) -> None:
    load_survey_file(loaded, DATA / "surveys" / "every-type.yaml", actor="test")
    loaded.commit()
    query, expected = CASES[wording]
    client.get(f"{BASE}{query}")
    client.post(f"{BASE}/start", expected_status=302)
    said = {key: client.post(f"{BASE}/q/{key}", {}).error_messages() for key in expected}
    assert said == {key: [message] for key, message in expected.items()}
    inline = client.post(f"{BASE}/q/weeks", {}).select(".govuk-error-message")
    assert expected.get("weeks", "") in inline[0].get_text(" ", strip=True)


GROUPED = """
slug: grouped
title: About your child
translations:
  cy: {title: Am eich plentyn}
easy_read: {title: About your child}
questions:
  - key: happy
    type: yes_no_unsure
    page: about
    text: Is your child happy at school?
    easy_read: {text: "Does your child like school?"}
    translations:
      cy: {text: "Ydy eich plentyn yn hapus yn yr ysgol?"}
  - key: age
    type: number
    page: about
    text: How old is your child?
    easy_read: {text: "How old is your child? Write a number."}
    translations:
      cy: {text: "Faint yw oed eich plentyn?"}
"""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            [
                "Select if your child is happy at school",
                "Enter a number, like 12 for ‘How old is your child?’",
            ],
        ),
        (
            "?easy_read=1",
            [
                "Select an answer to ‘Does your child like school?’",
                "Enter a number, like 12 for ‘How old is your child? Write a number.’",
            ],
        ),
        (
            "?lang=cy&easy_read=0",
            [
                "Dewiswch ateb i ‘Ydy eich plentyn yn hapus yn yr ysgol?’",
                "Rhowch rif, fel 12 ar gyfer ‘Faint yw oed eich plentyn?’",
            ],
        ),
    ],
    ids=["standard", "easy_read", "welsh"],
)
def test_on_a_page_of_several_questions_each_error_says_which_in_the_parents_wording(
    client: PageClient, loaded: Any, tmp_path: Any, query: str, expected: list[str]
) -> None:
    definition = tmp_path / "grouped.yaml"
    definition.write_text(GROUPED, encoding="utf-8")
    load_survey_file(loaded, definition, actor="test")
    loaded.commit()
    client.get(f"/s/grouped{query}")
    client.post("/s/grouped/start", expected_status=302)
    page = client.post("/s/grouped/q/about", {"age": "lots"})
    assert page.error_messages() == expected
