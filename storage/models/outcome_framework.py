"""The outcome framework: plans with priorities, actions, outcome measures (many-to-many with
actions), an indicator per measure, and the workstreams staff submissions are filed under.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.declarative import Base, stored_enum, utcnow
from storage.models.enums import Direction, IndicatorKind, Rag


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str | None] = mapped_column(String(200))
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    priorities: Mapped[list[Priority]] = relationship(
        back_populates="plan", order_by="Priority.position", cascade="all, delete-orphan"
    )
    actions: Mapped[list[Action]] = relationship(back_populates="plan", order_by="Action.position")
    measures: Mapped[list[OutcomeMeasure]] = relationship(
        back_populates="plan", order_by="OutcomeMeasure.position"
    )


class Priority(Base):
    __tablename__ = "priority"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[Plan] = relationship(back_populates="priorities")
    actions: Mapped[list[Action]] = relationship(
        back_populates="priority", order_by="Action.position"
    )


action_measure = Table(
    "action_measure",
    Base.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("measure_id", ForeignKey("outcome_measure.id", ondelete="CASCADE"), primary_key=True),
)


class Action(Base):
    __tablename__ = "action"
    __table_args__ = (UniqueConstraint("plan_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("priority.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(16))
    objective: Mapped[str] = mapped_column(Text)
    group_name: Mapped[str | None] = mapped_column(String(200))
    lead: Mapped[str | None] = mapped_column(String(200))
    members: Mapped[str | None] = mapped_column(Text)
    timeframe: Mapped[str | None] = mapped_column(String(100))
    monitoring: Mapped[str | None] = mapped_column(Text)
    review_status: Mapped[Rag] = mapped_column(stored_enum(Rag), default=Rag.NONE)
    review_note: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[list[Any]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[Plan] = relationship(back_populates="actions")
    priority: Mapped[Priority] = relationship(back_populates="actions")
    measures: Mapped[list[OutcomeMeasure]] = relationship(
        secondary=action_measure, back_populates="actions", order_by="OutcomeMeasure.position"
    )


class OutcomeMeasure(Base):
    __tablename__ = "outcome_measure"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    statement: Mapped[str] = mapped_column(Text)
    keywords: Mapped[list[Any]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[Plan] = relationship(back_populates="measures")
    actions: Mapped[list[Action]] = relationship(
        secondary=action_measure, back_populates="measures", order_by="Action.position"
    )
    indicator: Mapped[Indicator | None] = relationship(
        back_populates="measure", uselist=False, cascade="all, delete-orphan"
    )


class Indicator(Base):
    """How a measure is computed from evidence, and what good looks like."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("outcome_measure.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[IndicatorKind] = mapped_column(stored_enum(IndicatorKind))
    of: Mapped[str | None] = mapped_column(String(32))  # what evidence feeds it
    unit: Mapped[str] = mapped_column(String(16), default="number")
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_period: Mapped[str | None] = mapped_column(String(32))
    target: Mapped[float | None] = mapped_column(Float)
    direction: Mapped[Direction] = mapped_column(stored_enum(Direction), default=Direction.HIGHER)
    tolerance: Mapped[float | None] = mapped_column(Float)
    min_n: Mapped[int] = mapped_column(Integer, default=20)
    note: Mapped[str | None] = mapped_column(Text)

    measure: Mapped[OutcomeMeasure] = relationship(back_populates="indicator")


class Workstream(Base):
    """A strand of the transformation programme that staff submissions are filed under."""

    __tablename__ = "workstream"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))

    actions: Mapped[list[Action]] = relationship(secondary="workstream_action")


workstream_action = Table(
    "workstream_action",
    Base.metadata,
    Column("workstream_id", ForeignKey("workstream.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
)
