"""Officer sessions: signing in and out, expiry and idle time-out, role checks on views.

A session holds the account's session version from sign-in; when the account's version has moved
on (sign-out anywhere, password reset, role change, deactivation) the session no longer counts, so
a copied cookie stops working too.

Password hashing lives in survey.domain.secrets and the credential check in
survey.officers.accounts, so services need no Flask for them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, g, redirect, request, session, url_for

from storage.repositories import users
from survey.officers.accounts import end_sessions
from survey.web.extensions import db_session

F = TypeVar("F", bound=Callable[..., Any])
SESSION_LIFETIME = dt.timedelta(hours=8)
# Signed out after this long without a request (SESSION_IDLE_MINUTES overrides), so a screen
# left unattended in a shared office does not stay signed in for the whole 8 hours.
IDLE_TIMEOUT_MINUTES = 30


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def sign_in(user: Any) -> None:
    session.clear()
    session["user_id"] = user.id
    session["session_version"] = user.session_version
    session["signed_in_at"] = _utcnow().isoformat()
    session["last_seen"] = session["signed_in_at"]
    session.permanent = False


def sign_out() -> None:
    """End every session of the signed-in account (not only this browser's), then this one."""
    user = current_user()
    if user is not None:
        end_sessions(db_session(), user)
    session.clear()


def current_user() -> Any:
    """The signed-in user for this request, or None (sessions expire after 8 hours)."""
    if "current_user" in g:
        return g.current_user
    user = None
    user_id, signed_in_at = session.get("user_id"), session.get("signed_in_at")
    if (
        user_id
        and signed_in_at
        and _utcnow() - dt.datetime.fromisoformat(signed_in_at) < SESSION_LIFETIME
    ):
        user = users.get_user(db_session(), int(user_id))
        if user is not None and (
            not user.active or session.get("session_version") != user.session_version
        ):
            user = None
        if user is not None and _idle_too_long():
            session.clear()
            user = None
        elif user is not None:
            session["last_seen"] = _utcnow().isoformat()
    g.current_user = user
    return user


def _idle_too_long() -> bool:
    minutes = int(current_app.config.get("SESSION_IDLE_MINUTES") or IDLE_TIMEOUT_MINUTES)
    last_seen = session.get("last_seen") or session.get("signed_in_at")
    if not last_seen:
        return True  # a session with no sign-in time was not made by us: treat it as expired
    idle = _utcnow() - dt.datetime.fromisoformat(last_seen)
    return idle > dt.timedelta(minutes=minutes)


def login_required(*roles: str) -> Callable[[F], F]:
    """Only signed-in users (with one of ``roles``, when given) may use the view."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return redirect(url_for("auth.sign_in", next=request.full_path))
            if roles and user.role.value not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def init_user_in_templates(app: Flask) -> None:
    """Templates see ``current_user``: the signed-in user, or None."""

    @app.context_processor
    def signed_in_user() -> dict[str, Any]:
        return {"current_user": _user_for_templates()}


def _user_for_templates() -> Any:
    if "user_id" not in session:
        return None
    try:
        return current_user()
    except Exception:  # an error page must render even when the database is down
        return None
