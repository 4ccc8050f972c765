"""The evidence store: typed SQLAlchemy 2 models.

Private to ``storage``: other packages go through ``storage.repositories`` (enforced by
import-linter). The shape carries every channel (web, Slack, Teams, import), meeting attendance,
links to actions and measures, and the scores the analysis stores, so channels add rows, not
redesigns.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names so Alembic migrations behave the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


def _enum(cls: type[enum.Enum]) -> Enum:
    # Store the value (readable in SQL), as VARCHAR + CHECK so adding a member is a small migration.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        name=cls.__name__.lower(),
    )


class OrganisationKind(enum.StrEnum):
    LA = "la"
    SCHOOL = "school"
    SETTING = "setting"
    COLLEGE = "college"
    SERVICE = "service"


class Rag(enum.StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"  # complete
    NONE = "none"


class IndicatorKind(enum.StrEnum):
    COUNT = "count"
    RATE = "rate"
    MEAN_SCORE = "mean_score"
    MEAN_SENTIMENT = "mean_sentiment"
    FIGURE = "figure"


class Direction(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Channel(enum.StrEnum):
    WEB = "web"
    SLACK = "slack"
    TEAMS = "teams"
    IMPORT = "import"
    CLI = "cli"
    DEMO = "demo"


class SubmissionKind(enum.StrEnum):
    IDEA = "idea"
    VIEW = "view"
    CONCERN = "concern"
    QUESTION = "question"


class SubmissionStatus(enum.StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    UNDER_CONSIDERATION = "under_consideration"
    ACTIONED = "actioned"
    NOT_TAKEN_FORWARD = "not_taken_forward"


class MeetingKind(enum.StrEnum):
    STRAND_GROUP = "strand_group"
    FULL_HUB = "full_hub"
    STEERING_GROUP = "steering_group"


class EvidenceKind(enum.StrEnum):
    RESPONSE = "response"
    ANSWER = "answer"
    STAFF_SUBMISSION = "staff_submission"
    MEETING = "meeting"
    ATTENDANCE = "attendance"
    METRIC_VALUE = "metric_value"


class LinkMethod(enum.StrEnum):
    DECLARED = "declared"
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    MANUAL = "manual"


class Role(enum.StrEnum):
    ADMIN = "admin"
    OFFICER = "officer"
    HUB_LEAD = "hub_lead"


# --- organisations and networks -------------------------------------------------------------


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # ONS code for LAs, else stable
    dfe_code: Mapped[str | None] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(_enum(OrganisationKind), index=True)
    region: Mapped[str | None] = mapped_column(String(100), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))  # a school's LA
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])


class Network(Base):
    """A regional hub or network whose meetings hub leads log; members are the region's LAs."""

    __tablename__ = "network"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))

    measures: Mapped[list[OutcomeMeasure]] = relationship(secondary="network_measure")


network_measure = Table(
    "network_measure",
    Base.metadata,
    Column("network_id", ForeignKey("network.id", ondelete="CASCADE"), primary_key=True),
    Column("measure_id", ForeignKey("outcome_measure.id", ondelete="CASCADE"), primary_key=True),
)

# --- the outcome framework --------------------------------------------------------------------


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
    review_status: Mapped[Rag] = mapped_column(_enum(Rag), default=Rag.NONE)
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
    kind: Mapped[IndicatorKind] = mapped_column(_enum(IndicatorKind))
    of: Mapped[str | None] = mapped_column(String(32))  # what evidence feeds it
    unit: Mapped[str] = mapped_column(String(16), default="number")
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_period: Mapped[str | None] = mapped_column(String(32))
    target: Mapped[float | None] = mapped_column(Float)
    direction: Mapped[Direction] = mapped_column(_enum(Direction), default=Direction.HIGHER)
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

# --- surveys --------------------------------------------------------------------------------


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


class Response(Base):
    __tablename__ = "response"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)  # YS-7K3Q-2MXA
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"), index=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel), index=True)
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


# --- staff submissions ------------------------------------------------------------------------


class StaffSubmission(Base):
    __tablename__ = "staff_submission"
    __table_args__ = (
        CheckConstraint(
            "NOT (anonymous AND author_id IS NOT NULL)", name="anonymous_has_no_author"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[SubmissionKind] = mapped_column(_enum(SubmissionKind), index=True)
    text: Mapped[str] = mapped_column(Text)
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id"), index=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # In clear only when not anonymous: the channel's user id (e.g. Slack "U123", Teams AAD id).
    author_id: Mapped[str | None] = mapped_column(String(128), index=True)
    author_name: Mapped[str | None] = mapped_column(String(200))
    # Always a keyed hash (HMAC with the secret key) so an anonymous author can find theirs.
    author_hash: Mapped[str] = mapped_column(String(64), index=True)
    workspace_id: Mapped[str | None] = mapped_column(String(64))  # Slack team / Teams tenant
    reply_address: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # where to notify
    status: Mapped[SubmissionStatus] = mapped_column(
        _enum(SubmissionStatus), default=SubmissionStatus.NEW, index=True
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


# --- meetings and attendance ----------------------------------------------------------------


class Meeting(Base):
    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("network_id", "held_on", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    strand: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[MeetingKind] = mapped_column(_enum(MeetingKind))
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
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    logged_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    organisation: Mapped[Organisation] = relationship()


# --- officer-entered figures ------------------------------------------------------------------


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


# --- links: evidence to actions and measures ---------------------------------------------------


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
    evidence_kind: Mapped[EvidenceKind] = mapped_column(_enum(EvidenceKind))
    evidence_id: Mapped[int] = mapped_column(Integer)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    measure_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcome_measure.id", ondelete="CASCADE")
    )
    method: Mapped[LinkMethod] = mapped_column(_enum(LinkMethod))
    score: Mapped[float | None] = mapped_column(Float)
    matched_terms: Mapped[list[Any] | None] = mapped_column(JSON)
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    action: Mapped[Action | None] = relationship()
    measure: Mapped[OutcomeMeasure | None] = relationship()


# --- people who sign in, and the audit trail ---------------------------------------------------


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-cased
    name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id
    role: Mapped[Role] = mapped_column(_enum(Role))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now())
    actor: Mapped[str] = mapped_column(String(200))  # "user:3", "cli", "slack:T1/U2" (never a name)
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# --- parent surveys on the web: drafts and distribution links -----------------------------------


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


# --- officers' view: API tokens ------------------------------------------------------------------


class ApiToken(Base):
    """A read-only API token for Power BI or Excel: only its SHA-256 is kept, never the token."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(
        String(16)
    )  # shown in listings so people can tell them apart
    scopes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


# --- chat channels: notification outbox, Slack installations, digests, seen events ---------------


class Notification(Base):
    """A message owed to the author of a staff submission, delivered after the commit.

    Kept as an outbox so a message is never lost when Slack or Teams is down: a row stays
    ``pending`` (or ``failed`` after too many attempts) until a sender delivers it.
    """

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("staff_submission.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))  # acknowledgement, status, reply, you_said...
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    address: Mapped[dict[str, Any]] = mapped_column(JSON)  # e.g. {"team": "T1", "user": "U2"}
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(64))  # an error code, never free text
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # When a deliverer took it (status "sending"), so a second one does not send it too, and one
    # that died while sending is noticed and its row tried again.
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SlackInstallation(Base):
    """A workspace (or Enterprise Grid org) that installed the Slack app through OAuth."""

    __tablename__ = "slack_installation"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "<enterprise or ->:<team or ->": a NOT NULL key so one row per workspace is enforced.
    workspace_key: Mapped[str] = mapped_column(String(80), unique=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_id: Mapped[str | None] = mapped_column(String(32))
    team_name: Mapped[str | None] = mapped_column(String(200))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    app_id: Mapped[str | None] = mapped_column(String(32))
    bot_token: Mapped[str] = mapped_column(String(255))
    bot_id: Mapped[str | None] = mapped_column(String(32))
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    bot_scopes: Mapped[str | None] = mapped_column(Text)
    installer_user_id: Mapped[str | None] = mapped_column(String(32))
    installed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DigestPost(Base):
    """A digest posted for one period to one destination: running the command twice posts once."""

    __tablename__ = "digest_post"
    __table_args__ = (UniqueConstraint("destination", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    destination: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(32))
    posted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    message_ts: Mapped[str | None] = mapped_column(String(32))


class SeenEvent(Base):
    """Deliveries already handled (e.g. Slack event ids), so a retried delivery acts once."""

    __tablename__ = "seen_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class TeamsConversation(Base):
    """A Teams conversation the app can post into unprompted (a proactive message): a user's
    personal chat (for notifications) or a channel (for the officers). Refreshed from every
    activity, because Teams may move a conversation to another ``serviceUrl``."""

    __tablename__ = "teams_conversation"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(400), unique=True)
    conversation_type: Mapped[str | None] = mapped_column(String(32))  # personal, channel, ...
    service_url: Mapped[str] = mapped_column(String(500))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    bot_id: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[str | None] = mapped_column(String(200), index=True)  # personal chats only
    team_id: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


# --- "You said, we did" ----------------------------------------------------------------------------


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
