"""The notification outbox: messages owed to the authors of staff submissions, and officers'
announcements of new ones.

A service queues a message inside its unit of work (``queue_for_submission``); the row commits
with the change that caused it, and only after that commit does an :class:`Outbox` hand it to the
sender registered for the author's channel (the Slack app registers ``chat.postMessage`` to the
author's DM; Teams a proactive message to their personal chat). A failed delivery stays in the
table to be retried by ``yousaid notifications deliver``, so nothing is lost silently and nothing
is sent for a change that was rolled back. Anonymous authors are never notified: nothing ties
them to the record.

Officers hear of every new staff submission the same way: intake calls ``queue_for_officers``,
which queues one row for each officers' destination the configured channels declared (the Slack
officers' channel, the Teams officers' conversation), whatever channel the submission came from.
The row holds the reference only; its sender renders the officer card (redacted, anonymous ones
without the name) when it delivers.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from storage.repositories import conversations, notifications

log = logging.getLogger(__name__)

PENDING_KEY = "yousaid.notifications.pending"
# Set on the sessionmaker (so on every session it makes): where officers hear of new submissions.
OFFICERS_KEY = "yousaid.notifications.officers"
OFFICERS_KIND = "officers"
AUTHOR, OFFICERS = "author", "officers"  # who a sender writes to
MAX_ATTEMPTS = 5
MAX_TEXT = 3000
# A row claimed for sending longer ago than this was left by a deliverer that died mid-send.
CLAIM_TIMEOUT = dt.timedelta(minutes=10)

Sender = Callable[[dict[str, Any], str], None]


@dataclass(frozen=True)
class Destination:
    """An officers' destination: the channel whose sender posts there, and its address there."""

    channel: str
    address: tuple[tuple[str, str], ...]  # hashable, e.g. (("channel", "C0FFICERS"),)


class DeliveryError(Exception):
    """A sender could not deliver. ``code`` is a short machine code (never message text)."""

    def __init__(self, code: str, retryable: bool = True) -> None:
        super().__init__(code)
        self.code = code[:64]
        self.retryable = retryable


def queue_for_submission(session: Session, submission_id: int, kind: str, text: str) -> bool:
    """Queue ``text`` for the author of a staff submission, on the channel they used.

    Returns False, storing nothing, when the submission is anonymous (or has no author to reply
    to): the message would have to tie the person to it. Delivery happens after the caller's
    transaction commits.
    """
    submission = conversations.get_staff_submission_by_id(session, submission_id)
    if submission is None or submission.anonymous or not submission.author_id:
        return False
    address = dict(submission.reply_address or {})
    address.setdefault("user", submission.author_id)
    if submission.workspace_id:
        address.setdefault("team", submission.workspace_id)
    notification = notifications.create_notification(
        session,
        submission_id=submission.id,
        kind=kind,
        channel=submission.channel.value,
        address=address,
        text=text[:MAX_TEXT],
    )
    session.info.setdefault(PENDING_KEY, []).append(notification.id)
    return True


def queue_for_officers(session: Session, submission_id: int) -> int:
    """Queue the announcement of a new staff submission for every officers' destination.

    Returns how many were queued (none when no channel has an officers' destination). Only the
    reference is stored: the card is built, redacted, when it is delivered.
    """
    destinations: list[Destination] = session.info.get(OFFICERS_KEY) or []
    submission = conversations.get_staff_submission_by_id(session, submission_id)
    if submission is None:
        return 0
    for destination in destinations:
        notification = notifications.create_notification(
            session,
            submission_id=submission.id,
            kind=OFFICERS_KIND,
            channel=destination.channel,
            address={**dict(destination.address), "reference": submission.reference},
            text=f"New {submission.kind.value} {submission.reference}",
        )
        session.info.setdefault(PENDING_KEY, []).append(notification.id)
    return len(destinations)


def audience_of(kind: str) -> str:
    return OFFICERS if kind == OFFICERS_KIND else AUTHOR


@dataclass(frozen=True)
class Pending:
    """What a delivery needs of a row, read in one short transaction and sent outside it."""

    id: int
    channel: str
    kind: str
    address: dict[str, Any]
    text: str
    attempts: int


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    waiting: int = 0  # no sender for that channel in this process
    errors: list[str] = field(default_factory=list)


class Outbox:
    """Delivers pending notifications through the senders registered for each channel."""

    def __init__(self, unit_of_work: Callable[[], Any]) -> None:
        self._unit_of_work = unit_of_work
        self._senders: dict[tuple[str, str], Sender] = {}
        self._runner: Callable[[Callable[[], Any]], Any] | None = None
        self.officers: list[Destination] = []

    def run_with(self, runner: Callable[[Callable[[], Any]], Any]) -> None:
        """Deliver after commits on ``runner`` (e.g. a thread pool's ``submit``), not inline,
        so a request or a chat listener does not wait for a channel's API."""
        self._runner = runner

    def deliver_later(self, ids: list[int]) -> None:
        if self._runner is None:
            self.deliver(ids)
        else:
            self._runner(lambda: self.deliver(ids))

    def register_sender(self, channel: str, sender: Sender, audience: str = AUTHOR) -> None:
        """``sender`` delivers ``channel``'s messages to authors, or (``OFFICERS``) the
        announcements for that channel's officers' destinations."""
        self._senders[(channel, audience)] = sender

    def has_sender(self, channel: str, audience: str = AUTHOR) -> bool:
        return (channel, audience) in self._senders

    def add_officers_destination(self, channel: str, address: dict[str, str]) -> None:
        """Officers hear of every new staff submission at ``address`` through ``channel``."""
        destination = Destination(channel, tuple(sorted(address.items())))
        if destination not in self.officers:
            self.officers.append(destination)

    def deliver(self, ids: list[int] | None = None) -> DeliveryReport:
        """Try every pending notification (or just ``ids``) once; record what happened.

        The rows are read in one short transaction and each outcome recorded in another, so no
        transaction (on SQLite: the write lock) is held while a channel's API is called, and a
        sender may read the database itself.
        """
        report = DeliveryReport()
        with self._unit_of_work() as session:
            found = notifications.list_pending_notifications(
                session, ids, max_attempts=MAX_ATTEMPTS, stale_before=self._stale_before()
            )
            items = [
                Pending(n.id, n.channel.value, n.kind, dict(n.address), n.text, n.attempts)
                for n in found
            ]
        for item in items:
            self._deliver_one(item, report)
        return report

    def _deliver_one(self, item: Pending, report: DeliveryReport) -> None:
        sender = self._senders.get((item.channel, audience_of(item.kind)))
        if sender is None:
            report.waiting += 1
            return
        # Claimed (status "sending", the attempt counted, committed) before sending: another
        # deliverer that read the same row, or reads it now, leaves it alone. One that dies while
        # sending leaves it claimed; after CLAIM_TIMEOUT it is due again (at least once).
        with self._unit_of_work() as session:
            claimed = notifications.claim_notification(
                session, item.id, item.attempts, MAX_ATTEMPTS, self._stale_before()
            )
        if not claimed:
            return
        attempts = item.attempts + 1
        try:
            sender(dict(item.address), item.text)
        except DeliveryError as error:
            gave_up = not error.retryable or attempts >= MAX_ATTEMPTS
            self._record(item.id, last_error=error.code, status="failed" if gave_up else "pending")
            report.failed += gave_up
            report.retrying += not gave_up
            report.errors.append(error.code)
            log.warning(
                "notification %s (%s) to %s not delivered (%s, attempt %s%s)",
                item.id,
                item.kind,
                item.channel,
                error.code,
                attempts,
                ", giving up" if gave_up else "",
            )
            return
        self._record(item.id, status="sent", sent_at=notifications.now())
        report.sent += 1

    @staticmethod
    def _stale_before() -> dt.datetime:
        return notifications.now() - CLAIM_TIMEOUT

    def _record(self, notification_id: int, **fields: Any) -> None:
        with self._unit_of_work() as session:
            row = notifications.get_notification(session, notification_id)
            if row is not None:  # gone with its submission (erased) while we were sending
                notifications.update_notification(session, row, **fields)


def deliver_after_commit(sessions: Any, outbox: Outbox) -> None:
    """Deliver what a session queued once (and only if) its transaction commits.

    ``sessions`` is the sessionmaker of a ``storage.database.Database``; every session it makes
    hands its queued notification ids to ``outbox`` after a commit and drops them on rollback,
    and knows the officers' destinations (``queue_for_officers`` reads them from its ``info``).
    """
    # One list per sessionmaker, shared with the outbox: channels registered later still count.
    info = sessions.kw.setdefault("info", {})
    shared: list[Destination] = info.setdefault(OFFICERS_KEY, [])
    shared.extend(d for d in outbox.officers if d not in shared)
    outbox.officers = shared

    def after_commit(session: Session) -> None:
        if session.in_nested_transaction():
            # SQLAlchemy also calls this when a savepoint is released (intake stores in one):
            # the outer transaction may still roll back, so nothing leaves yet.
            return
        ids = session.info.pop(PENDING_KEY, None)
        if not ids:
            return
        try:
            outbox.deliver_later(ids)
        except Exception:  # never let delivery break the request that committed
            log.exception("delivering notifications %s failed; they stay pending", ids)

    def after_rollback(session: Session, previous: Any) -> None:
        # A savepoint rolling back (a lost idempotency race) keeps the outer transaction's rows.
        if previous.parent is None:
            session.info.pop(PENDING_KEY, None)

    event.listen(sessions, "after_commit", after_commit)
    event.listen(sessions, "after_soft_rollback", after_rollback)
