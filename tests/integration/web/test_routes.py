"""Every URL the app answers, against the checked-in list in routes.txt: removing or renaming a
URL by accident fails here, naming it. Parents' links, QR posters, bookmarks and Slack's and
Teams' configured endpoints all point at these, so a change must be on purpose.

Only the rule and its methods are compared, not endpoint names, so views can be split or
renamed freely. Slack is configured so its routes are listed too; Teams registers always.
After changing URLs on purpose, regenerate the list with:
    YOUSAID_WRITE_ROUTES=1 pytest tests/integration/web/test_routes.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXPECTED = Path(__file__).with_name("routes.txt")
# Flask adds these to every rule itself; listing them would only add noise.
IMPLICIT_METHODS = {"HEAD", "OPTIONS"}


def url_rules(app: Any) -> list[str]:
    """One line per URL and method, e.g. "POST /dashboard/links", sorted by URL then method."""
    lines = {
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules()
        for method in sorted(set(rule.methods or ()) - IMPLICIT_METHODS)
    }
    return sorted(lines, key=lambda line: (line.split(" ", 1)[1], line))


def expected_rules() -> list[str]:
    lines = EXPECTED.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_every_url_is_still_served(make_app: Callable[..., Any]) -> None:
    app = make_app(
        TESTING=True, SLACK_SIGNING_SECRET="test-signing-secret", SLACK_BOT_TOKEN="xoxb-test"
    )
    actual = url_rules(app)
    if os.environ.get("YOUSAID_WRITE_ROUTES"):
        header = (
            "# METHOD URL-rule, one a line; checked by test_routes.py (endpoints not compared)\n"
        )
        EXPECTED.write_text(header + "\n".join(actual) + "\n", encoding="utf-8")
    expected = expected_rules()
    missing = sorted(set(expected) - set(actual))
    added = sorted(set(actual) - set(expected))
    assert not missing and not added, (
        "The app's URLs differ from tests/integration/web/routes.txt.\n"
        + "".join(f"  no longer served: {line}\n" for line in missing)
        + "".join(f"  new, not listed:  {line}\n" for line in added)
        + "If this is on purpose, update routes.txt (see this module's docstring)."
    )
