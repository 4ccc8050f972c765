"""Where the rate limits count, checked before gunicorn forks its workers.

Flask-Limiter keeps its counters in RATE_LIMIT_STORAGE_URI. ``memory://`` is per process: with
three gunicorn workers each counts on its own, so a limit of 30 a minute lets about 90 through.
A shared store (``redis://...``) needs its client library and has to answer; finding that out
in each worker instead would kill every worker at boot, so production asks here, once, in plain
words.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from limits.errors import ConfigurationError
from limits.storage import storage_from_string

# Schemes whose counters live inside one process.
PER_PROCESS_SCHEMES = {"memory", "async+memory"}


def scheme(uri: str) -> str:
    return urlsplit(uri.strip()).scheme.lower() or uri.strip().lower().rstrip(":/")


def shared_limits_problem(uri: str, workers: int) -> str | None:
    """A sentence when several workers would each keep their own counters, else None."""
    if workers > 1 and scheme(uri) in PER_PROCESS_SCHEMES:
        return (
            f"RATE_LIMIT_STORAGE_URI is memory://, so each of the {workers} workers would count "
            "on its own and let several times the limit through: set it to a shared store such "
            "as redis://127.0.0.1:6379/0, or serve with one worker (WEB_CONCURRENCY=1)."
        )
    return None


def storage_problem(uri: str) -> str | None:
    """A sentence when the configured store cannot be used (no client library, no answer)."""
    name = scheme(uri)
    if name in PER_PROCESS_SCHEMES:
        return None
    try:
        storage = storage_from_string(uri)
    except ConfigurationError:
        # The library's own message names a documentation page and versions; one sentence is
        # enough for the operator, and the URI may carry a password so it is not repeated.
        return (
            f"RATE_LIMIT_STORAGE_URI uses {name}://, which this installation cannot use: "
            "check the address, and that the package for that store is installed "
            "(redis:// needs the 'redis' package, a dependency of yousaid)."
        )
    if not storage.check():
        return (
            f"RATE_LIMIT_STORAGE_URI points at a {name}:// store that does not answer: "
            "start it, or correct the address."
        )
    return None
