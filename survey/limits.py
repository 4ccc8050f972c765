"""Per-client rate limits (Flask-Limiter) on the public survey pages.

Limits come from settings and are generous: a council office, a school or a parents' event can
put many people behind one address. Counters live in memory unless RATE_LIMIT_STORAGE_URI says
otherwise. The client address is used for counting only and never stored with a response.
"""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def init_limits(app: Flask) -> Limiter:
    """One limiter per app (so tests and processes never share counters)."""
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=app.config["RATE_LIMIT_STORAGE_URI"],
        default_limits=[],
        headers_enabled=True,
    )
    app.extensions["yousaid.limiter"] = limiter
    from survey.views import auth, respond

    limiter.limit(app.config["RATE_LIMIT_PAGES"])(respond.blueprint)
    limiter.limit(app.config["RATE_LIMIT_ANSWERS"], methods=["POST"])(respond.blueprint)
    limiter.limit(app.config["RATE_LIMIT_EMAILS"], methods=["POST"])(respond.email_link)
    # Reset links are emails too: the same limit stops anyone flooding an officer's inbox.
    limiter.limit(app.config["RATE_LIMIT_EMAILS"], methods=["POST"])(auth.forgot_password_page)
    return limiter
