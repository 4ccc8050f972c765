"""Queries and updates the chat channels need: submission status, the officers' digest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import (
    Attendance,
    Meeting,
    StaffSubmission,
    SubmissionKind,
    SubmissionStatus,
    Workstream,
    utcnow,
)


def get_staff_submission_by_id(session: Session, submission_id: int) -> StaffSubmission | None:
    return session.get(StaffSubmission, submission_id)


def update_submission_status(
    session: Session, submission: StaffSubmission, status: str, reply: str | None
) -> StaffSubmission:
    submission.status = SubmissionStatus(status)
    submission.status_changed_at = utcnow()
    if reply is not None:
        submission.officer_reply = reply
    session.flush()
    return submission


def list_submissions_by_author_hash(
    session: Session, author_hash: str, limit: int = 10
) -> list[StaffSubmission]:
    return list(
        session.scalars(
            select(StaffSubmission)
            .where(StaffSubmission.author_hash == author_hash)
            .options(selectinload(StaffSubmission.workstream))
            .order_by(StaffSubmission.submitted_at.desc(), StaffSubmission.id.desc())
            .limit(limit)
        )
    )


def count_submissions_by_kind_and_workstream(
    session: Session, start: dt.datetime, end: dt.datetime
) -> list[tuple[str, str | None, int]]:
    rows = session.execute(
        select(StaffSubmission.kind, Workstream.name, func.count(StaffSubmission.id))
        .outerjoin(Workstream, StaffSubmission.workstream_id == Workstream.id)
        .where(StaffSubmission.submitted_at >= start, StaffSubmission.submitted_at < end)
        .group_by(StaffSubmission.kind, Workstream.name)
        .order_by(StaffSubmission.kind, Workstream.name)
    )
    return [(kind.value, name, count) for kind, name, count in rows]


def list_new_concerns(
    session: Session, start: dt.datetime, end: dt.datetime, limit: int = 10
) -> list[StaffSubmission]:
    return list(
        session.scalars(
            select(StaffSubmission)
            .where(
                StaffSubmission.kind == SubmissionKind.CONCERN,
                StaffSubmission.submitted_at >= start,
                StaffSubmission.submitted_at < end,
            )
            .order_by(StaffSubmission.submitted_at)
            .limit(limit)
        )
    )


def list_meetings_with_attendance(
    session: Session, start: dt.date, end: dt.date, network_id: int | None = None
) -> list[tuple[Meeting, int]]:
    """Meetings held in [start, end) with how many organisations attended each."""
    attended = (
        select(Attendance.meeting_id, func.count(Attendance.id).label("n"))
        .group_by(Attendance.meeting_id)
        .subquery()
    )
    query = (
        select(Meeting, func.coalesce(attended.c.n, 0))
        .outerjoin(attended, attended.c.meeting_id == Meeting.id)
        .where(Meeting.held_on >= start, Meeting.held_on < end)
        .options(selectinload(Meeting.network))
        .order_by(Meeting.held_on, Meeting.title)
    )
    if network_id is not None:
        query = query.where(Meeting.network_id == network_id)
    return [(meeting, count) for meeting, count in session.execute(query)]


def get_meeting_by_id(session: Session, meeting_id: int) -> Meeting | None:
    return session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(selectinload(Meeting.network), selectinload(Meeting.attendance))
    )


def list_recent_meetings(session: Session, network_id: int, limit: int = 25) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.network_id == network_id)
            .order_by(Meeting.held_on.desc(), Meeting.title)
            .limit(limit)
        )
    )


def attendance_codes(meeting: Meeting) -> list[str]:
    return sorted(a.organisation.code for a in meeting.attendance)


def as_dict(submission: StaffSubmission) -> dict[str, Any]:
    return {
        "reference": submission.reference,
        "kind": submission.kind.value,
        "status": submission.status.value,
        "anonymous": submission.anonymous,
    }
