"""``yousaid db``: migrate the configured database forward or back."""

from __future__ import annotations

import click

from storage.migrate import downgrade, upgrade
from survey.cli.context import database, settings
from survey.cli.errors import reason


@click.group()
def db() -> None:
    """Migrate the configured database (DATABASE_URL)."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate forward to REVISION (default: the latest)."""
    found = database()
    try:
        upgrade(found.engine, revision)
    except Exception as error:  # alembic raises many types; all mean "could not migrate"
        raise click.ClickException(f"Could not migrate the database: {reason(error)}") from None
    click.echo(f"Database is at revision {revision}.")


@db.command("downgrade")
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Confirm a downgrade in production.")
def db_downgrade(revision: str, yes: bool) -> None:
    """Migrate back to REVISION ('base' removes every table)."""
    if settings()["PRODUCTION"] and not yes:
        raise click.ClickException("Refusing to downgrade a production database without --yes.")
    found = database()
    try:
        downgrade(found.engine, revision)
    except Exception as error:
        raise click.ClickException(f"Could not migrate the database: {reason(error)}") from None
    click.echo(f"Database is at revision {revision}.")
