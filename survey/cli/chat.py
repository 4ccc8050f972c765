"""``yousaid digest``, ``yousaid slack`` and ``yousaid notifications``: the officers' digest,
Slack over Socket Mode, and retrying messages owed to staff and officers."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.digest_destinations import send_everywhere
from storage.repositories import notifications
from survey.cli.context import create_app, migrated_app, require_migrated
from survey.cli.errors import user_errors

PERIODS = click.Choice(["week", "month"])


@click.group()
def digest() -> None:
    """The officers' digest of staff submissions, concerns and meetings."""


@digest.command("send")
@click.option("--period", type=PERIODS, default="week", show_default=True)
@user_errors
def digest_send(period: str) -> None:
    """Post the digest for the last complete week or month to every configured officers'
    channel: SLACK_OFFICERS_CHANNEL and/or TEAMS_OFFICERS_CONVERSATION.

    Safe to run from cron: a period already posted to a channel is not posted there again.
    """
    send_digest(period)


def send_digest(period: str) -> None:
    """Post the digest everywhere, print where it went, and fail naming what could not go."""
    outcome = send_everywhere(migrated_app(), period, dt.date.today())
    for line in outcome.said:
        click.echo(line)
    if outcome.failed:
        raise click.ClickException(" ".join(outcome.failed))


def _slack_app() -> Flask:
    app = create_app()
    if "yousaid.slack" not in app.extensions:
        raise click.ClickException(
            "Slack is not configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN "
            "(or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)."
        )
    return app


@click.group()
def slack() -> None:
    """Slack: Socket Mode for councils without a public HTTPS endpoint."""


@slack.command("socket")
@user_errors
def slack_socket() -> None:
    """Connect to Slack over Socket Mode (needs SLACK_APP_TOKEN, xapp-...) and serve until stopped."""
    app = _slack_app()
    token = app.config.get("SLACK_APP_TOKEN")
    if not token:
        raise click.ClickException("Set SLACK_APP_TOKEN (an app-level token, xapp-...) first.")
    require_migrated(app.extensions["yousaid.database"])
    click.echo("Connected to Slack over Socket Mode; press Ctrl+C to stop.")
    handler = SocketModeHandler(app.extensions["yousaid.slack"].app, token)
    handler.start()  # type: ignore[no-untyped-call]  # slack_bolt leaves start() untyped


@click.group("notifications")
def notifications_group() -> None:
    """Messages owed to the authors of staff submissions (status changes, replies) and
    officers' announcements of new submissions."""


@notifications_group.command("deliver")
@user_errors
def notifications_deliver() -> None:
    """Retry pending notifications now (safe from cron); print what was sent.

    Also forgets chat deliveries seen more than a week ago (Slack retries within minutes).
    """
    # Every configured channel registers its sender in the app factory: Slack, Teams or both.
    app = migrated_app()
    report = app.extensions["yousaid.outbox"].deliver()
    with app.extensions["yousaid.database"].unit_of_work() as session:
        notifications.delete_seen_before(session, notifications.now() - dt.timedelta(days=7))
    click.echo(
        f"Sent {report.sent}, will retry {report.retrying}, failed {report.failed}, "
        f"waiting for a channel {report.waiting}."
    )
