"""``yousaid plan load`` and ``yousaid orgs load``: the action plan and the organisations."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.orm import Session

from survey.cli.context import in_unit_of_work
from survey.cli.errors import user_errors
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
