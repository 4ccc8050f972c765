"""You said, we did: what people said, what was done, and the staff submissions it answers.

The text is stored already redacted (``survey.officers.you_said_we_did`` redacts before saving, with
the council's names list, and redacts published entries once more after loading them). Storage
only stores and loads: it does no redaction itself.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import (
    Action,
    Priority,
    StaffSubmission,
    YouSaidWeDid,
    YouSaidWeDidSubmission,
    utcnow,
)


class PublishedRow(NamedTuple):
    """A published entry as loaded, with its action's reference and priority title (if any)."""

    entry: YouSaidWeDid
    action_ref: str | None
    priority_title: str | None


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


def _published_query() -> Select[tuple[YouSaidWeDid, str, str]]:
    # The outer joins make the reference and title None for an entry with no action; SQLAlchemy
    # types them from the non-null columns, so PublishedRow is where they are typed as optional.
    return (
        select(YouSaidWeDid, Action.ref, Priority.title)
        .outerjoin(Action, Action.id == YouSaidWeDid.action_id)
        .outerjoin(Priority, Priority.id == Action.priority_id)
        .where(YouSaidWeDid.published.is_(True))
    )


def list_published_rows(session: Session, limit: int = 20) -> list[PublishedRow]:
    """The latest published entries, most recently done first (Slack and Teams App Homes)."""
    rows = session.execute(
        _published_query()
        .order_by(YouSaidWeDid.done_on.desc(), YouSaidWeDid.id.desc())
        .limit(limit)
    ).all()
    return [PublishedRow(*row) for row in rows]


def list_published_rows_between(
    session: Session, start: dt.date, end: dt.date
) -> list[PublishedRow]:
    """Published entries done from ``start`` up to (not including) ``end``, oldest first."""
    rows = session.execute(
        _published_query()
        .where(YouSaidWeDid.done_on >= start, YouSaidWeDid.done_on < end)
        .order_by(YouSaidWeDid.done_on, YouSaidWeDid.id)
    ).all()
    return [PublishedRow(*row) for row in rows]


def list_covering_rows(session: Session, submission_id: int) -> list[PublishedRow]:
    """Published entries that answer one staff submission ("my submissions", by reference)."""
    rows = session.execute(
        _published_query()
        .join(YouSaidWeDidSubmission, YouSaidWeDidSubmission.entry_id == YouSaidWeDid.id)
        .where(YouSaidWeDidSubmission.submission_id == submission_id)
        .order_by(YouSaidWeDid.done_on.desc())
    ).all()
    return [PublishedRow(*row) for row in rows]
