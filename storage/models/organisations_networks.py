"""Organisations (LAs with ONS/DfE codes, schools, settings, services) and the regional networks
whose meetings hub leads log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.declarative import Base, stored_enum
from storage.models.enums import OrganisationKind

if TYPE_CHECKING:
    from storage.models.outcome_framework import OutcomeMeasure


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # ONS code for LAs, else stable
    dfe_code: Mapped[str | None] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(stored_enum(OrganisationKind), index=True)
    region: Mapped[str | None] = mapped_column(String(100), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))  # a school's LA
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])


class Network(Base):
    """A regional hub or network whose meetings hub leads log; members are the region's LAs."""

    __tablename__ = "network"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))

    measures: Mapped[list[OutcomeMeasure]] = relationship(secondary="network_measure")


network_measure = Table(
    "network_measure",
    Base.metadata,
    Column("network_id", ForeignKey("network.id", ondelete="CASCADE"), primary_key=True),
    Column("measure_id", ForeignKey("outcome_measure.id", ondelete="CASCADE"), primary_key=True),
)
