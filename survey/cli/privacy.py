"""``yousaid retention`` and ``yousaid subject``: UK GDPR retention and data-subject requests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, TypeVar

import click
from sqlalchemy.orm import Session

from survey.cli.context import in_unit_of_work, settings, unit_of_work
from survey.cli.errors import user_errors
from survey.privacy.retention import apply_retention
from survey.privacy.subjects import erase_subject, export_subject, make_subject

F = TypeVar("F", bound=Callable[..., Any])


def _now() -> dt.datetime:
    """Naive UTC, as the database stores it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@click.group()
def retention() -> None:
    """Remove personal data past its retention period (surveys' retention_days, defaults)."""


@retention.command("apply")
@click.option("--apply", "act", is_flag=True, help="Act: without it, only report what would go.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@user_errors
@in_unit_of_work
def retention_apply(session: Session, act: bool, as_json: bool) -> str:
    """Delete contact details and blank free text past retention; scores and counts stay.

    A dry run by default. Safe to run from cron: a second run finds nothing more to do.
    """
    summary = apply_retention(session, settings(), _now(), act=act, actor="cli")
    if as_json:
        return json.dumps(summary.as_dict(), sort_keys=True)
    verb = "Changed" if act else "Would change"
    lines = [
        f"{line.scope}: {line.count} {line.what} (before {line.cutoff:%Y-%m-%d})"
        for line in summary.lines
        if line.count
    ]
    if not summary.total:
        lines.append("Nothing is past its retention period.")
    elif not act:
        lines.append(f"{verb} {summary.total} records. Run again with --apply to do it.")
    else:
        lines.append(f"{verb} {summary.total} records; recorded in the audit trail.")
    return "\n".join(lines)


def _subject_options(command: F) -> F:
    options = [
        click.option("--reference", help="A response or staff submission reference (YS-...)."),
        click.option("--email", help="The email address left as a contact detail."),
        click.option("--slack-user", help="A Slack user id (U...); named submissions only."),
        click.option("--workspace", help="The Slack workspace id (T...), with --slack-user."),
        click.option("--teams-user", help="A Teams user id; named submissions only."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group()
def subject() -> None:
    """Data-subject requests: export or erase everything about one person.

    Anonymous staff submissions are found by their reference only.
    """


@subject.command("export")
@_subject_options
@user_errors
def subject_export(**identifiers: str | None) -> None:
    """Print everything stored about the person as JSON (audited)."""
    # The identifiers are checked before the database is opened.
    person = make_subject(**identifiers)
    with unit_of_work() as session:
        data = export_subject(session, person, _now(), actor="cli")
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@subject.command("erase")
@_subject_options
@click.option("--yes", is_flag=True, help="Confirm: without it, only show what would be erased.")
@user_errors
def subject_erase(yes: bool, **identifiers: str | None) -> None:
    """Erase everything stored about the person (audited); needs --yes."""
    person = make_subject(**identifiers)
    with unit_of_work() as session:
        counts = erase_subject(session, person, act=yes, actor="cli")
    found = {name: count for name, count in counts.items() if count}
    listed = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in found.items())
    if not found:
        click.echo("Nothing is stored about that person; nothing was erased.")
    elif yes:
        click.echo(f"Erased {listed}; recorded in the audit trail.")
    else:
        raise click.ClickException(f"Nothing was erased: add --yes to erase {listed}.")
