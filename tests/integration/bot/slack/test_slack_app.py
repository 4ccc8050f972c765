"""Staff and hub leads in Slack, over HTTP against the Flask app: signed requests shaped like
Slack's, the app's Web API calls going to a fake Slack on 127.0.0.1, and what was stored."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import (
    Attendance,
    AuditEvent,
    Meeting,
    Network,
    Notification,
    StaffSubmission,
)
from tests.fakes.slack_api import FakeSlackApi
from tests.support.factories import link_chat_user
from tests.support.slack_requests import (
    OFFICERS,
    SIGNING_SECRET,
    SlackClient,
    checkbox_state,
    multi_state,
    sample,
    select_state,
    sign,
    text_state,
    view_submission,
)

IDEA = "we should text parents when an EHC draft is ready"


@pytest.fixture
def slack_app(make_app: Any, loaded: Any, slack_api: FakeSlackApi) -> Any:
    app = make_app(
        TESTING=True,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL=slack_api.url,
        SLACK_OFFICERS_CHANNEL=OFFICERS,
        # One worker: lazy listeners and deliveries run one after another, so they never
        # share the test's single database connection at the same time.
        SLACK_WORKERS=1,
    )
    yield app
    app.extensions["yousaid.slack"].executor.shutdown(wait=True)


@pytest.fixture
def slack(slack_app: Any) -> SlackClient:
    return SlackClient(slack_app.test_client())


@pytest.fixture
def hub_lead(loaded: Any) -> Any:
    """The samples' sender (T111/W111) linked to a hub lead's account: who may log attendance."""
    return link_chat_user(loaded, "hub_lead", slack="T111:W111")


def settle(app: Any) -> None:
    """Wait for lazy listeners and deliveries (threads) to finish; never sleep."""
    assert app.extensions["yousaid.slack"].executor.drain(timeout=30)


def stored(session: Any) -> list[StaffSubmission]:
    return list(session.scalars(select(StaffSubmission).order_by(StaffSubmission.id)))


def posted_to(slack_api: FakeSlackApi, channel: str) -> list[Any]:
    return [c for c in slack_api.called("chat.postMessage") if c.args.get("channel") == channel]


def test_stars_with_text_files_it_at_once_and_replies_with_the_reference(
    slack, slack_app, slack_api, loaded
) -> None:
    response = slack.command("/stars", IDEA)
    assert response.status_code == 200
    [submission] = stored(loaded)
    assert response.get_json()["text"].startswith(
        f"Thank you. Your idea is filed as {submission.reference}."
    )
    assert (submission.kind.value, submission.text, submission.channel.value) == (
        "idea",
        IDEA,
        "slack",
    )
    assert (submission.author_id, submission.anonymous) == ("W111", False)
    settle(slack_app)
    [dm] = posted_to(slack_api, "W111")
    assert submission.reference in dm.args["text"]
    [card] = posted_to(slack_api, OFFICERS)
    assert card.args["text"] == f"New idea {submission.reference}"
    buttons = [
        e["action_id"] for b in card.args["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert buttons == [
        "stars_status:acknowledged",
        "stars_status:under_consideration",
        "stars_status:actioned",
        "stars_status:not_taken_forward",
    ]
    assert loaded.scalar(select(Notification.status)) == "sent"


def test_a_kind_prefix_files_that_kind(slack, slack_app, loaded) -> None:
    slack.command("/stars", "concern: the panel papers arrive too late to read")
    settle(slack_app)
    [submission] = stored(loaded)
    assert (submission.kind.value, submission.text) == (
        "concern",
        "the panel papers arrive too late to read",
    )


def test_stars_help_explains_everything_in_five_lines(slack, slack_app, loaded) -> None:
    text = slack.command("/stars", "help").get_json()["text"]
    assert len(text.splitlines()) == 5
    assert "/stars" in text and "anonymous" in text
    assert stored(loaded) == []


def test_stars_alone_opens_the_form(slack, slack_app, slack_api) -> None:
    response = slack.command("/stars", "")
    assert response.status_code == 200
    [call] = slack_api.wait_for("views.open")
    assert call.args["trigger_id"] == "111.111.xxx"
    view = call.args["view"]
    assert view["callback_id"] == "stars"
    assert [b["block_id"] for b in view["blocks"]] == [
        "kind",
        "workstream",
        "text",
        "action",
        "anonymous",
    ]
    by_id = {b["block_id"]: b for b in view["blocks"]}
    assert [o["value"] for o in by_id["workstream"]["element"]["options"]] == [
        "staff-reference-group"
    ]
    assert by_id["action"]["element"]["type"] == "external_select"
    hint = by_id["anonymous"]["element"]["options"][0]["description"]["text"]
    assert "only a keyed hash" in hint
    settle(slack.client.application)


def stars_form(
    text: str | None, anonymous: bool = False, kind: str | None = "view", **extra: Any
) -> dict[str, Any]:
    values = {
        "kind": select_state(kind),
        "workstream": select_state(extra.get("workstream")),
        "text": text_state(text),
        "action": {"type": "external_select", "selected_option": None},
        "anonymous": checkbox_state(anonymous),
    }
    return view_submission("stars", values, view_id=extra.get("view_id", "V111"))


def test_a_double_clicked_form_stores_one_submission(slack, slack_app, slack_api, loaded) -> None:
    payload = stars_form("Panels should include a SENCO", workstream="staff-reference-group")
    first = slack.interactive(payload)
    second = slack.interactive(payload)
    assert (first.status_code, second.status_code) == (200, 200)
    settle(slack_app)
    [submission] = stored(loaded)
    assert (submission.kind.value, submission.workstream.slug) == ("view", "staff-reference-group")
    assert len(posted_to(slack_api, OFFICERS)) == 1
    assert len(posted_to(slack_api, "W111")) == 1


def test_an_anonymous_form_keeps_no_name_and_officers_see_none(
    slack, slack_app, slack_api, loaded
) -> None:
    slack.interactive(
        stars_form("Caseloads are too high to do reviews well", anonymous=True, kind="concern")
    )
    settle(slack_app)
    [submission] = stored(loaded)
    assert submission.anonymous
    assert (submission.author_id, submission.author_name, submission.reply_address) == (
        None,
        None,
        None,
    )
    assert "W111" not in submission.idempotency_key
    [card] = posted_to(slack_api, OFFICERS)
    shown = json.dumps(card.args["blocks"])
    assert "From: Anonymous" in shown and "primary-owner" not in shown
    [dm] = posted_to(slack_api, "W111")  # told the reference once, straight away
    assert submission.reference in dm.args["text"] and "anonymously" in dm.args["text"]
    # Nothing waits to be told to the author; the officers' announcement names no one.
    [announcement] = loaded.scalars(select(Notification)).all()
    assert (announcement.kind, announcement.status) == ("officers", "sent")
    assert "W111" not in json.dumps(announcement.address) + announcement.text


def test_an_empty_form_is_refused_with_messages(slack, slack_app, loaded) -> None:
    response = slack.interactive(stars_form(None, kind=None))
    assert response.get_json() == {
        "response_action": "errors",
        "errors": {
            "kind": "Choose idea, view, concern or question",
            "text": "Write what you want to say",
        },
    }
    settle(slack_app)
    assert stored(loaded) == []


def test_text_over_the_limit_is_refused(slack, slack_app, loaded) -> None:
    response = slack.interactive(stars_form("x" * 3001))
    assert response.get_json()["errors"] == {
        "text": "Keep it to 3000 characters or fewer (yours has 3001)"
    }
    settle(slack_app)
    assert stored(loaded) == []


def test_stale_and_bad_signatures_are_refused(slack_app, loaded) -> None:
    vector = sample("signing_test_vector.json")
    client = slack_app.test_client()
    stale = client.post(
        "/slack/events",
        data=vector["body"],
        headers={
            "Content-Type": vector["content_type"],
            "X-Slack-Request-Timestamp": vector["x_slack_request_timestamp"],
            "X-Slack-Signature": vector["expected_x_slack_signature"],
        },
    )
    assert stale.status_code == 401
    forged = SlackClient(client)
    body = "command=%2Fstars&text=hello&user_id=U1&team_id=T111&trigger_id=1.2.3"
    from tests.support.slack_requests import sign

    response = client.post(
        "/slack/events",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", **sign(body, secret="wrong")},
    )
    assert response.status_code == 401
    assert forged and stored(loaded) == []


def dm_event(text: str, event_id: str = "Ev0PV52K21") -> dict[str, Any]:
    payload = sample("event_message_im.slack_docs.json")
    payload["event"]["text"] = text
    payload["event_id"] = event_id
    return payload


def test_a_direct_message_offers_to_file_it_once_even_when_retried(
    slack, slack_app, slack_api, loaded
) -> None:
    assert slack.event(dm_event("The Local Offer site is hard to search")).status_code == 200
    retry = slack.event(
        dm_event("The Local Offer site is hard to search"),
        {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert retry.status_code == 200
    settle(slack_app)
    [offer] = slack_api.called("chat.postMessage")
    assert offer.args["channel"] == "D024BE91L"
    actions = next(b for b in offer.args["blocks"] if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == [
        "stars_offer:idea",
        "stars_offer:view",
        "stars_offer:concern",
        "stars_offer:cancel",
    ]
    assert stored(loaded) == []  # nothing is filed until they choose


def click(action_id: str, value: str, user: str = "W111") -> dict[str, Any]:
    payload = sample("block_actions.json")
    payload["user"]["id"] = user
    payload["actions"] = [
        {
            **payload["actions"][0],
            "action_id": action_id,
            "block_id": action_id.split(":")[0],
            "value": value,
        }
    ]
    return payload


def test_choosing_concern_files_it_once_however_often_clicked(
    slack, slack_app, slack_api, loaded
) -> None:
    value = json.dumps(
        {"c": "D024BE91L", "ts": "1355517523.000005", "t": "The Local Offer site is hard to search"}
    )
    slack.interactive(click("stars_offer:concern", value))
    slack.interactive(click("stars_offer:concern", value))
    settle(slack_app)
    [submission] = stored(loaded)
    assert (submission.kind.value, submission.text) == (
        "concern",
        "The Local Offer site is hard to search",
    )
    updates = slack_api.called("chat.update")
    assert submission.reference in updates[0].args["text"]
    assert len(posted_to(slack_api, OFFICERS)) == 1


def test_cancel_files_nothing(slack, slack_app, slack_api, loaded) -> None:
    value = json.dumps({"c": "D1", "ts": "1.2", "t": "never mind"})
    slack.interactive(click("stars_offer:cancel", value))
    settle(slack_app)
    assert stored(loaded) == []
    assert slack_api.called("chat.update")[0].args["text"] == "Not sent. Nothing was kept."


def test_the_message_shortcut_opens_the_form_filled_in(slack, slack_app, slack_api) -> None:
    payload = sample("shortcut_message_action.json")
    payload["callback_id"] = "send_to_stars"
    payload["message"]["text"] = "<@W222> could we pilot key workers for transition?"
    slack.interactive(payload)
    [call] = slack_api.wait_for("views.open")
    view = call.args["view"]
    text_block = next(b for b in view["blocks"] if b["block_id"] == "text")
    assert text_block["element"]["initial_value"] == "could we pilot key workers for transition?"
    assert json.loads(view["private_metadata"]) == {"source": "C111:1583636382.000300"}
    settle(slack_app)


def status_click(reference: str, user: str, channel: str = OFFICERS) -> dict[str, Any]:
    """A status button clicked on the officers' card (or on one posted in ``channel``)."""
    payload = click("stars_status:acknowledged", reference, user=user)
    payload["container"] = {
        "type": "message",
        "message_ts": "1700000000.000100",
        "channel_id": channel,
    }
    payload["channel"] = {"id": channel, "name": "officers"}
    return payload


def refusals(session: Any) -> list[dict[str, Any]]:
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "chat.refused"))
    return [{"actor": e.actor, **e.details} for e in events]


def test_an_officer_acknowledges_from_the_channel_and_the_author_is_told(
    slack, slack_app, slack_api, loaded
) -> None:
    officer = link_chat_user(loaded, "officer", slack="T111:UOFFICER")
    slack.command("/stars", IDEA)
    settle(slack_app)
    [submission] = stored(loaded)
    assert slack.interactive(status_click(submission.reference, "UOFFICER")).status_code == 200
    settle(slack_app)
    loaded.expire_all()
    assert stored(loaded)[0].status.value == "acknowledged"
    # Recorded as done by the linked officer's account, not by a chat id.
    changed = loaded.scalar(select(AuditEvent).where(AuditEvent.action == "change_status"))
    assert changed.actor == f"user:{officer.id}"
    told = posted_to(slack_api, "W111")[-1]
    assert told.args["text"] == f"Your idea {submission.reference} is now acknowledged."
    [update] = slack_api.called("chat.update")
    assert update.args["channel"] == OFFICERS and "Status: Acknowledged" in json.dumps(
        update.args["blocks"]
    )


def test_the_action_picker_searches_the_plan(slack, slack_app) -> None:
    payload = {
        "type": "block_suggestion",
        "action_id": "action",
        "block_id": "action",
        "value": "2.",
        "team": {"id": "T111"},
        "user": {"id": "W111"},
        "api_app_id": "A111",
        "view": {"id": "V1", "callback_id": "stars", "type": "modal"},
    }
    options = slack.interactive(payload).get_json()["options"]
    assert [o["value"] for o in options] == ["2.5", "2.9"]


def test_the_home_tab_lists_their_submissions_even_anonymous_ones(
    slack, slack_app, slack_api, loaded
) -> None:
    slack.command("/stars", IDEA)
    slack.interactive(stars_form("Anonymous worry", anonymous=True, kind="concern"))
    settle(slack_app)
    slack.event(
        {
            "type": "event_callback",
            "team_id": "T111",
            "api_app_id": "A111",
            "event_id": "EvHOME",
            "event": {
                "type": "app_home_opened",
                "user": "W111",
                "channel": "D1",
                "tab": "home",
                "event_ts": "1.2",
            },
        }
    )
    settle(slack_app)
    [publish] = slack_api.called("views.publish")
    assert publish.args["user_id"] == "W111"
    shown = json.dumps(publish.args["view"])
    for submission in stored(loaded):
        assert submission.reference in shown
    assert "anonymous" in shown


def attendance_form(
    organisations: list[str],
    meeting: str = "new",
    title: str = "Transition strand group",
    view_id: str = "VATT",
) -> dict[str, Any]:
    values = {
        "network": select_state("test-hub"),
        "meeting": select_state(meeting),
        "title": text_state(title),
        "held_on": {"type": "datepicker", "selected_date": "2026-10-14"},
        "kind": select_state("strand_group"),
        "organisations": multi_state(organisations),
        "people": {"type": "number_input", "value": "11"},
    }
    return view_submission(
        "attendance", values, view_id=view_id, metadata={"network": "test-hub", "reply_to": "CHUB"}
    )


def test_attendance_opens_a_form_with_the_regions_las(
    slack, slack_app, slack_api, hub_lead
) -> None:
    slack.command("/attendance", "")
    [call] = slack_api.wait_for("views.open")
    blocks = {b["block_id"]: b for b in call.args["view"]["blocks"]}
    assert [o["text"]["text"] for o in blocks["organisations"]["element"]["options"]] == [
        "Alpha Borough",
        "Beta County",
        "Delta Shire",
        "Gamma City",
    ]
    assert [o["value"] for o in blocks["kind"]["element"]["options"]] == [
        "strand_group",
        "full_hub",
        "steering_group",
    ]
    settle(slack_app)


def test_attendance_is_summarised_and_logging_again_updates_it(
    slack, slack_app, slack_api, loaded, hub_lead
) -> None:
    assert (
        slack.interactive(attendance_form(["E00000001", "E00000002", "E00000003"])).get_json()
        is None
    )
    settle(slack_app)
    [summary] = posted_to(slack_api, "CHUB")
    assert summary.args["text"] == (
        "3 of 4 LAs attended the Transition strand group on 14 Oct; absent: Delta Shire."
    )
    slack.interactive(attendance_form(["E00000001", "E00000004"], view_id="VATT2"))
    settle(slack_app)
    assert len(list(loaded.scalars(select(Meeting)))) == 1
    assert loaded.scalar(select(Meeting.people)) == 11
    assert set(loaded.scalars(select(Attendance.logged_by))) == {f"user:{hub_lead.id}"}
    assert sorted(a.organisation.code for a in loaded.scalars(select(Attendance))) == [
        "E00000001",
        "E00000004",
    ]
    assert posted_to(slack_api, "CHUB")[-1].args["text"].startswith("2 of 4 LAs attended")


def test_an_unknown_la_is_refused(slack, slack_app, loaded, hub_lead) -> None:
    response = slack.interactive(attendance_form(["E00000001", "E99999999"]))
    assert response.get_json() == {
        "response_action": "errors",
        "errors": {"organisations": "There is no organisation with code 'E99999999'"},
    }
    settle(slack_app)
    assert loaded.scalar(select(Meeting.id)) is None


def test_with_several_networks_the_form_asks_which_first(
    slack, slack_app, slack_api, loaded, hub_lead
) -> None:
    loaded.add(Network(slug="other-hub", name="Other hub", region="Test Region"))
    loaded.flush()
    slack.command("/attendance", "")
    [call] = slack_api.wait_for("views.open")
    assert [b["block_id"] for b in call.args["view"]["blocks"]] == ["network"]
    assert call.args["view"]["blocks"][0]["dispatch_action"] is True
    payload = sample("block_actions.json")
    payload["view"] = {**call.args["view"], "id": "VSTEP", "hash": "h1"}
    payload["actions"] = [
        {
            "type": "static_select",
            "action_id": "network",
            "block_id": "network",
            "selected_option": {"value": "test-hub", "text": {"type": "plain_text", "text": "x"}},
        }
    ]
    slack.interactive(payload)
    [update] = slack_api.called("views.update")
    assert (update.args["view_id"], update.args["hash"]) == ("VSTEP", "h1")
    assert "organisations" in [b["block_id"] for b in update.args["view"]["blocks"]]


def test_the_summary_reaches_the_hub_lead_when_the_channel_refuses(
    slack, slack_app, slack_api, loaded, hub_lead
) -> None:
    slack_api.fail("chat.postMessage", "not_in_channel")
    slack.interactive(attendance_form(["E00000001"]))
    [refused, dm] = slack_api.called("chat.postMessage")
    assert (refused.args["channel"], dm.args["channel"]) == ("CHUB", "W111")
    assert dm.args["text"].startswith("1 of 4 LAs attended")


def test_channel_messages_and_edits_are_left_alone(slack, slack_app, slack_api) -> None:
    channel = dm_event("chatting in a channel", event_id="EvCHAN")
    channel["event"]["channel_type"] = "channel"
    edited = dm_event("edited", event_id="EvEDIT")
    edited["event"]["subtype"] = "message_changed"
    assert slack.event(channel).status_code == 200
    assert slack.event(edited).status_code == 200
    assert slack_api.called("chat.postMessage") == []


# --- who may act from chat: the account an admin linked, never what the click carries ----------

REFUSAL = "Only officers can change a submission's status. Ask an admin to link your chat account."


@pytest.mark.parametrize(
    ("linked", "channel", "reason"),
    [
        (None, OFFICERS, "not_linked"),  # anyone who can see the card, unlinked
        ("officer", "C0THER", "outside_officers_channel"),  # a real officer, a copied card
        ("hub_lead", OFFICERS, "role"),  # linked, but hub leads may not change statuses
    ],
)
def test_a_status_click_is_refused_unless_a_linked_officer_clicks_in_the_officers_channel(
    slack, slack_app, slack_api, loaded, linked, channel, reason
) -> None:
    if linked:
        link_chat_user(loaded, linked, slack="T111:UCLICKER")
    slack.command("/stars", IDEA)
    settle(slack_app)
    [submission] = stored(loaded)
    slack.interactive(status_click(submission.reference, "UCLICKER", channel))
    settle(slack_app)
    loaded.expire_all()
    assert stored(loaded)[0].status.value == "new"
    [told] = slack_api.called("chat.postEphemeral")
    assert (told.args["user"], told.args["text"]) == ("UCLICKER", REFUSAL)
    assert slack_api.called("chat.update") == []  # the officers' card is left as it was
    # Audited with the clicker's chat id and a reason code: no reference typed, no free text.
    assert refusals(loaded) == [
        {
            "actor": "slack:T111/UCLICKER",
            "action": "change_status",
            "reason": reason,
            "channel": "slack",
        }
    ]


def test_attendance_is_refused_for_a_chat_user_nobody_linked(
    slack, slack_app, slack_api, loaded
) -> None:
    response = slack.command("/attendance", "")
    assert response.get_json()["text"].startswith("Only hub leads can log attendance")
    assert slack_api.called("views.open") == []
    # A forged submission of the form is refused too, and nothing is stored or posted.
    response = slack.interactive(attendance_form(["E00000001"]))
    assert response.get_json()["response_action"] == "errors"
    assert "Ask an admin to link your chat account" in json.dumps(response.get_json())
    settle(slack_app)
    assert loaded.scalar(select(Meeting.id)) is None
    assert posted_to(slack_api, "CHUB") == []
    assert [r["reason"] for r in refusals(loaded)] == ["not_linked", "not_linked"]


def test_attendance_is_taken_from_a_user_listed_in_attendance_chat_users(
    make_app, loaded, slack_api
) -> None:
    app = make_app(
        TESTING=True,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL=slack_api.url,
        SLACK_WORKERS=1,
        ATTENDANCE_CHAT_USERS="teams:7faf8ab2-3d56-4244-b585-20c8a42ed2b8, slack:T111:W111",
    )
    try:
        SlackClient(app.test_client()).interactive(attendance_form(["E00000001"]))
        settle(app)
        assert loaded.scalar(select(Meeting.id)) is not None
        assert loaded.scalar(select(Attendance.logged_by)) == "slack:T111/W111"
    finally:
        app.extensions["yousaid.slack"].executor.shutdown(wait=True)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"type": "event_callback", "event": {"text": "Jo Bloggs was', "application/json"),
        ("payload=%7B%22type%22%3A%20%22block_act", "application/x-www-form-urlencoded"),
        ("\xff\xfe not json", "application/json"),
        ('["Jo Bloggs"]', "application/json"),
        ("payload=%5B%22block_act%22%5D", "application/x-www-form-urlencoded"),
    ],
)
def test_a_malformed_body_is_refused_like_any_bad_request_and_never_logged(
    slack_app: Any, loaded: Any, caplog: pytest.LogCaptureFixture, body: str, content_type: str
) -> None:
    # Issue 15 item 9: Bolt parsed the body before checking the signature, so a malformed
    # unsigned one was an HTTP 500 (JSONDecodeError) instead of the 401 any unsigned body gets.
    client = slack_app.test_client()
    caplog.set_level(logging.DEBUG)
    unsigned_valid = client.post(
        "/slack/events", data='{"type": "event_callback"}', content_type="application/json"
    )
    unsigned = client.post("/slack/events", data=body.encode(), content_type=content_type)
    assert unsigned.status_code == unsigned_valid.status_code == 401
    assert unsigned.get_data() == unsigned_valid.get_data()
    signed = client.post(
        "/slack/events", data=body.encode(), content_type=content_type, headers=sign(body)
    )
    assert signed.status_code == 400
    assert "Jo Bloggs" not in caplog.text and "block_act" not in caplog.text
    assert stored(loaded) == []
