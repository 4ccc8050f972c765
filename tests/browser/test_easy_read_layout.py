"""The Easy Read layout in a real browser: larger text, and each answer's picture to the left of
its words on a wide screen and above them on a 390 px phone, with nothing wider than the screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.helpers import press

pytestmark = pytest.mark.browser
SURVEY = "/s/young-people-voice"


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def tab(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


def test_pictures_sit_beside_the_answers_on_a_wide_screen_and_above_them_on_a_phone(
    live_server: Any, tab: Any
) -> None:
    tab.goto(live_server.base_url + SURVEY)
    assert tab.locator("h1").inner_text() == "Tell us about your help", "opens in Easy Read"
    sizes = tab.locator("main p").evaluate_all("ps => ps.map(p => getComputedStyle(p).fontSize)")
    assert set(sizes) == {"24px"}, "every paragraph of the Easy Read start page is the larger size"
    press(tab)
    tab.check("#consent")
    press(tab)
    tab.goto(live_server.base_url + SURVEY + "/q/help")

    label = tab.locator("label[for=help]")
    picture = label.locator("img").bounding_box()
    words = label.locator(".ys-option-text").bounding_box()
    assert label.locator("img").get_attribute("alt") == ""
    assert label.locator(".ys-option-text").inner_text() == "Very happy"
    font_size = label.evaluate("label => getComputedStyle(label).fontSize")
    assert font_size == "24px", "Easy Read text is larger"
    wide = tab.viewport_size["width"] > 640
    if wide:
        assert picture["x"] + picture["width"] <= words["x"], "the picture is left of its words"
    else:
        assert picture["y"] + picture["height"] <= words["y"], "the picture is above its words"
    assert tab.evaluate("document.documentElement.scrollWidth") <= tab.viewport_size["width"]
