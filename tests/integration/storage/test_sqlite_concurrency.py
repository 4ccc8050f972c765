"""The embedded SQLite default on a laptop deployment: many people sending at the same moment
all get their submission stored, none gets "database is locked"."""

from __future__ import annotations

import threading
from pathlib import Path

from storage.database import Database, make_engine
from storage.migrate import upgrade
from tests.support.factories import load_mini_plan, staff_submission

SENDERS = 12
EACH = 5


def test_concurrent_submissions_on_sqlite_are_all_stored(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'laptop.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    database = Database(url)
    with database.unit_of_work() as session:
        load_mini_plan(session)
    start = threading.Barrier(SENDERS)
    failures: list[BaseException] = []

    def send(sender: int) -> None:
        start.wait()
        for number in range(EACH):
            try:
                # Each unit of work reads (the workstream, the idempotency key) before it writes:
                # the pattern that fails at once under SQLite's deferred transactions.
                with database.unit_of_work() as session:
                    staff_submission(
                        session,
                        kind="idea",
                        text=f"Idea {number} from sender {sender}",
                        channel="slack",
                        author_id=f"U{sender}",
                        workstream="staff-reference-group",
                        idempotency_key=f"test:{sender}:{number}",
                    )
            except BaseException as error:  # collected so the test can say what went wrong
                failures.append(error)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert not failures, [type(f).__name__ + ": " + str(f)[:100] for f in failures]
        with database.engine.connect() as connection:
            stored = connection.exec_driver_sql("SELECT COUNT(*) FROM staff_submission").scalar()
        assert stored == SENDERS * EACH
    finally:
        database.dispose()
