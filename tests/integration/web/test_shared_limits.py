"""Issue 15 item 8: rate limits hold across gunicorn workers. redis:// works (its client is a
dependency) and two app instances (two workers) share one count; production with several workers
refuses memory://; and a worker that cannot boot stops the server in one plain sentence instead of
gunicorn booting another one for ever."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storage.database import make_engine
from storage.migrate import upgrade
from survey.cli import main
from survey.web.limit_storage import shared_limits_problem, storage_problem

REDIS_URL = "redis://127.0.0.1:6379/0"
GOOD_KEY = "k" * 48
CHANNEL_SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_SIGNING_SECRET")
CHANNEL_SETTINGS += ("TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "TEAMS_CERTIFICATE_PATH")
CHANNEL_SETTINGS += ("TEAMS_TENANT_ID", "RATE_LIMIT_STORAGE_URI", "WEB_CONCURRENCY")


def redis_client() -> Any:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis does not answer on 127.0.0.1:6379, so a shared limit cannot be tried")
    return client


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own; only its keys are deleted afterwards."""
    client = redis_client()
    prefix = f"yousaid-test-{uuid.uuid4().hex}"
    yield prefix
    for key in client.scan_iter(match=f"*{prefix}*"):
        client.delete(key)
    client.close()


def test_two_workers_share_one_sign_in_limit_through_redis(
    database: Any, tmp_path: Path, redis_prefix: str
) -> None:
    from survey.web.app import create_app

    def worker() -> Any:
        settings = {
            "DATABASE": database,
            "DATABASE_URL": database.url,
            "YOUSAID_INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "k" * 40,
            "WTF_CSRF_ENABLED": False,
            "RATE_LIMIT_SIGN_IN": "3 per minute",
            "RATE_LIMIT_STORAGE_URI": REDIS_URL,
            "RATELIMIT_KEY_PREFIX": redis_prefix,
        }
        return create_app(settings).test_client()

    first, second = worker(), worker()
    form = {"email": "guess@example.gov.uk", "password": "x"}
    tries = [first.post("/sign-in", data=form) for _ in range(2)]
    tries += [second.post("/sign-in", data=form) for _ in range(2)]
    assert [t.status_code for t in tries] == [200, 200, 200, 429]
    assert list(redis_client().scan_iter(match=f"*{redis_prefix}*")), "counted in Redis"


def test_several_workers_on_memory_are_refused_and_one_is_not() -> None:
    problem = shared_limits_problem("memory://", 3)
    assert problem is not None and "each of the 3 workers would count on its own" in problem
    assert shared_limits_problem("memory://", 1) is None
    assert shared_limits_problem(REDIS_URL, 3) is None


def test_a_store_that_cannot_be_used_is_named_in_one_sentence() -> None:
    unknown = storage_problem("nosuchstore://127.0.0.1:1")
    assert unknown is not None and "cannot use" in unknown
    silent = storage_problem("redis://:hunter2@127.0.0.1:1/0")
    assert silent is not None and "does not answer" in silent
    assert "hunter2" not in silent  # the URI's password is never repeated


def production_env(scratch_url: str, tmp_path: Path, **settings: str) -> dict[str, str]:
    engine = make_engine(scratch_url)
    upgrade(engine)
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if k not in CHANNEL_SETTINGS}
    env |= {
        "DATABASE_URL": scratch_url,
        "SECRET_KEY": GOOD_KEY,
        "ALLOW_SQLITE_IN_PRODUCTION": "true",
        "YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"),
        "PUBLIC_BASE_URL": "http://127.0.0.1",
        "YOUSAID_ENV": "",
    }
    return env | settings


def test_production_with_several_workers_refuses_memory_in_one_sentence(
    scratch_url: str, tmp_path: Path
) -> None:
    env = production_env(scratch_url, tmp_path, RATE_LIMIT_STORAGE_URI="memory://")
    result = CliRunner().invoke(main, ["serve", "--production", "--workers", "3"], env=env)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "RATE_LIMIT_STORAGE_URI is memory://" in lines[0]


def test_a_worker_that_cannot_boot_stops_the_server_in_one_sentence(
    scratch_url: str, tmp_path: Path
) -> None:
    # The master's checks pass; the worker's app factory refuses Teams without its tenant.
    env = production_env(
        scratch_url, tmp_path, TEAMS_APP_ID="app-id", TEAMS_APP_PASSWORD="not-a-real-secret"
    )
    command = [sys.executable, "-m", "survey.cli", "serve", "--production", "--port", "0"]
    started = time.monotonic()
    result = subprocess.run(
        [*command, "--workers", "1"], env=env, capture_output=True, text=True, timeout=90
    )
    took = time.monotonic() - started
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert took < 60, f"gunicorn kept rebooting workers for {took:.0f} s"
    assert output.count("Booting worker") == 1, "no worker was booted again after failing"
    assert "The web workers could not start; the log above says why." in output
    assert "TEAMS_TENANT_ID" in output  # the worker's own reason, in the log above
