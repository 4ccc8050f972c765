"""Settings for the app under test, in one place: the test secret and the database wiring every
app built in a test shares, with each test adding only the settings it is about."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.database import Database

# Long enough for production's checks; only ever used by tests.
TEST_SECRET_KEY = "test-secret-key-not-for-production"


def app_settings(database: Database, instance_path: Path, **overrides: Any) -> dict[str, Any]:
    """create_app() settings bound to the test's database; ``overrides`` win."""
    return {
        "DATABASE": database,
        "DATABASE_URL": database.url,
        "YOUSAID_INSTANCE_PATH": str(instance_path),
        "SECRET_KEY": TEST_SECRET_KEY,
        # One connection per test: a background thread must not share it. Tests that look at a
        # queued job set "off" and run the queue themselves.
        "BACKGROUND_JOBS": "inline",
        **overrides,
    }
