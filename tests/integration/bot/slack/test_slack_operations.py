"""Slack operations: multi-workspace installs through OAuth, Web API errors (rate limits, revoked
tokens) retried or reported, mentions answered in thread, and the officers' digest posted once
per period from the command line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from storage.database import Database
from storage.models import Notification, SlackInstallation, StaffSubmission
from survey.cli import main
from tests.fakes.slack_api import FakeSlackApi
from tests.support.factories import load_mini_plan, load_test_region, staff_submission
from tests.support.slack_requests import OFFICERS, SIGNING_SECRET, SlackClient, sample


@pytest.fixture
def make_app(make_app: Callable[..., Any], slack_api: FakeSlackApi) -> Callable[..., Any]:
    """Every app in this module talks to the fake Slack; each test adds its own token or
    OAuth settings."""
    return partial(
        make_app,
        TESTING=True,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.url,
        SLACK_OFFICERS_CHANNEL=OFFICERS,
        SLACK_WORKERS=1,
    )


def test_a_second_workspace_installs_through_oauth_and_is_answered_with_its_own_token(
    make_app, loaded, slack_api, tmp_path
) -> None:
    app = make_app(SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="s")
    client = app.test_client()
    page = client.get("/slack/install")
    assert page.status_code == 200
    link = next(
        part.split('"')[0]
        for part in page.get_data(as_text=True).split('href="')[1:]
        if "oauth/v2/authorize" in part
    ).replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query["client_id"] == ["111.222"] and "commands" in query["scope"][0]
    done = client.get(f"/slack/oauth_redirect?code=abc&state={query['state'][0]}")
    assert done.status_code == 200
    installed = loaded.scalar(select(SlackInstallation))
    # Stored encrypted (tests/integration/bot/slack/test_slack_secrets.py reads the raw column).
    assert installed.team_id == "T222" and "xoxb-" not in installed.bot_token

    slack = SlackClient(client)
    response = slack.command(
        "/stars", "A second council's idea", team_id="T222", enterprise_id="", enterprise_name=""
    )
    assert response.status_code == 200
    [dm] = [c for c in slack_api.called("chat.postMessage") if c.args.get("channel") == "W111"]
    assert dm.token == "xoxb-installed"


def test_an_unknown_workspace_is_refused(make_app, loaded, slack_api, tmp_path) -> None:
    app = make_app(SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="s")
    SlackClient(app.test_client()).command(
        "/stars", "hello", team_id="T999", response_url=slack_api.url + "response_url"
    )
    assert loaded.scalar(select(StaffSubmission.id)) is None
    assert len(slack_api.called("response_url")) == 1  # Bolt says the app is not installed
    assert "chat.postMessage" not in slack_api.methods()


@pytest.fixture
def single(make_app, loaded, slack_api, tmp_path) -> Any:
    return make_app(SLACK_BOT_TOKEN="xoxb-test")


def test_a_status_changed_on_the_dashboard_reaches_the_author_in_slack(
    make_app, slack_api, loaded, tmp_path
) -> None:
    from tests.pages import PageClient
    from tests.support.factories import make_user, sign_in

    single = make_app(SLACK_BOT_TOKEN="xoxb-test", WTF_CSRF_ENABLED=False)

    SlackClient(single.test_client()).command("/stars", "Text parents")
    reference = loaded.scalar(select(StaffSubmission.reference))
    make_user(loaded, "officer@example.gov.uk", "officer")
    officer = PageClient(single)
    sign_in(officer, "officer@example.gov.uk")
    officer.post(
        f"/dashboard/submissions/{reference}",
        {"status": "under_consideration", "reply": "We are costing it."},
        expected_status=302,
    )
    assert single.extensions["yousaid.slack"].executor.drain(timeout=30)
    told = [c for c in slack_api.called("chat.postMessage") if c.args["channel"] == "W111"][-1]
    assert told.args["text"] == (
        f"Your idea {reference} is now under consideration.\nYou said, we did: We are costing it."
    )


def test_a_rate_limited_message_is_retried_and_delivered(single, slack_api, loaded) -> None:
    slack_api.fail("chat.postMessage", "ratelimited", times=1, status=429)
    SlackClient(single.test_client()).command("/stars", "Retry me")
    assert set(loaded.scalars(select(Notification.status))) == {"sent"}
    # The first post (the officers' announcement, queued first) was refused with 429 and sent
    # again; the author's acknowledgement then went through once.
    channels = [c.args["channel"] for c in slack_api.called("chat.postMessage")]
    assert channels == [OFFICERS, OFFICERS, "W111"]


def test_a_revoked_token_is_recorded_as_failed_not_lost(single, slack_api, loaded) -> None:
    slack_api.fail("chat.postMessage", "token_revoked", times=5)
    response = SlackClient(single.test_client()).command("/stars", "Nobody will hear")
    assert response.status_code == 200  # the submission itself is safe
    notification = loaded.scalar(select(Notification).where(Notification.kind != "officers"))
    assert (notification.status, notification.last_error) == ("failed", "token_revoked")
    assert loaded.scalar(select(StaffSubmission.reference)) in response.get_json()["text"]


def test_a_mention_is_answered_in_its_thread_with_buttons(single, slack_api) -> None:
    SlackClient(single.test_client()).event(sample("event_app_mention.slack_docs.json"))
    [offer] = slack_api.called("chat.postMessage")
    assert (offer.args["channel"], offer.args["thread_ts"]) == ("C123ABC456", "1515449522.000016")
    assert "is it everything a river should be?" in offer.args["text"]
    assert "<@U0LAN0Z89>" not in offer.args["text"]


def test_the_url_check_is_answered(single) -> None:
    body = sample("url_verification.json")
    response = SlackClient(single.test_client()).event(body)
    assert response.get_json() == {"challenge": body["challenge"]}


# --- the digest from the command line -------------------------------------------------------


@pytest.fixture
def digest_cli(scratch_url: str, tmp_path: Path, slack_api: FakeSlackApi) -> Any:
    runner = CliRunner()
    env = {
        "DATABASE_URL": scratch_url,
        "YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"),
        "YOUSAID_ENV": "development",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": slack_api.url,
        "SLACK_OFFICERS_CHANNEL": OFFICERS,
    }

    def run(*args: str) -> Any:
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    assert run("db", "upgrade").exit_code == 0
    database = Database(scratch_url)
    last_week = dt.datetime.now() - dt.timedelta(days=dt.date.today().weekday() + 3)
    with database.unit_of_work() as session:
        load_test_region(session)
        load_mini_plan(session)
    with database.unit_of_work() as session:
        for number, kind in enumerate(["idea", "idea", "concern"]):
            staff_submission(
                session,
                kind=kind,
                text=f"Call Jo on 07700 900123 about item {number}",
                channel="slack",
                author_id=f"U{number}",
                workstream="staff-reference-group",
                submitted_at=last_week,
            )
    database.dispose()
    return run


def test_the_digest_is_posted_once_per_week_with_free_text_redacted(digest_cli, slack_api) -> None:
    first = digest_cli("digest", "send", "--period", "week")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Posted the digest for the week of")
    again = digest_cli("digest", "send", "--period", "week")
    assert again.exit_code == 0 and "already posted; nothing sent" in again.output
    [post] = slack_api.called("chat.postMessage")
    assert post.args["channel"] == OFFICERS
    text = post.args["text"]
    assert "Submissions: 3 (2 ideas, 1 concern)" in text
    assert "By workstream: Staff reference group (STARS) 3" in text
    assert "New concerns:" in text and "07700 900123" not in text


def test_socket_mode_without_an_app_token_is_one_plain_sentence(digest_cli) -> None:
    result = digest_cli("slack", "socket")
    assert result.exit_code == 1
    assert (
        result.output.strip() == "Error: Set SLACK_APP_TOKEN (an app-level token, xapp-...) first."
    )


def test_a_refused_digest_exits_with_one_sentence_and_can_be_run_again(
    digest_cli, slack_api
) -> None:
    slack_api.fail("chat.postMessage", "channel_not_found")
    failed = digest_cli("digest", "send")
    assert failed.exit_code == 1
    assert failed.output.strip() == (
        "Error: Slack refused the digest (channel_not_found); nothing was posted, run it again later"
    )
    assert digest_cli("digest", "send").exit_code == 0


def test_notifications_deliver_retries_what_is_owed(digest_cli, slack_api, scratch_url) -> None:
    database = Database(scratch_url)
    with database.unit_of_work() as session:
        receipt = staff_submission(
            session,
            kind="idea",
            text="Named",
            channel="slack",
            author_id="U7",
            workspace_id="T111",
            reply_address={"team": "T111", "user": "U7"},
        )
        from survey.officers.submissions import change_status

        change_status(session, receipt.reference, "acknowledged", None, "cli")  # no sender here
    database.dispose()
    result = digest_cli("notifications", "deliver")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Sent 1, will retry 0, failed 0")
    [dm] = slack_api.called("chat.postMessage")
    assert dm.args == {
        "channel": "U7",
        "text": f"Your idea {receipt.reference} is now acknowledged.",
    }
