"""API tokens: stored as SHA-256 hashes (a token is 256 random bits, so a fast hash is enough and
lets every request be checked with one indexed lookup), scoped and revocable."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ApiToken, utcnow


def create_api_token(
    session: Session, name: str, token_hash: str, prefix: str, scopes: list[str], created_by: str
) -> ApiToken:
    token = ApiToken(
        name=name, token_hash=token_hash, prefix=prefix, scopes=list(scopes), created_by=created_by
    )
    session.add(token)
    session.flush()
    return token


def get_api_token_by_hash(session: Session, token_hash: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))


def get_api_token_by_name(session: Session, name: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.name == name))


def list_api_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.name)))


def update_api_token(session: Session, token: ApiToken, **fields: object) -> ApiToken:
    for name, value in fields.items():
        setattr(token, name, value)
    session.flush()
    return token


def now() -> dt.datetime:
    return utcnow()
