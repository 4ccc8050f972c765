"""Plain domain objects that every channel hands to the intake service.

Channels (web forms, Slack, Teams, CSV import, the CLI) translate their payloads into these and
nothing else; intake validates, stores and links them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ResponseSubmission:
    survey_slug: str
    answers: dict[str, Any]  # question key -> raw value (str, list[str], int, date or None)
    channel: str = "web"
    idempotency_key: str | None = None  # same key twice stores one response
    submitted_at: dt.datetime | None = None  # None means now; imports pass the original time
    survey_version: int | None = None  # None means the latest version
    organisation_code: str | None = None  # attribution (LA / school / event), never the person
    setting_code: str | None = None
    source: str | None = None  # distribution-link token or import file name
    respondent_key: str | None = None  # pseudonymous, e.g. a keyed hash from a save-and-return link
    consent: dict[str, bool] = field(default_factory=dict)
    contact: dict[str, str] | None = None  # stored apart, only when the parent chose to leave it
    language: str = "en"
    easy_read: bool = False


@dataclass(frozen=True)
class StaffSubmissionInput:
    kind: str  # idea | view | concern | question
    text: str
    channel: str  # slack | teams | web | cli
    author_id: str  # the channel's stable user id; hashed, and dropped when anonymous
    workspace_id: str | None = None
    author_name: str | None = None
    anonymous: bool = False
    workstream: str | None = None  # workstream slug
    action_ref: str | None = None  # the action the author says it relates to
    idempotency_key: str | None = None
    reply_address: dict[str, Any] | None = None  # where to notify (not kept when anonymous)
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class AttendanceInput:
    network: str  # network slug
    title: str
    held_on: dt.date
    kind: str  # strand_group | full_hub | steering_group
    organisations: list[str]  # codes of the organisations present
    people: int | None = None
    strand: str | None = None
    notes: str | None = None
    logged_by: str | None = None
    channel: str = "cli"


@dataclass(frozen=True)
class MetricValueInput:
    measure_code: str
    period_start: dt.date
    period_end: dt.date
    value: float
    plan: str | None = None  # plan slug; None means the only/active plan holding that code
    organisation_code: str | None = None
    denominator: float | None = None
    note: str | None = None
    entered_by: str | None = None


@dataclass(frozen=True)
class Receipt:
    """What intake hands back: the reference to show the person, and whether it was new."""

    reference: str
    created: bool
    record_id: int
    details: dict[str, Any] = field(default_factory=dict)
