"""Officer accounts: creation with checked passwords, audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from storage.repositories import audit, users
from survey.auth import check_password_strength, hash_password
from survey.errors import Conflict, DomainError

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
