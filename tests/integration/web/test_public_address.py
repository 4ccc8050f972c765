"""Absolute links are built from PUBLIC_BASE_URL, never from the request's Host header, and
production answers no other host (issue 15 item 1: a password reset link that followed
``Host: evil.example`` handed the reset token to whoever ran that host)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest

from survey.parents.distribution import create_link
from survey.web.views.respond import qr_codes
from tests.integration.parents.test_respond import BASE, SLUG, SmtpSink, begin
from tests.integration.web.test_production import GOOD_KEY, refusal, serve_production
from tests.pages import PageClient
from tests.support.factories import make_user
from tests.support.slack_requests import SIGNING_SECRET, sign

OURS = "https://haveyoursay.example.gov.uk"
DEVELOPMENT = "http://127.0.0.1:5000"
# Configured, and unset (development and tests): either way, never the request's host.
ADDRESSES = pytest.mark.parametrize(
    ("settings", "address"), [({"PUBLIC_BASE_URL": OURS + "/"}, OURS), ({}, DEVELOPMENT)]
)
EVIL = "evil.example"
EMAIL = "officer@example.gov.uk"


@pytest.fixture
def sink() -> Any:
    smtp = SmtpSink()
    yield smtp
    smtp.stop()


def hostile(app: Any) -> PageClient:
    """A client whose every request says ``Host: evil.example``."""
    client = PageClient(app)
    client.http.environ_base["HTTP_HOST"] = EVIL
    return client


def emailed_text(sink: Any) -> str:
    body = message_from_bytes(sink.messages[-1].content, policy=default_policy).get_body()
    return str(body.get_content())


def emailing_app(make_app: Any, sink: Any, **settings: Any) -> Any:
    return make_app(
        WTF_CSRF_ENABLED=False,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(sink.port),
        EMAIL_FROM="send.feedback@example.gov.uk",
        **settings,
    )


@ADDRESSES
def test_a_password_reset_asked_for_with_a_hostile_host_links_to_our_address(
    make_app: Any, loaded: Any, sink: Any, settings: dict[str, str], address: str
) -> None:
    make_user(loaded, EMAIL, "officer")
    loaded.commit()
    client = hostile(emailing_app(make_app, sink, **settings))
    page = client.post("/forgot-password", {"email": EMAIL})
    assert page.h1 == "Check your email"
    text = emailed_text(sink)
    assert EVIL not in text
    assert re.search(re.escape(address) + r"/reset-password/\S+", text), text


@ADDRESSES
def test_the_feed_links_to_our_address_whatever_the_host(
    make_app: Any, loaded: Any, settings: dict[str, str], address: str
) -> None:
    client = hostile(make_app(TESTING=True, **settings))
    response = client.raw().get("/you-said-we-did/feed.atom")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert EVIL not in body
    root = ET.fromstring(body)
    links = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")]
    assert links and all(str(href).startswith(address + "/") for href in links), links


@ADDRESSES
def test_a_save_and_return_link_and_its_email_point_at_our_address(
    make_app: Any, loaded: Any, sink: Any, settings: dict[str, str], address: str
) -> None:
    loaded.commit()
    client = hostile(emailing_app(make_app, sink, **settings))
    begin(client)
    link = client.get(f"{BASE}/save").select("#resume-link")[0]["href"]
    assert link.startswith(f"{address}/s/{SLUG}/resume/"), link
    page = client.post(f"{BASE}/save", {"email": "parent@example.com"})
    assert "We have sent the link to parent@example.com" in page.text
    text = emailed_text(sink)
    assert link in text and EVIL not in text


@ADDRESSES
def test_the_qr_code_encodes_our_address(
    make_app: Any,
    loaded: Any,
    monkeypatch: pytest.MonkeyPatch,
    settings: dict[str, str],
    address: str,
) -> None:
    summary = create_link(loaded, SLUG, "TEST-SCH-0001", "Parents' evening", actor="test")
    loaded.commit()
    encoded: list[str] = []
    real = qr_codes.qr_code

    def spy(url: str, kind: str) -> bytes:
        encoded.append(url)
        return real(url, kind)

    monkeypatch.setattr(qr_codes, "qr_code", spy)
    client = hostile(make_app(TESTING=True, **settings))
    response = client.raw().get(f"{BASE}/qr.png?src={summary.token}")
    assert response.status_code == 200
    assert encoded == [f"{address}/s/{SLUG}?src={summary.token}"]


@pytest.mark.parametrize(
    ("address", "says"),
    [
        (None, "Set PUBLIC_BASE_URL to the service's public address"),
        ("haveyoursay.example.gov.uk", "PUBLIC_BASE_URL must be an address such as"),
    ],
)
def test_production_refuses_to_start_without_a_public_address(
    tmp_path: Path, address: str | None, says: str
) -> None:
    result = serve_production(
        tmp_path, SECRET_KEY=GOOD_KEY, ALLOW_SQLITE_IN_PRODUCTION="true", PUBLIC_BASE_URL=address
    )
    assert says in refusal(result)


def test_production_answers_a_foreign_host_with_400(make_app: Any, loaded: Any) -> None:
    app = make_app(
        TESTING=True,
        YOUSAID_ENV="production",
        PUBLIC_BASE_URL=OURS,
        TRUSTED_HOSTS="10.0.0.7, .internal.example",
    )
    client = app.test_client()
    assert client.get("/", base_url="http://evil.example").status_code == 400
    assert client.get("/forgot-password", base_url="http://evil.example").status_code == 400
    assert client.get("/", base_url=OURS).status_code == 200
    # Another port on our host is still our host (the proxy forwards to gunicorn's own port).
    assert client.get("/", base_url="https://haveyoursay.example.gov.uk:8443").status_code == 200
    # The load balancer's health check, which names the server's own address.
    assert client.get("/healthz", base_url="http://10.0.0.7:8000").status_code == 200
    assert client.get("/healthz", base_url="http://web1.internal.example").status_code == 200


def test_development_answers_any_host(make_app: Any, loaded: Any) -> None:
    client = make_app(TESTING=True).test_client()
    assert client.get("/", base_url="http://evil.example").status_code == 200


def test_every_channel_refuses_a_foreign_host_in_production(make_app: Any, loaded: Any) -> None:
    # Issue 15's corpus: a hostile Host header on every way in (web, feed, API, Slack, Teams).
    app = make_app(
        TESTING=True,
        YOUSAID_ENV="production",
        PUBLIC_BASE_URL=OURS,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_BOT_TOKEN="xoxb-test",
    )
    client = app.test_client()
    event = json.dumps({"type": "url_verification", "challenge": "c"})
    requests = [
        ("GET", f"/s/{SLUG}", {}, None),
        ("GET", "/you-said-we-did/feed.atom", {}, None),
        ("GET", "/api/v1/responses?period=2026-10", {"Authorization": "Bearer x"}, None),
        ("POST", "/slack/events", {**sign(event), "Content-Type": "application/json"}, event),
        ("POST", "/api/messages", {"Content-Type": "application/json"}, "{}"),
        ("POST", "/forgot-password", {}, "email=" + EMAIL),
    ]
    for method, path, headers, body in requests:
        foreign = client.open(
            path, method=method, headers=headers, data=body, base_url=f"http://{EVIL}"
        )
        assert foreign.status_code == 400, f"{method} {path} answered {foreign.status_code}"
        assert EVIL not in foreign.get_data(as_text=True)
    ours = client.post(
        "/slack/events",
        data=event,
        headers={**sign(event), "Content-Type": "application/json"},
        base_url=OURS,
    )
    assert ours.status_code == 200
