"""Bolt's installation and OAuth state stores, kept in our database and signed cookies."""

from __future__ import annotations

import logging
import secrets
from logging import Logger
from typing import TYPE_CHECKING, Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from bot.conversation.staff import UnitOfWork
from storage.encryption import SecretBox, UndecryptableSecret
from storage.repositories import slack_installations

if TYPE_CHECKING:
    from storage.models import SlackInstallation

log = logging.getLogger(__name__)


class DatabaseInstallationStore(InstallationStore):
    """One bot token per workspace, so several councils' workspaces can share a deployment.

    Tokens are kept encrypted with ``box`` (DATA_ENCRYPTION_KEYS). A token no configured key
    decrypts is logged as one error, never a crash: to Bolt the workspace reads as not installed,
    and the sender reports a delivery error the outbox tries again, so nothing is posted.
    """

    def __init__(self, unit_of_work: UnitOfWork, box: SecretBox) -> None:
        self._unit_of_work = unit_of_work
        self._box = box

    @property
    def logger(self) -> Logger:
        return log

    def save(self, installation: Installation) -> None:
        self.save_bot(installation.to_bot())
        with self._unit_of_work() as session:
            row = slack_installations.get_installation(
                session, installation.enterprise_id, installation.team_id
            )
            if row is not None:
                slack_installations.upsert_installation(
                    session,
                    self._box,
                    enterprise_id=installation.enterprise_id,
                    team_id=installation.team_id,
                    installer_user_id=installation.user_id,
                )

    def save_bot(self, bot: Bot) -> None:
        with self._unit_of_work() as session:
            slack_installations.upsert_installation(
                session,
                self._box,
                enterprise_id=bot.enterprise_id,
                team_id=bot.team_id,
                team_name=bot.team_name,
                is_enterprise_install=bool(bot.is_enterprise_install),
                app_id=bot.app_id,
                bot_token=bot.bot_token,
                bot_id=bot.bot_id,
                bot_user_id=bot.bot_user_id,
                bot_scopes=",".join(bot.bot_scopes or []),
            )

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        with self._unit_of_work() as session:
            row = slack_installations.get_installation(
                session, enterprise_id, None if is_enterprise_install else team_id
            )
            if row is None and team_id and not is_enterprise_install:
                # A workspace installed before it joined an Enterprise Grid org.
                row = slack_installations.get_installation_for_team(session, team_id)
            token = self._token(row)
            if row is None or token is None:
                return None
            return Bot(
                app_id=row.app_id,
                enterprise_id=row.enterprise_id,
                team_id=row.team_id,
                team_name=row.team_name,
                bot_token=token,
                bot_id=row.bot_id or "",
                bot_user_id=row.bot_user_id or "",
                bot_scopes=row.bot_scopes or "",
                is_enterprise_install=row.is_enterprise_install,
                installed_at=row.installed_at.timestamp(),
            )

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        bot = self.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if bot is None:
            return None
        return Installation(
            app_id=bot.app_id,
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            team_name=bot.team_name,
            bot_token=bot.bot_token,
            bot_id=bot.bot_id,
            bot_user_id=bot.bot_user_id,
            bot_scopes=bot.bot_scopes,
            user_id=user_id or "",
            is_enterprise_install=bot.is_enterprise_install,
            installed_at=bot.installed_at,
        )

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        with self._unit_of_work() as session:
            slack_installations.delete_installation(session, enterprise_id, team_id)

    def delete_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
    ) -> None:
        self.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def token_for(self, team_id: str | None) -> str | None:
        """The team's plain bot token (UndecryptableSecret when no configured key opens it)."""
        with self._unit_of_work() as session:
            row = (
                slack_installations.get_installation_for_team(session, team_id)
                if team_id
                else next(iter(slack_installations.list_installations(session)), None)
            )
            # UndecryptableSecret goes to the sender, which reports a delivery error.
            return slack_installations.bot_token(row, self._box) if row else None

    def _token(self, row: SlackInstallation | None) -> str | None:
        if row is None:
            return None
        try:
            return slack_installations.bot_token(row, self._box)
        except UndecryptableSecret as error:
            log.error("Slack installation %s: %s", row.workspace_key, error)
            return None


class SignedStateStore(OAuthStateStore):
    """OAuth ``state`` values signed with the secret key and valid for ten minutes.

    Nothing to store: Bolt also keeps the state in a cookie and checks both match, so a state
    cannot be used from another browser.
    """

    def __init__(self, secret_key: str, expiration_seconds: int = 600) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="slack-oauth-state")
        self._expiration = expiration_seconds

    @property
    def logger(self) -> Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:
        return self._serializer.dumps(secrets.token_urlsafe(16))

    def consume(self, state: str) -> bool:
        try:
            self._serializer.loads(state, max_age=self._expiration)
        except BadSignature:
            return False
        return True
