"""The chat identities the trust gate compares: how settings and chat authors are read."""

from __future__ import annotations

import pytest

from bot.conversation import messages as m
from bot.conversation.trust import ChatTrust, chat_id_of
from survey.domain.errors import DomainError
from survey.officers.chat_identities import ChatId, parse_chat_ids

AAD = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8"


def test_attendance_chat_users_reads_slack_and_teams_ids_separated_by_commas_or_spaces() -> None:
    assert parse_chat_ids(f"slack:t111:w111, teams:{AAD.upper()}  slack:T2:U2") == {
        ChatId("slack", "T111", "W111"),
        ChatId("teams", "", AAD),
        ChatId("slack", "T2", "U2"),
    }
    assert parse_chat_ids(None) == frozenset() and parse_chat_ids("") == frozenset()


@pytest.mark.parametrize("setting", ["W111", "slack:W111", "email:someone@example.gov.uk"])
def test_an_unreadable_attendance_chat_users_entry_stops_the_start(setting: str) -> None:
    with pytest.raises(DomainError):
        ChatTrust.from_config({"ATTENDANCE_CHAT_USERS": setting})


def test_an_author_is_compared_as_links_store_them() -> None:
    slack = m.Author("slack", "w111", "t111")
    teams = m.Author("teams", AAD.upper(), "some-tenant")
    assert chat_id_of(slack) == ChatId("slack", "T111", "W111")
    # Entra object ids are unique across tenants: the link needs no tenant.
    assert chat_id_of(teams) == ChatId("teams", "", AAD)


def test_attendance_chat_users_is_read_from_the_environment(tmp_path) -> None:
    from survey.config import build_config

    environ = {"ATTENDANCE_CHAT_USERS": "slack:T1:U1", "YOUSAID_INSTANCE_PATH": str(tmp_path)}
    config = build_config(environ=environ)
    assert config["ATTENDANCE_CHAT_USERS"] == "slack:T1:U1"
