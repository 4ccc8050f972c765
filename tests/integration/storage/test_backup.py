"""Backups: scripts/backup of a populated database, scripts/restore into a fresh one, and the
restored instance answers /healthz and reports the same figures (SQLite always; PostgreSQL into
a scratch database when configured)."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storage.database import Database, make_engine
from storage.migrate import upgrade
from survey import intake
from survey.cli import main
from survey.domain.inputs import ResponseSubmission
from survey.web.app import create_app
from tests.conftest import ROOT
from tests.integration.conftest import scratch_database
from tests.support.apps import TEST_SECRET_KEY
from tests.support.factories import load_mini, staff_submission


@pytest.fixture
def fresh_url(backend: str, backend_urls: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """A second, empty database to restore into."""
    sqlite_file = tmp_path / "restored" / "yousaid.sqlite3"
    with scratch_database(backend, backend_urls, sqlite_file, "yousaid_restore") as url:
        yield url


def populate(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    database = Database(url, engine=engine)
    with database.unit_of_work() as session:
        load_mini(session)
        for i in range(7):
            agree = i % 3 != 0
            answers = {
                "la": "E00000001",
                "info_timely": "agree" if agree else "disagree",
                "overall": "satisfied" if agree else "dissatisfied",
            }
            if not agree:
                answers["why"] = "Nobody rang back about the EHC plan."
            intake.submit_response(
                session,
                ResponseSubmission(
                    survey_slug="mini-survey",
                    answers=answers,
                    consent={"survey": True},
                    submitted_at=dt.datetime(2026, 10, 1 + i, 9),
                ),
            )
        staff_submission(
            session, kind="idea", text="Merge the forms.", channel="slack", author_id="U1"
        )
    engine.dispose()


def script(name: str, *args: str, url: str, instance: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url, YOUSAID_INSTANCE_PATH=str(instance))
    env.pop("YOUSAID_ENV", None)
    return subprocess.run(
        [str(ROOT / "scripts" / name), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def stats(url: str, instance: Path) -> dict[str, Any]:
    result = CliRunner().invoke(
        main,
        ["stats", "--json"],
        env={"DATABASE_URL": url, "YOUSAID_INSTANCE_PATH": str(instance)},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_backup_restored_into_a_fresh_database_serves_the_same_figures(
    scratch_url: str, fresh_url: str, tmp_path: Path
) -> None:
    instance = tmp_path / "instance"
    populate(scratch_url)
    before = stats(scratch_url, instance)
    assert before["responses"] == 7 and before["staff_submissions"] == 1

    backup = tmp_path / "backups" / "nightly.backup"
    made = script("backup", str(backup), url=scratch_url, instance=instance)
    assert made.returncode == 0, made.stderr
    assert f"Backed up the database to {backup}" in made.stdout
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600, "only the operator can read it"

    restored = script("restore", str(backup), url=fresh_url, instance=instance)
    assert restored.returncode == 0, restored.stderr
    assert stats(fresh_url, instance) == before

    database = Database(fresh_url)
    try:
        app = create_app(
            {
                "DATABASE": database,
                "DATABASE_URL": fresh_url,
                "YOUSAID_INSTANCE_PATH": str(instance),
                "SECRET_KEY": TEST_SECRET_KEY,
                "TESTING": True,
            }
        )
        health = app.test_client().get("/healthz")
        assert health.status_code == 200 and health.get_json()["database"] == "ok"
    finally:
        database.dispose()


def test_restoring_over_a_database_with_data_needs_yes(scratch_url: str, tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    populate(scratch_url)
    backup = tmp_path / "before-upgrade.backup"
    assert script("backup", str(backup), url=scratch_url, instance=instance).returncode == 0

    refused = script("restore", str(backup), url=scratch_url, instance=instance)
    assert refused.returncode == 1
    assert refused.stderr.strip().startswith("Error: ") and "add --yes" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1

    replaced = script("restore", str(backup), "--yes", url=scratch_url, instance=instance)
    assert replaced.returncode == 0, replaced.stderr
    assert stats(scratch_url, instance)["responses"] == 7


def test_a_missing_backup_file_is_one_plain_sentence(scratch_url: str, tmp_path: Path) -> None:
    result = script("restore", str(tmp_path / "nope.backup"), url=scratch_url, instance=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: There is no backup file at {tmp_path / 'nope.backup'}."
