"""Shared fixtures: the databases under test, a migrated engine per backend, a rolled-back
session per test, the app bound to that session, and a page-checking client.

Tests run against SQLite always and against PostgreSQL when YOUSAID_TEST_DATABASE_URL is set
(.ci/run sets it and fails if PostgreSQL is unreachable, so that run cannot be skipped silently).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from storage.database import Database, make_engine, normalise_url
from storage.migrate import upgrade
from storage.models import Base
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.teams_connector import FakeConnector
from tests.support.apps import app_settings
from tests.support.paths import DATA, EXAMPLES, ROOT, TESTS

__all__ = ["DATA", "EXAMPLES", "HOSTILE_CASES", "ROOT", "TESTS"]

# Hostile-input cases tried, by channel (tests/integration/intake/test_hostile_input.py counts them).
HOSTILE_CASES: Counter[str] = Counter()


def _backends(tmp_root: Path) -> dict[str, str]:
    backends = {"sqlite": f"sqlite:///{tmp_root / 'yousaid-test.sqlite3'}"}
    postgres = os.environ.get("YOUSAID_TEST_DATABASE_URL")
    if postgres:
        backends["postgresql"] = normalise_url(postgres)
    return backends


def pytest_report_header(config: pytest.Config) -> str:
    postgres = os.environ.get("YOUSAID_TEST_DATABASE_URL")
    used = "sqlite" + (
        f", postgresql ({_redact(postgres)})"
        if postgres
        else " only (set YOUSAID_TEST_DATABASE_URL for PostgreSQL)"
    )
    return f"yousaid databases under test: {used}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    postgres = os.environ.get("YOUSAID_TEST_DATABASE_URL")
    used = "SQLite and PostgreSQL" if postgres else "SQLite only"
    terminalreporter.write_line(f"yousaid: integration tests ran against {used}.")
    for channel, number in sorted(HOSTILE_CASES.items()):
        terminalreporter.write_line(f"yousaid: hostile input: {number} cases through {channel}.")
    if HOSTILE_CASES:
        total = sum(HOSTILE_CASES.values())
        terminalreporter.write_line(f"yousaid: hostile input: {total} cases in all.")


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(normalise_url(url)).render_as_string(hide_password=True)


def reset_schema(engine: Engine) -> None:
    """Drop everything (including Alembic's table) so each run starts from an empty database."""
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Every database test runs once per configured backend (no skipped PostgreSQL twins).
    if "backend" in metafunc.fixturenames:
        names = ["sqlite"] + (["postgresql"] if os.environ.get("YOUSAID_TEST_DATABASE_URL") else [])
        metafunc.parametrize("backend", names, scope="session")


@pytest.fixture(scope="session")
def backend_urls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _backends(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def engine(backend: str, backend_urls: dict[str, str]) -> Iterator[Engine]:
    """A migrated engine for each backend under test."""
    engine = make_engine(backend_urls[backend])
    reset_schema(engine)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Any]:
    """A connection whose outer transaction is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture
def database(connection: Any) -> Database:
    """A Database whose units of work are savepoints inside the test's transaction."""
    return Database(str(connection.engine.url), bind=connection)


@pytest.fixture
def session(database: Database) -> Iterator[Any]:
    db = database.sessions()
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def make_app(database: Database, tmp_path: Path) -> Callable[..., Any]:
    """Build the app on the test's database: ``make_app(SETTING=value, ...)``; the settings
    given win over the shared ones (database, instance folder, test secret)."""
    from survey.web.app import create_app

    def make(**settings: Any) -> Any:
        return create_app(app_settings(database, tmp_path / "instance", **settings))

    return make


@pytest.fixture
def app(make_app: Callable[..., Any]) -> Any:
    return make_app(TESTING=True, WTF_CSRF_ENABLED=False)


@pytest.fixture
def slack_api() -> Iterator[FakeSlackApi]:
    """A fake Slack Web API on 127.0.0.1 recording every call."""
    fake = FakeSlackApi()
    yield fake
    fake.close()


@pytest.fixture
def connector() -> Iterator[FakeConnector]:
    """A fake Bot Connector on 127.0.0.1 recording every reply."""
    fake = FakeConnector()
    yield fake
    fake.close()


@pytest.fixture
def client(app: Any) -> Any:
    from tests.pages import PageClient

    return PageClient(app)
