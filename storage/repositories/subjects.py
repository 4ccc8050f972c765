"""Data-subject requests: find, and erase, what the store holds about one person.

A person is found by what they can show us: a response or submission reference, the email they
left as a contact detail (or their officer account), or their Slack/Teams user id. Anonymous staff
submissions are found by reference only: the user id lookups never reach them, so a request cannot
be used to unmask anyone.

Naming: ``find_<records>_by_<identifier>`` finds, ``delete_``/``clear_`` erases. Tables added by
the channels (Slack, Teams) get their own ``find_``/``delete_`` pair here and a source in
``survey.privacy.subjects.EXTRA_SOURCES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, delete, func, or_, select, update
from sqlalchemy.orm import QueryableAttribute, Session, selectinload

from storage.models import (
    Answer,
    Attendance,
    AuditEvent,
    Base,
    ChatIdentity,
    ContactDetail,
    EvidenceKind,
    Link,
    Notification,
    Response,
    SlackInstallation,
    StaffSubmission,
    SurveyDraft,
    SurveyVersion,
    TeamsConversation,
    User,
)
from storage.repositories.changed import rows_changed

ERASED_ACTOR = "erased-subject"


def _responses(session: Session, condition: ColumnElement[bool]) -> list[Response]:
    return list(
        session.scalars(
            select(Response)
            .where(condition)
            .options(
                selectinload(Response.answers).selectinload(Answer.question),
                selectinload(Response.survey_version).selectinload(SurveyVersion.survey),
                selectinload(Response.organisation),
                selectinload(Response.setting),
            )
            .order_by(Response.submitted_at, Response.id)
        )
    )


# --- survey responses ----------------------------------------------------------------------------


def find_responses_by_reference(session: Session, reference: str) -> list[Response]:
    return _responses(session, Response.reference == reference)


def find_responses_by_email(session: Session, email: str) -> list[Response]:
    with_contact = select(ContactDetail.response_id).where(ContactDetail.email == email.lower())
    return _responses(session, Response.id.in_(with_contact))


def find_contact_details_for_responses(
    session: Session, response_ids: Sequence[int]
) -> dict[int, ContactDetail]:
    if not response_ids:
        return {}
    rows = session.scalars(
        select(ContactDetail).where(ContactDetail.response_id.in_(list(response_ids)))
    )
    return {row.response_id: row for row in rows}


def find_drafts_by_references(session: Session, references: Sequence[str]) -> list[SurveyDraft]:
    if not references:
        return []
    return list(
        session.scalars(
            select(SurveyDraft)
            .where(SurveyDraft.submitted_reference.in_(list(references)))
            .options(selectinload(SurveyDraft.survey))
            .order_by(SurveyDraft.id)
        )
    )


def find_drafts_in_progress_holding_email(session: Session, email: str) -> list[SurveyDraft]:
    """Unsubmitted drafts whose answers hold the address (a parent typed it into a text box):
    no contact detail points at them, so they are found by the words themselves."""
    address = email.strip().lower()
    text = func.lower(cast(SurveyDraft.answers, Text))
    candidates = session.scalars(
        select(SurveyDraft)
        .where(SurveyDraft.submitted_reference.is_(None), text.contains(address, autoescape=True))
        .options(selectinload(SurveyDraft.survey))
        .order_by(SurveyDraft.id)
    )
    # The address on its own, not inside a longer one: erasing jo@ must not take bojo@'s draft.
    whole = re.compile(rf"(?<![\w.+-]){re.escape(address)}(?![\w-]|\.\w)", re.IGNORECASE)
    return [d for d in candidates if any(whole.search(t) for t in _strings(d.answers))]


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value (answers are text, lists of choices, or nested)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def delete_survey_drafts(session: Session, draft_ids: Sequence[int]) -> int:
    if not draft_ids:
        return 0
    return _delete_where(session, SurveyDraft, SurveyDraft.id.in_(list(draft_ids)))


def delete_responses(session: Session, response_ids: Sequence[int]) -> int:
    """Delete responses with their answers, contact details, links and submitted drafts."""
    if not response_ids:
        return 0
    ids = list(response_ids)
    references = select(Response.reference).where(Response.id.in_(ids))
    answer_ids = select(Answer.id).where(Answer.response_id.in_(ids))
    # Links point at evidence by kind and id (no foreign key), so they go explicitly.
    _delete_where(
        session,
        Link,
        or_(
            (Link.evidence_kind == EvidenceKind.RESPONSE) & Link.evidence_id.in_(ids),
            (Link.evidence_kind == EvidenceKind.ANSWER) & Link.evidence_id.in_(answer_ids),
        ),
    )
    _delete_where(session, SurveyDraft, SurveyDraft.submitted_reference.in_(references))
    _delete_where(session, ContactDetail, ContactDetail.response_id.in_(ids))
    _delete_where(session, Answer, Answer.response_id.in_(ids))
    return _delete_where(session, Response, Response.id.in_(ids))


# --- staff submissions ---------------------------------------------------------------------------


def find_staff_submissions_by_reference(session: Session, reference: str) -> list[StaffSubmission]:
    return list(
        session.scalars(
            select(StaffSubmission)
            .where(StaffSubmission.reference == reference)
            .options(selectinload(StaffSubmission.workstream))
        )
    )


def find_staff_submissions_by_author(
    session: Session, channel: str, author_id: str, workspace_id: str | None = None
) -> list[StaffSubmission]:
    """Named submissions by a channel user; anonymous ones never match (author_id is NULL)."""
    query = (
        select(StaffSubmission)
        .where(
            StaffSubmission.channel == channel,
            StaffSubmission.author_id == author_id,
            StaffSubmission.anonymous.is_(False),
        )
        .options(selectinload(StaffSubmission.workstream))
        .order_by(StaffSubmission.submitted_at, StaffSubmission.id)
    )
    if workspace_id:
        query = query.where(StaffSubmission.workspace_id == workspace_id)
    return list(session.scalars(query))


def find_notifications_for_submissions(
    session: Session, submission_ids: Sequence[int]
) -> list[Notification]:
    if not submission_ids:
        return []
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.submission_id.in_(list(submission_ids)))
            .order_by(Notification.id)
        )
    )


def delete_staff_submissions(session: Session, submission_ids: Sequence[int]) -> int:
    """Delete submissions with their links and queued notifications."""
    if not submission_ids:
        return 0
    ids = list(submission_ids)
    _delete_where(
        session,
        Link,
        Link.evidence_kind == EvidenceKind.STAFF_SUBMISSION,
        Link.evidence_id.in_(ids),
    )
    _delete_where(session, Notification, Notification.submission_id.in_(ids))
    return _delete_where(session, StaffSubmission, StaffSubmission.id.in_(ids))


# --- who logged attendance, officer accounts, Slack installs ---------------------------------------


# An actor is written by the channels as "<channel>:<workspace or ->/<user id>"; without the
# workspace a person is matched by channel prefix and user suffix (escaped, so an id holding % or _
# matches only itself).
ActorSuffix = tuple[str, str]


def _actor_condition(
    column: QueryableAttribute[str] | QueryableAttribute[str | None],
    exact: Sequence[str],
    suffixes: Sequence[ActorSuffix],
) -> ColumnElement[bool] | None:
    conditions = [column == value for value in exact]
    conditions += [
        column.startswith(prefix, autoescape=True) & column.endswith(suffix, autoescape=True)
        for prefix, suffix in suffixes
    ]
    return or_(*conditions) if conditions else None


def find_attendance_by_logger(
    session: Session, exact: Sequence[str], suffixes: Sequence[ActorSuffix] = ()
) -> list[Attendance]:
    condition = _actor_condition(Attendance.logged_by, exact, suffixes)
    if condition is None:
        return []
    return list(
        session.scalars(
            select(Attendance)
            .where(condition)
            .options(selectinload(Attendance.meeting), selectinload(Attendance.organisation))
            .order_by(Attendance.id)
        )
    )


def clear_attendance_logger(session: Session, attendance_ids: Sequence[int]) -> int:
    """The attendance record is about an LA, not the person: keep it, forget who logged it."""
    return _update_ids(session, Attendance, attendance_ids, logged_by=None)


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.lower()))


def find_slack_installations_by_installer(
    session: Session, user_id: str, workspace_id: str | None = None
) -> list[SlackInstallation]:
    query = select(SlackInstallation).where(SlackInstallation.installer_user_id == user_id)
    if workspace_id:
        query = query.where(SlackInstallation.team_id == workspace_id)
    return list(session.scalars(query.order_by(SlackInstallation.id)))


def clear_slack_installer(session: Session, installation_ids: Sequence[int]) -> int:
    return _update_ids(session, SlackInstallation, installation_ids, installer_user_id=None)


def find_teams_conversations_by_user(session: Session, user_id: str) -> list[TeamsConversation]:
    """Personal chats the bot keeps so it can message this Teams user later."""
    return list(
        session.scalars(
            select(TeamsConversation)
            .where(TeamsConversation.user_id == user_id)
            .order_by(TeamsConversation.id)
        )
    )


def delete_teams_conversations(session: Session, conversation_ids: Sequence[int]) -> int:
    if not conversation_ids:
        return 0
    return _delete_where(
        session, TeamsConversation, TeamsConversation.id.in_(list(conversation_ids))
    )


def find_chat_identities_by_email(session: Session, email: str) -> list[ChatIdentity]:
    """The chat users (Slack, Teams) linked to the officer account with this email."""
    account = select(User.id).where(User.email == email.lower())
    return list(
        session.scalars(
            select(ChatIdentity)
            .where(ChatIdentity.user_id.in_(account))
            .order_by(ChatIdentity.created_at, ChatIdentity.id)
        )
    )


def delete_chat_identities(session: Session, identity_ids: Sequence[int]) -> int:
    if not identity_ids:
        return 0
    return _delete_where(session, ChatIdentity, ChatIdentity.id.in_(list(identity_ids)))


# --- the audit trail -------------------------------------------------------------------------------


def find_audit_events(
    session: Session,
    actors_exact: Sequence[str] = (),
    actor_suffixes: Sequence[ActorSuffix] = (),
    entities: Sequence[tuple[str, str]] = (),
) -> list[AuditEvent]:
    """Events done by the person (actor) or about their records (entity type and id)."""
    conditions = []
    actor = _actor_condition(AuditEvent.actor, actors_exact, actor_suffixes)
    if actor is not None:
        conditions.append(actor)
    conditions += [
        (AuditEvent.entity_type == kind) & (AuditEvent.entity_id == entity_id)
        for kind, entity_id in entities
    ]
    if not conditions:
        return []
    return list(session.scalars(select(AuditEvent).where(or_(*conditions)).order_by(AuditEvent.id)))


def clear_audit_actor(session: Session, event_ids: Sequence[int]) -> int:
    """Keep the trail of what was done, but no longer say it was this person who did it."""
    return _update_ids(session, AuditEvent, event_ids, actor=ERASED_ACTOR)


def _delete_where(session: Session, entity: type[Base], *conditions: ColumnElement[bool]) -> int:
    """DELETE ... WHERE, without loading the rows into the session."""
    statement = delete(entity).where(*conditions).execution_options(synchronize_session=False)
    return rows_changed(session.execute(statement))


# The tables whose rows are cleared by id (and keep the rest of the row).
_ClearedById = type[Attendance] | type[AuditEvent] | type[SlackInstallation]


def _update_ids(session: Session, entity: _ClearedById, ids: Sequence[int], **values: Any) -> int:
    """UPDATE the rows with these ids, without loading them into the session."""
    if not ids:
        return 0
    statement = (
        update(entity)
        .where(entity.id.in_(list(ids)))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(session.execute(statement))
