"""You said, we did: what people said, what was done, and the staff submissions it answers.

The text is stored already redacted (``survey.officers.you_said_we_did`` redacts before saving, with the
council's names list). What leaves through :class:`PublishedEntry` is redacted once more with the
pattern redactor, because its readers (Slack and Teams App Homes, the report) post it onwards and
a row written some other way must not carry personal details out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from analysis.redact import redact
from storage.models import (
    Action,
    Priority,
    StaffSubmission,
    YouSaidWeDid,
    YouSaidWeDidSubmission,
    utcnow,
)


@dataclass(frozen=True)
class PublishedEntry:
    """A published entry as anything outside the officers' pages may show it."""

    id: int
    you_said: str
    we_did: str
    done_on: dt.date
    theme: str  # the officer's theme, else the action's priority, else "Other changes"
    action_ref: str | None
    published_at: dt.datetime


def create_entry(
    session: Session,
    you_said: str,
    we_did: str,
    done_on: dt.date,
    created_by: str,
    theme: str | None = None,
    action_id: int | None = None,
    submission_ids: list[int] | None = None,
) -> YouSaidWeDid:
    entry = YouSaidWeDid(
        you_said=you_said,
        we_did=we_did,
        done_on=done_on,
        theme=theme,
        action_id=action_id,
        published=False,
        created_by=created_by,
    )
    entry.covered = [
        YouSaidWeDidSubmission(submission_id=sid) for sid in dict.fromkeys(submission_ids or [])
    ]
    session.add(entry)
    session.flush()
    return entry


def update_entry(
    session: Session,
    entry: YouSaidWeDid,
    submission_ids: list[int],
    **fields: object,
) -> YouSaidWeDid:
    """Change an entry's words, date, theme or action and the submissions it answers; a
    submission kept on the list keeps its 'author told' time, so nobody is told twice."""
    for name, value in fields.items():
        setattr(entry, name, value)
    kept = {item.submission_id: item for item in entry.covered}
    entry.covered = [
        kept.get(sid) or YouSaidWeDidSubmission(submission_id=sid)
        for sid in dict.fromkeys(submission_ids)
    ]
    session.flush()
    return entry


def get_entry(session: Session, entry_id: int) -> YouSaidWeDid | None:
    return session.scalar(
        select(YouSaidWeDid)
        .where(YouSaidWeDid.id == entry_id)
        .options(
            selectinload(YouSaidWeDid.covered).selectinload(YouSaidWeDidSubmission.submission),
            selectinload(YouSaidWeDid.action),
        )
    )


def list_entries(session: Session, limit: int = 100, offset: int = 0) -> list[YouSaidWeDid]:
    """Every entry, published or not, newest first (the officers' list)."""
    return list(
        session.scalars(
            select(YouSaidWeDid)
            .options(selectinload(YouSaidWeDid.action), selectinload(YouSaidWeDid.covered))
            .order_by(YouSaidWeDid.done_on.desc(), YouSaidWeDid.id.desc())
            .limit(limit)
            .offset(offset)
        )
    )


def count_entries(session: Session) -> int:
    return session.scalar(select(func.count(YouSaidWeDid.id))) or 0


def set_published(session: Session, entry: YouSaidWeDid, published: bool) -> YouSaidWeDid:
    entry.published = published
    if published and entry.published_at is None:
        entry.published_at = utcnow()
    session.flush()
    return entry


def list_unnotified(session: Session, entry: YouSaidWeDid) -> list[YouSaidWeDidSubmission]:
    return [item for item in entry.covered if item.notified_at is None]


def mark_notified(session: Session, item: YouSaidWeDidSubmission) -> None:
    item.notified_at = utcnow()
    session.flush()


def find_submissions(session: Session, references: list[str]) -> dict[str, StaffSubmission]:
    if not references:
        return {}
    found = session.scalars(
        select(StaffSubmission).where(StaffSubmission.reference.in_(references))
    )
    return {item.reference: item for item in found}


def _published_query() -> Any:
    return (
        select(YouSaidWeDid, Action.ref, Priority.title)
        .outerjoin(Action, Action.id == YouSaidWeDid.action_id)
        .outerjoin(Priority, Priority.id == Action.priority_id)
        .where(YouSaidWeDid.published.is_(True))
    )


def _as_published(row: Any) -> PublishedEntry:
    entry, action_ref, priority_title = row
    return PublishedEntry(
        id=entry.id,
        you_said=redact(entry.you_said),
        we_did=redact(entry.we_did),
        done_on=entry.done_on,
        theme=redact(entry.theme) if entry.theme else priority_title or "Other changes",
        action_ref=action_ref,
        published_at=entry.published_at or entry.updated_at,
    )


def list_published(session: Session, limit: int = 20) -> list[PublishedEntry]:
    """The latest published entries, most recently done first (Slack and Teams App Homes)."""
    rows = session.execute(
        _published_query()
        .order_by(YouSaidWeDid.done_on.desc(), YouSaidWeDid.id.desc())
        .limit(limit)
    ).all()
    return [_as_published(row) for row in rows]


def list_published_between(session: Session, start: dt.date, end: dt.date) -> list[PublishedEntry]:
    """Published entries done from ``start`` up to (not including) ``end``, oldest first."""
    rows = session.execute(
        _published_query()
        .where(YouSaidWeDid.done_on >= start, YouSaidWeDid.done_on < end)
        .order_by(YouSaidWeDid.done_on, YouSaidWeDid.id)
    ).all()
    return [_as_published(row) for row in rows]


def list_covering(session: Session, submission_id: int) -> list[PublishedEntry]:
    """Published entries that answer one staff submission ("my submissions", by reference)."""
    rows = session.execute(
        _published_query()
        .join(YouSaidWeDidSubmission, YouSaidWeDidSubmission.entry_id == YouSaidWeDid.id)
        .where(YouSaidWeDidSubmission.submission_id == submission_id)
        .order_by(YouSaidWeDid.done_on.desc())
    ).all()
    return [_as_published(row) for row in rows]
