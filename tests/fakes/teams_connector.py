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
        """The Adaptive Cards among the posted activities, oldest first."""
        return [
            attachment["content"]
            for activity in self.activities(conversation_id)
            for attachment in activity.get("attachments") or []
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]

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
                    failing = fake.fail_next > 0
                    if failing:
                        fake.fail_next -= 1
                    record.accepted = not failing and record.conversation_id is not None
                    count = len(fake.requests)
                if failing:
                    self._reply(503, {"error": {"code": "ServiceUnavailable"}})
                elif record.conversation_id is not None:
                    self._reply(201, {"id": f"activity-{count}"})
                else:
                    self._reply(404, {"error": "not found"})

        return Handler
