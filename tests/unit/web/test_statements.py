"""The accessibility statement's list of checks names real tests: a check whose test module is
gone (renamed, deleted) fails here, so the statement cannot claim a test nobody runs."""

from __future__ import annotations

import datetime as dt

from survey.web import statements
from tests.conftest import ROOT


def test_every_check_names_test_modules_that_exist() -> None:
    for check in statements.CHECKS:
        assert check.tests, f"name the tests behind: {check.text}"
        for path in check.tests:
            assert (ROOT / path).is_file(), f"{path} is gone: update survey/web/statements.py"


def test_the_review_date_is_a_real_past_date() -> None:
    assert dt.date(2026, 1, 1) <= statements.CHECKS_REVIEWED <= dt.date.today()


def test_the_session_cookie_is_named_from_flask_s_setting() -> None:
    named = statements.cookies({"SESSION_COOKIE_NAME": "yousaid_session"})
    assert [cookie.name for cookie in named] == ["yousaid_session"]
    with_slack = statements.cookies({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"})
    assert [cookie.name for cookie in with_slack] == ["session", "slack-app-oauth-state"]
