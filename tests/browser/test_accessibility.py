"""axe-core (from npm) on every page of every shipped survey, in every version it offers
(standard, Easy Read, Welsh) and in its error states: zero WCAG 2.2 AA violations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from survey.domain.yaml_checks import read_yaml
from tests.browser.conftest import Audit, survey_files
from tests.browser.helpers import FILL_PAGE, press, variants

pytestmark = pytest.mark.browser


CASES = [
    pytest.param(path, variant, id=f"{path.stem}-{variant or 'standard'}")
    for path in survey_files()
    for variant in variants(path)
]


@pytest.mark.parametrize(("path", "variant"), CASES)
def test_every_page_of_the_survey_has_no_wcag_violations(
    live_server: Any, audit: Audit, path: Path, variant: str
) -> None:
    page = audit.page
    slug = read_yaml(path)["slug"]
    base = f"{live_server.base_url}/s/{slug}"
    page.goto(f"{base}?{variant}" if variant else base)
    audit.check()
    press(page)
    if page.url.endswith("/consent"):
        press(page)
        audit.check("error")
        page.check("#consent")
        press(page)
    saved = False
    for _ in range(60):  # every question page, whatever the survey's length
        if "/q/" not in page.url:
            break
        audit.check()
        here = page.url
        press(page)  # nothing answered: the error state, if the page has a required question
        if page.url == here:
            audit.check("error")
            page.evaluate(FILL_PAGE)
            if not saved:
                press(page, "save_and_return")
                audit.check()
                saved = True
                with page.expect_navigation():
                    page.click("#carry-on")
                continue
            press(page)
    assert page.url.endswith("/check"), f"the walk ended at {page.url}"
    audit.check()
    press(page)
    assert page.url.endswith("/confirmation")
    audit.check()
    page.goto(f"{base}/resume/not-a-real-token")
    audit.check()
    page.goto(live_server.base_url + "/")
    audit.check()
    assert audit.pages >= 6
    assert not audit.violations, "\n".join(audit.violations)
