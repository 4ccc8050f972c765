"""Languages: the interface's own words through Flask-Babel (``survey/web/translations``), and the
choice of language, kept in the session once a parent picks it (``?lang=cy`` or the link)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import Babel, get_locale

from survey.domain.journey import LANGUAGES, WELSH_MONTHS

SUPPORTED_LANGUAGES = ("en", "cy")


def N_(message: str) -> str:
    """Marks a message for the catalogue (pybabel extracts ``N_``) where it is defined, outside a
    request; ``gettext`` translates it when the page is rendered."""
    return message


def current_language() -> str:
    # Outside a request (a command rendering an email or report) there is no reader's choice.
    chosen = g.get("language") or (session.get("lang") if has_request_context() else None)
    return chosen if chosen in SUPPORTED_LANGUAGES else "en"


def council_name(language: str | None = None, config: Mapping[str, Any] | None = None) -> str:
    """The council's name in ``language`` (default: the reader's): its Welsh form when it has
    one (``COUNCIL_NAME_CY``), else the one name it has."""
    config = current_app.config if config is None else config
    welsh = (language or current_language()) == "cy" and config.get("COUNCIL_NAME_CY")
    return str(welsh or config["COUNCIL_NAME"])


def service_name(language: str | None = None, config: Mapping[str, Any] | None = None) -> str:
    """The service's name in ``language`` (default: the reader's): ``SERVICE_NAME_CY`` in Welsh."""
    config = current_app.config if config is None else config
    welsh = (language or current_language()) == "cy" and config.get("SERVICE_NAME_CY")
    return str(welsh or config["SERVICE_NAME"])


def month_year(day: dt.date, language: str | None = None) -> str:
    """ "December 2026" or "Rhagfyr 2026": month names not from the server's C locale."""
    if (language or current_language()) == "cy":
        return f"{WELSH_MONTHS[day.month - 1]} {day.year}"
    return day.strftime("%B %Y")


def long_date(day: dt.date, language: str | None = None) -> str:
    """ "4 December 2026" or "4 Rhagfyr 2026"."""
    return f"{day.day} {month_year(day, language)}"


def language_switch() -> list[dict[str, str]]:
    """Links to this page in each other language (each named in its own language)."""
    if not has_request_context():
        return []
    here = current_language()
    links = []
    for code in SUPPORTED_LANGUAGES:
        if code == here:
            continue
        args = {key: value for key, value in request.args.items() if key != "lang"}
        links.append(
            {
                "code": code,
                "name": LANGUAGES[code],
                "url": f"{request.path}?{urlencode({**args, 'lang': code})}",
            }
        )
    return links


def init_i18n(app: Flask) -> None:
    Babel(app, locale_selector=current_language)

    @app.before_request
    def remember_language_choice() -> None:
        asked = request.args.get("lang")
        if asked in SUPPORTED_LANGUAGES:
            session["lang"] = asked
            g.language = asked

    @app.context_processor
    def language() -> dict[str, Any]:
        return {
            "html_lang": str(get_locale() or "en"),
            "language_switch": language_switch(),
            "council_name": council_name(),
            "service_name": service_name(),
        }

    app.jinja_env.filters["month_year"] = month_year
    app.jinja_env.filters["long_date"] = long_date
