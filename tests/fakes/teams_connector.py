"""A fake Bot Connector on 127.0.0.1 (port 0) that records what the Teams app posts.

It answers ``POST /v3/conversations/{id}/activities[/{replyToId}]`` like the real connector
(201 with a new activity id), can be told to fail the next few posts (503) to exercise retries,
and can serve a JWKS document at ``/keys`` for token-validation tests.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    accepted: bool = False

    @property
    def conversation_id(self) -> str | None:
        parts = urlsplit(self.path).path.split("/")
        # /v3/conversations/{id}/activities[/{replyToId}]
        if len(parts) >= 5 and parts[1] == "v3" and parts[2] == "conversations":
            return unquote(parts[3])
        return None


@dataclass
class FakeConnector:
    requests: list[Recorded] = field(default_factory=list)
    fail_next: int = 0
    jwks: dict[str, Any] | None = None
    require_token: bool = False  # like the real connector: 401 without "Bearer <token>"

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    # --- what tests read -------------------------------------------------------------------------

    def activities(self, conversation_id: str | None = None) -> list[dict[str, Any]]:
        """Activities the app posted (successfully), oldest first."""
        with self._lock:
            return [
                r.body
                for r in self.requests
                if r.method == "POST"
                and r.conversation_id is not None
                and r.accepted
                and (conversation_id is None or r.conversation_id == conversation_id)
            ]

    def cards(self, conversation_id: str | None = None) -> list[dict[str, Any]]:
        """The Adaptive Cards among the posted activities, oldest first; each one is checked to
        be a card Teams can render."""
        found = [
            attachment["content"]
            for activity in self.activities(conversation_id)
            for attachment in activity.get("attachments") or []
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]
        for card in found:
            check_adaptive_card(card)
        return found

    def attempts(self) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.conversation_id is not None)

    # --- the server ----------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                return

            def _reply(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if urlsplit(self.path).path == "/keys" and fake.jwks is not None:
                    self._reply(200, fake.jwks)
                else:
                    self._reply(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                record = Recorded("POST", self.path, dict(self.headers.items()), body)
                with fake._lock:
                    fake.requests.append(record)
                    auth = record.headers.get("Authorization", "")
                    unauthorised = fake.require_token and not auth.removeprefix("Bearer ").strip()
                    failing = fake.fail_next > 0 and not unauthorised
                    if failing:
                        fake.fail_next -= 1
                    record.accepted = (
                        not failing and not unauthorised and record.conversation_id is not None
                    )
                    count = len(fake.requests)
                if unauthorised:
                    self._reply(401, {"error": {"code": "Unauthorized"}})
                elif failing:
                    self._reply(503, {"error": {"code": "ServiceUnavailable"}})
                elif record.conversation_id is not None:
                    self._reply(201, {"id": f"activity-{count}"})
                else:
                    self._reply(404, {"error": "not found"})

        return Handler


# --- what Teams would render ------------------------------------------------------------------

# Adaptive Cards 1.5 elements, inputs and actions (the subset Teams renders on every client).
ELEMENTS = {
    "TextBlock",
    "RichTextBlock",
    "Image",
    "Media",
    "Container",
    "ColumnSet",
    "Column",
    "FactSet",
    "ImageSet",
    "ActionSet",
    "Table",
}
INPUTS = {
    "Input.Text",
    "Input.Number",
    "Input.Date",
    "Input.Time",
    "Input.Toggle",
    "Input.ChoiceSet",
}
ACTIONS = {"Action.Submit", "Action.Execute", "Action.OpenUrl", "Action.ShowCard"}


def check_adaptive_card(card: dict[str, Any]) -> None:
    """Fail (AssertionError) unless ``card`` is an Adaptive Card Teams can render: version 1.5 or
    lower, known element types, every input with a unique id and a label, known actions."""
    assert card.get("type") == "AdaptiveCard", card
    major, minor = (int(part) for part in str(card.get("version")).split("."))
    assert (major, minor) <= (1, 5), f"Teams renders Adaptive Cards up to 1.5, not {major}.{minor}"
    ids: list[str] = []

    def walk(elements: list[dict[str, Any]]) -> None:
        for element in elements:
            kind = element.get("type")
            assert kind in ELEMENTS | INPUTS, f"unknown element {kind!r}"
            if kind in INPUTS:
                assert element.get("id"), f"{kind} without an id"
                assert element.get("label") or element.get("title"), f"{kind} without a label"
                ids.append(element["id"])
            if kind == "TextBlock":
                assert isinstance(element.get("text"), str) and element["text"].strip()
            if kind == "Input.ChoiceSet":
                assert element.get("choices"), "a choice set with nothing to choose"
                for choice in element["choices"]:
                    assert isinstance(choice.get("title"), str) and isinstance(
                        choice.get("value"), str
                    )
            for key in ("items", "columns"):
                walk(element.get(key) or [])
            for action in element.get("actions") or []:
                assert action.get("type") in ACTIONS

    walk(card.get("body") or [])
    for action in card.get("actions") or []:
        assert action.get("type") in ACTIONS, f"unknown action {action.get('type')!r}"
        assert action.get("title")
    assert len(ids) == len(set(ids)), f"duplicate input ids: {ids}"
