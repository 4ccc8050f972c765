"""What the accessibility statement (/accessibility) and the cookies page (/cookies) say that is
not configuration: the checks the project's own tests make, the known issues, and the cookies the
service sets. Kept here, beside the code, so they are changed with it:

- each check names the test modules that make it true (tests/unit/web/test_statements.py fails
  when one is gone), so the statement cannot claim a test nobody runs;
- a known issue is removed only by the change that fixes it, with a test;
- tests/integration/web/test_statement_pages.py drives a journey and fails when the service sets
  a cookie this list does not name.

Strings are marked with ``_`` (Flask-Babel's lazy_gettext) so the Welsh catalogue covers them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _

# When the checks and known issues below were last reviewed against the test suite: the
# statement's "last tested" and "prepared" dates unless the council configures its own.
CHECKS_REVIEWED = dt.date(2026, 12, 4)  # with the page matrix and keyboard journey


@dataclass(frozen=True)
class Check:
    text: Any  # a lazy string, translated when shown
    tests: tuple[str, ...]  # the test modules that make it true, from the repository root


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: Any
    expiry: Any


CHECKS = (
    Check(
        _(
            "Every page of every survey, in its standard, Easy Read and Welsh versions and with "
            "its error messages showing, is checked with the axe-core tool against WCAG 2.2 AA."
        ),
        ("tests/browser/test_accessibility.py",),
    ),
    Check(
        _(
            "Every page parents and the public see, in every version, is checked with axe-core "
            "against WCAG 2.2 AA on a phone-sized screen (390 pixels wide) and a desktop one "
            "(1280 pixels), with and without JavaScript."
        ),
        ("tests/browser/test_page_matrix.py",),
    ),
    Check(
        _(
            "Those pages are checked at 320 pixels wide and at 400% zoom for scrolling in only "
            "one direction (WCAG 1.4.10 Reflow), with increased spacing between letters, words "
            "and lines (WCAG 1.4.12 Text spacing), and for a focus indicator that can be seen "
            "and is not hidden (WCAG 2.4.7 and 2.4.11)."
        ),
        ("tests/browser/test_page_matrix.py",),
    ),
    Check(
        _(
            "Every survey is completed using only a keyboard, in English and in Welsh, and "
            "without JavaScript."
        ),
        ("tests/browser/test_keyboard_journey.py",),
    ),
    Check(
        _("The pages council staff use are checked with axe-core against WCAG 2.2 AA."),
        (
            "tests/browser/test_officer_accessibility.py",
            "tests/browser/test_linking_accessibility.py",
        ),
    ),
    Check(
        _(
            "A survey is completed from start to finish in a real browser, including saving "
            "answers and coming back to them, switching to Easy Read and correcting mistakes."
        ),
        ("tests/browser/test_journey.py",),
    ),
    Check(
        _(
            "Every survey can be completed without JavaScript: the whole journey is tested "
            "without it."
        ),
        ("tests/integration/parents/test_respond.py",),
    ),
    Check(
        _("Pressing Enter in a text box moves on to the next page, with and without JavaScript."),
        ("tests/browser/test_enter_continues.py",),
    ),
    Check(
        _(
            "A survey shown inside another website's page can still be completed, and offers "
            "a link to open it in a new tab."
        ),
        ("tests/browser/test_embedding.py",),
    ),
)

# Known issues: shown as non-compliances unless the council's own audit says the service is
# fully compliant. Honest first; remove one only with the change that fixes it.
KNOWN_ISSUES = (
    _(
        "Spreadsheets and Word documents that council staff download from the dashboard have "
        "not been checked for accessibility."
    ),
)

# What automated testing cannot tell us, said under "What we're doing to improve accessibility".
TESTING_GAPS = (
    _(
        "Automated tools find only some accessibility problems. The service has not yet been "
        "tested with screen readers such as JAWS, NVDA and VoiceOver, with speech recognition "
        "software, or by disabled people."
    ),
)


def cookies(config: Mapping[str, Any]) -> list[Cookie]:
    """Every cookie the service can set, for the cookies page. All are strictly necessary."""
    found = [
        Cookie(
            str(config.get("SESSION_COOKIE_NAME") or "session"),
            _(
                "Remembers your answers while you fill in a survey, the language you chose and "
                "whether you asked for Easy Read. For council staff, it remembers that you are "
                "signed in. It also holds a code that stops other websites sending forms in "
                "your name."
            ),
            _("When you close your browser"),
        )
    ]
    if config.get("SLACK_CLIENT_ID") and config.get("SLACK_CLIENT_SECRET"):
        found.append(
            Cookie(
                "slack-app-oauth-state",
                _(
                    "Only for council staff adding the Slack app to a workspace: checks that "
                    "the answer coming back from Slack belongs to the installation started here."
                ),
                _("10 minutes"),
            )
        )
    return found
