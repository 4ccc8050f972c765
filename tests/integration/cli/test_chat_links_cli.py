"""``yousaid user link-chat`` / ``unlink-chat`` / ``list-chat``: which officer account a Slack or
Teams user is, the only thing chat trusts before an officer's or a hub lead's action."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, select

from storage.models import AuditEvent, ChatIdentity
from tests.support.factories import PASSWORD

EMAIL = "officer@example.gov.uk"
AAD = "7FAF8AB2-3D56-4244-B585-20C8A42ED2B8"


def rows(cli: Any, model: Any) -> list[Any]:
    engine = create_engine(cli.url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(model)))
    finally:
        engine.dispose()


def test_an_admin_links_lists_and_unlinks_chat_users(cli: Any) -> None:
    assert cli("user", "create", EMAIL, input=f"{PASSWORD}\n" * 2).exit_code == 0
    linked = cli("user", "link-chat", EMAIL, "--slack", "T111:w111")
    assert (linked.exit_code, linked.output) == (0, f"slack:T111:W111 is now {EMAIL}.\n")
    assert cli("user", "link-chat", EMAIL, "--teams", AAD).exit_code == 0
    assert cli("user", "link-chat", EMAIL, "--teams", AAD).exit_code == 0  # again: no change
    listed = cli("user", "list-chat")
    assert listed.output.splitlines() == [
        f"{EMAIL}\tofficer\tslack:T111:W111",
        f"{EMAIL}\tofficer\tteams:{AAD.lower()}",
    ]
    unlinked = cli("user", "unlink-chat", EMAIL, "--slack", "T111:W111")
    assert unlinked.output == f"slack:T111:W111 is no longer linked to {EMAIL}.\n"
    assert [r.chat_user for r in rows(cli, ChatIdentity)] == [AAD.lower()]
    # Audited by channel only: the chat ids are in the link table, nothing else in the trail.
    events = [(e.action, e.details) for e in rows(cli, AuditEvent) if "chat" in e.action]
    assert events == [
        ("user.chat_linked", {"channel": "slack"}),
        ("user.chat_linked", {"channel": "teams"}),
        ("user.chat_unlinked", {"channel": "slack"}),
    ]


def test_one_chat_user_is_one_account_and_mistakes_are_one_sentence(cli: Any) -> None:
    for email in (EMAIL, "other@example.gov.uk"):
        assert cli("user", "create", email, input=f"{PASSWORD}\n" * 2).exit_code == 0
    assert cli("user", "link-chat", EMAIL, "--slack", "T111:W111").exit_code == 0
    taken = cli("user", "link-chat", "other@example.gov.uk", "--slack", "T111:W111")
    assert taken.exit_code == 1
    assert f"already linked to {EMAIL}: unlink it first" in taken.output
    for args, words in [
        ((EMAIL,), "Give one of --slack TEAM:USER or --teams OBJECT-ID"),
        ((EMAIL, "--slack", "W111"), "Give the Slack team and user ids as TEAM:USER"),
        (("nobody@example.gov.uk", "--slack", "T1:U1"), "There is no account for"),
    ]:
        result = cli("user", "link-chat", *args)
        assert result.exit_code == 1 and words in result.output
    assert cli("user", "unlink-chat", EMAIL, "--teams", AAD).exit_code == 1
    assert cli("user", "list-chat", "other@example.gov.uk").output == "No chat users are linked.\n"
