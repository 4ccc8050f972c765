"""``yousaid stats`` and ``yousaid seed-demo``: what is stored, and a demo region to try."""

from __future__ import annotations

import json
from pathlib import Path

import click
from sqlalchemy.orm import Session

from storage.repositories.stats import count_records
from survey.cli.context import in_unit_of_work, migrated_database, settings
from survey.cli.errors import user_errors
from survey.demo import seed_demo as run_seed


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (for monitoring).")
@in_unit_of_work
def stats(session: Session, as_json: bool) -> str:
    """Print the number of records of each kind."""
    counts = count_records(session)
    if as_json:
        return json.dumps(counts, sort_keys=True)
    lines = []
    for name, value in counts.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        lines.append(f"{name.replace('_', ' ')}: {value}")
    return "\n".join(lines)


@click.command("seed-demo")
@click.option(
    "--seed",
    default=2026,
    show_default=True,
    help="Random seed: the same seed gives the same data.",
)
@click.option(
    "--months",
    default=18,
    show_default=True,
    type=click.IntRange(1, 60),
    help="Months of evidence to generate.",
)
@click.option("--yes", is_flag=True, help="Confirm loading demo data into a production database.")
@user_errors
def seed_demo(seed: int, months: int, yes: bool) -> None:
    """Load a demo region, both plans, the surveys, an officer account and synthetic evidence.

    Safe to run again: what exists is reused, nothing is wiped, and evidence is added only once.
    """
    config = settings()
    if config["PRODUCTION"] and not yes:
        raise click.ClickException("Refusing to load demo data into production without --yes.")
    summary = run_seed(
        migrated_database(),
        Path(config["YOUSAID_INSTANCE_PATH"]),
        config["SECRET_KEY"],
        seed=seed,
        months=months,
        echo=click.echo,
    )
    click.echo(summary)
