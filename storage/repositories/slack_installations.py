"""Slack workspaces that installed the app (multi-workspace OAuth).

The bot token column holds the token encrypted (see ``storage.encryption``): callers pass the
plain token to :func:`upsert_installation` and read it back with :func:`bot_token`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.encryption import SecretBox, is_legacy_plaintext
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


def upsert_installation(session: Session, box: SecretBox, **fields: Any) -> SlackInstallation:
    """One row per workspace: reinstalling replaces the token and scopes.

    ``bot_token``, when given, is the plain token: it is stored encrypted with ``box``.
    """
    if "bot_token" in fields:
        fields["bot_token"] = box.encrypt(fields["bot_token"])
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


def bot_token(row: SlackInstallation, box: SecretBox) -> str:
    """The installation's plain bot token (UndecryptableSecret if no configured key opens it)."""
    return box.decrypt(row.bot_token)


def reencrypt_bot_tokens(session: Session, box: SecretBox) -> tuple[int, int]:
    """Every installation's token encrypted again with the newest key, legacy plaintext ones
    too: (tokens re-encrypted, of which were plaintext). UndecryptableSecret if any row does not
    decrypt: the caller's unit of work rolls back, so a rotation never half-happens."""
    rows = list_installations(session)
    plaintext = sum(1 for row in rows if is_legacy_plaintext(row.bot_token))
    for row in rows:
        row.bot_token = box.reencrypt(row.bot_token)
    session.flush()
    return len(rows), plaintext
