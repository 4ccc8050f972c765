"""Suggested links and their review: what the matcher proposed, what officers confirmed or rejected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select, case, delete, false, func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import (
    Action,
    Answer,
    Attendance,
    Channel,
    EvidenceKind,
    Link,
    LinkMethod,
    Meeting,
    Organisation,
    OutcomeMeasure,
    Plan,
    Question,
    Response,
    StaffSubmission,
    utcnow,
)
from storage.repositories.changed import rows_changed


@dataclass(frozen=True)
class PlanTargetRow:
    kind: str
    ref: str
    text: str
    keywords: tuple[str, ...]
    measures: tuple[str, ...]
    target_id: int


def list_plan_targets(session: Session) -> list[PlanTargetRow]:
    """Every action and measure of the active plans, as text the matcher can index."""
    rows: list[PlanTargetRow] = []
    actions = session.scalars(
        select(Action)
        .join(Plan)
        .where(Plan.active.is_(True))
        .options(selectinload(Action.measures))
        .order_by(Plan.id, Action.position)
    )
    for action in actions:
        # The objective only, as analysis.matching.load_targets_from_plan_file reads a plan file
        # (monitoring text is much the same for every action and did not help on the labelled
        # set), so `links suggest` gives the same answers from the database and from --plan.
        rows.append(
            PlanTargetRow(
                "action",
                action.ref,
                action.objective,
                tuple(action.keywords or ()),
                tuple(m.code for m in action.measures),
                action.id,
            )
        )
    measures = session.scalars(
        select(OutcomeMeasure)
        .join(Plan)
        .where(Plan.active.is_(True))
        .order_by(Plan.id, OutcomeMeasure.position)
    )
    for measure in measures:
        rows.append(
            PlanTargetRow(
                "measure",
                measure.code,
                measure.statement,
                tuple(measure.keywords or ()),
                (),
                measure.id,
            )
        )
    return rows


def plan_fingerprint(session: Session) -> tuple[Any, ...]:
    """Changes whenever a plan is loaded, so cached matchers know to rebuild."""
    return tuple(session.execute(select(Plan.id, Plan.loaded_at).order_by(Plan.id)).all())


def rejected_targets(session: Session, kind: str, evidence_id: int) -> set[tuple[str, int]]:
    rows = session.execute(
        select(Link.action_id, Link.measure_id).where(
            Link.evidence_kind == EvidenceKind(kind),
            Link.evidence_id == evidence_id,
            Link.method == LinkMethod.REJECTED,
        )
    ).all()
    return {("action", r[0]) if r[0] else ("measure", r[1]) for r in rows}


def existing_targets(session: Session, kind: str, evidence_id: int) -> set[tuple[str, int]]:
    rows = session.execute(
        select(Link.action_id, Link.measure_id).where(
            Link.evidence_kind == EvidenceKind(kind), Link.evidence_id == evidence_id
        )
    ).all()
    return {("action", r[0]) if r[0] else ("measure", r[1]) for r in rows}


def delete_suggestions(session: Session) -> int:
    """Remove unreviewed suggestions (confirmed, rejected, declared and manual links stay)."""
    result = session.execute(delete(Link).where(Link.method == LinkMethod.SUGGESTED))
    return rows_changed(result)


def delete_suggestions_for(session: Session, kind: str, evidence_ids: Iterable[int]) -> int:
    """Remove the unreviewed suggestions of these texts only (a rebuild's batch)."""
    ids = list(evidence_ids)
    if not ids:
        return 0
    result = session.execute(
        delete(Link).where(
            Link.method == LinkMethod.SUGGESTED,
            Link.evidence_kind == EvidenceKind(kind),
            Link.evidence_id.in_(ids),
        )
    )
    return rows_changed(result)


# The free texts a rebuild reads, in the order it walks them: each kind by id.
SCORED_KINDS = ("answer", "staff_submission", "meeting")


def texts_after(
    session: Session, kind: str, after_id: int, limit: int = 500
) -> list[tuple[str, int, str]]:
    """The next ``limit`` (kind, id, text) of one kind with an id above ``after_id``."""
    model: Any
    model, column = {
        "answer": (Answer, Answer.free_text),
        "staff_submission": (StaffSubmission, StaffSubmission.text),
        "meeting": (Meeting, Meeting.notes),
    }[kind]
    rows = session.execute(
        select(model.id, column)
        .where(model.id > after_id, column.is_not(None), column != "")
        .order_by(model.id)
        .limit(limit)
    ).all()
    return [(kind, row[0], cast(str, row[1])) for row in rows]


def get_link(session: Session, link_id: int) -> Link | None:
    return session.get(Link, link_id)


def update_link(session: Session, link: Link, **fields: Any) -> Link:
    for name, value in fields.items():
        setattr(link, name, LinkMethod(value) if name == "method" else value)
    link.updated_at = utcnow()
    session.flush()
    return link


MEETING_NOTES = "meeting"  # the queue's "source" for hub meetings' notes


@dataclass(frozen=True)
class QueueFilter:
    action: str | None = None  # action ref
    measure: str | None = None  # measure code
    source: str | None = None  # web | slack | teams | import | cli | demo
    organisation: str | None = None  # LA code: only parents' answers attributed to it
    since: dt.datetime | None = None
    until: dt.datetime | None = None  # exclusive


def _queue_query(where: QueueFilter) -> Select[tuple[Link]]:
    query = select(Link).where(Link.method == LinkMethod.SUGGESTED)
    if where.action:
        query = query.join(Action, Action.id == Link.action_id).where(Action.ref == where.action)
    if where.measure:
        query = query.join(OutcomeMeasure, OutcomeMeasure.id == Link.measure_id).where(
            OutcomeMeasure.code == where.measure
        )
    if where.source == MEETING_NOTES:
        query = query.where(Link.evidence_kind == EvidenceKind.MEETING)
        source = None
    else:
        source = where.source
    if not (source or where.organisation or where.since or where.until):
        return query
    answer_ids = select(Answer.id).join(Response, Response.id == Answer.response_id)
    submission_ids = select(StaffSubmission.id)
    meeting_ids = select(Meeting.id)
    if source:
        answer_ids = answer_ids.where(Response.channel == source)
        submission_ids = submission_ids.where(StaffSubmission.channel == source)
        meeting_ids = meeting_ids.where(false())  # notes come from no channel of their own
    if where.organisation:
        answer_ids = answer_ids.join(
            Organisation, Organisation.id == Response.organisation_id
        ).where(Organisation.code == where.organisation)
        submission_ids = submission_ids.where(false())  # staff submissions belong to no LA
        meeting_ids = meeting_ids.where(false())  # a hub meeting belongs to its region
    if where.since:
        answer_ids = answer_ids.where(Response.submitted_at >= where.since)
        submission_ids = submission_ids.where(StaffSubmission.submitted_at >= where.since)
        meeting_ids = meeting_ids.where(Meeting.held_on >= where.since.date())
    if where.until:
        answer_ids = answer_ids.where(Response.submitted_at < where.until)
        submission_ids = submission_ids.where(StaffSubmission.submitted_at < where.until)
        meeting_ids = meeting_ids.where(Meeting.held_on < where.until.date())
    return query.where(
        ((Link.evidence_kind == EvidenceKind.ANSWER) & Link.evidence_id.in_(answer_ids))
        | (
            (Link.evidence_kind == EvidenceKind.STAFF_SUBMISSION)
            & Link.evidence_id.in_(submission_ids)
        )
        | ((Link.evidence_kind == EvidenceKind.MEETING) & Link.evidence_id.in_(meeting_ids))
    )


def list_suggestions(
    session: Session, where: QueueFilter, limit: int = 50, offset: int = 0
) -> list[Link]:
    """Unreviewed suggestions for the officers' review queue: the newest evidence first (not the
    newest link, since `links rebuild` remakes them all), each text's action before its measures."""
    answered_at = (
        select(Response.submitted_at)
        .join(Answer, Answer.response_id == Response.id)
        .where(Answer.id == Link.evidence_id)
        .scalar_subquery()
    )
    sent_at = (
        select(StaffSubmission.submitted_at)
        .where(StaffSubmission.id == Link.evidence_id)
        .scalar_subquery()
    )
    # A meeting sorts by when it was logged (a DATETIME like the others; its DATE held_on would
    # not compare with them on SQLite).
    logged_at = select(Meeting.created_at).where(Meeting.id == Link.evidence_id).scalar_subquery()
    received = case(
        (Link.evidence_kind == EvidenceKind.ANSWER, answered_at),
        (Link.evidence_kind == EvidenceKind.STAFF_SUBMISSION, sent_at),
        else_=logged_at,
    )
    query = (
        _queue_query(where)
        .options(selectinload(Link.action), selectinload(Link.measure))
        .order_by(
            received.desc(),
            Link.evidence_kind,
            Link.evidence_id.desc(),
            Link.action_id.is_(None),
            Link.id,
        )
    )
    return list(session.scalars(query.limit(limit).offset(offset)))


def count_suggestions(session: Session, where: QueueFilter | None = None) -> int:
    query = _queue_query(where or QueueFilter()).with_only_columns(func.count(Link.id))
    return session.scalar(query) or 0


def list_links_by_id(session: Session, link_ids: Iterable[int]) -> list[Link]:
    ids = list(dict.fromkeys(link_ids))
    if not ids:
        return []
    return list(session.scalars(select(Link).where(Link.id.in_(ids)).order_by(Link.id)))


@dataclass(frozen=True)
class EvidenceView:
    """One piece of free-text evidence as a review page shows it (the text still unredacted)."""

    kind: str  # answer | staff_submission | meeting (its notes)
    id: int
    reference: str
    text: str
    sentiment: float | None
    sentiment_label: str | None
    channel: str
    at: dt.datetime
    organisation_id: int | None  # the LA a parent's answer is attributed to
    organisation: str | None
    context: str  # the question asked, or the kind of staff submission


def describe_evidence(
    session: Session, keys: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], EvidenceView]:
    """Free-text evidence by (kind, id), in one query per kind whatever the number of items."""
    wanted: dict[str, set[int]] = {"answer": set(), "staff_submission": set(), "meeting": set()}
    for kind, evidence_id in keys:
        if kind in wanted:
            wanted[kind].add(evidence_id)
    found: dict[tuple[str, int], EvidenceView] = {}
    if wanted["answer"]:
        found.update(_describe_answers(session, wanted["answer"]))
    if wanted["meeting"]:
        found.update(_describe_meetings(session, wanted["meeting"]))
    if wanted["staff_submission"]:
        found.update(_describe_staff_submissions(session, wanted["staff_submission"]))
    return found


def _describe_answers(session: Session, ids: set[int]) -> dict[tuple[str, int], EvidenceView]:
    """Answers with their response, question and the LA they are attributed to, in one query."""
    rows = session.execute(
        select(
            Answer.id,
            Response.reference,
            Answer.free_text,
            Answer.sentiment,
            Answer.sentiment_label,
            Response.channel,
            Response.submitted_at,
            Response.organisation_id,
            Organisation.name,
            Question.text,
        )
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .outerjoin(Organisation, Organisation.id == Response.organisation_id)
        .where(Answer.id.in_(ids))
    ).all()
    found: dict[tuple[str, int], EvidenceView] = {}
    for row in rows:
        found[("answer", row[0])] = EvidenceView(
            "answer",
            row[0],
            row[1],
            row[2] or "",
            row[3],
            row[4],
            row[5].value,
            row[6],
            row[7],
            row[8],
            row[9],
        )
    return found


def _describe_meetings(session: Session, ids: set[int]) -> dict[tuple[str, int], EvidenceView]:
    """Meeting notes as evidence, dated the day the meeting was held."""
    meetings = session.scalars(
        select(Meeting).where(Meeting.id.in_(ids)).options(selectinload(Meeting.network))
    )
    found: dict[tuple[str, int], EvidenceView] = {}
    for meeting in meetings:
        found[("meeting", meeting.id)] = EvidenceView(
            "meeting",
            meeting.id,
            f"MTG-{meeting.id}",
            meeting.notes or "",
            None,
            None,
            MEETING_NOTES,
            dt.datetime.combine(meeting.held_on, dt.time()),
            None,
            None,
            f"Notes of {meeting.title} ({meeting.network.name})",
        )
    return found


def _describe_staff_submissions(
    session: Session, ids: set[int]
) -> dict[tuple[str, int], EvidenceView]:
    """Staff submissions as evidence; they carry no LA."""
    submissions = session.scalars(select(StaffSubmission).where(StaffSubmission.id.in_(ids)))
    found: dict[tuple[str, int], EvidenceView] = {}
    for item in submissions:
        found[("staff_submission", item.id)] = EvidenceView(
            "staff_submission",
            item.id,
            item.reference,
            item.text,
            item.sentiment,
            item.sentiment_label,
            item.channel.value,
            item.submitted_at,
            None,
            None,
            f"Staff {item.kind.value}",
        )
    return found


# --- an action's evidence --------------------------------------------------------------------------


def get_action(session: Session, plan_slug: str, ref: str) -> Action | None:
    return session.scalar(
        select(Action)
        .join(Plan, Plan.id == Action.plan_id)
        .where(Plan.slug == plan_slug, Action.ref == ref)
        .options(selectinload(Action.measures), selectinload(Action.plan))
    )


def _answer_rows(
    action_id: int, organisation_id: int | None
) -> Select[tuple[Channel, dt.datetime, EvidenceKind, int]]:
    """(channel, when, free text?) of every answer or response counted for an action."""
    query = (
        select(Response.channel, Response.submitted_at, Link.evidence_kind, Link.evidence_id)
        .select_from(Link)
        .join(
            Answer,
            (Link.evidence_kind == EvidenceKind.ANSWER) & (Answer.id == Link.evidence_id),
            isouter=True,
        )
        .join(
            Response,
            ((Link.evidence_kind == EvidenceKind.RESPONSE) & (Response.id == Link.evidence_id))
            | (Response.id == Answer.response_id),
        )
        .where(Link.action_id == action_id, Link.method != LinkMethod.REJECTED)
    )
    if organisation_id is not None:
        query = query.where(Response.organisation_id == organisation_id)
    return query


def list_action_evidence_dates(
    session: Session, action_id: int, organisation_id: int | None = None
) -> list[tuple[str, str, dt.datetime]]:
    """(kind, channel, when) for everything counted for an action: responses, answers, staff
    submissions. Counted in Python by month so the same code serves SQLite and PostgreSQL."""
    rows: list[tuple[str, str, dt.datetime]] = [
        (row[2].value, row[0].value, row[1])
        for row in session.execute(_answer_rows(action_id, organisation_id))
    ]
    if organisation_id is None:
        rows += [
            ("staff_submission", row[0].value, row[1])
            for row in session.execute(
                select(StaffSubmission.channel, StaffSubmission.submitted_at)
                .join(
                    Link,
                    (Link.evidence_kind == EvidenceKind.STAFF_SUBMISSION)
                    & (Link.evidence_id == StaffSubmission.id),
                )
                .where(Link.action_id == action_id, Link.method != LinkMethod.REJECTED)
            )
        ]
        rows += [
            ("meeting", MEETING_NOTES, dt.datetime.combine(row[0], dt.time()))
            for row in session.execute(
                select(Meeting.held_on)
                .join(
                    Link,
                    (Link.evidence_kind == EvidenceKind.MEETING) & (Link.evidence_id == Meeting.id),
                )
                .where(Link.action_id == action_id, Link.method != LinkMethod.REJECTED)
            )
        ]
    return rows


def count_meeting_notes(session: Session) -> int:
    return (
        session.scalar(
            select(func.count(Meeting.id)).where(Meeting.notes.is_not(None), Meeting.notes != "")
        )
        or 0
    )


def iter_meeting_notes(session: Session, batch: int = 500) -> Iterator[list[tuple[str, int, str]]]:
    """Batches of ("meeting", id, notes) for every meeting with notes, by id."""
    last = 0
    while True:
        rows = session.execute(
            select(Meeting.id, Meeting.notes)
            .where(Meeting.id > last, Meeting.notes.is_not(None), Meeting.notes != "")
            .order_by(Meeting.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        last = rows[-1][0]
        # The WHERE keeps only meetings with notes, so none of these is None.
        yield [("meeting", row[0], cast(str, row[1])) for row in rows]


def list_action_comments(
    session: Session, action_id: int, organisation_id: int | None = None, limit: int = 50
) -> list[tuple[Link, EvidenceView]]:
    """Free text linked to an action (not rejected), newest first, with how each was linked."""
    links = list(
        session.scalars(
            select(Link)
            .where(
                Link.action_id == action_id,
                Link.method != LinkMethod.REJECTED,
                Link.evidence_kind.in_(
                    [EvidenceKind.ANSWER, EvidenceKind.STAFF_SUBMISSION, EvidenceKind.MEETING]
                ),
            )
            .order_by(Link.created_at.desc(), Link.id.desc())
            .limit(limit * 4)  # room for answers of other LAs that are filtered out below
        )
    )
    views = describe_evidence(
        session, [(found.evidence_kind.value, found.evidence_id) for found in links]
    )
    paired = []
    for link in links:
        view = views.get((link.evidence_kind.value, link.evidence_id))
        if view is None or not view.text:
            continue
        if organisation_id is not None and view.organisation_id != organisation_id:
            continue
        paired.append((link, view))
    paired.sort(key=lambda pair: pair[1].at, reverse=True)
    return paired[:limit]


def list_meetings_for_measures(
    session: Session, measure_ids: list[int], limit: int = 20
) -> list[Meeting]:
    """Meetings whose attendance counts for any of these measures, latest first."""
    if not measure_ids:
        return []
    meeting_ids = select(Link.evidence_id).where(
        Link.evidence_kind == EvidenceKind.MEETING,
        Link.measure_id.in_(measure_ids),
        Link.method != LinkMethod.REJECTED,
    )
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.id.in_(meeting_ids))
            .options(
                selectinload(Meeting.network),
                selectinload(Meeting.attendance).selectinload(Attendance.organisation),
            )
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
            .limit(limit)
        )
    )
