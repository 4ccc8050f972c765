"""Slack bot tokens encrypted at rest: room in the column for a Fernet token

Revision ID: secrets_0001
Revises: sessions_0001
Create Date: 2026-12-03 17:30:00

A migration cannot encrypt: the keys (DATA_ENCRYPTION_KEYS) are configuration, not schema, and a
migration run without them must not lock the tokens away. Tokens already stored stay readable in
plain text until ``yousaid secrets rotate`` encrypts them; new ones are written encrypted. This
revision only widens the column, since an encrypted token is about three times the length of the
plain one (a rotating ``xoxe.xoxb-`` token would no longer fit in 255 characters).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "secrets_0001"
down_revision = "sessions_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("slack_installation", schema=None) as batch_op:
        batch_op.alter_column(
            "bot_token",
            existing_type=sa.String(length=255),
            type_=sa.Text(),
            existing_nullable=False,
        )


def downgrade() -> None:
    # An encrypted token longer than 255 characters does not fit: PostgreSQL then refuses and
    # nothing changes (SQLite does not check lengths). The tokens stay encrypted either way.
    with op.batch_alter_table("slack_installation", schema=None) as batch_op:
        batch_op.alter_column(
            "bot_token",
            existing_type=sa.Text(),
            type_=sa.String(length=255),
            existing_nullable=False,
        )
