"""`yousaid teams package`: a zip an admin can upload to Teams, or one plain sentence saying why
not."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from survey.cli import main

APP_ID = "6f1c0f4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f"


def run(tmp_path: Path, *args: str, **env: str):
    environ = {"YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "k" * 40}
    environ.update(env)
    return CliRunner().invoke(main, ["teams", "package", *args], env=environ)


def test_the_package_holds_a_manifest_for_the_bot_and_icons_at_teams_sizes(tmp_path):
    out = tmp_path / "app.zip"
    result = run(
        tmp_path,
        "--out",
        str(out),
        TEAMS_APP_ID=APP_ID,
        PUBLIC_BASE_URL="https://haveyoursay.example.gov.uk/",
        COUNCIL_NAME="Gateshead Council",
        COUNCIL_COLOUR="#7a1f5c",
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        color = Image.open(io.BytesIO(archive.read("color.png")))
        outline = Image.open(io.BytesIO(archive.read("outline.png")))

    assert manifest["$schema"].endswith(
        f"/v{manifest['manifestVersion']}/MicrosoftTeams.schema.json"
    )
    assert manifest["id"] == APP_ID
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID and set(bot["scopes"]) == {"personal", "team"}
    commands = [c["title"] for lst in bot["commandLists"] for c in lst["commands"]]
    assert commands == ["help", "my submissions", "attendance"]
    assert manifest["validDomains"] == ["haveyoursay.example.gov.uk"]
    assert manifest["developer"]["name"] == "Gateshead Council"
    assert manifest["developer"]["websiteUrl"].startswith("https://haveyoursay.example.gov.uk")
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}

    assert color.size == (192, 192)
    assert color.convert("RGB").getpixel((2, 2)) == (0x7A, 0x1F, 0x5C)  # the council's colour
    assert outline.size == (32, 32) and outline.mode == "RGBA"
    pixels = set(outline.get_flattened_data())
    # Teams' rule: only white and transparency, and there must be a visible mark.
    assert pixels <= {(255, 255, 255, 255), (0, 0, 0, 0)}
    assert (255, 255, 255, 255) in pixels and (0, 0, 0, 0) in pixels


def test_without_an_app_id_the_command_says_what_to_set(tmp_path):
    result = run(tmp_path, "--out", str(tmp_path / "x.zip"), PUBLIC_BASE_URL="https://a.example")
    assert result.exit_code == 1
    assert "TEAMS_APP_ID" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.zip").exists()


def test_an_http_address_is_refused_because_teams_only_trusts_https(tmp_path):
    result = run(
        tmp_path,
        "--out",
        str(tmp_path / "x.zip"),
        TEAMS_APP_ID=APP_ID,
        PUBLIC_BASE_URL="http://haveyoursay.example.gov.uk",
    )
    assert result.exit_code == 1 and "https" in result.output
    assert not (tmp_path / "x.zip").exists()


def test_an_app_id_that_is_not_a_guid_is_refused(tmp_path):
    result = run(
        tmp_path,
        "--out",
        str(tmp_path / "x.zip"),
        TEAMS_APP_ID="my-bot",
        PUBLIC_BASE_URL="https://a.example.gov.uk",
    )
    assert result.exit_code == 1 and "GUID" in result.output
