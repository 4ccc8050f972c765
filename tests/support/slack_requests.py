"""Signed Slack requests against the Flask app, and the app wired to a fake Slack Web API."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from tests.support.paths import DATA

SIGNING_SECRET = "test-signing-secret"
OFFICERS = "C0FFICERS"
SAMPLES = DATA / "slack"


def sample(name: str) -> Any:
    path: Path = SAMPLES / name
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


def sign(body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


class SlackClient:
    """Posts bodies shaped like Slack's to /slack/events, signed like Slack signs them."""

    def __init__(self, flask_client: Any) -> None:
        self.client = flask_client

    def post(self, body: str, content_type: str, headers: dict[str, str] | None = None) -> Any:
        response = self.client.post(
            "/slack/events",
            data=body.encode(),
            headers={"Content-Type": content_type, **sign(body), **(headers or {})},
        )
        # The tests share one database connection: let this request's lazy listeners finish
        # before the next request or assertion uses it (production threads get their own).
        assert self.client.application.extensions["yousaid.slack"].executor.drain(timeout=30)
        return response

    def command(self, command: str, text: str, **fields: str) -> Any:
        form = dict(parse_qsl(sample("slash_command_body.urlencoded.txt")))
        form.update(command=command, text=text, **fields)
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def interactive(self, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded", headers)

    def event(self, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return self.post(json.dumps(payload), "application/json", headers)


def view_submission(
    callback_id: str,
    values: dict[str, dict[str, Any]],
    view_id: str = "V111",
    metadata: dict[str, str] | None = None,
    block_ids: list[str] | None = None,
) -> dict[str, Any]:
    """Slack's view_submission sample with our form's state (block id = action id = field)."""
    payload = sample("view_submission.json")
    view = payload["view"]
    view.update(
        id=view_id,
        callback_id=callback_id,
        private_metadata=json.dumps(metadata or {}),
        blocks=[{"type": "input", "block_id": b} for b in (block_ids or list(values))],
        state={"values": {name: {name: state} for name, state in values.items()}},
    )
    return payload


def text_state(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def select_state(value: str | None) -> dict[str, Any]:
    option = {"text": {"type": "plain_text", "text": value}, "value": value} if value else None
    return {"type": "static_select", "selected_option": option}


def multi_state(values: list[str]) -> dict[str, Any]:
    return {
        "type": "multi_static_select",
        "selected_options": [
            {"text": {"type": "plain_text", "text": v}, "value": v} for v in values
        ],
    }


def checkbox_state(ticked: bool) -> dict[str, Any]:
    return {
        "type": "checkboxes",
        "selected_options": [{"value": "yes", "text": {"type": "plain_text", "text": "x"}}]
        if ticked
        else [],
    }
