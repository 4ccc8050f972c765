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

from bot.conversation.attendance import AttendanceConversation
from bot.conversation.staff import StaffConversation, UnitOfWork
from bot.conversation.trust import ChatTrust
from bot.slack.installations import DatabaseInstallationStore, SignedStateStore
from bot.slack.listeners import SlackListeners
from bot.slack.sender import SlackSender, make_client
from storage.encryption import SecretBox

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

    @property
    def sender(self) -> SlackSender:
        """What the outbox and the digest post through."""
        return SlackSender(self.config, self.store, self.staff)


def build_slack(
    config: Mapping[str, Any], unit_of_work: UnitOfWork, workers: int = 4
) -> SlackRuntime:
    """The Bolt app with its listeners, for HTTP (Flask) or Socket Mode."""
    hash_key = config.get("STAFF_HASH_KEY") or config["SECRET_KEY"]
    trust = ChatTrust.from_config(config)
    staff = StaffConversation(unit_of_work, hash_key, trust=trust)
    attendance = AttendanceConversation(unit_of_work, trust)
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
        box = SecretBox.from_settings(config.get("DATA_ENCRYPTION_KEYS"), config["SECRET_KEY"])
        store = DatabaseInstallationStore(unit_of_work, box)
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
    SlackListeners(staff, attendance, config.get("SLACK_OFFICERS_CHANNEL")).register(app)
    return SlackRuntime(app, executor, staff, attendance, store, config)
