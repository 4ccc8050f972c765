"""``yousaid report`` and ``yousaid api token``: the monthly report and the API's tokens."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.orm import Session

from analysis.periods import parse_period
from storage.repositories.indicator_totals import EvidenceFilter
from storage.repositories.organisations import get_organisation_by_code
from survey.cli.context import create_app, in_unit_of_work, unit_of_work
from survey.cli.errors import user_errors
from survey.officers.api_tokens import create_token, list_tokens, revoke_token
from survey.officers.report_files import render
from survey.officers.reports import build_report

SCOPES = ["read:measures", "read:indicators", "read:responses", "read:meetings"]


@click.command()
@click.option("--period", required=True, help="2026-10, 2026-autumn, 2026-Q3, 2026-27 or a range.")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "xlsx", "csv"]), default="html", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option("--la", default=None, help="Only this LA (its code).")
@user_errors
def report(period: str, fmt: str, out: str, la: str | None) -> None:
    """Write the monthly data report (suppressed) for PERIOD as HTML, XLSX or CSV."""
    try:
        chosen = parse_period(period)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    app = create_app()
    with unit_of_work(app) as session:
        where = EvidenceFilter()
        if la:
            organisation = get_organisation_by_code(session, la)
            if organisation is None:
                raise click.ClickException(f"There is no organisation with code '{la}'.")
            where = EvidenceFilter(organisation_id=organisation.id)
        threshold = int(app.config.get("SUPPRESSION_THRESHOLD") or 5)
        body, _mimetype = render(
            build_report(session, chosen, where, threshold),
            fmt,
            app.jinja_env,
            app.config["COUNCIL_NAME"],
        )
    Path(out).write_bytes(body)
    click.echo(f"Wrote the {chosen.label} report to {out}.")


@click.group()
def api() -> None:
    """The read-only JSON API at /api/v1/."""


@api.group("token")
def api_token() -> None:
    """Create, list and revoke API tokens (stored hashed; shown once)."""


@api_token.command("create")
@click.option("--name", required=True, help="Who or what uses it, e.g. 'Power BI board pack'.")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(SCOPES),
    help="Repeat for each scope.",
)
@user_errors
@in_unit_of_work
def api_token_create(session: Session, name: str, scopes: tuple[str, ...]) -> str:
    """Create a token; it is printed once and cannot be shown again."""
    _record, token = create_token(session, name, list(scopes), actor="cli")
    return f"Created token '{name}' with {', '.join(sorted(scopes))}. Copy it now:\n{token}"


@api_token.command("list")
@in_unit_of_work
def api_token_list(session: Session) -> str:
    """List tokens (names, scopes, last use; never the tokens themselves)."""
    lines = []
    for record in list_tokens(session):
        state = "revoked" if record.revoked_at else "active"
        used = record.last_used_at.strftime("%Y-%m-%d %H:%M") if record.last_used_at else "never"
        lines.append(f"{record.name}: {state}, {' '.join(record.scopes)}, last used {used}")
    return "\n".join(lines)


@api_token.command("revoke")
@click.option("--name", required=True)
@user_errors
@in_unit_of_work
def api_token_revoke(session: Session, name: str) -> str:
    """Revoke a token at once; anything using it gets 401 from then on."""
    revoke_token(session, name, actor="cli")
    return f"Revoked token '{name}'."
