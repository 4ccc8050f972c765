"""``yousaid links``: suggested links from free text to the plan's actions and measures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import yaml

from analysis.matching import DEFAULT_THRESHOLD, Matcher, load_targets_from_plan_file, write_jsonl
from survey.cli.context import migrated_database, unit_of_work
from survey.cli.errors import reason, user_errors
from survey.cli.sentiment import read_lines
from survey.intake.link_rebuilds import LinkRebuilds
from survey.intake.linking import build_matcher, count_texts, plan_targets, rebuild_suggestions


@click.group("links")
def links_group() -> None:
    """Suggested links from free text to the plan's actions and measures."""


@links_group.command("suggest")
@click.option(
    "--plan",
    "plan_file",
    type=click.Path(dir_okay=False),
    help="Match against this plan file instead of the plans in the database.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(min=0),
    default=None,
    help="Keep suggestions scoring at least this (default: the one intake uses).",
)
def links_suggest(plan_file: str | None, threshold: float | None) -> None:
    """Suggest links for text: one text per line on stdin, one JSON object per line on stdout
    ({"actions": [...], "measures": [...]}, each with ref, score and matched_terms, best first).
    Nothing is stored."""
    chosen = DEFAULT_THRESHOLD if threshold is None else threshold
    if plan_file:
        matcher = Matcher(_plan_file_targets(Path(plan_file)), threshold=chosen)
    else:
        with unit_of_work() as session:
            rows = plan_targets(session)
        if not rows:
            raise click.ClickException(
                "There is no plan in the database: load one with 'yousaid plan load FILE.yaml' "
                "or pass --plan FILE.yaml."
            )
        matcher = build_matcher(rows, chosen)
    write_jsonl(matcher, read_lines(sys.stdin), sys.stdout)


def _plan_file_targets(path: Path) -> list[Any]:
    if not path.is_file():
        raise click.ClickException(f"There is no plan file at {path}.")
    try:
        targets = load_targets_from_plan_file(path)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{path} is not a readable YAML plan: {reason(error)}") from None
    except (KeyError, TypeError, AttributeError):
        raise click.ClickException(
            f"{path} is not a plan file: it needs measures with a code and actions with a ref."
        ) from None
    if not targets:
        raise click.ClickException(f"{path} has no actions or measures to match against.")
    return targets


@links_group.command("rebuild")
@click.option(
    "--queued",
    is_flag=True,
    help="Run the jobs officers' plan edits queued (and any a stopped web process left "
    "running) instead of one full rebuild.",
)
@user_errors
def links_rebuild(queued: bool) -> None:
    """Recompute every suggested link after the plan changes. Confirmed, rejected, manual and
    declared links are kept; a rejected suggestion is never made again.

    With --queued, finish the recomputations the web app queued after officers' edits, batch
    by batch with their progress on the plan page (for a deployment with BACKGROUND_JOBS=off,
    from cron, or after a restart)."""
    if queued:
        click.echo(_run_queued())
        return
    with unit_of_work() as session:
        total = count_texts(session)
        with click.progressbar(length=total, label="Matching", file=sys.stderr) as bar:
            result = rebuild_suggestions(session, progress=bar.update)
    click.echo(str(result))  # only once the work is committed


def _run_queued() -> str:
    reports = LinkRebuilds(migrated_database().unit_of_work).run_queued()
    if not reports:
        return "No link rebuild jobs were waiting."
    failed = [report for report in reports if report.status == "failed"]
    lines = "\n".join(str(report) for report in reports)
    if failed:
        raise click.ClickException(
            f"{lines}\n{len(failed)} link rebuild job{'s' if len(failed) > 1 else ''} failed."
        )
    return lines
