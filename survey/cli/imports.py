"""``yousaid import responses``: answers collected on Microsoft Forms, Google Forms or paper."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy.orm import Session

from survey.cli.context import in_unit_of_work
from survey.cli.errors import user_errors
from survey.intake.importing import import_responses, rows_in


@click.group("import")
def import_group() -> None:
    """Import evidence collected elsewhere."""


@import_group.command("responses")
@click.option("--survey", "slug", required=True, help="The survey the answers belong to.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--mapping",
    "mapping_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="YAML file saying which column answers which question.",
)
@click.option("--skip-bad", is_flag=True, help="Store the good rows; write bad ones to a file.")
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False),
    help="Where --skip-bad writes rejected rows (default: FILE.rejects.csv).",
)
@user_errors
@in_unit_of_work
def import_responses_command(
    session: Session, slug: str, file: str, mapping_file: str, skip_bad: bool, rejects: str | None
) -> str:
    """Load responses from a Microsoft Forms or Google Forms export, or typed-up paper forms
    (CSV or XLSX). Every row goes through the same checks as the web form; nothing is stored
    if any row is bad, unless --skip-bad."""
    path = Path(file)
    with click.progressbar(length=rows_in(path), label="Checking rows", file=sys.stderr) as bar:
        result = import_responses(
            session,
            slug,
            path,
            Path(mapping_file),
            skip_bad=skip_bad,
            reject_path=Path(rejects) if rejects else None,
            progress=bar.update,
        )
    return str(result)
