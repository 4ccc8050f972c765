"""``yousaid survey``: load definitions, open and close surveys, and hand out links to them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click
from sqlalchemy.orm import Session

from storage.repositories import surveys
from survey.cli.context import in_unit_of_work, settings, unit_of_work
from survey.cli.errors import user_errors
from survey.intake.loading import load_survey_file
from survey.parents.distribution import (
    QR_FORMATS,
    create_link,
    list_links,
    qr_code,
    set_survey_window,
    survey_url,
)


@click.group("survey")
def survey_group() -> None:
    """Load survey definitions."""


@survey_group.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
@user_errors
@in_unit_of_work
def survey_load(session: Session, file: str) -> str:
    """Check and load a survey definition from FILE.yaml (a changed definition is a new version)."""
    return str(load_survey_file(session, Path(file), actor="cli"))


def _moment(value: str | None, option: str) -> dt.datetime | None:
    """A date (midnight UTC) or date and time typed on the command line."""
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(
            value if "T" in value or " " in value else value + "T00:00"
        )
    except ValueError:
        raise click.ClickException(
            f"{option} must be a date like 2026-05-01 or a date and time like 2026-05-01T09:00"
        ) from None


@survey_group.command("open")
@click.argument("slug")
@click.option("--from", "opens", help="Open from this date (default: now).")
@click.option("--until", "closes", help="Close at this date (default: no closing date).")
@user_errors
@in_unit_of_work
def survey_open(session: Session, slug: str, opens: str | None, closes: str | None) -> str:
    """Open survey SLUG to parents, optionally between two dates."""
    return str(
        set_survey_window(
            session, slug, _moment(opens, "--from"), _moment(closes, "--until"), actor="cli"
        )
    )


@survey_group.command("close")
@click.argument("slug")
@click.option("--at", "closes", help="Close at this date and time (default: now).")
@user_errors
@in_unit_of_work
def survey_close(session: Session, slug: str, closes: str | None) -> str:
    """Close survey SLUG: parents see a polite closed page; answers already sent are kept."""
    closing = _moment(closes, "--at") or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    found = surveys.get_survey_by_slug(session, slug)
    opens = found.opens_at if found and found.opens_at and found.opens_at < closing else None
    return str(set_survey_window(session, slug, opens, closing, actor="cli"))


@survey_group.group("link")
def survey_link() -> None:
    """Distribution links that attribute responses to an LA, school, setting or event."""


@survey_link.command("create")
@click.option("--survey", "slug", required=True, help="The survey's slug.")
@click.option("--org", "org_code", help="Code of the LA, school or setting handing out the link.")
@click.option("--event", help="Name of the event, e.g. 'Parents' conference May 2026'.")
@click.option(
    "--qr",
    "qr_folder",
    type=click.Path(file_okay=False),
    help="Also write QR codes (PNG and SVG) for posters into this folder.",
)
@user_errors
def survey_link_create(
    slug: str, org_code: str | None, event: str | None, qr_folder: str | None
) -> None:
    """Create a distribution link and print its address (and write its QR codes)."""
    config = settings()
    # The link is stored even when PUBLIC_BASE_URL is missing: the address is made after commit.
    with unit_of_work() as session:
        link = create_link(session, slug, org_code, event, actor="cli")
    url = _link_url(config, slug, link.token)
    click.echo(url)
    if qr_folder:
        for path in _write_qr_codes(Path(qr_folder), url, slug, link.token):
            click.echo(f"Wrote {path}")


@survey_link.command("list")
@click.option("--survey", "slug", required=True, help="The survey's slug.")
@user_errors
@in_unit_of_work
def survey_link_list(session: Session, slug: str) -> str:
    """List a survey's distribution links: token, who it is for, and whether it still counts."""
    config = settings()
    lines = []
    for link in list_links(session, slug):
        state = "active" if link.active else "closed"
        who = ", ".join(part for part in (link.organisation, link.event) if part)
        lines.append(f"{link.token}  {state:6}  {who}  {_link_url(config, slug, link.token)}")
    return "\n".join(lines)


@survey_link.command("qr")
@click.option("--survey", "slug", required=True, help="The survey's slug.")
@click.option("--token", help="The link's token (default: the survey's plain address).")
@click.option("--out", "folder", required=True, type=click.Path(file_okay=False))
@user_errors
def survey_link_qr(slug: str, token: str | None, folder: str) -> None:
    """Write PNG and SVG QR codes for a survey link, for posters and leaflets."""
    url = _link_url(settings(), slug, token)
    for path in _write_qr_codes(Path(folder), url, slug, token):
        click.echo(f"Wrote {path}")


def _link_url(config: dict[str, Any], slug: str, token: str | None) -> str:
    base = config.get("PUBLIC_BASE_URL")
    if not base:
        raise click.ClickException(
            "Set PUBLIC_BASE_URL to the service's public address (e.g. "
            "https://haveyoursay.example.gov.uk) so links and QR codes point at it."
        )
    return survey_url(base, slug, token)


def _write_qr_codes(folder: Path, url: str, slug: str, token: str | None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in QR_FORMATS:
        path = folder / f"{slug}{'-' + token if token else ''}.{kind}"
        path.write_bytes(qr_code(url, kind))
        written.append(path)
    return written
