"""Surveys and their immutable versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import Action, OutcomeMeasure, Plan, Question, Survey, SurveyVersion


@dataclass(frozen=True)
class SavedSurvey:
    survey: Survey
    version: SurveyVersion
    created_version: bool


def get_survey_by_slug(session: Session, slug: str) -> Survey | None:
    return session.scalar(select(Survey).where(Survey.slug == slug))


def get_latest_version(session: Session, survey: Survey) -> SurveyVersion | None:
    return session.scalar(
        select(SurveyVersion)
        .where(SurveyVersion.survey_id == survey.id)
        .order_by(SurveyVersion.version.desc())
        .options(selectinload(SurveyVersion.questions).selectinload(Question.measures))
        .limit(1)
    )


def get_latest_definition(session: Session, survey: Survey) -> tuple[int, str, Any] | None:
    """The latest version's number, checksum and stored definition, without loading its rows
    (every survey page asks for this)."""
    row = session.execute(
        select(SurveyVersion.version, SurveyVersion.checksum, SurveyVersion.definition)
        .where(SurveyVersion.survey_id == survey.id)
        .order_by(SurveyVersion.version.desc())
        .limit(1)
    ).first()
    return (row.version, row.checksum, row.definition) if row else None


def get_version(session: Session, survey: Survey, version: int) -> SurveyVersion | None:
    return session.scalar(
        select(SurveyVersion)
        .where(SurveyVersion.survey_id == survey.id, SurveyVersion.version == version)
        .options(selectinload(SurveyVersion.questions).selectinload(Question.measures))
    )


def list_surveys(session: Session) -> list[Survey]:
    return list(session.scalars(select(Survey).order_by(Survey.title)))


def list_open_surveys(session: Session, now: dt.datetime) -> list[Survey]:
    query = (
        select(Survey)
        .where((Survey.opens_at.is_(None)) | (Survey.opens_at <= now))
        .where((Survey.closes_at.is_(None)) | (Survey.closes_at > now))
        .order_by(Survey.title)
    )
    return list(session.scalars(query))


def save_survey_version(session: Session, d: Any) -> SavedSurvey:
    """Store a checked ``survey.domain.survey_definitions.SurveyDef``; an unchanged definition is not a new version.

    A changed definition becomes version N+1; responses keep the version they answered.
    """
    survey = get_survey_by_slug(session, d.slug)
    if survey is None:
        survey = Survey(slug=d.slug, title=d.title)
        session.add(survey)
        session.flush()
    survey.title = d.title
    survey.retention_days = d.retention_days
    survey.opens_at = _moment(d.data.get("opens_at"))
    survey.closes_at = _moment(d.data.get("closes_at"))
    same = session.scalar(
        select(SurveyVersion).where(
            SurveyVersion.survey_id == survey.id, SurveyVersion.checksum == d.checksum
        )
    )
    if same is not None:
        return SavedSurvey(survey, same, created_version=False)
    latest = session.scalar(
        select(func.max(SurveyVersion.version)).where(SurveyVersion.survey_id == survey.id)
    )
    plan = session.scalar(select(Plan).where(Plan.slug == d.plan)) if d.plan else None
    version = SurveyVersion(
        survey_id=survey.id,
        version=(latest or 0) + 1,
        checksum=d.checksum,
        definition=d.data,
        plan_id=plan.id if plan else None,
    )
    if plan is not None:
        version.actions = list(
            session.scalars(
                select(Action).where(Action.plan_id == plan.id, Action.ref.in_(d.actions))
            )
        )
    session.add(version)
    session.flush()
    measures = _measures_by_code(session, plan)
    for position, spec in enumerate(d.questions):
        question = Question(
            survey_version_id=version.id,
            key=spec.key,
            position=position,
            type=spec.type,
            text=spec.text,
            options=[
                {"value": o.value, "label": o.label, "score": o.score} for o in spec.all_options()
            ],
            positive=spec.positive,
        )
        question.measures = [measures[c] for c in spec.measures if c in measures]
        session.add(question)
    session.flush()
    return SavedSurvey(survey, version, created_version=True)


def _measures_by_code(session: Session, plan: Plan | None) -> dict[str, OutcomeMeasure]:
    if plan is None:
        return {}
    return {
        m.code: m
        for m in session.scalars(select(OutcomeMeasure).where(OutcomeMeasure.plan_id == plan.id))
    }


def _moment(value: Any) -> dt.datetime | None:
    if not value:
        return None
    text = str(value)
    return (
        dt.datetime.fromisoformat(text)
        if "T" in text
        else dt.datetime.fromisoformat(text + "T00:00")
    )


def update_survey_window(
    session: Session, survey: Survey, opens_at: dt.datetime | None, closes_at: dt.datetime | None
) -> None:
    survey.opens_at, survey.closes_at = opens_at, closes_at
    session.flush()
