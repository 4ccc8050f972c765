"""Mounts the Slack app in Flask at POST /slack/events (placeholder until the adapter lands)."""

from __future__ import annotations

from flask import Flask

from survey.notifications import Outbox


def init_slack(app: Flask, outbox: Outbox) -> None:
    """Register the Slack endpoints and the Slack notification sender when Slack is configured."""
    if not app.config.get("SLACK_SIGNING_SECRET"):
        return
