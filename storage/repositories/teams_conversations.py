"""Teams conversation references: where the app may post without being spoken to first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import TeamsConversation, utcnow

FIELDS = ("conversation_type", "service_url", "tenant_id", "bot_id", "user_id", "team_id")


def get_teams_conversation(session: Session, conversation_id: str) -> TeamsConversation | None:
    return session.scalar(
        select(TeamsConversation).where(TeamsConversation.conversation_id == conversation_id)
    )


def get_personal_conversation(session: Session, user_id: str) -> TeamsConversation | None:
    """The most recently used personal chat with this Teams user."""
    return session.scalar(
        select(TeamsConversation)
        .where(
            TeamsConversation.user_id == user_id,
            TeamsConversation.conversation_type == "personal",
        )
        .order_by(TeamsConversation.updated_at.desc(), TeamsConversation.id.desc())
        .limit(1)
    )


def update_teams_conversation(
    session: Session, conversation_id: str, **fields: Any
) -> TeamsConversation:
    """Create or refresh a conversation reference (the latest activity's details win)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown conversation fields: {sorted(unknown)}")
    row = get_teams_conversation(session, conversation_id)
    if row is None:
        row = TeamsConversation(conversation_id=conversation_id, **fields)
        session.add(row)
    else:
        for name, value in fields.items():
            # A later activity may omit what an earlier one said (e.g. the team id).
            if value is not None:
                setattr(row, name, value)
        row.updated_at = utcnow()
    session.flush()
    return row


def as_reference(row: TeamsConversation) -> dict[str, Any]:
    """The plain dict the Teams adapter needs to continue the conversation."""
    return {
        "conversation_id": row.conversation_id,
        "conversation_type": row.conversation_type,
        "service_url": row.service_url,
        "tenant_id": row.tenant_id,
        "bot_id": row.bot_id,
        "user_id": row.user_id,
        "team_id": row.team_id,
    }
