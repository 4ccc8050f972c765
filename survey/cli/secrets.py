"""``yousaid secrets``: the keys that encrypt the secrets kept in the database.

Rotating a key: put a new key first in DATA_ENCRYPTION_KEYS (keeping the old one after it),
restart, run ``yousaid secrets rotate``, then remove the old key and restart again.
"""

from __future__ import annotations

import click

from storage.encryption import SecretBox, UndecryptableSecret, new_key, parse_keys
from storage.repositories import slack_installations
from survey.cli.context import settings, unit_of_work
from survey.cli.errors import user_errors


@click.group("secrets")
def secrets_group() -> None:
    """The encryption keys of the secrets kept in the database (Slack bot tokens)."""


@secrets_group.command("new-key")
def secrets_new_key() -> None:
    """Print a new key for DATA_ENCRYPTION_KEYS (put it first; keep older keys after it)."""
    click.echo(new_key())


@secrets_group.command("rotate")
@user_errors
def secrets_rotate() -> None:
    """Encrypt every stored secret again with the newest key, and any plaintext one left from
    before encryption, so older keys can then be removed from DATA_ENCRYPTION_KEYS."""
    config = settings()
    keys = parse_keys(config.get("DATA_ENCRYPTION_KEYS"))
    if not keys and config.get("PRODUCTION"):
        raise click.ClickException(
            "Set DATA_ENCRYPTION_KEYS first (make a key with: yousaid secrets new-key)."
        )
    box = SecretBox.from_settings(config.get("DATA_ENCRYPTION_KEYS"), config["SECRET_KEY"])
    try:
        with unit_of_work() as session:
            count, plaintext = slack_installations.reencrypt_bot_tokens(session, box)
    except UndecryptableSecret as error:
        raise click.ClickException(f"{error} Nothing was changed.") from None
    legacy = f" ({plaintext} of them stored in plain text until now)" if plaintext else ""
    click.echo(f"Encrypted {count} Slack bot token(s) with the newest key{legacy}.")
