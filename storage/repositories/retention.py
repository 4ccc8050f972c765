"""Retention: find and remove personal data past its retention date, keeping the aggregates.

What goes: contact details, free text (and the sentiment "drivers" and links' matched terms
quoted from it), the pseudonymous respondent key, submitted drafts' copies of the answers, and a staff submission's
text, author and reply address. What stays: the response and answer rows with their scores,
positive flags, sentiment score and label, links, channel, organisation and dates, so every
indicator and count is the same afterwards.

Each ``count_`` function counts exactly the rows its ``anonymise_``/``delete_`` twin changes,
and the twins only touch rows that still hold something: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, Text, cast, delete, func, null, or_, select, update
from sqlalchemy.orm import Session

from storage.models import (
    Answer,
    ContactDetail,
    EvidenceKind,
    Link,
    Notification,
    Response,
    StaffSubmission,
    Survey,
    SurveyDraft,
    SurveyVersion,
)
from storage.repositories.changed import rows_changed

# Written over a staff submission's author hash when it expires, so nobody (not even the author
# with the secret key) can find it by who sent it, and so a second run can tell it is done.
EXPIRED_AUTHOR_HASH = "expired"


def list_survey_retention(session: Session) -> list[tuple[int, str, int | None]]:
    """(id, slug, retention_days) of every survey; None days means the default applies."""
    rows = session.execute(
        select(Survey.id, Survey.slug, Survey.retention_days).order_by(Survey.id)
    )
    return [(row[0], row[1], row[2]) for row in rows]


def _expired_response_ids(survey_id: int, cutoff: dt.datetime) -> Select[Any]:
    return (
        select(Response.id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .where(SurveyVersion.survey_id == survey_id, Response.submitted_at < cutoff)
    )


def _expired_references(survey_id: int, cutoff: dt.datetime) -> Select[Any]:
    return (
        select(Response.reference)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .where(SurveyVersion.survey_id == survey_id, Response.submitted_at < cutoff)
    )


def _count(session: Session, query: Select[Any]) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


# --- contact details ---------------------------------------------------------------------------


def _expired_contacts(survey_id: int, cutoff: dt.datetime) -> Select[Any]:
    return select(ContactDetail.id).where(
        ContactDetail.response_id.in_(_expired_response_ids(survey_id, cutoff))
    )


def count_expired_contact_details(session: Session, survey_id: int, cutoff: dt.datetime) -> int:
    return _count(session, _expired_contacts(survey_id, cutoff))


def delete_expired_contact_details(session: Session, survey_id: int, cutoff: dt.datetime) -> int:
    result = session.execute(
        delete(ContactDetail)
        .where(ContactDetail.id.in_(_expired_contacts(survey_id, cutoff)))
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result)


# --- free text in answers ----------------------------------------------------------------------


def _expired_answer_ids(survey_id: int, cutoff: dt.datetime) -> Select[Any]:
    return select(Answer.id).where(Answer.response_id.in_(_expired_response_ids(survey_id, cutoff)))


def _worded_links(kind: EvidenceKind, evidence_ids: Select[Any]) -> Select[Any]:
    # A suggested link keeps the words the matcher found in the text ("waited", "eight
    # months"): quoted free text, so it goes with the text.
    # A JSON column stores Python's None as JSON 'null', not SQL NULL: compare the text, which
    # both SQLite and PostgreSQL (whose json type has no equality) can do.
    terms = func.coalesce(cast(Link.matched_terms, Text), "null")
    return select(Link.id).where(
        Link.evidence_kind == kind,
        Link.evidence_id.in_(evidence_ids),
        terms != "null",
    )


def _blank_link_terms(session: Session, links: Select[Any]) -> None:
    session.execute(
        update(Link)
        .where(Link.id.in_(links))
        .values(matched_terms=null())
        .execution_options(synchronize_session=False)
    )


def _expired_free_text(survey_id: int, cutoff: dt.datetime) -> Select[Any]:
    """Expired answers that still hold words: their free text, or their links' matched terms."""
    expired = _expired_answer_ids(survey_id, cutoff)
    worded = select(Link.evidence_id).where(
        Link.id.in_(_worded_links(EvidenceKind.ANSWER, expired))
    )
    return select(Answer.id).where(
        Answer.id.in_(expired),
        or_(Answer.free_text.is_not(None), Answer.id.in_(worded)),
    )


def count_expired_free_text(session: Session, survey_id: int, cutoff: dt.datetime) -> int:
    return _count(session, _expired_free_text(survey_id, cutoff))


def anonymise_expired_free_text(session: Session, survey_id: int, cutoff: dt.datetime) -> int:
    """Blank the words and the terms links quote from them; keep score, positive flag,
    sentiment score and label, and the links themselves."""
    result = session.execute(
        update(Answer)
        .where(Answer.id.in_(_expired_free_text(survey_id, cutoff)))
        .values(free_text=None, sentiment_drivers=None)
        .execution_options(synchronize_session=False)
    )
    # After the answers: this selection does not depend on what the update above changed.
    expired = _expired_answer_ids(survey_id, cutoff)
    _blank_link_terms(session, _worded_links(EvidenceKind.ANSWER, expired))
    return rows_changed(result)


# --- pseudonymous respondent keys --------------------------------------------------------------


def _expired_respondent_keys(survey_id: int, cutoff: dt.datetime) -> Select[Any]:
    return select(Response.id).where(
        Response.id.in_(_expired_response_ids(survey_id, cutoff)),
        Response.respondent_key.is_not(None),
    )


def count_expired_respondent_keys(session: Session, survey_id: int, cutoff: dt.datetime) -> int:
    return _count(session, _expired_respondent_keys(survey_id, cutoff))


def clear_expired_respondent_keys(session: Session, survey_id: int, cutoff: dt.datetime) -> int:
    result = session.execute(
        update(Response)
        .where(Response.id.in_(_expired_respondent_keys(survey_id, cutoff)))
        .values(respondent_key=None)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result)


# --- drafts ------------------------------------------------------------------------------------


def _expired_drafts(survey_id: int, cutoff: dt.datetime, now: dt.datetime) -> Select[Any]:
    # A submitted draft still holds a copy of the answers; an abandoned one past its own expiry
    # date is of no use to anyone.
    return select(SurveyDraft.id).where(
        SurveyDraft.survey_id == survey_id,
        or_(
            SurveyDraft.submitted_reference.in_(_expired_references(survey_id, cutoff)),
            SurveyDraft.expires_at <= now,
        ),
    )


def count_expired_drafts(
    session: Session, survey_id: int, cutoff: dt.datetime, now: dt.datetime
) -> int:
    return _count(session, _expired_drafts(survey_id, cutoff, now))


def delete_expired_survey_drafts(
    session: Session, survey_id: int, cutoff: dt.datetime, now: dt.datetime
) -> int:
    result = session.execute(
        delete(SurveyDraft)
        .where(SurveyDraft.id.in_(_expired_drafts(survey_id, cutoff, now)))
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result)


# --- staff submissions -------------------------------------------------------------------------


def _expired_staff(cutoff: dt.datetime) -> Select[Any]:
    return select(StaffSubmission.id).where(
        StaffSubmission.submitted_at < cutoff,
        StaffSubmission.author_hash != EXPIRED_AUTHOR_HASH,
    )


def count_expired_staff_submissions(session: Session, cutoff: dt.datetime) -> int:
    return _count(session, _expired_staff(cutoff))


def anonymise_expired_staff_submissions(session: Session, cutoff: dt.datetime) -> int:
    """Blank the text, author and reply address; keep kind, workstream, status, sentiment, links
    and the officer's reply (the council's own words, which "You said, we did" shows)."""
    # Before the submissions: once anonymised they are no longer selected as expired.
    _blank_link_terms(session, _worded_links(EvidenceKind.STAFF_SUBMISSION, _expired_staff(cutoff)))
    result = session.execute(
        update(StaffSubmission)
        .where(StaffSubmission.id.in_(_expired_staff(cutoff)))
        .values(
            text="",
            author_id=None,
            author_name=None,
            author_hash=EXPIRED_AUTHOR_HASH,
            reply_address=None,
            sentiment_drivers=None,
        )
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result)


def _expired_notifications(cutoff: dt.datetime) -> Select[Any]:
    # Messages owed to (or sent to) the author of an expired submission: they quote it and carry
    # the author's address, and after the retention period there is nothing left to deliver.
    expired = select(StaffSubmission.id).where(StaffSubmission.submitted_at < cutoff)
    return select(Notification.id).where(Notification.submission_id.in_(expired))


def count_expired_notifications(session: Session, cutoff: dt.datetime) -> int:
    return _count(session, _expired_notifications(cutoff))


def delete_expired_notifications(session: Session, cutoff: dt.datetime) -> int:
    result = session.execute(
        delete(Notification)
        .where(Notification.id.in_(_expired_notifications(cutoff)))
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result)
