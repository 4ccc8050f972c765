"""Plans: priorities, actions, outcome measures, indicators, workstreams and networks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import (
    Action,
    Direction,
    Indicator,
    IndicatorKind,
    Link,
    Network,
    OutcomeMeasure,
    Plan,
    Priority,
    Rag,
    Workstream,
)
from storage.repositories import action_reviews


class LinkedEvidenceError(Exception):
    """Removing these actions or measures would orphan evidence linked to them."""

    def __init__(self, refs: list[str]) -> None:
        self.refs = refs
        super().__init__(", ".join(refs))


class ReviewHistoryError(Exception):
    """Removing these actions would delete the monthly reviews recorded for them."""

    def __init__(self, refs: list[str]) -> None:
        self.refs = refs
        super().__init__(", ".join(refs))


@dataclass(frozen=True)
class PlanChanges:
    created: bool
    actions_added: int
    actions_updated: int
    actions_removed: int
    measures_added: int
    measures_removed: int


def get_plan_by_slug(session: Session, slug: str) -> Plan | None:
    return session.scalar(
        select(Plan)
        .where(Plan.slug == slug)
        .options(
            selectinload(Plan.priorities)
            .selectinload(Priority.actions)
            .selectinload(Action.measures),
            selectinload(Plan.measures).selectinload(OutcomeMeasure.indicator),
        )
    )


def list_plans(session: Session) -> list[Plan]:
    return list(session.scalars(select(Plan).order_by(Plan.title)))


def get_action(session: Session, plan_id: int, ref: str) -> Action | None:
    return session.scalar(select(Action).where(Action.plan_id == plan_id, Action.ref == ref))


def find_action_by_ref(session: Session, ref: str, plan_slug: str | None = None) -> Action | None:
    """An action by reference, within a named plan or across active plans (first match)."""
    query = select(Action).join(Plan).where(Action.ref == ref)
    query = query.where(Plan.slug == plan_slug) if plan_slug else query.where(Plan.active.is_(True))
    return session.scalars(query.order_by(Plan.id)).first()


def find_measure_by_code(
    session: Session, code: str, plan_slug: str | None = None
) -> OutcomeMeasure | None:
    query = select(OutcomeMeasure).join(Plan).where(OutcomeMeasure.code == code)
    query = query.where(Plan.slug == plan_slug) if plan_slug else query.where(Plan.active.is_(True))
    return session.scalars(query.order_by(Plan.id)).first()


def list_actions(
    session: Session, search: str | None = None, limit: int | None = None
) -> list[Action]:
    query = select(Action).join(Plan).where(Plan.active.is_(True))
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            func.lower(Action.objective).like(pattern) | func.lower(Action.ref).like(pattern)
        )
    query = query.order_by(Plan.id, Action.position)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def list_measures(session: Session) -> list[OutcomeMeasure]:
    query = (
        select(OutcomeMeasure)
        .join(Plan)
        .where(Plan.active.is_(True))
        .options(selectinload(OutcomeMeasure.indicator), selectinload(OutcomeMeasure.actions))
        .order_by(Plan.id, OutcomeMeasure.position)
    )
    return list(session.scalars(query))


def plan_references(session: Session) -> dict[str, tuple[set[str], set[str]]]:
    """Each plan's slug -> (action refs, measure codes), for checking survey definitions."""
    refs: dict[str, tuple[set[str], set[str]]] = {}
    for plan in list_plans(session):
        actions = set(session.scalars(select(Action.ref).where(Action.plan_id == plan.id)))
        codes = set(
            session.scalars(select(OutcomeMeasure.code).where(OutcomeMeasure.plan_id == plan.id))
        )
        refs[plan.slug] = (actions, codes)
    return refs


def get_workstream_by_slug(session: Session, slug: str) -> Workstream | None:
    return session.scalar(select(Workstream).where(Workstream.slug == slug))


def list_workstreams(session: Session) -> list[Workstream]:
    return list(session.scalars(select(Workstream).order_by(Workstream.name)))


def _count_links(session: Session, action_ids: list[int], measure_ids: list[int]) -> bool:
    if not action_ids and not measure_ids:
        return False
    query = select(func.count(Link.id)).where(
        Link.action_id.in_(action_ids) | Link.measure_id.in_(measure_ids)
    )
    return bool(session.scalar(query))


def save_plan(session: Session, d: Any) -> PlanChanges:
    """Create or update a plan from a checked ``PlanDef`` (idempotent by refs and codes).

    Removing an action or measure that has linked evidence is refused with LinkedEvidenceError,
    and removing an action with monthly reviews (its history) with ReviewHistoryError.
    ``d`` is a ``survey.domain.plan_definitions.PlanDef``; typed as Any so storage does not import survey.
    """
    plan, created = _save_plan_row(session, d)
    existing_measures = {
        m.code: m
        for m in session.scalars(select(OutcomeMeasure).where(OutcomeMeasure.plan_id == plan.id))
    }
    existing_actions = {
        a.ref: a for a in session.scalars(select(Action).where(Action.plan_id == plan.id))
    }
    wanted_codes = {m.code for m in d.measures}
    wanted_refs = {a.ref for a in d.actions}
    gone_actions = [a for ref, a in existing_actions.items() if ref not in wanted_refs]
    gone_measures = [m for code, m in existing_measures.items() if code not in wanted_codes]
    _refuse_orphaned_evidence(session, gone_actions, gone_measures)
    reviewed = action_reviews.reviewed_action_ids(session, [a.id for a in gone_actions])
    if reviewed:
        raise ReviewHistoryError([a.ref for a in gone_actions if a.id in reviewed])

    measures_added = _save_measures(session, plan, d.measures, existing_measures)
    priorities = _save_priorities(session, plan, d.priorities)
    added, updated = _save_actions(
        session, plan, d.actions, existing_actions, priorities, existing_measures
    )
    _delete_removed(session, gone_actions, gone_measures, priorities, d.priorities)
    session.flush()
    _save_workstreams(session, plan, d.workstreams)
    _save_networks(session, plan, d.networks, existing_measures)
    session.flush()
    return PlanChanges(
        created, added, updated, len(gone_actions), measures_added, len(gone_measures)
    )


def _save_plan_row(session: Session, d: Any) -> tuple[Plan, bool]:
    """The plan itself, created if new; flushed so its id can key the rest. Says if it was new."""
    plan = get_plan_by_slug(session, d.slug)
    created = plan is None
    if plan is None:
        plan = Plan(slug=d.slug)
        session.add(plan)
    plan.title, plan.organisation = d.title, d.organisation
    plan.starts_on, plan.ends_on = d.starts_on, d.ends_on
    session.flush()
    return plan, created


def _refuse_orphaned_evidence(
    session: Session, gone_actions: list[Action], gone_measures: list[OutcomeMeasure]
) -> None:
    """Raise LinkedEvidenceError naming each dropped action or measure that evidence links to."""
    if _count_links(session, [a.id for a in gone_actions], [m.id for m in gone_measures]):
        linked = [a.ref for a in gone_actions if _count_links(session, [a.id], [])]
        linked += [m.code for m in gone_measures if _count_links(session, [], [m.id])]
        raise LinkedEvidenceError(linked)


def _save_measures(
    session: Session, plan: Plan, measures: Any, existing: dict[str, OutcomeMeasure]
) -> int:
    """Add or update each measure in the order given; new ones join ``existing``. Returns how
    many were added."""
    added = 0
    for position, m in enumerate(measures):
        measure = existing.get(m.code)
        if measure is None:
            measure = OutcomeMeasure(plan_id=plan.id, code=m.code)
            session.add(measure)
            existing[m.code] = measure
            added += 1
        measure.statement, measure.keywords, measure.position = (
            m.statement,
            list(m.keywords),
            position,
        )
        _save_indicator(session, measure, m.indicator)
    return added


def _save_priorities(session: Session, plan: Plan, wanted: Any) -> dict[str, Priority]:
    """Add or update each priority, flushed so actions can point at them; returns every priority
    the plan has, by number (those no longer wanted included, for deletion later)."""
    priorities = {
        p.number: p for p in session.scalars(select(Priority).where(Priority.plan_id == plan.id))
    }
    for position, p in enumerate(wanted):
        priority = priorities.get(p.number)
        if priority is None:
            priority = Priority(plan_id=plan.id, number=p.number)
            session.add(priority)
            priorities[p.number] = priority
        priority.title, priority.position = p.title, position
    session.flush()
    return priorities


def _save_actions(
    session: Session,
    plan: Plan,
    actions: Any,
    existing: dict[str, Action],
    priorities: dict[str, Priority],
    measures: dict[str, OutcomeMeasure],
) -> tuple[int, int]:
    """Add or update each action in the order given; returns (added, updated)."""
    added = updated = 0
    # An action reviewed in the browser keeps its latest review: the file's status is older news.
    reviewed = action_reviews.reviewed_action_ids(session, [a.id for a in existing.values()])
    for position, a in enumerate(actions):
        action = existing.get(a.ref)
        if action is None:
            action = Action(plan_id=plan.id, ref=a.ref)
            session.add(action)
            added += 1
        else:
            updated += 1
        action.priority_id = priorities[a.priority].id
        action.objective, action.group_name, action.lead = a.objective, a.group, a.lead
        action.members, action.timeframe, action.monitoring = a.members, a.timeframe, a.monitoring
        if action.id not in reviewed:
            action.review_status, action.review_note = Rag(a.review_status), a.review_note
        action.keywords, action.position = list(a.keywords), position
        action.measures = [measures[code] for code in a.measures]
    return added, updated


def _delete_removed(
    session: Session,
    gone_actions: list[Action],
    gone_measures: list[OutcomeMeasure],
    priorities: dict[str, Priority],
    wanted_priorities: Any,
) -> None:
    """Delete the actions, measures and priorities the new definition no longer has."""
    for action in gone_actions:
        session.delete(action)
    for measure in gone_measures:
        session.delete(measure)
    for number, priority in priorities.items():
        if number not in {p.number for p in wanted_priorities}:
            session.delete(priority)


def _save_indicator(session: Session, measure: OutcomeMeasure, spec: Any) -> None:
    indicator = measure.indicator or Indicator()
    measure.indicator = indicator
    indicator.kind = IndicatorKind(spec.kind)
    indicator.of = spec.of
    indicator.unit = spec.unit
    indicator.baseline_value = spec.baseline_value
    indicator.baseline_period = spec.baseline_period
    indicator.target = spec.target
    indicator.direction = Direction(spec.direction)
    indicator.tolerance = spec.tolerance
    indicator.min_n = spec.min_n
    indicator.note = spec.note


def _save_workstreams(session: Session, plan: Plan, workstreams: Any) -> None:
    for w in workstreams:
        workstream = get_workstream_by_slug(session, w.slug) or Workstream(slug=w.slug)
        session.add(workstream)
        workstream.name, workstream.plan_id = w.name, plan.id
        workstream.actions = [a for a in plan.actions if a.ref in set(w.actions)]


def _save_networks(
    session: Session, plan: Plan, networks: Any, measures: dict[str, OutcomeMeasure]
) -> None:
    for n in networks:
        network = session.scalar(select(Network).where(Network.slug == n.slug)) or Network(
            slug=n.slug
        )
        session.add(network)
        network.name, network.region, network.plan_id = n.name, n.region, plan.id
        network.measures = [measures[code] for code in n.measures]


def linked_to_evidence(
    session: Session, plan_id: int, refs: list[str], codes: list[str]
) -> list[str]:
    """Which of these actions (by ref) and measures (by code) of a plan have evidence linked,
    so a preview can say a removal would be refused before anyone confirms it."""
    linked = []
    for ref in refs:
        action = get_action(session, plan_id, ref)
        if action is not None and _count_links(session, [action.id], []):
            linked.append(ref)
    for code in codes:
        measure = session.scalar(
            select(OutcomeMeasure).where(
                OutcomeMeasure.plan_id == plan_id, OutcomeMeasure.code == code
            )
        )
        if measure is not None and _count_links(session, [], [measure.id]):
            linked.append(code)
    return linked


def with_reviews(session: Session, plan_id: int, refs: list[str]) -> list[str]:
    """Which of these actions (by ref) of a plan have monthly reviews, so a preview can say a
    removal would be refused before anyone confirms it."""
    actions = [a for a in (get_action(session, plan_id, ref) for ref in refs) if a is not None]
    reviewed = action_reviews.reviewed_action_ids(session, [a.id for a in actions])
    return [a.ref for a in actions if a.id in reviewed]
