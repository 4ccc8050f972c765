"""Alembic environment: the engine comes from the caller (``storage.migrate``)."""

from __future__ import annotations

from alembic import context

from storage.models import Base

config = context.config


def run_migrations() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
