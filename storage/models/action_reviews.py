"""The monthly review of an action: its status in the plan's own words (or a RAG colour), the
RAG it counts as, and a short note of the current position, dated. Every review is kept; the
latest is copied onto ``Action.review_status`` / ``review_note`` so the dashboards read one row.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.declarative import Base, stored_enum, utcnow
from storage.models.enums import Rag
from storage.models.outcome_framework import Action


class ActionReview(Base):
    __tablename__ = "action_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    status_label: Mapped[str] = mapped_column(String(100))  # "In progress", "Complete", "Amber"
    rag: Mapped[Rag] = mapped_column(stored_enum(Rag), default=Rag.NONE)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    action: Mapped[Action] = relationship()
