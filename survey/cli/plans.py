"""``yousaid plan load``, ``yousaid orgs load`` and ``yousaid seed-demo``: the action plan, the
organisations, and a whole demo region to try them with."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.orm import Session

from survey.cli.context import in_unit_of_work, migrated_database, settings
from survey.cli.errors import user_errors
from survey.demo import seed_demo as run_seed
from survey.intake.loading import load_organisations, load_plan


@click.group()
def plan() -> None:
    """Load action plans (priorities, actions, outcome measures, indicators)."""


@plan.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
@user_errors
@in_unit_of_work
def plan_load(session: Session, file: str) -> str:
    """Load or update a plan from FILE.yaml (idempotent by references and codes)."""
    return str(load_plan(session, Path(file), actor="cli"))


@click.group("orgs")
def orgs_group() -> None:
    """Load organisations (local authorities, schools, settings, services)."""


@orgs_group.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
@user_errors
@in_unit_of_work
def orgs_load(session: Session, file: str) -> str:
    """Load or update organisations from FILE.yaml (idempotent by code)."""
    count = load_organisations(session, Path(file), actor="cli")
    return f"Loaded {count} organisations."


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
