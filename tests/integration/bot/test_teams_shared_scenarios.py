"""One table of conversation scenarios, run through both chat adapters.

The same answers go in through Slack (signed requests, a fake Slack Web API) and through Teams
(Bot Framework activities, a fake Bot Connector); the same records must come out and people must
be told the same words, because both adapters only translate for one conversation core.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from sqlalchemy import func, select

from storage.models import Attendance, AuditEvent, Meeting, Notification, StaffSubmission
from tests.conftest import DATA
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.teams_connector import FakeConnector
from tests.support.factories import link_chat_user
from tests.support.slack_requests import (
    OFFICERS,
    SIGNING_SECRET,
    SlackClient,
    checkbox_state,
    multi_state,
    sample,
    select_state,
    text_state,
    view_submission,
)

_ids = itertools.count(1)


class SlackDriver:
    author = "W111"
    identity: ClassVar[dict[str, str]] = {
        "slack": "T111:W111"
    }  # the samples' sender, as ``user link-chat`` takes it

    def __init__(self, app: Any, api: FakeSlackApi) -> None:
        self.app, self.api = app, api
        self.slack = SlackClient(app.test_client())
        self.refusals: list[str] = []

    def settle(self) -> None:
        assert self.app.extensions["yousaid.slack"].executor.drain(timeout=30)

    def file(self, answers: dict[str, Any], click: str) -> None:
        values = {
            "kind": select_state(answers.get("kind")),
            "workstream": select_state(answers.get("workstream")),
            "text": text_state(answers.get("text")),
            "action": {"type": "external_select", "selected_option": None},
            "anonymous": checkbox_state(bool(answers.get("anonymous"))),
        }
        response = self.slack.interactive(view_submission("stars", values, view_id=f"V{click}"))
        body = response.get_json(silent=True) or {}
        self.refusals.extend((body.get("errors") or {}).values())
        self.settle()

    def log_attendance(self, organisations: list[str], click: str) -> None:
        values = {
            "network": select_state("test-hub"),
            "meeting": select_state("new"),
            "title": text_state("Transition strand group"),
            "held_on": {"type": "datepicker", "selected_date": "2026-10-14"},
            "kind": select_state("strand_group"),
            "organisations": multi_state(organisations),
            "people": {"type": "number_input", "value": "11"},
        }
        payload = view_submission(
            "attendance",
            values,
            view_id=f"VATT{click}",
            metadata={"network": "test-hub", "reply_to": "CHUB"},
        )
        body = self.slack.interactive(payload).get_json(silent=True) or {}
        self.refusals.extend((body.get("errors") or {}).values())
        self.settle()

    def send_status(self, reference: str, status: str) -> None:
        """A status button's data clicked in the person's own DM, not the officers' channel."""
        payload = sample("block_actions.json")
        action = {"type": "button", "action_id": f"stars_status:{status}", "value": reference}
        payload.update(
            actions=[{**action, "block_id": "stars_status"}],
            container={"type": "message", "message_ts": "1.2", "channel_id": "D0DM"},
            channel={"id": "D0DM", "name": "directmessage"},
        )
        self.slack.interactive(payload)
        self.settle()
        self.refusals.extend(
            c.args["text"]
            for c in self.api.called("chat.postEphemeral")
            if c.args.get("user") == self.author
        )

    def told(self) -> list[str]:
        """Everything the person was told, oldest first."""
        return [
            c.args.get("text", "")
            for c in self.api.called("chat.postMessage") + self.api.called("chat.postEphemeral")
            if c.args.get("channel") in (self.author, "CHUB")
        ]


class TeamsDriver:
    identity: ClassVar[dict[str, str]] = {
        "teams": "7faf8ab2-3d56-4244-b585-20c8a42ed2b8"
    }  # the sample's Entra id

    def __init__(self, app: Any, connector: FakeConnector) -> None:
        self.client = app.test_client()
        self.connector = connector
        base = json.loads((DATA / "teams" / "message_personal.msteams_docs.json").read_text())
        base.pop("attachments")
        base["serviceUrl"] = connector.url
        self.base = base
        self.refusals: list[str] = []

    def post(self, **changes: Any) -> None:
        activity = copy.deepcopy(self.base)
        activity["id"] = f"shared-{next(_ids)}"
        activity.update(changes)
        if "value" in changes:
            activity.pop("text", None)
        response = self.client.post("/api/messages", json=activity)
        assert response.status_code in (200, 202)

    def file(self, answers: dict[str, Any], click: str) -> None:
        data = {"yousaid": "stars", "source": f"offer-{click}"}
        data.update({k: v for k, v in answers.items() if v is not None and k != "anonymous"})
        data["anonymous"] = "true" if answers.get("anonymous") else "false"
        self.post(value=data)
        self._collect_refusals()

    def log_attendance(self, organisations: list[str], click: str) -> None:
        self.post(text="attendance")
        self.post(
            value={
                "yousaid": "attendance",
                "ctx_network": "test-hub",
                "network": "test-hub",
                "meeting": "new",
                "title": "Transition strand group",
                "held_on": "2026-10-14",
                "kind": "strand_group",
                "organisations": ",".join(organisations),
                "people": 11,
            }
        )
        self._collect_refusals()

    def send_status(self, reference: str, status: str) -> None:
        """A status card's data sent from the person's personal chat (the issue's forgery)."""
        self.post(value={"yousaid": "status", "reference": reference, "status": status})
        last = self.connector.cards()[-1]
        self.refusals.extend(
            b["text"] for b in last.get("body", []) if b.get("type") == "TextBlock"
        )

    def _collect_refusals(self) -> None:
        last = self.connector.cards()[-1] if self.connector.cards() else {}
        self.refusals.extend(
            b["text"]
            for b in last.get("body", [])
            if b.get("color") == "Attention" and not b["text"].startswith("There is a problem")
        )

    def told(self) -> list[str]:
        return [
            block["text"]
            for card in self.connector.cards()
            for block in card.get("body", [])
            if block.get("type") == "TextBlock"
        ]


@pytest.fixture(params=["slack", "teams"])
def chat(request, make_app: Any, loaded: Any) -> Iterator[Any]:
    # Each channel's fake is asked for only when that channel is the one under test.
    if request.param == "slack":
        api = request.getfixturevalue("slack_api")
        app = make_app(
            TESTING=True,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_BOT_TOKEN="xoxb-test",
            SLACK_API_URL=api.url,
            SLACK_OFFICERS_CHANNEL=OFFICERS,
            SLACK_WORKERS=1,
        )
        yield SlackDriver(app, api)
        app.extensions["yousaid.slack"].executor.shutdown(wait=True)
    else:
        yield TeamsDriver(make_app(TESTING=True), request.getfixturevalue("connector"))


@dataclass(frozen=True)
class Case:
    name: str
    submissions: list[dict[str, Any]]  # answers, each sent once per click listed in "clicks"
    clicks: list[str] = field(default_factory=lambda: ["1"])
    stored: list[tuple[str, str | None, bool]] = field(
        default_factory=list
    )  # kind, workstream, anon
    told: list[str] = field(default_factory=list)  # words the person must have been told
    refused: list[str] = field(default_factory=list)
    notifications: int = 0


CASES = [
    Case(
        "a named view in a workstream",
        [{"kind": "view", "workstream": "staff-reference-group", "text": "Panels need a SENCO"}],
        stored=[("view", "staff-reference-group", False)],
        told=["Thank you. Your view is filed as"],
        notifications=1,
    ),
    Case(
        "an anonymous concern",
        [{"kind": "concern", "text": "Caseloads are too high", "anonymous": True}],
        stored=[("concern", None, True)],
        told=["Thank you. Your concern is filed as", "It was sent anonymously"],
    ),
    Case(
        "the same form sent twice",
        [{"kind": "idea", "text": "Text parents when a draft is ready"}],
        clicks=["1", "1"],
        stored=[("idea", None, False)],
        notifications=1,
    ),
    Case(
        "an empty form",
        [{"kind": None, "text": None}],
        refused=["Choose idea, view, concern or question", "Write what you want to say"],
    ),
    Case(
        "text over the limit",
        [{"kind": "idea", "text": "x" * 3001}],
        refused=["Keep it to 3000 characters or fewer (yours has 3001)"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_staff_submissions_behave_the_same_in_slack_and_teams(chat, case: Case, session) -> None:
    for answers in case.submissions:
        for click in case.clicks:
            chat.file(answers, click)
    rows = session.scalars(select(StaffSubmission).order_by(StaffSubmission.id)).all()
    assert [
        (r.kind.value, r.workstream.slug if r.workstream else None, r.anonymous) for r in rows
    ] == case.stored
    for row in rows:
        if row.anonymous:
            assert (row.author_id, row.author_name, row.reply_address) == (None, None, None)
    told = "\n".join(chat.told())
    for words in case.told:
        assert words in told
    for row in rows:
        assert row.reference in told
    assert sorted(chat.refusals) == sorted(case.refused)
    # Messages owed to the author (officers' announcements are counted apart: one per new
    # submission, to the Slack officers' channel in these tests).
    to_author = select(func.count()).where(Notification.kind != "officers")
    assert session.scalar(to_author) == case.notifications


def test_attendance_behaves_the_same_in_slack_and_teams(chat, session) -> None:
    link_chat_user(session, "hub_lead", **chat.identity)
    chat.log_attendance(["E00000001", "E00000002", "E00000003"], "1")
    assert (
        "3 of 4 LAs attended the Transition strand group on 14 Oct; absent: Delta Shire."
        in chat.told()
    )
    chat.log_attendance(["E00000001", "E00000004"], "2")
    assert session.scalar(select(func.count()).select_from(Meeting)) == 1
    assert sorted(a.organisation.code for a in session.scalars(select(Attendance))) == [
        "E00000001",
        "E00000004",
    ]
    assert any(t.startswith("2 of 4 LAs attended") for t in chat.told())
    chat.log_attendance(["E00000001", "E99999999"], "3")
    assert chat.refusals == ["There is no organisation with code 'E99999999'"]


ATTENDANCE_REFUSAL = (
    "Only hub leads can log attendance from chat. Ask an admin to link your chat account."
)


def test_attendance_from_an_unlinked_chat_user_is_refused_the_same_way(chat, session) -> None:
    chat.log_attendance(["E00000001", "E00000002"], "1")
    assert ATTENDANCE_REFUSAL in chat.refusals + chat.told()
    assert session.scalar(select(func.count()).select_from(Meeting)) == 0
    refused = session.scalars(select(AuditEvent).where(AuditEvent.action == "chat.refused"))
    assert {(e.details["action"], e.details["reason"]) for e in refused} == {
        ("log_attendance", "not_linked")
    }


@pytest.mark.parametrize("role", ["admin", "officer", "hub_lead"])
def test_every_role_linked_may_log_attendance(chat, session, role: str) -> None:
    user = link_chat_user(session, role, **chat.identity)
    chat.log_attendance(["E00000001"], "1")
    assert chat.refusals == []
    assert set(session.scalars(select(Attendance.logged_by))) == {f"user:{user.id}"}


STATUS_REFUSAL = (
    "Only officers can change a submission's status. Ask an admin to link your chat account."
)


@pytest.mark.parametrize("linked", [False, True], ids=["unlinked", "a linked officer"])
def test_a_status_change_from_outside_the_officers_channel_is_refused_the_same_way(
    chat, session, linked: bool
) -> None:
    if linked:
        link_chat_user(session, "officer", **chat.identity)
    chat.file({"kind": "idea", "text": "Text parents when a draft is ready"}, "1")
    reference = session.scalars(select(StaffSubmission.reference)).one()
    chat.send_status(reference, "actioned")
    assert session.scalars(select(StaffSubmission.status)).one().value == "new"
    assert chat.refusals == [STATUS_REFUSAL]
    refused = session.scalars(select(AuditEvent).where(AuditEvent.action == "chat.refused"))
    assert [(e.details["action"], e.details["reason"]) for e in refused] == [
        ("change_status", "outside_officers_channel")
    ]
