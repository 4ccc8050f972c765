"""requirements.lock pins every dependency pyproject.toml names, exactly and with hashes, so
scripts/setup.sh (pip install --require-hashes) installs what CI tested. Refresh it with
scripts/lock after changing pyproject.toml."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

PIN = re.compile(
    r"^([A-Za-z0-9._-]+)==([^ \\]+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M
)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {normalise(m.group(1)): m.group(2) for m in PIN.finditer(text)}


def test_every_dependency_is_pinned_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    names = {
        normalise(re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0]) for requirement in wanted
    }
    missing = sorted(names - set(locked()))
    assert not missing, f"not in requirements.lock (run scripts/lock): {missing}"


def test_the_lock_names_no_machine_specific_index() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert not re.search(r"^--(extra-)?index-url|^--find-links|^-e |file://", text, re.M)
    assert "redis" in locked(), "RATE_LIMIT_STORAGE_URI=redis:// needs the Redis client"
