"""API tokens for Power BI, Excel and other read-only consumers: created on the CLI, shown once,
stored only as a SHA-256 hash, scoped, revocable, and every change audited."""

from __future__ import annotations

import re
import secrets
from typing import Any

from sqlalchemy.orm import Session

from storage.repositories import api_tokens, audit
from survey.domain.errors import Conflict, DomainError, NotFound
from survey.domain.secrets import hash_token

SCOPES = {
    "read:measures": "The plans' outcome measures and how each is computed",
    "read:indicators": "Indicator values, RAG and change by period (suppressed)",
    "read:responses": "Responses received by survey and LA (aggregated, suppressed)",
    "read:meetings": "Meetings held and which LAs attended",
}
TOKEN_PREFIX = "ys_"  # nosec B105 # the public prefix every token shows, not a secret
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")


def create_token(
    session: Session, name: str, scopes: list[str], actor: str = "cli"
) -> tuple[Any, str]:
    """A new token: returns the stored record and the token itself (shown once, never stored)."""
    name = (name or "").strip()
    if not NAME.match(name):
        raise DomainError(
            "Name the token with letters, numbers, spaces, dots, dashes or underscores",
            field="name",
        )
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise DomainError(
            f"Choose scopes from {', '.join(SCOPES)}"
            + (f" ('{unknown[0]}' is not one)" if unknown else ""),
            field="scope",
        )
    if api_tokens.get_api_token_by_name(session, name) is not None:
        raise Conflict(f"There is already a token called '{name}'", field="name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = api_tokens.create_api_token(
        session, name, hash_token(token), token[:10], sorted(set(scopes)), actor
    )
    audit.create_audit_event(
        session, actor, "api_token.created", "api_token", record.id, {"scopes": record.scopes}
    )
    return record, token


def revoke_token(session: Session, name: str, actor: str = "cli") -> Any:
    record = api_tokens.get_api_token_by_name(session, name)
    if record is None:
        raise NotFound(f"There is no token called '{name}'", field="name")
    if record.revoked_at is None:
        api_tokens.update_api_token(session, record, revoked_at=api_tokens.now())
        audit.create_audit_event(session, actor, "api_token.revoked", "api_token", record.id)
    return record


def list_tokens(session: Session) -> list[Any]:
    return api_tokens.list_api_tokens(session)


def check_token(session: Session, token: str) -> Any | None:
    """The live token record for a presented token, or None (unknown or revoked)."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    record = api_tokens.get_api_token_by_hash(session, hash_token(token))
    if record is None or record.revoked_at is not None:
        return None
    api_tokens.update_api_token(session, record, last_used_at=api_tokens.now())
    return record
