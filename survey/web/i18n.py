"""Languages: the interface's own words through Flask-Babel (``survey/web/translations``), and the
choice of language, kept in the session once a parent picks it (``?lang=cy`` or the link)."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, request, session
from flask_babel import Babel, get_locale

SUPPORTED_LANGUAGES = ("en", "cy")


def current_language() -> str:
    chosen = g.get("language") or session.get("lang")
    return chosen if chosen in SUPPORTED_LANGUAGES else "en"


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
        return {"html_lang": str(get_locale() or "en")}
