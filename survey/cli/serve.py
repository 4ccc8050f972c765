"""``yousaid serve``: the development server, or gunicorn with ``--production``."""

from __future__ import annotations

from pathlib import Path

import click

from storage.database import Database
from survey.cli.context import migrated_app, require_migrated, settings
from survey.cli.errors import user_errors
from survey.config import missing_assets
from survey.web.production import production_settings, serve_production


@click.command()
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
    # Unstyled pages fail WCAG target sizes: refuse rather than serve them without a word.
    missing = missing_assets(settings())
    if missing:
        raise click.ClickException(missing)
    app = migrated_app()
    click.echo(f"yousaid is running at http://{host}:{port}/ (press Ctrl+C to stop)")
    login = Path(app.instance_path) / "demo-login.txt"
    if login.exists():
        click.echo(login.read_text(encoding="utf-8").strip())
    app.run(host=host, port=port, debug=False, use_reloader=False)


def _serve_production(host: str, port: int, workers: int | None) -> None:
    # production_settings refuses missing assets too, as does the plain gunicorn start.
    database = Database(production_settings()["DATABASE_URL"])
    try:
        require_migrated(database)
    finally:
        database.dispose()  # no connection may be inherited by the forked workers
    serve_production(host, port, workers)
