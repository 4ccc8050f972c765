"""Builds the Bolt app: one workspace from a bot token, or many through OAuth installations."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from threading import Lock
from typing import Any

from slack_bolt import App
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.conversation.attendance import AttendanceConversation
from bot.conversation.staff import StaffConversation, UnitOfWork
from bot.slack import blocks
from bot.slack.installations import DatabaseInstallationStore, SignedStateStore
from bot.slack.listeners import SlackListeners
from survey.outbox import DeliveryError

log = logging.getLogger(__name__)

BOT_SCOPES = (  # the same list as manifest.yml's oauth_config (a test checks they agree)
    "app_mentions:read",
    "chat:write",
    "commands",
    "im:history",
    "im:read",
    "im:write",
)
# Errors worth trying again later; anything else (token revoked, channel not found) will not
# get better by itself and is reported as failed.
RETRYABLE = {
    "ratelimited",
    "service_unavailable",
    "fatal_error",
    "internal_error",
    "request_timeout",
}


class TrackingExecutor(ThreadPoolExecutor):
    """A thread pool that can say when everything it was given has finished (tests, shutdown)."""

    def __init__(self, max_workers: int) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="slack")
        self._futures: list[Future[Any]] = []
        self._lock = Lock()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._futures = [f for f in self._futures if not f.done()] + [future]
        return future

    def drain(self, timeout: float = 30) -> bool:
        """Wait until every task, including tasks those tasks started, has finished."""
        while True:
            with self._lock:
                pending = [f for f in self._futures if not f.done()]
            if not pending:
                return True
            _done, not_done = wait(pending, timeout=timeout)
            if not_done:
                return False


@dataclass
class SlackRuntime:
    app: App
    executor: TrackingExecutor
    staff: StaffConversation
    attendance: AttendanceConversation
    store: DatabaseInstallationStore | None
    config: Mapping[str, Any]

    def client_for(self, team_id: str | None = None) -> WebClient:
        token = self.config.get("SLACK_BOT_TOKEN")
        if self.store is not None:
            token = self.store.token_for(team_id) or token
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


def build_slack(
    config: Mapping[str, Any], unit_of_work: UnitOfWork, workers: int = 4
) -> SlackRuntime:
    """The Bolt app with its listeners, for HTTP (Flask) or Socket Mode."""
    hash_key = config.get("STAFF_HASH_KEY") or config["SECRET_KEY"]
    staff = StaffConversation(unit_of_work, hash_key)
    attendance = AttendanceConversation(unit_of_work)
    executor = TrackingExecutor(max_workers=workers)
    store = None
    oauth = bool(config.get("SLACK_CLIENT_ID") and config.get("SLACK_CLIENT_SECRET"))
    options: dict[str, Any] = {
        "signing_secret": config.get("SLACK_SIGNING_SECRET") or "",
        # One workspace: the client carries the bot token; OAuth: Bolt picks each team's token.
        "client": make_client(config, None if oauth else config.get("SLACK_BOT_TOKEN")),
        # Quick work and ack() finish before the HTTP response; Web API calls run in lazy
        # listeners on ``executor`` afterwards.
        "process_before_response": True,
        "listener_executor": executor,
        "logger": logging.getLogger("bot.slack.bolt"),
    }
    if oauth:
        store = DatabaseInstallationStore(unit_of_work)
        options["oauth_settings"] = OAuthSettings(
            client_id=config["SLACK_CLIENT_ID"],
            client_secret=config["SLACK_CLIENT_SECRET"],
            scopes=list(BOT_SCOPES),
            installation_store=store,
            installation_store_bot_only=True,
            state_store=SignedStateStore(config["SECRET_KEY"]),
        )
    else:
        # auth.test is called on the first request instead of at start-up, so the app factory
        # does no network I/O.
        options["token_verification_enabled"] = False
    app = App(**options)
    SlackListeners(staff, attendance).register(app)
    return SlackRuntime(app, executor, staff, attendance, store, config)
