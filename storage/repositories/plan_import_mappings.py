"""The column mapping remembered for each plan and kind of file (docx, xlsx, csv)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import PlanImportMapping, utcnow


def get_mapping(session: Session, plan_slug: str, source_kind: str) -> dict[str, Any] | None:
    row = session.scalar(
        select(PlanImportMapping).where(
            PlanImportMapping.plan_slug == plan_slug,
            PlanImportMapping.source_kind == source_kind,
        )
    )
    return dict(row.mapping) if row is not None else None


def save_mapping(
    session: Session, plan_slug: str, source_kind: str, mapping: dict[str, Any], actor: str
) -> None:
    """Remember ``mapping`` for the plan and kind of file, replacing the one before."""
    row = session.scalar(
        select(PlanImportMapping).where(
            PlanImportMapping.plan_slug == plan_slug,
            PlanImportMapping.source_kind == source_kind,
        )
    )
    if row is None:
        row = PlanImportMapping(plan_slug=plan_slug, source_kind=source_kind)
        session.add(row)
    row.mapping, row.updated_by, row.updated_at = dict(mapping), actor, utcnow()
    session.flush()
