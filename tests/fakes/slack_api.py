"""A fake Slack Web API on 127.0.0.1 (port 0) that records every call the app makes.

Point ``SLACK_API_URL`` at ``fake.url``. Methods answer like Slack (``{"ok": true, ...}``); a
method can be told to fail (``fail("chat.postMessage", "channel_not_found")`` or with HTTP 429
``ratelimited``). Tests wait for calls with :meth:`wait_for`, which blocks on a condition
variable instead of sleeping.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

TEAM, BOT_USER = "T111", "UBOT"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None


class FakeSlackApi:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._failures: dict[str, list[tuple[str, int]]] = {}
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, method: str, error: str, times: int = 1, status: int = 200) -> None:
        self._failures.setdefault(method, []).extend([(error, status)] * times)

    def called(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10) -> list[Call]:
        """The first ``count`` calls of ``method``, waiting (without sleeping) until they come."""
        with self._changed:
            self._changed.wait_for(
                lambda: len([c for c in self.calls if c.method == method]) >= count, timeout
            )
            found = [c for c in self.calls if c.method == method]
        assert len(found) >= count, f"Slack was not asked for {method} x{count}: {self.methods()}"
        return found[:count]

    def methods(self) -> list[str]:
        with self._changed:
            return [c.method for c in self.calls]

    def _answer(self, method: str, args: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        failures = self._failures.get(method)
        if failures:
            error, status = failures.pop(0)
            return status, {"ok": False, "error": error}
        if method == "auth.test":
            return 200, {"ok": True, "team_id": TEAM, "user_id": BOT_USER, "bot_id": "BBOT"}
        if method in ("views.open", "views.update", "views.publish"):
            return 200, {"ok": True, "view": {"id": "VNEW", **(args.get("view") or {})}}
        if method in ("chat.postMessage", "chat.update"):
            return 200, {"ok": True, "channel": args.get("channel"), "ts": "1700000000.000100"}
        if method == "oauth.v2.access":
            return 200, {
                "ok": True,
                "app_id": "A111",
                "access_token": "xoxb-installed",
                "token_type": "bot",
                "scope": "commands,chat:write",
                "bot_user_id": BOT_USER,
                "team": {"id": "T222", "name": "Second Council"},
                "enterprise": None,
                "authed_user": {"id": "U9"},
                "is_enterprise_install": False,
            }
        return 200, {"ok": True}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                method = self.path.rsplit("/", 1)[-1].split("?")[0]
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = dict(parse_qsl(raw))
                    for name in ("view", "blocks"):
                        if isinstance(args.get(name), str):
                            args[name] = json.loads(args[name])
                auth = self.headers.get("Authorization") or ""
                token = auth.removeprefix("Bearer ") or args.get("token")
                status, body = fake._answer(method, args)
                # Recorded before answering: once the app has its answer, the call is listed.
                with fake._changed:
                    fake.calls.append(Call(method, args, token))
                    fake._changed.notify_all()
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

        return Handler
