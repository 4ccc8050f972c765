"""Who may do an officer's or a hub lead's work from chat: decided here, once for every channel.

A chat message carries whatever the sender's client put in it (a Teams card's data, a Slack
button's value), so what a chat user may do is never read from the message. It comes from the
officer account an admin linked to their chat identity (``yousaid user link-chat``), or, for
attendance, from the admin's ``ATTENDANCE_CHAT_USERS`` list; and a status change is taken only
in the officers' own channel or conversation. Each adapter says where an action came from and
who sent it, in the platform's ids; everything else is decided here. Every refusal is audited
with the sender's chat id and a reason code, never with what they wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.conversation import messages as m
from storage.repositories import audit
from survey.officers import chat_identities
from survey.officers.chat_identities import ChatId

STATUS_REFUSAL = (
    "Only officers can change a submission's status. Ask an admin to link your chat account."
)
ATTENDANCE_REFUSAL = (
    "Only hub leads can log attendance from chat. Ask an admin to link your chat account."
)


def chat_id_of(author: m.Author) -> ChatId:
    """The author's chat identity as links store it (Teams ids need no workspace)."""
    if author.channel == "slack":
        return ChatId("slack", (author.workspace_id or "").upper(), (author.user_id or "").upper())
    return ChatId(author.channel, "", (author.user_id or "").lower())


class ChatTrust:
    """The gate in front of officers' and hub leads' actions from chat."""

    def __init__(self, attendance_users: Iterable[ChatId] = ()) -> None:
        self._attendance_users = frozenset(attendance_users)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ChatTrust:
        """Raises DomainError for an ``ATTENDANCE_CHAT_USERS`` entry it cannot read."""
        return cls(chat_identities.parse_chat_ids(config.get("ATTENDANCE_CHAT_USERS")))

    def status_actor(
        self, session: Any, author: m.Author, in_officers_place: bool, audited: bool = True
    ) -> str | None:
        """The account ("user:3") a status change is recorded as done by, or None (audited
        unless ``audited`` is False: for a second look at a decision already recorded)."""
        account = chat_identities.linked_account(session, chat_id_of(author))
        if not in_officers_place:
            reason = "outside_officers_channel"
        elif account is None:
            reason = "not_linked"
        elif account.role.value not in chat_identities.STATUS_ROLES:
            reason = "role"
        else:
            return f"user:{account.id}"
        if audited:
            self._refuse(session, author, "change_status", reason)
        return None

    def attendance_actor(self, session: Any, author: m.Author, audited: bool = True) -> str | None:
        """Who the attendance is logged by: the linked account, or the listed chat user."""
        chat = chat_id_of(author)
        account = chat_identities.linked_account(session, chat)
        if account is not None and account.role.value in chat_identities.ATTENDANCE_ROLES:
            return f"user:{account.id}"
        if chat in self._attendance_users:
            return author.actor
        if audited:
            reason = "role" if account is not None else "not_linked"
            self._refuse(session, author, "log_attendance", reason)
        return None

    def _refuse(self, session: Any, author: m.Author, action: str, reason: str) -> None:
        # Actor is the chat id (as every chat action is audited); no text, no reference typed.
        audit.create_audit_event(
            session,
            author.actor,
            "chat.refused",
            "chat_action",
            None,
            {"action": action, "reason": reason, "channel": author.channel},
        )
