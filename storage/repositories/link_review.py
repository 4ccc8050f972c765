"""Suggested links and their review: what the matcher proposed, what officers confirmed or rejected."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import (
    Action,
    Answer,
    EvidenceKind,
    Link,
    LinkMethod,
    OutcomeMeasure,
    Plan,
    Response,
    StaffSubmission,
    utcnow,
)


@dataclass(frozen=True)
class PlanTargetRow:
    kind: str
    ref: str
    text: str
    keywords: tuple[str, ...]
    measures: tuple[str, ...]
    target_id: int


def list_plan_targets(session: Session) -> list[PlanTargetRow]:
    """Every action and measure of the active plans, as text the matcher can index."""
    rows: list[PlanTargetRow] = []
    actions = session.scalars(
        select(Action)
        .join(Plan)
        .where(Plan.active.is_(True))
        .options(selectinload(Action.measures))
        .order_by(Plan.id, Action.position)
    )
    for action in actions:
        # The objective only, as analysis.matching.load_targets_from_plan_file reads a plan file
        # (monitoring text is much the same for every action and did not help on the labelled
        # set), so `links suggest` gives the same answers from the database and from --plan.
        rows.append(
            PlanTargetRow(
                "action",
                action.ref,
                action.objective,
                tuple(action.keywords or ()),
                tuple(m.code for m in action.measures),
                action.id,
            )
        )
    measures = session.scalars(
        select(OutcomeMeasure)
        .join(Plan)
        .where(Plan.active.is_(True))
        .order_by(Plan.id, OutcomeMeasure.position)
    )
    for measure in measures:
        rows.append(
            PlanTargetRow(
                "measure",
                measure.code,
                measure.statement,
                tuple(measure.keywords or ()),
                (),
                measure.id,
            )
        )
    return rows


def plan_fingerprint(session: Session) -> tuple[Any, ...]:
    """Changes whenever a plan is loaded, so cached matchers know to rebuild."""
    return tuple(session.execute(select(Plan.id, Plan.loaded_at).order_by(Plan.id)).all())


def rejected_targets(session: Session, kind: str, evidence_id: int) -> set[tuple[str, int]]:
    rows = session.execute(
        select(Link.action_id, Link.measure_id).where(
            Link.evidence_kind == EvidenceKind(kind),
            Link.evidence_id == evidence_id,
            Link.method == LinkMethod.REJECTED,
        )
    ).all()
    return {("action", r[0]) if r[0] else ("measure", r[1]) for r in rows}


def existing_targets(session: Session, kind: str, evidence_id: int) -> set[tuple[str, int]]:
    rows = session.execute(
        select(Link.action_id, Link.measure_id).where(
            Link.evidence_kind == EvidenceKind(kind), Link.evidence_id == evidence_id
        )
    ).all()
    return {("action", r[0]) if r[0] else ("measure", r[1]) for r in rows}


def delete_suggestions(session: Session) -> int:
    """Remove unreviewed suggestions (confirmed, rejected, declared and manual links stay)."""
    result = session.execute(delete(Link).where(Link.method == LinkMethod.SUGGESTED))
    return result.rowcount or 0


def get_link(session: Session, link_id: int) -> Link | None:
    return session.get(Link, link_id)


def update_link(session: Session, link: Link, **fields: Any) -> Link:
    for name, value in fields.items():
        setattr(link, name, LinkMethod(value) if name == "method" else value)
    link.updated_at = utcnow()
    session.flush()
    return link


@dataclass(frozen=True)
class QueueFilter:
    action: str | None = None
    measure: str | None = None
    source: str | None = None  # web | slack | teams | import | demo
    organisation: str | None = None  # LA code
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def list_suggestions(
    session: Session, where: QueueFilter, limit: int = 50, offset: int = 0
) -> list[Link]:
    """Unreviewed suggestions, newest first, for the officers' review queue."""
    from storage.models import Organisation

    query = (
        select(Link)
        .where(Link.method == LinkMethod.SUGGESTED)
        .options(selectinload(Link.action), selectinload(Link.measure))
        .order_by(Link.created_at.desc(), Link.id.desc())
    )
    if where.action:
        query = query.join(Action, Action.id == Link.action_id).where(Action.ref == where.action)
    if where.measure:
        query = query.join(OutcomeMeasure, OutcomeMeasure.id == Link.measure_id).where(
            OutcomeMeasure.code == where.measure
        )
    answer_ids = select(Answer.id).join(Response, Response.id == Answer.response_id)
    submission_ids = select(StaffSubmission.id)
    if where.source:
        answer_ids = answer_ids.where(Response.channel == where.source)
        submission_ids = submission_ids.where(StaffSubmission.channel == where.source)
    if where.organisation:
        answer_ids = answer_ids.join(
            Organisation, Organisation.id == Response.organisation_id
        ).where(Organisation.code == where.organisation)
        submission_ids = submission_ids.where(False)
    if where.since:
        answer_ids = answer_ids.where(Response.submitted_at >= where.since)
        submission_ids = submission_ids.where(StaffSubmission.submitted_at >= where.since)
    if where.until:
        answer_ids = answer_ids.where(Response.submitted_at < where.until)
        submission_ids = submission_ids.where(StaffSubmission.submitted_at < where.until)
    if where.source or where.organisation or where.since or where.until:
        query = query.where(
            ((Link.evidence_kind == EvidenceKind.ANSWER) & Link.evidence_id.in_(answer_ids))
            | (
                (Link.evidence_kind == EvidenceKind.STAFF_SUBMISSION)
                & Link.evidence_id.in_(submission_ids)
            )
        )
    return list(session.scalars(query.limit(limit).offset(offset)))


def count_suggestions(session: Session) -> int:
    return (
        session.scalar(select(func.count(Link.id)).where(Link.method == LinkMethod.SUGGESTED)) or 0
    )


def evidence_text(
    session: Session, kind: str, evidence_id: int
) -> tuple[str | None, float | None, str | None]:
    """The free text, its stored sentiment and its channel, for showing a suggestion."""
    if kind == "answer":
        row = session.execute(
            select(Answer.free_text, Answer.sentiment, Response.channel)
            .join(Response, Response.id == Answer.response_id)
            .where(Answer.id == evidence_id)
        ).first()
    elif kind == "staff_submission":
        row = session.execute(
            select(StaffSubmission.text, StaffSubmission.sentiment, StaffSubmission.channel).where(
                StaffSubmission.id == evidence_id
            )
        ).first()
    else:
        row = None
    if row is None:
        return None, None, None
    return row[0], row[1], row[2].value if row[2] is not None else None
