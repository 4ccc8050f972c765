"""Extensions, created unbound and bound to the app in the factory; nothing does I/O at import."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, request
from flask_wtf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from sqlalchemy.orm import Session

from storage.database import Database, sqlite_may_write

csrf = CSRFProtect()


def init_database(app: Flask) -> None:
    # Tests may hand in a Database bound to a connection they roll back; everyone else gets one
    # built from DATABASE_URL.
    database = app.config.get("DATABASE") or Database(app.config["DATABASE_URL"])
    app.extensions["yousaid.database"] = database

    @app.before_request
    def mark_read_only_requests() -> None:
        # GET pages only read: on SQLite they need not queue for the write lock (see
        # storage.database.sqlite_may_write); everything else takes it up front.
        if request.method in ("GET", "HEAD", "OPTIONS"):
            g.sqlite_read_only = sqlite_may_write.set(False)

    @app.teardown_request
    def unmark_read_only_requests(_error: BaseException | None) -> None:
        token = g.pop("sqlite_read_only", None)
        if token is not None:
            sqlite_may_write.reset(token)

    @app.teardown_appcontext
    def finish_request_session(error: BaseException | None) -> None:
        # A request commits once at its end, or rolls back everything it did on error.
        session: Session | None = g.pop("db_session", None)
        if session is None:
            return
        try:
            if error is None and session.is_active:
                session.commit()
            else:
                session.rollback()
        finally:
            session.close()


def database() -> Database:
    return current_app.extensions["yousaid.database"]


def db_session() -> Session:
    """The current request's session (one unit of work per request)."""
    if "db_session" not in g:
        g.db_session = database().sessions()
    return g.db_session


def commit_request() -> None:
    """Commit now, before redirecting, so a failure shows an error instead of a lost answer."""
    session: Session | None = g.get("db_session")
    if session is not None:
        session.commit()


def init_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("survey", "templates"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    WTFormsHelpers(app)  # adds wtforms_errors() for the error summary
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def council() -> dict[str, Any]:
        return {
            "council_name": app.config["COUNCIL_NAME"],
            "council_url": app.config["COUNCIL_URL"],
            "service_name": app.config["SERVICE_NAME"],
            "contact_email": app.config["CONTACT_EMAIL"],
            "current_user": _user_for_templates(),
        }


def _user_for_templates() -> Any:
    from flask import session

    if "user_id" not in session:
        return None
    from survey.auth import current_user

    try:
        return current_user()
    except Exception:  # an error page must render even when the database is down
        return None


# GOV.UK Frontend works under this: its JavaScript is a module served from 'self' and started by
# our own app.js (no inline script), its images are files or data: URIs, and we use a system font.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


def init_security(app: Flask) -> None:
    from survey.logging_setup import init_request_logging

    csrf.init_app(app)
    init_request_logging(app)
    production = bool(app.config.get("PRODUCTION"))

    @app.after_request
    def security_headers(response: Any) -> Any:
        from flask import request

        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        # HSTS only means something over TLS; in production the service is always behind TLS
        # (a proxy may terminate it, so request.is_secure alone cannot be trusted to say so).
        if production or request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
