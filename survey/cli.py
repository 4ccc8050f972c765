"""The ``yousaid`` command line: one plain sentence and a non-zero exit for every user error."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy.exc import DataError

from survey.domain.errors import DomainError

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
        except DataError as error:
            # PostgreSQL refuses a value SQLite would take (longer than its column, a NUL
            # byte): say which, in one line; the unit of work has rolled everything back.
            raise click.ClickException(
                f"The database refused a value, nothing was stored: {_reason(error.orig or error)}"
            ) from None
        except UnicodeEncodeError:
            # An argument with bytes that are not UTF-8 arrives as lone surrogates (Python's
            # surrogateescape); no database can look them up or store them.
            raise click.ClickException(
                "What you typed holds characters that are not UTF-8 text; type it again."
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
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port, printed at start).",
)
@click.option(
    "--production",
    is_flag=True,
    help="Serve with gunicorn and several workers; refuses unsafe settings.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="gunicorn workers (default: WEB_CONCURRENCY, or 2 x cores + 1).",
)
@user_errors
def serve(host: str, port: int, production: bool, workers: int | None) -> None:
    """Serve the web app (development server, or gunicorn with --production)."""
    if production:
        _serve_production(host, port, workers)
        return
    from survey.web.app import create_app

    app = create_app()
    _requires_migrated(app.extensions["yousaid.database"])
    click.echo(f"yousaid is running at http://{host}:{port}/ (press Ctrl+C to stop)")
    login = Path(app.instance_path) / "demo-login.txt"
    if login.exists():
        click.echo(login.read_text(encoding="utf-8").strip())
    app.run(host=host, port=port, debug=False, use_reloader=False)


def _serve_production(host: str, port: int, workers: int | None) -> None:
    from storage.database import Database
    from survey.web.production import production_settings, serve_production

    settings = production_settings()
    database = Database(settings["DATABASE_URL"])
    try:
        _requires_migrated(database)
    finally:
        database.dispose()  # no connection may be inherited by the forked workers
    serve_production(host, port, workers)


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
    from survey.intake.loading import load_plan

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
    from survey.intake.loading import load_survey_file

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
    from survey.intake.loading import load_organisations

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
    from survey.officers.accounts import create_account

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        create_account(session, email, password, role, name=name, actor="cli")
    click.echo(f"Created {role} account for {email.strip().lower()}.")


# --- analysis -----------------------------------------------------------------------------------


@main.command()
def sentiment() -> None:
    """Score text: one text per line on stdin, one JSON object per line on stdout
    (polarity, label, subjectivity, drivers). Empty lines stay aligned as neutral."""
    from analysis.sentiment import write_jsonl

    write_jsonl(read_lines(sys.stdin), sys.stdout)


@main.group()
def analyse() -> None:
    """Sentiment and themes over the stored evidence."""


@analyse.command("rescore")
def analyse_rescore() -> None:
    """Recompute every stored sentiment score with the current analyser (after it changes)."""
    from analysis.sentiment import ANALYSER_VERSION
    from storage.repositories.texts import count_texts_to_score
    from survey.intake.scoring import rescore_all

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        total = count_texts_to_score(session)
        with click.progressbar(length=total, label="Rescoring", file=sys.stderr) as bar:
            done = rescore_all(session, progress=bar.update)
    click.echo(f"Rescored {done} texts with {ANALYSER_VERSION}.")


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
    from storage.repositories.texts import TextSlice
    from survey.intake.scoring import month_slice, themes_for

    filters = {
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
    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
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


def read_lines(stream: Any) -> Any:
    """Text lines from stdin, decoded as UTF-8 with bad bytes replaced (one line in, one out)."""
    for raw in stream.buffer if hasattr(stream, "buffer") else stream:
        line = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        yield line.rstrip("\r\n")


# --- parent surveys on the web: opening, distribution links, imports ----------------------------


def _moment(value: str | None, option: str) -> Any:
    """A date (midnight UTC) or date and time typed on the command line."""
    import datetime as dt

    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(
            value if "T" in value or " " in value else value + "T00:00"
        )
    except ValueError:
        raise click.ClickException(
            f"{option} must be a date like 2026-05-01 or a date and time like 2026-05-01T09:00"
        ) from None


@survey_group.command("open")
@click.argument("slug")
@click.option("--from", "opens", help="Open from this date (default: now).")
@click.option("--until", "closes", help="Close at this date (default: no closing date).")
@user_errors
def survey_open(slug: str, opens: str | None, closes: str | None) -> None:
    """Open survey SLUG to parents, optionally between two dates."""
    from survey.parents.distribution import set_survey_window

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        click.echo(
            set_survey_window(
                session, slug, _moment(opens, "--from"), _moment(closes, "--until"), actor="cli"
            )
        )


@survey_group.command("close")
@click.argument("slug")
@click.option("--at", "closes", help="Close at this date and time (default: now).")
@user_errors
def survey_close(slug: str, closes: str | None) -> None:
    """Close survey SLUG: parents see a polite closed page; answers already sent are kept."""
    import datetime as dt

    from storage.repositories import surveys
    from survey.parents.distribution import set_survey_window

    database = _database()
    _requires_migrated(database)
    closing = _moment(closes, "--at") or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with database.unit_of_work() as session:
        survey = surveys.get_survey_by_slug(session, slug)
        opens = (
            survey.opens_at if survey and survey.opens_at and survey.opens_at < closing else None
        )
        click.echo(set_survey_window(session, slug, opens, closing, actor="cli"))


@survey_group.group("link")
def survey_link() -> None:
    """Distribution links that attribute responses to an LA, school, setting or event."""


@survey_link.command("create")
@click.option("--survey", "slug", required=True, help="The survey's slug.")
@click.option("--org", "org_code", help="Code of the LA, school or setting handing out the link.")
@click.option("--event", help="Name of the event, e.g. 'Parents' conference May 2026'.")
@click.option(
    "--qr",
    "qr_folder",
    type=click.Path(file_okay=False),
    help="Also write QR codes (PNG and SVG) for posters into this folder.",
)
@user_errors
def survey_link_create(
    slug: str, org_code: str | None, event: str | None, qr_folder: str | None
) -> None:
    """Create a distribution link and print its address (and write its QR codes)."""
    from survey.parents.distribution import create_link

    settings = _settings()
    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        link = create_link(session, slug, org_code, event, actor="cli")
    url = _link_url(settings, slug, link.token)
    click.echo(url)
    if qr_folder:
        for path in _write_qr_codes(Path(qr_folder), url, slug, link.token):
            click.echo(f"Wrote {path}")


@survey_link.command("list")
@click.option("--survey", "slug", required=True, help="The survey's slug.")
@user_errors
def survey_link_list(slug: str) -> None:
    """List a survey's distribution links: token, who it is for, and whether it still counts."""
    from survey.parents.distribution import list_links

    settings = _settings()
    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        links = list_links(session, slug)
    for link in links:
        state = "active" if link.active else "closed"
        who = ", ".join(part for part in (link.organisation, link.event) if part)
        click.echo(f"{link.token}  {state:6}  {who}  {_link_url(settings, slug, link.token)}")


@survey_link.command("qr")
@click.option("--survey", "slug", required=True, help="The survey's slug.")
@click.option("--token", help="The link's token (default: the survey's plain address).")
@click.option("--out", "folder", required=True, type=click.Path(file_okay=False))
@user_errors
def survey_link_qr(slug: str, token: str | None, folder: str) -> None:
    """Write PNG and SVG QR codes for a survey link, for posters and leaflets."""
    url = _link_url(_settings(), slug, token)
    for path in _write_qr_codes(Path(folder), url, slug, token):
        click.echo(f"Wrote {path}")


def _link_url(settings: dict[str, Any], slug: str, token: str | None) -> str:
    from survey.parents.distribution import survey_url

    base = settings.get("PUBLIC_BASE_URL")
    if not base:
        raise click.ClickException(
            "Set PUBLIC_BASE_URL to the service's public address (e.g. "
            "https://haveyoursay.example.gov.uk) so links and QR codes point at it."
        )
    return survey_url(base, slug, token)


def _write_qr_codes(folder: Path, url: str, slug: str, token: str | None) -> list[Path]:
    from survey.parents.distribution import QR_FORMATS, qr_code

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in QR_FORMATS:
        path = folder / f"{slug}{'-' + token if token else ''}.{kind}"
        path.write_bytes(qr_code(url, kind))
        written.append(path)
    return written


@main.group("import")
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
def import_responses_command(
    slug: str, file: str, mapping_file: str, skip_bad: bool, rejects: str | None
) -> None:
    """Load responses from a Microsoft Forms or Google Forms export, or typed-up paper forms
    (CSV or XLSX). Every row goes through the same checks as the web form; nothing is stored
    if any row is bad, unless --skip-bad."""
    from survey.intake.importing import import_responses, rows_in

    database = _database()
    _requires_migrated(database)
    path = Path(file)
    with (
        database.unit_of_work() as session,
        click.progressbar(length=rows_in(path), label="Checking rows", file=sys.stderr) as bar,
    ):
        result = import_responses(
            session,
            slug,
            path,
            Path(mapping_file),
            skip_bad=skip_bad,
            reject_path=Path(rejects) if rejects else None,
            progress=bar.update,
        )
    click.echo(result)


# --- officers: accounts, the monthly report and API tokens ---------------------------------------


@user.command("set-role")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "officer", "hub_lead"]), required=True)
@click.option(
    "--organisation",
    default=None,
    help="Code of the LA an officer belongs to (they then see its evidence only); '' for none.",
)
@click.option("--network", default=None, help="Slug of a hub lead's network; '' for none.")
@user_errors
def user_set_role(email: str, role: str, organisation: str | None, network: str | None) -> None:
    """Change the role (and organisation or network) of the account with EMAIL."""
    from survey.officers.accounts import set_role

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        set_role(session, email, role, organisation, network, actor="cli")
    click.echo(f"{email.strip().lower()} is now {role.replace('_', ' ')}.")


@user.command("reset-password")
@click.argument("email")
@click.password_option(prompt="New password (at least 12 characters)")
@user_errors
def user_reset_password(email: str, password: str) -> None:
    """Set a new password for EMAIL and lift any lockout (audited; tell them in person)."""
    from survey.officers.accounts import reset_password

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        reset_password(session, email, password, actor="cli")
    click.echo(f"Password reset for {email.strip().lower()}.")


@user.command("reset-link")
@click.argument("email")
@user_errors
def user_reset_link(email: str) -> None:
    """Print a one-use link with which EMAIL chooses a new password (works for
    PASSWORD_RESET_MINUTES; audited). Give it to them yourself, e.g. by Teams or phone."""
    from survey.officers.password_reset import make_link

    settings = _settings()
    base = settings.get("PUBLIC_BASE_URL")
    if not base:
        raise click.ClickException(
            "Set PUBLIC_BASE_URL to the service's public address so the link points at it."
        )
    minutes = int(settings.get("PASSWORD_RESET_MINUTES") or 60)
    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        link = make_link(session, email, settings["SECRET_KEY"], minutes, actor="cli")
    if link is None:
        raise click.ClickException(f"There is no active account for {email.strip().lower()}.")
    click.echo(f"{base.rstrip('/')}/reset-password/{link.token}")
    click.echo(f"It works once, until {link.expires_at:%H:%M on %-d %B %Y} (UTC).", err=True)


@main.command()
@click.option("--period", required=True, help="2026-10, 2026-autumn, 2026-Q3, 2026-27 or a range.")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "xlsx", "csv"]), default="html", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option("--la", default=None, help="Only this LA (its code).")
@user_errors
def report(period: str, fmt: str, out: str, la: str | None) -> None:
    """Write the monthly data report (suppressed) for PERIOD as HTML, XLSX or CSV."""
    from analysis.periods import parse_period
    from storage.repositories.indicator_totals import EvidenceFilter
    from storage.repositories.organisations import get_organisation_by_code
    from survey.officers.report_files import render
    from survey.officers.reports import build_report
    from survey.web.app import create_app

    try:
        chosen = parse_period(period)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    app = create_app()
    database = app.extensions["yousaid.database"]
    _requires_migrated(database)
    with app.app_context(), database.unit_of_work() as session:
        where = EvidenceFilter()
        if la:
            organisation = get_organisation_by_code(session, la)
            if organisation is None:
                raise click.ClickException(f"There is no organisation with code '{la}'.")
            where = EvidenceFilter(organisation_id=organisation.id)
        threshold = int(app.config.get("SUPPRESSION_THRESHOLD") or 5)
        body, _mimetype = render(
            build_report(session, chosen, where, threshold),
            fmt,
            app.jinja_env,
            app.config["COUNCIL_NAME"],
        )
    Path(out).write_bytes(body)
    click.echo(f"Wrote the {chosen.label} report to {out}.")


@main.group()
def api() -> None:
    """The read-only JSON API at /api/v1/."""


@api.group("token")
def api_token() -> None:
    """Create, list and revoke API tokens (stored hashed; shown once)."""


@api_token.command("create")
@click.option("--name", required=True, help="Who or what uses it, e.g. 'Power BI board pack'.")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(["read:measures", "read:indicators", "read:responses", "read:meetings"]),
    help="Repeat for each scope.",
)
@user_errors
def api_token_create(name: str, scopes: tuple[str, ...]) -> None:
    """Create a token; it is printed once and cannot be shown again."""
    from survey.officers.api_tokens import create_token

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        _record, token = create_token(session, name, list(scopes), actor="cli")
    click.echo(f"Created token '{name}' with {', '.join(sorted(scopes))}. Copy it now:")
    click.echo(token)


@api_token.command("list")
def api_token_list() -> None:
    """List tokens (names, scopes, last use; never the tokens themselves)."""
    from survey.officers.api_tokens import list_tokens

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        for record in list_tokens(session):
            state = "revoked" if record.revoked_at else "active"
            used = (
                record.last_used_at.strftime("%Y-%m-%d %H:%M") if record.last_used_at else "never"
            )
            click.echo(f"{record.name}: {state}, {' '.join(record.scopes)}, last used {used}")


@api_token.command("revoke")
@click.option("--name", required=True)
@user_errors
def api_token_revoke(name: str) -> None:
    """Revoke a token at once; anything using it gets 401 from then on."""
    from survey.officers.api_tokens import revoke_token

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        revoke_token(session, name, actor="cli")
    click.echo(f"Revoked token '{name}'.")


# --- links: evidence to the action plan -----------------------------------------------------------


@main.group("links")
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
    from analysis.matching import DEFAULT_THRESHOLD, Matcher, write_jsonl

    chosen = DEFAULT_THRESHOLD if threshold is None else threshold
    if plan_file:
        matcher = Matcher(_plan_file_targets(Path(plan_file)), threshold=chosen)
    else:
        from survey.intake.linking import build_matcher, plan_targets

        database = _database()
        _requires_migrated(database)
        with database.unit_of_work() as session:
            rows = plan_targets(session)
        if not rows:
            raise click.ClickException(
                "There is no plan in the database: load one with 'yousaid plan load FILE.yaml' "
                "or pass --plan FILE.yaml."
            )
        matcher = build_matcher(rows, chosen)
    write_jsonl(matcher, read_lines(sys.stdin), sys.stdout)


def _plan_file_targets(path: Path) -> list[Any]:
    import yaml

    from analysis.matching import load_targets_from_plan_file

    if not path.is_file():
        raise click.ClickException(f"There is no plan file at {path}.")
    try:
        targets = load_targets_from_plan_file(path)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise click.ClickException(
            f"{path} is not a readable YAML plan: {_reason(error)}"
        ) from None
    except (KeyError, TypeError, AttributeError):
        raise click.ClickException(
            f"{path} is not a plan file: it needs measures with a code and actions with a ref."
        ) from None
    if not targets:
        raise click.ClickException(f"{path} has no actions or measures to match against.")
    return targets


@links_group.command("rebuild")
@user_errors
def links_rebuild() -> None:
    """Recompute every suggested link after the plan changes. Confirmed, rejected, manual and
    declared links are kept; a rejected suggestion is never made again."""
    from survey.intake.linking import count_texts, rebuild_suggestions

    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        total = count_texts(session)
        with click.progressbar(length=total, label="Matching", file=sys.stderr) as bar:
            result = rebuild_suggestions(session, progress=bar.update)
    click.echo(str(result))


# --- Microsoft Teams ----------------------------------------------------------------------------


@main.group("teams")
def teams_group() -> None:
    """Microsoft Teams: the app package for the Teams admin centre."""


@teams_group.command("package")
@click.option(
    "--out",
    default="yousaid-teams.zip",
    show_default=True,
    type=click.Path(dir_okay=False, writable=True),
    help="Where to write the zip.",
)
@user_errors
def teams_package(out: str) -> None:
    """Write the Teams app package (manifest.json, colour and outline icons) to upload in Teams."""
    from bot.teams.package import PackageDetails, build_package

    details = PackageDetails.from_config(_settings())
    data = build_package(details)
    try:
        Path(out).write_bytes(data)
    except OSError as error:
        raise click.ClickException(f"Could not write {out}: {error.strerror}.") from None
    click.echo(f"Wrote {out}: upload it in the Teams admin centre (Manage apps, Upload).")


# --- retention and data-subject requests (UK GDPR) --------------------------------------------


@main.group()
def retention() -> None:
    """Remove personal data past its retention period (surveys' retention_days, defaults)."""


@retention.command("apply")
@click.option("--apply", "act", is_flag=True, help="Act: without it, only report what would go.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@user_errors
def retention_apply(act: bool, as_json: bool) -> None:
    """Delete contact details and blank free text past retention; scores and counts stay.

    A dry run by default. Safe to run from cron: a second run finds nothing more to do.
    """
    import datetime as dt

    from survey.privacy.retention import apply_retention

    settings = _settings()
    database = _database()
    _requires_migrated(database)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with database.unit_of_work() as session:
        summary = apply_retention(session, settings, now, act=act, actor="cli")
    if as_json:
        click.echo(json.dumps(summary.as_dict(), sort_keys=True))
        return
    verb = "Changed" if act else "Would change"
    for line in summary.lines:
        if line.count:
            click.echo(f"{line.scope}: {line.count} {line.what} (before {line.cutoff:%Y-%m-%d})")
    if not summary.total:
        click.echo("Nothing is past its retention period.")
    elif not act:
        click.echo(f"{verb} {summary.total} records. Run again with --apply to do it.")
    else:
        click.echo(f"{verb} {summary.total} records; recorded in the audit trail.")


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


@main.group()
def subject() -> None:
    """Data-subject requests: export or erase everything about one person.

    Anonymous staff submissions are found by their reference only.
    """


@subject.command("export")
@_subject_options
@user_errors
def subject_export(**identifiers: str | None) -> None:
    """Print everything stored about the person as JSON (audited)."""
    import datetime as dt

    from survey.privacy.subjects import export_subject, make_subject

    person = make_subject(**identifiers)
    database = _database()
    _requires_migrated(database)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with database.unit_of_work() as session:
        data = export_subject(session, person, now, actor="cli")
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@subject.command("erase")
@_subject_options
@click.option("--yes", is_flag=True, help="Confirm: without it, only show what would be erased.")
@user_errors
def subject_erase(yes: bool, **identifiers: str | None) -> None:
    """Erase everything stored about the person (audited); needs --yes."""
    from survey.privacy.subjects import erase_subject, make_subject

    person = make_subject(**identifiers)
    database = _database()
    _requires_migrated(database)
    with database.unit_of_work() as session:
        counts = erase_subject(session, person, act=yes, actor="cli")
    found = {name: count for name, count in counts.items() if count}
    listed = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in found.items())
    if not found:
        click.echo("Nothing is stored about that person; nothing was erased.")
    elif yes:
        click.echo(f"Erased {listed}; recorded in the audit trail.")
    else:
        raise click.ClickException(f"Nothing was erased: add --yes to erase {listed}.")


@teams_group.command("digest")
@click.option("--period", type=click.Choice(["week", "month"]), default="week", show_default=True)
@user_errors
def teams_digest(period: str) -> None:
    """Another name for `yousaid digest send`: post the officers' digest to every configured
    officers' channel (Teams and Slack). Safe to run from cron."""
    _send_digest(period)


def run() -> None:  # pragma: no cover - console entry for python -m
    main(prog_name="yousaid")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


# --- Slack: digest, Socket Mode, notification retries -------------------------------------------


def _slack_app() -> Any:
    from survey.web.app import create_app

    app = create_app()
    if "yousaid.slack" not in app.extensions:
        raise click.ClickException(
            "Slack is not configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN "
            "(or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)."
        )
    return app


@main.group()
def digest() -> None:
    """The officers' digest of staff submissions, concerns and meetings."""


@digest.command("send")
@click.option("--period", type=click.Choice(["week", "month"]), default="week", show_default=True)
@user_errors
def digest_send(period: str) -> None:
    """Post the digest for the last complete week or month to every configured officers'
    channel: SLACK_OFFICERS_CHANNEL and/or TEAMS_OFFICERS_CONVERSATION.

    Safe to run from cron: a period already posted to a channel is not posted there again.
    """
    _send_digest(period)


def _send_digest(period: str) -> None:
    import datetime as dt

    from bot.digest_destinations import send_everywhere
    from survey.web.app import create_app

    app = create_app()
    _requires_migrated(app.extensions["yousaid.database"])
    outcome = send_everywhere(app, period, dt.date.today())
    for line in outcome.said:
        click.echo(line)
    if outcome.failed:
        raise click.ClickException(" ".join(outcome.failed))


@main.group()
def slack() -> None:
    """Slack: Socket Mode for councils without a public HTTPS endpoint."""


@slack.command("socket")
@user_errors
def slack_socket() -> None:
    """Connect to Slack over Socket Mode (needs SLACK_APP_TOKEN, xapp-...) and serve until stopped."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    app = _slack_app()
    token = app.config.get("SLACK_APP_TOKEN")
    if not token:
        raise click.ClickException("Set SLACK_APP_TOKEN (an app-level token, xapp-...) first.")
    _requires_migrated(app.extensions["yousaid.database"])
    click.echo("Connected to Slack over Socket Mode; press Ctrl+C to stop.")
    SocketModeHandler(app.extensions["yousaid.slack"].app, token).start()


@main.group("notifications")
def notifications_group() -> None:
    """Messages owed to the authors of staff submissions (status changes, replies) and
    officers' announcements of new submissions."""


@notifications_group.command("deliver")
@user_errors
def notifications_deliver() -> None:
    """Retry pending notifications now (safe from cron); print what was sent.

    Also forgets chat deliveries seen more than a week ago (Slack retries within minutes).
    """
    import datetime as dt

    from storage.repositories import notifications
    from survey.web.app import create_app

    # Every configured channel registers its sender in the app factory: Slack, Teams or both.
    app = create_app()
    database = app.extensions["yousaid.database"]
    _requires_migrated(database)
    report = app.extensions["yousaid.outbox"].deliver()
    with database.unit_of_work() as session:
        notifications.delete_seen_before(session, notifications.now() - dt.timedelta(days=7))
    click.echo(
        f"Sent {report.sent}, will retry {report.retrying}, failed {report.failed}, "
        f"waiting for a channel {report.waiting}."
    )
