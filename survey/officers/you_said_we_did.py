"""You said, we did: an officer records what people said and what was done about it.

An entry is written against an action, a theme, or specific staff submissions (or any mix). Its
text is redacted before it is stored, because everything downstream is public or pushed: the
``/you-said-we-did`` page, its Atom feed, chat App Homes and the monthly report. When an entry is
published, the authors of the staff submissions it covers are told through the channel they used
(``survey.outbox``), once each; anonymous authors are never sent anything, and can find the
entry by their submission's reference instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from analysis.periods import Period
from analysis.redact import redact
from storage.repositories import audit, plans
from storage.repositories import you_said_we_did as entries
from storage.repositories.you_said_we_did import PublishedRow
from survey.domain.errors import DomainError, FieldProblem, NotFound
from survey.outbox import queue_for_submission
from survey.privacy.redaction import redact_text

if TYPE_CHECKING:
    from storage.models import StaffSubmission, YouSaidWeDid

MAX_SAID = 600
MAX_DID = 1200
MAX_THEME = 100
NOTIFICATION_KIND = "you_said_we_did"


@dataclass(frozen=True)
class EntryInput:
    you_said: str
    we_did: str
    done_on: dt.date | None
    theme: str | None = None
    action_ref: str | None = None
    submissions: tuple[str, ...] = ()  # staff submission references, e.g. YS-7K3Q-2MXA
    publish: bool = False


@dataclass(frozen=True)
class PublishedEntry:
    """A published entry as anything outside the officers' pages may show it.

    Redacted once more with the pattern redactor on the way out, because its readers (Slack and
    Teams App Homes, the report) post it onwards and a row written some other way must not carry
    personal details out.
    """

    id: int
    you_said: str
    we_did: str
    done_on: dt.date
    theme: str  # the officer's theme, else the action's priority, else "Other changes"
    action_ref: str | None
    published_at: dt.datetime


@dataclass(frozen=True)
class ReportEntry:
    """A change made because of what people said, as the monthly report shows it."""

    said: str
    did: str
    action_ref: str | None = None
    on: dt.date | None = None


@dataclass(frozen=True)
class Published:
    entry: Any
    notified: int  # authors told now (named, and not told before)


def parse_references(text: str | None) -> tuple[str, ...]:
    """References typed by an officer, separated by commas, spaces or new lines."""
    if not text:
        return ()
    found = (part.strip().upper() for part in text.replace(",", " ").split())
    return tuple(dict.fromkeys(part for part in found if part))


def _check(session: Session, item: EntryInput) -> tuple[Any, list[Any], list[FieldProblem]]:
    problems: list[FieldProblem] = []
    said, did, theme = (item.you_said or "").strip(), (item.we_did or "").strip(), item.theme
    if not said:
        problems.append(FieldProblem("you_said", "Enter what people said"))
    elif len(said) > MAX_SAID:
        problems.append(
            FieldProblem("you_said", f"Keep what people said to {MAX_SAID} characters or fewer")
        )
    if not did:
        problems.append(FieldProblem("we_did", "Enter what was done"))
    elif len(did) > MAX_DID:
        problems.append(
            FieldProblem("we_did", f"Keep what was done to {MAX_DID} characters or fewer")
        )
    for field, text in (("you_said", said), ("we_did", did), ("theme", theme or "")):
        if "\x00" in text or any("\ud800" <= c <= "\udfff" for c in text):
            # PostgreSQL cannot store a NUL byte and UTF-8 cannot encode half a surrogate pair.
            problems.append(FieldProblem(field, "Remove the unreadable characters"))
    if item.done_on is None:
        problems.append(FieldProblem("done_on", "Enter the date it was done"))
    elif item.done_on > dt.date.today() + dt.timedelta(days=1):
        problems.append(
            FieldProblem("done_on", "The date it was done must be today or in the past")
        )
    if theme and len(theme.strip()) > MAX_THEME:
        problems.append(FieldProblem("theme", f"Keep the theme to {MAX_THEME} characters or fewer"))
    action = plans.find_action_by_ref(session, item.action_ref) if item.action_ref else None
    if item.action_ref and action is None:
        problems.append(FieldProblem("action", f"There is no action {item.action_ref}"))
    found = entries.find_submissions(session, list(item.submissions))
    missing = [ref for ref in item.submissions if ref not in found]
    if missing:
        problems.append(
            FieldProblem("submissions", f"There is no staff submission {', '.join(missing)}")
        )
    if not (item.action_ref or (theme or "").strip() or item.submissions):
        problems.append(
            FieldProblem(
                "theme", "Choose an action, give a theme, or name the submissions it answers"
            )
        )
    return action, [found[ref] for ref in item.submissions if ref in found], problems


def create_entry(
    session: Session, item: EntryInput, actor: str, names: Iterable[str] | None = None
) -> Published:
    """Check and store an entry (redacted), and publish it at once if asked."""
    action, covered, problems = _check(session, item)
    if problems:
        raise DomainError(problems)
    assert item.done_on is not None
    entry = entries.create_entry(
        session,
        you_said=redact_text(item.you_said.strip(), names),
        we_did=redact_text(item.we_did.strip(), names),
        done_on=item.done_on,
        created_by=actor,
        theme=redact_text((item.theme or "").strip(), names) or None,
        action_id=action.id if action else None,
        submission_ids=[submission.id for submission in covered],
    )
    audit.create_audit_event(
        session,
        actor,
        "you_said_we_did.created",
        "you_said_we_did",
        entry.id,
        {"action": item.action_ref, "submissions": len(covered)},
    )
    if item.publish:
        return publish_entry(session, entry.id, actor)
    return Published(entry, 0)


def update_entry(
    session: Session,
    entry_id: int,
    item: EntryInput,
    actor: str,
    names: Iterable[str] | None = None,
) -> Published:
    """Correct an entry (checked and redacted as when written). If it is published, authors of
    newly named submissions are told now; those told before are not told again."""
    entry = _entry_or_404(session, entry_id)
    action, covered, problems = _check(session, item)
    if problems:
        raise DomainError(problems)
    assert item.done_on is not None
    entries.update_entry(
        session,
        entry,
        [submission.id for submission in covered],
        you_said=redact_text(item.you_said.strip(), names),
        we_did=redact_text(item.we_did.strip(), names),
        done_on=item.done_on,
        theme=redact_text((item.theme or "").strip(), names) or None,
        action_id=action.id if action else None,
    )
    audit.create_audit_event(
        session,
        actor,
        "you_said_we_did.updated",
        "you_said_we_did",
        entry.id,
        {"action": item.action_ref, "submissions": len(covered)},
    )
    if entry.published or item.publish:
        return publish_entry(session, entry.id, actor)
    return Published(entry, 0)


def _entry_or_404(session: Session, entry_id: int) -> Any:
    entry = entries.get_entry(session, entry_id)
    if entry is None:
        raise NotFound("That entry no longer exists", field="entry")
    return entry


def publish_entry(session: Session, entry_id: int, actor: str) -> Published:
    """Publish, and tell each named author of a covered submission (once, on their channel)."""
    entry = _entry_or_404(session, entry_id)
    entries.set_published(session, entry, True)
    told = 0
    for item in entries.list_unnotified(session, entry):
        if item.submission.anonymous:
            continue  # nothing ties the author to it; they see it by reference instead
        text = notification_text(entry, item.submission)
        if queue_for_submission(session, item.submission_id, NOTIFICATION_KIND, text):
            entries.mark_notified(session, item)
            told += 1
    audit.create_audit_event(
        session, actor, "you_said_we_did.published", "you_said_we_did", entry.id, {"told": told}
    )
    return Published(entry, told)


def unpublish_entry(session: Session, entry_id: int, actor: str) -> Any:
    entry = _entry_or_404(session, entry_id)
    entries.set_published(session, entry, False)
    audit.create_audit_event(
        session, actor, "you_said_we_did.unpublished", "you_said_we_did", entry.id, {}
    )
    return entry


def notification_text(entry: YouSaidWeDid, submission: StaffSubmission) -> str:
    """The message an author gets: what was done about what they (and others) said."""
    return (
        f"You said, we did: thank you for your {submission.kind.value} {submission.reference}.\n"
        f"You said: {entry.you_said}\n"
        f"We did: {entry.we_did} ({entry.done_on.strftime('%-d %B %Y')})"
    )


def report_entries(session: Session, period: Period) -> list[ReportEntry]:
    """The period's published entries, for the monthly report (``survey.officers.reports``)."""
    return [
        ReportEntry(said=e.you_said, did=e.we_did, action_ref=e.action_ref, on=e.done_on)
        for e in list_published_between(session, period.start, period.end)
    ]


def _as_published(row: PublishedRow) -> PublishedEntry:
    entry = row.entry
    return PublishedEntry(
        id=entry.id,
        you_said=redact(entry.you_said),
        we_did=redact(entry.we_did),
        done_on=entry.done_on,
        theme=redact(entry.theme) if entry.theme else row.priority_title or "Other changes",
        action_ref=row.action_ref,
        published_at=entry.published_at or entry.updated_at,
    )


def list_published(session: Session, limit: int = 20) -> list[PublishedEntry]:
    """The latest published entries, most recently done first (Slack and Teams App Homes)."""
    return [_as_published(row) for row in entries.list_published_rows(session, limit)]


def list_published_between(session: Session, start: dt.date, end: dt.date) -> list[PublishedEntry]:
    """Published entries done from ``start`` up to (not including) ``end``, oldest first."""
    rows = entries.list_published_rows_between(session, start, end)
    return [_as_published(row) for row in rows]


def list_covering(session: Session, submission_id: int) -> list[PublishedEntry]:
    """Published entries that answer one staff submission ("my submissions", by reference)."""
    return [_as_published(row) for row in entries.list_covering_rows(session, submission_id)]
