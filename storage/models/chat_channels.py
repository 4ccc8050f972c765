"""Chat channels: the notification outbox, Slack installations, digests posted, events seen
and Teams conversations.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.declarative import Base, stored_enum, utcnow
from storage.models.enums import Channel


class Notification(Base):
    """A message owed to the author of a staff submission, delivered after the commit.

    Kept as an outbox so a message is never lost when Slack or Teams is down: a row stays
    ``pending`` (or ``failed`` after too many attempts) until a sender delivers it.
    """

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("staff_submission.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))  # acknowledgement, status, reply, you_said...
    channel: Mapped[Channel] = mapped_column(stored_enum(Channel))
    address: Mapped[dict[str, Any]] = mapped_column(JSON)  # e.g. {"team": "T1", "user": "U2"}
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(64))  # an error code, never free text
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # When a deliverer took it (status "sending"), so a second one does not send it too, and one
    # that died while sending is noticed and its row tried again.
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SlackInstallation(Base):
    """A workspace (or Enterprise Grid org) that installed the Slack app through OAuth."""

    __tablename__ = "slack_installation"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "<enterprise or ->:<team or ->": a NOT NULL key so one row per workspace is enforced.
    workspace_key: Mapped[str] = mapped_column(String(80), unique=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_id: Mapped[str | None] = mapped_column(String(32))
    team_name: Mapped[str | None] = mapped_column(String(200))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    app_id: Mapped[str | None] = mapped_column(String(32))
    # Encrypted (storage.encryption); a plaintext "xoxb-" token written before encryption is
    # read as it is until `yousaid secrets rotate` encrypts it.
    bot_token: Mapped[str] = mapped_column(Text)
    bot_id: Mapped[str | None] = mapped_column(String(32))
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    bot_scopes: Mapped[str | None] = mapped_column(Text)
    installer_user_id: Mapped[str | None] = mapped_column(String(32))
    installed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DigestPost(Base):
    """A digest posted for one period to one destination: running the command twice posts once."""

    __tablename__ = "digest_post"
    __table_args__ = (UniqueConstraint("destination", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    destination: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(32))
    posted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    message_ts: Mapped[str | None] = mapped_column(String(32))


class SeenEvent(Base):
    """Deliveries already handled (e.g. Slack event ids), so a retried delivery acts once."""

    __tablename__ = "seen_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class TeamsConversation(Base):
    """A Teams conversation the app can post into unprompted (a proactive message): a user's
    personal chat (for notifications) or a channel (for the officers). Refreshed from every
    activity, because Teams may move a conversation to another ``serviceUrl``."""

    __tablename__ = "teams_conversation"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(400), unique=True)
    conversation_type: Mapped[str | None] = mapped_column(String(32))  # personal, channel, ...
    service_url: Mapped[str] = mapped_column(String(500))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    bot_id: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[str | None] = mapped_column(String(200), index=True)  # personal chats only
    team_id: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
