"""The page matrix's own checks (tests/browser/checks.py) find what they look for: a page that
is wrong in each way fails, and a plain GOV.UK-like page passes. Without this a check that never
reports anything would pass every page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.checks import REFLOW, focus_problems, text_spacing_problems

pytestmark = pytest.mark.browser


def show(page: Any, body: str, style: str = "", width: int = 320, height: int = 640) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.set_content(
        f"<!DOCTYPE html><html lang=en><head><style>body {{ margin: 8px; }} {style}</style>"
        f"</head><body>{body}</body></html>"
    )


def test_reflow_finds_a_page_wider_than_the_screen(page: Any) -> None:
    show(page, "<p>Fine</p><div style='width: 500px'>Too wide</div>")
    found = page.evaluate(REFLOW)
    assert any("scrolls sideways" in problem for problem in found)
    assert any('div ("Too wide")' in problem for problem in found)


def test_reflow_allows_a_table_in_its_own_scroll_region(page: Any) -> None:
    show(
        page,
        "<div style='overflow-x: auto'><table style='width: 600px'><tr><td>x</td></tr>"
        "</table></div><p>A long address: https://example.org/averyveryverylongpath"
        "withoutanybreaksatallinit</p>",
        style="p { overflow-wrap: break-word; }",
    )
    assert page.evaluate(REFLOW) == []


def test_text_spacing_finds_text_cut_off_by_a_fixed_height(page: Any) -> None:
    show(
        page,
        "<div style='height: 20px; overflow: hidden; width: 100px'>Words that need "
        "more than one line once spaced out</div><button>Continue</button>",
    )
    found = text_spacing_problems(page)
    assert any("cuts off its text" in problem for problem in found)


def test_text_spacing_finds_a_button_too_small_for_its_words(page: Any) -> None:
    show(
        page,
        "<button style='width: 60px; height: 24px; white-space: nowrap'>"
        "Save and come back later</button>",
    )
    assert any("too small for its text" in p for p in text_spacing_problems(page))


def test_focus_finds_a_link_that_does_not_change_when_focused(page: Any) -> None:
    show(
        page,
        "<a href='#a' id=a>First</a> <a href='#b' id=b>Second</a>",
        style="a:focus { outline: none; }",
        width=1280,
    )
    found = focus_problems(page)
    assert any("a#a" in p and "looks the same" in p for p in found)


def test_focus_finds_a_control_under_a_sticky_banner(page: Any) -> None:
    show(
        page,
        "<div style='position: fixed; top: 0; left: 0; right: 0; height: 200px; "
        "background: #fff'>Banner</div><div style='height: 1200px'></div>"
        "<button id=hidden-by-banner>Continue</button><div style='height: 1200px'></div>",
        height=400,
    )
    page.evaluate("() => { window.scrollTo(0, 0); }")
    found = focus_problems(page)
    # Chromium scrolls the button into view at the top edge, under the banner.
    assert any("hidden-by-banner" in p and ("covered" in p or "off screen" in p) for p in found)


def test_focus_passes_govuk_like_focus_styles(page: Any) -> None:
    show(
        page,
        "<a href='#a'>A link</a> <button>Continue</button>",
        style="a:focus, button:focus { outline: 3px solid #fd0; }",
        width=1280,
    )
    assert focus_problems(page) == []
