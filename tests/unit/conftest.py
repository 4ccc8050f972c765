"""Unit tests cannot touch a database: any attempt to build an engine fails the test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError(
            "unit tests must not touch the database; move this test to integration/"
        )

    monkeypatch.setattr("sqlalchemy.create_engine", refuse)
    monkeypatch.setattr("storage.database.create_engine", refuse)
