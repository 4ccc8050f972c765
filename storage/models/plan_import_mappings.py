"""The column mapping an officer last used to import a plan from Word, Excel or CSV.

Next month's re-import of the same plan from the same kind of file starts from it, so the
officer corrects the mapping once, not every month.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.declarative import Base, utcnow


class PlanImportMapping(Base):
    __tablename__ = "plan_import_mapping"
    __table_args__ = (UniqueConstraint("plan_slug", "source_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_slug: Mapped[str] = mapped_column(String(100))
    source_kind: Mapped[str] = mapped_column(String(8))  # docx | xlsx | csv
    # {"table": 0, "sheet": "Plan", "columns": {"Reference": "ref", ...}}
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))
