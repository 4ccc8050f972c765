"""The public pages in Welsh, in Chromium: chosen with the Cymraeg link (which keeps the choice
from page to page), readable at a phone's width, and with zero WCAG 2.2 AA violations."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Audit

pytestmark = pytest.mark.browser


def test_a_visitor_chooses_welsh_and_the_public_pages_stay_welsh(
    live_server: Any, audit: Audit
) -> None:
    page, base = audit.page, live_server.base_url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/")
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.click('.ys-switches a[lang="cy"]')
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("h1").inner_text() == "Dweud eich dweud am wasanaethau AAA"
    audit.check()
    for path, heading in (
        ("/privacy", "Hysbysiad preifatrwydd"),
        ("/you-said-we-did", "Dywedoch chi, fe wnaethom ni"),
        ("/not-a-page", "Heb ddod o hyd i'r dudalen"),
    ):
        page.goto(base + path)
        assert page.locator("html").get_attribute("lang") == "cy", path
        assert page.locator("h1").inner_text() == heading
        assert page.locator(".govuk-footer").inner_text().count("Preifatrwydd") == 1
        # Nothing wider than the phone's screen (WCAG 1.4.10).
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        audit.check()
    assert not audit.violations, "\n".join(audit.violations)
