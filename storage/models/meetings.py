"""Meetings of a network and which organisations attended them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.declarative import Base, stored_enum, utcnow
from storage.models.enums import Channel, MeetingKind

if TYPE_CHECKING:
    from storage.models.organisations_networks import Network, Organisation


class Meeting(Base):
    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("network_id", "held_on", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    strand: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[MeetingKind] = mapped_column(stored_enum(MeetingKind))
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    people: Mapped[int | None] = mapped_column(Integer)  # total number of people present
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    network: Mapped[Network] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    people: Mapped[int | None] = mapped_column(Integer)
    logged_by: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[Channel] = mapped_column(stored_enum(Channel))
    logged_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    organisation: Mapped[Organisation] = relationship()
