"""Pressing Enter on a page with an organisation picker moves the journey on (issue 16).

The picker's Search button used to be the form's first submit button, so Enter in any text box
on that page (the child's age here) searched instead of continuing. With and without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.helpers import pick_organisation, press

pytestmark = pytest.mark.browser
SURVEY = "/s/browser-demo"


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def tab(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = chromium.new_context(java_script_enabled=request.param)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


def to_about_you(page: Any, base: str) -> None:
    page.goto(base)
    press(page)
    page.check("#consent")
    press(page)
    assert page.url.endswith("/q/about-you")
    assert page.locator("button[name=search]").count() == 1, "the page has a Search button"


def test_enter_in_a_text_box_continues(live_server: Any, tab: Any) -> None:
    to_about_you(tab, live_server.base_url + SURVEY)
    pick_organisation(tab, "la", "Alp", "Alpha Borough")
    tab.fill("#child_age", "7")
    with tab.expect_navigation():
        tab.press("#child_age", "Enter")
    assert tab.url.endswith("/q/overall"), "Enter continued to the next question"


def test_enter_in_the_search_box_searches(live_server: Any, tab: Any) -> None:
    to_about_you(tab, live_server.base_url + SURVEY)
    if tab.locator("#la.autocomplete__input").count():
        # With JavaScript the type-ahead replaces the search box: Enter there picks the
        # highlighted council and stays on the page; Enter again continues.
        tab.fill("#la", "Alp")
        tab.keyboard.press("ArrowDown")  # to the first match
        tab.keyboard.press("Enter")
        assert tab.url.endswith("/q/about-you")
        assert tab.input_value("#la") == "Alpha Borough"
        tab.fill("#child_age", "7")
        with tab.expect_navigation():
            tab.press("#la", "Enter")
        assert tab.url.endswith("/q/overall")
        return
    tab.fill("#la_search", "Alpha")
    with tab.expect_navigation():
        tab.press("#la_search", "Enter")
    assert tab.url.endswith("/q/about-you")
    assert not tab.locator(".govuk-error-summary").count(), "a search, not a missing answer"
    names = tab.locator(".govuk-radios__label").all_inner_texts()
    assert names == ["Alpha Borough"]
