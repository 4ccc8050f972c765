"""Linked chat users: a deactivated account is nobody, whatever its link says."""

from __future__ import annotations

from typing import Any

from storage.repositories import users
from survey.officers.chat_identities import linked_account, slack_id
from tests.support.factories import link_chat_user


def test_a_deactivated_account_is_no_longer_trusted_from_chat(loaded: Any) -> None:
    user = link_chat_user(loaded, "officer", slack="T111:W111")
    assert linked_account(loaded, slack_id("T111:W111")) is user
    users.update_user(loaded, user, active=False)
    assert linked_account(loaded, slack_id("T111:W111")) is None
    assert linked_account(loaded, slack_id("T111:W999")) is None
