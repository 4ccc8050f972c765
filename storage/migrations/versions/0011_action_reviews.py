"""Action reviews: each month's review status and note of an action, with who recorded it

Revision ID: reviews_0001
Revises: chat_0001
Create Date: 2026-12-04 20:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reviews_0001"
down_revision = "chat_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("status_label", sa.String(length=100), nullable=False),
        sa.Column(
            "rag",
            sa.Enum(
                "red",
                "amber",
                "green",
                "blue",
                "none",
                name="rag",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_action_review_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_review")),
    )
    with op.batch_alter_table("action_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_review_action_id"), ["action_id"])


def downgrade() -> None:
    with op.batch_alter_table("action_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_review_action_id"))
    op.drop_table("action_review")
