"""What one Teams turn means, in the conversation core's terms, and what to answer.

Runs in a worker thread (blocking database work through the core); returns cards to send. The
rules (what a command means, what a form asks, which answers are refused) are the core's:
this module only reads Teams' activity shapes and picks which core call they stand for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from microsoft_agents.activity import Activity

from bot.conversation import messages as m
from bot.conversation.attendance import AttendanceConversation
from bot.conversation.staff import StaffConversation, parse_command
from bot.teams import cards, render

CHANNEL = "teams"
ATTENDANCE_WORDS = {"attendance", "log attendance", "meeting", "attendance card"}
HELP_LINES = (
    "Type your idea, view, concern or question in this chat: I will ask you to confirm its "
    "kind and workstream, and whether to send it anonymously, then give you a reference.",
    "Start with concern:, view: or question: to pick the kind (idea is the default).",
    "**my submissions**: what you have sent, with its status. An officer's reply or a change of "
    "status comes to this chat, unless you sent it anonymously.",
    "**attendance**: for hub leads, log which local authorities came to a network meeting. "
    "Logging the same meeting again updates it.",
    "Anonymous submissions keep no name with them: only a keyed hash, so they still show in "
    "**my submissions** and nobody else can tell they are yours.",
)


@dataclass
class Outcome:
    # Cards for this conversation. Officers hear of a new submission through the notification
    # outbox (queued by intake), not from here.
    cards: list[cards.Card] = field(default_factory=list)


class TeamsTurns:
    def __init__(
        self,
        staff: StaffConversation,
        attendance: AttendanceConversation,
        officers_conversation: str | None = None,
    ) -> None:
        self.staff = staff
        self.attendance = attendance
        self.officers_conversation = officers_conversation

    def in_officers_conversation(self, activity: Activity) -> bool:
        """Sent in the officers' channel (a card's button there answers in its thread, whose
        id is the channel's followed by ``;messageid=...``)."""
        conversation = activity.conversation
        if not self.officers_conversation or conversation is None or not conversation.id:
            return False
        return conversation.id.split(";", 1)[0] == self.officers_conversation

    # --- typed text ---------------------------------------------------------------------------

    def said(self, activity: Activity, text: str) -> Outcome:
        words = text.strip()
        lowered = words.lower()
        if lowered in ATTENDANCE_WORDS:
            return self.attendance_form(activity)
        intent = parse_command(words)
        if intent.name in ("help", "form") or not words:
            return Outcome([help_card()])
        if intent.name == "mine":
            return Outcome([render.submissions_card(self.staff.mine(author_of(activity)))])
        if not is_personal(activity):
            # In a channel everyone would see the card, the text and the anonymity choice.
            return Outcome(
                [
                    cards.message_card(
                        "To send an idea, view, concern or question, message me in a personal "
                        "chat: only you will see it there, and you can send it anonymously."
                    )
                ]
            )
        form = self.staff.form(text=intent.text)
        form = with_initial(form, "kind", intent.kind)
        return Outcome([render.form_card(form, source=activity.id)])

    def command(self, activity: Activity, name: str) -> Outcome:
        if name == "attendance":
            return self.attendance_form(activity)
        if name in ("mine", "my submissions"):
            return Outcome([render.submissions_card(self.staff.mine(author_of(activity)))])
        return Outcome([help_card()])

    # --- card submits --------------------------------------------------------------------------

    def submitted(self, activity: Activity, data: dict[str, Any]) -> Outcome:
        step = str(data.get(cards.STEP_KEY))
        if step == "command":
            return self.command(activity, str(data.get("command") or "help"))
        if step == "cancel":
            return Outcome([cards.message_card("Nothing was sent.")])
        if step == "stars":
            return self.file(activity, data)
        if step == "attendance":
            return self.log_attendance(activity, data)
        if step == "status":
            return self.change_status(activity, data)
        return Outcome([help_card()])

    def file(self, activity: Activity, data: dict[str, Any]) -> Outcome:
        if not is_personal(activity):
            return Outcome([cards.message_card("Please send it from a personal chat with me.")])
        form = self.staff.form()
        values = render.form_values(form, data)
        # The card's source (the message it was offered for) keys the submission: a second
        # click or a redelivered submit files nothing new.
        source = str(data.get(render.SOURCE_KEY) or activity.id or "")
        key = f"teams:{activity.conversation.id}:{source}"
        outcome = self.staff.file(author_of(activity), values, key)
        if isinstance(outcome, m.Problems):
            return Outcome([render.form_card(form, values, outcome.messages, source=source)])
        result = Outcome()
        if outcome.anonymous or not outcome.created:
            # A named author's acknowledgement comes through the notification outbox (the same
            # message every channel sends); anonymous authors get none, so answer here.
            result.cards.append(render.filed_card(outcome))
        return result

    def attendance_form(self, activity: Activity, network: str | None = None) -> Outcome:
        form = self.attendance.form(author_of(activity), network)
        if isinstance(form, m.Reply):
            return Outcome([render.reply_card(form)])
        return Outcome([render.form_card(form)])

    def log_attendance(self, activity: Activity, data: dict[str, Any]) -> Outcome:
        chosen = str(data.get("network") or "").strip()
        shown = render.context_of(data).get("network")
        if not shown or (chosen and chosen != shown):
            # The card asked for the network first, or the hub lead picked another network:
            # show the form for that network's meetings and members.
            return self.attendance_form(activity, chosen or shown)
        form = self.attendance.form(author_of(activity), shown)
        if isinstance(form, m.Reply):
            return Outcome([render.reply_card(form)])
        values = render.form_values(form, data)
        values["network"] = shown
        outcome = self.attendance.submit(values, author_of(activity))
        if isinstance(outcome, m.Reply):
            return Outcome([render.reply_card(outcome)])
        if isinstance(outcome, m.Problems):
            return Outcome([render.form_card(form, values, outcome.messages)])
        return Outcome([render.attendance_card(outcome)])

    def change_status(self, activity: Activity, data: dict[str, Any]) -> Outcome:
        # Whatever the card's data says, only a linked officer in the officers' channel may.
        reply = self.staff.change_status(
            author_of(activity),
            str(data.get("reference") or ""),
            str(data.get("status") or ""),
            in_officers_place=self.in_officers_conversation(activity),
        )
        return Outcome([render.reply_card(reply)])


def help_card() -> cards.Card:
    return cards.card(
        [cards.heading("What you can do here")]
        + [cards.paragraph(f"- {line}") for line in HELP_LINES],
        [
            cards.submit("My submissions", "command", command="mine"),
            cards.submit("Log attendance", "command", command="attendance"),
        ],
    )


def with_initial(form: m.Form, name: str, value: Any) -> m.Form:
    fields = tuple(replace(f, initial=value) if f.name == name else f for f in form.fields)
    return replace(form, fields=fields)


def is_personal(activity: Activity) -> bool:
    """A one-to-one chat with the app. Older activities carry no conversationType: then a team
    (channelData.team), a group flag or a thread id ("19:...") says it is not."""
    conversation = activity.conversation
    if conversation is None:
        return False
    if conversation.conversation_type:
        return conversation.conversation_type == "personal"
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    return not (conversation.is_group or data.get("team") or conversation.id.startswith("19:"))


def tenant_of(activity: Activity) -> str | None:
    conversation = activity.conversation
    if conversation is not None and conversation.tenant_id:
        return conversation.tenant_id
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    return (data.get("tenant") or {}).get("id")


def author_of(activity: Activity) -> m.Author:
    """The sender in the core's terms: their Entra object id when Teams gives it (stable across
    chats), and where to reach them (this personal chat) when they are not anonymous."""
    sender = activity.from_property
    user_id = (getattr(sender, "aad_object_id", None) or sender.id) if sender else ""
    address = None
    if sender is not None and activity.conversation is not None and is_personal(activity):
        address = {"conversation_id": activity.conversation.id, "user": sender.id}
    return m.Author(
        channel=CHANNEL,
        user_id=user_id,
        workspace_id=tenant_of(activity),
        name=sender.name if sender else None,
        reply_address=address,
    )


_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


def mentionless(activity: Activity) -> str:
    """The text without the @mention of the app that Teams puts in channel messages."""
    return _MENTION.sub("", activity.text or "").strip()
