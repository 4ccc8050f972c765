""" "You said, we did" entries and the staff submissions each one answers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.declarative import Base, utcnow

if TYPE_CHECKING:
    from storage.models.outcome_framework import Action
    from storage.models.staff_submissions import StaffSubmission


class YouSaidWeDid(Base):
    """What people said (the officer's summary) and what was done about it, and when.

    Written against an action, a theme or specific staff submissions. The text is stored as
    redacted when saved, so nothing that shows it (the public page, the feed, Slack's App Home,
    the report) can leak personal details an officer pasted in.
    """

    __tablename__ = "you_said_we_did"

    id: Mapped[int] = mapped_column(primary_key=True)
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    done_on: Mapped[dt.date] = mapped_column(Date, index=True)
    theme: Mapped[str | None] = mapped_column(String(100))
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="SET NULL"), index=True
    )
    published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    action: Mapped[Action | None] = relationship()
    covered: Mapped[list[YouSaidWeDidSubmission]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="YouSaidWeDidSubmission.id"
    )


class YouSaidWeDidSubmission(Base):
    """A staff submission an entry answers; ``notified_at`` so its author is told only once."""

    __tablename__ = "you_said_we_did_submission"
    __table_args__ = (UniqueConstraint("entry_id", "submission_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("you_said_we_did.id", ondelete="CASCADE"))
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("staff_submission.id", ondelete="CASCADE"), index=True
    )
    notified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    entry: Mapped[YouSaidWeDid] = relationship(back_populates="covered")
    submission: Mapped[StaffSubmission] = relationship()
