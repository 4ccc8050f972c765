"""Integration fixtures: the small test region, plan and survey loaded through the real loaders,
scratch databases, and the command line against one."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.cli import command_line
from tests.support.factories import load_mini


@pytest.fixture
def loaded(session: Any) -> Any:
    return load_mini(session)


@contextmanager
def scratch_database(
    backend: str, backend_urls: dict[str, str], sqlite_file: Path, prefix: str
) -> Iterator[str]:
    """An empty database of its own: a new SQLite file, or a new PostgreSQL database dropped
    afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{sqlite_file}"
        return
    server = make_url(backend_urls["postgresql"])
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def scratch_url(backend: str, backend_urls: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """A database of its own, so migrating up and down never disturbs the other tests."""
    with scratch_database(
        backend, backend_urls, tmp_path / "migrations.sqlite3", "yousaid_migrations"
    ) as url:
        yield url


@pytest.fixture
def make_cli(scratch_url: str, tmp_path: Path) -> Callable[..., Callable[..., Any]]:
    """``make_cli(env, with_mini_survey=..., must_succeed=..., catch_exceptions=...)``: the
    command line on a migrated scratch database (see tests/support/cli.py)."""

    def make(env: dict[str, str] | None = None, **options: bool) -> Callable[..., Any]:
        return command_line(scratch_url, tmp_path / "instance", env, **options)

    return make


@pytest.fixture
def cli(make_cli: Callable[..., Callable[..., Any]]) -> Callable[..., Any]:
    """``cli(*args, input=None, **env_changes)`` on a migrated, empty scratch database."""
    return make_cli()
