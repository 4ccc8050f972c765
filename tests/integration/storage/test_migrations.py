"""Migrations run forward on an empty and on a populated database and back to base, on every
backend, and the models and migrations agree (no pending autogenerate diff)."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from storage.database import Database, make_engine
from storage.migrate import current_revision, downgrade, head_revision, upgrade
from storage.models import Base
from tests.support.factories import load_mini
from tests.unit.storage.test_migration_order import RELEASED


def populate(engine: Any) -> None:
    database = Database(str(engine.url), engine=engine)
    with database.unit_of_work() as session:
        load_mini(session)


def test_migrations_run_up_on_empty_and_populated_databases_and_back_to_base(
    scratch_url: str,
) -> None:
    engine = make_engine(scratch_url)
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision(engine)
        populate(engine)
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        populate(engine)  # a populated database at head, migrated again: nothing to do, no error
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM action")).scalar() == 3
    finally:
        engine.dispose()


def test_the_models_and_the_migrations_agree(scratch_url: str) -> None:
    engine = make_engine(scratch_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
        assert diff == [], f"models and migrations differ; write a migration for: {diff}"
    finally:
        engine.dispose()


@pytest.mark.parametrize("released", RELEASED)
def test_a_database_left_at_any_released_revision_upgrades_and_keeps_its_data(
    scratch_url: str, released: str
) -> None:
    # An existing council's database stopped at an older release: its rows survive the upgrade.
    engine = make_engine(scratch_url)
    try:
        upgrade(engine, released)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organisation (code, name, kind, region, active)"
                    " VALUES ('E09000001', 'City of London', 'la', 'london', :yes)"
                ),
                {"yes": True},
            )
        upgrade(engine)
        assert current_revision(engine) == head_revision(engine)
        with engine.connect() as connection:
            kept = connection.execute(text("SELECT name FROM organisation")).scalars().all()
        assert kept == ["City of London"]
        populate(engine)  # and the upgraded database takes new data as a fresh one does
    finally:
        engine.dispose()
