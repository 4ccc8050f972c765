"""Counts of every kind of record, for operators and monitoring (``yousaid stats``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import (
    Action,
    Answer,
    Attendance,
    Meeting,
    MetricValue,
    Organisation,
    OutcomeMeasure,
    Plan,
    Response,
    StaffSubmission,
    Survey,
    User,
)
from storage.repositories.links import count_links_by_method

COUNTED = {
    "organisations": Organisation,
    "plans": Plan,
    "actions": Action,
    "measures": OutcomeMeasure,
    "surveys": Survey,
    "responses": Response,
    "answers": Answer,
    "staff_submissions": StaffSubmission,
    "meetings": Meeting,
    "attendance": Attendance,
    "metric_values": MetricValue,
    "users": User,
}


def count_records(session: Session) -> dict[str, object]:
    counts: dict[str, object] = {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in COUNTED.items()
    }
    counts["links_by_method"] = count_links_by_method(session)
    return counts
