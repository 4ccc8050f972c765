"""With an app id configured, /api/messages takes only requests carrying a Bot Connector token
signed by a key Microsoft publishes for our app id; everything else is 401 and stores nothing.

Microsoft's signing keys are fetched by the Agents SDK from a fixed address; these tests point
the SDK's key cache for that address at the fake connector's /keys (our own RSA key), so the real
signature and audience checks run without the internet.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt import PyJWKClient
from microsoft_agents.hosting.core.authorization import AuthenticationConstants
from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator
from sqlalchemy import func, select

from bot.teams.http import authorize
from bot.teams.loop import LOOP
from bot.teams.settings import TeamsSettings
from storage.models import TeamsConversation
from survey.domain.errors import DomainError
from tests.conftest import DATA
from tests.fakes.teams_connector import FakeConnector

APP_ID = "6f1c0f4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f"
TENANT = "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f"
ISSUER = "https://api.botframework.com"


def _key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


MICROSOFT_KEY = _key()  # stands in for the key Microsoft publishes
FORGER_KEY = _key()  # someone else's key, same key id


@pytest.fixture
def connector(connector: FakeConnector) -> FakeConnector:
    """The shared fake Bot Connector, also publishing "Microsoft's" signing key."""
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(MICROSOFT_KEY.public_key()))
    connector.jwks = {"keys": [{**public, "kid": "botframework-1", "use": "sig", "alg": "RS256"}]}
    return connector


@pytest.fixture
def published_keys(connector, monkeypatch) -> None:
    """Make the SDK fetch 'Microsoft's' keys from the fake instead of the internet."""
    manager = jwt_token_validator.JwtTokenValidator._jwk_client_manager
    entry = jwt_token_validator._JwkClientCacheEntry(
        PyJWKClient(f"{connector.url}keys"), threading.Lock()
    )
    monkeypatch.setitem(manager._cache, AuthenticationConstants.PUBLIC_ABS_JWKS_URL, entry)


@pytest.fixture
def secured_app(make_app: Any, tmp_path: Path, published_keys) -> Any:
    return make_app(
        TESTING=True,
        TEAMS_APP_ID=APP_ID,
        TEAMS_APP_PASSWORD="not-a-real-secret",
        TEAMS_TENANT_ID=TENANT,
    )


def token(key: Any, audience: str = APP_ID, **claims: Any) -> str:
    now = dt.datetime.now(dt.UTC)
    payload = {
        "iss": ISSUER,
        "aud": audience,
        "iat": now,
        "nbf": now,
        "exp": now + dt.timedelta(minutes=30),
        "serviceurl": "https://smba.trafficmanager.net/amer/",
        **claims,
    }
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": "botframework-1"})


def activity(connector: FakeConnector) -> dict[str, Any]:
    payload = json.loads((DATA / "teams" / "message_personal.msteams_docs.json").read_text())
    payload["serviceUrl"] = connector.url
    return payload


def stored_conversations(session: Any) -> int:
    return session.scalar(select(func.count()).select_from(TeamsConversation))


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer not-a-jwt",
        "Basic dXNlcjpwYXNz",
    ],
    ids=["no token", "empty bearer", "garbage", "wrong scheme"],
)
def test_requests_without_a_valid_token_are_refused_and_store_nothing(
    secured_app, connector, session, header
):
    headers = {"Authorization": header} if header else {}
    response = secured_app.test_client().post(
        "/api/messages", json=activity(connector), headers=headers
    )
    assert response.status_code == 401
    assert connector.requests == [] and stored_conversations(session) == 0


def test_a_token_forged_with_another_key_is_refused(secured_app, connector, session):
    response = secured_app.test_client().post(
        "/api/messages",
        json=activity(connector),
        headers={"Authorization": f"Bearer {token(FORGER_KEY)}"},
    )
    assert response.status_code == 401
    assert connector.requests == [] and stored_conversations(session) == 0


def test_a_genuine_token_for_another_bot_is_refused(secured_app, connector, session, caplog):
    caplog.set_level(logging.WARNING)
    response = secured_app.test_client().post(
        "/api/messages",
        json=activity(connector),
        headers={"Authorization": f"Bearer {token(MICROSOFT_KEY, audience='someone-else')}"},
    )
    assert response.status_code == 401
    assert stored_conversations(session) == 0
    # The signature checked out against the published key; the audience is what failed.
    assert "audience not accepted" in caplog.text


def test_a_genuine_token_for_our_app_is_accepted(published_keys):
    configuration = TeamsSettings(
        app_id=APP_ID,
        password="secret",
        certificate_path=None,
        tenant_id=TENANT,
        production=True,
    ).auth_configuration()
    # On the app's own long-lived loop, as a real turn runs (the browser tests' Playwright keeps
    # a loop running on this thread, so asyncio.run is refused here).
    claims = LOOP.run(authorize(f"Bearer {token(MICROSOFT_KEY)}", configuration))
    assert claims is not None and claims.get_claim_value("aud") == APP_ID
    assert LOOP.run(authorize(None, configuration)) is None


def test_production_without_an_app_id_serves_no_teams_endpoint():
    settings = TeamsSettings(
        app_id=None, password=None, certificate_path=None, tenant_id=None, production=True
    )
    assert not settings.enabled and not settings.anonymous


def test_an_app_id_without_a_secret_or_tenant_refuses_to_start():
    with pytest.raises(DomainError, match="TEAMS_TENANT_ID"):
        TeamsSettings.from_config({"TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": "x"})
    with pytest.raises(DomainError, match="TEAMS_APP_PASSWORD or TEAMS_CERTIFICATE_PATH"):
        TeamsSettings.from_config({"TEAMS_APP_ID": APP_ID, "TEAMS_TENANT_ID": TENANT})


class FakeTokenService:
    """Stands in for Entra's token endpoint: the app's own token for the Bot Connector."""

    def __init__(self, token: str | None) -> None:
        self.token = token
        self.asked: list[str] = []

    def __call__(self, configuration: Any) -> FakeTokenService:  # the SDK's provider factory
        return self

    async def get_access_token(
        self, resource_url: str, scopes: list[str], force_refresh: bool = False
    ) -> str:
        self.asked.append(resource_url)
        if self.token is None:
            raise ValueError("Entra is unreachable")
        return self.token


def app_with_tokens(make_app: Any, tokens: FakeTokenService) -> Any:
    return make_app(
        TEAMS_APP_ID=APP_ID,
        TEAMS_APP_PASSWORD="not-a-real-secret",
        TEAMS_TENANT_ID=TENANT,
        TEAMS_TOKEN_PROVIDER=tokens,
    )


def test_with_a_genuine_token_the_turn_runs_and_replies_carry_the_apps_own_token(
    make_app, tmp_path, published_keys, connector, session
):
    tokens = FakeTokenService("the-apps-own-token")
    app = app_with_tokens(make_app, tokens)
    message = activity(connector)
    message["text"] = "help"
    response = app.test_client().post(
        "/api/messages",
        json=message,
        headers={"Authorization": f"Bearer {token(MICROSOFT_KEY, serviceurl=connector.url)}"},
    )
    assert response.status_code in (200, 202)
    [reply] = [r for r in connector.requests if r.conversation_id]
    assert reply.headers["Authorization"] == "Bearer the-apps-own-token"
    assert "my submissions" in json.dumps(reply.body)
    assert stored_conversations(session) == 1


def test_when_the_apps_token_cannot_be_had_the_submission_is_still_stored(
    make_app, tmp_path, published_keys, connector, session
):
    from storage.models import StaffSubmission

    app = app_with_tokens(make_app, FakeTokenService(None))
    connector.require_token = True
    submit = activity(connector)
    submit.pop("text")
    submit["value"] = {
        "yousaid": "stars",
        "kind": "idea",
        "text": "Shared training for SENCOs and EPs",
        "anonymous": "true",
    }
    response = app.test_client().post(
        "/api/messages",
        json=submit,
        headers={"Authorization": f"Bearer {token(MICROSOFT_KEY, serviceurl=connector.url)}"},
    )
    assert response.status_code in (200, 202)
    assert session.scalar(select(func.count()).select_from(StaffSubmission)) == 1
    # Without a token the connector refuses the reply (tried again, then logged); the words are
    # kept all the same.
    assert connector.activities() == [] and connector.attempts() == 3


def test_a_genuine_token_replayed_with_another_service_url_is_refused(
    make_app, tmp_path, published_keys, connector, session
):
    """Otherwise the reply, carrying the app's own token, would go to whoever chose the URL."""
    tokens = FakeTokenService("the-apps-own-token")
    app = app_with_tokens(make_app, tokens)
    issued_for = "https://smba.trafficmanager.net/emea/"
    response = app.test_client().post(
        "/api/messages",
        json=activity(connector),  # serviceUrl: the fake, not the token's
        headers={"Authorization": f"Bearer {token(MICROSOFT_KEY, serviceurl=issued_for)}"},
    )
    assert response.status_code == 401
    assert connector.requests == [] and tokens.asked == [] and stored_conversations(session) == 0
