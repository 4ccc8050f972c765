"""The Slack sender: how the outbox and the digest post to Slack (chat.postMessage).

The outbox registers ``send_direct_message`` (the author's DM) and ``send_to_officers`` (a new
submission's card in the officers' channel) in ``bot/slack/flask.py``; a failure becomes a
``DeliveryError`` the outbox retries when Slack says it is worth retrying.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.conversation.staff import StaffConversation
from bot.slack import blocks
from bot.slack.installations import DatabaseInstallationStore
from storage.encryption import UndecryptableSecret
from survey.outbox import DeliveryError

log = logging.getLogger(__name__)

RETRYABLE = {
    "ratelimited",
    "service_unavailable",
    "fatal_error",
    "internal_error",
    "request_timeout",
}


@dataclass
class SlackSender:
    config: Mapping[str, Any]
    store: DatabaseInstallationStore | None
    staff: StaffConversation

    def client_for(self, team_id: str | None = None) -> WebClient:
        token = self.config.get("SLACK_BOT_TOKEN")
        if self.store is not None:
            try:
                token = self.store.token_for(team_id) or token
            except UndecryptableSecret as error:
                log.error("Slack token for team %s: %s", team_id or "-", error)
                # Worth trying again: the operator puts the missing key back.
                raise DeliveryError("token_undecryptable", retryable=True) from None
        if not token:
            raise DeliveryError("not_installed", retryable=False)
        return make_client(self.config, token)

    def send_direct_message(self, address: dict[str, Any], text: str) -> None:
        """The outbox's Slack sender: a DM to the author (posting to a user id opens the DM)."""
        self._post(address.get("team"), channel=address["user"], text=text)

    def send_to_officers(self, address: dict[str, Any], text: str) -> None:
        """The outbox's sender for officers: a new submission's card, with its status buttons,
        in the officers' channel. Built now, so it shows the current status, redacted."""
        card = self.staff.officer_card(address["reference"])
        if card is None:
            raise DeliveryError("submission_not_found", retryable=False)
        self._post(
            address.get("team"),
            channel=address["channel"],
            text=text,
            blocks=blocks.officer_blocks(card),
        )

    def _post(self, team: str | None, **arguments: Any) -> None:
        try:
            self.client_for(team).chat_postMessage(**arguments)
        except SlackApiError as error:
            code = str(error.response.get("error", "unknown"))
            raise DeliveryError(code, retryable=code in RETRYABLE) from None
        except OSError as error:
            raise DeliveryError(type(error).__name__, retryable=True) from None


def api_url(config: Mapping[str, Any]) -> str:
    url = config.get("SLACK_API_URL") or "https://slack.com/api/"
    return url if url.endswith("/") else url + "/"


def make_client(config: Mapping[str, Any], token: str | None = None) -> WebClient:
    return WebClient(
        token=token,
        base_url=api_url(config),
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
        ],
    )
