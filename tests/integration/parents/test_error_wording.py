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
    "assessment": "Select if you are happy with the assessment",
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
