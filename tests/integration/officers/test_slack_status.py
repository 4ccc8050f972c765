"""The shared status service and the notification outbox: officers move a submission along the
workflow, the author is told after the commit (never when anonymous), failures wait for a retry."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from storage.models import AuditEvent, Notification, StaffSubmission
from survey.domain.errors import DomainError, NotFound
from survey.officers.submissions import change_status
from survey.outbox import DeliveryError, Outbox, deliver_after_commit, queue_for_submission
from tests.support.factories import staff_submission


class Recorder:
    """A channel sender that records what it was asked to send, or fails as told."""

    def __init__(self) -> None:
        self.sent: list[tuple[dict[str, Any], str]] = []
        self.fail_with: DeliveryError | None = None

    def __call__(self, address: dict[str, Any], text: str) -> None:
        if self.fail_with:
            raise self.fail_with
        self.sent.append((address, text))


@pytest.fixture
def outbox(database: Any) -> tuple[Outbox, Recorder]:
    box = Outbox(database.unit_of_work)
    deliver_after_commit(database.sessions, box)
    recorder = Recorder()
    box.register_sender("slack", recorder)
    return box, recorder


def submit(database: Any, anonymous: bool = False, key: str = "k1") -> str:
    with database.unit_of_work() as session:
        return staff_submission(
            session,
            kind="idea",
            text="Text parents when the EHC draft is ready",
            channel="slack",
            author_id="U1",
            workspace_id="T1",
            anonymous=anonymous,
            idempotency_key=key,
            reply_address={"team": "T1", "user": "U1"},
        ).reference


def test_an_officer_reply_reaches_the_author_after_the_commit(database, outbox) -> None:
    _, recorder = outbox
    reference = submit(database)
    with database.unit_of_work() as session:
        change = change_status(session, reference, "acknowledged", "We will try it", "user:3")
        assert change.changed and change.notified
        assert recorder.sent == []  # nothing leaves before the commit
    assert recorder.sent == [
        (
            {"team": "T1", "user": "U1"},
            f"Your idea {reference} is now acknowledged.\nYou said, we did: We will try it",
        )
    ]
    with database.unit_of_work() as session:
        stored = session.scalar(
            select(StaffSubmission).where(StaffSubmission.reference == reference)
        )
        assert (stored.status.value, stored.officer_reply) == ("acknowledged", "We will try it")
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "change_status"))
        assert event.actor == "user:3"
        assert event.details == {"from": "new", "to": "acknowledged", "reply": True}
        assert session.scalar(select(Notification.status)) == "sent"


def test_a_rolled_back_change_sends_nothing(database, outbox) -> None:
    _, recorder = outbox
    reference = submit(database)
    with pytest.raises(RuntimeError), database.unit_of_work() as session:
        change_status(session, reference, "actioned", None, "user:3")
        raise RuntimeError("the request failed after the change")
    assert recorder.sent == []
    with database.unit_of_work() as session:
        assert session.scalar(select(Notification.id)) is None


def test_an_anonymous_author_is_never_notified(database, outbox) -> None:
    _, recorder = outbox
    reference = submit(database, anonymous=True)
    with database.unit_of_work() as session:
        change = change_status(session, reference, "under_consideration", "Thanks", "user:3")
        assert change.changed and not change.notified
        submission_id = session.scalar(select(StaffSubmission.id))
        assert queue_for_submission(session, submission_id, "status", "hello") is False
    assert recorder.sent == []
    with database.unit_of_work() as session:
        assert session.scalar(select(Notification.id)) is None


def test_the_workflow_only_moves_forward(database, outbox) -> None:
    reference = submit(database)
    with database.unit_of_work() as session:
        change_status(session, reference, "actioned", None, "user:3")
    with database.unit_of_work() as session, pytest.raises(DomainError) as error:
        change_status(session, reference, "acknowledged", None, "user:3")
    assert error.value.message == (
        "This submission is already actioned; it cannot go back to acknowledged"
    )
    with database.unit_of_work() as session:
        again = change_status(session, reference, "actioned", None, "slack:T1/U9")
        assert not again.changed  # a double-clicked button changes nothing
        assert (
            len(
                list(
                    session.scalars(
                        select(AuditEvent.id).where(AuditEvent.action == "change_status")
                    )
                )
            )
            == 1
        )


def test_unknown_references_and_statuses_are_refused(database, outbox) -> None:
    reference = submit(database)
    with database.unit_of_work() as session:
        with pytest.raises(NotFound):
            change_status(session, "YS-NOPE-NOPE", "acknowledged", None, "user:3")
        with pytest.raises(DomainError) as error:
            change_status(session, reference, "done", None, "user:3")
        assert error.value.message == "Choose a status from the list"
        with pytest.raises(DomainError) as error:
            change_status(session, reference, "acknowledged", "x" * 2001, "user:3")
        assert error.value.field == "reply"


def test_a_failed_delivery_waits_and_is_retried(database, outbox) -> None:
    box, recorder = outbox
    reference = submit(database)
    recorder.fail_with = DeliveryError("ratelimited")
    with database.unit_of_work() as session:
        change_status(session, reference, "acknowledged", None, "user:3")
    with database.unit_of_work() as session:
        row = session.scalar(select(Notification))
        assert (row.status, row.attempts, row.last_error) == ("pending", 1, "ratelimited")
    recorder.fail_with = None
    report = box.deliver()
    assert report.sent == 1
    assert recorder.sent[0][1] == f"Your idea {reference} is now acknowledged."


def test_a_revoked_token_fails_for_good(database, outbox) -> None:
    box, recorder = outbox
    reference = submit(database)
    recorder.fail_with = DeliveryError("token_revoked", retryable=False)
    with database.unit_of_work() as session:
        change_status(session, reference, "acknowledged", None, "user:3")
    assert box.deliver().sent == 0
    with database.unit_of_work() as session:
        assert session.scalar(select(Notification.status)) == "failed"
