"""Staff submissions (ideas, concerns, updates) from any channel, with their status workflow."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.declarative import Base, stored_enum, utcnow
from storage.models.enums import Channel, SubmissionKind, SubmissionStatus

if TYPE_CHECKING:
    from storage.models.outcome_framework import Workstream


class StaffSubmission(Base):
    __tablename__ = "staff_submission"
    __table_args__ = (
        CheckConstraint(
            "NOT (anonymous AND author_id IS NOT NULL)", name="anonymous_has_no_author"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[SubmissionKind] = mapped_column(stored_enum(SubmissionKind), index=True)
    text: Mapped[str] = mapped_column(Text)
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id"), index=True)
    channel: Mapped[Channel] = mapped_column(stored_enum(Channel), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # In clear only when not anonymous: the channel's user id (e.g. Slack "U123", Teams AAD id).
    author_id: Mapped[str | None] = mapped_column(String(128), index=True)
    author_name: Mapped[str | None] = mapped_column(String(200))
    # Always a keyed hash (HMAC with the secret key) so an anonymous author can find theirs.
    author_hash: Mapped[str] = mapped_column(String(64), index=True)
    workspace_id: Mapped[str | None] = mapped_column(String(64))  # Slack team / Teams tenant
    reply_address: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # where to notify
    status: Mapped[SubmissionStatus] = mapped_column(
        stored_enum(SubmissionStatus), default=SubmissionStatus.NEW, index=True
    )
    officer_reply: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    sentiment: Mapped[float | None] = mapped_column(Float)
    sentiment_label: Mapped[str | None] = mapped_column(String(16))
    sentiment_drivers: Mapped[list[Any] | None] = mapped_column(JSON)
    sentiment_version: Mapped[str | None] = mapped_column(String(64))

    workstream: Mapped[Workstream | None] = relationship()
