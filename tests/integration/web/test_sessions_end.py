"""Sessions that end: after sign-out, a password reset, a role change or deactivation, a copy of
the account's session cookie made beforehand no longer opens an officer page; other accounts'
sessions carry on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from survey.officers.accounts import deactivate_account, reset_password, set_role
from survey.web.app import create_app
from tests.support.factories import PASSWORD, make_user

ADMIN = "admin@example.gov.uk"
OFFICER = "officer@example.gov.uk"
NEW = "a brand new long passphrase"


def signed_in_cookie(app: Any, email: str) -> str:
    """Sign in in a browser of its own and hand back a copy of its session cookie."""
    http = app.test_client()
    response = http.post("/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    cookie = http.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return str(cookie.value)


def replay(app: Any, cookie: str, url: str = "/dashboard/") -> Any:
    """What a second browser holding the copied cookie gets for ``url``."""
    http = app.test_client()
    http.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    return http.get(url)


def assert_signed_out(response: Any) -> None:
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


@pytest.fixture
def two_accounts(session: Any) -> Any:
    make_user(session, ADMIN, "admin")
    make_user(session, OFFICER, "officer")
    session.commit()
    return session


def test_a_cookie_copied_before_sign_out_no_longer_opens_the_dashboard(
    app: Any, two_accounts: Any
) -> None:
    copied = signed_in_cookie(app, ADMIN)
    assert replay(app, copied, "/dashboard/users").status_code == 200
    other = signed_in_cookie(app, OFFICER)

    http = app.test_client()
    http.set_cookie(app.config["SESSION_COOKIE_NAME"], copied)
    assert http.post("/sign-out").status_code == 302

    assert_signed_out(replay(app, copied, "/dashboard/users"))
    assert replay(app, other).status_code == 200  # another account's session carries on
    # Signing in again makes a session that works.
    assert replay(app, signed_in_cookie(app, ADMIN), "/dashboard/users").status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s: reset_password(s, OFFICER, NEW, actor="test"), id="password reset"),
        pytest.param(lambda s: set_role(s, OFFICER, "admin", actor="test"), id="role change"),
        pytest.param(lambda s: deactivate_account(s, OFFICER, actor="test"), id="deactivation"),
    ],
)
def test_an_admins_change_to_an_account_ends_its_sessions_only(
    app: Any, two_accounts: Any, change: Callable[[Any], Any]
) -> None:
    officer, admin = signed_in_cookie(app, OFFICER), signed_in_cookie(app, ADMIN)
    assert replay(app, officer).status_code == 200

    change(two_accounts)
    two_accounts.commit()

    assert_signed_out(replay(app, officer))
    assert replay(app, admin, "/dashboard/users").status_code == 200


def test_a_password_reset_through_an_emailed_link_ends_the_old_sessions(
    app: Any, two_accounts: Any
) -> None:
    from survey.officers import password_reset

    officer = signed_in_cookie(app, OFFICER)
    key = app.config["SECRET_KEY"]
    link = password_reset.make_link(two_accounts, OFFICER, key, 60, actor="test")
    assert link is not None
    http = app.test_client()
    response = http.post(f"/reset-password/{link.token}", data={"password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert_signed_out(replay(app, officer))


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(("user", "reset-password", OFFICER), id="reset-password"),
        pytest.param(("user", "set-role", OFFICER, "--role", "admin"), id="set-role"),
        pytest.param(("user", "deactivate", OFFICER), id="deactivate"),
    ],
)
def test_the_user_commands_end_the_accounts_sessions(
    make_cli: Any, tmp_path: Path, command: tuple[str, ...]
) -> None:
    run = make_cli(must_succeed=True)
    for email, role in ((OFFICER, "officer"), (ADMIN, "admin")):
        run("user", "create", email, "--role", role, input=f"{PASSWORD}\n" * 2)
    app = create_app(
        {
            "DATABASE_URL": run.url,
            "YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    officer, admin = signed_in_cookie(app, OFFICER), signed_in_cookie(app, ADMIN)

    run(*command, input=f"{NEW}\n" * 2)

    assert_signed_out(replay(app, officer))
    assert replay(app, admin, "/dashboard/users").status_code == 200
