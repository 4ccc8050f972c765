"""Links from a piece of evidence to the actions and measures it bears on."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.declarative import Base, stored_enum, utcnow
from storage.models.enums import EvidenceKind, LinkMethod

if TYPE_CHECKING:
    from storage.models.outcome_framework import Action, OutcomeMeasure


class Link(Base):
    """Ties one piece of evidence to one action or one measure, and says how the tie was made."""

    __tablename__ = "link"
    __table_args__ = (
        CheckConstraint("(action_id IS NULL) <> (measure_id IS NULL)", name="exactly_one_target"),
        Index(
            "uq_link_evidence_action",
            "evidence_kind",
            "evidence_id",
            "action_id",
            unique=True,
            sqlite_where=Column("action_id").isnot(None),
            postgresql_where=Column("action_id").isnot(None),
        ),
        Index(
            "uq_link_evidence_measure",
            "evidence_kind",
            "evidence_id",
            "measure_id",
            unique=True,
            sqlite_where=Column("measure_id").isnot(None),
            postgresql_where=Column("measure_id").isnot(None),
        ),
        Index("ix_link_measure_method", "measure_id", "method"),
        Index("ix_link_action_method", "action_id", "method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_kind: Mapped[EvidenceKind] = mapped_column(stored_enum(EvidenceKind))
    evidence_id: Mapped[int] = mapped_column(Integer)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    measure_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcome_measure.id", ondelete="CASCADE")
    )
    method: Mapped[LinkMethod] = mapped_column(stored_enum(LinkMethod))
    score: Mapped[float | None] = mapped_column(Float)
    matched_terms: Mapped[list[Any] | None] = mapped_column(JSON)
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    action: Mapped[Action | None] = relationship()
    measure: Mapped[OutcomeMeasure | None] = relationship()
