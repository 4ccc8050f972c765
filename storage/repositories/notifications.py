"""The notification outbox, digest posts and deliveries already seen (chat channels)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Channel, DigestPost, Notification, SeenEvent, utcnow
from storage.repositories.changed import rows_changed


def create_notification(
    session: Session,
    submission_id: int,
    kind: str,
    channel: str,
    address: dict[str, Any],
    text: str,
) -> Notification:
    notification = Notification(
        submission_id=submission_id,
        kind=kind,
        channel=Channel(channel),
        address=address,
        text=text,
        status="pending",
        attempts=0,
    )
    session.add(notification)
    session.flush()
    return notification


def get_notification(session: Session, notification_id: int) -> Notification | None:
    return session.get(Notification, notification_id)


def _due(max_attempts: int, stale_before: dt.datetime | None) -> ColumnElement[bool]:
    """Pending rows with attempts left, and rows a deliverer claimed before ``stale_before`` but
    never finished (it died while sending)."""
    due = Notification.status == "pending"
    if stale_before is not None:
        due = or_(
            due, and_(Notification.status == "sending", Notification.claimed_at < stale_before)
        )
    return and_(due, Notification.attempts < max_attempts)


def list_pending_notifications(
    session: Session,
    ids: list[int] | None = None,
    max_attempts: int = 5,
    limit: int = 100,
    stale_before: dt.datetime | None = None,
) -> list[Notification]:
    query = (
        select(Notification)
        .where(_due(max_attempts, stale_before))
        .order_by(Notification.id)
        .limit(limit)
    )
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    return list(session.scalars(query))


def list_notifications_for(session: Session, submission_id: int) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.submission_id == submission_id)
            .order_by(Notification.id)
        )
    )


def claim_notification(
    session: Session,
    notification_id: int,
    attempts: int,
    max_attempts: int = 5,
    stale_before: dt.datetime | None = None,
) -> bool:
    """Take a due notification for sending (status "sending", the attempt counted), only if
    nobody took it since it was read with ``attempts``.

    True when this caller now owns the attempt; False when another deliverer (the after-commit
    delivery and a cron run, say) took it first, so it is not sent twice.
    """
    result = session.execute(
        update(Notification)
        .where(
            Notification.id == notification_id,
            Notification.attempts == attempts,
            _due(max_attempts, stale_before),
        )
        .values(status="sending", attempts=attempts + 1, claimed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result) > 0


def update_notification(
    session: Session, notification: Notification, **fields: Any
) -> Notification:
    for name, value in fields.items():
        setattr(notification, name, value)
    session.flush()
    return notification


def get_digest_post(session: Session, destination: str, period: str) -> DigestPost | None:
    return session.scalar(
        select(DigestPost).where(DigestPost.destination == destination, DigestPost.period == period)
    )


def create_digest_post(
    session: Session, destination: str, period: str, message_ts: str | None = None
) -> DigestPost:
    post = DigestPost(destination=destination, period=period, message_ts=message_ts)
    session.add(post)
    session.flush()
    return post


def update_digest_post(session: Session, post: DigestPost, **fields: Any) -> DigestPost:
    for name, value in fields.items():
        setattr(post, name, value)
    session.flush()
    return post


def delete_digest_post(session: Session, post: DigestPost) -> None:
    session.delete(post)
    session.flush()


def mark_seen(session: Session, key: str) -> bool:
    """Remember a delivery; False when it was seen before (a retry), even under a race."""
    if session.scalar(select(SeenEvent.id).where(SeenEvent.key == key)) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(SeenEvent(key=key))
            session.flush()
    except IntegrityError:
        return False
    return True


def delete_seen_before(session: Session, before: dt.datetime) -> int:
    found = list(session.scalars(select(SeenEvent).where(SeenEvent.seen_at < before)))
    for row in found:
        session.delete(row)
    session.flush()
    return len(found)


def now() -> dt.datetime:
    return utcnow()
