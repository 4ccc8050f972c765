"""Indicator aggregation in the database: GROUP BY over indexed columns, never rows in Python.

Every function takes the measures and a list of contiguous periods (``bounds``: the first start,
then each period's end) and answers for all of them in one query, so a dashboard with twelve
periods of trend for every measure costs a handful of queries, not thousands. Evidence counts
towards a measure through ``link`` rows that are not rejected: linked to the measure itself, or to
an action that serves it. A period bucket is a CASE over the bounds, which works the same on
SQLite and PostgreSQL and for months, terms, quarters and financial years alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Result,
    Select,
    Subquery,
    and_,
    case,
    distinct,
    func,
    literal,
    select,
    union,
)
from sqlalchemy.orm import QueryableAttribute, Session

from storage.models import (
    Answer,
    Attendance,
    EvidenceKind,
    Link,
    LinkMethod,
    Meeting,
    MetricValue,
    Network,
    Organisation,
    OrganisationKind,
    Question,
    Response,
    StaffSubmission,
    SurveyVersion,
    action_measure,
    network_measure,
)

Bounds = Sequence[dt.date]


@dataclass(frozen=True)
class EvidenceFilter:
    """Narrow the evidence: each field None means "any"."""

    organisation_id: int | None = None  # an LA: responses attributed to it, its attendance
    setting_id: int | None = None  # a school or setting the response is about
    survey_id: int | None = None
    channel: str | None = None  # web, slack, teams, import...

    @property
    def narrows_responses(self) -> bool:
        return any((self.organisation_id, self.setting_id, self.survey_id))


@dataclass(frozen=True)
class Totals:
    """Sums for one measure in one period; what analysis.indicator_arithmetic.Aggregate is built from."""

    n: int = 0
    positive: int = 0
    total: float = 0.0
    total_sq: float = 0.0


Key = tuple[int, int]  # (measure id, period index)
# A query of any shape: the filters add WHERE clauses and leave its columns as they were.
_Query = TypeVar("_Query", bound=Select[Any])


def _moments(bounds: Bounds) -> list[dt.datetime]:
    return [dt.datetime.combine(day, dt.time()) for day in bounds]


def _bucket(
    column: QueryableAttribute[dt.datetime] | QueryableAttribute[dt.date],
    bounds: Sequence[dt.datetime] | Sequence[dt.date],
) -> ColumnElement[int]:
    """The index of the period a value falls in (the query's WHERE keeps it within bounds)."""
    whens = [(column < end, index) for index, end in enumerate(bounds[1:-1])]
    if not whens:
        return literal(0)
    return case(*whens, else_=len(bounds) - 2)


def _linked(kind: EvidenceKind, measure_ids: Sequence[int]) -> Subquery:
    """(measure_id, evidence_id) for evidence of ``kind`` linked to a measure or its actions."""
    live = Link.method != LinkMethod.REJECTED
    direct = select(
        Link.measure_id.label("measure_id"), Link.evidence_id.label("evidence_id")
    ).where(Link.evidence_kind == kind, Link.measure_id.in_(measure_ids), live)
    via_action = (
        select(action_measure.c.measure_id, Link.evidence_id)
        .join(action_measure, action_measure.c.action_id == Link.action_id)
        .where(Link.evidence_kind == kind, action_measure.c.measure_id.in_(measure_ids), live)
    )
    # UNION (not UNION ALL): evidence linked both ways counts once.
    return union(direct, via_action).subquery(f"linked_{kind.value}")


def _response_filters(query: _Query, where: EvidenceFilter) -> _Query:
    if where.organisation_id is not None:
        query = query.where(Response.organisation_id == where.organisation_id)
    if where.setting_id is not None:
        query = query.where(Response.setting_id == where.setting_id)
    if where.survey_id is not None:
        query = query.where(
            Response.survey_version_id.in_(
                select(SurveyVersion.id).where(SurveyVersion.survey_id == where.survey_id)
            )
        )
    if where.channel:
        query = query.where(Response.channel == where.channel)
    return query


def _totals(rows: Result[Any]) -> dict[Key, dict[str, Totals]]:
    found: dict[Key, dict[str, Totals]] = {}
    for row in rows:
        found[(row.measure_id, row.bucket)] = {
            "positive": Totals(row.rated, row.positive or 0),
            "score": Totals(row.scored, 0, float(row.score or 0), float(row.score_sq or 0)),
            "sentiment": Totals(
                row.felt, 0, float(row.sentiment or 0), float(row.sentiment_sq or 0)
            ),
            "count": Totals(row.items),
        }
    return found


def aggregate_answers(
    session: Session, measure_ids: Sequence[int], bounds: Bounds, where: EvidenceFilter
) -> dict[Key, dict[str, Totals]]:
    """Per measure and period: positive answers of those rated, scores, sentiment, answers."""
    if not measure_ids:
        return {}
    moments = _moments(bounds)
    linked = _linked(EvidenceKind.ANSWER, measure_ids)
    answers = (
        select(
            linked.c.measure_id,
            Answer.id.label("answer_id"),
            _bucket(Response.submitted_at, moments).label("bucket"),
            Answer.is_positive,
            Answer.score,
            Answer.sentiment,
        )
        .select_from(linked)
        .join(Answer, Answer.id == linked.c.evidence_id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.submitted_at >= moments[0], Response.submitted_at < moments[-1])
    )
    inner = _response_filters(answers, where).subquery("answers_in_period")
    query = select(
        inner.c.measure_id,
        inner.c.bucket,
        func.count(inner.c.is_positive).label("rated"),
        func.sum(case((inner.c.is_positive.is_(True), 1), else_=0)).label("positive"),
        func.count(inner.c.score).label("scored"),
        func.sum(inner.c.score).label("score"),
        func.sum(inner.c.score * inner.c.score).label("score_sq"),
        func.count(inner.c.sentiment).label("felt"),
        func.sum(inner.c.sentiment).label("sentiment"),
        func.sum(inner.c.sentiment * inner.c.sentiment).label("sentiment_sq"),
        func.count().label("items"),
    ).group_by(inner.c.measure_id, inner.c.bucket)
    return _totals(session.execute(query))


def aggregate_submissions(
    session: Session, measure_ids: Sequence[int], bounds: Bounds, where: EvidenceFilter
) -> dict[Key, dict[str, Totals]]:
    """Per measure and period: staff submissions, positive ones (by sentiment) and sentiment.

    Only the channel filter applies: staff submissions have no LA, setting or survey.
    """
    if not measure_ids:
        return {}
    moments = _moments(bounds)
    linked = _linked(EvidenceKind.STAFF_SUBMISSION, measure_ids)
    query = (
        select(
            linked.c.measure_id,
            _bucket(StaffSubmission.submitted_at, moments).label("bucket"),
            func.count(StaffSubmission.sentiment_label).label("rated"),
            func.sum(case((StaffSubmission.sentiment_label == "positive", 1), else_=0)).label(
                "positive"
            ),
            func.count(StaffSubmission.sentiment).label("scored"),
            func.sum(StaffSubmission.sentiment).label("score"),
            func.sum(StaffSubmission.sentiment * StaffSubmission.sentiment).label("score_sq"),
            func.count(StaffSubmission.sentiment).label("felt"),
            func.sum(StaffSubmission.sentiment).label("sentiment"),
            func.sum(StaffSubmission.sentiment * StaffSubmission.sentiment).label("sentiment_sq"),
            func.count().label("items"),
        )
        .select_from(linked)
        .join(StaffSubmission, StaffSubmission.id == linked.c.evidence_id)
        .where(
            StaffSubmission.submitted_at >= moments[0], StaffSubmission.submitted_at < moments[-1]
        )
        .group_by(linked.c.measure_id, "bucket")
    )
    if where.channel:
        query = query.where(StaffSubmission.channel == where.channel)
    return _totals(session.execute(query))


def count_responses(
    session: Session, measure_ids: Sequence[int], bounds: Bounds, where: EvidenceFilter
) -> dict[Key, int]:
    """Responses received per measure and period: linked themselves or through their answers."""
    if not measure_ids:
        return {}
    moments = _moments(bounds)
    by_answer = _linked(EvidenceKind.ANSWER, measure_ids)
    by_response = _linked(EvidenceKind.RESPONSE, measure_ids)
    through_answers = (
        select(by_answer.c.measure_id, Answer.response_id.label("response_id"))
        .select_from(by_answer)
        .join(Answer, Answer.id == by_answer.c.evidence_id)
    )
    directly = select(by_response.c.measure_id, by_response.c.evidence_id)
    pairs = union(through_answers, directly).subquery("response_links")
    query = (
        select(
            pairs.c.measure_id,
            _bucket(Response.submitted_at, moments).label("bucket"),
            func.count().label("responses"),
        )
        .select_from(pairs)
        .join(Response, Response.id == pairs.c.response_id)
        .where(Response.submitted_at >= moments[0], Response.submitted_at < moments[-1])
        .group_by(pairs.c.measure_id, "bucket")
    )
    query = _response_filters(query, where)
    return {(row.measure_id, row.bucket): row.responses for row in session.execute(query)}


def count_meetings_and_attending_las(
    session: Session, measure_ids: Sequence[int], bounds: Bounds, where: EvidenceFilter
) -> dict[Key, tuple[int, int]]:
    """(meetings held, distinct LAs attending) per measure and period, from linked meetings."""
    if not measure_ids:
        return {}
    linked = _linked(EvidenceKind.MEETING, measure_ids)
    bucket = _bucket(Meeting.held_on, bounds).label("bucket")
    in_bounds = and_(Meeting.held_on >= bounds[0], Meeting.held_on < bounds[-1])
    meetings = (
        select(linked.c.measure_id, bucket, func.count(distinct(Meeting.id)).label("meetings"))
        .select_from(linked)
        .join(Meeting, Meeting.id == linked.c.evidence_id)
        .where(in_bounds)
        .group_by(linked.c.measure_id, "bucket")
    )
    las = (
        select(
            linked.c.measure_id,
            bucket,
            func.count(distinct(Attendance.organisation_id)).label("las"),
        )
        .select_from(linked)
        .join(Meeting, Meeting.id == linked.c.evidence_id)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .join(Organisation, Organisation.id == Attendance.organisation_id)
        .where(in_bounds, Organisation.kind == OrganisationKind.LA)
        .group_by(linked.c.measure_id, "bucket")
    )
    if where.organisation_id is not None:
        las = las.where(Attendance.organisation_id == where.organisation_id)
    found: dict[Key, tuple[int, int]] = {}
    for row in session.execute(meetings):
        found[(row.measure_id, row.bucket)] = (row.meetings, 0)
    for row in session.execute(las):
        held = found.get((row.measure_id, row.bucket), (0, 0))[0]
        found[(row.measure_id, row.bucket)] = (held, row.las)
    return found


def count_region_las(session: Session, measure_ids: Sequence[int]) -> dict[int, int]:
    """The LAs a measure's attendance is counted against: those in its networks' regions."""
    if not measure_ids:
        return {}
    query = (
        select(network_measure.c.measure_id, func.count(distinct(Organisation.id)).label("las"))
        .join(Network, Network.id == network_measure.c.network_id)
        .join(Organisation, Organisation.region == Network.region)
        .where(
            network_measure.c.measure_id.in_(measure_ids),
            Organisation.kind == OrganisationKind.LA,
            Organisation.active.is_(True),
        )
        .group_by(network_measure.c.measure_id)
    )
    return {row.measure_id: row.las for row in session.execute(query)}


@dataclass(frozen=True)
class FigureTotals:
    entries: int
    total: float
    mean: float
    denominator: float | None  # summed denominators, when every entry has one


def aggregate_figures(
    session: Session, measure_ids: Sequence[int], bounds: Bounds, where: EvidenceFilter
) -> dict[Key, FigureTotals]:
    """Officer-entered figures whose period starts in each bucket: area-wide, or the LA's own."""
    if not measure_ids:
        return {}
    query = (
        select(
            MetricValue.measure_id,
            _bucket(MetricValue.period_start, bounds).label("bucket"),
            func.count().label("entries"),
            func.sum(MetricValue.value).label("total"),
            func.avg(MetricValue.value).label("mean"),
            func.sum(MetricValue.denominator).label("denominator"),
            func.count(MetricValue.denominator).label("with_denominator"),
        )
        .where(
            MetricValue.measure_id.in_(measure_ids),
            MetricValue.period_start >= bounds[0],
            MetricValue.period_start < bounds[-1],
        )
        .group_by(MetricValue.measure_id, "bucket")
    )
    if where.organisation_id is not None:
        query = query.where(MetricValue.organisation_id == where.organisation_id)
    else:
        query = query.where(MetricValue.organisation_key == "all")
    found = {}
    for row in session.execute(query):
        complete = row.with_denominator == row.entries
        found[(row.measure_id, row.bucket)] = FigureTotals(
            row.entries,
            float(row.total),
            float(row.mean),
            float(row.denominator) if complete and row.denominator is not None else None,
        )
    return found


# --- the evidence behind a measure -------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceText:
    kind: str  # answer | staff_submission
    reference: str
    text: str
    sentiment: float | None
    at: dt.datetime
    context: str  # the question asked, or the submission's kind


def list_linked_texts(
    session: Session,
    measure_id: int,
    start: dt.date,
    end: dt.date,
    where: EvidenceFilter,
    limit: int = 50,
) -> list[EvidenceText]:
    """Free text linked to a measure in a period, newest first (for quotes, themes, evidence)."""
    low, high = _moments([start, end])
    answers = _linked(EvidenceKind.ANSWER, [measure_id])
    answer_query = (
        select(
            Response.reference,
            Answer.free_text,
            Answer.sentiment,
            Response.submitted_at,
            Question.text,
        )
        .select_from(answers)
        .join(Answer, Answer.id == answers.c.evidence_id)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            Answer.free_text.is_not(None),
            Answer.free_text != "",
            Response.submitted_at >= low,
            Response.submitted_at < high,
        )
        .order_by(Response.submitted_at.desc())
        .limit(limit)
    )
    found = [
        EvidenceText("answer", r[0], r[1], r[2], r[3], r[4])
        for r in session.execute(_response_filters(answer_query, where))
    ]
    if not where.narrows_responses:
        submissions = _linked(EvidenceKind.STAFF_SUBMISSION, [measure_id])
        submission_query = (
            select(
                StaffSubmission.reference,
                StaffSubmission.text,
                StaffSubmission.sentiment,
                StaffSubmission.submitted_at,
                StaffSubmission.kind,
            )
            .select_from(submissions)
            .join(StaffSubmission, StaffSubmission.id == submissions.c.evidence_id)
            .where(StaffSubmission.submitted_at >= low, StaffSubmission.submitted_at < high)
            .order_by(StaffSubmission.submitted_at.desc())
            .limit(limit)
        )
        if where.channel:
            submission_query = submission_query.where(StaffSubmission.channel == where.channel)
        found += [
            EvidenceText("staff_submission", r[0], r[1], r[2], r[3], f"Staff {r[4].value}")
            for r in session.execute(submission_query)
        ]
    found.sort(key=lambda item: item.at, reverse=True)
    return found[:limit]


def list_figures(session: Session, measure_id: int, limit: int = 24) -> list[MetricValue]:
    """The figures officers entered for a measure, newest period first."""
    return list(
        session.scalars(
            select(MetricValue)
            .where(MetricValue.measure_id == measure_id)
            .order_by(MetricValue.period_start.desc(), MetricValue.organisation_key)
            .limit(limit)
        )
    )
