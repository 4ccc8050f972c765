"""Free text from answers and staff submissions: slices for themes, batches for rescoring."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from storage.models import (
    Action,
    Answer,
    EvidenceKind,
    Link,
    LinkMethod,
    Organisation,
    Question,
    Response,
    StaffSubmission,
    Survey,
    SurveyVersion,
    Workstream,
)


@dataclass(frozen=True)
class TextSlice:
    """Which free text to look at; every field narrows it, None means "any"."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None  # exclusive
    survey: str | None = None  # survey slug
    question: str | None = None  # question key (with survey)
    workstream: str | None = None  # workstream slug (staff submissions only)
    action: str | None = None  # action ref: evidence linked to it (not rejected)
    organisation: str | None = None  # LA code (responses attributed to it)
    include_answers: bool = True
    include_submissions: bool = True


@dataclass(frozen=True)
class TextRow:
    kind: str  # "answer" | "staff_submission"
    id: int
    text: str
    sentiment: float | None
    at: dt.datetime
    reference: str


# What both text queries select: id, text, sentiment, when and the reference.
_TextColumns = tuple[int, str | None, float | None, dt.datetime, str]


def _linked_to_action(kind: EvidenceKind, ref: str) -> Select[tuple[int]]:
    return (
        select(Link.evidence_id)
        .join(Action, Action.id == Link.action_id)
        .where(Link.evidence_kind == kind, Action.ref == ref, Link.method != LinkMethod.REJECTED)
    )


def _answer_query(where: TextSlice) -> Select[_TextColumns]:
    query = (
        select(
            Answer.id, Answer.free_text, Answer.sentiment, Response.submitted_at, Response.reference
        )
        .join(Response, Response.id == Answer.response_id)
        .where(Answer.free_text.is_not(None), Answer.free_text != "")
    )
    if where.start:
        query = query.where(Response.submitted_at >= where.start)
    if where.end:
        query = query.where(Response.submitted_at < where.end)
    if where.survey or where.question:
        query = query.join(SurveyVersion, SurveyVersion.id == Response.survey_version_id).join(
            Survey, Survey.id == SurveyVersion.survey_id
        )
        if where.survey:
            query = query.where(Survey.slug == where.survey)
        if where.question:
            query = query.join(Question, Question.id == Answer.question_id).where(
                Question.key == where.question
            )
    if where.organisation:
        query = query.join(Organisation, Organisation.id == Response.organisation_id).where(
            Organisation.code == where.organisation
        )
    if where.action:
        responses = _linked_to_action(EvidenceKind.RESPONSE, where.action)
        answers = _linked_to_action(EvidenceKind.ANSWER, where.action)
        query = query.where(Response.id.in_(responses) | Answer.id.in_(answers))
    return query


def _submission_query(where: TextSlice) -> Select[tuple[int, str, float | None, dt.datetime, str]]:
    query = select(
        StaffSubmission.id,
        StaffSubmission.text,
        StaffSubmission.sentiment,
        StaffSubmission.submitted_at,
        StaffSubmission.reference,
    )
    if where.start:
        query = query.where(StaffSubmission.submitted_at >= where.start)
    if where.end:
        query = query.where(StaffSubmission.submitted_at < where.end)
    if where.workstream:
        query = query.join(Workstream, Workstream.id == StaffSubmission.workstream_id).where(
            Workstream.slug == where.workstream
        )
    if where.action:
        query = query.where(
            StaffSubmission.id.in_(_linked_to_action(EvidenceKind.STAFF_SUBMISSION, where.action))
        )
    return query


def list_texts(session: Session, where: TextSlice, limit: int = 5000) -> list[TextRow]:
    """Free text in a slice, newest first. Survey/question/LA slices hold answers only;
    workstream slices hold staff submissions only."""
    rows: list[TextRow] = []
    answers_apply = where.include_answers and not where.workstream
    submissions_apply = where.include_submissions and not (
        where.survey or where.question or where.organisation
    )
    if answers_apply:
        for row in session.execute(
            _answer_query(where).order_by(Response.submitted_at.desc()).limit(limit)
        ):
            rows.append(TextRow("answer", row[0], row[1], row[2], row[3], row[4]))
    if submissions_apply:
        query = _submission_query(where).order_by(StaffSubmission.submitted_at.desc()).limit(limit)
        for found in session.execute(query):
            rows.append(
                TextRow("staff_submission", found[0], found[1], found[2], found[3], found[4])
            )
    rows.sort(key=lambda r: r.at, reverse=True)
    return rows[:limit]


def count_texts_to_score(session: Session) -> int:
    answers = session.scalar(
        select(func.count(Answer.id)).where(Answer.free_text.is_not(None), Answer.free_text != "")
    )
    submissions = session.scalar(select(func.count(StaffSubmission.id)))
    return (answers or 0) + (submissions or 0)


def iter_texts_to_score(session: Session, batch: int = 500) -> Iterator[list[tuple[str, int, str]]]:
    """Batches of (kind, id, text) over every scored text, by id so the walk is stable."""
    for kind, model, column in (
        ("answer", Answer, Answer.free_text),
        ("staff_submission", StaffSubmission, StaffSubmission.text),
    ):
        last = 0
        while True:
            rows = session.execute(
                select(model.id, column)
                .where(model.id > last, column.is_not(None), column != "")
                .order_by(model.id)
                .limit(batch)
            ).all()
            if not rows:
                break
            last = rows[-1][0]
            yield [(kind, row[0], row[1]) for row in rows]


def update_sentiment(session: Session, kind: str, record_id: int, values: dict[str, Any]) -> None:
    model = Answer if kind == "answer" else StaffSubmission
    session.execute(update(model).where(model.id == record_id).values(**values))
