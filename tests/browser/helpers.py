"""Walking a survey in the browser the way a parent would, answering whatever each page asks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from survey.domain.yaml_checks import read_yaml

# Fills every visible question on the page with an acceptable answer: the first radio or
# checkbox of each group, a date in the past, a small number, a short text.
FILL_PAGE = """
() => {
  const form = document.querySelector('main form[method=post]');
  const groups = new Set();
  for (const select of form.querySelectorAll('select')) {
    // The organisation type-ahead's list (JavaScript put it in place of the radios).
    if (!select.value && select.options.length > 1) {
      select.value = select.options[1].value;
      const input = form.querySelector(`input#${CSS.escape(select.name)}`);
      if (input) input.value = select.options[1].text;
    }
  }
  for (const input of form.querySelectorAll('input, textarea')) {
    if (input.closest('[hidden]') || input.disabled || input.type === 'hidden' || input.name.endsWith('_search')) continue;
    if (input.classList.contains('autocomplete__input')) continue;
    if (input.type === 'radio' || input.type === 'checkbox') {
      if (!groups.has(input.name)) { input.checked = true; groups.add(input.name); }
      continue;
    }
    if (input.id.endsWith('-day')) input.value = '1';
    else if (input.id.endsWith('-month')) input.value = '2';
    else if (input.id.endsWith('-year')) input.value = '2024';
    else if (input.inputMode === 'numeric') input.value = '3';
    else input.value = 'Test answer';
  }
}
"""


def press(page: Any, name: str = "submit") -> None:
    with page.expect_navigation():
        page.click(f"main button[name={name}]")


def answer_and_continue(page: Any) -> None:
    page.evaluate(FILL_PAGE)
    press(page)


def is_question_page(page: Any) -> bool:
    return "/q/" in page.url


def pick_organisation(page: Any, key: str, typed: str, name: str) -> None:
    """Choose an organisation the way the page offers it: type a few letters into the
    type-ahead and pick the match (JavaScript, a long list), or tick its radio."""
    if page.locator(f"input#{key}.autocomplete__input").count():
        page.fill(f"#{key}", typed)
        page.click(f"#{key}__listbox li:has-text('{name}')")
        assert page.input_value(f"#{key}") == name
    else:
        page.get_by_label(name, exact=True).check()


def variants(path: Path) -> list[str]:
    """The versions a survey offers, as the query a parent's switch link would add."""
    data = read_yaml(path)
    # A survey that opens in Easy Read (default_version) shows the standard version on request.
    offered = ["easy_read=0" if data.get("default_version") == "easy_read" else ""]
    if data.get("easy_read") or any(q.get("easy_read") for q in data.get("questions") or []):
        offered.append("easy_read=1")
    languages = set((data.get("translations") or {}).keys())
    for question in data.get("questions") or []:
        languages |= set((question.get("translations") or {}).keys())
    if "cy" in languages:
        offered.append("lang=cy")
    return offered
