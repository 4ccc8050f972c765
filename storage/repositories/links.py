"""Links from evidence to actions and measures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Action, EvidenceKind, Link, LinkMethod, OutcomeMeasure


def create_links(
    session: Session,
    evidence_kind: str,
    evidence_id: int,
    method: str,
    action_ids: Iterable[int] = (),
    measure_ids: Iterable[int] = (),
    created_by: str | None = None,
    score: float | None = None,
    matched_terms: list[Any] | None = None,
) -> list[Link]:
    """Add links that do not exist yet; an existing link to the same target is left as it is."""
    kind = EvidenceKind(evidence_kind)
    existing = session.execute(
        select(Link.action_id, Link.measure_id).where(
            Link.evidence_kind == kind, Link.evidence_id == evidence_id
        )
    ).all()
    have_actions = {row.action_id for row in existing if row.action_id}
    have_measures = {row.measure_id for row in existing if row.measure_id}
    links = []
    for action_id in dict.fromkeys(action_ids):
        if action_id not in have_actions:
            links.append(Link(action_id=action_id))
    for measure_id in dict.fromkeys(measure_ids):
        if measure_id not in have_measures:
            links.append(Link(measure_id=measure_id))
    for link in links:
        link.evidence_kind, link.evidence_id = kind, evidence_id
        link.method, link.created_by = LinkMethod(method), created_by
        link.score, link.matched_terms = score, matched_terms
        session.add(link)
    session.flush()
    return links


def list_links_for(session: Session, evidence_kind: str, evidence_id: int) -> list[Link]:
    return list(
        session.scalars(
            select(Link)
            .where(
                Link.evidence_kind == EvidenceKind(evidence_kind), Link.evidence_id == evidence_id
            )
            .order_by(Link.id)
        )
    )


def count_links_by_method(session: Session) -> dict[str, int]:
    rows = session.execute(select(Link.method, func.count(Link.id)).group_by(Link.method)).all()
    counts = {method.value: 0 for method in LinkMethod}
    counts.update({row[0].value: row[1] for row in rows})
    return counts


def count_evidence_by_action(session: Session, plan_id: int) -> dict[int, int]:
    """Linked evidence per action (rejected suggestions excluded), for the plan page."""

    rows = session.execute(
        select(Link.action_id, func.count(Link.id))
        .join(Action, Action.id == Link.action_id)
        .where(Action.plan_id == plan_id, Link.method != LinkMethod.REJECTED)
        .group_by(Link.action_id)
    ).all()
    return {row[0]: row[1] for row in rows}


def count_evidence_by_measure(session: Session, plan_id: int) -> dict[int, int]:

    rows = session.execute(
        select(Link.measure_id, func.count(Link.id))
        .join(OutcomeMeasure, OutcomeMeasure.id == Link.measure_id)
        .where(OutcomeMeasure.plan_id == plan_id, Link.method != LinkMethod.REJECTED)
        .group_by(Link.measure_id)
    ).all()
    return {row[0]: row[1] for row in rows}
