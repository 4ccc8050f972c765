"""Survey drafts: answers in progress, looked up by the hash of a session or resume token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import Survey, SurveyDraft
from storage.repositories.changed import rows_changed


def create_draft(
    session: Session,
    survey: Survey,
    survey_version: int,
    session_token_hash: str,
    idempotency_key: str,
    expires_at: dt.datetime,
    now: dt.datetime,
    **columns: Any,
) -> SurveyDraft:
    draft = SurveyDraft(
        survey_id=survey.id,
        survey_version=survey_version,
        session_token_hash=session_token_hash,
        idempotency_key=idempotency_key,
        answers={},
        consent={},
        created_at=now,
        updated_at=now,
        expires_at=expires_at,
        **columns,
    )
    session.add(draft)
    session.flush()
    return draft


def get_draft_by_session_hash(
    session: Session, survey: Survey, token_hash: str, now: dt.datetime
) -> SurveyDraft | None:
    return session.scalar(
        select(SurveyDraft).where(
            SurveyDraft.survey_id == survey.id,
            SurveyDraft.session_token_hash == token_hash,
            SurveyDraft.expires_at > now,
        )
    )


def get_draft_by_resume_hash(
    session: Session, survey: Survey, token_hash: str, now: dt.datetime
) -> SurveyDraft | None:
    return session.scalar(
        select(SurveyDraft).where(
            SurveyDraft.survey_id == survey.id,
            SurveyDraft.resume_token_hash == token_hash,
            SurveyDraft.resume_expires_at > now,
            SurveyDraft.submitted_reference.is_(None),
        )
    )


def update_draft(session: Session, draft: SurveyDraft, now: dt.datetime, **columns: Any) -> None:
    for name, value in columns.items():
        setattr(draft, name, value)
    draft.updated_at = now
    session.flush()


def delete_expired_drafts(session: Session, now: dt.datetime) -> int:
    result = session.execute(delete(SurveyDraft).where(SurveyDraft.expires_at <= now))
    return rows_changed(result)
