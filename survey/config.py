"""Configuration from environment variables (documented in the README's table).

Every setting has a safe default for a laptop: SQLite in the instance folder and a secret key
generated once and kept there. Production mode refuses unsafe defaults (see ``check_production``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from storage.encryption import SecretKeyError, parse_keys
from survey.domain.errors import DomainError

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent
# Links' address when PUBLIC_BASE_URL is unset (development and tests; production requires it):
# where `yousaid serve` listens by default.
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"

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
    "COUNCIL_NAME_CY": (
        None,
        "The council's name in Welsh, where it has a Welsh form (e.g. `Cyngor Sir Ddinbych`), shown to people who choose Welsh. Default: `COUNCIL_NAME`.",
    ),
    "COUNCIL_COLOUR": (
        "#005a9c",
        "The council's brand colour for the header (a hex colour such as `#005a9c`).",
    ),
    "COUNCIL_URL": ("/", "Where the council name in the header links to."),
    "SUPPRESSION_THRESHOLD": (
        "5",
        "Counts below this (but above zero) are shown as `fewer than 5` in reports, exports, the API and public pages, with secondary suppression so totals cannot give them away.",
    ),
    "SESSION_IDLE_MINUTES": (
        "30",
        "Officers are signed out after this many minutes without a request (sessions end after 8 hours regardless).",
    ),
    "SERVICE_NAME": (
        "Have your say on SEND services",
        "The service's name in the header and page titles.",
    ),
    "SERVICE_NAME_CY": (
        "Dweud eich dweud am wasanaethau AAA",
        "The service's name in Welsh, in the header, page titles and emails of people who choose Welsh.",
    ),
    "CONTACT_EMAIL": (
        "send.feedback@example.gov.uk",
        "Contact email shown on survey and confirmation pages.",
    ),
    "GOVUK_FRONTEND_PATH": (
        None,
        "Folder holding GOV.UK Frontend's `dist/govuk` assets. Default: `survey/web/static/govuk` in the package (copied there from npm by `scripts/setup.sh`; a wheel carries it), else `node_modules/govuk-frontend/dist/govuk` in the project.",
    ),
    "YOUSAID_BUILD_PATH": (
        None,
        "Folder holding the compiled council stylesheet. Default: `survey/web/static/build` in the project.",
    ),
    "PUBLIC_BASE_URL": (
        None,
        "The service's public address (e.g. `https://haveyoursay.example.gov.uk`). Every absolute link is built from it, never from the request's `Host` header: password reset and save-and-return emails, distribution links, QR codes and the Atom feed. Required in production, which answers requests for any other host with 400. Default (development and tests only): `http://127.0.0.1:5000`; the CLI needs it set.",
    ),
    "TRUSTED_HOSTS": (
        None,
        "Other host names production answers to besides `PUBLIC_BASE_URL`'s, comma-separated (e.g. the address a load balancer's health check uses); a name starting with a dot matches its subdomains. Links never use them.",
    ),
    "RESUME_LINK_DAYS": (
        "28",
        "How many days a parent's save-and-return link keeps their answers.",
    ),
    "EMAIL_FROM": (None, "The From address of save-and-return emails sent by SMTP."),
    "SMTP_HOST": (
        None,
        "SMTP server for save-and-return emails. Unset (and no Notify key): the link is only shown on screen.",
    ),
    "SMTP_PORT": ("25", "SMTP server port."),
    "SMTP_USERNAME": (None, "SMTP user name, when the server needs one."),
    "SMTP_PASSWORD": (None, "SMTP password, when the server needs one."),
    "SMTP_STARTTLS": ("false", "`true` to upgrade the SMTP connection with STARTTLS."),
    "NOTIFY_API_KEY": (
        None,
        "GOV.UK Notify API key; when set, save-and-return emails go through Notify instead of SMTP.",
    ),
    "NOTIFY_RESUME_TEMPLATE_ID": (
        None,
        "The Notify email template for save-and-return links; it uses ((survey_title)), ((link)), ((expires)) and ((council_name)).",
    ),
    "NOTIFY_PASSWORD_RESET_TEMPLATE_ID": (
        None,
        "The Notify email template for officers' password reset links; it uses ((link)), ((expires)) and ((council_name)).",
    ),
    "NOTIFY_BASE_URL": (None, "Override GOV.UK Notify's API address (tests, proxies)."),
    "PASSWORD_RESET_MINUTES": (
        "60",
        "How long an officer's password reset link works (it also stops working once used).",
    ),
    "RATE_LIMIT_PAGES": (
        "600 per minute",
        "Survey page requests allowed per client address. Generous, because a whole council office or a parents' event can share one address.",
    ),
    "RATE_LIMIT_ANSWERS": (
        "300 per minute",
        "Answer submissions (POSTs) allowed per client address.",
    ),
    "RATE_LIMIT_EMAILS": ("30 per hour", "Save-and-return emails allowed per client address."),
    "RATE_LIMIT_SIGN_IN": (
        "30 per minute",
        "Sign-in attempts allowed per client address, on top of refusing a client for 15 minutes after 5 wrong passwords for one email address.",
    ),
    "RATE_LIMIT_STORAGE_URI": (
        "memory://",
        "Where rate-limit counters live: `memory://` for one process, or a `redis://` URL shared by every worker (production with several workers refuses `memory://`).",
    ),
    "MAX_REQUEST_KB": (
        "256",
        "Largest request body accepted, in kilobytes (survey answers are small).",
    ),
    "MAX_PLAN_UPLOAD_KB": (
        "20480",
        "Largest plan file an officer may upload to import (Word, Excel or CSV), in kilobytes.",
    ),
    "SLACK_BOT_TOKEN": (None, "Slack bot token (`xoxb-...`) for a single-workspace install."),
    "SLACK_SIGNING_SECRET": (
        None,
        "Slack signing secret; requests without a valid signature are refused.",
    ),
    "SLACK_API_URL": (None, "Override Slack's Web API base URL (proxies, tests)."),
    "SLACK_CLIENT_ID": (
        None,
        "Slack app's client ID: with `SLACK_CLIENT_SECRET`, workspaces install the app through OAuth at `/slack/install` and their tokens are kept in the database (several councils' workspaces can share one deployment); `SLACK_BOT_TOKEN` is then not needed.",
    ),
    "SLACK_CLIENT_SECRET": (None, "Slack app's client secret, for multi-workspace OAuth."),
    "DATA_ENCRYPTION_KEYS": (
        None,
        "Comma-separated Fernet keys, newest first, that encrypt the secrets kept in the database (Slack installations' bot tokens); older keys still decrypt, so a new key goes first, then `yousaid secrets rotate`, then the old key is removed. Make one with `yousaid secrets new-key`. Default: a key derived from `SECRET_KEY` (development only). Required in production with `SLACK_CLIENT_ID`.",
    ),
    "SLACK_APP_TOKEN": (
        None,
        "Slack app-level token (`xapp-...`, scope `connections:write`) for `yousaid slack socket` (Socket Mode, no public endpoint needed).",
    ),
    "SLACK_OFFICERS_CHANNEL": (
        None,
        "Slack channel ID (`C...`) where officers see new staff submissions with status buttons, and the digest; invite the app to it. Unset: nothing is posted.",
    ),
    "ATTENDANCE_CHAT_USERS": (
        None,
        "Chat users who may log attendance from Slack or Teams without a linked account: `slack:TEAM:USER` or `teams:ENTRA-OBJECT-ID`, separated by commas or spaces.",
    ),
    "STAFF_HASH_KEY": (
        None,
        "Key for the keyed hash that stands in for anonymous staff (and for chat idempotency keys). Default: `SECRET_KEY`. Changing it means people no longer see their earlier submissions in the App Home.",
    ),
    "TEAMS_APP_ID": (
        None,
        "Microsoft Teams: the bot's Microsoft App ID (the Entra app registration's Application (client) ID). Set, every request to `/api/messages` must carry a valid Bot Connector token. Unset: Teams is off in production; in development anonymous requests are accepted (local testing only).",
    ),
    "TEAMS_APP_PASSWORD": (
        None,
        "Microsoft Teams: the app registration's client secret (or use `TEAMS_CERTIFICATE_PATH`).",
    ),
    "TEAMS_CERTIFICATE_PATH": (
        None,
        "Microsoft Teams: a PFX certificate file for the app registration, instead of a client secret.",
    ),
    "TEAMS_TENANT_ID": (
        None,
        "Microsoft Teams: the Entra tenant (directory) ID of the app registration; required with `TEAMS_APP_ID`.",
    ),
    "TEAMS_OFFICERS_CONVERSATION": (
        None,
        "Microsoft Teams: the id of the officers' channel conversation (`19:...@thread.tacv2`) that gets new-submission notices and the weekly digest; the app must have been added to that team.",
    ),
    "WEB_CONCURRENCY": (
        None,
        "gunicorn worker processes for `yousaid serve --production`. Default: 2 × CPU cores + 1, at most 8.",
    ),
    "BACKGROUND_JOBS": (
        "thread",
        "How the web app runs the link suggestions' recomputation an officer's plan edit queues: `thread` (a background thread in each web process, started after the edit commits), `inline` (inside the request: tests, tiny databases) or `off` (only `yousaid links rebuild --queued`, e.g. from cron, runs them).",
    ),
    "WEB_THREADS": ("4", "Threads per gunicorn worker (a slow phone connection holds a thread)."),
    "ALLOW_SQLITE_IN_PRODUCTION": (
        "false",
        "`true` lets production run on SQLite (one small server only); otherwise production refuses SQLite.",
    ),
    "LOG_LEVEL": ("INFO", "Level of the JSON logs written to stdout in production."),
    "RETENTION_DAYS_DEFAULT": (
        "730",
        "Days a survey response's free text and contact details are kept when the survey sets no `retention_days`; then `yousaid retention apply` removes them and keeps the scores.",
    ),
    "STAFF_RETENTION_DAYS": (
        "730",
        "Days a staff submission's text, author and reply address are kept before `yousaid retention apply` anonymises it.",
    ),
    "PRIVACY_CONTROLLER": (
        None,
        "The data controller named in the privacy notice at `/privacy`. Default: the council's name.",
    ),
    "PRIVACY_CONTACT": (
        None,
        "Who to contact about personal data (the council's data protection officer). Default: `CONTACT_EMAIL`.",
    ),
    "PRIVACY_PURPOSE": (
        None,
        "Why the data is collected, in the privacy notice. Default: a sentence about improving the council's SEND services.",
    ),
    "PRIVACY_LAWFUL_BASIS": (
        None,
        "The lawful basis in the privacy notice. Default: public task (UK GDPR Article 6(1)(e)) and, for information about health or disability, substantial public interest (Article 9(2)(g)).",
    ),
    "PRIVACY_NOTICE_URL": (
        None,
        "The council's full privacy notice, linked from `/privacy` when set.",
    ),
    "ACCESSIBILITY_CONTACT_EMAIL": (
        None,
        "Where people ask for another format or report an accessibility problem, in the accessibility statement at `/accessibility`. Default: `CONTACT_EMAIL`.",
    ),
    "ACCESSIBILITY_CONTACT_PHONE": (
        None,
        "A phone number for the same, shown in the accessibility statement when set.",
    ),
    "ACCESSIBILITY_REPLY_DAYS": (
        "10",
        "Working days within which the council replies to a request for another format, in the accessibility statement.",
    ),
    "ACCESSIBILITY_COMPLIANCE": (
        "partial",
        "The accessibility statement's compliance status with WCAG 2.2 AA: `full`, `partial` or `none`. Say `full` only after the council's own audit finds no failures; the known issues the statement lists are the project's own.",
    ),
    "ACCESSIBILITY_LAST_TESTED": (
        None,
        "The date (`YYYY-MM-DD`) the service was last tested for accessibility, e.g. by the council's audit. Default: the date the project's own list of checks was last reviewed.",
    ),
    "ACCESSIBILITY_STATEMENT_PREPARED": (
        None,
        "The date (`YYYY-MM-DD`) the accessibility statement was prepared or last reviewed. Default: the same as `ACCESSIBILITY_LAST_TESTED`.",
    ),
    "FRAME_ANCESTORS": (
        None,
        "Origins allowed to show the parents' survey pages and the public pages inside a frame (CSP `frame-ancestors`), separated by spaces or commas, e.g. `https://www.example.gov.uk`; `https://*.example.gov.uk` allows its subdomains. Each must be `https://` with no path (`http://localhost` is allowed in development). Unset: no site may frame any page. Officers' pages can never be framed.",
    ),
    "REDACTION_NAMES_FILE": (
        None,
        'A UTF-8 text file of names to remove from free text wherever it is shown (pupils, staff), one per line; `#` starts a comment. Used with the pattern redactor on the review queue, action pages and the public "you said, we did" page and feed.',
    ),
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
    config["GOVUK_FRONTEND_PATH"] = config["GOVUK_FRONTEND_PATH"] or str(_govuk_frontend())
    config["YOUSAID_BUILD_PATH"] = config["YOUSAID_BUILD_PATH"] or str(
        PACKAGE_ROOT / "web" / "static" / "build"
    )
    # Not a setting: the copy scripts/setup.sh makes inside the package, served under /static.
    config.setdefault("ACCESSIBLE_AUTOCOMPLETE_PATH", str(ACCESSIBLE_AUTOCOMPLETE))
    config["PRODUCTION"] = production
    # Flask's own TRUSTED_HOSTS: a request naming any other host is answered 400 (werkzeug).
    config["TRUSTED_HOSTS"] = trusted_hosts(config)
    config["MAX_CONTENT_LENGTH"] = _whole_number(config, "MAX_REQUEST_KB") * 1024
    config["MAX_FORM_MEMORY_SIZE"] = config["MAX_CONTENT_LENGTH"]
    # Only the plan upload takes more; that view raises its own request's limit to this.
    config["MAX_PLAN_UPLOAD_BYTES"] = _whole_number(config, "MAX_PLAN_UPLOAD_KB") * 1024
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = "Lax"
    config["SESSION_COOKIE_SECURE"] = production
    if production and frame_ancestor_sources(config):
        # A page framed by another site only gets its session cookie (and so its CSRF token,
        # its language and its draft) when the cookie is SameSite=None, which browsers accept
        # only with Secure. Partitioned (CHIPS) keys it to the framing site, so browsers that
        # block third-party cookies can still allow it and it cannot follow the parent around.
        # Same-site framing (haveyoursay.council.gov.uk inside www.council.gov.uk) needed
        # none of this, but gets the same cookie; the README explains the trade.
        config["SESSION_COOKIE_SAMESITE"] = "None"
        config["SESSION_COOKIE_PARTITIONED"] = True
    config.update({k: v for k, v in overrides.items() if k not in SETTINGS})
    check_config(config)
    return config


def public_base_url(config: Mapping[str, Any]) -> str:
    """The service's address without a trailing slash: ``PUBLIC_BASE_URL``, else a fixed one.

    Never the request's ``Host`` header: a link built from it would send a password reset token
    (or a parent's saved answers) to whatever host an attacker names (issue 15 item 1).
    """
    return str(config.get("PUBLIC_BASE_URL") or DEVELOPMENT_BASE_URL).strip().rstrip("/")


def trusted_hosts(config: Mapping[str, Any]) -> list[str] | None:
    """The host names production answers to (``None``, any host, in development and tests)."""
    if config.get("YOUSAID_ENV") != "production":
        return None
    ours = urlsplit(public_base_url(config)).hostname or ""
    others = config.get("TRUSTED_HOSTS") or ""
    # A comma-separated setting, or the list a config built earlier already holds.
    names = others.split(",") if isinstance(others, str) else list(others)
    return list(dict.fromkeys([ours, *(str(n).strip() for n in names if str(n).strip())]))


def frame_ancestor_sources(config: Mapping[str, Any]) -> list[str]:
    """FRAME_ANCESTORS as a list of origins (unchecked: ``check_frame_ancestors`` checks)."""
    value = config.get("FRAME_ANCESTORS") or ""
    if not isinstance(value, str):
        value = " ".join(value)
    return [part.rstrip("/") for part in re.split(r"[\s,]+", value) if part]


LOCAL_HOSTS = {"localhost", "127.0.0.1"}
_HOST = re.compile(
    r"^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$"
)


def check_frame_ancestors(config: Mapping[str, Any]) -> list[str]:
    """The origins allowed to frame the public pages, each ``https://host[:port]`` (``http`` only
    for this computer, in development), or a DomainError naming the first bad one."""
    production = config.get("YOUSAID_ENV") == "production"
    origins = []
    for origin in frame_ancestor_sources(config):
        scheme, _, rest = origin.partition("://")
        host = rest.lower()
        local = host.split(":")[0] in LOCAL_HOSTS
        if not _HOST.match(host):
            raise DomainError(
                f"FRAME_ANCESTORS must list origins such as https://www.example.gov.uk, "
                f"with no path: {origin} is not one",
                field="FRAME_ANCESTORS",
            )
        if scheme.lower() != "https" and not (scheme.lower() == "http" and local):
            raise DomainError(
                f"FRAME_ANCESTORS origins must start with https:// ({origin} does not)",
                field="FRAME_ANCESTORS",
            )
        if scheme.lower() == "http" and production:
            raise DomainError(
                f"FRAME_ANCESTORS may name http://{host} only in development",
                field="FRAME_ANCESTORS",
            )
        origins.append(f"{scheme.lower()}://{host}")
    return origins


def setting_date(config: Mapping[str, Any], name: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` setting as a date (None when unset), or a DomainError naming it."""
    value = str(config.get(name) or "").strip()
    if not value:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(
            f"{name} must be a date written YYYY-MM-DD, such as 2026-09-30", field=name
        ) from None
    if day > dt.date.today():
        raise DomainError(f"{name} cannot be in the future ({value})", field=name)
    return day


ACCESSIBILITY_COMPLIANCE = ("full", "partial", "none")


def _govuk_frontend() -> Path:
    """The copy inside the package (made by scripts/setup.sh, carried by the wheel), else the
    npm download in a checkout that has not copied it yet."""
    packaged = PACKAGE_ROOT / "web" / "static" / "govuk"
    if packaged.is_dir():
        return packaged
    return PROJECT_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"


ACCESSIBLE_AUTOCOMPLETE = PACKAGE_ROOT / "web" / "static" / "accessible-autocomplete"


def missing_assets(config: Mapping[str, Any]) -> str | None:
    """One sentence naming the front-end files a server cannot do without, if any is missing.

    Without them every page is served unstyled and fails WCAG target sizes, so the serve
    commands refuse to start; tests and app creation do not ask.
    """
    govuk = Path(str(config.get("GOVUK_FRONTEND_PATH") or ""))
    if not (govuk / "govuk-frontend.min.js").is_file() or not (govuk / "assets").is_dir():
        return (
            f"GOV.UK Frontend's assets are missing from {govuk}: run scripts/setup.sh "
            "(or npm ci), or set GOVUK_FRONTEND_PATH to a copy of govuk-frontend/dist/govuk."
        )
    build = Path(str(config.get("YOUSAID_BUILD_PATH") or ""))
    if not build.is_dir() or not any(build.glob("*.css")):
        return (
            f"The compiled stylesheet is missing from {build}: run scripts/setup.sh "
            "(or npm run build), or set YOUSAID_BUILD_PATH to the folder holding app.css."
        )
    autocomplete = Path(str(config.get("ACCESSIBLE_AUTOCOMPLETE_PATH") or ""))
    if not (autocomplete / "accessible-autocomplete.min.js").is_file():
        return (
            f"accessible-autocomplete (the organisation picker's type-ahead) is missing from "
            f"{autocomplete}: run scripts/setup.sh, which copies it from npm."
        )
    return None


def _whole_number(config: Mapping[str, Any], name: str) -> int:
    value = str(config.get(name) or "").strip()
    if not value.isdigit() or int(value) < 1:
        raise DomainError(f"{name} must be a whole number, 1 or more", field=name)
    return int(value)


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
    if config.get("BACKGROUND_JOBS") not in {"thread", "inline", "off"}:
        raise DomainError("BACKGROUND_JOBS must be thread, inline or off", field="BACKGROUND_JOBS")
    _whole_number(config, "RESUME_LINK_DAYS")
    _whole_number(config, "RETENTION_DAYS_DEFAULT")
    _whole_number(config, "STAFF_RETENTION_DAYS")
    setting_date(config, "ACCESSIBILITY_LAST_TESTED")
    setting_date(config, "ACCESSIBILITY_STATEMENT_PREPARED")
    if config.get("ACCESSIBILITY_COMPLIANCE") not in ACCESSIBILITY_COMPLIANCE:
        raise DomainError(
            "ACCESSIBILITY_COMPLIANCE must be full, partial or none",
            field="ACCESSIBILITY_COMPLIANCE",
        )
    _whole_number(config, "ACCESSIBILITY_REPLY_DAYS")
    check_frame_ancestors(config)
    if config.get("PRODUCTION") and not config.get("SECRET_KEY"):
        raise DomainError("Set SECRET_KEY before running in production", field="SECRET_KEY")
    try:
        parse_keys(config.get("DATA_ENCRYPTION_KEYS"))
    except SecretKeyError as error:
        # The field is named once, by whoever shows the error (the CLI says "FIELD: message").
        message = str(error).removeprefix("DATA_ENCRYPTION_KEYS: ")
        raise DomainError(message, field="DATA_ENCRYPTION_KEYS") from None
