"""Password reset links for officers: signed, expiring, and good for one use.

A link carries the account id and a fingerprint of the account's current password hash, signed
with SECRET_KEY. It stops working after PASSWORD_RESET_MINUTES, and as soon as the password
changes (the fingerprint no longer matches), so it cannot be used twice or after a newer reset.
Nothing is stored: there is no table of live links to leak.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from storage.repositories import audit, users
from survey.domain.errors import DomainError
from survey.officers.accounts import reset_password

SALT = "yousaid.password-reset"
EXPIRED = "This link has expired or has already been used. Ask for a new one."


@dataclass(frozen=True)
class ResetLink:
    token: str
    expires_at: dt.datetime


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:24]


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def make_link(
    session: Session, email: str, secret_key: str, minutes: int, actor: str
) -> ResetLink | None:
    """A link for the account with this address, or None when there is none (the caller says the
    same thing either way, so the page does not reveal who has an account)."""
    user = users.get_user_by_email(session, email.strip().lower())
    if user is None or not user.active:
        return None
    token = _serializer(secret_key).dumps({"u": user.id, "f": _fingerprint(user.password_hash)})
    audit.create_audit_event(session, actor, "user.reset_link_issued", "user", user.id)
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes)
    return ResetLink(token, expires)


def account_for(
    session: Session, token: str, secret_key: str, minutes: int, now: dt.datetime | None = None
) -> Any:
    """The account a link is for, or DomainError when it is forged, expired or already used."""
    try:
        payload, issued = _serializer(secret_key).loads(token, return_timestamp=True)
    except BadSignature:
        raise DomainError(EXPIRED, field="token") from None
    now = now or dt.datetime.now(dt.UTC)
    if not isinstance(payload, dict) or now - issued > dt.timedelta(minutes=minutes):
        raise DomainError(EXPIRED, field="token")
    user = users.get_user(session, int(payload.get("u", 0)))
    if user is None or not user.active or payload.get("f") != _fingerprint(user.password_hash):
        raise DomainError(EXPIRED, field="token")
    return user


def use_link(
    session: Session,
    token: str,
    password: str,
    secret_key: str,
    minutes: int,
    now: dt.datetime | None = None,
) -> Any:
    """Set the new password through the link (which then stops working); audited."""
    user = account_for(session, token, secret_key, minutes, now)
    return reset_password(session, user.email, password, actor=f"user:{user.id}:reset-link")
