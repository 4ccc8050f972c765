"""Migration files sort in the order they apply, and released revision ids never change.

Existing databases record the revision id they are at, so renaming an id would strand them; the
file names carry the order instead (``0002_survey_drafts.py`` holds revision ``web_0001``).
"""

from __future__ import annotations

import ast

from tests.conftest import ROOT

VERSIONS = ROOT / "storage" / "migrations" / "versions"
# Every revision id that has been released, in the order it applies. Append new ones; never edit.
RELEASED = [
    "0001",
    "web_0001",
    "officers_0001",
    "slack_0001",
    "teams_0001",
    "linking_0001",
    "outbox_0001",
    "sessions_0001",
    "secrets_0001",
    "chat_0001",
    "reviews_0001",
    "mappings_0001",
    "rebuilds_0001",
]


def _revisions() -> list[tuple[str, str, str | None]]:
    found = []
    for path in sorted(VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py")):
        values: dict[str, str | None] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                if name in {"revision", "down_revision"} and isinstance(node.value, ast.Constant):
                    values[name] = node.value.value
        found.append((path.name, str(values["revision"]), values.get("down_revision")))
    return found


def test_every_migration_file_is_numbered() -> None:
    unnumbered = [p.name for p in VERSIONS.glob("*.py") if not p.name[:4].isdigit()]
    assert unnumbered == []


def test_files_sort_in_the_order_the_revisions_apply() -> None:
    revisions = _revisions()
    previous = None
    for name, revision, down in revisions:
        assert down == previous, f"{name} follows {down}, but the file before it is {previous}"
        previous = revision


def test_released_revision_ids_keep_their_place() -> None:
    ids = [revision for _name, revision, _down in _revisions()]
    assert ids[: len(RELEASED)] == RELEASED
