"""How secrets are kept: random tokens as SHA-256 hashes, officers' passwords as argon2 hashes.

Pure functions with no Flask, so the services that store and check secrets (accounts, API
tokens, drafts) do not reach into the web layer for them.
"""

from __future__ import annotations

import hashlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()
# Verifying against a dummy hash when the email is unknown keeps the timing the same, so the
# sign-in page does not reveal which emails have accounts.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_token(token: str) -> str:
    """How random tokens (save-and-return links, drafts, API tokens) are stored: a SHA-256 hash,
    enough for 128+ random bits, and fast, since every request that carries one looks it up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str) -> str | None:
    """Why the password is too weak to use, or None when it will do."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use a password of at least {MIN_PASSWORD_LENGTH} characters"
    return None


def verify_password(password_hash: str, password: str) -> bool:
    """True if the password matches the hash; a malformed hash is a mismatch, not an error."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_nothing(password: str) -> None:
    """Spend the time a real check would, for an account that does not exist."""
    verify_password(_DUMMY_HASH, password)
