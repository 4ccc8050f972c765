"""A background recomputation of the unreviewed link suggestions, queued when an officer changes
a plan's keywords, wording or measures, and worked through in batches so its progress shows.

``cursor_kind`` / ``cursor_id`` say where the walk over the free texts has got to (answers, then
staff submissions, then meeting notes, each by id), so a job whose runner died resumes there.
``heartbeat_at`` is stamped after every batch; a running job without one for a while was left by
a runner that died. ``error`` is a short code, never free text.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.declarative import Base, stored_enum, utcnow
from storage.models.enums import JobStatus


class LinkRebuildJob(Base):
    __tablename__ = "link_rebuild_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[JobStatus] = mapped_column(
        stored_enum(JobStatus), default=JobStatus.QUEUED, index=True
    )
    texts_total: Mapped[int] = mapped_column(Integer, default=0)
    texts_done: Mapped[int] = mapped_column(Integer, default=0)
    suggestions_made: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # runs that claimed it
    cursor_kind: Mapped[str | None] = mapped_column(String(32))
    cursor_id: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(String(64))
