"""Organisations (LAs, schools, settings, services) and networks."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storage.models import Network, Organisation, OrganisationKind


def get_organisation_by_code(session: Session, code: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.code == code))


def list_organisations(
    session: Session,
    kinds: Sequence[str] = (),
    region: str | None = None,
    search: str | None = None,
    limit: int | None = None,
) -> list[Organisation]:
    query = select(Organisation).where(Organisation.active.is_(True))
    if kinds:
        query = query.where(Organisation.kind.in_([OrganisationKind(k) for k in kinds]))
    if region:
        query = query.where(Organisation.region == region)
    if search:
        # autoescape: a "%" or "_" typed by a parent is a character to find, not a wildcard.
        term = search.strip().lower()
        query = query.where(
            or_(
                func.lower(Organisation.name).contains(term, autoescape=True),
                func.lower(Organisation.code).contains(term, autoescape=True),
            )
        )
    query = query.order_by(Organisation.name)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def upsert_organisation(
    session: Session,
    code: str,
    name: str,
    kind: str,
    region: str | None = None,
    dfe_code: str | None = None,
    parent_code: str | None = None,
) -> Organisation:
    organisation = get_organisation_by_code(session, code)
    if organisation is None:
        organisation = Organisation(code=code)
        session.add(organisation)
    organisation.name = name
    organisation.kind = OrganisationKind(kind)
    organisation.dfe_code = dfe_code
    parent = get_organisation_by_code(session, parent_code) if parent_code else None
    organisation.parent = parent
    organisation.region = region or (parent.region if parent else None)
    session.flush()
    return organisation


def get_network_by_slug(session: Session, slug: str) -> Network | None:
    return session.scalar(select(Network).where(Network.slug == slug))


def list_networks(session: Session) -> list[Network]:
    return list(session.scalars(select(Network).order_by(Network.name)))


def list_network_members(session: Session, network: Network) -> list[Organisation]:
    """The LAs a network's meetings are counted against: the LAs of its region."""
    return list_organisations(session, kinds=["la"], region=network.region)


def get_network(session: Session, network_id: int) -> Network | None:
    return session.get(Network, network_id)


def list_region_las(session: Session, region: str) -> list[Organisation]:
    return list(
        session.scalars(
            select(Organisation)
            .where(
                Organisation.region == region,
                Organisation.kind == OrganisationKind.LA,
                Organisation.active.is_(True),
            )
            .order_by(Organisation.name)
        )
    )


def list_las(session: Session) -> list[Organisation]:
    return list(
        session.scalars(
            select(Organisation)
            .where(Organisation.kind == OrganisationKind.LA, Organisation.active.is_(True))
            .order_by(Organisation.name)
        )
    )


def list_settings(session: Session, limit: int = 500) -> list[Organisation]:
    return list(
        session.scalars(
            select(Organisation)
            .where(Organisation.kind != OrganisationKind.LA, Organisation.active.is_(True))
            .order_by(Organisation.name)
            .limit(limit)
        )
    )


def get_organisation(session: Session, organisation_id: int) -> Organisation | None:
    return session.get(Organisation, organisation_id)
