"""Officers who forget their password: an emailed (or admin-issued) link that works once and
expires; the page never reveals whether an address has an account."""

from __future__ import annotations

import datetime as dt
import re
from email import message_from_bytes
from email.policy import default as default_policy
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from storage.models import AuditEvent
from survey.cli import main
from survey.domain.errors import DomainError
from survey.officers import password_reset
from survey.officers.accounts import authenticate
from tests.integration.parents.test_respond import SmtpSink
from tests.pages import PageClient
from tests.support.factories import PASSWORD, make_user

EMAIL = "officer@example.gov.uk"
NEW = "a brand new long passphrase"
SECRET = "k" * 40


@pytest.fixture
def sink() -> Any:
    smtp = SmtpSink()
    yield smtp
    smtp.stop()


@pytest.fixture
def emailing(make_app: Any, loaded: Any, tmp_path: Any, sink: Any) -> PageClient:
    make_user(loaded, EMAIL, "officer")
    loaded.commit()
    app = make_app(
        SECRET_KEY=SECRET,
        WTF_CSRF_ENABLED=False,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(sink.port),
        EMAIL_FROM="send.feedback@example.gov.uk",
        PUBLIC_BASE_URL="https://haveyoursay.example.gov.uk",
    )
    return PageClient(app)


def emailed_link(sink: Any) -> str:
    body = message_from_bytes(sink.messages[-1].content, policy=default_policy).get_body()
    found = re.search(
        r"https://haveyoursay\.example\.gov\.uk(/reset-password/\S+)", body.get_content()
    )
    assert found, "the email holds the link"
    return found.group(1)


def test_an_officer_resets_their_password_through_an_emailed_link(
    emailing: PageClient, sink: Any, loaded: Any
) -> None:
    page = emailing.get("/sign-in")
    assert page.select("a[href='/forgot-password']")
    page = emailing.post("/forgot-password", {"email": "not an address"})
    assert page.error_messages() == [
        "Enter an email address in the correct format, like name@example.gov.uk"
    ]
    page = emailing.post("/forgot-password", {"email": EMAIL})
    assert page.h1 == "Check your email"
    assert sink.messages[0].rcpt_tos == [EMAIL]
    link = emailed_link(sink)

    page = emailing.post(link, {"password": NEW, "confirm": "something else"})
    assert page.error_messages() == ["The two passwords are not the same"]
    page = emailing.post(link, {"password": "short", "confirm": "short"})
    assert page.title.startswith("Error: ")
    emailing.post(link, {"password": NEW, "confirm": NEW}, expected_status=302)
    assert authenticate(loaded, EMAIL, NEW).email == EMAIL

    # Used once, it is dead.
    page = emailing.get(link, expected_status=410)
    assert "expired or has already been used" in page.text
    actions = {e.action for e in loaded.scalars(select(AuditEvent))}
    assert {"user.reset_link_issued", "user.password_reset"} <= actions


def test_an_unknown_address_gets_the_same_page_and_no_email(
    emailing: PageClient, sink: Any
) -> None:
    page = emailing.post("/forgot-password", {"email": "nobody@example.gov.uk"})
    assert page.h1 == "Check your email"
    assert sink.messages == []


def test_a_link_expires(loaded: Any) -> None:
    make_user(loaded, EMAIL, "officer")
    link = password_reset.make_link(loaded, EMAIL, SECRET, 60, actor="test")
    assert link is not None
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=61)
    with pytest.raises(DomainError, match="expired"):
        password_reset.use_link(loaded, link.token, NEW, SECRET, 60, now=later)
    with pytest.raises(DomainError, match="expired"):
        password_reset.use_link(loaded, link.token + "x", NEW, SECRET, 60)
    with pytest.raises(DomainError, match="expired"):
        password_reset.use_link(loaded, link.token, NEW, "another-secret-key" * 3, 60)
    assert authenticate(loaded, EMAIL, PASSWORD).email == EMAIL


def test_an_admin_prints_a_link_on_the_command_line(scratch_url: str, tmp_path: Any) -> None:
    runner = CliRunner()
    env = {
        "DATABASE_URL": scratch_url,
        "YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": SECRET,
        "PUBLIC_BASE_URL": "",
    }

    def run(*args: str, **extra: str) -> Any:
        return runner.invoke(main, list(args), env={**env, **extra}, input=f"{PASSWORD}\n" * 2)

    assert run("db", "upgrade").exit_code == 0
    assert run("user", "create", EMAIL, "--role", "officer").exit_code == 0
    result = run("user", "reset-link", EMAIL)
    assert result.exit_code == 1 and "Set PUBLIC_BASE_URL" in result.output
    public = {"PUBLIC_BASE_URL": "https://haveyoursay.example.gov.uk/"}
    result = run("user", "reset-link", "nobody@example.gov.uk", **public)
    assert result.exit_code == 1
    assert "There is no active account for nobody@example.gov.uk." in result.output
    result = run("user", "reset-link", EMAIL, **public)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("https://haveyoursay.example.gov.uk/reset-password/")
