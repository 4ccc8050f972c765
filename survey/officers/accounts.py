"""Officer accounts: creation with checked passwords, roles, password resets, deactivation and
the sign-in check (throttled per address and client, never locked), audited."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.orm import Session

from storage.repositories import audit, organisations, users
from survey.domain.errors import Conflict, DomainError, NotFound
from survey.domain.secrets import (
    check_password_strength,
    hash_password,
    verify_nothing,
    verify_password,
)

if TYPE_CHECKING:
    from storage.models import User

ROLES = ("admin", "officer", "hub_lead")
# The one answer to a wrong password, an unknown or inactive account and a throttled client
# alike, so the page never tells anyone which addresses have accounts.
WRONG = "Enter a correct email address and password"


class Throttle(Protocol):
    """Counts failures per address and client (survey.officers.sign_in_throttle)."""

    def refused(self, email: str) -> bool: ...
    def failed(self, email: str) -> None: ...
    def succeeded(self, email: str) -> None: ...


class SignInError(Exception):
    """Wrong email or password, or too many tries from this client; safe to show."""


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def authenticate(
    session: Session, email: str, password: str, throttle: Throttle | None = None
) -> User:
    """The user for these credentials, or SignInError (the same one whatever went wrong).

    With a ``throttle`` (the web always passes one), a client that failed too often for this
    address is refused without its password being checked; the account itself never locks."""
    address = email.strip().lower()
    if throttle is not None and throttle.refused(address):
        verify_nothing(password)  # as slow as a real check, so timing tells nothing either
        raise SignInError(WRONG)
    user = users.get_user_by_email(session, address)
    if user is None or not user.active:
        verify_nothing(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password)
    if throttle is not None and ok:
        throttle.succeeded(address)
    elif throttle is not None:
        throttle.failed(address)
    if not ok or user is None:
        raise SignInError(WRONG)
    users.update_user(session, user, last_login_at=_utcnow())
    return user


def create_account(
    session: Session,
    email: str,
    password: str,
    role: str,
    name: str | None = None,
    actor: str = "cli",
) -> User:
    email = email.strip().lower()
    if "@" not in email or len(email) > 320:
        raise DomainError(
            "Enter an email address in the correct format, like name@example.gov.uk", field="email"
        )
    if role not in ROLES:
        raise DomainError(f"Role must be one of {', '.join(ROLES)}", field="role")
    weakness = check_password_strength(password)
    if weakness:
        raise DomainError(weakness, field="password")
    if users.get_user_by_email(session, email) is not None:
        raise Conflict(f"There is already an account for {email}", field="email")
    user = users.create_user(session, email, hash_password(password), role, name=name)
    audit.create_audit_event(session, actor, "user.created", "user", user.id, {"role": role})
    return user


def set_role(
    session: Session,
    email: str,
    role: str,
    organisation_code: str | None = None,
    network_slug: str | None = None,
    actor: str = "cli",
) -> User:
    """Change what an account may do, and which organisation or network it belongs to."""
    user = _existing(session, email)
    if role not in ROLES:
        raise DomainError(f"Role must be one of {', '.join(ROLES)}", field="role")
    changes: dict[str, object] = {"role": role}
    if organisation_code is not None:
        organisation = organisations.get_organisation_by_code(session, organisation_code)
        if organisation_code and organisation is None:
            raise DomainError(
                f"There is no organisation with code '{organisation_code}'", field="organisation"
            )
        changes["organisation_id"] = organisation.id if organisation else None
    if network_slug is not None:
        network = organisations.get_network_by_slug(session, network_slug)
        if network_slug and network is None:
            raise DomainError(f"There is no network called '{network_slug}'", field="network")
        changes["network_id"] = network.id if network else None
    network_id = changes.get("network_id", user.network_id)
    if role == "hub_lead" and not network_id:
        raise DomainError("A hub lead needs a network: add --network SLUG", field="network")
    before = user.role.value
    # Pages already open were allowed under the old role: make the person sign in again.
    users.update_user(session, user, **changes, session_version=user.session_version + 1)
    audit.create_audit_event(
        session,
        actor,
        "user.role_changed",
        "user",
        user.id,
        {"from": before, "to": role, **{k: v for k, v in changes.items() if k != "role"}},
    )
    return user


def reset_password(session: Session, email: str, password: str, actor: str = "cli") -> User:
    """Give an account a new password and end its sessions; audited, the password never logged.

    Whoever signed in with the old password (perhaps the reason for the reset) is signed out."""
    user = _existing(session, email)
    weakness = check_password_strength(password)
    if weakness:
        raise DomainError(weakness, field="password")
    users.update_user(
        session,
        user,
        password_hash=hash_password(password),
        session_version=user.session_version + 1,
    )
    audit.create_audit_event(session, actor, "user.password_reset", "user", user.id)
    return user


def end_sessions(session: Session, user: User) -> None:
    """Sign the account out everywhere: every session made before now stops working."""
    users.update_user(session, user, session_version=user.session_version + 1)


def deactivate_account(session: Session, email: str, actor: str = "cli") -> User:
    """Stop an account signing in, and end the sessions it has open; audited."""
    user = _existing(session, email)
    users.update_user(session, user, active=False, session_version=user.session_version + 1)
    audit.create_audit_event(session, actor, "user.deactivated", "user", user.id)
    return user


def _existing(session: Session, email: str) -> User:
    user = users.get_user_by_email(session, email)
    if user is None:
        raise NotFound(f"There is no account for {email.strip().lower()}", field="email")
    return user
