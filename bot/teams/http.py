"""Serve ``POST /api/messages`` from Flask through the Agents SDK's framework-agnostic adapter.

``HttpAdapterBase`` does the Bot Framework protocol work (parse the activity, build the turn,
create the connector client for the activity's ``serviceUrl``, answer invokes). This module only
adds what a framework adapter adds (compare the SDK's aiohttp ``start_agent_process`` and
``jwt_authorization_middleware``): turn the Flask request into the SDK's request protocol, check
the bearer token, run the async turn on the shared loop, and turn the result into a Flask response.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Response
from flask import request as flask_request
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import (
    Agent,
    AgentAuthConfiguration,
    ClaimsIdentity,
    HttpAdapterBase,
    MessageFactory,
    RestChannelServiceClientFactory,
    TeamsConnectorClient,
    TurnContext,
    UserTokenClient,
)
from microsoft_agents.hosting.core.authorization import Connections
from microsoft_agents.hosting.core.authorization.jwt import JwtTokenValidator
from microsoft_agents.hosting.core.http import HttpResponse
from pydantic import ValidationError

from bot.teams.loop import LOOP

logger = logging.getLogger("yousaid.teams")

# Teams gives up on a turn after about 15 seconds and redelivers; our turn is a database write and
# one or two replies, so anything near this limit is a fault worth a 503 rather than a hung thread.
TURN_TIMEOUT_SECONDS = 30.0


class _FlaskActivityRequest:
    """The SDK's ``HttpRequestProtocol`` over a Flask request that has already been read."""

    def __init__(
        self, method: str, headers: Mapping[str, str], body: bytes, claims: ClaimsIdentity
    ) -> None:
        self._method = method
        self._headers = dict(headers)
        self._body = body
        self._claims = claims

    @property
    def method(self) -> str:
        return self._method

    @property
    def headers(self) -> Mapping[str, str]:
        return self._headers

    async def json(self) -> dict[str, Any]:
        payload = json.loads(self._body)
        if not isinstance(payload, dict):
            raise ValueError("An activity is a JSON object")
        return payload

    def get_claims_identity(self) -> ClaimsIdentity:
        return self._claims

    def get_path_param(self, name: str) -> str:
        return ""


async def authorize(
    authorization: str | None, configuration: AgentAuthConfiguration
) -> ClaimsIdentity | None:
    """The caller's verified claims, or None when the request must be refused (401).

    The SDK's own validator checks the signature against Microsoft's published keys, the audience
    (our app id) and the issuer's tenant binding; a missing header passes only when anonymous
    requests are allowed.
    """
    validator = JwtTokenValidator(configuration)
    if not authorization:
        return validator.get_anonymous_claims() if configuration.ANONYMOUS_ALLOWED else None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        return await validator.validate_token(token.strip())
    except Exception as error:  # any failure to verify a token is a refusal, never a 500
        # The type only: a token's claims and the library's message stay out of the logs.
        logger.warning("Teams request refused: token not valid (%s)", type(error).__name__)
        return None


async def _on_turn_error(context: TurnContext, error: Exception) -> None:
    # The SDK's default handler posts the exception text into the chat; staff should see an
    # apology, and the log should have the type (never the message, which may quote their text).
    logger.error("Teams turn failed: %s", type(error).__name__, exc_info=error)
    try:
        await context.send_activity(
            MessageFactory.text("Sorry, something went wrong. Please try again in a minute.")
        )
    except Exception as send_error:  # the connector itself may be what failed
        logger.error("Teams apology not delivered: %s", type(send_error).__name__)


class ResilientClientFactory(RestChannelServiceClientFactory):
    """The SDK's client factory, except that failing to get the app's own token (Entra down, a
    secret expired) does not abort the turn before it starts: the turn still runs and stores what
    the person sent; only the replies fail (logged, and notifications stay in the outbox)."""

    async def create_connector_client(
        self,
        context: TurnContext | None,
        claims_identity: ClaimsIdentity,
        service_url: str,
        audience: str,
        scopes: list[str] | None = None,
        use_anonymous: bool = False,
    ) -> Any:
        try:
            return await super().create_connector_client(
                context, claims_identity, service_url, audience, scopes, use_anonymous
            )
        except Exception as error:
            logger.error("Teams: no token for the Bot Connector (%s)", type(error).__name__)
            return TeamsConnectorClient(endpoint=service_url, token="")  # nosec B106 # no token

    async def create_user_token_client(
        self, context: TurnContext, claims_identity: ClaimsIdentity, use_anonymous: bool = False
    ) -> UserTokenClient:
        try:
            return await super().create_user_token_client(context, claims_identity, use_anonymous)
        except Exception as error:
            # Only sign-in flows use this client, and this app has none.
            logger.warning("Teams: no user token client (%s)", type(error).__name__)
            return UserTokenClient(  # nosec B106 # an empty token: no credentials at all
                endpoint=self._token_service_endpoint, token="", app_id=claims_identity.get_app_id()
            )


class FlaskTeamsAdapter(HttpAdapterBase):
    """The Agents SDK's HTTP adapter, driven from Flask's request threads."""

    def __init__(
        self, connections: Connections, auth_configuration: AgentAuthConfiguration, agent: Agent
    ) -> None:
        super().__init__(channel_service_client_factory=ResilientClientFactory(connections))
        self.on_turn_error = _on_turn_error
        self.auth_configuration = auth_configuration
        self.agent = agent

    def handle(self) -> Response:
        """The Flask view for ``POST /api/messages``."""
        claims = LOOP.run(
            authorize(flask_request.headers.get("Authorization"), self.auth_configuration),
            timeout=TURN_TIMEOUT_SECONDS,
        )
        if claims is None:
            return _json_response(HttpResponse(status_code=401, body={"error": "Unauthorized"}))
        body = flask_request.get_data()
        activity = _activity(body)
        if activity is None:
            # Not JSON, or JSON that is not an activity: the sender's fault, and nothing ran.
            return _json_response(HttpResponse(status_code=400, body={"error": "Not an activity"}))
        if not _service_url_matches(claims, activity):
            # A genuine token replayed with another serviceUrl would make us send our own access
            # token to that address with the reply: refuse before anything runs.
            logger.warning("Teams request refused: serviceUrl is not the token's")
            return _json_response(HttpResponse(status_code=401, body={"error": "Unauthorized"}))
        activity_request = _FlaskActivityRequest(
            flask_request.method, dict(flask_request.headers), body, claims
        )
        try:
            result = LOOP.run(
                self.process_request(activity_request, self.agent), timeout=TURN_TIMEOUT_SECONDS
            )
        except TimeoutError:
            logger.error("Teams turn did not finish within %s s", TURN_TIMEOUT_SECONDS)
            return _json_response(HttpResponse(status_code=503, body={"error": "Try again"}))
        return _json_response(result)


def _activity(body: bytes) -> Activity | None:
    try:
        payload = json.loads(body)
        if not isinstance(payload, dict):
            return None
        return Activity.model_validate(payload)
    except (ValueError, ValidationError):
        return None


def _service_url_matches(claims: ClaimsIdentity, activity: Activity) -> bool:
    """With a verified token that names a serviceUrl, the activity's must be on the same host."""
    claimed = claims.get_claim_value("serviceurl")
    if not claimed or not activity.service_url:
        return True
    return (urlsplit(str(claimed)).hostname or "").lower() == (
        urlsplit(activity.service_url).hostname or ""
    ).lower()


def _json_response(result: HttpResponse) -> Response:
    if result.body is None:
        return Response(status=result.status_code)
    return Response(
        json.dumps(result.body),
        status=result.status_code,
        content_type=result.content_type or "application/json",
        headers=result.headers,
    )
