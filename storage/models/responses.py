"""Survey responses with their answers and (kept apart) contact details, and the drafts of
answers in progress on the web.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.declarative import Base, stored_enum, utcnow
from storage.models.enums import Channel

if TYPE_CHECKING:
    from storage.models.organisations_networks import Organisation
    from storage.models.survey_versions import Question, Survey, SurveyVersion


class Response(Base):
    __tablename__ = "response"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)  # YS-7K3Q-2MXA
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"), index=True)
    channel: Mapped[Channel] = mapped_column(stored_enum(Channel), index=True)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # Where the response came from (their LA, their child's school, an event), never who.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    setting_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    source: Mapped[str | None] = mapped_column(String(64))  # distribution link token or import file
    respondent_key: Mapped[str | None] = mapped_column(String(64), index=True)  # pseudonymous
    consent: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False)

    survey_version: Mapped[SurveyVersion] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )
    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])
    setting: Mapped[Organisation | None] = relationship(foreign_keys=[setting_id])


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        Index("ix_answer_question_positive", "question_id", "is_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    value: Mapped[str | None] = mapped_column(Text)  # raw value; JSON list for multiple choice
    score: Mapped[float | None] = mapped_column(Float)  # numeric where meaningful
    is_positive: Mapped[bool | None] = mapped_column(Boolean)  # None: not scored (n/a, skipped)
    free_text: Mapped[str | None] = mapped_column(Text)
    sentiment: Mapped[float | None] = mapped_column(Float)
    sentiment_label: Mapped[str | None] = mapped_column(String(16))
    sentiment_drivers: Mapped[list[Any] | None] = mapped_column(JSON)
    sentiment_version: Mapped[str | None] = mapped_column(String(64))

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()


class ContactDetail(Base):
    """Contact details a parent chose to leave: stored apart, deletable without losing answers."""

    __tablename__ = "contact_detail"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SurveyDraft(Base):
    """Answers in progress, kept on the server (never in the cookie) until the parent submits.

    Only hashes of the tokens are stored, so a copy of the database cannot be used to resume
    someone else's answers. No IP address or user agent is kept.
    """

    __tablename__ = "survey_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    survey_version: Mapped[int] = mapped_column(Integer)
    session_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    resume_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    resume_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    consent: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    language: Mapped[str] = mapped_column(String(8), default="en")
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(64))  # distribution link token
    submitted_reference: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)

    survey: Mapped[Survey] = relationship()
