"""Link rebuild jobs: the background recomputation of link suggestions after a plan edit

Revision ID: rebuilds_0001
Revises: mappings_0001
Create Date: 2026-12-04 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "rebuilds_0001"
down_revision = "mappings_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_rebuild_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "done",
                "failed",
                name="jobstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("texts_total", sa.Integer(), nullable=False),
        sa.Column("texts_done", sa.Integer(), nullable=False),
        sa.Column("suggestions_made", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("cursor_kind", sa.String(length=32), nullable=True),
        sa.Column("cursor_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            name=op.f("fk_link_rebuild_job_plan_id_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_rebuild_job")),
    )
    with op.batch_alter_table("link_rebuild_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_rebuild_job_plan_id"), ["plan_id"])
        batch_op.create_index(batch_op.f("ix_link_rebuild_job_status"), ["status"])


def downgrade() -> None:
    with op.batch_alter_table("link_rebuild_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_rebuild_job_status"))
        batch_op.drop_index(batch_op.f("ix_link_rebuild_job_plan_id"))
    op.drop_table("link_rebuild_job")
