"""Engines and units of work.

Repositories only flush; the boundary (a web request, a bot listener, a CLI command) commits once
through :meth:`Database.unit_of_work`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def normalise_url(url: str) -> str:
    """Accept the URLs operators paste from hosting dashboards (postgres://, postgresql://)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def is_sqlite(url: str) -> bool:
    return make_url(normalise_url(url)).get_backend_name() == "sqlite"


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin: sqlite3's own
    # handling defers BEGIN, which makes SAVEPOINT/RELEASE commit early (see SQLAlchemy's
    # "Serializable isolation / Savepoints / Transactional DDL" notes for pysqlite).
    dbapi_connection.isolation_level = None
    # WAL and a busy timeout so concurrent submissions on a laptop deployment wait rather than
    # fail; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# Whether the work about to start may write. SQLite in WAL mode lets a deferred transaction read
# an old snapshot, and when it then tries to write after another writer committed it fails at once
# with "database is locked" (SQLITE_BUSY_SNAPSHOT): the busy timeout cannot help. So anything that
# may write begins IMMEDIATE (taking the write lock up front, waiting up to the busy timeout), and
# only work known to be read-only (a GET page) begins deferred, so readers never queue.
sqlite_may_write: ContextVar[bool] = ContextVar("sqlite_may_write", default=True)


def _begin_sqlite(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if sqlite_may_write.get() else "BEGIN")


@contextmanager
def read_only_work() -> Iterator[None]:
    """Mark the work inside as read-only, so on SQLite it does not wait for the write lock."""
    token = sqlite_may_write.set(False)
    try:
        yield
    finally:
        sqlite_may_write.reset(token)


def make_engine(url: str, **options: Any) -> Engine:
    url = normalise_url(url)
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"timeout": 10}, **options)
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, **options)


class Database:
    """One engine and its session factory, created by the app factory or the CLI."""

    def __init__(
        self, url: str, engine: Engine | None = None, bind: Connection | None = None
    ) -> None:
        self.url = normalise_url(url)
        self.engine = engine or (bind.engine if bind is not None else make_engine(self.url))
        # With ``bind`` (tests), every unit of work is a savepoint inside the caller's transaction,
        # so a test can roll back everything the app committed.
        self.sessions = sessionmaker(
            bind=bind if bind is not None else self.engine,
            expire_on_commit=False,
            join_transaction_mode="create_savepoint"
            if bind is not None
            else "conditional_savepoint",
        )

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session that commits once at the end, or rolls everything back on error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def is_reachable(self) -> bool:
        try:
            with read_only_work(), self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # any failure to reach the database means "not healthy"
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()
