"""Libraries' log records never carry what people wrote, whatever the library does.

slack_bolt logs the whole request body (a colleague's concern, a user name) at INFO when a
signature is wrong or stale, and quotes payloads when a request goes unhandled; the Agents SDK
and MSAL can quote activities and tokens. Logger levels and handler filters cannot stop that for
every destination (a logger filter is not inherited by child loggers, and handlers are added by
whoever runs the process), so the guard sits where every record is born: the log record factory.

A record from one of these libraries (by logger name, or by the file that logged it) keeps its
logger, level and time; its message becomes the library's constant text when there is one (a
``%s`` template without its arguments, or a known opening phrase), otherwise "message withheld".
Exceptions are reduced to their type: their messages and tracebacks can quote the payload.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Callable
from functools import cache
from typing import Any

# Top-level packages whose records are guarded.
GUARDED_PACKAGES = ("slack_bolt", "slack_sdk", "microsoft_agents", "msal", "aiohttp")
# Openings of libraries' messages that are constant text (whole messages, or the part of an
# f-string message before the quoted data). A message equal to one is kept as it is.
KNOWN_OPENINGS = (
    "JWT audience not accepted",
    "JWT issuer not accepted for this connection",
    "JWT tenant binding mismatch",
    "Invalid activity: missing channel_id",
    "Invalid activity: missing conversation_id",
    "Invalid request signature detected",
    "Unhandled request",
    "A global middleware",
    "Failed to run listener function",
    "Failed to run a middleware",
    "Failed to run an internal middleware",
    "Request verification failed",
    "Although the app should be installed",
)
WITHHELD = "message withheld (it may quote a request)"


@cache
def _package_folders() -> tuple[str, ...]:
    """Where the guarded packages live, found without importing them."""
    folders: list[str] = []
    for name in GUARDED_PACKAGES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        for folder in (spec.submodule_search_locations or []) if spec else []:
            folders.append(os.path.join(os.path.realpath(folder), ""))
    return tuple(folders)


def from_library(record: logging.LogRecord) -> bool:
    root = record.name.replace(":", ".").split(".", 1)[0]
    if root in GUARDED_PACKAGES:
        return True
    # Bolt logs through loggers named after our app or our base logger: the file tells.
    path = os.path.realpath(record.pathname or "")
    return path.startswith(_package_folders())


def _safe_event(record: logging.LogRecord) -> str:
    template = record.msg if isinstance(record.msg, str) else ""
    if record.args and template:
        return template  # the library's constant template, without what was put into it
    for opening in KNOWN_OPENINGS:
        if template.rstrip(".") == opening:
            return template
        if template.startswith(opening):
            return f"{opening} (details withheld)"
    return WITHHELD


def neutralise(record: logging.LogRecord) -> None:
    event = _safe_event(record)
    if record.exc_info and record.exc_info[0] is not None:
        event = f"{event} [{record.exc_info[0].__name__}]"
    record.msg, record.args = event, ()
    record.exc_info, record.exc_text, record.stack_info = None, None, None


def install_library_log_guard() -> None:
    """Wrap the log record factory once per process (idempotent)."""
    current: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()
    if getattr(current, "yousaid_guard", False):
        return

    def guarded_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        if from_library(record):
            neutralise(record)
        return record

    guarded_record.yousaid_guard = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(guarded_record)
