"""Slack workspaces that installed the app (multi-workspace OAuth)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import SlackInstallation


def workspace_key(enterprise_id: str | None, team_id: str | None) -> str:
    return f"{enterprise_id or '-'}:{team_id or '-'}"


def get_installation(
    session: Session, enterprise_id: str | None, team_id: str | None
) -> SlackInstallation | None:
    return session.scalar(
        select(SlackInstallation).where(
            SlackInstallation.workspace_key == workspace_key(enterprise_id, team_id)
        )
    )


def get_installation_for_team(session: Session, team_id: str) -> SlackInstallation | None:
    return session.scalar(select(SlackInstallation).where(SlackInstallation.team_id == team_id))


def list_installations(session: Session) -> list[SlackInstallation]:
    return list(session.scalars(select(SlackInstallation).order_by(SlackInstallation.id)))


def upsert_installation(session: Session, **fields: Any) -> SlackInstallation:
    """One row per workspace: reinstalling replaces the token and scopes."""
    key = workspace_key(fields.get("enterprise_id"), fields.get("team_id"))
    row = session.scalar(select(SlackInstallation).where(SlackInstallation.workspace_key == key))
    if row is None:
        row = SlackInstallation(workspace_key=key)
        session.add(row)
    for name, value in fields.items():
        setattr(row, name, value)
    session.flush()
    return row


def delete_installation(session: Session, enterprise_id: str | None, team_id: str | None) -> bool:
    row = get_installation(session, enterprise_id, team_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
