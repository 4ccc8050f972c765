"""Sign-in throttling per email address and client, instead of a lock anyone could trigger.

A client (one network address) that gets the password wrong PER_CLIENT times for one email
address is refused for that address until its window ends; the officer signing in from anywhere
else is not. A ceiling per email address (PER_ADDRESS failures from all clients together) stops a
guesser spread over many clients, and does not apply to a client that signed in to the account
successfully in the last KNOWN_FOR, so nobody can lock an officer out of their usual office.
Refusals read exactly like a wrong password, for known and unknown addresses alike.

Counters live in the rate limiter's store (shared by every worker when it is Redis) under
digests, so the store never holds an email address.
"""

from __future__ import annotations

import hashlib

from limits import RateLimitItem, parse
from limits.strategies import RateLimiter

PER_CLIENT = parse("5 per 15 minutes")
PER_ADDRESS = parse("100 per 15 minutes")
KNOWN_FOR = parse("1000000 per 30 days")  # a marker, not a limit: "signed in from here"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


class SignInThrottle:
    """Failures counted for one client; ``prefix`` keeps apps sharing a store apart."""

    def __init__(self, limiter: RateLimiter, client: str, prefix: str = "") -> None:
        self._limiter = limiter
        self._client = client
        self._prefix = prefix

    def refused(self, email: str) -> bool:
        """Whether this client may not try ``email`` now (without counting the attempt)."""
        client = self._key("client", email, self._client)
        if not self._limiter.test(PER_CLIENT, *client):
            return True
        if self._known(email):
            return False
        return not self._limiter.test(PER_ADDRESS, *self._key("address", email))

    def failed(self, email: str) -> None:
        self._limiter.hit(PER_CLIENT, *self._key("client", email, self._client))
        self._limiter.hit(PER_ADDRESS, *self._key("address", email))

    def succeeded(self, email: str) -> None:
        """The officer is in: forget this client's failures and remember it for the ceiling."""
        self._limiter.clear(PER_CLIENT, *self._key("client", email, self._client))
        self._limiter.hit(KNOWN_FOR, *self._key("known", email, self._client))

    def _known(self, email: str) -> bool:
        item: RateLimitItem = KNOWN_FOR
        stats = self._limiter.get_window_stats(item, *self._key("known", email, self._client))
        return stats.remaining < item.amount

    def _key(self, kind: str, *parts: str) -> tuple[str, ...]:
        return (*([self._prefix] if self._prefix else []), "sign-in", kind, _digest(*parts))
