"""Proactive messages: post into a stored Teams conversation without being spoken to first.

The notification outbox (``survey.outbox``) calls :class:`TeamsSender` after a status
change or an officer's reply commits, and :class:`TeamsOfficersSender` after a new staff
submission (from any channel) commits. The address names a conversation we stored when the
author last wrote to us, or when the app was added to the officers' team; the connector is told
with the app's own credentials (or anonymously in local development, where no app id is
configured).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
)
from microsoft_agents.hosting.core import ClaimsIdentity, TurnContext

from bot.conversation.staff import StaffConversation
from bot.teams import cards, render
from bot.teams.agent import card_activity
from bot.teams.http import TURN_TIMEOUT_SECONDS, FlaskTeamsAdapter
from bot.teams.loop import LOOP
from storage.repositories import teams_conversations
from survey.outbox import DeliveryError

logger = logging.getLogger("yousaid.teams")


def continuation(reference: dict[str, Any]) -> Activity:
    """The activity the SDK continues from. No id, so replies start a new message, not a reply
    to some earlier one."""
    fields: dict[str, Any] = {
        "type": ActivityTypes.event,
        "name": "ContinueConversation",
        "channel_id": "msteams",
        "service_url": reference["service_url"],
        "conversation": ConversationAccount(
            id=reference["conversation_id"],
            conversation_type=reference.get("conversation_type"),
            tenant_id=reference.get("tenant_id"),
        ),
        "recipient": ChannelAccount(id=reference["bot_id"]),
    }
    if reference.get("user_id"):
        # A personal chat is with its user; a channel has no one person to address.
        fields["from_property"] = ChannelAccount(id=reference["user_id"])
    return Activity(**fields)


async def post(adapter: FlaskTeamsAdapter, reference: dict[str, Any], activity: Activity) -> None:
    """Post ``activity``; raises what the connector raised, so the outbox keeps it for a retry.

    The failure is caught inside the turn and raised after it: raised inside, the SDK would hand
    it to the adapter's turn-error handler, which swallows it (the message would be marked sent)
    and posts an apology into that conversation.
    """
    failures: list[Exception] = []

    async def send(context: TurnContext) -> None:
        try:
            await context.send_activity(activity)
        except Exception as error:  # aiohttp, HTTP status or token errors alike
            failures.append(error)

    app_id = adapter.auth_configuration.CLIENT_ID
    if app_id:
        await adapter.continue_conversation(app_id, continuation(reference), send)
    else:
        # No claims at all is the SDK's "anonymous" identity: no token is fetched or sent.
        await adapter.continue_conversation_with_claims(
            ClaimsIdentity(), continuation(reference), send
        )
    if failures:
        raise failures[0]


def post_card(adapter: FlaskTeamsAdapter, reference: dict[str, Any], content: cards.Card) -> None:
    """Post a card from a plain (non-async) thread; raises whatever the connector raised."""
    LOOP.run(post(adapter, reference, card_activity(content)), timeout=TURN_TIMEOUT_SECONDS)


class TeamsSender:
    """The outbox's sender for the ``teams`` channel: ``sender(address, text)``."""

    def __init__(self, app: Flask, adapter: FlaskTeamsAdapter) -> None:
        self.app = app
        self.adapter = adapter

    def __call__(self, address: dict[str, Any], text: str) -> None:
        reference = self._reference(address)
        if reference is None:
            raise DeliveryError("teams_no_conversation", retryable=False)
        # The core's words as they are: an acknowledgement, a new status or an officer's reply.
        content = cards.card([cards.paragraph(line) for line in text.splitlines() if line.strip()])
        try:
            post_card(self.adapter, reference, content)
        except Exception as error:
            logger.warning("Teams notification not delivered: %s", type(error).__name__)
            raise DeliveryError(f"teams_{type(error).__name__}") from None

    def _reference(self, address: dict[str, Any]) -> dict[str, Any] | None:
        database = self.app.extensions["yousaid.database"]
        with self.app.app_context(), database.unit_of_work() as session:
            row = None
            if address.get("conversation_id"):
                row = teams_conversations.get_teams_conversation(
                    session, address["conversation_id"]
                )
            if row is None and address.get("user"):
                row = teams_conversations.get_personal_conversation(session, address["user"])
            return teams_conversations.as_reference(row) if row is not None else None


class TeamsOfficersSender(TeamsSender):
    """The outbox's sender for the officers' conversation: a new submission's card, with its
    status buttons, built when it is delivered (current status, redacted, anonymous without the
    name)."""

    def __init__(self, app: Flask, adapter: FlaskTeamsAdapter, staff: StaffConversation) -> None:
        super().__init__(app, adapter)
        self.staff = staff

    def __call__(self, address: dict[str, Any], text: str) -> None:
        reference = self._reference(address)
        if reference is None:
            # Retried: the app may be added to the officers' team before the next attempt.
            logger.warning("Teams officers' conversation not known yet: add the app to that team")
            raise DeliveryError("teams_officers_not_added", retryable=True)
        card = self.staff.officer_card(address["reference"])
        if card is None:
            raise DeliveryError("submission_not_found", retryable=False)
        try:
            post_card(self.adapter, reference, render.officer_card(card))
        except Exception as error:
            logger.warning("Teams officers' card not delivered: %s", type(error).__name__)
            raise DeliveryError(f"teams_{type(error).__name__}") from None
