"""Evidence: survey responses and answers, staff submissions, meetings and attendance, figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import (
    Answer,
    Attendance,
    Channel,
    ContactDetail,
    Meeting,
    MeetingKind,
    MetricValue,
    Organisation,
    Response,
    StaffSubmission,
    SubmissionKind,
    SubmissionStatus,
    Survey,
    SurveyVersion,
    Workstream,
)


def get_response_by_idempotency_key(session: Session, key: str) -> Response | None:
    return session.scalar(select(Response).where(Response.idempotency_key == key))


def get_response_by_reference(session: Session, reference: str) -> Response | None:
    return session.scalar(
        select(Response)
        .where(Response.reference == reference)
        .options(selectinload(Response.answers).selectinload(Answer.question))
    )


def reference_exists(session: Session, reference: str) -> bool:
    in_responses = session.scalar(select(Response.id).where(Response.reference == reference))
    in_staff = session.scalar(
        select(StaffSubmission.id).where(StaffSubmission.reference == reference)
    )
    return in_responses is not None or in_staff is not None


def create_response(session: Session, answers: list[dict[str, Any]], **fields: Any) -> Response:
    fields["channel"] = Channel(fields["channel"])
    response = Response(**fields)
    response.answers = [Answer(**answer) for answer in answers]
    session.add(response)
    session.flush()
    return response


def create_contact_detail(
    session: Session, response: Response, contact: dict[str, str]
) -> ContactDetail:
    detail = ContactDetail(
        response_id=response.id,
        name=contact.get("name"),
        email=(contact.get("email") or "").lower() or None,
        phone=contact.get("phone"),
    )
    session.add(detail)
    session.flush()
    return detail


def get_staff_submission_by_idempotency_key(session: Session, key: str) -> StaffSubmission | None:
    return session.scalar(select(StaffSubmission).where(StaffSubmission.idempotency_key == key))


def get_staff_submission_by_reference(session: Session, reference: str) -> StaffSubmission | None:
    return session.scalar(
        select(StaffSubmission)
        .where(StaffSubmission.reference == reference)
        .options(selectinload(StaffSubmission.workstream))
    )


def create_staff_submission(session: Session, **fields: Any) -> StaffSubmission:
    fields["channel"] = Channel(fields["channel"])
    fields["kind"] = SubmissionKind(fields["kind"])
    fields.setdefault("status", SubmissionStatus.NEW)
    submission = StaffSubmission(**fields)
    session.add(submission)
    session.flush()
    return submission


def list_staff_submissions_by_author(
    session: Session, author_hash: str, limit: int = 20
) -> list[StaffSubmission]:
    return list(
        session.scalars(
            select(StaffSubmission)
            .where(StaffSubmission.author_hash == author_hash)
            .order_by(StaffSubmission.submitted_at.desc())
            .limit(limit)
        )
    )


def get_meeting(session: Session, network_id: int, held_on: dt.date, title: str) -> Meeting | None:
    return session.scalar(
        select(Meeting)
        .where(Meeting.network_id == network_id, Meeting.held_on == held_on, Meeting.title == title)
        .options(selectinload(Meeting.attendance))
    )


def list_meetings(
    session: Session, network_id: int | None = None, limit: int = 50
) -> list[Meeting]:
    query = select(Meeting).order_by(Meeting.held_on.desc()).limit(limit)
    if network_id is not None:
        query = query.where(Meeting.network_id == network_id)
    return list(session.scalars(query))


def upsert_meeting(
    session: Session, network_id: int, held_on: dt.date, title: str, **fields: Any
) -> tuple[Meeting, bool]:
    meeting = get_meeting(session, network_id, held_on, title)
    created = meeting is None
    if meeting is None:
        meeting = Meeting(network_id=network_id, held_on=held_on, title=title)
        session.add(meeting)
    fields["kind"] = MeetingKind(fields["kind"])
    for name, value in fields.items():
        setattr(meeting, name, value)
    session.flush()
    return meeting, created


def replace_attendance(
    session: Session, meeting: Meeting, rows: list[dict[str, Any]]
) -> list[Attendance]:
    """Make the meeting's attendance exactly these organisations (logging twice updates)."""
    by_org = {a.organisation_id: a for a in meeting.attendance}
    wanted = {row["organisation_id"] for row in rows}
    for organisation_id, record in by_org.items():
        if organisation_id not in wanted:
            meeting.attendance.remove(record)
    kept = []
    for row in rows:
        existing = by_org.get(row["organisation_id"])
        if existing is None:
            record = Attendance(meeting=meeting, **{**row, "channel": Channel(row["channel"])})
            session.add(record)
        else:
            record = existing
            record.people, record.logged_by = row.get("people"), row.get("logged_by")
            record.channel = Channel(row["channel"])
        kept.append(record)
    session.flush()
    return kept


def upsert_metric_value(session: Session, **fields: Any) -> tuple[MetricValue, bool]:
    key = fields.get("organisation_key", "all")
    existing = session.scalar(
        select(MetricValue).where(
            MetricValue.measure_id == fields["measure_id"],
            MetricValue.period_start == fields["period_start"],
            MetricValue.period_end == fields["period_end"],
            MetricValue.organisation_key == key,
        )
    )
    created = existing is None
    record = existing or MetricValue()
    for name, value in fields.items():
        setattr(record, name, value)
    session.add(record)
    session.flush()
    return record, created


# --- meetings and attendance, listed --------------------------------------------------------------


def list_meetings_between(
    session: Session, start: dt.date, end: dt.date, network_id: int | None = None
) -> list[Meeting]:
    """Meetings held from ``start`` up to (not including) ``end``, with who attended."""
    query = (
        select(Meeting)
        .where(Meeting.held_on >= start, Meeting.held_on < end)
        .options(
            selectinload(Meeting.attendance).selectinload(Attendance.organisation),
            selectinload(Meeting.network),
        )
        .order_by(Meeting.held_on.desc(), Meeting.title)
    )
    if network_id is not None:
        query = query.where(Meeting.network_id == network_id)
    return list(session.scalars(query))


# --- staff submissions, listed --------------------------------------------------------------------


@dataclass(frozen=True)
class SubmissionFilter:
    kind: str | None = None
    workstream: str | None = None  # slug
    status: str | None = None


def _submission_query(where: SubmissionFilter) -> Select[tuple[StaffSubmission]]:
    query = select(StaffSubmission)
    if where.kind:
        query = query.where(StaffSubmission.kind == SubmissionKind(where.kind))
    if where.status:
        query = query.where(StaffSubmission.status == SubmissionStatus(where.status))
    if where.workstream:
        query = query.join(Workstream, Workstream.id == StaffSubmission.workstream_id).where(
            Workstream.slug == where.workstream
        )
    return query


def list_staff_submissions(
    session: Session, where: SubmissionFilter, limit: int = 50, offset: int = 0
) -> list[StaffSubmission]:
    query = (
        _submission_query(where)
        .options(selectinload(StaffSubmission.workstream))
        .order_by(StaffSubmission.submitted_at.desc(), StaffSubmission.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def count_staff_submissions(session: Session, where: SubmissionFilter) -> int:
    subquery = _submission_query(where).subquery()
    return session.scalar(select(func.count()).select_from(subquery)) or 0


def count_submissions_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(StaffSubmission.status, func.count()).group_by(StaffSubmission.status)
    )
    counts = {status.value: 0 for status in SubmissionStatus}
    counts.update({status.value: count for status, count in rows})
    return counts


# --- responses, counted ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseCount:
    survey_slug: str
    survey_title: str
    la_code: str | None  # None: not attributed to an LA
    la_name: str | None
    responses: int


def count_responses_by_survey_and_la(
    session: Session, start: dt.date, end: dt.date, organisation_id: int | None = None
) -> list[ResponseCount]:
    """Responses received in a period per survey and LA (GROUP BY in the database)."""
    low = dt.datetime.combine(start, dt.time())
    high = dt.datetime.combine(end, dt.time())
    query = (
        select(
            Survey.slug,
            Survey.title,
            Organisation.code,
            Organisation.name,
            func.count(Response.id).label("responses"),
        )
        .select_from(Response)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .join(Survey, Survey.id == SurveyVersion.survey_id)
        .outerjoin(Organisation, Organisation.id == Response.organisation_id)
        .where(Response.submitted_at >= low, Response.submitted_at < high)
        .group_by(Survey.slug, Survey.title, Organisation.code, Organisation.name)
        .order_by(Survey.title, Organisation.name)
    )
    if organisation_id is not None:
        query = query.where(Response.organisation_id == organisation_id)
    return [ResponseCount(*row) for row in session.execute(query)]
