"""Extensions, created unbound and bound to the app in the factory; nothing does I/O at import."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, g, request, session
from flask_wtf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from sqlalchemy.orm import Session

from storage.database import Database, sqlite_may_write
from survey.config import check_frame_ancestors
from survey.web.error_pages import error_page
from survey.web.logging_setup import init_request_logging

csrf = CSRFProtect()
logger = logging.getLogger("yousaid")


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
    def finish_request_session(_error: BaseException | None) -> None:
        # Whatever was not committed above (an exception no handler caught) is rolled back.
        session: Session | None = g.pop("db_session", None)
        if session is None:
            return
        _roll_back(session)
        try:
            session.close()
        except Exception as error:  # a dead connection cannot be closed cleanly; the pool drops it
            logger.warning("request session not closed cleanly: %s", type(error).__name__)


def init_request_commit(app: Flask) -> None:
    """Registered last in the factory, so it runs before every other after-request hook: the
    security headers and the request log then see the response that really leaves."""

    @app.after_request
    def commit_request_session(response: Response) -> Response:
        # A request commits once, before its response leaves, and only when it succeeded: a
        # failed commit must become an error page, never a success page for a lost answer, and
        # a request that ended in an error keeps nothing it half-wrote.
        session: Session | None = g.get("db_session")
        if session is None:
            return response
        if response.status_code >= 400:
            _roll_back(session)
            return response
        try:
            session.commit()
        except Exception as error:  # the database went away or refused the commit
            logger.error("request commit failed: %s", type(error).__name__)
            _roll_back(session)
            # Reuse the response object, so the security headers already set on it stay.
            html, status = error_page(500)
            response.set_data(html)
            response.status_code = status
            response.mimetype = "text/html"
            for header in ("Location", "Content-Disposition"):
                response.headers.pop(header, None)
        return response


def _roll_back(session: Session) -> None:
    try:
        session.rollback()
    except Exception as error:  # the connection may already be gone; nothing was committed
        logger.warning("request rollback failed: %s", type(error).__name__)


def database() -> Database:
    found: Database = current_app.extensions["yousaid.database"]
    return found


def db_session() -> Session:
    """The current request's session (one unit of work per request)."""
    if "db_session" not in g:
        g.db_session = database().sessions()
    current: Session = g.db_session
    return current


def commit_request() -> None:
    """Commit now, before redirecting, so a failure shows an error instead of a lost answer."""
    session: Session | None = g.get("db_session")
    if session is not None:
        session.commit()


def init_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("survey.web", "templates"),
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
        # council_name and service_name come in the reader's language from survey.web.i18n.
        return {
            "council_url": app.config["COUNCIL_URL"],
            "contact_email": app.config["CONTACT_EMAIL"],
        }


# GOV.UK Frontend works under this: its JavaScript is a module served from 'self' and started by
# our own app.js (no inline script), its images are files or data: URIs, and we use a system font.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
# What a council may show inside its own website when FRAME_ANCESTORS lists it: the parents'
# survey pages and the public pages. Officers' pages, and any page seen by a signed-in officer,
# keep frame-ancestors 'none' whatever the setting says (clickjacking).
FRAMEABLE_BLUEPRINTS = frozenset({"respond", "public", "privacy"})
FRAMEABLE_ENDPOINTS = frozenset({"yswd.public_page"})


def content_security_policy(frame_ancestors: list[str]) -> str:
    if not frame_ancestors:
        return CONTENT_SECURITY_POLICY
    allowed = "frame-ancestors " + " ".join(frame_ancestors)
    return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", allowed)


def may_be_framed() -> bool:
    """Whether this request's page is one a council may frame (FRAME_ANCESTORS aside)."""
    if request.blueprint not in FRAMEABLE_BLUEPRINTS and request.endpoint not in (
        FRAMEABLE_ENDPOINTS
    ):
        return False
    return "user_id" not in session


def init_security(app: Flask) -> None:
    csrf.init_app(app)
    init_request_logging(app)
    production = bool(app.config.get("PRODUCTION"))
    framing = content_security_policy(check_frame_ancestors(app.config))

    @app.after_request
    def security_headers(response: Any) -> Any:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if framing != CONTENT_SECURITY_POLICY and may_be_framed():
            # X-Frame-Options cannot name origins (ALLOW-FROM is gone from browsers) and would
            # block the frame in the few that ignore CSP, so only frame-ancestors speaks here.
            response.headers.setdefault("Content-Security-Policy", framing)
        else:
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
