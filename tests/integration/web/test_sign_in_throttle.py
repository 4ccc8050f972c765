"""Sign-in throttling: the page reads the same for real and unknown accounts, a client that keeps
guessing is refused, and a stranger cannot lock the officer out of their own account."""

from __future__ import annotations

from typing import Any

import pytest
from limits import parse

from survey.officers import sign_in_throttle
from tests.pages import Page
from tests.support.factories import PASSWORD, make_user

OFFICER = "officer@example.gov.uk"
UNKNOWN = "nobody@example.gov.uk"
WRONG = "Enter a correct email address and password"


@pytest.fixture
def app(make_app: Any, session: Any) -> Any:
    make_user(session, OFFICER, "officer")
    session.commit()
    # The per-client request limit is tested elsewhere; here it must not get in the way.
    return make_app(WTF_CSRF_ENABLED=False, RATE_LIMIT_SIGN_IN="1000 per minute")


def client(app: Any, address: str) -> Any:
    """A browser of its own at network ``address``."""
    http = app.test_client()
    http.environ_base["REMOTE_ADDR"] = address
    return http


def attempt(http: Any, email: str, password: str = "wrong password") -> Any:
    return http.post("/sign-in", data={"email": email, "password": password})


def test_known_and_unknown_accounts_read_the_same_after_six_wrong_tries(app: Any) -> None:
    http = client(app, "203.0.113.9")
    pages = {}
    for email in (OFFICER, UNKNOWN):
        for _ in range(6):
            response = attempt(http, email)
        pages[email] = response

    known, unknown = pages[OFFICER], pages[UNKNOWN]
    assert known.status_code == unknown.status_code == 200
    assert Page(known).error_messages() == Page(unknown).error_messages() == [WRONG]
    # The whole page, apart from the address typed into the form, is the same.
    assert known.get_data(as_text=True).replace(OFFICER, "") == unknown.get_data(
        as_text=True
    ).replace(UNKNOWN, "")


def test_an_attacker_on_one_client_does_not_lock_the_officer_out_of_another(app: Any) -> None:
    attacker, officer = client(app, "203.0.113.9"), client(app, "198.51.100.7")
    for _ in range(6):
        assert Page(attempt(attacker, OFFICER)).error_messages() == [WRONG]

    # The attacker is throttled: even the right password is refused from their client...
    throttled = attempt(attacker, OFFICER, PASSWORD)
    assert throttled.status_code == 200
    assert Page(throttled).error_messages() == [WRONG]
    # ...while the officer, elsewhere, signs in.
    signed_in = attempt(officer, OFFICER, PASSWORD)
    assert signed_in.status_code == 302
    assert signed_in.headers["Location"].startswith("/dashboard/")


def test_the_ceiling_per_address_spares_a_client_the_officer_signed_in_from(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sign_in_throttle, "PER_ADDRESS", parse("4 per 15 minutes"))
    office = client(app, "198.51.100.7")
    assert attempt(office, OFFICER, PASSWORD).status_code == 302

    # Guesses spread over many clients, each below its own limit, reach the ceiling...
    for n in range(4):
        attempt(client(app, f"203.0.113.{n + 10}"), OFFICER)
    new_place = attempt(client(app, "192.0.2.1"), OFFICER, PASSWORD)
    assert Page(new_place).error_messages() == [WRONG]
    # ...but the officer's usual client still gets in.
    assert attempt(client(app, "198.51.100.7"), OFFICER, PASSWORD).status_code == 302


def test_signing_in_forgets_the_clients_earlier_failures(app: Any) -> None:
    http = client(app, "198.51.100.7")
    for _ in range(4):
        attempt(http, OFFICER)
    assert attempt(http, OFFICER, PASSWORD).status_code == 302
    for _ in range(4):
        attempt(http, OFFICER)
    assert attempt(http, OFFICER, PASSWORD).status_code == 302
