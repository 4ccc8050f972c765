"""What the officers' pages list: the measures with their plan and priority, meetings and who
came, staff submissions by kind, workstream and status, and responses by survey and LA."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import (
    Action,
    Attendance,
    Meeting,
    Network,
    Organisation,
    OrganisationKind,
    OutcomeMeasure,
    Plan,
    Response,
    StaffSubmission,
    SubmissionKind,
    SubmissionStatus,
    Survey,
    SurveyVersion,
    User,
    Workstream,
)


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


# --- meetings and attendance ----------------------------------------------------------------------


def list_networks(session: Session) -> list[Network]:
    return list(session.scalars(select(Network).order_by(Network.name)))


def get_network(session: Session, network_id: int) -> Network | None:
    return session.get(Network, network_id)


def list_meetings_between(
    session: Session, start: dt.date, end: dt.date, network_id: int | None = None
) -> list[Meeting]:
    """Meetings held from ``start`` up to (not including) ``end``, with who attended."""
    query = (
        select(Meeting)
        .where(Meeting.held_on >= start, Meeting.held_on < end)
        .options(
            selectinload(Meeting.attendance).selectinload(Attendance.organisation),
            selectinload(Meeting.network),
        )
        .order_by(Meeting.held_on.desc(), Meeting.title)
    )
    if network_id is not None:
        query = query.where(Meeting.network_id == network_id)
    return list(session.scalars(query))


def list_region_las(session: Session, region: str) -> list[Organisation]:
    return list(
        session.scalars(
            select(Organisation)
            .where(
                Organisation.region == region,
                Organisation.kind == OrganisationKind.LA,
                Organisation.active.is_(True),
            )
            .order_by(Organisation.name)
        )
    )


def list_las(session: Session) -> list[Organisation]:
    return list(
        session.scalars(
            select(Organisation)
            .where(Organisation.kind == OrganisationKind.LA, Organisation.active.is_(True))
            .order_by(Organisation.name)
        )
    )


def list_settings(session: Session, limit: int = 500) -> list[Organisation]:
    return list(
        session.scalars(
            select(Organisation)
            .where(Organisation.kind != OrganisationKind.LA, Organisation.active.is_(True))
            .order_by(Organisation.name)
            .limit(limit)
        )
    )


def get_organisation(session: Session, organisation_id: int) -> Organisation | None:
    return session.get(Organisation, organisation_id)


def list_surveys(session: Session) -> list[Survey]:
    return list(session.scalars(select(Survey).order_by(Survey.title)))


# --- staff submissions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmissionFilter:
    kind: str | None = None
    workstream: str | None = None  # slug
    status: str | None = None


def _submission_query(where: SubmissionFilter) -> Any:
    query = select(StaffSubmission)
    if where.kind:
        query = query.where(StaffSubmission.kind == SubmissionKind(where.kind))
    if where.status:
        query = query.where(StaffSubmission.status == SubmissionStatus(where.status))
    if where.workstream:
        query = query.join(Workstream, Workstream.id == StaffSubmission.workstream_id).where(
            Workstream.slug == where.workstream
        )
    return query


def list_staff_submissions(
    session: Session, where: SubmissionFilter, limit: int = 50, offset: int = 0
) -> list[StaffSubmission]:
    query = (
        _submission_query(where)
        .options(selectinload(StaffSubmission.workstream))
        .order_by(StaffSubmission.submitted_at.desc(), StaffSubmission.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def count_staff_submissions(session: Session, where: SubmissionFilter) -> int:
    subquery = _submission_query(where).subquery()
    return session.scalar(select(func.count()).select_from(subquery)) or 0


def count_submissions_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(StaffSubmission.status, func.count()).group_by(StaffSubmission.status)
    )
    counts = {status.value: 0 for status in SubmissionStatus}
    counts.update({status.value: count for status, count in rows})
    return counts


def list_workstreams(session: Session) -> list[Workstream]:
    return list(session.scalars(select(Workstream).order_by(Workstream.name)))


# --- responses, aggregated ------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseCount:
    survey_slug: str
    survey_title: str
    la_code: str | None  # None: not attributed to an LA
    la_name: str | None
    responses: int


def count_responses_by_survey_and_la(
    session: Session, start: dt.date, end: dt.date, organisation_id: int | None = None
) -> list[ResponseCount]:
    """Responses received in a period per survey and LA (GROUP BY in the database)."""
    low = dt.datetime.combine(start, dt.time())
    high = dt.datetime.combine(end, dt.time())
    query = (
        select(
            Survey.slug,
            Survey.title,
            Organisation.code,
            Organisation.name,
            func.count(Response.id).label("responses"),
        )
        .select_from(Response)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .join(Survey, Survey.id == SurveyVersion.survey_id)
        .outerjoin(Organisation, Organisation.id == Response.organisation_id)
        .where(Response.submitted_at >= low, Response.submitted_at < high)
        .group_by(Survey.slug, Survey.title, Organisation.code, Organisation.name)
        .order_by(Survey.title, Organisation.name)
    )
    if organisation_id is not None:
        query = query.where(Response.organisation_id == organisation_id)
    return [ResponseCount(*row) for row in session.execute(query)]


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))
