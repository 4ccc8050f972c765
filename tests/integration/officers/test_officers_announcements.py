"""Officers hear of every new staff submission on every configured officers' channel.

Whatever channel a submission came in through (Slack, Teams, the command line), intake queues an
announcement in the notification outbox for the Slack officers' channel and the Teams officers'
conversation; each is delivered after the commit, retried by ``yousaid notifications deliver``
when a channel fails, and never sent twice. The digest goes to every officers' channel too.
Slack and Teams are real-shaped fakes on 127.0.0.1 (tests/fakes).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storage.database import Database
from storage.models import Notification, StaffSubmission
from storage.repositories import teams_conversations
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.teams_connector import FakeConnector
from tests.integration.bot.slack.test_slack_app import stars_form
from tests.integration.bot.teams.test_teams_conversations import OFFICERS as TEAMS_OFFICERS
from tests.integration.bot.teams.test_teams_conversations import (
    TeamsChat,
    add_officers_channel,
    text_of,
)
from tests.support.apps import TEST_SECRET_KEY
from tests.support.factories import load_mini_plan, load_test_region, staff_submission
from tests.support.slack_requests import OFFICERS, SIGNING_SECRET, SlackClient

IDEA = "we should text parents when an EHC draft is ready"
STATUS_BUTTONS = [
    "stars_status:acknowledged",
    "stars_status:under_consideration",
    "stars_status:actioned",
    "stars_status:not_taken_forward",
]


@pytest.fixture
def both(
    make_app: Any, loaded: Any, slack_api: FakeSlackApi, connector: FakeConnector, tmp_path: Path
) -> Iterator[Any]:
    """Slack and Teams both configured, each with its officers' channel; the app has been added
    to the officers' team, so Teams knows where to post."""

    app = make_app(
        TESTING=True,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL=slack_api.url,
        SLACK_OFFICERS_CHANNEL=OFFICERS,
        SLACK_WORKERS=1,  # deliveries one after another on the test's one connection
        TEAMS_OFFICERS_CONVERSATION=TEAMS_OFFICERS,
    )
    add_officers_channel(app, connector)
    yield app
    app.extensions["yousaid.slack"].executor.shutdown(wait=True)


def settle(app: Any) -> None:
    """Wait for deliveries on the Slack worker thread to finish (never sleep)."""
    assert app.extensions["yousaid.slack"].executor.drain(timeout=30)


def slack_officers(slack_api: FakeSlackApi) -> list[Any]:
    return [c for c in slack_api.called("chat.postMessage") if c.args.get("channel") == OFFICERS]


def teams_officers(connector: FakeConnector) -> list[dict[str, Any]]:
    # Announcements only: not the welcome card posted when the app was added, nor a digest.
    return [c for c in connector.cards(TEAMS_OFFICERS) if c["body"][0]["text"].startswith("New ")]


def buttons(post: Any) -> list[str]:
    return [
        e["action_id"] for b in post.args["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]


def announcements(session: Any) -> list[tuple[str, str, int]]:
    session.expire_all()  # read what the deliverers committed, not this session's copies
    rows = session.scalars(
        select(Notification).where(Notification.kind == "officers").order_by(Notification.id)
    )
    return [(r.channel.value, r.status, r.attempts) for r in rows]


def file_in_teams(app: Any, connector: FakeConnector, text: str, anonymous: bool) -> TeamsChat:
    chat = TeamsChat(app, connector)
    chat.say(f"idea: {text}")
    chat.submit(
        chat.last(), {"kind": "idea", "text": text, "anonymous": "true" if anonymous else "false"}
    )
    settle(app)
    return chat


def test_a_slack_submission_reaches_the_slack_and_the_teams_officers(
    both, slack_api, connector, loaded
) -> None:
    SlackClient(both.test_client()).command("/stars", IDEA)
    settle(both)
    reference = loaded.scalar(select(StaffSubmission.reference))

    [post] = slack_officers(slack_api)
    assert post.args["text"] == f"New idea {reference}"
    assert IDEA in json.dumps(post.args["blocks"])
    assert buttons(post) == STATUS_BUTTONS

    [card] = teams_officers(connector)
    assert reference in text_of(card) and IDEA in text_of(card)
    assert [a["data"]["status"] for a in card["actions"]] == [
        b.split(":")[1] for b in STATUS_BUTTONS
    ]
    assert announcements(loaded) == [("slack", "sent", 1), ("teams", "sent", 1)]


def test_a_teams_submission_reaches_the_slack_officers_too(
    both, slack_api, connector, loaded
) -> None:
    file_in_teams(both, connector, "drop-in clinics for SENCOs", anonymous=False)
    reference = loaded.scalar(select(StaffSubmission.reference))

    [post] = slack_officers(slack_api)
    assert post.args["text"] == f"New idea {reference}"
    assert "From: Megan Bowen" in json.dumps(post.args["blocks"])
    [card] = teams_officers(connector)
    assert reference in text_of(card) and "Megan Bowen" in text_of(card)


def test_an_anonymous_submission_is_announced_without_the_name(
    both, slack_api, connector, loaded
) -> None:
    file_in_teams(both, connector, "Caseloads are too high to do reviews well", anonymous=True)

    [post] = slack_officers(slack_api)
    [card] = teams_officers(connector)
    for shown in (json.dumps(post.args), text_of(card)):
        assert "Anonymous" in shown and "Caseloads are too high" in shown
        assert "Megan Bowen" not in shown
    # The queued rows hold the reference and where to post, nothing about the person.
    for row in loaded.scalars(select(Notification).where(Notification.kind == "officers")):
        assert "Megan" not in json.dumps(row.address) + row.text


def test_free_text_is_redacted_before_officers_see_it(both, slack_api, connector, loaded) -> None:
    SlackClient(both.test_client()).command("/stars", "concern: call Jo on 07700 900123 today")
    settle(both)
    [post] = slack_officers(slack_api)
    [card] = teams_officers(connector)
    for shown in (json.dumps(post.args["blocks"]), text_of(card)):
        assert "07700 900123" not in shown


def test_a_retried_slack_delivery_or_a_redelivered_teams_activity_announces_once(
    both, slack_api, connector, loaded
) -> None:
    slack = SlackClient(both.test_client())
    form = stars_form(IDEA, kind="idea")
    slack.interactive(form)
    # Slack sends the same view submission again when our answer was slow.
    slack.interactive(form, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    settle(both)

    chat = TeamsChat(both, connector)
    chat.say("idea: a named contact for every family")
    click = chat.submit(chat.last(), {"kind": "idea", "text": "a named contact for every family"})
    # The tests share one database connection: let the first delivery finish before the next
    # request uses it (production threads have their own).
    settle(both)
    chat.post(click)  # Teams delivers the same activity again
    settle(both)

    assert len(loaded.scalars(select(StaffSubmission)).all()) == 2
    assert len(slack_officers(slack_api)) == 2
    assert len(teams_officers(connector)) == 2
    # Delivering again (as cron does) sends nothing that was already sent.
    report = both.extensions["yousaid.outbox"].deliver()
    assert (report.sent, report.retrying, report.failed) == (0, 0, 0)
    assert len(slack_officers(slack_api)) == 2 and len(teams_officers(connector)) == 2


def test_a_teams_officers_channel_the_app_is_not_in_yet_keeps_the_announcement(
    make_app, loaded, connector, tmp_path
) -> None:

    app = make_app(
        TESTING=True,
        TEAMS_OFFICERS_CONVERSATION=TEAMS_OFFICERS,
    )
    chat = TeamsChat(app, connector)
    chat.say("idea: a named contact for every family")
    chat.submit(chat.last(), {"kind": "idea", "text": "a named contact for every family"})
    row = loaded.scalar(select(Notification).where(Notification.kind == "officers"))
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "teams_officers_not_added")

    add_officers_channel(app, connector)  # someone adds the app to the officers' team
    report = app.extensions["yousaid.outbox"].deliver()
    assert report.sent == 1
    [card] = teams_officers(connector)
    assert row.address["reference"] in text_of(card)


def test_without_officers_channels_nothing_is_queued_for_officers(
    make_app, loaded, slack_api, tmp_path
) -> None:

    app = make_app(
        TESTING=True,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL=slack_api.url,
        SLACK_WORKERS=1,
    )
    try:
        SlackClient(app.test_client()).command("/stars", IDEA)
        settle(app)
    finally:
        app.extensions["yousaid.slack"].executor.shutdown(wait=True)
    assert announcements(loaded) == []
    assert [c.args["channel"] for c in slack_api.called("chat.postMessage")] == ["W111"]


def test_two_deliverers_at_once_send_an_announcement_once(database, loaded) -> None:
    """The after-commit delivery and a cron run of ``notifications deliver`` can meet on the same
    row: whichever claims it first sends it, the other leaves it alone."""
    from survey.outbox import OFFICERS as TO_OFFICERS
    from survey.outbox import Outbox, deliver_after_commit

    web, cron = Outbox(database.unit_of_work), Outbox(database.unit_of_work)
    sent: list[str] = []
    cron_reports: list[Any] = []

    def web_sender(address: dict[str, Any], text: str) -> None:
        cron_reports.append(cron.deliver())  # cron runs while this post is on its way
        sent.append(f"web: {text}")

    web.register_sender("slack", web_sender, TO_OFFICERS)
    cron.register_sender("slack", lambda address, text: sent.append(f"cron: {text}"), TO_OFFICERS)
    web.add_officers_destination("slack", {"channel": OFFICERS})
    deliver_after_commit(database.sessions, web)
    with database.unit_of_work() as session:
        reference = staff_submission(
            session, kind="idea", text=IDEA, channel="cli", author_id="someone"
        ).reference
    assert sent == [f"web: New idea {reference}"]
    assert [(r.sent, r.waiting) for r in cron_reports] == [(0, 0)]
    assert announcements(loaded) == [("slack", "sent", 1)]
    assert cron.deliver().sent == 0 and len(sent) == 1


def test_an_announcement_left_half_sent_by_a_dead_deliverer_is_sent_later(database, loaded) -> None:
    from survey.outbox import CLAIM_TIMEOUT, Outbox, deliver_after_commit
    from survey.outbox import OFFICERS as TO_OFFICERS

    outbox = Outbox(database.unit_of_work)
    outbox.add_officers_destination("slack", {"channel": OFFICERS})
    deliver_after_commit(database.sessions, outbox)  # no sender yet: it waits
    with database.unit_of_work() as session:
        staff_submission(session, kind="idea", text=IDEA, channel="cli", author_id="someone")
    row = loaded.scalar(select(Notification))
    sent: list[str] = []
    outbox.register_sender("slack", lambda address, text: sent.append(text), TO_OFFICERS)
    # A deliverer claimed it and died before saying how it went.
    row.status, row.attempts = "sending", 1
    row.claimed_at = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=1)
    loaded.flush()
    assert outbox.deliver().sent == 0 and sent == []  # it may still be on its way
    row.claimed_at -= CLAIM_TIMEOUT
    loaded.flush()
    assert outbox.deliver().sent == 1 and len(sent) == 1
    assert announcements(loaded) == [("slack", "sent", 2)]


# --- from the command line: retries and the digest ----------------------------------------------


@pytest.fixture
def cli(
    make_cli: Callable[..., Any],
    scratch_url: str,
    slack_api: FakeSlackApi,
    connector: FakeConnector,
) -> Iterator[Any]:
    """``yousaid`` against a database of its own, configured for Slack and Teams by environment
    (as cron runs it), with the officers' team's conversation stored as if the app was added."""
    run = make_cli(
        {
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_API_URL": slack_api.url,
            "SLACK_OFFICERS_CHANNEL": OFFICERS,
            "TEAMS_OFFICERS_CONVERSATION": TEAMS_OFFICERS,
        }
    )
    database = Database(scratch_url)
    with database.unit_of_work() as session:
        load_test_region(session)
        load_mini_plan(session)
        teams_conversations.update_teams_conversation(
            session,
            TEAMS_OFFICERS,
            conversation_type="channel",
            service_url=connector.url,
            tenant_id="tenant",
            bot_id="28:bot",
            team_id="19:team",
        )
    database.dispose()
    yield run


def file_from_the_command_line(env: dict[str, str], text: str, when: dt.datetime | None) -> str:
    """A submission stored by another process of the service (here: through its app's database,
    as an import or a CLI would), not through a chat channel."""
    from survey.web.app import create_app

    app = create_app({**env, "SECRET_KEY": TEST_SECRET_KEY})
    try:
        with app.extensions["yousaid.database"].unit_of_work() as session:
            receipt = staff_submission(
                session,
                kind="concern",
                text=text,
                channel="cli",
                author_id="officer@example.gov.uk",
                submitted_at=when,
            )
        settle(app)
    finally:
        app.extensions["yousaid.slack"].executor.shutdown(wait=True)
        app.extensions["yousaid.database"].dispose()
    return receipt.reference


def officer_rows(url: str) -> list[tuple[str, str, int, str | None]]:
    database = Database(url)
    try:
        with database.unit_of_work() as session:
            rows = session.scalars(
                select(Notification)
                .where(Notification.kind == "officers")
                .order_by(Notification.channel)
            )
            return [(r.channel.value, r.status, r.attempts, r.last_error) for r in rows]
    finally:
        database.dispose()


def test_a_failed_announcement_is_retried_by_notifications_deliver(
    cli, slack_api, connector, scratch_url
) -> None:
    slack_api.fail("chat.postMessage", "service_unavailable")
    connector.fail_next = 10  # the SDK's own retries included: Teams is down for this attempt
    reference = file_from_the_command_line(cli.env, "The panel papers arrive too late", None)
    assert len(slack_officers(slack_api)) == 1  # asked once, and refused
    assert teams_officers(connector) == []
    assert [row[:3] for row in officer_rows(scratch_url)] == [
        ("slack", "pending", 1),
        ("teams", "pending", 1),
    ]
    assert officer_rows(scratch_url)[0][3] == "service_unavailable"

    connector.fail_next = 0
    result = cli("notifications", "deliver")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Sent 2, will retry 0, failed 0")
    _refused, post = slack_officers(slack_api)
    assert post.args["text"] == f"New concern {reference}" and buttons(post) == STATUS_BUTTONS
    [card] = teams_officers(connector)
    assert reference in text_of(card)
    assert [row[:3] for row in officer_rows(scratch_url)] == [
        ("slack", "sent", 2),
        ("teams", "sent", 2),
    ]

    again = cli("notifications", "deliver")
    assert again.output.startswith("Sent 0, will retry 0, failed 0")
    assert len(slack_officers(slack_api)) == 2 and len(teams_officers(connector)) == 1


def last_week() -> dt.datetime:
    return dt.datetime.now() - dt.timedelta(days=dt.date.today().weekday() + 3)


def test_the_digest_goes_to_every_officers_channel_once_per_period(
    cli, slack_api, connector
) -> None:
    file_from_the_command_line(cli.env, "Transport is late most mornings", last_week())
    first = cli("digest", "send", "--period", "week")
    assert first.exit_code == 0, first.output
    assert first.output.count("Posted the digest for the week of") == 2
    again = cli("teams", "digest")  # the older name does the same, and nothing twice
    assert again.exit_code == 0, again.output
    assert again.output.count("already posted; nothing sent") == 2
    digests = [c for c in slack_api.called("chat.postMessage") if "digest" in c.args["text"]]
    assert [c.args["channel"] for c in digests] == [OFFICERS]
    assert "Submissions: 1 (1 concern)" in digests[0].args["text"]
    [card] = [c for c in connector.cards(TEAMS_OFFICERS) if "digest" in text_of(c)]
    assert "Submissions: 1 (1 concern)" in text_of(card)


def test_a_teams_only_deployment_sends_the_digest(cli, slack_api, connector) -> None:
    teams_only = {"SLACK_SIGNING_SECRET": None, "SLACK_BOT_TOKEN": None}
    result = cli("digest", "send", "--period", "month", **teams_only)
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("Posted the digest for")
    assert "officers' Teams channel" in result.output
    [card] = [c for c in connector.cards(TEAMS_OFFICERS) if "digest" in text_of(c)]
    assert "Submissions: none" in text_of(card)
    assert slack_api.called("chat.postMessage") == []


def test_a_failed_channel_does_not_stop_the_other_and_is_sent_on_the_next_run(
    cli, slack_api, connector
) -> None:
    slack_api.fail("chat.postMessage", "channel_not_found")
    failed = cli("digest", "send")
    assert failed.exit_code == 1
    assert "Posted the digest for" in failed.output  # Teams got it
    assert failed.output.strip().endswith(
        "Error: Slack refused the digest (channel_not_found); nothing was posted, run it again later"
    )
    retried = cli("digest", "send")
    assert retried.exit_code == 0, retried.output
    assert "Posted the digest for" in retried.output and "already posted" in retried.output
    assert len([c for c in connector.cards(TEAMS_OFFICERS) if "digest" in text_of(c)]) == 1


def test_without_any_officers_channel_the_digest_is_one_plain_sentence(cli) -> None:
    result = cli(
        "digest",
        "send",
        SLACK_OFFICERS_CHANNEL=None,
        TEAMS_OFFICERS_CONVERSATION=None,
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: No officers' channel is configured: set up Slack with SLACK_OFFICERS_CHANNEL, "
        "or Teams with TEAMS_OFFICERS_CONVERSATION"
    )
