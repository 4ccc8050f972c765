"""Officer accounts: a session version, raised to end every session of an account at once

Revision ID: sessions_0001
Revises: outbox_0001
Create Date: 2026-12-03 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "sessions_0001"
down_revision = "outbox_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Sessions made before this column carry no version, so everyone signs in once more.
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_version")
