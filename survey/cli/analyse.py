"""``yousaid analyse``: sentiment and themes over the stored evidence."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from sqlalchemy.orm import Session

from analysis.sentiment import ANALYSER_VERSION
from storage.repositories.texts import TextSlice, count_texts_to_score
from survey.cli.context import in_unit_of_work, unit_of_work
from survey.cli.errors import user_errors
from survey.intake.scoring import month_slice, rescore_all, themes_for


@click.group()
def analyse() -> None:
    """Sentiment and themes over the stored evidence."""


@analyse.command("rescore")
@in_unit_of_work
def analyse_rescore(session: Session) -> str:
    """Recompute every stored sentiment score with the current analyser (after it changes)."""
    total = count_texts_to_score(session)
    with click.progressbar(length=total, label="Rescoring", file=sys.stderr) as bar:
        done = rescore_all(session, progress=bar.update)
    return f"Rescored {done} texts with {ANALYSER_VERSION}."


@analyse.command("themes")
@click.option("--period", help="A month written YYYY-MM (default: all time).")
@click.option("--survey", "survey_slug", help="Only this survey's answers.")
@click.option("--question", help="Only this question's answers (with --survey).")
@click.option("--workstream", help="Only staff submissions in this workstream.")
@click.option("--action", help="Only evidence linked to this action reference.")
@click.option("--la", help="Only responses attributed to this LA code.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 50))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@user_errors
def analyse_themes(
    period: str | None,
    survey_slug: str | None,
    question: str | None,
    workstream: str | None,
    action: str | None,
    la: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Show what people talk about in a slice, with counts, sentiment and change."""
    filters: dict[str, Any] = {
        "survey": survey_slug,
        "question": question,
        "workstream": workstream,
        "action": action,
        "organisation": la,
    }
    try:
        where = month_slice(period, **filters) if period else TextSlice(**filters)
    except ValueError:
        raise click.ClickException("Write the period as a month, like 2026-10.") from None
    with unit_of_work() as session:
        found = themes_for(session, where, limit=limit)
    if as_json:
        click.echo(json.dumps([_theme_json(t) for t in found], indent=2))
        return
    if not found:
        click.echo("No themes: there is too little free text in that slice.")
    for theme in found:
        mood = "n/a" if theme.mean_sentiment is None else f"{theme.mean_sentiment:+.2f}"
        click.echo(
            f"{theme.label}: {theme.count} mentions ({theme.change:+d}), mean sentiment {mood}"
        )
        for quote in theme.quotes:
            click.echo(f'    "{quote}"')


def _theme_json(theme: Any) -> dict[str, Any]:
    return {
        "key": theme.key,
        "label": theme.label,
        "count": theme.count,
        "previous_count": theme.previous_count,
        "change": theme.change,
        "mean_sentiment": theme.mean_sentiment,
        "quotes": list(theme.quotes),
    }
