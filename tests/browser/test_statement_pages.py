"""axe-core on the accessibility statement and the cookies page, in English and Welsh, at a
phone's width (390 px) and a desk's (1280 px): zero WCAG 2.2 AA violations, and nothing wider
than the screen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Audit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_the_statement_and_cookies_pages_have_no_wcag_violations(
    live_server: Any, audit: Audit, width: int
) -> None:
    page = audit.page
    page.set_viewport_size({"width": width, "height": 900})
    for url in ("/accessibility", "/cookies", "/accessibility?lang=cy", "/cookies"):
        page.goto(live_server.base_url + url)
        audit.check(f"{width}px")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} is {overflow}px wider than a {width}px screen"
    assert audit.pages == 4
    assert not audit.violations, "\n".join(audit.violations)
