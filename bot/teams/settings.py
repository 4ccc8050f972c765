"""Teams settings read from the app's configuration, and how they decide authentication.

Production always validates the Bot Connector's JWT. Anonymous requests (no token) are accepted
only when no app id is configured *and* the app is not in production: that is for local tests and
the Microsoft 365 Agents Playground, and ``register`` says so in the log at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from microsoft_agents.hosting.core import AgentAuthConfiguration
from microsoft_agents.hosting.core.authorization import AuthTypes

from survey.domain.errors import DomainError


@dataclass(frozen=True)
class TeamsSettings:
    app_id: str | None
    password: str | None
    certificate_path: str | None
    tenant_id: str | None
    production: bool
    public_base_url: str | None = None
    officers_conversation: str | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> TeamsSettings:
        settings = cls(
            app_id=_text(config.get("TEAMS_APP_ID")),
            password=_text(config.get("TEAMS_APP_PASSWORD")),
            certificate_path=_text(config.get("TEAMS_CERTIFICATE_PATH")),
            tenant_id=_text(config.get("TEAMS_TENANT_ID")),
            production=bool(config.get("PRODUCTION")),
            public_base_url=_text(config.get("PUBLIC_BASE_URL")),
            # Teams' "Get link to channel" gives the id URL-encoded (19%3a...%40thread.tacv2).
            officers_conversation=unquote(_text(config.get("TEAMS_OFFICERS_CONVERSATION")) or "")
            or None,
        )
        settings.check()
        return settings

    @property
    def anonymous(self) -> bool:
        """Accept requests without a token: only with no app id, and never in production."""
        return not self.app_id and not self.production

    @property
    def enabled(self) -> bool:
        """Serve /api/messages: with an app id, or anonymously on a developer's machine."""
        return bool(self.app_id) or self.anonymous

    def check(self) -> None:
        if not self.app_id:
            return
        if not self.tenant_id:
            raise DomainError(
                "TEAMS_TENANT_ID must be set with TEAMS_APP_ID (the Entra tenant of the app registration)",
                field="TEAMS_TENANT_ID",
            )
        if not (self.password or self.certificate_path):
            raise DomainError(
                "Set TEAMS_APP_PASSWORD or TEAMS_CERTIFICATE_PATH with TEAMS_APP_ID",
                field="TEAMS_APP_PASSWORD",
            )

    def auth_configuration(self) -> AgentAuthConfiguration:
        """The Agents SDK's view of the same settings (token validation and outgoing tokens)."""
        if not self.app_id:
            return AgentAuthConfiguration(anonymous_allowed=self.anonymous)
        if self.certificate_path and not self.password:
            return AgentAuthConfiguration(
                auth_type=AuthTypes.certificate,
                client_id=self.app_id,
                tenant_id=self.tenant_id,
                cert_pfx_file=self.certificate_path,
                anonymous_allowed=False,
            )
        return AgentAuthConfiguration(
            auth_type=AuthTypes.client_secret,
            client_id=self.app_id,
            tenant_id=self.tenant_id,
            client_secret=self.password,
            anonymous_allowed=False,
        )


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None
