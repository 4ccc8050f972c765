"""Issue 15 item 4: no request body, free text or user name reaches the logs, whatever a library
does. Bad-signature, stale, malformed and unhandled requests to /slack/events and /api/messages
carry a distinctive sentence and a user name; production-style JSON logging at DEBUG and pytest's
caplog capture everything, and neither the sentence nor the name may appear anywhere."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from survey.web.logging_setup import JsonFormatter
from tests.fakes.slack_api import FakeSlackApi
from tests.support.slack_requests import SIGNING_SECRET, sample, sign

MARKER = "Zebra-quartz concern about Mrs Featherstonehaugh's annual review"
NAME = "Philippa.Quenneville"
APP_ID = "6f1c0f4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f"
TENANT = "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f"


@pytest.fixture
def json_log(caplog: pytest.LogCaptureFixture) -> Iterator[io.StringIO]:
    """Production's JSON formatter on the root logger at DEBUG, as an operator might set it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def make_app(database: Any, tmp_path: Path, **settings: Any) -> Any:
    from survey.web.app import create_app

    base = {
        "DATABASE": database,
        "DATABASE_URL": database.url,
        "YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key-not-for-production",
        "TESTING": True,
    }
    return create_app(base | settings)


def slack_event() -> str:
    event = {"type": "message", "channel_type": "im", "text": MARKER, "user_name": NAME}
    return json.dumps({"type": "event_callback", "event_id": "Ev1", "event": event})


def unhandled_action() -> str:
    payload = sample("view_submission.json") | {"type": "block_actions", "user": {"name": NAME}}
    payload["actions"] = [{"action_id": "no_such_action", "block_id": "b", "value": MARKER}]
    return json.dumps(payload)


def assert_nothing_leaked(caplog: pytest.LogCaptureFixture, stream: io.StringIO) -> None:
    logged = stream.getvalue()
    everything = [logged, caplog.text, *(r.getMessage() for r in caplog.records)]
    for text in everything:
        assert MARKER not in text and "Featherstonehaugh" not in text
        assert NAME not in text
    assert logged.strip(), "the JSON handler saw the requests (the test is not vacuous)"
    for line in logged.splitlines():
        json.loads(line)


def test_slack_requests_that_fail_or_go_unhandled_log_no_body_or_name(
    database, loaded, tmp_path, json_log, caplog
) -> None:
    fake = FakeSlackApi()
    app = make_app(
        database,
        tmp_path,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL=fake.url,
        SLACK_OFFICERS_CHANNEL="C0FFICERS",
        SLACK_WORKERS=1,
    )
    client = app.test_client()
    body = slack_event()
    form = f"command=%2Fstars&text={MARKER.replace(' ', '+')}&user_name={NAME}"
    stale = int(time.time()) - 3600
    attempts = [
        (body, "application/json", sign(body, secret="not-our-secret")),
        (body, "application/json", sign(body, timestamp=stale)),
        (form, "application/x-www-form-urlencoded", sign(form, secret="wrong")),
        (form, "application/x-www-form-urlencoded", sign(form, timestamp=stale)),
        ("{not json " + MARKER + NAME, "application/json", {}),
        ("payload={" + MARKER + NAME, "application/x-www-form-urlencoded", {}),
    ]
    try:
        for data, content_type, headers in attempts:
            response = client.post(
                "/slack/events",
                data=data.encode(),
                headers={"Content-Type": content_type, **headers},
            )
            assert response.status_code >= 400  # (malformed JSON is a 500 today, quietly)
        # Signed and well formed, but no listener handles it: Bolt quotes the "filtered" body.
        unhandled = "payload=" + json.dumps(json.loads(unhandled_action()))
        client.post(
            "/slack/events",
            data=unhandled.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", **sign(unhandled)},
        )
        assert app.extensions["yousaid.slack"].executor.drain(timeout=30)
    finally:
        app.extensions["yousaid.slack"].executor.shutdown(wait=True)
        fake.close()
    assert any("Invalid request signature" in r.getMessage() for r in caplog.records), (
        "Bolt's own refusal is still logged, as constant text"
    )
    assert_nothing_leaked(caplog, json_log)


def teams_activity() -> dict[str, Any]:
    return {
        "type": "message",
        "text": MARKER,
        "from": {"id": "29:1abc", "name": NAME},
        "recipient": {"id": "28:bot"},
    }


@pytest.mark.parametrize(
    "header", [None, "Bearer not-a-jwt", "Basic dXNlcjpwYXNz"], ids=["none", "garbage", "basic"]
)
def test_teams_requests_refused_for_their_token_log_no_body_or_name(
    database, tmp_path, json_log, caplog, header
) -> None:
    app = make_app(
        database, tmp_path, TEAMS_APP_ID=APP_ID, TEAMS_APP_PASSWORD="x", TEAMS_TENANT_ID=TENANT
    )
    headers = {"Authorization": header} if header else {}
    client = app.test_client()
    assert client.post("/api/messages", json=teams_activity(), headers=headers).status_code == 401
    client.post("/api/messages", data="{" + MARKER + NAME, headers=headers)
    assert_nothing_leaked(caplog, json_log)


def test_malformed_teams_activities_log_no_body_or_name(
    database, tmp_path, json_log, caplog
) -> None:
    # Development mode without an app id: the activity reaches the SDK, which cannot serve it.
    app = make_app(database, tmp_path)
    client = app.test_client()
    client.post("/api/messages", json=teams_activity())
    client.post("/api/messages", json={**teams_activity(), "serviceUrl": "http://127.0.0.1:9/"})
    client.post("/api/messages", data="{" + MARKER + NAME, content_type="application/json")
    client.post("/api/messages", json=[MARKER, NAME])
    assert_nothing_leaked(caplog, json_log)


def test_a_library_record_keeps_its_level_and_constant_text_only(caplog) -> None:
    from survey.web.library_logs import install_library_log_guard

    install_library_log_guard()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("slack_bolt.App").info(f"request body: {MARKER}")
        logging.getLogger("microsoft_agents.hosting").warning("Activity from %s", NAME)
        try:
            raise ValueError(MARKER)
        except ValueError:
            logging.getLogger("slack_sdk.web").exception("Failed to run listener function (x)")
        logging.getLogger("yousaid.teams").info("ours: %s", "kept")
    messages = [r.getMessage() for r in caplog.records]
    assert messages[:3] == [
        "message withheld (it may quote a request)",
        "Activity from %s",
        "Failed to run listener function (details withheld) [ValueError]",
    ]
    assert messages[3] == "ours: kept"
    assert MARKER not in caplog.text and NAME not in caplog.text
