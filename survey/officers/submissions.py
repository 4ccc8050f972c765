"""Staff submissions after they arrive: the status workflow and the officer's reply.

One service for every channel that changes a status (the officers' dashboard, the Slack
officers' channel buttons, later Teams), so the rules, the audit trail and the author's
notification are the same whichever way an officer works.

The workflow only moves forward: new -> acknowledged -> under consideration -> actioned or not
taken forward (steps may be skipped; a decision is final). An officer may reply at any step,
including without changing the status.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from storage.repositories import audit, conversations, evidence
from survey import outbox as notifications
from survey.domain.errors import DomainError, NotFound

STATUSES: dict[str, str] = {
    "new": "New",
    "acknowledged": "Acknowledged",
    "under_consideration": "Under consideration",
    "actioned": "Actioned",
    "not_taken_forward": "Not taken forward",
}
# How far along the workflow each status is; a change may only move to a higher step.
STEP = {
    "new": 0,
    "acknowledged": 1,
    "under_consideration": 2,
    "actioned": 3,
    "not_taken_forward": 3,
}
MAX_REPLY = 2000


@dataclass(frozen=True)
class StatusChange:
    reference: str
    previous: str
    status: str
    changed: bool  # False when nothing changed (e.g. a double-clicked button)
    notified: bool  # a message to the author was queued (never for anonymous ones)


def allowed_next(status: str) -> list[str]:
    """The statuses a submission can move to from ``status`` (for buttons and menus)."""
    return [s for s in STATUSES if STEP[s] > STEP[status]]


def change_status(
    session: Session, reference: str, status: str, reply: str | None, actor: str
) -> StatusChange:
    """Move a submission along the workflow and/or record an officer's reply.

    Audited as ``actor`` ("user:3", "slack:T1/U2"); the author is told unless anonymous. Raises
    :class:`NotFound` for an unknown reference and :class:`DomainError` for a step backwards,
    an unknown status or an over-long reply. Repeating the current status without a new reply
    changes nothing and is not an error, so a double-click is harmless.
    """
    submission = evidence.get_staff_submission_by_reference(
        session, (reference or "").strip().upper()
    )
    if submission is None:
        raise NotFound(f"There is no submission with reference {reference}", field="reference")
    if status not in STATUSES:
        raise DomainError("Choose a status from the list", field="status")
    reply = (reply or "").strip() or None
    if reply and len(reply) > MAX_REPLY:
        raise DomainError(f"Keep the reply to {MAX_REPLY} characters or fewer", field="reply")
    previous = submission.status.value
    new_reply = reply is not None and reply != submission.officer_reply
    if status == previous and not new_reply:
        return StatusChange(submission.reference, previous, status, changed=False, notified=False)
    if status != previous and STEP[status] <= STEP[previous]:
        raise DomainError(
            f"This submission is already {STATUSES[previous].lower()}; it cannot go back to "
            f"{STATUSES[status].lower()}",
            field="status",
        )
    conversations.update_submission_status(
        session, submission, status, reply if new_reply else None
    )
    audit.create_audit_event(
        session,
        actor,
        "change_status",
        "staff_submission",
        submission.id,
        # The reply itself is free text: the audit trail records only that there was one.
        {"from": previous, "to": status, "reply": new_reply},
    )
    notified = notifications.queue_for_submission(
        session,
        submission.id,
        "reply" if new_reply else "status",
        status_message(
            submission.reference, submission.kind.value, status, reply if new_reply else None
        ),
    )
    return StatusChange(submission.reference, previous, status, changed=True, notified=notified)


def status_message(reference: str, kind: str, status: str, reply: str | None) -> str:
    """What the author is told (plain text; each channel adds its own formatting)."""
    text = f"Your {kind} {reference} is now {STATUSES[status].lower()}."
    if reply:
        text += f"\nYou said, we did: {reply}"
    return text
