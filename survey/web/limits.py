"""Per-client rate limits (Flask-Limiter) on the public survey pages.

Limits come from settings and are generous: a council office, a school or a parents' event can
put many people behind one address. Counters live in memory unless RATE_LIMIT_STORAGE_URI says
otherwise. The client address is used for counting only and never stored with a response.
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from survey.officers.sign_in_throttle import SignInThrottle
from survey.web.views import respond


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
    limiter.limit(app.config["RATE_LIMIT_PAGES"])(respond.blueprint)
    limiter.limit(app.config["RATE_LIMIT_ANSWERS"], methods=["POST"])(respond.blueprint)
    # Views already registered are limited by wrapping them where the app looks them up (the
    # decorator alone only records the limit under a name the registered view does not match).
    _limit(app, limiter, "respond.email_link", app.config["RATE_LIMIT_EMAILS"])
    # Per client, on top of the throttle per email address and client: stops one client trying
    # many accounts.
    _limit(app, limiter, "auth.sign_in", app.config["RATE_LIMIT_SIGN_IN"])
    # Reset links are emails too: the same limit stops anyone flooding an officer's inbox.
    _limit(app, limiter, "auth.forgot_password", app.config["RATE_LIMIT_EMAILS"])
    return limiter


def sign_in_throttle() -> SignInThrottle:
    """This request's client's sign-in failures, counted in the limiter's store."""
    limiter: Limiter = current_app.extensions["yousaid.limiter"]
    prefix = str(current_app.config.get("RATELIMIT_KEY_PREFIX") or "")
    return SignInThrottle(limiter.limiter, get_remote_address(), prefix)


def _limit(app: Flask, limiter: Limiter, endpoint: str, limit: str) -> None:
    view = app.view_functions[endpoint]
    # Flask-Limiter types its decorator for sync and async views at once; this view is sync.
    app.view_functions[endpoint] = limiter.limit(limit, methods=["POST"])(view)  # type: ignore[assignment]
