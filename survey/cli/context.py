"""What nearly every command needs first: the settings, a database that is migrated, and one
unit of work, committed before the command says it succeeded.

``@in_unit_of_work`` is the usual way in; ``unit_of_work()`` is the same as a ``with`` block for
the few commands that must check their arguments before touching the database (so a typo is
reported even when the database is unreachable), or must speak after the commit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click
from sqlalchemy.orm import Session

from storage.database import Database
from storage.migrate import is_up_to_date
from survey.config import build_config

if TYPE_CHECKING:
    from flask import Flask

F = TypeVar("F", bound=Callable[..., Any])


def settings() -> dict[str, Any]:
    return build_config()


def database() -> Database:
    return Database(settings()["DATABASE_URL"])


def require_migrated(database: Database) -> None:
    if not is_up_to_date(database.engine):
        raise click.ClickException(
            "The database is not up to date; run 'yousaid db upgrade' first."
        )


def migrated_database() -> Database:
    """The configured database, once it is known to be at the latest revision."""
    found = database()
    require_migrated(found)
    return found


def create_app() -> Flask:
    """The whole app (channels, outbox, config), for commands that act through it."""
    # Imported here, not at the top: the app factory brings Flask, every blueprint and the chat
    # channels (~0.5 s) that the database-only commands never use. Looked up at each call, so
    # tests that replace survey.web.app.create_app with their own are seen.
    from survey.web.app import create_app as factory

    return factory()


def migrated_app() -> Flask:
    """The whole app, once its database is known to be at the latest revision."""
    app = create_app()
    require_migrated(app.extensions["yousaid.database"])
    return app


@contextmanager
def unit_of_work(app: Flask | None = None) -> Iterator[Session]:
    """A session on a migrated database that commits at the end of the block; inside the app's
    context when given the app (templates, its config and its database)."""
    found = app.extensions["yousaid.database"] if app else database()
    require_migrated(found)
    with ExitStack() as stack:
        if app:
            stack.enter_context(app.app_context())
        yield stack.enter_context(found.unit_of_work())


def in_unit_of_work(command: F) -> F:
    """Run the command with a session as its first argument; what it returns is printed only
    once the work is committed, so nothing claims success for work that was rolled back."""

    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> None:
        with unit_of_work() as session:
            said = command(session, *args, **kwargs)
        if said:
            click.echo(said)

    return wrapped  # type: ignore[return-value]
