"""Officer accounts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Role, User


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def create_user(
    session: Session, email: str, password_hash: str, role: str, name: str | None = None
) -> User:
    user = User(
        email=email.strip().lower(), password_hash=password_hash, role=Role(role), name=name
    )
    session.add(user)
    session.flush()
    return user


def update_user(session: Session, user: User, **fields: object) -> User:
    for name, value in fields.items():
        setattr(user, name, Role(str(value)) if name == "role" else value)
    session.flush()
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))
