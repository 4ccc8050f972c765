"""Distribution links and QR codes: a survey link per LA, school, setting or event, so responses
can be counted by where the link was handed out without saying anything about who answered."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import segno
from sqlalchemy.orm import Session

from storage.repositories import audit, distribution_links, organisations, surveys
from survey.domain.errors import DomainError, NotFound

if TYPE_CHECKING:
    from storage.models import DistributionLink

QR_FORMATS = ("png", "svg")


@dataclass(frozen=True)
class LinkSummary:
    token: str
    survey: str
    organisation: str | None
    event: str | None
    active: bool


def survey_url(base_url: str, slug: str, token: str | None = None) -> str:
    """The public address of a survey, with the link's token when there is one."""
    url = f"{base_url.rstrip('/')}/s/{slug}"
    return f"{url}?{urlencode({'src': token})}" if token else url


def create_link(
    session: Session, slug: str, organisation_code: str | None, event: str | None, actor: str
) -> LinkSummary:
    survey = surveys.get_survey_by_slug(session, slug)
    if survey is None:
        raise NotFound(f"There is no survey called '{slug}'", field="survey")
    organisation = None
    if organisation_code:
        organisation = organisations.get_organisation_by_code(session, organisation_code)
        if organisation is None:
            raise NotFound(f"There is no organisation with code '{organisation_code}'", field="org")
    event = (event or "").strip() or None
    if organisation is None and event is None:
        raise DomainError("Give an organisation (--org) or an event (--event), or both", "org")
    if event and len(event) > 200:
        raise DomainError("Keep the event name to 200 characters or fewer", field="event")
    link = distribution_links.create_link(
        session, survey, secrets.token_urlsafe(9), organisation, event
    )
    audit.create_audit_event(
        session,
        actor,
        "survey.link_created",
        "survey",
        slug,
        {"token": link.token, "organisation": organisation_code, "event": event},
    )
    return _summary(link, slug)


def list_links(session: Session, slug: str) -> list[LinkSummary]:
    survey = surveys.get_survey_by_slug(session, slug)
    if survey is None:
        raise NotFound(f"There is no survey called '{slug}'", field="survey")
    return [_summary(link, slug) for link in distribution_links.list_links(session, survey)]


def set_link_active(session: Session, token: str, active: bool, actor: str) -> LinkSummary:
    link = distribution_links.get_link_by_token(session, token)
    if link is None:
        raise NotFound(f"There is no distribution link '{token}'", field="token")
    distribution_links.update_link(session, link, active)
    audit.create_audit_event(
        session,
        actor,
        "survey.link_" + ("opened" if active else "closed"),
        "survey",
        link.survey.slug,
        {"token": token},
    )
    return _summary(link, link.survey.slug)


def _summary(link: DistributionLink, slug: str) -> LinkSummary:
    organisation = link.organisation
    return LinkSummary(
        token=link.token,
        survey=slug,
        organisation=organisation.name if organisation else None,
        event=link.event,
        active=bool(link.active),
    )


def qr_code(url: str, kind: str, scale: int = 8) -> bytes:
    """A QR code for a poster: PNG for printing at any size, SVG for designers."""
    if kind not in QR_FORMATS:
        raise DomainError(f"Choose a QR code format: {', '.join(QR_FORMATS)}", field="format")
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    if kind == "png":
        code.save(buffer, kind="png", scale=scale, border=4)
    else:
        code.save(buffer, kind="svg", scale=scale, border=4, title=f"QR code for {url}")
    return buffer.getvalue()


def set_survey_window(
    session: Session,
    slug: str,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    actor: str,
) -> str:
    """Open or close a survey by date; a closed survey shows parents a polite closed page."""
    survey = surveys.get_survey_by_slug(session, slug)
    if survey is None:
        raise NotFound(f"There is no survey called '{slug}'", field="survey")
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError("The closing date must be after the opening date", field="until")
    surveys.update_survey_window(session, survey, opens_at, closes_at)
    audit.create_audit_event(
        session,
        actor,
        "survey.window_changed",
        "survey",
        slug,
        {
            "opens_at": opens_at.isoformat() if opens_at else None,
            "closes_at": closes_at.isoformat() if closes_at else None,
        },
    )
    opens = f"opens {opens_at:%d %B %Y %H:%M}" if opens_at else "is open now"
    closes = f"closes {closes_at:%d %B %Y %H:%M}" if closes_at else "has no closing date"
    return f"Survey '{slug}' {opens} and {closes} (UTC)."
