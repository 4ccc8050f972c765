"""Absolute links to this service, always on the configured address (``PUBLIC_BASE_URL``).

Never built from the request (``request.host_url``, ``url_for(..., _external=True)``): the
``Host`` header is whatever the client sent, so a password reset email could otherwise carry
its token to an attacker's host, and a cached Atom feed point everyone there (issue 15 item 1).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for

from survey.config import public_base_url


def base_url() -> str:
    """The service's address, ending in ``/``."""
    return public_base_url(current_app.config) + "/"


def public_url(path: str) -> str:
    """``path`` (``/s/...``) on the service's address."""
    return public_base_url(current_app.config) + "/" + path.lstrip("/")


def external_url_for(endpoint: str, **values: Any) -> str:
    """``url_for`` as an absolute link on the service's address."""
    return public_url(url_for(endpoint, **values))
