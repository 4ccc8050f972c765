"""The Teams app package: manifest.json and two icons in a zip, ready for the Teams admin centre.

Teams needs a colour icon (192 x 192, the council's colour behind a white mark) and an outline icon
(32 x 32, white on transparent and nothing else). Both are drawn here so a council never has to
open an image editor; the manifest carries the bot id, the commands and the service's domain.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

from analysis.text import clip
from survey.domain.errors import DomainError

MANIFEST_VERSION = "1.22"
MANIFEST_SCHEMA = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
APP_VERSION = "1.0.0"
COLOR_SIZE = 192
OUTLINE_SIZE = 32
SCOPES = ["personal", "team"]
COMMANDS = [
    ("help", "What you can do here"),
    ("my submissions", "Your ideas, views, concerns and questions, with their status"),
    ("attendance", "Log which local authorities came to a network meeting"),
]
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class PackageDetails:
    app_id: str
    public_base_url: str
    council_name: str
    council_colour: str
    service_name: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> PackageDetails:
        app_id = str(config.get("TEAMS_APP_ID") or "").strip()
        base = str(config.get("PUBLIC_BASE_URL") or "").strip().rstrip("/")
        if not app_id:
            raise DomainError(
                "Set TEAMS_APP_ID to the bot's Microsoft App ID first", field="TEAMS_APP_ID"
            )
        if not _GUID.match(app_id):
            raise DomainError(
                "TEAMS_APP_ID must be the app registration's Application (client) ID, a GUID",
                field="TEAMS_APP_ID",
            )
        parts = urlsplit(base)
        if parts.scheme != "https" or not parts.hostname:
            raise DomainError(
                "Set PUBLIC_BASE_URL to the service's https address first (Teams only trusts https)",
                field="PUBLIC_BASE_URL",
            )
        return cls(
            app_id=app_id,
            public_base_url=base,
            council_name=str(config.get("COUNCIL_NAME") or "Council"),
            council_colour=str(config.get("COUNCIL_COLOUR") or "#005a9c"),
            service_name=str(config.get("SERVICE_NAME") or "yousaid"),
        )


def manifest(details: PackageDetails) -> dict[str, Any]:
    base = details.public_base_url
    host = urlsplit(base).hostname or ""
    short_name = clip(details.service_name, 30)
    return {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": APP_VERSION,
        # The Teams app id may be any GUID; using the bot's keeps one id for admins to match up.
        "id": details.app_id,
        "developer": {
            "name": clip(details.council_name, 32),
            "websiteUrl": f"{base}/",
            "privacyUrl": f"{base}/privacy",
            "termsOfUseUrl": f"{base}/privacy",
        },
        "name": {"short": short_name, "full": clip(details.service_name, 100)},
        "description": {
            "short": clip("Send ideas, views and concerns about SEND services", 80),
            "full": clip(
                f"Staff of {details.council_name} send ideas, views, concerns and questions to the "
                "SEND transformation programme, anonymously if they wish, and see what happened "
                "to them. Hub leads log which local authorities attended network meetings.",
                4000,
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": details.council_colour.upper(),
        "bots": [
            {
                "botId": details.app_id,
                "scopes": SCOPES,
                "isNotificationOnly": False,
                "supportsFiles": False,
                "commandLists": [
                    {
                        "scopes": SCOPES,
                        "commands": [
                            {"title": title, "description": description}
                            for title, description in COMMANDS
                        ],
                    }
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
    }


def color_icon(colour: str) -> bytes:
    """192 x 192: the council's colour with a white speech bubble."""
    image = Image.new("RGBA", (COLOR_SIZE, COLOR_SIZE), (*_rgb(colour), 255))
    _bubble(ImageDraw.Draw(image), COLOR_SIZE, fill=(255, 255, 255, 255), width=0)
    return _png(image)


def outline_icon() -> bytes:
    """32 x 32: a white speech-bubble outline on transparency (Teams' rule for outline icons)."""
    image = Image.new("RGBA", (OUTLINE_SIZE, OUTLINE_SIZE), (0, 0, 0, 0))
    _bubble(ImageDraw.Draw(image), OUTLINE_SIZE, fill=None, width=2)
    return _png(image)


def build_package(details: PackageDetails) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest(details), indent=2))
        archive.writestr("color.png", color_icon(details.council_colour))
        archive.writestr("outline.png", outline_icon())
    return buffer.getvalue()


def _bubble(draw: ImageDraw.ImageDraw, size: int, fill: Any, width: int) -> None:
    # A rounded rectangle with a tail: the same shape at both sizes, scaled.
    white = (255, 255, 255, 255)
    left, top, right, bottom = size * 0.18, size * 0.2, size * 0.82, size * 0.66
    radius = size * 0.12
    tail = [
        (size * 0.32, bottom - (width or 0)),
        (size * 0.3, size * 0.82),
        (size * 0.48, bottom - (width or 0)),
    ]
    if fill is not None:
        draw.rounded_rectangle((left, top, right, bottom), radius=radius, fill=fill)
        draw.polygon(tail, fill=fill)
        return
    draw.rounded_rectangle((left, top, right, bottom), radius=radius, outline=white, width=width)
    draw.line([tail[0], tail[1], tail[2]], fill=white, width=width)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
