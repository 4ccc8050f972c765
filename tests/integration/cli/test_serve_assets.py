"""`yousaid serve` refuses to start without GOV.UK Frontend's assets or the compiled stylesheet
(every page would be unstyled and fail WCAG target sizes), saying in one sentence what to run;
creating the app, as the tests do, is never blocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from survey.cli import main
from survey.config import build_config, missing_assets
from survey.web.app import create_app

GOOD_KEY = "k" * 48


def serve(tmp_path: Path, *options: str, **env: str | None) -> Any:
    base: dict[str, str | None] = {"YOUSAID_INSTANCE_PATH": str(tmp_path / "instance")}
    base |= {"DATABASE_URL": None, "YOUSAID_ENV": None, "SLACK_BOT_TOKEN": None}
    base |= {"SLACK_CLIENT_ID": None, "TEAMS_APP_ID": None}
    base |= {"PUBLIC_BASE_URL": "https://haveyoursay.example.gov.uk"}  # production needs it
    return CliRunner().invoke(main, ["serve", *options], env=base | env)


def one_sentence(result: Any) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


@pytest.mark.parametrize("options", [(), ("--production",)])
def test_serve_refuses_without_govuk_frontend(tmp_path: Path, options: tuple[str, ...]) -> None:
    empty = tmp_path / "no-govuk"
    empty.mkdir()
    said = one_sentence(
        serve(
            tmp_path,
            *options,
            GOVUK_FRONTEND_PATH=str(empty),
            SECRET_KEY=GOOD_KEY,
            ALLOW_SQLITE_IN_PRODUCTION="true",
        )
    )
    assert f"GOV.UK Frontend's assets are missing from {empty}" in said
    assert "run scripts/setup.sh" in said


@pytest.mark.parametrize("options", [(), ("--production",)])
def test_serve_refuses_without_the_stylesheet(tmp_path: Path, options: tuple[str, ...]) -> None:
    empty = tmp_path / "no-build"
    empty.mkdir()
    said = one_sentence(
        serve(
            tmp_path,
            *options,
            YOUSAID_BUILD_PATH=str(empty),
            SECRET_KEY=GOOD_KEY,
            ALLOW_SQLITE_IN_PRODUCTION="true",
        )
    )
    assert f"The compiled stylesheet is missing from {empty}" in said
    assert "npm run build" in said


def test_the_checkout_has_its_assets_and_the_app_is_made_without_them(tmp_path: Path) -> None:
    assert missing_assets(build_config()) is None, "run scripts/setup.sh"
    app = create_app(
        {
            "GOVUK_FRONTEND_PATH": str(tmp_path / "nothing"),
            "YOUSAID_BUILD_PATH": str(tmp_path / "nothing"),
            "YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "test",
        }
    )
    assert app.config["GOVUK_FRONTEND_PATH"] == str(tmp_path / "nothing")


def test_serving_needs_the_autocomplete_script(tmp_path: Path) -> None:
    empty = tmp_path / "no-autocomplete"
    empty.mkdir()
    said = missing_assets(build_config({"ACCESSIBLE_AUTOCOMPLETE_PATH": str(empty)}))
    assert said == (
        "accessible-autocomplete (the organisation picker's type-ahead) is missing from "
        f"{empty}: run scripts/setup.sh, which copies it from npm."
    )
