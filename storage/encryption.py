"""Secrets kept in the database (Slack bot tokens), encrypted with keys from configuration.

A database dump alone gives no working token: every stored secret is a Fernet token
(AES-128-CBC with an HMAC-SHA256, from ``cryptography``) made with the newest key of
``DATA_ENCRYPTION_KEYS``. Older keys still decrypt (``MultiFernet``), so rotating is: put a new
key first, run ``yousaid secrets rotate`` (which re-encrypts everything with it), then remove the
old key.

A value written before encryption existed (a plaintext ``xoxb-`` token) is still read as it is,
so an upgrade does not cut Slack off; ``yousaid secrets rotate`` encrypts it. Nothing is written
on read, because reads happen in read-only work (a GET page, a Slack event) that must not wait
for the write lock.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

# Slack tokens start with "xox" and a letter (xoxb- bot, xoxp- user, xoxe- refresh...); a Fernet
# token starts with "gAAAAA", so the two cannot be confused.
LEGACY_PLAINTEXT_PREFIXES = ("xoxb-", "xoxp-", "xoxe-", "xoxa-")


class SecretKeyError(ValueError):
    """DATA_ENCRYPTION_KEYS holds something that is not a Fernet key."""


class UndecryptableSecret(Exception):
    """A stored secret that no configured key decrypts (the key it was written with is gone)."""


def derived_key(secret_key: str) -> str:
    """A Fernet key derived from SECRET_KEY, for development and tests when no key is set.

    Production refuses this (it must have its own key, so a leaked SECRET_KEY and a dump together
    are needed to read a token, and SECRET_KEY can change without losing the tokens).
    """
    digest = hashlib.sha256(b"yousaid data encryption\x00" + secret_key.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


def parse_keys(value: str | None) -> list[str]:
    """The comma-separated keys of DATA_ENCRYPTION_KEYS, newest first, checked one by one."""
    keys = [key.strip() for key in (value or "").split(",") if key.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise SecretKeyError(
                f"DATA_ENCRYPTION_KEYS: key {position} is not a Fernet key (32 url-safe "
                "base64-encoded bytes; make one with: yousaid secrets new-key)"
            ) from None
    return keys


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


class SecretBox:
    """Encrypts with the first key, decrypts with any of them."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise SecretKeyError("DATA_ENCRYPTION_KEYS: at least one key is needed")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    @classmethod
    def from_settings(cls, keys: str | None, secret_key: str) -> SecretBox:
        """The box for DATA_ENCRYPTION_KEYS, or for a key derived from SECRET_KEY when none is
        set (development and tests; production refuses to start without keys when Slack OAuth
        is configured)."""
        return cls(parse_keys(keys) or [derived_key(secret_key)])

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, stored: str) -> str:
        """The secret, or UndecryptableSecret; a legacy plaintext Slack token is returned as is."""
        if is_legacy_plaintext(stored):
            return stored
        try:
            return self._fernet.decrypt(stored.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise UndecryptableSecret(
                "A stored secret does not decrypt with any key in DATA_ENCRYPTION_KEYS: "
                "add back the key it was written with."
            ) from None

    def reencrypt(self, stored: str) -> str:
        """The same secret encrypted with the newest key (a legacy plaintext one encrypted)."""
        return self.encrypt(self.decrypt(stored))


def is_legacy_plaintext(stored: str) -> bool:
    return stored.startswith(LEGACY_PLAINTEXT_PREFIXES)
