"""scripts/audit: known vulnerabilities fail the run; a database that cannot be reached (no
report, or every package "not found") is said in one plain sentence and does not fail CI."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT

UNREACHABLE = "pip-audit: could not reach the vulnerability database; dependencies were not audited"


def audit_script() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("yousaid_audit", str(ROOT / "scripts" / "audit"))
    spec = importlib.util.spec_from_loader("yousaid_audit", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def run_with(report: dict[str, Any] | None, monkeypatch, stderr: str = "") -> Any:
    module = audit_script()

    def fake_audit(path: Path) -> subprocess.CompletedProcess[str]:
        if report is not None:
            path.write_text(json.dumps(report), encoding="utf-8")
        return subprocess.CompletedProcess([], 1 if report is None else 0, "", stderr)

    monkeypatch.setattr(module, "run_audit", fake_audit)
    return module.main()


def test_a_known_vulnerability_fails_and_names_the_fix(monkeypatch, capsys) -> None:
    vuln = {"id": "GHSA-xxxx", "fix_versions": ["3.1.9"]}
    report = {"dependencies": [{"name": "flask", "version": "3.1.0", "vulns": [vuln]}]}
    assert run_with(report, monkeypatch) == 1
    assert "flask 3.1.0 has GHSA-xxxx; fixed in 3.1.9" in capsys.readouterr().out


def test_a_clean_audit_passes_and_says_how_many(monkeypatch, capsys) -> None:
    report = {"dependencies": [{"name": "flask", "version": "3.1.9", "vulns": []}]}
    assert run_with(report, monkeypatch) == 0
    assert "1 locked packages audited, no known vulnerabilities" in capsys.readouterr().out


@pytest.mark.parametrize(
    "report",
    [None, {"dependencies": [{"name": "flask", "skip_reason": "Dependency not found"}]}],
    ids=["no report", "every package not found"],
)
def test_an_unreachable_database_is_said_plainly_and_does_not_fail(
    report, monkeypatch, capsys
) -> None:
    assert run_with(report, monkeypatch, stderr="ConnectionError: no route") == 0
    assert capsys.readouterr().out.startswith(UNREACHABLE)
