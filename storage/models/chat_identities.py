"""Which officer account a chat user is: the link an admin makes (``yousaid user link-chat``).

A chat message says who sent it only in the chat platform's own ids (a Slack team and user, a
Teams Entra object id). What that person may do as an officer or hub lead is decided by the
account linked here, never by anything the message carries.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.declarative import Base, utcnow
from storage.models.officer_accounts import User


class ChatIdentity(Base):
    __tablename__ = "chat_identity"
    __table_args__ = (UniqueConstraint("channel", "workspace", "chat_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))  # slack | teams
    # The Slack team id; "" for Teams, whose Entra object ids are unique across tenants.
    workspace: Mapped[str] = mapped_column(String(64), default="")
    chat_user: Mapped[str] = mapped_column(String(128))  # Slack user id, Teams Entra object id
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship()
