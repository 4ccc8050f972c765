"""A parent who uses only the keyboard completes every shipped survey (issue 16): Tab to each
question, Space and the arrow keys to choose, typing into text boxes, Enter on Continue, from the
start page to the confirmation. In English and Welsh with JavaScript, and in English with
JavaScript switched off (Chromium's own switch)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from survey.domain.yaml_checks import read_yaml
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const group = el.name ? document.querySelectorAll(`[name="${el.name}"]`) : [];
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', id: el.id || '',
          role: el.getAttribute('role') || '', value: el.value || '', checked: !!el.checked,
          anyChecked: [...group].some((other) => other.checked), numeric: el.inputMode === 'numeric',
          inMain: !!el.closest('main'), lang: document.documentElement.lang};
}"""
FIRST_CHOICE = """(key) => [...document.querySelectorAll(`select[name="${key}"] option`)]
  .map((option) => option.textContent.trim()).find((text) => text)"""
ERRORS = "() => document.querySelector('.govuk-error-summary')?.innerText || ''"


def journeys() -> list[Any]:
    cases = []
    for path in sorted((EXAMPLES / "surveys").glob("*.yaml")):
        cases.append(pytest.param(path, "", True, id=f"{path.stem}-standard"))
        if "cy" in (read_yaml(path).get("translations") or {}):
            cases.append(pytest.param(path, "lang=cy", True, id=f"{path.stem}-welsh"))
        cases.append(pytest.param(path, "", False, id=f"{path.stem}-standard-no-javascript"))
    return cases


@pytest.fixture
def keyboard_tab(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = chromium.new_context(
        java_script_enabled=request.param, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


def type_answer(page: Any, focus: dict[str, Any]) -> None:
    if focus["id"].endswith("-day"):
        page.keyboard.type("1")
    elif focus["id"].endswith("-month"):
        page.keyboard.type("2")
    elif focus["id"].endswith("-year"):
        page.keyboard.type("2024")
    elif focus["numeric"] or focus["type"] == "number":
        page.keyboard.type("3")
    else:
        page.keyboard.type("Answered with the keyboard")


def answer_by_keyboard(page: Any, language: str) -> None:
    """Answer what this page asks, then press Enter on Continue (or Start, or Send)."""
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    where = page.url
    assert page.get_attribute("html", "lang") == language, f"{where} is not in {language}"
    for _ in range(200):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        assert focus is not None, f"Tab left {where} without reaching its Continue button"
        if not focus["inMain"]:
            continue
        if focus["tag"] == "button":
            if focus["name"] == "submit":
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                assert page.url != where or not page.evaluate(ERRORS), (
                    f"{where} did not accept the keyboard's answers: {page.evaluate(ERRORS)}"
                )
                return
            continue  # Search, Save and come back later
        if focus["type"] == "radio" and not focus["anyChecked"]:
            page.keyboard.press("Space")
            page.keyboard.press("ArrowDown")  # arrows move the choice within the group...
            page.keyboard.press("ArrowUp")  # ...and back to the first
        elif focus["type"] == "checkbox" and not focus["anyChecked"]:
            page.keyboard.press("Space")
        elif focus["role"] == "combobox" and not focus["value"]:
            # The type-ahead: type the start of a name the parent knows (the first one the
            # list offers), arrow down to the suggestion and choose it with Enter.
            name = page.evaluate(FIRST_CHOICE, focus["id"])
            page.keyboard.type(name[:3])
            page.wait_for_selector(f"[id='{focus['id']}__listbox'] li[role=option]")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            assert page.input_value(f"[id='{focus['id']}']") == name
        elif focus["tag"] == "select":
            page.keyboard.press("ArrowDown")
        elif (
            focus["tag"] in {"input", "textarea"}
            and focus["type"] in {"text", "number", "textarea", "email", "tel", ""}
            and not focus["value"]
            and not focus["name"].endswith("_search")
        ):
            type_answer(page, focus)
    raise AssertionError(f"{where}: no Continue button within 200 presses of Tab")


@pytest.mark.parametrize(("path", "variant", "keyboard_tab"), journeys(), indirect=["keyboard_tab"])
def test_a_keyboard_alone_completes_every_survey(
    live_server: Any, keyboard_tab: Any, path: Path, variant: str
) -> None:
    page = keyboard_tab
    language = "cy" if variant == "lang=cy" else "en"
    base = f"{live_server.base_url}/s/{read_yaml(path)['slug']}"
    page.goto(f"{base}?{variant}" if variant else base)
    for _ in range(40):
        if page.url.endswith("/confirmation"):
            break
        answer_by_keyboard(page, language)
    assert page.url.endswith("/confirmation"), f"the keyboard journey ended at {page.url}"
    assert page.locator(".govuk-panel strong").inner_text().startswith("YS-")
    assert page.get_attribute("html", "lang") == language
