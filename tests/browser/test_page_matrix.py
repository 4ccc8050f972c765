"""Every parent and public page (tests/browser/pages.py), in every version (standard, Easy Read,
Welsh), with and without JavaScript, checked in Chromium (issue 16):

- axe-core at WCAG 2.2 AA tags, at 390 px and 1280 px;
- reflow (1.4.10) at 320 px wide and at 1280 px zoomed to 400% (a 320 x 256 viewport);
- text spacing (1.4.12) with the WCAG bookmarklet's spacing, at 320 px and 1280 px;
- focus visible and not obscured (2.4.7, 2.4.11), tabbing through every stop at 390 px.

One pass loads each page twice (with and without JavaScript) and resizes it for each width, so the
whole matrix stays affordable; each kind of check is then its own test, per group of pages.

"Without JavaScript" blocks the pages' own scripts (every script is an external file: the CSP
forbids inline ones) rather than using Chromium's switch, because axe-core needs timers and a page
with JavaScript switched off runs none. The keyboard journeys (test_keyboard_journey.py) use the
real switch.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.checks import REFLOW, focus_problems, text_spacing_problems
from tests.browser.conftest import AXE, WCAG_TAGS
from tests.browser.pages import Group, Visit, groups, prepare_database, visits_of

pytestmark = pytest.mark.browser

PHONE, DESK = (390, 844), (1280, 800)
NARROW, ZOOMED = (320, 640), (320, 256)  # 320 CSS px; 1280 x 1024 at 400%
RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], elementRef: false,
    performanceTimer: false, ancestry: false, xpath: false});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}
"""
CHECKS = ("axe", "reflow", "text-spacing", "focus")
GROUPS = groups()


class Sweep:
    """Runs every check on a group's pages once, and keeps what each found."""

    def __init__(self, chromium: Any, live_server: Any) -> None:
        self.chromium, self.live_server = chromium, live_server
        self.axe = AXE.read_text(encoding="utf-8")
        self.done: dict[str, dict[str, Any]] = {}
        self.tabs: dict[bool, Any] = {}

    def tab(self, javascript: bool) -> Any:
        if javascript not in self.tabs:
            context = self.chromium.new_context(
                bypass_csp=True, viewport={"width": PHONE[0], "height": PHONE[1]}
            )
            context.add_init_script(script=self.axe)
            if not javascript:
                context.route("**/*.js", lambda route: route.abort())
            page = context.new_page()
            page.set_default_timeout(10_000)
            self.tabs[javascript] = page
        return self.tabs[javascript]

    def close(self) -> None:
        for page in self.tabs.values():
            page.context.close()

    def results(self, group: Group) -> dict[str, Any]:
        if group.id not in self.done:
            self.done[group.id] = self._run(group)
        return self.done[group.id]

    def _run(self, group: Group) -> dict[str, Any]:
        found: dict[str, list[str]] = {check: [] for check in CHECKS}
        result: dict[str, Any] = {"found": found, "skip": None, "pages": 0}
        for visit in visits_of(self.chromium, self.live_server, group):
            for javascript in (True, False):
                skip = self._check(visit, javascript, found)
                if skip:
                    result["skip"] = skip
                    return result
            result["pages"] += 1
        return result

    def _axe(self, page: Any) -> list[str]:
        violations: list[str] = page.evaluate(RUN_AXE, WCAG_TAGS)
        return violations

    def _check(self, visit: Visit, javascript: bool, found: dict[str, list[str]]) -> str | None:
        page = self.tab(javascript)
        page.context.clear_cookies()
        if visit.cookies:
            page.context.add_cookies(visit.cookies)
        page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
        response = page.goto(visit.url)
        status = response.status if response else 0
        if visit.pending and status == 404:
            return f"{visit.name} answers 404 today: {visit.pending}"
        mode = "JavaScript" if javascript else "no JavaScript"
        where = f"{visit.name} ({visit.url.split('/', 3)[-1] or '/'}, {mode})"
        if status != visit.status or page.url.split("?")[0] != visit.url.split("?")[0]:
            found["axe"].append(f"{where}: answered {status} at {page.url}, not the page")
            return None
        found["axe"] += [f"{where} at 390 px: {v}" for v in self._axe(page)]
        if javascript:
            found["focus"] += [f"{where} at 390 px: {p}" for p in focus_problems(page)]
        for size in (NARROW, ZOOMED):
            page.set_viewport_size({"width": size[0], "height": size[1]})
            label = f"{where} at {size[0]} x {size[1]}"
            found["reflow"] += [f"{label}: {p}" for p in page.evaluate(REFLOW)]
        found["text-spacing"] += [f"{where} at 320 px: {p}" for p in text_spacing_problems(page)]
        page.set_viewport_size({"width": DESK[0], "height": DESK[1]})
        found["axe"] += [f"{where} at 1280 px: {v}" for v in self._axe(page)]
        found["text-spacing"] += [f"{where} at 1280 px: {p}" for p in text_spacing_problems(page)]
        return None


@pytest.fixture(scope="module")
def sweep(
    chromium: Any, live_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Sweep]:
    prepare_database(live_server, tmp_path_factory.mktemp("pages"))
    checks = Sweep(chromium, live_server)
    try:
        yield checks
    finally:
        checks.close()


def problems(sweep: Sweep, group: Group, check: str) -> list[str]:
    result = sweep.results(group)
    if result["skip"]:
        pytest.skip(result["skip"])
    assert result["pages"] >= 1
    found: list[str] = result["found"][check]
    return found


@pytest.mark.parametrize("group", GROUPS, ids=[g.id for g in GROUPS])
def test_axe_finds_no_wcag_22_aa_violations(sweep: Sweep, group: Group) -> None:
    found = problems(sweep, group, "axe")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("group", GROUPS, ids=[g.id for g in GROUPS])
def test_pages_reflow_at_320_px_and_400_percent_zoom(sweep: Sweep, group: Group) -> None:
    found = problems(sweep, group, "reflow")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("group", GROUPS, ids=[g.id for g in GROUPS])
def test_text_spacing_loses_nothing(sweep: Sweep, group: Group) -> None:
    found = problems(sweep, group, "text-spacing")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("group", GROUPS, ids=[g.id for g in GROUPS])
def test_every_focus_stop_is_visible_and_not_obscured(sweep: Sweep, group: Group) -> None:
    found = problems(sweep, group, "focus")
    assert not found, "\n".join(found)
