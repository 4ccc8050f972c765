"""Configuration: environment first, safe defaults, production refuses unsafe ones, and the README
documents every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.config import SETTINGS, build_config
from survey.domain.errors import DomainError
from tests.conftest import ROOT


def test_environment_values_are_used_and_overrides_win(tmp_path: Path) -> None:
    environ = {
        "COUNCIL_NAME": "Gateshead Council",
        "SECRET_KEY": "s" * 40,
        "YOUSAID_INSTANCE_PATH": str(tmp_path),
    }
    config = build_config({"COUNCIL_COLOUR": "#123456"}, environ=environ)
    assert config["COUNCIL_NAME"] == "Gateshead Council" and config["COUNCIL_COLOUR"] == "#123456"
    assert config["DATABASE_URL"].startswith("sqlite:///") and not config["PRODUCTION"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="Set SECRET_KEY"):
        build_config(environ={"YOUSAID_ENV": "production", "YOUSAID_INSTANCE_PATH": str(tmp_path)})


def test_a_bad_colour_is_refused_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="COUNCIL_COLOUR must be a hex colour"):
        build_config(
            environ={
                "COUNCIL_COLOUR": "blue",
                "SECRET_KEY": "k",
                "YOUSAID_INSTANCE_PATH": str(tmp_path),
            }
        )


def test_every_setting_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS if f"| `{name}` |" not in readme]
    assert not missing, f"document these settings in the README's configuration table: {missing}"
