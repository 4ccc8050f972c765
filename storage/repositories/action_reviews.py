"""Action reviews: each monthly review of an action, newest last in the table, and the latest
copied onto the action (``review_status`` / ``review_note``) for the screens that read it there."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Action, ActionReview, Plan, Rag


def record_review(
    session: Session,
    action: Action,
    reviewed_on: dt.date,
    status_label: str,
    rag: str,
    note: str | None,
    recorded_by: str,
) -> ActionReview:
    """Store a review; if it is the latest by date, the action shows it from now on."""
    review = ActionReview(
        action_id=action.id,
        reviewed_on=reviewed_on,
        status_label=status_label,
        rag=Rag(rag),
        note=note,
        recorded_by=recorded_by,
    )
    session.add(review)
    session.flush()
    latest = latest_for_action(session, action.id)
    if latest is not None and latest.id == review.id:
        action.review_status, action.review_note = review.rag, review.note
    session.flush()
    return review


def list_reviews(session: Session, action_id: int) -> list[ActionReview]:
    """An action's reviews, latest first."""
    query = (
        select(ActionReview)
        .where(ActionReview.action_id == action_id)
        .order_by(ActionReview.reviewed_on.desc(), ActionReview.id.desc())
    )
    return list(session.scalars(query))


def latest_for_action(session: Session, action_id: int) -> ActionReview | None:
    reviews = list_reviews(session, action_id)
    return reviews[0] if reviews else None


def latest_by_action(session: Session, plan_id: int) -> dict[int, ActionReview]:
    """Each reviewed action of a plan (by id) -> its latest review."""
    query = (
        select(ActionReview)
        .join(Action, Action.id == ActionReview.action_id)
        .where(Action.plan_id == plan_id)
        .order_by(ActionReview.reviewed_on, ActionReview.id)
    )
    latest: dict[int, ActionReview] = {}
    for review in session.scalars(query):
        latest[review.action_id] = review  # later rows replace earlier ones
    return latest


def reviewed_action_ids(session: Session, action_ids: list[int]) -> set[int]:
    """Which of these actions have a review recorded in the browser."""
    if not action_ids:
        return set()
    query = (
        select(ActionReview.action_id)
        .where(ActionReview.action_id.in_(action_ids))
        .group_by(ActionReview.action_id)
        .having(func.count(ActionReview.id) > 0)
    )
    return set(session.scalars(query))


def list_active_actions(session: Session) -> list[tuple[str, Action, ActionReview | None]]:
    """Every action of the active plans in plan order, with its plan's title and latest review."""
    query = (
        select(Action, Plan.title)
        .join(Plan, Plan.id == Action.plan_id)
        .where(Plan.active.is_(True))
        .order_by(Plan.id, Action.position)
    )
    found = list(session.execute(query).all())
    latest: dict[int, ActionReview] = {}
    for plan_id in {action.plan_id for action, _title in found}:
        latest.update(latest_by_action(session, plan_id))
    return [(title, action, latest.get(action.id)) for action, title in found]
