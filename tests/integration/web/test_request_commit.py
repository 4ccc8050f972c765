"""One request, one commit: a page only says "done" once its work is committed, and a request
that fails keeps nothing it half-wrote. (The load harness found both going wrong when the
database restarted mid-request.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import redirect
from sqlalchemy import text

from storage.database import make_engine
from storage.migrate import upgrade
from survey.web.app import create_app
from survey.web.extensions import db_session

INSERT = text(
    "INSERT INTO organisation (code, name, kind, parent_id, active) "
    "VALUES ('X-1', 'Nowhere School', 'school', :parent, 1)"
)


@pytest.fixture
def app(tmp_path: Path) -> Any:
    url = f"sqlite:///{tmp_path / 'commit.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": url,
            "YOUSAID_INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "k" * 40,
            "WTF_CSRF_ENABLED": False,
        }
    )

    @app.post("/test/write-then-redirect")
    def write_then_redirect() -> Any:
        session = db_session()
        # SQLite checks deferred foreign keys at COMMIT: the commit itself fails.
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
        session.execute(INSERT, {"parent": 999})
        return redirect("/")

    @app.post("/test/write-then-fail")
    def write_then_fail() -> Any:
        db_session().execute(INSERT, {"parent": None})
        raise RuntimeError("something after the write went wrong")

    yield app
    app.extensions["yousaid.database"].dispose()


def organisations(app: Any) -> int:
    with app.extensions["yousaid.database"].engine.connect() as connection:
        return connection.execute(text("SELECT COUNT(*) FROM organisation")).scalar()


def test_a_commit_that_fails_is_an_error_page_not_a_redirect(app: Any) -> None:
    response = app.test_client().post("/test/write-then-redirect")
    assert response.status_code == 500
    assert "Location" not in response.headers
    assert "they are safe to send again" in response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"]  # still the full set of headers
    assert organisations(app) == 0


def test_a_request_that_fails_after_writing_keeps_nothing(app: Any) -> None:
    response = app.test_client().post("/test/write-then-fail")
    assert response.status_code == 500
    assert organisations(app) == 0
