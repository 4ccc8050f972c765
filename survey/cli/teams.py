"""``yousaid teams``: the Microsoft Teams app package, and the digest under Teams' name."""

from __future__ import annotations

from pathlib import Path

import click

from bot.teams.package import PackageDetails, build_package
from survey.cli.chat import send_digest
from survey.cli.context import settings
from survey.cli.errors import user_errors


@click.group("teams")
def teams_group() -> None:
    """Microsoft Teams: the app package for the Teams admin centre."""


@teams_group.command("package")
@click.option(
    "--out",
    default="yousaid-teams.zip",
    show_default=True,
    type=click.Path(dir_okay=False, writable=True),
    help="Where to write the zip.",
)
@user_errors
def teams_package(out: str) -> None:
    """Write the Teams app package (manifest.json, colour and outline icons) to upload in Teams."""
    data = build_package(PackageDetails.from_config(settings()))
    try:
        Path(out).write_bytes(data)
    except OSError as error:
        raise click.ClickException(f"Could not write {out}: {error.strerror}.") from None
    click.echo(f"Wrote {out}: upload it in the Teams admin centre (Manage apps, Upload).")


@teams_group.command("digest")
@click.option("--period", type=click.Choice(["week", "month"]), default="week", show_default=True)
@user_errors
def teams_digest(period: str) -> None:
    """Another name for `yousaid digest send`: post the officers' digest to every configured
    officers' channel (Teams and Slack). Safe to run from cron."""
    send_digest(period)
