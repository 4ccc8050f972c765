"""Mounts the Slack app in Flask: POST /slack/events for commands, interactivity, options and
events, and GET /slack/install and /slack/oauth_redirect for multi-workspace installs."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, Request, request
from flask.typing import ResponseReturnValue
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.adapter.flask.handler import to_bolt_request, to_flask_response
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.slack.app import SlackRuntime, build_slack
from survey.outbox import OFFICERS, Outbox

log = logging.getLogger(__name__)


def init_slack(app: Flask, outbox: Outbox) -> None:
    """Register the Slack endpoints and the Slack notification sender when Slack is configured."""
    config = app.config
    if not config.get("SLACK_SIGNING_SECRET"):
        return
    if not (config.get("SLACK_BOT_TOKEN") or config.get("SLACK_CLIENT_ID")):
        log.warning("SLACK_SIGNING_SECRET is set but neither SLACK_BOT_TOKEN nor SLACK_CLIENT_ID")
        return
    database = app.extensions["yousaid.database"]
    runtime = build_slack(config, database.unit_of_work, int(config.get("SLACK_WORKERS", 4)))
    outbox.register_sender("slack", runtime.sender.send_direct_message)
    if config.get("SLACK_OFFICERS_CHANNEL"):
        # Every new submission (from Slack, Teams or anywhere) is announced there.
        outbox.add_officers_destination("slack", {"channel": config["SLACK_OFFICERS_CHANNEL"]})
        outbox.register_sender("slack", runtime.sender.send_to_officers, audience=OFFICERS)
    outbox.run_with(runtime.executor.submit)
    app.extensions["yousaid.slack"] = runtime
    app.register_blueprint(slack_blueprint(runtime))


def slack_blueprint(runtime: SlackRuntime) -> Blueprint:
    blueprint = Blueprint("slack", __name__, url_prefix="/slack")
    handler = SlackRequestHandler(runtime.app)

    verifier = SignatureVerifier(str(runtime.config["SLACK_SIGNING_SECRET"]))

    @blueprint.post("/events")
    def events() -> ResponseReturnValue:
        # Bolt checks the signature and its timestamp (stale requests are refused with 401),
        # but only once it has parsed the body: a body it cannot parse is answered here.
        try:
            parsed = to_bolt_request(request)
        except (ValueError, AttributeError, TypeError):
            return to_flask_response(unparsable(verifier, request))
        return to_flask_response(runtime.app.dispatch(parsed))

    @blueprint.get("/install")
    def install() -> ResponseReturnValue:
        return handler.handle(request)

    @blueprint.get("/oauth_redirect")
    def oauth_redirect() -> ResponseReturnValue:
        return handler.handle(request)

    # Slack signs its requests and cannot send our CSRF token: the app factory exempts this
    # blueprint from CSRF (bot does not import the web layer).
    return blueprint


def unparsable(verifier: SignatureVerifier, received: Request) -> BoltResponse:
    """The answer to a body Bolt cannot parse (not JSON, or JSON that is not an object).

    Unsigned (or stale), it gets exactly what Bolt gives any unsigned request, so a stranger
    learns nothing more than with a well-formed body; signed by Slack, a plain 400. The body is
    never logged: it may be a colleague's words.
    """
    timestamp = received.headers.get("X-Slack-Request-Timestamp", "")
    signature = received.headers.get("X-Slack-Signature", "")
    signed = (
        timestamp.isdigit()
        and bool(signature)
        and verifier.is_valid(received.get_data(as_text=True), timestamp, signature)
    )
    if not signed:
        return BoltResponse(status=401, body={"error": "invalid request"})
    log.warning("slack request refused: its body could not be parsed")
    return BoltResponse(status=400, body={"error": "malformed request"})
