"""A parent completes a multi-page survey in a real browser: a validation error, Easy Read
switching, save and return on another device, a Change link from the check page, and the
response stored once with its links."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from storage.database import Database
from storage.models import Link
from storage.repositories import evidence
from tests.browser.helpers import answer_and_continue, pick_organisation, press

pytestmark = pytest.mark.browser
SURVEY = "/s/browser-demo"


def test_a_parent_completes_the_survey_in_a_browser(
    live_server: Any, page: Any, chromium: Any
) -> None:
    base = live_server.base_url + SURVEY
    page.goto(base)
    assert page.inner_text("h1") == "Your experience of SEND support"
    press(page)
    assert page.url.endswith("/consent")

    press(page)  # without ticking the box
    assert page.title().startswith("Error: ")
    assert "Tick the box to say you agree before you start" in page.inner_text(
        ".govuk-error-summary"
    )
    page.check("#consent")
    press(page)
    assert page.url.endswith("/q/about-you")

    press(page)  # nothing answered
    assert page.locator(".govuk-error-summary__list li").count() == 2
    page.fill("#child_age", "seven")
    press(page)
    assert page.input_value("#child_age") == "seven", "what was typed is kept"
    pick_organisation(page, "la", "Alp", "Alpha Borough")
    page.fill("#child_age", "7")
    press(page)
    assert page.url.endswith("/q/overall")

    page.check("input[name=overall][value=very_dissatisfied]")
    press(page)
    assert page.url.endswith("/q/why")
    with page.expect_navigation():
        page.click("text=Switch to Easy Read")
    assert page.inner_text("h1") == "What should we do better?"
    with page.expect_navigation():
        page.click(".govuk-back-link")
    assert page.inner_text("h1") == "Are you happy with the help your child gets?"
    assert page.is_checked("input[name=overall][value=very_dissatisfied]")
    with page.expect_navigation():
        page.click("text=Switch to the standard version")
    press(page)

    page.fill("#why", "Nobody returned my calls about the review.")
    assert "characters" in page.inner_text(".govuk-character-count")
    press(page, "save_and_return")
    assert page.url.endswith("/save")
    link = page.get_attribute("#resume-link", "href")

    other_device = chromium.new_context()
    try:
        phone = other_device.new_page()
        phone.goto(link)
        assert phone.url.endswith("/q/support")
        with phone.expect_navigation():
            phone.click(".govuk-back-link")
        assert phone.input_value("#why") == "Nobody returned my calls about the review."
        press(phone)
        answer_and_continue(phone)  # support
        phone.fill("#plan_review-day", "3")
        phone.fill("#plan_review-year", "2025")
        press(phone)
        assert "Date must include a month" in phone.inner_text(".govuk-error-summary")
        phone.fill("#plan_review-month", "11")
        press(phone)
        assert phone.url.endswith("/check")

        with phone.expect_navigation():
            phone.click("a:has-text('Change') >> nth=2")  # the overall satisfaction question
        assert "return=check" in phone.url
        phone.check("input[name=overall][value=satisfied]")
        press(phone)
        assert phone.url.endswith("/check")
        why_row = phone.locator(".govuk-summary-list__row", has_text="What could we do better?")
        assert why_row.count() == 0, "a question that no longer applies is not listed"

        press(phone)  # Send your answers
        reference = phone.inner_text(".govuk-panel strong")
        assert re.fullmatch(r"YS-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    finally:
        other_device.close()

    database = Database(live_server.database_url)
    try:
        with database.unit_of_work() as session:
            response = evidence.get_response_by_reference(session, reference)
            answers = {a.question.key: a for a in response.answers}
            assert set(answers) == {"la", "child_age", "overall", "support", "plan_review"}
            assert answers["overall"].value == "satisfied"
            assert answers["plan_review"].value == "2025-11-03"
            response_links = session.scalars(
                select(Link).where(
                    Link.evidence_kind == "response", Link.evidence_id == response.id
                )
            ).all()
            assert [link.action.ref for link in response_links] == ["2.5"]
            answer_links = session.scalars(
                select(Link).where(
                    Link.evidence_kind == "answer", Link.evidence_id == answers["overall"].id
                )
            ).all()
            assert [link.measure.code for link in answer_links] == ["2A"]
    finally:
        database.dispose()
