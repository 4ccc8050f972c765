"""Plan import mappings: the column mapping last used to import each plan from Word, Excel or CSV

Revision ID: mappings_0001
Revises: reviews_0001
Create Date: 2026-12-04 20:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "mappings_0001"
down_revision = "reviews_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_import_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_slug", sa.String(length=100), nullable=False),
        sa.Column("source_kind", sa.String(length=8), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_import_mapping")),
        sa.UniqueConstraint(
            "plan_slug",
            "source_kind",
            name=op.f("uq_plan_import_mapping_plan_slug_source_kind"),
        ),
    )


def downgrade() -> None:
    op.drop_table("plan_import_mapping")
