"""The app factory, health check, start page, officer sign-in and the plan page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from survey.officers.accounts import create_account
from survey.web.app import create_app
from tests.pages import PageClient

PASSWORD = "correct horse battery staple"


def sign_in(client: PageClient, session: Any, role: str = "officer") -> None:
    create_account(session, "officer@example.gov.uk", PASSWORD, role)
    session.commit()
    page = client.post(
        "/sign-in", {"email": "Officer@Example.gov.uk ", "password": PASSWORD}, expected_status=302
    )
    assert page.response.headers["Location"].startswith("/dashboard/")


def test_healthz_says_ok_when_the_database_answers(client: PageClient) -> None:
    response = client.raw().get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_says_unavailable_when_the_database_does_not_answer(tmp_path: Path) -> None:
    app = create_app(
        {
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
            "YOUSAID_INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "k" * 32,
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def test_the_factory_generates_and_keeps_a_secret_key_in_the_instance_folder(
    tmp_path: Path,
) -> None:
    first = create_app({"YOUSAID_INSTANCE_PATH": str(tmp_path)})
    second = create_app({"YOUSAID_INSTANCE_PATH": str(tmp_path)})
    assert (
        first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
        and len(first.config["SECRET_KEY"]) > 40
    )
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'yousaid.sqlite3'}"


def test_the_start_page_lists_open_surveys_in_the_councils_name(
    client: PageClient, loaded: Any
) -> None:
    loaded.commit()
    page = client.get("/")
    assert page.h1 == "Have your say on SEND services"
    assert "Your experience of the EHC needs assessment" in page.text
    assert "Demo Council" in page.title
    assert "GOV.UK" not in page.html  # a council service, not a GOV.UK one


def test_the_plan_page_needs_a_signed_in_officer(client: PageClient, loaded: Any) -> None:
    loaded.commit()
    page = client.get("/plans/mini-plan", expected_status=302)
    assert "/sign-in" in page.response.headers["Location"]


def test_an_officer_sees_priorities_actions_measures_and_what_serves_what(
    client: PageClient, loaded: Any
) -> None:
    sign_in(client, loaded)
    page = client.get("/plans/mini-plan")

    assert page.h1 == "Mini SEND plan"
    row = page.select("#action-1\\.1")[0].get_text(" ", strip=True)
    assert (
        "1.1" in row
        and "Andy Cooke" in row
        and "September - December" in row
        and "1.G" in row
        and "Amber" in row
    )
    measure = page.select("#measure-2A")[0].get_text(" ", strip=True)
    assert "Served by: 2.5 , 2.9" in measure or "Served by: 2.5, 2.9" in measure
    assert "target 80%" in measure


def test_wrong_passwords_are_refused_then_that_client_is_throttled(
    client: PageClient, session: Any
) -> None:
    create_account(session, "officer@example.gov.uk", PASSWORD, "officer")
    session.commit()
    for _ in range(5):
        page = client.post(
            "/sign-in", {"email": "officer@example.gov.uk", "password": "wrong password"}
        )
        assert page.title.startswith("Error: ")
    # Even the right password is refused from this client for a while, in the same words as a
    # wrong one: nothing says the account exists, and the account itself is not locked.
    page = client.post("/sign-in", {"email": "officer@example.gov.uk", "password": PASSWORD})
    assert page.error_messages() == ["Enter a correct email address and password"]


def test_one_address_trying_many_accounts_is_throttled(
    make_app: Any, session: Any, tmp_path: Path
) -> None:
    app = make_app(
        WTF_CSRF_ENABLED=False,
        RATE_LIMIT_SIGN_IN="3 per minute",
        RATE_LIMIT_EMAILS="2 per minute",
    )
    http = app.test_client()
    tries = [
        http.post("/sign-in", data={"email": f"guess{n}@example.gov.uk", "password": "x"})
        for n in range(4)
    ]
    assert [t.status_code for t in tries] == [200, 200, 200, 429]
    assert "Too many requests" in tries[-1].get_data(as_text=True)
    assert http.get("/sign-in").status_code == 200  # reading the page is not counted
    # Asking for reset emails is limited too, so nobody can flood an officer's inbox.
    asks = [http.post("/forgot-password", data={"email": "a@example.gov.uk"}) for _ in range(3)]
    assert [a.status_code for a in asks] == [200, 200, 429]


def test_sign_in_errors_use_govuk_wording_and_keep_what_was_typed(client: PageClient) -> None:
    page = client.post("/sign-in", {"email": "not-an-email", "password": ""})
    assert page.error_messages() == [
        "Enter an email address in the correct format, like name@example.gov.uk",
        "Enter your password",
    ]
    assert page.select("#email")[0]["value"] == "not-an-email"


def test_unknown_pages_get_a_plain_404(client: PageClient) -> None:
    page = client.get("/no-such-page", expected_status=404)
    assert page.h1 == "Page not found"
