"""The officers' digest, posted to every configured officers' destination (Slack and/or Teams).

Each destination remembers the periods it was sent (``digest_post``), so running this from cron
as often as you like posts each period once per destination; a destination that failed is tried
again on the next run without posting twice to the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask

from bot.slack.digest_message import send_digest as slack_digest
from bot.teams.digest_card import send_digest as teams_digest
from bot.teams.settings import TeamsSettings
from survey.domain.errors import DomainError


@dataclass
class DigestOutcome:
    said: list[str] = field(default_factory=list)  # one line per destination that is done
    failed: list[str] = field(default_factory=list)  # one sentence per destination that failed


def destinations(app: Flask, kind: str, today: dt.date) -> list[Callable[[], str]]:
    """One posting function per configured officers' destination."""
    found: list[Callable[[], str]] = []
    runtime = app.extensions.get("yousaid.slack")
    if runtime is not None and app.config.get("SLACK_OFFICERS_CHANNEL"):
        unit_of_work = app.extensions["yousaid.database"].unit_of_work
        found.append(lambda: slack_digest(runtime, unit_of_work, kind, today))
    teams = TeamsSettings.from_config(app.config)
    if app.extensions.get("yousaid.teams") is not None and teams.officers_conversation:
        found.append(lambda: teams_digest(app, kind, today))
    return found


def send_everywhere(app: Flask, kind: str, today: dt.date) -> DigestOutcome:
    """Post the digest for the last complete ``kind`` period to every officers' destination."""
    senders = destinations(app, kind, today)
    if not senders:
        raise DomainError(
            "No officers' channel is configured: set up Slack with SLACK_OFFICERS_CHANNEL, or "
            "Teams with TEAMS_OFFICERS_CONVERSATION"
        )
    outcome = DigestOutcome()
    for send in senders:
        try:
            outcome.said.append(send())
        except DomainError as error:  # one channel failing does not stop the others
            outcome.failed.append(error.message)
    return outcome
