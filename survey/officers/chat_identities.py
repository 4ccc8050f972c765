"""Linking chat users to officer accounts, and what a linked (or listed) chat user may do.

Slack and Teams tell us who clicked only in their own ids. An admin says which officer account
each chat user is (``yousaid user link-chat``); the rules for what that account's role may do
from chat live here, beside the account rules, so every channel asks the same questions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from storage.repositories import audit, chat_identities, users
from survey.domain.errors import Conflict, DomainError, NotFound

if TYPE_CHECKING:
    from storage.models import ChatIdentity, User

CHANNELS = ("slack", "teams")
# The roles that may change a submission's status (README's role matrix: hub leads may not).
STATUS_ROLES = ("admin", "officer")
# The roles that may log a network meeting's attendance from chat.
ATTENDANCE_ROLES = ("admin", "officer", "hub_lead")


@dataclass(frozen=True)
class ChatId:
    """A chat user in the platform's own ids: Slack team and user, or a Teams Entra object id."""

    channel: str
    workspace: str  # the Slack team id; "" for Teams
    user: str

    def __str__(self) -> str:
        if self.channel == "slack":
            return f"slack:{self.workspace}:{self.user}"
        return f"{self.channel}:{self.user}"


def slack_id(team_and_user: str) -> ChatId:
    """``T0123:U0456`` (as ``--slack`` takes it)."""
    team, _, user = team_and_user.strip().partition(":")
    if not team or not user or ":" in user:
        raise DomainError(
            "Give the Slack team and user ids as TEAM:USER, like T0123ABCD:U0456EFGH",
            field="slack",
        )
    return ChatId("slack", team.upper(), user.upper())


def teams_id(object_id: str) -> ChatId:
    """A Teams user's Entra (AAD) object id, a GUID (as ``--teams`` takes it)."""
    found = object_id.strip().lower()
    if not found or len(found) > 128 or ":" in found:
        raise DomainError(
            "Give the Teams user's Entra object id, like 7faf8ab2-3d56-4244-b585-20c8a42ed2b8",
            field="teams",
        )
    return ChatId("teams", "", found)


def parse_chat_id(text: str) -> ChatId:
    """``slack:TEAM:USER`` or ``teams:OBJECT-ID``, as ``ATTENDANCE_CHAT_USERS`` lists them."""
    channel, _, rest = text.strip().partition(":")
    if channel.lower() == "slack":
        return slack_id(rest)
    if channel.lower() == "teams":
        return teams_id(rest)
    raise DomainError(
        f"'{text.strip()}' is not slack:TEAM:USER or teams:OBJECT-ID", field="ATTENDANCE_CHAT_USERS"
    )


def parse_chat_ids(setting: str | Iterable[str] | None) -> frozenset[ChatId]:
    """A comma- or space-separated setting (or a list) of chat ids."""
    if not setting:
        return frozenset()
    items = setting.replace(",", " ").split() if isinstance(setting, str) else list(setting)
    return frozenset(parse_chat_id(item) for item in items if item.strip())


def link_chat(session: Session, email: str, chat: ChatId, actor: str = "cli") -> ChatIdentity:
    """Say that ``chat`` is the account with ``email`` (one account per chat user); audited."""
    user = _existing(session, email)
    found = chat_identities.get_chat_identity(session, chat.channel, chat.workspace, chat.user)
    if found is not None:
        if found.user_id == user.id:
            return found
        raise Conflict(
            f"That {chat.channel} user is already linked to {found.user.email}: unlink it first",
            field=chat.channel,
        )
    link = chat_identities.create_chat_identity(
        session, user, chat.channel, chat.workspace, chat.user, actor
    )
    # The chat ids are the platform's opaque ids, not free text; the audit names the channel.
    audit.create_audit_event(
        session, actor, "user.chat_linked", "user", user.id, {"channel": chat.channel}
    )
    return link


def unlink_chat(session: Session, email: str, chat: ChatId, actor: str = "cli") -> None:
    user = _existing(session, email)
    found = chat_identities.get_chat_identity(session, chat.channel, chat.workspace, chat.user)
    if found is None or found.user_id != user.id:
        raise NotFound(f"{email.strip().lower()} has no such {chat.channel} link", field="email")
    chat_identities.delete_chat_identity(session, found)
    audit.create_audit_event(
        session, actor, "user.chat_unlinked", "user", user.id, {"channel": chat.channel}
    )


def list_links(session: Session, email: str | None = None) -> list[tuple[str, str, ChatId]]:
    """(email, role, chat id) for every link, or one account's."""
    user = _existing(session, email) if email else None
    return [
        (
            link.user.email,
            link.user.role.value,
            ChatId(link.channel, link.workspace, link.chat_user),
        )
        for link in chat_identities.list_chat_identities(session, user)
    ]


def linked_account(session: Session, chat: ChatId) -> User | None:
    """The active account ``chat`` is linked to, if any (a deactivated account is nobody)."""
    found = chat_identities.get_chat_identity(session, chat.channel, chat.workspace, chat.user)
    if found is None or not found.user.active:
        return None
    return found.user


def _existing(session: Session, email: str) -> User:
    user = users.get_user_by_email(session, email)
    if user is None:
        raise NotFound(f"There is no account for {email.strip().lower()}", field="email")
    return user
