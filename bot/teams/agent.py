"""The Teams agent: an Agents SDK ``ActivityHandler`` that only translates.

Activities in (text, card submits, ``conversationUpdate``) become the conversation core's inputs;
the core's replies become Adaptive Cards. Database work runs in a worker thread inside the Flask
app's context, so the shared event loop never waits on the database and the core sees the same
app it would see from a web request.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    AdaptiveCardInvokeValue,
    Attachment,
    ChannelAccount,
)
from microsoft_agents.hosting.core import ActivityHandler, TurnContext

from bot.teams import cards
from bot.teams.settings import TeamsSettings
from bot.teams.turns import Outcome, TeamsTurns, mentionless
from storage.repositories import teams_conversations

logger = logging.getLogger("yousaid.teams")
T = TypeVar("T")

# A reply the connector refused is tried again after these pauses; the submission is already
# stored by then, so a failure here costs the user a confirmation, never their words.
SEND_RETRY_DELAYS = (0.2, 1.0)


class TeamsAgent(ActivityHandler):
    def __init__(self, app: Flask, settings: TeamsSettings, turns: TeamsTurns) -> None:
        super().__init__()
        self.app = app
        self.settings = settings
        self.turns = turns

    # --- plumbing -------------------------------------------------------------------------------

    async def in_app(self, function: Callable[..., T], *args: Any) -> T:
        """Run blocking (database) work in a worker thread, inside the Flask app's context."""

        def call() -> T:
            with self.app.app_context():
                return function(*args)

        return await asyncio.to_thread(call)

    async def send(self, context: TurnContext, activity: Activity | str) -> bool:
        """Send a reply, retrying when the connector fails; True when it was delivered."""
        attempts = len(SEND_RETRY_DELAYS) + 1
        for attempt in range(1, attempts + 1):
            try:
                await context.send_activity(activity)
                return True
            except Exception as error:  # aiohttp, HTTP status or token errors alike
                logger.warning(
                    "Teams reply not delivered (attempt %s of %s): %s",
                    attempt,
                    attempts,
                    type(error).__name__,
                )
                if attempt < attempts:
                    await asyncio.sleep(SEND_RETRY_DELAYS[attempt - 1])
        return False

    async def send_card(self, context: TurnContext, content: cards.Card) -> bool:
        return await self.send(context, card_activity(content))

    # --- turns ----------------------------------------------------------------------------------
    # The SDK calls these with a TurnContext; ActivityHandler types the parameter as the wider
    # TurnContextProtocol, hence the override ignores.

    async def on_turn(self, context: TurnContext) -> Any:  # type: ignore[override]
        await self.remember_conversation(context.activity)
        return await super().on_turn(context)

    async def remember_conversation(self, activity: Activity) -> None:
        reference = conversation_fields(activity)
        if reference is None:
            return
        conversation_id, fields = reference
        database = self.app.extensions["yousaid.database"]

        def store() -> None:
            with database.unit_of_work() as session:
                teams_conversations.update_teams_conversation(session, conversation_id, **fields)

        await self.in_app(store)

    async def on_members_added_activity(  # type: ignore[override]
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        # Welcome once, when the app itself is added to a chat or team (not every new member).
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(member.id == bot_id for member in members_added):
            await self.send_card(
                turn_context,
                cards.welcome_card(
                    self.app.config.get("COUNCIL_NAME") or "the council",
                    self.app.config.get("SERVICE_NAME") or "yousaid",
                ),
            )

    async def on_message_activity(self, turn_context: TurnContext) -> None:  # type: ignore[override]
        activity = turn_context.activity
        if not await self.first_delivery(activity):
            return
        data = activity.value if isinstance(activity.value, dict) else None
        if data and data.get(cards.STEP_KEY):
            outcome = await self.in_app(self.turns.submitted, activity, data)
        else:
            outcome = await self.in_app(self.turns.said, activity, mentionless(activity))
        await self.deliver(turn_context, outcome)

    async def on_adaptive_card_invoke(  # type: ignore[override]
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        """Action.Execute (Teams' Universal Actions): same steps, the answer replaces the card."""
        activity = turn_context.activity
        data = dict(invoke_value.action.data or {}) if invoke_value.action else {}
        if not data.get(cards.STEP_KEY) or not await self.first_delivery(activity):
            content = cards.message_card("Nothing to do.")
        else:
            outcome = await self.in_app(self.turns.submitted, activity, data)
            content = outcome.cards[-1] if outcome.cards else cards.message_card("Done.")
        return AdaptiveCardInvokeResponse(status_code=200, type=cards.CONTENT_TYPE, value=content)

    async def first_delivery(self, activity: Activity) -> bool:
        """False for an activity Teams delivers again (same conversation and activity id)."""
        if not activity.id or activity.conversation is None:
            return True
        key = f"teams:{activity.conversation.id}:{activity.id}"
        return await self.in_app(self.turns.staff.claim, key)

    async def deliver(self, turn_context: TurnContext, outcome: Outcome) -> None:
        for content in outcome.cards:
            await self.send_card(turn_context, content)


def card_activity(content: cards.Card) -> Activity:
    return Activity(
        type=ActivityTypes.message,
        attachments=[Attachment(content_type=cards.CONTENT_TYPE, content=content)],
    )


def conversation_fields(activity: Activity) -> tuple[str, dict[str, Any]] | None:
    """What to keep of an activity to post into its conversation later (no names, no text)."""
    conversation = activity.conversation
    if conversation is None or not conversation.id or not activity.service_url:
        return None
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = conversation.tenant_id or (channel_data.get("tenant") or {}).get("id")
    team = (channel_data.get("team") or {}).get("id")
    kind = conversation.conversation_type
    user = activity.from_property.id if activity.from_property else None
    return conversation.id, {
        "conversation_type": kind,
        "service_url": activity.service_url,
        "tenant_id": tenant,
        "bot_id": activity.recipient.id if activity.recipient else "",
        "user_id": user if kind == "personal" else None,
        "team_id": team,
    }
