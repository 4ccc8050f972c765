"""The journey on a 390 px phone (issue 16): the save-and-return link stays inside the screen and
Copy link copies it; a made-up link is a 404 that leads back to the start; the organisation
picker's type-ahead picks a council from three letters and the answer is kept to check your
answers, and without JavaScript the server-side search still does. axe on each page changed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Audit
from tests.browser.helpers import answer_and_continue, is_question_page, pick_organisation, press

pytestmark = pytest.mark.browser
SURVEY = "/s/browser-demo"
PHONE = {"width": 390, "height": 844}


def phone_context(chromium: Any, javascript: bool = True, bypass_csp: bool = False) -> Any:
    return chromium.new_context(
        viewport=PHONE,
        java_script_enabled=javascript,
        bypass_csp=bypass_csp,
        permissions=["clipboard-read", "clipboard-write"] if javascript else [],
    )


@pytest.fixture
def phone(chromium: Any) -> Iterator[Any]:
    context = phone_context(chromium)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    # Anything the CSP refuses (an inline style or script) shows up as a console error.
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.problems = problems
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def phone_without_javascript(chromium: Any) -> Iterator[Any]:
    context = phone_context(chromium, javascript=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def phone_audit(chromium: Any) -> Iterator[Audit]:
    context = phone_context(chromium, bypass_csp=True)  # the audit alone may inject axe
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield Audit(page)
    finally:
        context.close()


def to_about_you(page: Any, base: str) -> None:
    page.goto(base + SURVEY)
    press(page)
    page.check("#consent")
    press(page)
    assert page.url.endswith("/q/about-you")


def csp_refusals(page: Any) -> list[str]:
    return [text for text in page.problems if "Content Security Policy" in text]


def fits_the_screen(page: Any, selector: str) -> None:
    sizes = page.evaluate(
        """(selector) => ({
            element: document.querySelector(selector).scrollWidth,
            box: document.querySelector(selector).getBoundingClientRect().right,
            page: document.documentElement.scrollWidth,
            viewport: window.innerWidth,
        })""",
        selector,
    )
    assert sizes["viewport"] == PHONE["width"]
    assert sizes["element"] <= sizes["viewport"], sizes
    assert sizes["box"] <= sizes["viewport"], sizes
    assert sizes["page"] <= sizes["viewport"], f"the page scrolls sideways: {sizes}"


def test_the_resume_link_fits_a_phone_and_copy_link_copies_it(live_server: Any, phone: Any) -> None:
    to_about_you(phone, live_server.base_url)
    press(phone, "save_and_return")
    assert phone.url.endswith("/save")
    link = phone.get_attribute("#resume-link", "href")
    assert link.startswith(live_server.base_url + SURVEY + "/resume/")
    fits_the_screen(phone, "#resume-link")
    fits_the_screen(phone, ".ys-resume-link")

    button = phone.get_by_role("button", name="Copy link")
    assert button.is_visible(), "JavaScript shows the button"
    button.click()
    status = phone.locator(".ys-copy-link [role=status]")
    # The copy is a promise: the status is written when the clipboard has taken the link, which
    # on a loaded machine is after click() returns.
    expect(status).to_have_text("Link copied")
    assert phone.evaluate("navigator.clipboard.readText()") == link
    assert not csp_refusals(phone), phone.problems


def test_without_javascript_there_is_no_copy_button_but_the_link_fits(
    live_server: Any, phone_without_javascript: Any
) -> None:
    page = phone_without_javascript
    to_about_you(page, live_server.base_url)
    press(page, "save_and_return")
    assert not page.get_by_role("button", name="Copy link").is_visible()
    box = page.locator("#resume-link").bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]


def test_a_made_up_resume_link_is_a_404_that_leads_back_to_the_start(
    live_server: Any, phone: Any
) -> None:
    response = phone.goto(live_server.base_url + SURVEY + "/resume/made-up-token")
    assert response.status == 404
    assert phone.inner_text("h1") == "This link has expired"
    with phone.expect_navigation():
        phone.get_by_role("link", name="Start the survey again").click()
    assert phone.url == live_server.base_url + SURVEY
    assert phone.inner_text("h1") == "Your experience of SEND support"


def test_a_made_up_resume_link_in_welsh(live_server: Any, phone: Any) -> None:
    phone.goto(live_server.base_url + SURVEY + "?lang=cy")
    response = phone.goto(live_server.base_url + SURVEY + "/resume/made-up-token")
    assert response.status == 404
    assert phone.inner_text("h1") == "Mae'r ddolen hon wedi dod i ben"
    assert phone.get_by_role("link", name="Dechrau'r arolwg eto").is_visible()


def finish_and_check(page: Any) -> None:
    """From the page after About you, answer everything and land on check your answers."""
    for _ in range(20):
        if not is_question_page(page):
            break
        answer_and_continue(page)
    assert page.url.endswith("/check"), page.url


def council_on_check_page(page: Any) -> str:
    row = page.locator(".govuk-summary-list__row", has_text="Which council area do you live in?")
    return row.locator(".govuk-summary-list__value").inner_text().strip()


def test_the_type_ahead_picks_a_council_from_three_letters(live_server: Any, phone: Any) -> None:
    to_about_you(phone, live_server.base_url)
    assert not phone.locator("#la_search").is_visible(), "the type-ahead replaces the search"
    assert not phone.locator("input[type=radio][name=la]").first.is_visible()
    combobox = phone.get_by_role(
        "combobox", name="Start typing the name, then choose it from the list"
    )
    combobox.fill("New")
    options = phone.locator("#la__listbox li")
    assert options.all_inner_texts() == ["Newcastle upon Tyne"]
    options.first.click()
    assert combobox.input_value() == "Newcastle upon Tyne"
    phone.fill("#child_age", "7")
    with phone.expect_navigation():
        phone.press("#child_age", "Enter")  # Enter still continues
    assert phone.url.endswith("/q/overall")
    finish_and_check(phone)
    assert council_on_check_page(phone) == "Newcastle upon Tyne"

    # Change it from check your answers: the type-ahead shows the answer kept.
    with phone.expect_navigation():
        phone.locator("a:has-text('Change') >> nth=0").click()
    assert phone.url.split("?")[0].endswith("/q/about-you")
    assert combobox.input_value() == "Newcastle upon Tyne"
    pick_organisation(phone, "la", "Gat", "Gateshead")
    press(phone)
    assert phone.url.endswith("/check")
    assert council_on_check_page(phone) == "Gateshead"
    fits_the_screen(phone, "main")
    assert not csp_refusals(phone), phone.problems


def test_the_type_ahead_says_when_nothing_matches_and_the_error_links_to_it(
    live_server: Any, phone: Any
) -> None:
    to_about_you(phone, live_server.base_url)
    phone.fill("#la", "Zzz")
    assert phone.locator("#la__listbox li").all_inner_texts() == ["No results found"]
    phone.fill("#la", "")
    phone.fill("#child_age", "7")
    press(phone)
    assert phone.url.endswith("/q/about-you")
    summary = phone.locator(".govuk-error-summary a", has_text="council area")
    assert summary.inner_text() == "Select which council area you live in"
    summary.click()
    assert phone.evaluate("document.activeElement.id") == "la"


def test_without_javascript_the_search_still_finds_the_council(
    live_server: Any, phone_without_javascript: Any
) -> None:
    page = phone_without_javascript
    to_about_you(page, live_server.base_url)
    page.fill("#la_search", "Newc")
    press(page, "search")
    assert page.locator(".govuk-radios__label").all_inner_texts() == ["Newcastle upon Tyne"]
    page.get_by_label("Newcastle upon Tyne", exact=True).check()
    page.fill("#child_age", "7")
    press(page)
    finish_and_check(page)
    assert council_on_check_page(page) == "Newcastle upon Tyne"


def test_the_changed_pages_have_no_wcag_violations_on_a_phone(
    live_server: Any, phone_audit: Audit
) -> None:
    page = phone_audit.page
    to_about_you(page, live_server.base_url)
    phone_audit.check("type-ahead")
    page.fill("#la", "Nor")
    phone_audit.check("type-ahead open")
    press(page)
    phone_audit.check("type-ahead error")
    press(page, "save_and_return")
    page.get_by_role("button", name="Copy link").click()
    phone_audit.check("link copied")
    page.goto(live_server.base_url + SURVEY + "/resume/made-up-token")
    phone_audit.check("404")
    page.goto(live_server.base_url + "/s/no-such-survey/resume/made-up-token")
    phone_audit.check("404 no survey")
    assert phone_audit.pages == 6
    assert not phone_audit.violations, "\n".join(phone_audit.violations)
