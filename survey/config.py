"""Configuration from environment variables (documented in the README's table).

Every setting has a safe default for a laptop: SQLite in the instance folder and a secret key
generated once and kept there. Production mode refuses unsafe defaults (see ``check_production``).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from survey.errors import DomainError

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent

# name -> (default, description). The README's configuration table is generated from this, so the
# two cannot drift apart (tests/unit/test_config.py checks the README).
SETTINGS: dict[str, tuple[str | None, str]] = {
    "DATABASE_URL": (
        None,
        "SQLAlchemy URL. Default: an SQLite file `yousaid.sqlite3` in the instance folder. Production: `postgresql://user:pass@host/db`.",
    ),
    "SECRET_KEY": (
        None,
        "Signs sessions and keys the hashes of anonymous authors. Default: generated on first run and kept in `instance/secret_key`. Required in production.",
    ),
    "YOUSAID_INSTANCE_PATH": (
        "instance",
        "Folder for the SQLite database, the generated secret key and other local state.",
    ),
    "YOUSAID_ENV": (
        "development",
        "`development` or `production`. Production refuses to start without a real secret key and database.",
    ),
    "COUNCIL_NAME": (
        "Demo Council",
        "The council's name, shown in the header, page titles and emails.",
    ),
    "COUNCIL_COLOUR": (
        "#005a9c",
        "The council's brand colour for the header (a hex colour such as `#005a9c`).",
    ),
    "COUNCIL_URL": ("/", "Where the council name in the header links to."),
    "SERVICE_NAME": (
        "Have your say on SEND services",
        "The service's name in the header and page titles.",
    ),
    "CONTACT_EMAIL": (
        "send.feedback@example.gov.uk",
        "Contact email shown on survey and confirmation pages.",
    ),
    "GOVUK_FRONTEND_PATH": (
        None,
        "Folder holding GOV.UK Frontend's `dist/govuk` assets. Default: `node_modules/govuk-frontend/dist/govuk` in the project.",
    ),
    "YOUSAID_BUILD_PATH": (
        None,
        "Folder holding the compiled council stylesheet. Default: `survey/static/build` in the project.",
    ),
    "SLACK_BOT_TOKEN": (None, "Slack bot token (`xoxb-...`) for a single-workspace install."),
    "SLACK_SIGNING_SECRET": (
        None,
        "Slack signing secret; requests without a valid signature are refused.",
    ),
    "SLACK_API_URL": (None, "Override Slack's Web API base URL (proxies, tests)."),
}


def _env(name: str, environ: Mapping[str, str]) -> str | None:
    value = environ.get(name)
    if value is None or not value.strip():
        return SETTINGS[name][0]
    return value.strip()


def instance_path(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    return Path(_env("YOUSAID_INSTANCE_PATH", environ) or "instance").resolve()


def load_secret_key(folder: Path) -> str:
    """Read the instance's secret key, creating it (readable by this user only) on first run."""
    path = folder / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def build_config(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The app's configuration: environment first, then explicit overrides (tests, CLI)."""
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    config: dict[str, Any] = {name: _env(name, environ) for name in SETTINGS}
    config.update({k: v for k, v in overrides.items() if k in SETTINGS})
    folder = Path(config["YOUSAID_INSTANCE_PATH"]).resolve()
    config["YOUSAID_INSTANCE_PATH"] = str(folder)
    production = config["YOUSAID_ENV"] == "production"
    if not config["DATABASE_URL"]:
        folder.mkdir(parents=True, exist_ok=True)
        config["DATABASE_URL"] = f"sqlite:///{folder / 'yousaid.sqlite3'}"
    if not config["SECRET_KEY"] and not production:
        config["SECRET_KEY"] = load_secret_key(folder)
    config["GOVUK_FRONTEND_PATH"] = config["GOVUK_FRONTEND_PATH"] or str(
        PROJECT_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
    )
    config["YOUSAID_BUILD_PATH"] = config["YOUSAID_BUILD_PATH"] or str(
        PACKAGE_ROOT / "static" / "build"
    )
    config["PRODUCTION"] = production
    config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = "Lax"
    config["SESSION_COOKIE_SECURE"] = production
    config.update({k: v for k, v in overrides.items() if k not in SETTINGS})
    check_config(config)
    return config


def check_config(config: Mapping[str, Any]) -> None:
    colour = str(config.get("COUNCIL_COLOUR") or "")
    if not (
        len(colour) == 7
        and colour.startswith("#")
        and all(c in "0123456789abcdefABCDEF" for c in colour[1:])
    ):
        raise DomainError(
            "COUNCIL_COLOUR must be a hex colour such as #005a9c", field="COUNCIL_COLOUR"
        )
    if config.get("YOUSAID_ENV") not in {"development", "production"}:
        raise DomainError("YOUSAID_ENV must be development or production", field="YOUSAID_ENV")
    if config.get("PRODUCTION") and not config.get("SECRET_KEY"):
        raise DomainError("Set SECRET_KEY before running in production", field="SECRET_KEY")
