"""Staff and hub leads in Teams: real-shaped activities to /api/messages, replies as Adaptive
Cards recorded by a fake Bot Connector, records stored through the conversation core."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from storage.models import Attendance, AuditEvent, Meeting, Notification, StaffSubmission
from survey.officers import submissions
from tests.conftest import DATA
from tests.fakes.teams_connector import FakeConnector
from tests.support.factories import link_chat_user

SAMPLES = DATA / "teams"
OFFICERS = "19:officers0000000000000000000000@thread.tacv2"
THREAD = f"{OFFICERS};messageid=1700000000000"  # the thread of a card posted there
MEGAN = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8"  # the personal-chat sample's sender (Entra id)
OFFICER = "0c8a42ed-3d56-4244-b585-7faf8ab220b8"  # an officer clicking in the officers' channel
REFUSAL = "Only officers can change a submission's status. Ask an admin to link your chat account."
_ids = itertools.count(1)


@pytest.fixture
def teams_app(make_app: Any, tmp_path: Path, loaded) -> Any:
    return make_app(
        TESTING=True,
        # As pasted from Teams' "Get link to channel": URL-encoded.
        TEAMS_OFFICERS_CONVERSATION=OFFICERS.replace(":", "%3a").replace("@", "%40"),
    )


@pytest.fixture
def hub_lead(loaded: Any) -> Any:
    """The personal-chat sample's sender linked to a hub lead's account."""
    return link_chat_user(loaded, "hub_lead", teams=MEGAN)


class TeamsChat:
    """One person's personal chat with the app, as Teams would deliver it."""

    def __init__(
        self, app: Any, connector: FakeConnector, sample: str = "message_personal"
    ) -> None:
        self.client = app.test_client()
        self.connector = connector
        self.base = json.loads((SAMPLES / f"{sample}.msteams_docs.json").read_text())
        self.base["serviceUrl"] = connector.url
        self.conversation = self.base["conversation"]["id"]

    def activity(self, **changes: Any) -> dict[str, Any]:
        activity = copy.deepcopy(self.base)
        activity.pop("attachments", None)
        activity["id"] = f"1485983408{next(_ids):04d}"
        activity.update(changes)
        return activity

    def post(self, activity: dict[str, Any]) -> Any:
        response = self.client.post("/api/messages", json=activity)
        assert response.status_code in (200, 202), response.get_data(as_text=True)
        return response

    def say(self, text: str) -> dict[str, Any]:
        activity = self.activity(text=text)
        self.post(activity)
        return activity

    def submit(self, card: dict[str, Any], answers: dict[str, Any], button: int = 0) -> Any:
        """Click a card's button: Teams sends the inputs merged with the button's data."""
        data = {**card["actions"][button]["data"], **answers}
        activity = self.activity(value=data, replyToId="1575667808184")
        activity.pop("text", None)
        self.post(activity)
        return activity

    def cards(self) -> list[dict[str, Any]]:
        return self.connector.cards(self.conversation)

    def last(self) -> dict[str, Any]:
        return self.cards()[-1]


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(elements: list[dict[str, Any]]) -> None:
        for element in elements:
            if element.get("type", "").startswith("Input."):
                found[element["id"]] = element
            walk(element.get("items") or [])

    walk(card["body"])
    return found


def text_of(card: dict[str, Any]) -> str:
    return json.dumps(card)


def count(session: Any, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model))


def add_officers_channel(app: Any, connector: FakeConnector) -> None:
    activity = json.loads(
        (SAMPLES / "conversationUpdate_bot_added_to_team.msteams_docs.json").read_text()
    )
    activity["serviceUrl"] = connector.url
    activity["conversation"]["id"] = OFFICERS
    assert app.test_client().post("/api/messages", json=activity).status_code in (200, 202)


# --- filing -------------------------------------------------------------------------------------


def test_text_gets_a_confirm_card_then_a_named_submission_gets_its_reference(
    teams_app, connector, session
):
    add_officers_channel(teams_app, connector)
    chat = TeamsChat(teams_app, connector)
    chat.say("concern: Transport to the special school is late most mornings")

    confirm = chat.last()
    fields = inputs(confirm)
    assert fields["kind"]["value"] == "concern"
    assert fields["text"]["value"] == "Transport to the special school is late most mornings"
    assert {c["value"] for c in fields["workstream"]["choices"]} == {"staff-reference-group"}
    assert fields["anonymous"]["type"] == "Input.Toggle"

    chat.submit(
        confirm,
        {
            "kind": "concern",
            "workstream": "staff-reference-group",
            "text": "Transport to the special school is late most mornings",
            "anonymous": "false",
        },
    )
    [stored] = session.scalars(select(StaffSubmission)).all()
    assert stored.kind.value == "concern" and stored.channel.value == "teams"
    assert stored.workstream.slug == "staff-reference-group" and not stored.anonymous
    assert stored.author_id == "7faf8ab2-3d56-4244-b585-20c8a42ed2b8"  # the Entra object id
    assert stored.author_name == "Megan Bowen"
    # The acknowledgement names the reference, in the same chat.
    assert stored.reference in text_of(chat.last())
    # Officers hear of it in their channel, with the text and who sent it.
    [officers] = connector.cards(OFFICERS)[1:]  # after the welcome card
    assert stored.reference in text_of(officers) and "Megan Bowen" in text_of(officers)
    assert {a["data"]["status"] for a in officers["actions"]} >= {"acknowledged"}


def test_an_anonymous_submission_keeps_no_name_and_still_gets_its_reference(
    teams_app, connector, session
):
    chat = TeamsChat(teams_app, connector)
    chat.say("The new EHCP portal keeps logging me out")
    chat.submit(
        chat.last(),
        {"kind": "view", "text": "The new EHCP portal keeps logging me out", "anonymous": "true"},
    )
    [stored] = session.scalars(select(StaffSubmission)).all()
    assert stored.anonymous and stored.author_id is None and stored.author_name is None
    assert stored.reply_address is None and stored.author_hash
    card = chat.last()
    assert stored.reference in text_of(card) and "anonymously" in text_of(card)
    # Nothing is owed to the author: the only message is the officers' announcement.
    assert session.scalars(select(Notification.kind)).all() == ["officers"]


def test_clicking_send_twice_or_a_redelivered_activity_files_once(teams_app, connector, session):
    chat = TeamsChat(teams_app, connector)
    chat.say("More EP time for the resource base")
    confirm = chat.last()
    answers = {"kind": "idea", "text": "More EP time for the resource base", "anonymous": "true"}
    first = chat.submit(confirm, answers)
    chat.submit(confirm, answers)  # a second click: a new activity from the same card
    posted = len(chat.cards())
    chat.post(first)  # Teams delivers the first click again, same activity id
    assert count(session, StaffSubmission) == 1
    assert len(chat.cards()) == posted  # nothing more said for the redelivery
    assert "already sent" in text_of(chat.cards()[-1])


def test_an_empty_submission_shows_the_card_again_with_what_to_fix(teams_app, connector, session):
    chat = TeamsChat(teams_app, connector)
    chat.say("idea: a parent carers' drop-in")
    chat.submit(chat.last(), {"kind": "idea", "text": "   ", "anonymous": "false"})
    again = chat.last()
    assert "Write what you want to say" in text_of(again)
    assert "text" in inputs(again)
    assert count(session, StaffSubmission) == 0


def test_in_a_channel_text_is_not_filed_and_people_are_sent_to_a_personal_chat(
    teams_app, connector, session
):
    chat = TeamsChat(teams_app, connector, sample="message_messageBack_card_submit")
    activity = chat.activity(text="<at>STARS</at> our team thinks the panel is too slow")
    activity.pop("value", None)
    chat.post(activity)
    assert "personal chat" in text_of(chat.last())
    assert count(session, StaffSubmission) == 0


def test_help_and_my_submissions(teams_app, connector, session):
    chat = TeamsChat(teams_app, connector)
    chat.say("help")
    assert "my submissions" in text_of(chat.last()) and "attendance" in text_of(chat.last())
    chat.say("idea: visual timetables in every classroom")
    chat.submit(
        chat.last(),
        {"kind": "idea", "text": "visual timetables in every classroom", "anonymous": "true"},
    )
    reference = session.scalars(select(StaffSubmission.reference)).one()
    chat.say("my submissions")
    listing = text_of(chat.last())
    assert reference in listing and "New" in listing and "Anonymously" in listing


# --- notifications ------------------------------------------------------------------------------


def test_a_status_change_or_reply_reaches_a_named_author_in_their_chat(
    teams_app, connector, session, database
):
    chat = TeamsChat(teams_app, connector)
    chat.say("question: who do I ask about transport?")
    chat.submit(
        chat.last(),
        {"kind": "question", "text": "who do I ask about transport?", "anonymous": "false"},
    )
    reference = session.scalars(select(StaffSubmission.reference)).one()
    before = len(chat.cards())
    with teams_app.app_context(), database.unit_of_work() as work:
        submissions.change_status(
            work, reference, "actioned", "The transport team now answers on 0191 000 0000", "user:1"
        )
    update = chat.last()
    assert len(chat.cards()) == before + 1
    assert reference in text_of(update) and "0191 000 0000" in text_of(update)


def test_an_anonymous_author_is_never_notified(teams_app, connector, session, database):
    chat = TeamsChat(teams_app, connector)
    chat.say("concern: caseloads")
    chat.submit(chat.last(), {"kind": "concern", "text": "caseloads", "anonymous": "true"})
    reference = session.scalars(select(StaffSubmission.reference)).one()
    before = len(connector.activities())
    with teams_app.app_context(), database.unit_of_work() as work:
        change = submissions.change_status(work, reference, "acknowledged", None, "user:1")
    assert not change.notified and len(connector.activities()) == before


# --- attendance ---------------------------------------------------------------------------------


def test_attendance_card_then_summary_and_logging_the_same_meeting_again_updates_it(
    teams_app, connector, session, hub_lead
):
    chat = TeamsChat(teams_app, connector)
    chat.say("attendance")
    form = chat.last()
    fields = inputs(form)
    assert fields["organisations"]["isMultiSelect"] is True
    assert {c["value"] for c in fields["organisations"]["choices"]} >= {"E00000001", "E00000002"}
    assert fields["meeting"]["value"] == "new" and fields["people"]["type"] == "Input.Number"
    meeting = {
        "meeting": "new",
        "title": "Transition strand group",
        "held_on": "2026-10-14",
        "kind": "strand_group",
        "people": "11",
    }
    chat.submit(form, {**meeting, "organisations": "E00000001,E00000002"})
    summary = text_of(chat.last())
    assert (
        "Attendance saved" in summary
        and "2 of 4 LAs attended the Transition strand group" in summary
    )

    chat.say("attendance")
    chat.submit(chat.last(), {**meeting, "organisations": "E00000001,E00000002,E00000003"})
    assert "Attendance updated" in text_of(chat.last())
    assert "3 of 4 LAs" in text_of(chat.last())
    assert count(session, Meeting) == 1 and count(session, Attendance) == 3


def test_attendance_without_any_la_is_refused_with_the_card_again(
    teams_app, connector, session, hub_lead
):
    chat = TeamsChat(teams_app, connector)
    chat.say("attendance")
    chat.submit(
        chat.last(),
        {"meeting": "new", "title": "Hub", "held_on": "2026-10-14", "kind": "full_hub"},
    )
    assert "Select the LAs that were present" in text_of(chat.last())
    assert count(session, Meeting) == 0


# --- the connector failing ------------------------------------------------------------------------


def test_a_failing_connector_is_retried_and_the_submission_is_stored_regardless(
    teams_app, connector, session
):
    chat = TeamsChat(teams_app, connector)
    chat.say("idea: buddy scheme for new SENCOs")
    confirm = chat.last()
    connector.fail_next = 1  # the first try of the reply fails, the retry gets through
    chat.submit(
        confirm, {"kind": "idea", "text": "buddy scheme for new SENCOs", "anonymous": "true"}
    )
    reference = session.scalars(select(StaffSubmission.reference)).one()
    assert reference in text_of(chat.last())

    connector.fail_next = 100  # the connector is down for good: no card gets through at all
    chat.say("idea: a second idea")
    chat.post(
        chat.activity(
            value={"yousaid": "stars", "kind": "idea", "text": "a second idea", "anonymous": "true"}
        )
    )
    assert count(session, StaffSubmission) == 2
    connector.fail_next = 0


def test_action_execute_answers_in_the_invoke_response(teams_app, connector, session):
    chat = TeamsChat(teams_app, connector)
    activity = chat.activity(
        type="invoke",
        name="adaptiveCard/action",
        value={
            "action": {
                "type": "Action.Execute",
                "verb": "help",
                "data": {"yousaid": "command", "command": "help"},
            },
            "trigger": "manual",
        },
    )
    activity.pop("text", None)
    response = chat.client.post("/api/messages", json=activity)
    assert response.status_code == 200
    body = response.get_json()
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "my submissions" in json.dumps(body["value"])


def test_the_weekly_digest_goes_to_the_officers_channel_once(teams_app, connector, session):
    import datetime as dt

    from bot.teams.digest_card import send_digest

    add_officers_channel(teams_app, connector)
    chat = TeamsChat(teams_app, connector)
    chat.say("concern: Jo Bloggs at Riverside Primary waited a year")
    chat.submit(
        chat.last(),
        {
            "kind": "concern",
            "text": "Jo Bloggs at Riverside Primary waited a year",
            "anonymous": "true",
        },
    )
    next_week = dt.date.today() + dt.timedelta(days=7)
    with teams_app.app_context():
        said = send_digest(teams_app, "week", next_week)
        again = send_digest(teams_app, "week", next_week)
    assert said.startswith("Posted") and "already posted" in again
    digests = [c for c in connector.cards(OFFICERS) if "digest" in text_of(c)]
    assert len(digests) == 1
    assert "Submissions: 1 (1 concern)" in text_of(digests[0])


def test_an_officer_acknowledges_from_the_channel_card_and_the_author_is_told(
    teams_app, connector, session
):
    add_officers_channel(teams_app, connector)
    chat = TeamsChat(teams_app, connector)
    chat.say("idea: drop-in clinics for SENCOs")
    chat.submit(
        chat.last(), {"kind": "idea", "text": "drop-in clinics for SENCOs", "anonymous": "false"}
    )
    reference = session.scalars(select(StaffSubmission.reference)).one()
    officers_card = connector.cards(OFFICERS)[-1]
    [acknowledge] = [a for a in officers_card["actions"] if a["data"]["status"] == "acknowledged"]

    officer = link_chat_user(session, "officer", teams=OFFICER)
    officers_click(teams_app, connector, acknowledge["data"], OFFICER)

    assert f"{reference} is now acknowledged. The author has been told." in text_of(
        connector.cards(THREAD)[-1]
    )
    assert f"Your idea {reference} is now acknowledged." in text_of(chat.last())
    assert session.scalars(select(StaffSubmission.status)).one().value == "acknowledged"
    changed = session.scalar(select(AuditEvent).where(AuditEvent.action == "change_status"))
    assert changed.actor == f"user:{officer.id}"


def officers_click(app: Any, connector: FakeConnector, data: dict[str, Any], sender: str) -> None:
    """A button clicked on a card in the officers' channel: Teams answers in the card's thread."""
    channel = TeamsChat(app, connector, sample="message_messageBack_card_submit")
    channel.conversation = OFFICERS
    click = channel.activity(
        value=data,
        conversation={"id": THREAD, "conversationType": "channel"},
    )
    click["from"] = {**click["from"], "aadObjectId": sender}
    click.pop("text", None)
    channel.post(click)


def test_with_several_networks_the_card_asks_which_first_then_shows_its_las(
    teams_app, connector, loaded, hub_lead
):
    from storage.models import Network

    loaded.add(Network(slug="other-hub", name="Other hub", region="Test Region"))
    loaded.flush()
    chat = TeamsChat(teams_app, connector)
    chat.say("attendance")
    first = chat.last()
    assert list(inputs(first)) == ["network"]
    chat.submit(first, {"network": "test-hub"})
    second = inputs(chat.last())
    assert second["network"]["value"] == "test-hub"
    assert {c["value"] for c in second["organisations"]["choices"]} >= {"E00000001"}


# --- who may act from chat: the account an admin linked, never what the card carries --------------


def chat_refusals(session: Any) -> list[dict[str, Any]]:
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "chat.refused"))
    return [{"actor": e.actor, **e.details} for e in events]


def filed_idea(app: Any, connector: FakeConnector, session: Any) -> tuple[TeamsChat, str]:
    chat = TeamsChat(app, connector)
    chat.say("idea: drop-in clinics for SENCOs")
    chat.submit(
        chat.last(), {"kind": "idea", "text": "drop-in clinics for SENCOs", "anonymous": "false"}
    )
    return chat, session.scalars(select(StaffSubmission.reference)).one()


def test_a_forged_status_card_from_a_personal_chat_changes_nothing(teams_app, connector, session):
    # The attack: any Teams user types nothing, just sends a card's data from their own chat.
    chat, reference = filed_idea(teams_app, connector, session)
    chat.post(
        {
            **chat.activity(
                value={"yousaid": "status", "reference": reference, "status": "actioned"}
            ),
            "text": None,
        }
    )
    assert session.scalars(select(StaffSubmission.status)).one().value == "new"
    assert REFUSAL in text_of(chat.last())
    assert chat_refusals(session) == [
        {
            "actor": f"teams:72f988bf-86f1-41af-91ab-2d7cd011db47/{MEGAN}",
            "action": "change_status",
            "reason": "outside_officers_channel",
            "channel": "teams",
        }
    ]


def test_even_a_linked_officer_changes_statuses_only_in_the_officers_channel(
    teams_app, connector, session
):
    link_chat_user(session, "officer", teams=MEGAN)
    chat, reference = filed_idea(teams_app, connector, session)
    chat.post(
        {
            **chat.activity(
                value={"yousaid": "status", "reference": reference, "status": "actioned"}
            ),
            "text": None,
        }
    )
    assert session.scalars(select(StaffSubmission.status)).one().value == "new"
    assert REFUSAL in text_of(chat.last())


@pytest.mark.parametrize(("linked", "reason"), [(None, "not_linked"), ("hub_lead", "role")])
def test_a_click_in_the_officers_channel_from_a_non_officer_is_refused(
    teams_app, connector, session, linked, reason
):
    if linked:
        link_chat_user(session, linked, teams=OFFICER)
    _chat, reference = filed_idea(teams_app, connector, session)
    data = {"yousaid": "status", "reference": reference, "status": "acknowledged"}
    officers_click(teams_app, connector, data, OFFICER)
    assert session.scalars(select(StaffSubmission.status)).one().value == "new"
    assert REFUSAL in text_of(connector.cards(THREAD)[-1])
    assert [(r["action"], r["reason"]) for r in chat_refusals(session)] == [
        ("change_status", reason)
    ]


def test_attendance_is_refused_for_a_teams_user_nobody_linked(teams_app, connector, session):
    chat = TeamsChat(teams_app, connector)
    chat.say("attendance")
    assert "Only hub leads can log attendance" in text_of(chat.last())
    chat.post(
        {
            **chat.activity(
                value={
                    "yousaid": "attendance",
                    "ctx_network": "test-hub",
                    "network": "test-hub",
                    "meeting": "new",
                    "title": "Hub",
                    "held_on": "2026-10-14",
                    "kind": "full_hub",
                    "organisations": "E00000001",
                }
            ),
            "text": None,
        }
    )
    assert "Only hub leads can log attendance" in text_of(chat.last())
    assert count(session, Meeting) == 0
    assert [r["reason"] for r in chat_refusals(session)] == ["not_linked", "not_linked"]
