"""Mount Teams in the Flask app: the messages endpoint and the notification sender."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask
from microsoft_agents.authentication.msal import MsalAuth
from microsoft_agents.hosting.core import ConnectionManager

from bot.conversation.attendance import AttendanceConversation
from bot.conversation.staff import StaffConversation
from bot.conversation.trust import ChatTrust
from bot.teams.agent import TeamsAgent
from bot.teams.http import FlaskTeamsAdapter
from bot.teams.proactive import TeamsOfficersSender, TeamsSender
from bot.teams.settings import TeamsSettings
from bot.teams.turns import TeamsTurns
from survey.outbox import OFFICERS, Outbox

logger = logging.getLogger("yousaid.teams")


def init_teams(app: Flask, outbox: Outbox) -> None:
    """Serve ``POST /api/messages`` and register the Teams sender, when Teams is configured.

    Refuses to start (DomainError) when TEAMS_APP_ID is set without its tenant and secret.
    """
    settings = TeamsSettings.from_config(app.config)
    if not settings.enabled:
        logger.info("Teams is off: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID")
        return
    if settings.anonymous:
        logger.warning(
            "Teams: /api/messages accepts requests WITHOUT authentication (no TEAMS_APP_ID and "
            "not in production). For local testing only."
        )
    else:
        logger.info(
            "Teams: /api/messages requires a valid Bot Connector token for app id %s",
            settings.app_id,
        )
    auth = settings.auth_configuration()
    # Tests hand in their own token provider (as they hand in DATABASE); everyone else gets MSAL.
    provider = app.config.get("TEAMS_TOKEN_PROVIDER") or MsalAuth
    connections = ConnectionManager(
        provider_factory=provider, connections_configurations={"SERVICE_CONNECTION": auth}
    )
    database = app.extensions["yousaid.database"]
    hash_key = app.config.get("STAFF_HASH_KEY") or app.config["SECRET_KEY"]
    trust = ChatTrust.from_config(app.config)
    staff = StaffConversation(database.unit_of_work, hash_key, trust=trust)
    turns = TeamsTurns(
        staff,
        AttendanceConversation(database.unit_of_work, trust),
        settings.officers_conversation,
    )
    agent = TeamsAgent(app, settings, turns)
    adapter = FlaskTeamsAdapter(connections, auth, agent)
    app.extensions["yousaid.teams"] = adapter

    blueprint = Blueprint("teams", __name__)
    blueprint.add_url_rule("/api/messages", "messages", adapter.handle, methods=["POST"])
    # The Bot Connector's bearer token, not a cookie, authenticates this endpoint: the app
    # factory exempts this blueprint from CSRF (bot does not import the web layer).
    app.register_blueprint(blueprint)
    outbox.register_sender("teams", TeamsSender(app, adapter))
    if settings.officers_conversation:
        # Every new submission (from Teams, Slack or anywhere) is announced there.
        address = {"conversation_id": settings.officers_conversation}
        outbox.add_officers_destination("teams", address)
        outbox.register_sender("teams", TeamsOfficersSender(app, adapter, staff), OFFICERS)
