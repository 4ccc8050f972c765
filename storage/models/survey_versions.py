"""Surveys with immutable versions and questions that declare their measures, and the
distribution links that attribute responses to an organisation or event.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.declarative import Base, utcnow

if TYPE_CHECKING:
    from storage.models.organisations_networks import Organisation
    from storage.models.outcome_framework import Action, OutcomeMeasure


class Survey(Base):
    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    opens_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closes_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    retention_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    versions: Mapped[list[SurveyVersion]] = relationship(
        back_populates="survey", order_by="SurveyVersion.version"
    )


survey_version_action = Table(
    "survey_version_action",
    Base.metadata,
    Column(
        "survey_version_id", ForeignKey("survey_version.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
)


class SurveyVersion(Base):
    """An immutable definition: a changed definition is a new version; responses keep theirs."""

    __tablename__ = "survey_version"
    __table_args__ = (
        UniqueConstraint("survey_id", "version"),
        UniqueConstraint("survey_id", "checksum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    checksum: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="versions")
    questions: Mapped[list[Question]] = relationship(
        back_populates="survey_version", order_by="Question.position"
    )
    actions: Mapped[list[Action]] = relationship(secondary=survey_version_action)


question_measure = Table(
    "question_measure",
    Base.metadata,
    Column("question_id", ForeignKey("question.id", ondelete="CASCADE"), primary_key=True),
    Column("measure_id", ForeignKey("outcome_measure.id", ondelete="CASCADE"), primary_key=True),
)


class Question(Base):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("survey_version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_version_id: Mapped[int] = mapped_column(
        ForeignKey("survey_version.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    options: Mapped[list[Any]] = mapped_column(JSON, default=list)
    positive: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict
    )  # {"values": [...]} / {"min": 7}

    survey_version: Mapped[SurveyVersion] = relationship(back_populates="questions")
    measures: Mapped[list[OutcomeMeasure]] = relationship(secondary=question_measure)


class DistributionLink(Base):
    """A survey link that attributes responses to an organisation or event, never to a person."""

    __tablename__ = "distribution_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    event: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    survey: Mapped[Survey] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
