"""An officer edits a loaded plan in the browser: a measure's wording, keywords and indicator, an
action's measures, lead, group, timeframe and keywords, and records an action's monthly review.

Every change is audited (who, what, which fields; the audit keeps field names and numbers, not
the free text typed). The indicator is checked by the rules ``plan load`` applies
(``plan_definitions.indicator_problems``). Changing keywords, wording or which measures an action
serves changes what link suggestions should be, so the edit queues a recomputation of the
unreviewed suggestions (``link_rebuilds.queue_rebuild``), which runs in the background once the
edit commits: confirmed, rejected, manual and declared links are kept, and the plan's page shows
its progress.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from storage.repositories import action_reviews, audit, plan_edits, plans
from survey.domain.errors import DomainError, FieldProblem, NotFound
from survey.domain.plan_definitions import RAG_VALUES, IndicatorSpec, indicator_problems
from survey.intake import link_rebuilds

RAG_WORDS = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "blue": "Complete",
    "none": "Not rated",
}
INDICATOR_FIELDS = (
    "kind",
    "of",
    "unit",
    "baseline_value",
    "baseline_period",
    "target",
    "direction",
    "tolerance",
    "min_n",
)


@dataclass(frozen=True)
class MeasureEdit:
    statement: str
    keywords: tuple[str, ...]
    indicator: IndicatorSpec


@dataclass(frozen=True)
class ActionEdit:
    measures: tuple[str, ...]
    lead: str | None
    group: str | None
    timeframe: str | None
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ReviewInput:
    reviewed_on: dt.date
    rag: str
    status_label: str | None
    note: str | None


@dataclass(frozen=True)
class EditResult:
    changed: tuple[str, ...]  # the fields that changed
    rebuild_job: int | None  # the queued link rebuild, when suggestions are to be recomputed


def _plan(session: Session, slug: str) -> Any:
    plan = plans.get_plan_by_slug(session, slug)
    if plan is None:
        raise NotFound(f"There is no plan {slug}", field="plan")
    return plan


def _indicator_now(measure: Any) -> IndicatorSpec:
    ind = measure.indicator
    if ind is None:
        return IndicatorSpec()
    return IndicatorSpec(
        kind=ind.kind.value,
        of=ind.of,
        unit=ind.unit,
        baseline_value=ind.baseline_value,
        baseline_period=ind.baseline_period,
        target=ind.target,
        direction=ind.direction.value,
        tolerance=ind.tolerance,
        min_n=ind.min_n,
        note=ind.note,
    )


def current_measure(session: Session, slug: str, code: str) -> tuple[Any, MeasureEdit]:
    """The measure and what the edit form starts from."""
    plan = _plan(session, slug)
    measure = plan_edits.get_measure(session, plan.id, code)
    if measure is None:
        raise NotFound(f"There is no measure {code} in this plan", field="measure")
    return measure, MeasureEdit(measure.statement, tuple(measure.keywords), _indicator_now(measure))


def edit_measure(
    session: Session, slug: str, code: str, edit: MeasureEdit, actor: str
) -> EditResult:
    measure, before = current_measure(session, slug, code)
    spec = replace(edit.indicator, note=before.indicator.note)  # the note is the file's to set
    problems = indicator_problems(spec)
    if problems:
        raise DomainError([FieldProblem(f, m) for f, m in problems.items()])
    changed = [
        name for name in INDICATOR_FIELDS if getattr(before.indicator, name) != getattr(spec, name)
    ]
    if before.statement != edit.statement:
        changed.insert(0, "statement")
    if list(before.keywords) != list(edit.keywords):
        changed.insert(0, "keywords")
    if not changed:
        return EditResult((), None)
    plan_edits.update_measure(session, measure, edit.statement, list(edit.keywords), spec)
    details: dict[str, Any] = {"plan": slug, "code": code, "changed": changed}
    for name in ("target", "baseline_value", "tolerance", "min_n", "kind", "direction"):
        if name in changed:
            details[name] = [getattr(before.indicator, name), getattr(spec, name)]
    audit.create_audit_event(
        session, actor, "measure.updated", "outcome_measure", measure.id, details
    )
    job = None
    if {"keywords", "statement"} & set(changed):
        job = link_rebuilds.queue_rebuild(session, measure.plan_id, actor).id
    return EditResult(tuple(changed), job)


def current_action(session: Session, slug: str, ref: str) -> tuple[Any, ActionEdit]:
    plan = _plan(session, slug)
    action = plans.get_action(session, plan.id, ref)
    if action is None:
        raise NotFound(f"There is no action {ref} in this plan", field="action")
    return action, ActionEdit(
        tuple(m.code for m in action.measures),
        action.lead,
        action.group_name,
        action.timeframe,
        tuple(action.keywords),
    )


def edit_action(session: Session, slug: str, ref: str, edit: ActionEdit, actor: str) -> EditResult:
    action, before = current_action(session, slug, ref)
    known = [m.code for m in action.plan.measures]
    unknown = [code for code in edit.measures if code not in known]
    if unknown:
        raise DomainError(
            f"{', '.join(unknown)} is not a measure in this plan: choose from the list",
            field="measures",
        )
    ordered = tuple(code for code in known if code in edit.measures)
    edit = replace(edit, measures=ordered)
    changed = [
        name
        for name in ("measures", "lead", "group", "timeframe", "keywords")
        if getattr(before, name) != getattr(edit, name)
    ]
    if not changed:
        return EditResult((), None)
    plan_edits.update_action(
        session,
        action,
        list(edit.measures),
        edit.lead,
        edit.group,
        edit.timeframe,
        list(edit.keywords),
    )
    details: dict[str, Any] = {"plan": slug, "ref": ref, "changed": changed}
    if "measures" in changed:
        details["measures"] = [list(before.measures), list(edit.measures)]
    audit.create_audit_event(session, actor, "action.updated", "action", action.id, details)
    job = None
    if {"keywords", "measures"} & set(changed):
        job = link_rebuilds.queue_rebuild(session, action.plan_id, actor).id
    return EditResult(tuple(changed), job)


def record_review(session: Session, slug: str, ref: str, review: ReviewInput, actor: str) -> Any:
    """Store the month's review of an action (history kept); the latest shows on the plan."""
    action, _before = current_action(session, slug, ref)
    if review.rag not in RAG_VALUES:
        raise DomainError("Select the RAG rating for the action", field="rag")
    label = review.status_label or RAG_WORDS[review.rag]
    stored = action_reviews.record_review(
        session, action, review.reviewed_on, label, review.rag, review.note, actor
    )
    audit.create_audit_event(
        session,
        actor,
        "action.reviewed",
        "action",
        action.id,
        {
            "plan": slug,
            "ref": ref,
            "review": stored.id,
            "reviewed_on": review.reviewed_on.isoformat(),
            "rag": review.rag,
        },
    )
    return stored


def review_history(session: Session, action_id: int) -> list[Any]:
    return action_reviews.list_reviews(session, action_id)


def latest_reviews(session: Session, plan_id: int) -> dict[int, Any]:
    return action_reviews.latest_by_action(session, plan_id)
