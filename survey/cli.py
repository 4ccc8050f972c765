"""The ``yousaid`` command line: one plain sentence and a non-zero exit for every user error."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from survey.errors import DomainError

F = TypeVar("F", bound=Callable[..., Any])


def _settings() -> dict[str, Any]:
    from survey.config import build_config

    return build_config()


def _database() -> Any:
    from storage.database import Database

    return Database(_settings()["DATABASE_URL"])


def user_errors(command: F) -> F:
    """Turn domain errors into click errors: one line per problem, exit status 1."""

    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DomainError as error:
            if len(error.problems) == 1:
                raise click.ClickException(str(error.problems[0])) from None
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise click.ClickException(
                f"{len(error.problems)} problems, nothing was stored:\n{lines}"
            ) from None

    return wrapped  # type: ignore[return-value]


def _requires_migrated(database: Any) -> None:
    from storage.migrate import is_up_to_date

    if not is_up_to_date(database.engine):
        raise click.ClickException(
            "The database is not up to date; run 'yousaid db upgrade' first."
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="yousaid")
def main() -> None:
    """yousaid: hear from parents, staff and hub leads, link it to the SEND action plan, and
    show what changed because of it."""


# --- database -----------------------------------------------------------------------------------


@main.group()
def db() -> None:
    """Migrate the configured database (DATABASE_URL)."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate forward to REVISION (default: the latest)."""
    from storage.migrate import upgrade

    database = _database()
    try:
        upgrade(database.engine, revision)
    except Exception as error:  # alembic raises many types; all mean "could not migrate"
        raise click.ClickException(f"Could not migrate the database: {_reason(error)}") from None
    click.echo(f"Database is at revision {revision}.")


@db.command("downgrade")
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Confirm a downgrade in production.")
def db_downgrade(revision: str, yes: bool) -> None:
    """Migrate back to REVISION ('base' removes every table)."""
    from storage.migrate import downgrade

    settings = _settings()
    if settings["PRODUCTION"] and not yes:
        raise click.ClickException("Refusing to downgrade a production database without --yes.")
    database = _database()
    try:
        downgrade(database.engine, revision)
    except Exception as error:
        raise click.ClickException(f"Could not migrate the database: {_reason(error)}") from None
    click.echo(f"Database is at revision {revision}.")


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:300]


# --- serving ------------------------------------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=5000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
def serve(host: str, port: int) -> None:
    """Serve the web app (development server; see the README for production)."""
    from survey.app import create_app

    app = create_app()
    _requires_migrated(app.extensions["yousaid.database"])
    click.echo(f"yousaid is running at http://{host}:{port}/ (press Ctrl+C to stop)")
    login = Path(app.instance_path) / "demo-login.txt"
    if login.exists():
        click.echo(login.read_text(encoding="utf-8").strip())
    app.run(host=host, port=port, debug=False, use_reloader=False)


# --- operators --------------------------------------------------------------------------------


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (for monitoring).")
def stats(as_json: bool) -> None:
    """Print the number of records of each kind."""
    from storage.repositories.stats import count_records

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        counts = count_records(session)
    if as_json:
        click.echo(json.dumps(counts, sort_keys=True))
        return
    for name, value in counts.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        click.echo(f"{name.replace('_', ' ')}: {value}")


# --- the outcome framework and surveys --------------------------------------------------------


@main.group()
def plan() -> None:
    """Load action plans (priorities, actions, outcome measures, indicators)."""


@plan.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
@user_errors
def plan_load(file: str) -> None:
    """Load or update a plan from FILE.yaml (idempotent by references and codes)."""
    from survey.loading import load_plan

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        result = load_plan(session, Path(file), actor="cli")
    click.echo(result)


@main.group("survey")
def survey_group() -> None:
    """Load survey definitions."""


@survey_group.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
@user_errors
def survey_load(file: str) -> None:
    """Check and load a survey definition from FILE.yaml (a changed definition is a new version)."""
    from survey.loading import load_survey_file

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        result = load_survey_file(session, Path(file), actor="cli")
    click.echo(result)


@main.group("orgs")
def orgs_group() -> None:
    """Load organisations (local authorities, schools, settings, services)."""


@orgs_group.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
@user_errors
def orgs_load(file: str) -> None:
    """Load or update organisations from FILE.yaml (idempotent by code)."""
    from survey.loading import load_organisations

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        count = load_organisations(session, Path(file), actor="cli")
    click.echo(f"Loaded {count} organisations.")


@main.command("seed-demo")
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
    from survey.demo import seed_demo as run_seed

    settings = _settings()
    if settings["PRODUCTION"] and not yes:
        raise click.ClickException("Refusing to load demo data into production without --yes.")
    database = _database()
    _requires_migrated(database)
    summary = run_seed(
        database,
        Path(settings["YOUSAID_INSTANCE_PATH"]),
        settings["SECRET_KEY"],
        seed=seed,
        months=months,
        echo=click.echo,
    )
    click.echo(summary)


# --- users --------------------------------------------------------------------------------------


@main.group()
def user() -> None:
    """Manage officer accounts."""


@user.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(["admin", "officer", "hub_lead"]),
    default="officer",
    show_default=True,
)
@click.option("--name", default=None, help="The person's name, shown in the audit trail.")
@click.password_option(prompt="Password (at least 12 characters)")
@user_errors
def user_create(email: str, role: str, name: str | None, password: str) -> None:
    """Create an officer account with EMAIL."""
    from survey.accounts import create_account

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        create_account(session, email, password, role, name=name, actor="cli")
    click.echo(f"Created {role} account for {email.strip().lower()}.")


# --- analysis -----------------------------------------------------------------------------------


def read_lines(stream: Any) -> Any:
    """Text lines from stdin, decoded as UTF-8 with bad bytes replaced (one line in, one out)."""
    for raw in stream.buffer if hasattr(stream, "buffer") else stream:
        line = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        yield line.rstrip("\r\n")


def run() -> None:  # pragma: no cover - console entry for python -m
    main(prog_name="yousaid")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
