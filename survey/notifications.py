"""The notification outbox: messages owed to the authors of staff submissions.

A service queues a message inside its unit of work (``queue_for_submission``); the row commits
with the change that caused it, and only after that commit does an :class:`Outbox` hand it to the
sender registered for the author's channel (the Slack app registers ``chat.postMessage`` to the
author's DM; Teams will register its own). A failed delivery stays in the table to be retried by
``yousaid notifications deliver``, so nothing is lost silently and nothing is sent for a change
that was rolled back. Anonymous authors are never notified: nothing ties them to the record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from storage.repositories import conversations, notifications

log = logging.getLogger(__name__)

PENDING_KEY = "yousaid.notifications.pending"
MAX_ATTEMPTS = 5
MAX_TEXT = 3000

Sender = Callable[[dict[str, Any], str], None]


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
        self._senders: dict[str, Sender] = {}
        self._runner: Callable[[Callable[[], Any]], Any] | None = None

    def run_with(self, runner: Callable[[Callable[[], Any]], Any]) -> None:
        """Deliver after commits on ``runner`` (e.g. a thread pool's ``submit``), not inline,
        so a request or a chat listener does not wait for a channel's API."""
        self._runner = runner

    def deliver_later(self, ids: list[int]) -> None:
        if self._runner is None:
            self.deliver(ids)
        else:
            self._runner(lambda: self.deliver(ids))

    def register_sender(self, channel: str, sender: Sender) -> None:
        self._senders[channel] = sender

    def has_sender(self, channel: str) -> bool:
        return channel in self._senders

    def deliver(self, ids: list[int] | None = None) -> DeliveryReport:
        """Try every pending notification (or just ``ids``) once; record what happened."""
        report = DeliveryReport()
        with self._unit_of_work() as session:
            for item in notifications.list_pending_notifications(
                session, ids, max_attempts=MAX_ATTEMPTS
            ):
                self._deliver_one(session, item, report)
        return report

    def _deliver_one(self, session: Session, item: Any, report: DeliveryReport) -> None:
        sender = self._senders.get(item.channel.value)
        if sender is None:
            report.waiting += 1
            return
        try:
            sender(dict(item.address), item.text)
        except DeliveryError as error:
            attempts = item.attempts + 1
            gave_up = not error.retryable or attempts >= MAX_ATTEMPTS
            notifications.update_notification(
                session,
                item,
                attempts=attempts,
                last_error=error.code,
                status="failed" if gave_up else "pending",
            )
            report.failed += gave_up
            report.retrying += not gave_up
            report.errors.append(error.code)
            log.warning(
                "notification %s to %s not delivered (%s, attempt %s%s)",
                item.id,
                item.channel.value,
                error.code,
                attempts,
                ", giving up" if gave_up else "",
            )
            return
        notifications.update_notification(
            session, item, status="sent", attempts=item.attempts + 1, sent_at=notifications.now()
        )
        report.sent += 1


def deliver_after_commit(sessions: Any, outbox: Outbox) -> None:
    """Deliver what a session queued once (and only if) its transaction commits.

    ``sessions`` is the sessionmaker of a ``storage.database.Database``; every session it makes
    hands its queued notification ids to ``outbox`` after a commit and drops them on rollback.
    """

    def after_commit(session: Session) -> None:
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
