"""The box that encrypts the secrets kept in the database: newest key writes, any key reads, a
legacy plaintext Slack token reads as it is, and a wrong key is a plain error, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.encryption import (
    SecretBox,
    SecretKeyError,
    UndecryptableSecret,
    derived_key,
    new_key,
    parse_keys,
)
from survey.config import build_config
from survey.domain.errors import DomainError

OLD, NEW = new_key(), new_key()


def test_the_newest_key_writes_and_every_key_reads() -> None:
    written_with_old = SecretBox([OLD]).encrypt("xoxb-1")
    both = SecretBox([NEW, OLD])
    assert "xoxb-" not in written_with_old
    assert both.decrypt(written_with_old) == "xoxb-1"
    rotated = both.reencrypt(written_with_old)
    assert SecretBox([NEW]).decrypt(rotated) == "xoxb-1"
    with pytest.raises(UndecryptableSecret):
        SecretBox([OLD]).decrypt(rotated)


def test_a_legacy_plaintext_token_reads_as_it_is_and_rotating_encrypts_it() -> None:
    box = SecretBox([NEW])
    assert box.decrypt("xoxb-legacy") == "xoxb-legacy"
    encrypted = box.reencrypt("xoxb-legacy")
    assert "xoxb-" not in encrypted and box.decrypt(encrypted) == "xoxb-legacy"


def test_a_value_that_is_neither_is_refused_in_plain_words() -> None:
    with pytest.raises(UndecryptableSecret, match="add back the key it was written with"):
        SecretBox([NEW]).decrypt("not a token at all é")


def test_without_keys_a_key_is_derived_from_the_secret_key() -> None:
    assert parse_keys(" ") == []
    box = SecretBox.from_settings(None, "s" * 48)
    assert SecretBox([derived_key("s" * 48)]).decrypt(box.encrypt("x")) == "x"
    assert derived_key("a" * 48) != derived_key("b" * 48)


def test_keys_are_checked_one_by_one(tmp_path: Path) -> None:
    assert parse_keys(f" {NEW} , {OLD} ") == [NEW, OLD]
    with pytest.raises(SecretKeyError, match="key 2 is not a Fernet key"):
        parse_keys(f"{NEW},nope")
    with pytest.raises(DomainError, match="DATA_ENCRYPTION_KEYS: key 1 is not a Fernet key"):
        build_config(
            {"DATA_ENCRYPTION_KEYS": "nope"},
            environ={"YOUSAID_INSTANCE_PATH": str(tmp_path)},
        )
