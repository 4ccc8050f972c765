"""Link rebuild jobs: queued after a plan edit, claimed by one runner at a time, advanced one
batch of texts per unit of work, and finished as done or failed (with a short code)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from storage.models import JobStatus, LinkRebuildJob, utcnow
from storage.repositories.changed import rows_changed


def queue_job(session: Session, plan_id: int, requested_by: str) -> tuple[LinkRebuildJob, bool]:
    """The plan's queued job, or a new one (True when new).

    A job still queued has not read the plan yet, so it will use the newest keywords: a second
    edit joins it. A running job may already have read older ones, so an edit then queues one
    more.
    """
    queued = session.scalars(
        select(LinkRebuildJob)
        .where(LinkRebuildJob.plan_id == plan_id, LinkRebuildJob.status == JobStatus.QUEUED)
        .order_by(LinkRebuildJob.id)
        .limit(1)
    ).first()
    if queued is not None:
        return queued, False
    job = LinkRebuildJob(
        plan_id=plan_id, requested_by=requested_by, status=JobStatus.QUEUED, cursor_id=0
    )
    session.add(job)
    session.flush()
    return job, True


def get_job(session: Session, job_id: int) -> LinkRebuildJob | None:
    return session.get(LinkRebuildJob, job_id)


def latest_for_plan(session: Session, plan_id: int) -> LinkRebuildJob | None:
    return session.scalars(
        select(LinkRebuildJob)
        .where(LinkRebuildJob.plan_id == plan_id)
        .order_by(LinkRebuildJob.id.desc())
        .limit(1)
    ).first()


def _due(stale_before: dt.datetime) -> Any:
    return or_(
        LinkRebuildJob.status == JobStatus.QUEUED,
        and_(
            LinkRebuildJob.status == JobStatus.RUNNING,
            or_(
                LinkRebuildJob.heartbeat_at.is_(None),
                LinkRebuildJob.heartbeat_at < stale_before,
            ),
        ),
    )


def list_due(session: Session, stale_before: dt.datetime) -> list[tuple[int, int]]:
    """(id, attempts) of every job waiting to run, or left running by a runner that died."""
    rows = session.execute(
        select(LinkRebuildJob.id, LinkRebuildJob.attempts)
        .where(_due(stale_before))
        .order_by(LinkRebuildJob.id)
    ).all()
    return [(row[0], row[1]) for row in rows]


def claim_job(session: Session, job_id: int, attempts: int, stale_before: dt.datetime) -> bool:
    """Take a due job to run (status running, the attempt counted), only if nobody took it
    since it was read with ``attempts``. The new ``attempts`` is the claim's token."""
    now = utcnow()
    result = session.execute(
        update(LinkRebuildJob)
        .where(
            LinkRebuildJob.id == job_id,
            LinkRebuildJob.attempts == attempts,
            _due(stale_before),
        )
        .values(status=JobStatus.RUNNING, attempts=attempts + 1, heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result) > 0


def update_job(session: Session, job: LinkRebuildJob, **fields: Any) -> LinkRebuildJob:
    for name, value in fields.items():
        setattr(job, name, JobStatus(value) if name == "status" else value)
    session.flush()
    return job
