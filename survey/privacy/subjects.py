"""Data-subject requests (UK GDPR articles 15 and 17): everything about one person, and erasure.

``export_subject`` gathers every record the store holds about the person as plain JSON-ready data
(their own words unredacted: it is their data). ``erase_subject`` deletes their survey responses
(answers, contact details, links, drafts) and named staff submissions (links, notifications),
forgets that they logged attendance or installed the Slack app, removes the chat users linked to
their officer account, and replaces them as the actor in the audit trail. Both write an audit
event that says how the person was identified and how many records there were, never the
identifier itself.

Anonymous staff submissions are found by their reference only: a user id never reaches them.

Channel tables added later join in by appending a :class:`SubjectSource` to ``EXTRA_SOURCES``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from storage.repositories import audit
from storage.repositories import subjects as store
from survey.domain.errors import DomainError

if TYPE_CHECKING:
    from storage.models import ContactDetail, Response, StaffSubmission

if TYPE_CHECKING:
    from storage.models import Attendance, AuditEvent, Notification, SurveyDraft, User

REFERENCE = re.compile(r"^YS-[0-9A-Z]{4}-[0-9A-Z]{4}$")
SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")
SLACK_WORKSPACE = re.compile(r"^[TE][A-Z0-9]{2,30}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Subject:
    """How the person was identified: exactly one of these (workspace only with slack_user)."""

    reference: str | None = None
    email: str | None = None
    slack_user: str | None = None
    workspace: str | None = None
    teams_user: str | None = None

    @property
    def identified_by(self) -> str:
        for name in ("reference", "email", "slack_user", "teams_user"):
            if getattr(self, name):
                return name
        return "nothing"

    def actors(self) -> tuple[list[str], list[tuple[str, str]]]:
        """How the channels write this person as an actor: exact strings, and (prefix, suffix)
        pairs for "<channel>:<any workspace>/<user id>"."""
        if self.slack_user:
            if self.workspace:
                return [f"slack:{self.workspace}/{self.slack_user}"], []
            return [], [("slack:", f"/{self.slack_user}")]
        if self.teams_user:
            return [], [("teams:", f"/{self.teams_user}")]
        return [], []


@dataclass(frozen=True)
class SubjectSource:
    """Another table holding personal data: export rows and erase them for a subject."""

    name: str
    export: Callable[[Session, Subject], list[dict[str, Any]]]
    erase: Callable[[Session, Subject], int]


def _chat_identities(session: Session, subject: Subject) -> list[dict[str, Any]]:
    """The chat users linked to the officer account with the subject's email (``yousaid user
    link-chat``): the account itself stays, as an administrator closes it, but the links go."""
    if not subject.email:
        return []
    return [
        {
            "channel": link.channel,
            "workspace": link.workspace,
            "chat_user": link.chat_user,
            "linked_at": _when(link.created_at),
        }
        for link in store.find_chat_identities_by_email(session, subject.email)
    ]


def _erase_chat_identities(session: Session, subject: Subject) -> int:
    if not subject.email:
        return 0
    links = store.find_chat_identities_by_email(session, subject.email)
    return store.delete_chat_identities(session, [link.id for link in links])


EXTRA_SOURCES: list[SubjectSource] = [
    SubjectSource("chat_identities", _chat_identities, _erase_chat_identities),
]


def make_subject(
    reference: str | None = None,
    email: str | None = None,
    slack_user: str | None = None,
    workspace: str | None = None,
    teams_user: str | None = None,
) -> Subject:
    """Check the identifiers: exactly one, each well-formed, or a DomainError saying what to do."""
    given = [v for v in (reference, email, slack_user, teams_user) if v and v.strip()]
    if len(given) != 1:
        raise DomainError("Give exactly one of --reference, --email, --slack-user or --teams-user.")
    if workspace and not slack_user:
        raise DomainError("--workspace only goes with --slack-user.")
    if reference:
        reference = reference.strip().upper()
        if not REFERENCE.match(reference):
            raise DomainError("A reference looks like YS-7K3Q-2MXA.")
    if email:
        email = email.strip().lower()
        if not EMAIL.match(email):
            raise DomainError("Enter an email address like name@example.com.")
    if slack_user:
        slack_user = slack_user.strip().upper()
        if not SLACK_USER.match(slack_user):
            raise DomainError("A Slack user id looks like U0123ABCD.")
    if workspace:
        workspace = workspace.strip().upper()
        if not SLACK_WORKSPACE.match(workspace):
            raise DomainError("A Slack workspace id looks like T0123ABCD.")
    if teams_user is not None:
        teams_user = teams_user.strip()
        if len(teams_user) > 200:
            raise DomainError("That Teams user id is too long to be one.")
    return Subject(reference, email, slack_user, workspace, teams_user)


# --- finding -------------------------------------------------------------------------------------


@dataclass
class Found:
    responses: list[Any] = field(default_factory=list)
    contacts: dict[int, Any] = field(default_factory=dict)
    drafts: list[Any] = field(default_factory=list)
    submissions: list[Any] = field(default_factory=list)
    notifications: list[Any] = field(default_factory=list)
    attendance: list[Any] = field(default_factory=list)
    user: Any = None
    installations: list[Any] = field(default_factory=list)
    teams_conversations: list[Any] = field(default_factory=list)
    audit_events: list[Any] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "survey_responses": len(self.responses),
            "contact_details": len(self.contacts),
            "survey_drafts": len(self.drafts),
            "staff_submissions": len(self.submissions),
            "notifications": len(self.notifications),
            "attendance_logged": len(self.attendance),
            "officer_account": 1 if self.user else 0,
            "slack_installations": len(self.installations),
            "teams_conversations": len(self.teams_conversations),
            "audit_events": len(self.audit_events),
        }


def find_subject(session: Session, subject: Subject, include_account: bool = True) -> Found:
    """Everything about the subject; without ``include_account``, leave an officer account (and
    what they did under it) alone, as erasure does."""
    found = Found()
    if subject.reference:
        found.responses = store.find_responses_by_reference(session, subject.reference)
        found.submissions = store.find_staff_submissions_by_reference(session, subject.reference)
    elif subject.email:
        found.responses = store.find_responses_by_email(session, subject.email)
        if include_account:
            found.user = store.find_user_by_email(session, subject.email)
    elif subject.slack_user:
        found.submissions = store.find_staff_submissions_by_author(
            session, "slack", subject.slack_user, subject.workspace
        )
        found.installations = store.find_slack_installations_by_installer(
            session, subject.slack_user, subject.workspace
        )
    elif subject.teams_user:
        found.submissions = store.find_staff_submissions_by_author(
            session, "teams", subject.teams_user
        )
        found.teams_conversations = store.find_teams_conversations_by_user(
            session, subject.teams_user
        )
    found.contacts = store.find_contact_details_for_responses(
        session, [r.id for r in found.responses]
    )
    found.drafts = store.find_drafts_by_references(session, [r.reference for r in found.responses])
    if subject.email:
        found.drafts += store.find_drafts_in_progress_holding_email(session, subject.email)
    found.notifications = store.find_notifications_for_submissions(
        session, [s.id for s in found.submissions]
    )
    exact, like = subject.actors()
    if found.user is not None:
        exact.append(f"user:{found.user.id}")
        exact.append(found.user.email)
    found.attendance = store.find_attendance_by_logger(session, exact, like)
    entities = [("response", str(r.id)) for r in found.responses]
    entities += [("staff_submission", str(s.id)) for s in found.submissions]
    if found.user is not None:
        entities.append(("user", str(found.user.id)))
    found.audit_events = store.find_audit_events(session, exact, like, entities)
    return found


# --- export --------------------------------------------------------------------------------------


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _response(response: Response, contact: ContactDetail | None) -> dict[str, Any]:
    version = response.survey_version
    return {
        "reference": response.reference,
        "survey": version.survey.slug,
        "survey_title": version.survey.title,
        "survey_version": version.version,
        "channel": response.channel.value,
        "submitted_at": _when(response.submitted_at),
        "organisation": response.organisation.name if response.organisation else None,
        "setting": response.setting.name if response.setting else None,
        "language": response.language,
        "easy_read": response.easy_read,
        "consent": response.consent,
        "answers": [
            {
                "question": answer.question.key,
                "question_text": answer.question.text,
                "value": answer.value,
                "score": answer.score,
                "free_text": answer.free_text,
                "sentiment": answer.sentiment,
                "sentiment_label": answer.sentiment_label,
            }
            for answer in sorted(response.answers, key=lambda a: a.question.position)
        ],
        "contact": (
            {"name": contact.name, "email": contact.email, "phone": contact.phone}
            if contact
            else None
        ),
    }


def _submission(item: StaffSubmission) -> dict[str, Any]:
    return {
        "reference": item.reference,
        "kind": item.kind.value,
        "text": item.text,
        "channel": item.channel.value,
        "anonymous": item.anonymous,
        "author_id": item.author_id,
        "author_name": item.author_name,
        "workspace_id": item.workspace_id,
        "workstream": item.workstream.name if item.workstream else None,
        "status": item.status.value,
        "officer_reply": item.officer_reply,
        "submitted_at": _when(item.submitted_at),
        "status_changed_at": _when(item.status_changed_at),
    }


def _draft(draft: SurveyDraft) -> dict[str, Any]:
    return {
        "survey": draft.survey.slug,
        "submitted_reference": draft.submitted_reference,
        "answers": draft.answers,
        "consent": draft.consent,
        "created_at": _when(draft.created_at),
        "updated_at": _when(draft.updated_at),
    }


def _notification(notification: Notification, found: Found) -> dict[str, Any]:
    return {
        "submission_reference": next(
            (s.reference for s in found.submissions if s.id == notification.submission_id), None
        ),
        "kind": notification.kind,
        "text": notification.text,
        "status": notification.status,
        "created_at": _when(notification.created_at),
        "sent_at": _when(notification.sent_at),
    }


def _attendance(attendance: Attendance) -> dict[str, Any]:
    return {
        "meeting": attendance.meeting.title,
        "held_on": _when(attendance.meeting.held_on),
        "organisation": attendance.organisation.name,
        "logged_at": _when(attendance.logged_at),
    }


def _account(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
        "active": user.active,
        "created_at": _when(user.created_at),
        "last_login_at": _when(user.last_login_at),
    }


def _audit_event(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": _when(event.at),
        "actor": event.actor,
        "action": event.action,
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "details": event.details,
    }


def as_export(found: Found, subject: Subject, now: dt.datetime) -> dict[str, Any]:
    return {
        "identified_by": subject.identified_by,
        "generated_at": _when(now),
        "survey_responses": [_response(r, found.contacts.get(r.id)) for r in found.responses],
        "survey_drafts": [_draft(d) for d in found.drafts],
        "staff_submissions": [_submission(s) for s in found.submissions],
        "notifications": [_notification(n, found) for n in found.notifications],
        "attendance_logged": [_attendance(a) for a in found.attendance],
        "officer_account": _account(found.user),
        "slack_installations": [
            {"team": i.team_name or i.team_id, "installed_at": _when(i.installed_at)}
            for i in found.installations
        ],
        "teams_conversations": [
            {"conversation_type": c.conversation_type, "updated_at": _when(c.updated_at)}
            for c in found.teams_conversations
        ],
        "audit_events": [_audit_event(e) for e in found.audit_events],
    }


def export_subject(
    session: Session, subject: Subject, now: dt.datetime, actor: str = "cli"
) -> dict[str, Any]:
    """Everything about the person, as JSON-ready data; the export itself is audited."""
    found = find_subject(session, subject)
    data = as_export(found, subject, now)
    for source in EXTRA_SOURCES:
        data[source.name] = source.export(session, subject)
    counts = found.counts() | {s.name: len(data[s.name]) for s in EXTRA_SOURCES}
    audit.create_audit_event(
        session,
        actor,
        "subject.export",
        "data_subject",
        None,
        {"identified_by": subject.identified_by, "counts": counts},
    )
    return data


# --- erasure -------------------------------------------------------------------------------------


def erase_subject(
    session: Session, subject: Subject, act: bool, actor: str = "cli"
) -> dict[str, int]:
    """What erasure removes (counts); with ``act``, remove it and audit the counts."""
    # An officer account is closed by an administrator (`yousaid user ...`), not erased here.
    found = find_subject(session, subject, include_account=False)
    # Events about the erased records stay (they hold ids and counts, not words); events the
    # person did stay too, but no longer name them.
    exact, suffixes = subject.actors()
    by_them = store.find_audit_events(session, exact, suffixes)
    counts = found.counts()
    counts.pop("officer_account")
    counts["audit_events"] = len(by_them)
    if not act:
        return counts | {s.name: len(s.export(session, subject)) for s in EXTRA_SOURCES}
    store.delete_responses(session, [r.id for r in found.responses])
    # Drafts of those responses went with them; drafts in progress holding the address go here.
    store.delete_survey_drafts(session, [d.id for d in found.drafts if not d.submitted_reference])
    store.delete_staff_submissions(session, [s.id for s in found.submissions])
    store.clear_attendance_logger(session, [a.id for a in found.attendance])
    store.clear_slack_installer(session, [i.id for i in found.installations])
    store.delete_teams_conversations(session, [c.id for c in found.teams_conversations])
    store.clear_audit_actor(session, [e.id for e in by_them])
    for source in EXTRA_SOURCES:
        counts[source.name] = source.erase(session, subject)
    audit.create_audit_event(
        session,
        actor,
        "subject.erase",
        "data_subject",
        None,
        {"identified_by": subject.identified_by, "counts": counts},
    )
    session.expire_all()
    return counts
