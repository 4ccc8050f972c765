"""Officers' survey commands: distribution links with QR codes, and opening and closing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def cli(make_cli: Callable[..., Any]) -> Any:
    """The command line on a database holding the test region, plan and survey."""
    return make_cli(with_mini_survey=True)


def test_a_distribution_link_is_created_with_its_qr_codes(
    cli: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://haveyoursay.example.gov.uk/")
    result = cli(
        "survey", "link", "create", "--survey", "mini-survey", "--org", "TEST-SCH-0001",
        "--event", "Parents' conference", "--qr", str(tmp_path / "posters"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    url = result.output.splitlines()[0]
    assert url.startswith("https://haveyoursay.example.gov.uk/s/mini-survey?src=")
    token = url.split("src=")[1]
    assert (tmp_path / "posters" / f"mini-survey-{token}.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (tmp_path / "posters" / f"mini-survey-{token}.svg").read_bytes()
    listed = cli("survey", "link", "list", "--survey", "mini-survey").output
    assert token in listed and "Riverside Primary School, Parents' conference" in listed


def test_a_link_needs_an_organisation_or_an_event(cli: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://haveyoursay.example.gov.uk")
    result = cli("survey", "link", "create", "--survey", "mini-survey")
    assert result.exit_code == 1
    assert "Give an organisation (--org) or an event (--event), or both" in result.output
    result = cli("survey", "link", "create", "--survey", "mini-survey", "--org", "NOPE")
    assert "There is no organisation with code 'NOPE'" in result.output


def test_a_survey_is_opened_and_closed_by_date(cli: Any) -> None:
    result = cli("survey", "open", "mini-survey", "--from", "2026-05-01", "--until", "2026-06-30")
    assert result.exit_code == 0, result.output
    assert "opens 01 May 2026 00:00 and closes 30 June 2026 00:00" in result.output
    result = cli("survey", "close", "mini-survey", "--at", "2026-06-01T17:00")
    assert "closes 01 June 2026 17:00" in result.output
    bad = cli("survey", "open", "mini-survey", "--from", "next week")
    assert bad.exit_code == 1 and "--from must be a date like 2026-05-01" in bad.output
