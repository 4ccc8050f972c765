"""Production serving: gunicorn with several workers, refusing unsafe configuration.

``yousaid serve --production`` runs gunicorn in-process through its ``BaseApplication`` API; the
same app can be served by the plain gunicorn command the README shows
(``gunicorn 'survey.web.production:create_production_app()'``). Both paths check the configuration
first and log JSON lines to stdout (see ``survey.web.logging_setup``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from storage.database import is_sqlite
from survey.config import build_config, missing_assets
from survey.domain.errors import DomainError
from survey.web.app import create_app
from survey.web.limit_storage import shared_limits_problem, storage_problem
from survey.web.logging_setup import configure_json_logging, logging_config

TRUE_WORDS = {"1", "true", "yes", "on"}
MIN_SECRET_KEY_LENGTH = 32


def _flag(value: Any) -> bool:
    return str(value or "").strip().lower() in TRUE_WORDS


def _setting(config: Mapping[str, Any], environ: Mapping[str, str], name: str) -> str:
    """A setting from the built config, or straight from the environment for the settings the
    channel adapters own (SLACK_CLIENT_ID, TEAMS_APP_ID...), which may not be in SETTINGS."""
    value = config.get(name)
    if value in (None, ""):
        value = environ.get(name, "")
    return str(value or "").strip()


def production_problems(
    config: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> list[str]:
    """Every reason not to serve real people's data with this configuration, in plain words."""
    environ = os.environ if environ is None else environ
    problems: list[str] = []
    secret = _setting(config, environ, "SECRET_KEY")
    if not secret:
        problems.append("Set SECRET_KEY before running in production.")
    elif len(secret) < MIN_SECRET_KEY_LENGTH:
        problems.append(
            f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters in production "
            "(for example the output of: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    if is_sqlite(str(config["DATABASE_URL"])) and not _flag(
        _setting(config, environ, "ALLOW_SQLITE_IN_PRODUCTION")
    ):
        problems.append(
            "Refusing to run in production on SQLite: set DATABASE_URL to a PostgreSQL database, "
            "or ALLOW_SQLITE_IN_PRODUCTION=true for a single small server."
        )
    slack_enabled = _setting(config, environ, "SLACK_BOT_TOKEN") or _setting(
        config, environ, "SLACK_CLIENT_ID"
    )
    if slack_enabled and not _setting(config, environ, "SLACK_SIGNING_SECRET"):
        problems.append(
            "Slack is switched on (SLACK_BOT_TOKEN or SLACK_CLIENT_ID is set) but "
            "SLACK_SIGNING_SECRET is not: set it, or unset the Slack settings."
        )
    if _setting(config, environ, "SLACK_CLIENT_ID") and not _setting(
        config, environ, "DATA_ENCRYPTION_KEYS"
    ):
        problems.append(
            "Slack OAuth is switched on (SLACK_CLIENT_ID is set) but DATA_ENCRYPTION_KEYS is not: "
            "set it to a key made with yousaid secrets new-key, so the workspaces' bot tokens "
            "are encrypted in the database."
        )
    teams_credential = _setting(config, environ, "TEAMS_APP_PASSWORD") or _setting(
        config, environ, "TEAMS_CERTIFICATE_PATH"
    )
    if _setting(config, environ, "TEAMS_APP_ID") and not teams_credential:
        problems.append(
            "Teams is switched on (TEAMS_APP_ID is set) but TEAMS_APP_PASSWORD is not "
            "(nor TEAMS_CERTIFICATE_PATH): set one, or unset TEAMS_APP_ID."
        )
    limits_problem = storage_problem(str(config.get("RATE_LIMIT_STORAGE_URI") or "memory://"))
    if limits_problem:
        problems.append(limits_problem)
    address_problem = _public_address_problem(_setting(config, environ, "PUBLIC_BASE_URL"))
    if address_problem:
        problems.append(address_problem)
    return problems


def _public_address_problem(address: str) -> str | None:
    """Links (password resets above all) are built from PUBLIC_BASE_URL, never from the Host
    header, and production answers no other host: without it there is no safe address."""
    if not address:
        return (
            "Set PUBLIC_BASE_URL to the service's public address "
            "(e.g. https://haveyoursay.example.gov.uk) before running in production."
        )
    parts = urlsplit(address)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "PUBLIC_BASE_URL must be an address such as https://haveyoursay.example.gov.uk."
    return None


def check_workers(config: Mapping[str, Any], workers: int) -> None:
    """Refuse (DomainError) a worker count the rest of the configuration cannot serve safely."""
    problem = shared_limits_problem(str(config.get("RATE_LIMIT_STORAGE_URI") or ""), workers)
    if problem:
        raise DomainError(problem)


def production_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The configuration in production mode, or a DomainError naming the first problem.

    The first problem only: the CLI prints one plain sentence and stops, and the operator fixes
    things one at a time (each refusal names the one setting to change).
    """
    environ = os.environ if environ is None else environ
    environ = {**environ, "YOUSAID_ENV": "production"}
    try:
        config = build_config(environ=environ)
    except DomainError as error:
        raise DomainError(_sentence(error.message)) from None
    problems = production_problems(config, environ)
    # Unstyled pages fail WCAG target sizes; listed last, as unsafe settings matter more.
    missing = missing_assets(config)
    if missing:
        problems.append(missing)
    if problems:
        raise DomainError(problems[0])
    return config


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(".") else text + "."


def create_production_app() -> Flask:
    """The WSGI app for gunicorn: JSON logs, checked settings, production mode."""
    settings = production_settings()
    # The plain gunicorn command takes its worker count from WEB_CONCURRENCY unless -w is given;
    # that is all a worker can see (yousaid serve --production checks its own count first).
    check_workers(settings, _gunicorn_default_workers())
    configure_json_logging(str(settings.get("LOG_LEVEL") or "INFO").upper())
    return create_app({"YOUSAID_ENV": "production"})


def _gunicorn_default_workers() -> int:
    configured = os.environ.get("WEB_CONCURRENCY", "").strip()
    return int(configured) if configured.isdigit() else 1


def worker_count(config: Mapping[str, Any]) -> int:
    """WEB_CONCURRENCY, or gunicorn's rule of thumb (2 x cores + 1), at most 8 by default."""
    configured = str(config.get("WEB_CONCURRENCY") or "").strip()
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise DomainError("WEB_CONCURRENCY must be a whole number, 1 or more.")
        return int(configured)
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def gunicorn_options(
    config: Mapping[str, Any], host: str, port: int, workers: int
) -> dict[str, Any]:
    threads = str(config.get("WEB_THREADS") or "4")
    if not threads.isdigit() or int(threads) < 1:
        raise DomainError("WEB_THREADS must be a whole number, 1 or more.")
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        # Threads per worker: a parent on a slow phone connection holds a thread, not a worker.
        "worker_class": "gthread",
        "threads": int(threads),
        "timeout": 30,
        "graceful_timeout": 30,
        # Recycle workers now and then so a slow leak can never take the service down.
        "max_requests": 2000,
        "max_requests_jitter": 200,
        # Each worker builds its own app and database pool: connections are never shared
        # across fork.
        "preload_app": False,
        "accesslog": None,
        "logconfig_dict": logging_config(str(config.get("LOG_LEVEL") or "INFO").upper()),
        "proc_name": "yousaid",
        # gunicorn 25.1+ opens a runtime control socket in the home folder; we do not use it and
        # two instances on one machine would fight over it.
        "control_socket_disable": True,
    }


def serve_production(host: str, port: int, workers: int | None = None) -> None:
    """Check the configuration, then run gunicorn in the foreground until it is stopped."""
    # gunicorn runs on Unix only: imported when serving, so the app itself imports anywhere.
    from gunicorn.app.base import BaseApplication
    from gunicorn.errors import HaltServer

    settings = production_settings()
    count = workers or worker_count(settings)
    check_workers(settings, count)
    options = gunicorn_options(settings, host, port, count)
    # Workers build their app from the environment: make sure they agree it is production.
    os.environ["YOUSAID_ENV"] = "production"

    class YousaidApplication(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:  # older gunicorn lacks the newest settings
                    self.cfg.set(key, value)

        def load(self) -> Flask:
            return create_production_app()

    master = os.getpid()
    try:
        YousaidApplication().run()
    except (SystemExit, HaltServer) as stop:
        if os.getpid() != master:
            # A forked worker leaves through here too: its exit code (3 when it could not boot)
            # is what tells the arbiter to halt instead of booting another one for ever.
            raise
        # gunicorn exits non-zero (or lets HaltServer escape) when workers cannot boot; say so in
        # one sentence (the JSON log above has the exception type) instead of a traceback.
        code = stop.code if isinstance(stop, SystemExit) else stop.exit_status
        if code not in (0, None):
            raise DomainError("The web workers could not start; the log above says why.") from None
