"""The one road in: every response, staff submission, attendance record and figure enters here.

Each function takes a plain domain object (``survey.domain.inputs``), validates it, stores it with its
declared links inside a savepoint (all or nothing), and returns a :class:`Receipt`. A repeated
idempotency key returns the first receipt instead of storing twice, even when two requests race.
Callers own the transaction: a web request commits at its end; bots and the CLI wrap calls in
``Database.unit_of_work()``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.repositories import evidence, links, organisations, plans, surveys
from survey import outbox as notifications
from survey.domain.errors import DomainError, FieldProblem, NotFound
from survey.domain.inputs import (
    AttendanceInput,
    MetricValueInput,
    Receipt,
    ResponseSubmission,
    StaffSubmissionInput,
)
from survey.domain.questions import ScoredAnswer, is_blank, score_answer
from survey.domain.survey_definitions import SurveyDef, survey_from_stored
from survey.intake.linking import suggest_links
from survey.intake.scoring import sentiment_columns

if TYPE_CHECKING:
    from storage.models import Response, SurveyVersion

if TYPE_CHECKING:
    from storage.models import Action, Network, Organisation, Workstream

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L or U: easy to read aloud
SUBMISSION_KINDS = ("idea", "view", "concern", "question")
MEETING_KINDS = ("strand_group", "full_hub", "steering_group")
CHANNELS = ("web", "slack", "teams", "import", "cli", "demo")
MAX_STAFF_TEXT = 3000
T = TypeVar("T")


def new_reference(session: Session) -> str:
    """A human-friendly reference such as YS-7K3Q-2MXA, unused so far."""
    while True:
        body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"YS-{body[:4]}-{body[4:]}"
        if not evidence.reference_exists(session, reference):
            return reference


def author_hash(key: str | bytes, channel: str, workspace_id: str | None, author_id: str) -> str:
    """A keyed hash of who sent something: lets them find it, tells nobody else who they are."""
    key_bytes = key.encode() if isinstance(key, str) else key
    message = f"{channel}:{workspace_id or '-'}:{author_id}".encode()
    return hmac.new(key_bytes, message, hashlib.sha256).hexdigest()


def _in_savepoint(
    session: Session, store: Callable[[], T], find_existing: Callable[[], T | None]
) -> T:
    """Store inside a savepoint; if a concurrent twin won the race, return the twin's record."""
    try:
        with session.begin_nested():
            return store()
    except IntegrityError:
        existing = find_existing()
        if existing is None:
            raise
        return existing


def _now(value: dt.datetime | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


# --- survey responses ---------------------------------------------------------------------------


def load_survey(session: Session, slug: str, version: int | None = None) -> tuple[Any, SurveyDef]:
    """The stored survey version and its checked definition."""
    survey = surveys.get_survey_by_slug(session, slug)
    if survey is None:
        raise NotFound(f"There is no survey called '{slug}'", field="survey")
    stored = (
        surveys.get_version(session, survey, version)
        if version
        else surveys.get_latest_version(session, survey)
    )
    if stored is None:
        raise NotFound(f"Survey '{slug}' has no version {version}", field="survey_version")
    return stored, survey_from_stored(stored.definition)


def check_answers(
    session: Session,
    definition: SurveyDef,
    raw_answers: dict[str, Any],
    consent: dict[str, bool] | None = None,
) -> tuple[dict[str, ScoredAnswer], list[FieldProblem]]:
    """Validate every shown question's answer; skipped (hidden) questions are not stored."""
    problems: list[FieldProblem] = []
    unknown = set(raw_answers) - {q.key for q in definition.questions}
    problems += [FieldProblem(key, "is not a question in this survey") for key in sorted(unknown)]
    if definition.data.get("consent") and not (consent or {}).get("survey"):
        problems.append(FieldProblem("consent", "Tick the box to say you agree before you start"))
    scored: dict[str, ScoredAnswer] = {}
    given: dict[str, Any] = {}
    for question in definition.questions:
        raw = raw_answers.get(question.key)
        if not question.is_shown(given):
            continue
        if is_blank(raw):
            if question.required:
                problems.append(FieldProblem(question.key, _missing_message(question.type)))
            continue
        result = score_answer(question, raw)
        if isinstance(result, FieldProblem):
            problems.append(result)
            continue
        if question.type == "organisation":
            problem = _check_organisation(
                session, question.key, result.value or "", question.organisation_kinds
            )
            if problem:
                problems.append(problem)
                continue
        scored[question.key] = result
        given[question.key] = raw if isinstance(raw, list | tuple) else (result.value or raw)
    return scored, problems


def _missing_message(question_type: str) -> str:
    if question_type in {"short_text", "long_text", "number"}:
        return "Enter an answer"
    if question_type == "date":
        return "Enter a date"
    if question_type == "consent":
        return "Tick the box to say you agree"
    return "Select an answer"


def _check_organisation(
    session: Session, field: str, code: str, kinds: tuple[str, ...]
) -> FieldProblem | None:
    organisation = organisations.get_organisation_by_code(session, code)
    if organisation is None or (kinds and organisation.kind.value not in kinds):
        return FieldProblem(field, "Select an organisation from the list")
    return None


def submit_response(session: Session, submission: ResponseSubmission) -> Receipt:
    """Validate and store one survey response with its answers and declared links."""
    key = submission.idempotency_key or f"auto:{uuid.uuid4()}"
    existing = evidence.get_response_by_idempotency_key(session, key)
    if existing is not None:
        return Receipt(existing.reference, created=False, record_id=existing.id)
    if submission.channel not in CHANNELS:
        raise DomainError(f"'{submission.channel}' is not a channel", field="channel")
    stored, definition = load_survey(session, submission.survey_slug, submission.survey_version)
    scored, problems = check_answers(session, definition, submission.answers, submission.consent)
    organisation_id, setting_id = _attribution(session, submission, definition, scored, problems)
    if problems:
        raise DomainError(problems)

    def store() -> Receipt:
        response = evidence.create_response(
            session,
            _answer_rows(stored, scored),
            reference=new_reference(session),
            survey_version_id=stored.id,
            channel=submission.channel,
            submitted_at=_now(submission.submitted_at),
            organisation_id=organisation_id,
            setting_id=setting_id,
            source=submission.source,
            respondent_key=submission.respondent_key,
            consent=dict(submission.consent),
            idempotency_key=key,
            language=submission.language,
            easy_read=submission.easy_read,
        )
        if submission.contact and any(submission.contact.values()):
            evidence.create_contact_detail(session, response, submission.contact)
        _link_response(session, stored, response)
        return Receipt(response.reference, created=True, record_id=response.id)

    def twin() -> Receipt | None:
        found = evidence.get_response_by_idempotency_key(session, key)
        return Receipt(found.reference, created=False, record_id=found.id) if found else None

    return _in_savepoint(session, store, twin)


def _attribution(
    session: Session,
    submission: ResponseSubmission,
    definition: SurveyDef,
    scored: dict[str, ScoredAnswer],
    problems: list[FieldProblem],
) -> tuple[int | None, int | None]:
    """Where the response came from: the distribution link's organisation, else the LA answer."""
    ids: list[int | None] = []
    for field, code in (
        ("organisation", submission.organisation_code),
        ("setting", submission.setting_code),
    ):
        if code is None:
            ids.append(None)
            continue
        organisation = organisations.get_organisation_by_code(session, code)
        if organisation is None:
            problems.append(FieldProblem(field, f"There is no organisation with code '{code}'"))
        ids.append(organisation.id if organisation else None)
    organisation_id, setting_id = ids
    for question in definition.questions:
        answer = scored.get(question.key)
        if question.type != "organisation" or answer is None or not answer.value:
            continue
        organisation = organisations.get_organisation_by_code(session, answer.value)
        if organisation is None:
            continue
        if organisation.kind.value == "la" and organisation_id is None:
            organisation_id = organisation.id
        elif organisation.kind.value != "la" and setting_id is None:
            setting_id = organisation.id
            if organisation_id is None and organisation.parent_id:
                organisation_id = organisation.parent_id
    return organisation_id, setting_id


def _answer_rows(stored: SurveyVersion, scored: dict[str, ScoredAnswer]) -> list[dict[str, Any]]:
    questions = {q.key: q for q in stored.questions}
    rows = []
    for key, answer in scored.items():
        row: dict[str, Any] = {
            "question_id": questions[key].id,
            "value": answer.value,
            "score": answer.score,
            "is_positive": answer.is_positive,
            "free_text": answer.free_text,
        }
        # Scored once here, so dashboards and reports never re-score.
        if answer.free_text:
            row.update(sentiment_columns(answer.free_text))
        rows.append(row)
    return rows


def _link_response(session: Session, stored: SurveyVersion, response: Response) -> None:
    questions = {q.id: q for q in stored.questions}
    for answer in response.answers:
        measure_ids = [m.id for m in questions[answer.question_id].measures]
        if measure_ids and (answer.value is not None or answer.free_text):
            links.create_links(session, "answer", answer.id, "declared", measure_ids=measure_ids)
        if answer.free_text:
            suggest_links(session, "answer", answer.id, answer.free_text)
    action_ids = [a.id for a in stored.actions]
    if action_ids:
        links.create_links(session, "response", response.id, "declared", action_ids=action_ids)


# --- staff submissions ------------------------------------------------------------------------


def _check_staff_submission(
    session: Session, item: StaffSubmissionInput, text: str
) -> tuple[Workstream | None, Action | None]:
    """The workstream and action the submission names, or DomainError listing every problem."""
    problems: list[FieldProblem] = []
    if item.kind not in SUBMISSION_KINDS:
        problems.append(FieldProblem("kind", "Choose idea, view, concern or question"))
    if not text:
        problems.append(FieldProblem("text", "Write what you want to say"))
    elif len(text) > MAX_STAFF_TEXT:
        problems.append(
            FieldProblem(
                "text", f"Keep it to {MAX_STAFF_TEXT} characters or fewer (yours has {len(text)})"
            )
        )
    if item.channel not in CHANNELS:
        problems.append(FieldProblem("channel", f"'{item.channel}' is not a channel"))
    if not item.author_id:
        problems.append(FieldProblem("author", "The sender could not be identified"))
    workstream = plans.get_workstream_by_slug(session, item.workstream) if item.workstream else None
    if item.workstream and workstream is None:
        problems.append(
            FieldProblem("workstream", f"There is no workstream called '{item.workstream}'")
        )
    action = plans.find_action_by_ref(session, item.action_ref) if item.action_ref else None
    if item.action_ref and action is None:
        problems.append(FieldProblem("action", f"There is no action {item.action_ref} in the plan"))
    if problems:
        raise DomainError(problems)
    return workstream, action


def record_staff_submission(
    session: Session, item: StaffSubmissionInput, hash_key: str | bytes
) -> Receipt:
    """Store an idea, view, concern or question from staff; anonymous ones keep only a keyed hash."""
    key = item.idempotency_key or f"auto:{uuid.uuid4()}"
    existing = evidence.get_staff_submission_by_idempotency_key(session, key)
    if existing is not None:
        return Receipt(existing.reference, created=False, record_id=existing.id)
    text = (item.text or "").strip()
    workstream, action = _check_staff_submission(session, item, text)

    def store() -> Receipt:
        columns = sentiment_columns(text)
        submission = evidence.create_staff_submission(
            session,
            reference=new_reference(session),
            kind=item.kind,
            text=text,
            workstream_id=workstream.id if workstream else None,
            channel=item.channel,
            anonymous=item.anonymous,
            author_id=None if item.anonymous else item.author_id,
            author_name=None if item.anonymous else item.author_name,
            author_hash=author_hash(hash_key, item.channel, item.workspace_id, item.author_id),
            workspace_id=item.workspace_id,
            reply_address=None if item.anonymous else item.reply_address,
            submitted_at=_now(item.submitted_at),
            idempotency_key=key,
            **columns,
        )
        action_ids = [a.id for a in workstream.actions] if workstream else []
        if action:
            action_ids.append(action.id)
        if action_ids:
            links.create_links(
                session, "staff_submission", submission.id, "declared", action_ids=action_ids
            )
        suggest_links(session, "staff_submission", submission.id, text)
        # Officers hear of it on every configured officers' channel, after the commit, whatever
        # channel it came from; a repeated key returned above, so it is announced once.
        notifications.queue_for_officers(session, submission.id)
        return Receipt(submission.reference, created=True, record_id=submission.id)

    def twin() -> Receipt | None:
        found = evidence.get_staff_submission_by_idempotency_key(session, key)
        return Receipt(found.reference, created=False, record_id=found.id) if found else None

    return _in_savepoint(session, store, twin)


# --- meetings and attendance --------------------------------------------------------------------


def _check_attendance(
    session: Session, item: AttendanceInput
) -> tuple[Network, str, list[Organisation]]:
    """The meeting's network, title and attending organisations, or DomainError listing every
    problem."""
    problems: list[FieldProblem] = []
    network = organisations.get_network_by_slug(session, item.network)
    if network is None:
        problems.append(FieldProblem("network", f"There is no network called '{item.network}'"))
    title = (item.title or "").strip()
    if not title:
        problems.append(FieldProblem("title", "Enter the meeting's title"))
    if item.kind not in MEETING_KINDS:
        problems.append(
            FieldProblem("kind", "Choose strand group, full hub meeting or steering group")
        )
    if item.held_on > dt.date.today() + dt.timedelta(days=1):
        problems.append(FieldProblem("held_on", "The meeting date must be today or in the past"))
    if item.people is not None and not 0 <= item.people <= 10000:
        problems.append(FieldProblem("people", "Enter the number of people, from 0 to 10000"))
    present: list[Organisation] = []
    for code in dict.fromkeys(item.organisations):
        organisation = organisations.get_organisation_by_code(session, code)
        if organisation is None:
            problems.append(
                FieldProblem("organisations", f"There is no organisation with code '{code}'")
            )
        else:
            present.append(organisation)
    if problems:
        raise DomainError(problems)
    assert network is not None
    return network, title, present


def record_attendance(session: Session, item: AttendanceInput) -> Receipt:
    """Create or update a meeting and exactly which organisations attended it.

    Logging the same meeting (network, date, title) again updates it rather than duplicating it.
    """
    network, title, present = _check_attendance(session, item)

    def store() -> Receipt:
        meeting, created = evidence.upsert_meeting(
            session,
            network.id,
            item.held_on,
            title,
            kind=item.kind,
            strand=item.strand,
            people=item.people,
            notes=item.notes,
        )
        rows = [
            {
                "organisation_id": o.id,
                "people": None,
                "logged_by": item.logged_by,
                "channel": item.channel,
            }
            for o in present
        ]
        evidence.replace_attendance(session, meeting, rows)
        links.create_links(
            session, "meeting", meeting.id, "declared", measure_ids=[m.id for m in network.measures]
        )
        if meeting.notes:
            suggest_links(session, "meeting", meeting.id, meeting.notes)
        members = organisations.list_network_members(session, network)
        present_ids = {o.id for o in present}
        return Receipt(
            f"MTG-{meeting.id}",
            created=created,
            record_id=meeting.id,
            details={
                "attended": sorted(o.name for o in present),
                "absent": sorted(o.name for o in members if o.id not in present_ids),
                "members": len(members),
                "attending_members": sum(1 for o in members if o.id in present_ids),
            },
        )

    def twin() -> Receipt | None:
        return None  # a racing twin with the same meeting key: let the caller retry

    return _in_savepoint(session, store, twin)


# --- officer-entered figures ------------------------------------------------------------------


def record_metric_value(session: Session, item: MetricValueInput) -> Receipt:
    problems: list[FieldProblem] = []
    measure = plans.find_measure_by_code(session, item.measure_code, item.plan)
    if measure is None:
        problems.append(FieldProblem("measure", f"There is no measure {item.measure_code}"))
    if item.period_end < item.period_start:
        problems.append(FieldProblem("period", "The period must end on or after its start"))
    if item.value != item.value or item.value in (float("inf"), float("-inf")):
        problems.append(FieldProblem("value", "Enter a number"))
    organisation = None
    if item.organisation_code:
        organisation = organisations.get_organisation_by_code(session, item.organisation_code)
        if organisation is None:
            problems.append(
                FieldProblem(
                    "organisation", f"There is no organisation with code '{item.organisation_code}'"
                )
            )
    if problems:
        raise DomainError(problems)
    assert measure is not None

    def store() -> Receipt:
        record, created = evidence.upsert_metric_value(
            session,
            measure_id=measure.id,
            period_start=item.period_start,
            period_end=item.period_end,
            organisation_id=organisation.id if organisation else None,
            organisation_key=organisation.code if organisation else "all",
            value=item.value,
            denominator=item.denominator,
            note=item.note,
            entered_by=item.entered_by,
        )
        links.create_links(session, "metric_value", record.id, "declared", measure_ids=[measure.id])
        return Receipt(f"FIG-{record.id}", created=created, record_id=record.id)

    return _in_savepoint(session, store, lambda: None)
