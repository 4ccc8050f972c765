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
  for (const input of form.querySelectorAll('input, textarea')) {
    if (input.closest('[hidden]') || input.type === 'hidden' || input.name.endsWith('_search')) continue;
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


def variants(path: Path) -> list[str]:
    """The versions a survey offers, as the query a parent's switch link would add."""
    data = read_yaml(path)
    offered = [""]
    if data.get("easy_read") or any(q.get("easy_read") for q in data.get("questions") or []):
        offered.append("easy_read=1")
    languages = set((data.get("translations") or {}).keys())
    for question in data.get("questions") or []:
        languages |= set((question.get("translations") or {}).keys())
    if "cy" in languages:
        offered.append("lang=cy")
    return offered
