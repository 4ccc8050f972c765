"""Teams transport: real-shaped activities posted to /api/messages, replies recorded by a fake
Bot Connector on 127.0.0.1, conversation references stored for proactive messages."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from storage.repositories import teams_conversations
from tests.conftest import DATA
from tests.fakes.teams_connector import FakeConnector

SAMPLES = DATA / "teams"


def sample(name: str, connector: FakeConnector, **changes: Any) -> dict[str, Any]:
    activity = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    activity = copy.deepcopy(activity)
    activity["serviceUrl"] = connector.url
    activity.update(changes)
    return activity


@pytest.fixture
def teams_app(make_app: Any, tmp_path: Path) -> Any:
    return make_app(
        TESTING=True,
        COUNCIL_NAME="Gateshead Council",
    )


def test_adding_the_app_to_a_team_posts_a_welcome_card_and_remembers_the_channel(
    teams_app, connector, session
):
    activity = sample("conversationUpdate_bot_added_to_team.msteams_docs.json", connector)
    response = teams_app.test_client().post("/api/messages", json=activity)

    assert response.status_code in (200, 202)
    [welcome] = connector.cards(activity["conversation"]["id"])
    assert welcome["type"] == "AdaptiveCard" and float(welcome["version"]) <= 1.5
    assert "Gateshead Council" in json.dumps(welcome)
    row = teams_conversations.get_teams_conversation(session, activity["conversation"]["id"])
    assert row is not None and row.service_url == connector.url
    assert row.conversation_type == "channel" and row.user_id is None
    assert row.tenant_id == "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f"


def test_a_new_member_joining_does_not_get_the_welcome_again(teams_app, connector):
    activity = sample(
        "conversationUpdate_bot_added_to_team.msteams_docs.json",
        connector,
        membersAdded=[{"id": "29:someone-else"}],
    )
    response = teams_app.test_client().post("/api/messages", json=activity)
    assert response.status_code in (200, 202)
    assert connector.cards() == []


def test_a_body_that_is_not_an_activity_is_refused_with_400(teams_app, connector):
    client = teams_app.test_client()
    assert client.post("/api/messages", data=b"not json").status_code == 400
    assert client.post("/api/messages", json=["a", "list"]).status_code == 400
    assert connector.requests == []


def test_without_an_app_id_the_log_says_requests_are_not_authenticated(make_app, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="yousaid.teams")
    make_app()
    assert "WITHOUT authentication" in caplog.text and "local testing only" in caplog.text


def test_installing_the_app_for_yourself_posts_the_welcome_in_your_chat(
    teams_app, connector, session
):
    activity = sample("conversationUpdate_bot_added_personal.msteams_docs.json", connector)
    # The documented sample writes the bot's id two ways ("28:<BOT ID>" as a placeholder).
    activity["recipient"]["id"] = activity["membersAdded"][0]["id"]
    activity["conversation"]["id"] = "a:personal-chat-with-megan"
    response = teams_app.test_client().post("/api/messages", json=activity)
    assert response.status_code in (200, 202)
    [welcome] = connector.cards("a:personal-chat-with-megan")
    assert "Type **help**" in json.dumps(welcome)
    row = teams_conversations.get_teams_conversation(session, "a:personal-chat-with-megan")
    assert row.conversation_type == "personal" and row.user_id == "29:<USERID>"


def test_expect_replies_answers_in_the_http_response_instead_of_the_connector(teams_app, connector):
    activity = sample("message_expectReplies.agents_sdk_testing.json", connector, text="help")
    response = teams_app.test_client().post("/api/messages", json=activity)
    assert response.status_code == 200
    [reply] = response.get_json()["activities"]
    assert reply["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert "my submissions" in json.dumps(reply["attachments"][0]["content"])
    assert connector.requests == []
