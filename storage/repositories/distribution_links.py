"""Distribution links: tokens that attribute a survey's responses to an organisation or event."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from storage.models import DistributionLink, Organisation, Survey


def create_link(
    session: Session,
    survey: Survey,
    token: str,
    organisation: Organisation | None,
    event: str | None,
) -> DistributionLink:
    link = DistributionLink(
        survey_id=survey.id,
        token=token,
        organisation_id=organisation.id if organisation else None,
        event=event,
        active=True,
    )
    session.add(link)
    session.flush()
    return link


def get_link_by_token(session: Session, token: str) -> DistributionLink | None:
    return session.scalar(
        select(DistributionLink)
        .where(DistributionLink.token == token)
        .options(selectinload(DistributionLink.organisation), selectinload(DistributionLink.survey))
    )


def list_links(session: Session, survey: Survey) -> list[DistributionLink]:
    return list(
        session.scalars(
            select(DistributionLink)
            .where(DistributionLink.survey_id == survey.id)
            .options(selectinload(DistributionLink.organisation))
            .order_by(DistributionLink.created_at, DistributionLink.id)
        )
    )


def update_link(session: Session, link: DistributionLink, active: bool) -> None:
    link.active = active
    session.flush()
