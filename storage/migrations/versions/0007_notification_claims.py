"""Notification outbox: when a deliverer claimed a row (sent once even with two deliverers)

Revision ID: outbox_0001
Revises: linking_0001
Create Date: 2026-11-30 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "outbox_0001"
down_revision = "linking_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    # A row some deliverer was sending when we went back is tried again.
    op.execute("UPDATE notification SET status = 'pending' WHERE status = 'sending'")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_column("claimed_at")
