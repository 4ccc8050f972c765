"""You said, we did: entries and the staff submissions they answer

Revision ID: linking_0001
Revises: teams_0001
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "linking_0001"
down_revision = "teams_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "you_said_we_did",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_did", sa.Text(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_you_said_we_did_action_id_action"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_you_said_we_did")),
    )
    with op.batch_alter_table("you_said_we_did", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_you_said_we_did_action_id"), ["action_id"])
        batch_op.create_index(batch_op.f("ix_you_said_we_did_done_on"), ["done_on"])
        batch_op.create_index(batch_op.f("ix_you_said_we_did_published"), ["published"])
    op.create_table(
        "you_said_we_did_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("notified_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["you_said_we_did.id"],
            name=op.f("fk_you_said_we_did_submission_entry_id_you_said_we_did"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["staff_submission.id"],
            name=op.f("fk_you_said_we_did_submission_submission_id_staff_submission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_you_said_we_did_submission")),
        sa.UniqueConstraint(
            "entry_id",
            "submission_id",
            name=op.f("uq_you_said_we_did_submission_entry_id_submission_id"),
        ),
    )
    with op.batch_alter_table("you_said_we_did_submission", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_you_said_we_did_submission_submission_id"), ["submission_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("you_said_we_did_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_you_said_we_did_submission_submission_id"))
    op.drop_table("you_said_we_did_submission")
    with op.batch_alter_table("you_said_we_did", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_you_said_we_did_published"))
        batch_op.drop_index(batch_op.f("ix_you_said_we_did_done_on"))
        batch_op.drop_index(batch_op.f("ix_you_said_we_did_action_id"))
    op.drop_table("you_said_we_did")
