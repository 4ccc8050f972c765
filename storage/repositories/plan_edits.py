"""Changes an officer makes to one measure or one action of a loaded plan in the browser.

The values arrive checked (``survey.domain.plan_definitions``); the indicator is written the same
way ``plan load`` writes it, so a plan edited here and one loaded from a file store alike.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Action, OutcomeMeasure
from storage.repositories.plans import _save_indicator


def get_measure(session: Session, plan_id: int, code: str) -> OutcomeMeasure | None:
    return session.scalar(
        select(OutcomeMeasure).where(OutcomeMeasure.plan_id == plan_id, OutcomeMeasure.code == code)
    )


def update_measure(
    session: Session, measure: OutcomeMeasure, statement: str, keywords: list[str], spec: Any
) -> None:
    """``spec`` is a ``survey.domain.plan_definitions.IndicatorSpec``."""
    measure.statement, measure.keywords = statement, list(keywords)
    _save_indicator(session, measure, spec)
    session.flush()


def update_action(
    session: Session,
    action: Action,
    measure_codes: list[str],
    lead: str | None,
    group_name: str | None,
    timeframe: str | None,
    keywords: list[str],
) -> None:
    """Set what the action serves and who leads it; unknown codes are the caller's to refuse."""
    by_code = {
        m.code: m
        for m in session.scalars(
            select(OutcomeMeasure).where(OutcomeMeasure.plan_id == action.plan_id)
        )
    }
    action.measures = [by_code[code] for code in measure_codes]
    action.lead, action.group_name, action.timeframe = lead, group_name, timeframe
    action.keywords = list(keywords)
    session.flush()
