"""Posting the officers' digest to the Teams officers' channel, once per period."""

from __future__ import annotations

import datetime as dt
import logging

from flask import Flask

from bot.conversation.digest_text import build_digest, period_for
from bot.teams import cards
from bot.teams.proactive import post_card
from bot.teams.settings import TeamsSettings
from storage.repositories import notifications, teams_conversations
from survey.domain.errors import DomainError

logger = logging.getLogger("yousaid.teams")


def digest_card(text: str) -> cards.Card:
    lines = [line for line in text.splitlines() if line.strip()]
    return cards.card(
        [cards.heading(lines[0])] + [cards.paragraph(line) for line in lines[1:]] if lines else []
    )


def send_digest(app: Flask, kind: str, today: dt.date) -> str:
    """Post the digest for the last complete ``kind`` period; say what happened in one line."""
    adapter = app.extensions.get("yousaid.teams")
    conversation = TeamsSettings.from_config(app.config).officers_conversation
    if adapter is None:
        raise DomainError("Teams is not configured: set TEAMS_APP_ID first")
    if not conversation:
        raise DomainError("Set TEAMS_OFFICERS_CONVERSATION to the officers' channel id first")
    unit_of_work = app.extensions["yousaid.database"].unit_of_work
    destination = f"teams:{conversation}"[:100]
    period = period_for(kind, today)
    # Claim the period first (committed), so two overlapping cron runs cannot both post.
    with unit_of_work() as session:
        row = teams_conversations.get_teams_conversation(session, conversation)
        if row is None:
            raise DomainError(
                "The app has not been added to the officers' team yet, so it cannot post there"
            )
        reference = teams_conversations.as_reference(row)
        if notifications.get_digest_post(session, destination, period.key) is not None:
            return f"The digest for {period.label} was already posted; nothing sent."
        notifications.create_digest_post(session, destination, period.key)
    text = build_digest(unit_of_work, period)
    try:
        post_card(adapter, reference, digest_card(text))
    except Exception as error:
        with unit_of_work() as session:
            post = notifications.get_digest_post(session, destination, period.key)
            if post is not None:
                notifications.delete_digest_post(session, post)
        logger.warning("Teams digest for %s not posted: %s", period.key, type(error).__name__)
        raise DomainError(
            "Teams refused the digest; nothing was posted, run it again later"
        ) from None
    return f"Posted the digest for {period.label} to the officers' Teams channel."
