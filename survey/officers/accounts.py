"""Officer accounts: creation with checked passwords, audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from storage.repositories import audit, users
from survey.domain.errors import Conflict, DomainError, NotFound
from survey.web.session_auth import check_password_strength, hash_password

ROLES = ("admin", "officer", "hub_lead")


def create_account(
    session: Session,
    email: str,
    password: str,
    role: str,
    name: str | None = None,
    actor: str = "cli",
) -> Any:
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
) -> Any:
    """Change what an account may do, and which organisation or network it belongs to."""
    from storage.repositories import organisations

    user = _existing(session, email)
    if role not in ROLES:
        raise DomainError(f"Role must be one of {', '.join(ROLES)}", field="role")
    changes: dict[str, Any] = {"role": role}
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
    users.update_user(session, user, **changes)
    audit.create_audit_event(
        session,
        actor,
        "user.role_changed",
        "user",
        user.id,
        {"from": before, "to": role, **{k: v for k, v in changes.items() if k != "role"}},
    )
    return user


def reset_password(session: Session, email: str, password: str, actor: str = "cli") -> Any:
    """Give an account a new password and lift any lockout; audited, the password never logged."""
    user = _existing(session, email)
    weakness = check_password_strength(password)
    if weakness:
        raise DomainError(weakness, field="password")
    users.update_user(
        session, user, password_hash=hash_password(password), failed_logins=0, locked_until=None
    )
    audit.create_audit_event(session, actor, "user.password_reset", "user", user.id)
    return user


def _existing(session: Session, email: str) -> Any:
    user = users.get_user_by_email(session, email)
    if user is None:
        raise NotFound(f"There is no account for {email.strip().lower()}", field="email")
    return user
