"""SECURITY.md names the tests behind each protection: every one it names must exist, so the
page cannot go on citing a test that was renamed or removed."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_every_test_security_md_names_exists() -> None:
    named = set(re.findall(r"\b(test_[a-z0-9_]+)\b(?!\.py)", (ROOT / "SECURITY.md").read_text()))
    defined = {
        match
        for path in (ROOT / "tests").rglob("test_*.py")
        for match in re.findall(r"^(?:async )?def (test_[a-z0-9_]+)", path.read_text(), re.M)
    }
    modules = {path.stem for path in (ROOT / "tests").rglob("test_*.py")}
    missing = sorted(named - defined - modules)
    assert not missing, f"SECURITY.md names tests that do not exist: {missing}"


def test_every_test_file_security_md_names_exists() -> None:
    named = set(re.findall(r"\b(tests/[\w/]+\.py)\b", (ROOT / "SECURITY.md").read_text()))
    missing = sorted(path for path in named if not (ROOT / path).is_file())
    assert not missing, f"SECURITY.md names test files that moved or went: {missing}"
