"""Figures officers enter for a measure (for measures no survey or meeting can count)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.declarative import Base, utcnow

if TYPE_CHECKING:
    from storage.models.outcome_framework import OutcomeMeasure


class MetricValue(Base):
    """A figure an officer enters for a measure and period (e.g. tribunals this month)."""

    __tablename__ = "metric_value"
    __table_args__ = (
        UniqueConstraint("measure_id", "period_start", "period_end", "organisation_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("outcome_measure.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    # "all" or the organisation's code: a NOT NULL twin so the unique constraint also holds for
    # area-wide figures (NULLs never collide in a unique constraint).
    organisation_key: Mapped[str] = mapped_column(String(32), default="all")
    value: Mapped[float] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str | None] = mapped_column(String(200))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    measure: Mapped[OutcomeMeasure] = relationship()
