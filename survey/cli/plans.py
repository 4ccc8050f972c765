"""``yousaid plan load``, ``yousaid orgs load`` and ``yousaid seed-demo``: the action plan, the
organisations, and a whole demo region to try them with."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.orm import Session

from survey.cli.context import in_unit_of_work, migrated_database, settings
from survey.cli.errors import user_errors
from survey.demo import seed_demo as run_seed
from survey.domain.errors import DomainError
from survey.intake.loading import load_organisations, load_plan
from survey.intake.plan_files import MAX_PLAN_FILE_BYTES
from survey.intake.plan_import import mapping_yaml, preview_import, read_mapping_file, save_import


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


@plan.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(dir_okay=False),
    help="YAML file saying which tables to read and which column holds which field.",
)
@click.option("--slug", help="The plan's short name (default: from the file name).")
@click.option("--title", help="The plan's title when it is new (default: from the file name).")
@click.option(
    "--write-mapping",
    "write_mapping",
    type=click.Path(dir_okay=False),
    help="Write the mapping used to this YAML file, to correct and pass back with --mapping.",
)
@click.option("--yes", is_flag=True, help="Save the plan; without it nothing is stored.")
@user_errors
@in_unit_of_work
def plan_import(
    session: Session,
    file: str,
    mapping_file: str | None,
    slug: str | None,
    title: str | None,
    write_mapping: str | None,
    yes: bool,
) -> str:
    """Import a plan from its Word (.docx), Excel (.xlsx) or CSV table.

    Prints the proposed column mapping and a preview of what would be created, changed and left
    alone, with warnings by row; stores nothing without --yes.
    """
    path = Path(file)
    if not path.is_file():
        raise DomainError(f"There is no file at {path}", field="file")
    if path.stat().st_size > MAX_PLAN_FILE_BYTES:
        raise DomainError(f"{path.name} is larger than 20 MB; is it the right file?", "file")
    mapping = read_mapping_file(Path(mapping_file)) if mapping_file else None
    preview = preview_import(session, path.read_bytes(), path.name, slug, title, mapping)
    if write_mapping:
        Path(write_mapping).write_text(mapping_yaml(preview.mapping, preview.tables), "utf-8")
    report = "\n".join(preview.lines())
    if preview.problems:
        click.echo(report)
        count = len(preview.problems)
        raise DomainError(
            f"{count} problem{'s' if count > 1 else ''} in {path.name}; nothing was stored"
        )
    if preview.refused:
        click.echo(report)
        raise DomainError(
            f"Cannot remove {', '.join(preview.refused)} from plan '{preview.slug}': evidence is "
            "linked to it. Move or remove those links first, or keep it in the file",
            field="plan",
        )
    if preview.reviewed:
        click.echo(report)
        raise DomainError(
            f"Cannot remove {', '.join(preview.reviewed)} from plan '{preview.slug}': monthly "
            "reviews are recorded for it. Keep it in the file",
            field="plan",
        )
    if not yes:
        return report + "\nNothing was stored: run again with --yes to save it."
    return report + "\n" + save_import(session, preview, actor="cli")


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
