"""What the page matrix measures on a loaded page, as scripts run in the page: reflow (WCAG
1.4.10), text spacing (1.4.12), focus visible and not obscured (2.4.7, 2.4.11). Each returns
sentences saying what is wrong, an empty list when nothing is."""

from __future__ import annotations

from typing import Any

# Shared helpers, prepended to each check: a short name for an element, and whether it is hidden
# on purpose (GOV.UK's visually-hidden text is clipped to a pixel, the honeypot is [hidden]).
_COMMON = """
const describe = (el) => {
  let text = el.tagName.toLowerCase();
  if (el.id) text += '#' + el.id;
  else if (el.classList.length) text += '.' + [...el.classList].slice(0, 2).join('.');
  const words = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
  return words ? `${text} ("${words.slice(0, 40)}")` : text;
};
const hiddenOnPurpose = (el) => {
  for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.display === 'none' || s.visibility === 'hidden') return true;
    if (s.clipPath !== 'none' || (s.clip && s.clip !== 'auto')) return true;
  }
  return false;
};
const cuts = (value) => value === 'hidden' || value === 'clip';
const clipped = () => {
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    if (!cuts(s.overflowX) && !cuts(s.overflowY)) continue;
    if (!(el.innerText || '').trim() || hiddenOnPurpose(el)) continue;
    if (cuts(s.overflowY) && el.scrollHeight > el.clientHeight + 1)
      found.push(`${describe(el)} cuts off its text (${el.scrollHeight}px tall in ${el.clientHeight}px)`);
    else if (cuts(s.overflowX) && el.scrollWidth > el.clientWidth + 1)
      found.push(`${describe(el)} cuts off its text (${el.scrollWidth}px wide in ${el.clientWidth}px)`);
  }
  return found;
};
"""

# 1.4.10: no scrolling sideways, nothing wider than the viewport except inside a region that
# scrolls on its own (a wide data table), and nothing clipped.
REFLOW = (
    "() => {"
    + _COMMON
    + """
  const problems = [];
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth > width)
    problems.push(`the page scrolls sideways: ${root.scrollWidth}px of content in ${width}px`);
  const inScrollRegion = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (['auto', 'scroll'].includes(s.overflowX) && a.getBoundingClientRect().right <= width + 1)
        return true;
    }
    return false;
  };
  const reported = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || (r.right <= width + 1 && r.left >= -1)) continue;
    if (reported.some((outer) => outer.contains(el))) continue;
    if (hiddenOnPurpose(el) || inScrollRegion(el)) continue;
    reported.push(el);
    problems.push(`${describe(el)} runs from ${Math.round(r.left)}px to ${Math.round(r.right)}px ` +
                  `of a ${width}px wide screen`);
  }
  return problems.concat(clipped());
}
"""
)

# The WCAG 1.4.12 text-spacing bookmarklet's rules.
TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

# 1.4.12 with the spacing above applied: nothing cut off, nothing sideways, and every button,
# label, legend and link-button still whole and on top (the point at its centre is itself).
TEXT_SPACING = (
    "() => {"
    + _COMMON
    + """
  const problems = clipped();
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth)
    problems.push(`the page scrolls sideways: ${root.scrollWidth}px of content in ${root.clientWidth}px`);
  const whole = 'button, label, legend, .govuk-button, .govuk-tag, .govuk-back-link, summary';
  for (const el of document.querySelectorAll(whole)) {
    if (hiddenOnPurpose(el) || el.closest('[hidden]')) continue;
    el.scrollIntoView({block: 'center', inline: 'center'});
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    // The text's own box, not scrollWidth: GOV.UK buttons have a larger click area (::before).
    const words = document.createRange();
    words.selectNodeContents(el);
    const t = words.getBoundingClientRect();
    if (t.width && (t.left < r.left - 1 || t.right > r.right + 1 || t.bottom > r.bottom + 1))
      problems.push(`${describe(el)} is too small for its text`);
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const ownLabelled = el.tagName === 'LABEL' && el.control && hit === el.control;
    if (hit && !el.contains(hit) && !hit.contains(el) && !ownLabelled)
      problems.push(`${describe(el)} is covered by ${describe(hit)}`);
  }
  window.scrollTo(0, 0);
  return problems;
}
"""
)

# 2.4.7 and 2.4.11 for the element that has focus now: its look (or its label's, where GOV.UK
# draws the ring on the label of a hidden radio or checkbox) differs from when it has no focus,
# and it is on screen and not under anything else.
FOCUSED = (
    "async () => {"
    + _COMMON
    + """
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const looks = () => {
    const parts = [el, ...(el.labels || [])];
    const props = ['outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow', 'backgroundColor',
                   'color', 'textDecorationLine', 'textDecorationThickness', 'borderBottomWidth',
                   'borderBottomColor', 'clip', 'clipPath'];
    return JSON.stringify(parts.flatMap((part) => [null, '::before', '::after'].map((pseudo) => {
      const s = getComputedStyle(part, pseudo);
      return props.map((p) => s[p]);
    })));
  };
  // Scripts may restyle on focus and blur (the type-ahead toggles a class): let them settle.
  const settle = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 30)));
  const focused = looks();
  el.blur();
  await settle();
  const unfocused = looks();
  el.focus({preventScroll: true});
  await settle();
  const problems = [];
  const name = describe(el);
  if (focused === unfocused) problems.push(`${name} looks the same with and without focus`);
  // A link that wraps has one box per line: its first line must be on screen and on top (the
  // middle of the whole box can fall between the lines, on the paragraph).
  const r = el.getClientRects()[0] || el.getBoundingClientRect();
  const visible = r.width > 0 && r.height > 0;
  if (!visible) problems.push(`${name} has focus but no size on screen`);
  else if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth)
    problems.push(`${name} has focus but is off screen`);
  else {
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    const ok = hit && (el.contains(hit) || [...(el.labels || [])].some((l) => l.contains(hit)));
    if (!ok) problems.push(`${name} has focus but is covered by ${hit ? describe(hit) : 'nothing'}`);
  }
  return {name, problems};
}
"""
)


def text_spacing_problems(page: Any) -> list[str]:
    style = page.add_style_tag(content=TEXT_SPACING_CSS)
    try:
        found: list[str] = page.evaluate(TEXT_SPACING)
    finally:
        style.evaluate("node => node.remove()")
    return found


def focus_problems(page: Any, limit: int = 120) -> list[str]:
    """Tab from the top of the page through every stop, checking each as it gets focus."""
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }"
    )
    problems: list[str] = []
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        if state is None:  # focus has left the page: every stop seen
            break
        if state["name"] == first:
            break
        first = first or state["name"]
        problems += state["problems"]
    return problems
