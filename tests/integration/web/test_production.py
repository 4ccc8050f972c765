"""Production serving: unsafe settings are refused in one sentence, the real gunicorn serves the
app with several workers and logs JSON without paths' secrets, and every response carries the
security headers a council's penetration tester will look for."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storage.database import make_engine
from storage.migrate import upgrade
from survey.cli import main

GOOD_KEY = "k" * 48
CHANNEL_SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_SIGNING_SECRET")
CHANNEL_SETTINGS += ("DATA_ENCRYPTION_KEYS",)
CHANNEL_SETTINGS += ("TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "TEAMS_CERTIFICATE_PATH")


def serve_production(tmp_path: Path, **env: str | None) -> Any:
    """Run `yousaid serve --production` with only the given settings (no stray channel ones)."""
    base: dict[str, str | None] = {name: None for name in CHANNEL_SETTINGS}
    base |= {"YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": None}
    base |= {"SECRET_KEY": None, "ALLOW_SQLITE_IN_PRODUCTION": None, "YOUSAID_ENV": None}
    base |= env
    return CliRunner().invoke(main, ["serve", "--production"], env=base)


def refusal(result: Any) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, f"one plain sentence, not: {result.output}"
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, "Set SECRET_KEY before running in production."),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 32 characters"),
        ({"SECRET_KEY": GOOD_KEY}, "Refusing to run in production on SQLite"),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOW_SQLITE_IN_PRODUCTION": "true", "SLACK_BOT_TOKEN": "x"},
            "SLACK_SIGNING_SECRET is not",
        ),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOW_SQLITE_IN_PRODUCTION": "true", "SLACK_CLIENT_ID": "1"},
            "SLACK_SIGNING_SECRET is not",
        ),
        (
            {
                "SECRET_KEY": GOOD_KEY,
                "ALLOW_SQLITE_IN_PRODUCTION": "true",
                "SLACK_CLIENT_ID": "1",
                "SLACK_SIGNING_SECRET": "s",
            },
            "Slack OAuth is switched on (SLACK_CLIENT_ID is set) but DATA_ENCRYPTION_KEYS is not",
        ),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOW_SQLITE_IN_PRODUCTION": "yes", "TEAMS_APP_ID": "app"},
            "TEAMS_APP_PASSWORD is not",
        ),
    ],
)
def test_production_refuses_unsafe_settings_in_one_sentence(
    tmp_path: Path, env: dict[str, str], says: str
) -> None:
    assert says in refusal(serve_production(tmp_path, **env))


def test_production_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    result = serve_production(
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        ALLOW_SQLITE_IN_PRODUCTION="true",
        PUBLIC_BASE_URL="https://haveyoursay.example.gov.uk",
    )
    assert "run 'yousaid db upgrade' first" in refusal(result)


class Gunicorn:
    """`yousaid serve --production` as a real process, its JSON log lines read as they come."""

    def __init__(self, env: dict[str, str]) -> None:
        command = [sys.executable, "-m", "survey.cli", "serve", "--production", "--port", "0"]
        self.process = subprocess.Popen(
            [*command, "--workers", "2"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._wait_for_address()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def _wait_for_address(self) -> str:
        while True:
            line = self.lines.get(timeout=60)  # a bound on a hang, not synchronisation
            found = re.search(r"Listening at: (http://[\d.]+:\d+)", line)
            if found:
                return found.group(1)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Any:
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            return urllib.request.urlopen(request, timeout=30)
        except urllib.error.HTTPError as error:
            return error

    def stop(self) -> list[dict[str, Any]]:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        logged = []
        while not self.lines.empty():
            logged.append(self.lines.get())
        return [json.loads(line) for line in logged if line.strip()]


@pytest.fixture
def gunicorn(scratch_url: str, tmp_path: Path) -> Iterator[Gunicorn]:
    engine = make_engine(scratch_url)
    upgrade(engine)
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if k not in CHANNEL_SETTINGS}
    env |= {
        "DATABASE_URL": scratch_url,
        "SECRET_KEY": GOOD_KEY,
        "ALLOW_SQLITE_IN_PRODUCTION": "true",
        "YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"),
        # The test reaches gunicorn on 127.0.0.1: production answers only its own host.
        "PUBLIC_BASE_URL": "http://127.0.0.1",
        # Several workers must share their rate limits (issue 15 item 8): Redis, on a database
        # number of this test's own whose limiter keys are removed afterwards.
        "RATE_LIMIT_STORAGE_URI": shared_limits_redis(),
    }
    server = Gunicorn(env)
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
        forget_limits(env["RATE_LIMIT_STORAGE_URI"])


def shared_limits_redis() -> str:
    import redis

    url = "redis://127.0.0.1:6379/11"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis does not answer on 127.0.0.1:6379; several workers need a shared store")
    return url


def forget_limits(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match="LIMITS:LIMITER/*"):
        client.delete(key)


def test_gunicorn_serves_the_app_and_logs_json_without_secrets_from_the_path(
    gunicorn: Gunicorn,
) -> None:
    health = gunicorn.get("/healthz")
    assert health.status == 200 and json.load(health) == {"database": "ok", "status": "ok"}
    assert health.headers["Strict-Transport-Security"].startswith("max-age=")
    request_id = health.headers["X-Request-Id"]
    missing = gunicorn.get("/s/no-such-survey/resume/SECRET-RESUME-TOKEN?email=parent@example.com")
    assert missing.status == 404
    joined = gunicorn.get("/healthz", {"X-Request-Id": "lb-7f3a9c2e41"})
    assert joined.headers["X-Request-Id"] == "lb-7f3a9c2e41", "the proxy's id joins the logs up"
    refused = gunicorn.get("/healthz", {"X-Request-Id": "<script>alert(1)</script>"})
    assert refused.headers["X-Request-Id"] != "<script>alert(1)</script>"

    lines = gunicorn.stop()
    assert gunicorn.process.returncode == 0
    requests = [line for line in lines if line.get("event") == "request"]
    assert {"method", "path", "status", "duration_ms", "request_id"} <= set(requests[0])
    assert any(r["request_id"] == request_id and r["path"] == "/healthz" for r in requests)
    assert any(r["path"] == "/s/<slug>/resume/<token>" and r["status"] == 404 for r in requests)
    assert any(r["request_id"] == "lb-7f3a9c2e41" for r in requests)
    everything = json.dumps(lines)
    assert "<script>" not in everything
    assert "SECRET-RESUME-TOKEN" not in everything and "parent@example.com" not in everything
    boots = [line for line in lines if "Booting worker" in line.get("event", "")]
    assert len(boots) >= 2, "several workers"


# --- headers and cookies, through the app itself ------------------------------------------------


@pytest.fixture
def make_app(make_app: Callable[..., Any]) -> Callable[..., Any]:
    """Every app in this module has a production-grade secret and TESTING on."""
    return partial(make_app, SECRET_KEY=GOOD_KEY, TESTING=True)


def test_every_page_has_the_security_headers(make_app: Any, tmp_path: Path) -> None:
    response = make_app().test_client().get("/")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    # Plain HTTP on a laptop: no HSTS (it would pin the browser to HTTPS for localhost).
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_is_sent_behind_tls(make_app: Any, tmp_path: Path) -> None:
    client = make_app().test_client()
    response = client.get("/", base_url="https://haveyoursay.example.gov.uk")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_production_session_cookies_are_secure_httponly_and_samesite(
    make_app: Any, tmp_path: Path
) -> None:
    app = make_app(
        YOUSAID_ENV="production",
        WTF_CSRF_ENABLED=True,
        PUBLIC_BASE_URL="https://haveyoursay.example.gov.uk",
    )
    response = app.test_client().get("/sign-in", base_url="https://haveyoursay.example.gov.uk")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"]


def test_an_oversized_request_is_refused_with_a_page_not_a_traceback(
    make_app: Any, tmp_path: Path
) -> None:
    app = make_app(MAX_REQUEST_KB="1")
    response = app.test_client().post("/sign-in", data={"email": "a" * 4000})
    assert response.status_code == 413
    assert "What you sent is too large" in response.get_data(as_text=True)
