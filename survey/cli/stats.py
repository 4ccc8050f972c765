"""``yousaid stats``: how many records of each kind are stored (for people and monitoring).

Its own module, so that a monitoring probe does not load the demo generator or the analysers.
"""

from __future__ import annotations

import json

import click
from sqlalchemy.orm import Session

from storage.repositories.stats import count_records
from survey.cli.context import in_unit_of_work


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
