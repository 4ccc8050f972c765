"""Hub leads logging who came to a network meeting: the form, its rules and the summary.

Logging the same meeting (network, date, title) again updates it: ``survey.intake`` upserts.
Only chat users linked to a hub lead's (or an officer's) account, or listed in
``ATTENDANCE_CHAT_USERS``, may open the form or log a meeting (``bot.conversation.trust``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from bot.conversation import messages as m
from bot.conversation.staff import UnitOfWork
from bot.conversation.trust import ATTENDANCE_REFUSAL, ChatTrust
from storage.repositories import conversations, evidence, organisations
from survey import intake
from survey.domain.errors import DomainError
from survey.domain.inputs import AttendanceInput

NEW_MEETING = "new"
MEETING_KINDS = (
    m.Choice("strand_group", "Strand group"),
    m.Choice("full_hub", "Full hub meeting"),
    m.Choice("steering_group", "Steering group"),
)


def short_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def summary_text(title: str, held_on: dt.date, details: dict[str, Any]) -> str:
    """ "9 of 12 LAs attended the Transition strand group on 14 Oct; absent: A, B and C." """
    text = (
        f"{details['attending_members']} of {details['members']} LAs attended the {title} "
        f"on {short_date(held_on)}"
    )
    absent = details.get("absent") or []
    if not absent:
        return text + "; none absent."
    names = absent[0] if len(absent) == 1 else ", ".join(absent[:-1]) + f" and {absent[-1]}"
    return f"{text}; absent: {names}."


def parse_people(raw: Any) -> tuple[int | None, str | None]:
    if raw in (None, ""):
        return None, None
    try:
        people = int(str(raw).strip())
    except ValueError:
        return None, "Enter the number of people as a whole number, like 14"
    if not 0 <= people <= 10000:
        return None, "Enter the number of people, from 0 to 10000"
    return people, None


def parse_date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        return None


class AttendanceConversation:
    def __init__(self, unit_of_work: UnitOfWork, trust: ChatTrust | None = None) -> None:
        self._unit_of_work = unit_of_work
        self._trust = trust or ChatTrust()

    def form(self, by: m.Author, network: str | None = None) -> m.Form | m.Reply:
        """The attendance form; with several networks and none chosen, first ask which one.
        Someone who may not log attendance gets a polite refusal instead (audited)."""
        with self._unit_of_work() as session:
            if self._trust.attendance_actor(session, by) is None:
                return m.Reply(ATTENDANCE_REFUSAL)
            networks = organisations.list_networks(session)
            if not networks:
                return m.Reply("There are no networks yet: an officer loads them with the plan.")
            chosen = next((n for n in networks if n.slug == network), None)
            if chosen is None and len(networks) == 1:
                chosen = networks[0]
            network_field = m.Field(
                "network",
                "Network or hub",
                m.CHOICE,
                choices=tuple(m.Choice(n.slug, n.name) for n in networks),
                initial=chosen.slug if chosen else None,
                refreshes_form=True,
            )
            if chosen is None:
                return m.Form(
                    "attendance",
                    "Log attendance",
                    "Next",
                    (network_field,),
                )
            meetings = conversations.list_recent_meetings(session, chosen.id)
            members = organisations.list_network_members(session, chosen)
            fields = (
                network_field,
                m.Field(
                    "meeting",
                    "Which meeting?",
                    m.CHOICE,
                    choices=(
                        m.Choice(NEW_MEETING, "A new meeting"),
                        *(
                            m.Choice(str(x.id), f"{x.title}, {x.held_on:%d %b %Y}")
                            for x in meetings
                        ),
                    ),
                    initial=NEW_MEETING,
                ),
                m.Field(
                    "title",
                    "Title of a new meeting",
                    m.TEXT,
                    required=False,
                    hint="For example: Transition strand group",
                    max_length=200,
                ),
                m.Field("held_on", "Date of a new meeting", m.DATE, required=False),
                m.Field(
                    "kind", "Kind of a new meeting", m.CHOICE, required=False, choices=MEETING_KINDS
                ),
                m.Field(
                    "organisations",
                    "Which LAs were present?",
                    m.MULTI_CHOICE,
                    choices=tuple(m.Choice(o.code, o.name) for o in members),
                ),
                m.Field("people", "How many people came?", m.NUMBER, required=False),
            )
            return m.Form("attendance", "Log attendance", "Save", fields, {"network": chosen.slug})

    def submit(
        self, values: dict[str, Any], logged_by: m.Author
    ) -> m.AttendanceSummary | m.Problems | m.Reply:
        """Log (or update) a meeting; a refusal (audited) for anyone who may not."""
        with self._unit_of_work() as session:
            actor = self._trust.attendance_actor(session, logged_by)
        if actor is None:
            return m.Reply(ATTENDANCE_REFUSAL)
        problems: dict[str, str] = {}
        people, problem = parse_people(values.get("people"))
        if problem:
            problems["people"] = problem
        codes = [c for c in values.get("organisations") or [] if c]
        if not codes:
            problems["organisations"] = "Select the LAs that were present"
        with self._unit_of_work() as session:
            title, held_on, kind = self._meeting(session, values, problems)
            if problems:
                return m.Problems(problems)
            item = AttendanceInput(
                network=values.get("network") or "",
                title=title,
                held_on=held_on,
                kind=kind,
                organisations=codes,
                people=people,
                logged_by=actor,
                channel=logged_by.channel,
            )
            try:
                receipt = intake.record_attendance(session, item)
            except DomainError as error:
                return m.Problems({p.field: p.message for p in error.problems})
        return m.AttendanceSummary(
            receipt.record_id, receipt.created, summary_text(title, held_on, receipt.details)
        )

    def summary(self, values: dict[str, Any], by: m.Author) -> str | None:
        """The summary of the meeting a submitted form names, as stored now (None for someone
        who may not log attendance: their submission was refused)."""
        with self._unit_of_work() as session:
            if self._trust.attendance_actor(session, by, audited=False) is None:
                return None
            network = organisations.get_network_by_slug(session, values.get("network") or "")
            if network is None:
                return None
            chosen = values.get("meeting") or NEW_MEETING
            if chosen != NEW_MEETING:
                meeting = (
                    conversations.get_meeting_by_id(session, int(chosen))
                    if chosen.isdigit()
                    else None
                )
            else:
                held_on = parse_date(values.get("held_on"))
                title = (values.get("title") or "").strip()
                meeting = (
                    evidence.get_meeting(session, network.id, held_on, title) if held_on else None
                )
            if meeting is None or meeting.network_id != network.id:
                return None
            members = organisations.list_network_members(session, network)
            present = {a.organisation_id for a in meeting.attendance}
            details = {
                "members": len(members),
                "attending_members": sum(1 for o in members if o.id in present),
                "absent": sorted(o.name for o in members if o.id not in present),
            }
            return summary_text(meeting.title, meeting.held_on, details)

    def _meeting(
        self, session: Session, values: dict[str, Any], problems: dict[str, str]
    ) -> tuple[str, dt.date, str]:
        chosen = values.get("meeting") or NEW_MEETING
        if chosen != NEW_MEETING:
            meeting = (
                conversations.get_meeting_by_id(session, int(chosen)) if chosen.isdigit() else None
            )
            if meeting is None or meeting.network.slug != values.get("network"):
                problems["meeting"] = "Choose a meeting from the list"
                return "", dt.date.today(), ""
            return meeting.title, meeting.held_on, meeting.kind.value
        title = (values.get("title") or "").strip()
        held_on = parse_date(values.get("held_on"))
        kind = values.get("kind") or ""
        if not title:
            problems["title"] = "Enter the meeting's title"
        if held_on is None:
            problems["held_on"] = "Enter the date of the meeting"
        if kind not in {k.value for k in MEETING_KINDS}:
            problems["kind"] = "Choose strand group, full hub meeting or steering group"
        return title, held_on or dt.date.today(), kind
