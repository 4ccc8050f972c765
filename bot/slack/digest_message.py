"""Posting the officers' digest to Slack, once per period however often cron runs it."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.conversation.digest_text import build_digest, period_for
from bot.slack.app import SlackRuntime
from storage.repositories import notifications
from survey.domain.errors import DomainError
from survey.outbox import DeliveryError

log = logging.getLogger(__name__)


def send_digest(runtime: SlackRuntime, unit_of_work: Any, kind: str, today: dt.date) -> str:
    """Post the digest for the last complete ``kind`` period; say what happened in one line."""
    channel = runtime.config.get("SLACK_OFFICERS_CHANNEL")
    if not channel:
        raise DomainError("Set SLACK_OFFICERS_CHANNEL to the officers' channel ID first")
    period = period_for(kind, today)
    # Claim the period first (committed), so two overlapping cron runs cannot both post.
    with unit_of_work() as session:
        if notifications.get_digest_post(session, channel, period.key) is not None:
            return f"The digest for {period.label} was already posted; nothing sent."
        notifications.create_digest_post(session, channel, period.key)
    text = build_digest(unit_of_work, period)
    try:
        answer = runtime.sender.client_for(None).chat_postMessage(channel=channel, text=text)
    except (SlackApiError, OSError, DomainError, DeliveryError) as error:
        # DeliveryError: no usable token (not installed, or no configured key decrypts it).
        if isinstance(error, SlackApiError):
            code = error.response.get("error", "unknown")
        elif isinstance(error, DeliveryError):
            code = error.code
        else:
            code = type(error).__name__
        with unit_of_work() as session:
            post = notifications.get_digest_post(session, channel, period.key)
            if post is not None:
                notifications.delete_digest_post(session, post)
        log.warning("digest for %s not posted: %s", period.key, code)
        raise DomainError(
            f"Slack refused the digest ({code}); nothing was posted, run it again later"
        ) from None
    with unit_of_work() as session:
        post = notifications.get_digest_post(session, channel, period.key)
        if post is not None:
            notifications.update_digest_post(session, post, message_ts=answer.get("ts"))
    return f"Posted the digest for {period.label} to {channel}."
