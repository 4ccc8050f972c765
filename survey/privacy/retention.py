"""Retention: remove personal data once it is past its retention period, keep the aggregates.

``apply_retention`` is what ``yousaid retention apply`` runs (daily from cron is fine). Without
``act`` it only counts what would change; with it, it changes exactly that and writes one audit
event. It is idempotent: rows already anonymised are not counted or touched again, so a second run
reports nothing to do.

Surveys set their own period with ``retention_days`` in the definition; others use
RETENTION_DAYS_DEFAULT. Staff submissions use STAFF_RETENTION_DAYS.

Other channels' tables (Slack or Teams conversation state, notification outboxes) join in by
appending a :class:`RetentionStep` to ``EXTRA_STEPS`` from their own module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from storage.repositories import audit
from storage.repositories import retention as store


@dataclass(frozen=True)
class RetentionLine:
    """One kind of personal data in one scope: how many rows would change (or did)."""

    scope: str  # "survey mini-survey" or "staff submissions"
    what: str  # "contact details deleted", ...
    cutoff: dt.datetime
    count: int


@dataclass(frozen=True)
class RetentionStep:
    """A table another part of yousaid owns: count and apply, given the run's moment."""

    scope: str
    what: str
    days_setting: str  # the setting naming its period, e.g. STAFF_RETENTION_DAYS
    count: Callable[[Session, dt.datetime, dt.datetime], int]  # (session, cutoff, now)
    apply: Callable[[Session, dt.datetime, dt.datetime], int]


EXTRA_STEPS: list[RetentionStep] = []


@dataclass
class RetentionSummary:
    acted: bool
    now: dt.datetime
    lines: list[RetentionLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "acted": self.acted,
            "now": self.now.isoformat(timespec="seconds"),
            "total": self.total,
            "lines": [
                {
                    "scope": line.scope,
                    "what": line.what,
                    "cutoff": line.cutoff.isoformat(timespec="seconds"),
                    "count": line.count,
                }
                for line in self.lines
            ],
        }


def _cutoff(now: dt.datetime, days: int) -> dt.datetime:
    return now - dt.timedelta(days=days)


def _survey_steps(survey_id: int) -> list[tuple[str, Callable[..., int], Callable[..., int]]]:
    return [
        (
            "contact details deleted",
            lambda s, c, _n: store.count_expired_contact_details(s, survey_id, c),
            lambda s, c, _n: store.delete_expired_contact_details(s, survey_id, c),
        ),
        (
            "free-text answers blanked",
            lambda s, c, _n: store.count_expired_free_text(s, survey_id, c),
            lambda s, c, _n: store.anonymise_expired_free_text(s, survey_id, c),
        ),
        (
            "respondent keys cleared",
            lambda s, c, _n: store.count_expired_respondent_keys(s, survey_id, c),
            lambda s, c, _n: store.clear_expired_respondent_keys(s, survey_id, c),
        ),
        (
            "drafts deleted",
            lambda s, c, n: store.count_expired_drafts(s, survey_id, c, n),
            lambda s, c, n: store.delete_expired_survey_drafts(s, survey_id, c, n),
        ),
    ]


def apply_retention(
    session: Session,
    settings: dict[str, Any],
    now: dt.datetime,
    act: bool = False,
    actor: str = "cli",
) -> RetentionSummary:
    """Count (and with ``act``, carry out) everything past its retention period at ``now``."""
    summary = RetentionSummary(acted=act, now=now)
    default_days = int(settings["RETENTION_DAYS_DEFAULT"])
    for survey_id, slug, days in store.list_survey_retention(session):
        cutoff = _cutoff(now, days or default_days)
        for what, count, change in _survey_steps(survey_id):
            found = change(session, cutoff, now) if act else count(session, cutoff, now)
            summary.lines.append(RetentionLine(f"survey {slug}", what, cutoff, found))
    staff_cutoff = _cutoff(now, int(settings["STAFF_RETENTION_DAYS"]))
    found = (
        store.anonymise_expired_staff_submissions(session, staff_cutoff)
        if act
        else store.count_expired_staff_submissions(session, staff_cutoff)
    )
    summary.lines.append(
        RetentionLine(
            "staff submissions", "text, author and reply address removed", staff_cutoff, found
        )
    )
    found = (
        store.delete_expired_notifications(session, staff_cutoff)
        if act
        else store.count_expired_notifications(session, staff_cutoff)
    )
    summary.lines.append(
        RetentionLine("staff submissions", "notifications deleted", staff_cutoff, found)
    )
    for step in EXTRA_STEPS:
        cutoff = _cutoff(now, int(settings.get(step.days_setting) or default_days))
        found = step.apply(session, cutoff, now) if act else step.count(session, cutoff, now)
        summary.lines.append(RetentionLine(step.scope, step.what, cutoff, found))
    if act and summary.total:
        # Counts and cut-offs only: the audit trail must not become a copy of what was removed.
        audit.create_audit_event(
            session, actor, "retention.apply", "retention", None, details=summary.as_dict()
        )
    session.flush()
    return summary
