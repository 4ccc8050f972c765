"""Outcome measures with their plan, priority and indicator, as the indicator service reads them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from storage.models import Action, OutcomeMeasure, Plan


@dataclass(frozen=True)
class MeasureRow:
    """A measure with what the indicator service needs to compute and group it."""

    id: int
    plan_slug: str
    plan_title: str
    plan_organisation: str | None
    priority: str  # "1", "2", ... or "" when no action ties it to a priority
    priority_title: str
    code: str
    statement: str
    kind: str
    of: str | None
    unit: str
    baseline_value: float | None
    baseline_period: str | None
    target: float | None
    direction: str
    tolerance: float | None
    min_n: int
    note: str | None


def list_measure_rows(session: Session, plan_slug: str | None = None) -> list[MeasureRow]:
    """Every measure of the active plans (or of one plan) in plan order, with its indicator."""
    query = (
        select(OutcomeMeasure)
        .join(Plan)
        .options(
            selectinload(OutcomeMeasure.indicator),
            selectinload(OutcomeMeasure.actions).selectinload(Action.priority),
            selectinload(OutcomeMeasure.plan).selectinload(Plan.priorities),
        )
        .order_by(Plan.id, OutcomeMeasure.position)
    )
    query = query.where(Plan.slug == plan_slug) if plan_slug else query.where(Plan.active.is_(True))
    rows = []
    for measure in session.scalars(query):
        number, title = _priority_of(measure)
        indicator = measure.indicator
        rows.append(
            MeasureRow(
                id=measure.id,
                plan_slug=measure.plan.slug,
                plan_title=measure.plan.title,
                plan_organisation=measure.plan.organisation,
                priority=number,
                priority_title=title,
                code=measure.code,
                statement=measure.statement,
                kind=indicator.kind.value if indicator else "figure",
                of=indicator.of if indicator else None,
                unit=indicator.unit if indicator else "number",
                baseline_value=indicator.baseline_value if indicator else None,
                baseline_period=indicator.baseline_period if indicator else None,
                target=indicator.target if indicator else None,
                direction=indicator.direction.value if indicator else "higher",
                tolerance=indicator.tolerance if indicator else None,
                min_n=indicator.min_n if indicator else 20,
                note=indicator.note if indicator else None,
            )
        )
    return rows


def _priority_of(measure: OutcomeMeasure) -> tuple[str, str]:
    # Plans number their measures by priority ("1.G" under priority 1, "2A" under 2), so the
    # code decides first: an action of priority 1 may also serve 2C, which still reads as a
    # priority 2 measure. Failing that, the priority most of its serving actions belong to.
    for priority in measure.plan.priorities:
        if (
            measure.code.startswith(priority.number)
            and not measure.code[len(priority.number) : len(priority.number) + 1].isdigit()
        ):
            return priority.number, priority.title
    if measure.actions:
        counts = Counter(action.priority.number for action in measure.actions)
        number = counts.most_common(1)[0][0]
        priority = next(a.priority for a in measure.actions if a.priority.number == number)
        return priority.number, priority.title
    return "", ""
