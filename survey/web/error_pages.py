"""Error pages in one place, in the GOV.UK style (no tracebacks shown to anyone)."""

from __future__ import annotations

import logging

from flask import Flask, abort, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from survey.web.i18n import N_

logger = logging.getLogger("yousaid")


MESSAGES = {
    400: (N_("There is a problem with your request"), N_("Go back and try again.")),
    403: (
        N_("You do not have permission to see this page"),
        N_("Sign in with an account that has access, or contact your administrator."),
    ),
    404: (
        N_("Page not found"),
        N_(
            "If you typed the web address, check it is correct. If you pasted it, check you copied the entire address."
        ),
    ),
    405: (N_("There is a problem with your request"), N_("Go back and try again.")),
    413: (N_("What you sent is too large"), N_("Go back and send less, or split it into parts.")),
    429: (N_("Too many requests"), N_("Wait a minute, then try again. Your answers are safe.")),
    500: (
        N_("Sorry, there is a problem with the service"),
        N_(
            "Try again later. If you were sending answers, they are safe to send again: we will not store them twice."
        ),
    ),
    503: (
        N_("Sorry, the service is unavailable"),
        N_(
            "Try again later. If you were sending answers, they are safe to send again: we will not store them twice."
        ),
    ),
}


def _page(status: int, heading: str | None = None, body: str | None = None) -> tuple[str, int]:
    default_heading, default_body = MESSAGES.get(status, MESSAGES[500])
    return (
        render_template(
            "errors/error.html",
            status=status,
            heading=gettext(heading or default_heading),
            body=gettext(body or default_body),
        ),
        status,
    )


def error_page(status: int) -> tuple[str, int]:
    """The plain error page for ``status`` (used where no error handler runs)."""
    return _page(status)


# Blueprints that authenticate each request themselves and must answer a stranger 401 before
# saying anything about the address: they call ``nul_in_address`` after checking the token.
AUTHENTICATE_FIRST = {"api"}


def nul_in_address() -> bool:
    """Whether the path or query holds a NUL byte (%00): no web address of ours does, and
    PostgreSQL refuses to compare one (a token or code lookup would be a 500)."""
    return "\x00" in request.path or any(
        "\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)
    )


def _refuse_nul_in_address() -> None:
    if request.blueprint not in AUTHENTICATE_FIRST and nul_in_address():
        abort(400)


def register_error_handlers(app: Flask) -> None:
    app.before_request(_refuse_nul_in_address)

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> tuple[str, int]:
        return _page(
            400,
            N_("Your session has expired"),
            N_("Go back, refresh the page and try again. Nothing you typed has been sent."),
        )

    @app.errorhandler(SecurityError)
    def foreign_host(_error: SecurityError) -> tuple[str, int, dict[str, str]]:
        # Production answers only its own host (TRUSTED_HOSTS): no URLs can be built for a
        # request naming another, so no page with links either; one plain sentence.
        return "There is a problem with your request.\n", 400, {"Content-Type": "text/plain"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return _page(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        # Log the type and place only: exception messages can carry what people typed.
        logger.error("unhandled %s", type(error).__name__, exc_info=app.debug)
        return _page(500)
