"""JSON logs on stdout for production, with no free text or personal data in them.

A request is logged as its method, the *route template* (``/s/<slug>/resume/<token>``, never the
real path, which can carry resume tokens or search words), the status, the duration and a request
id. Nothing from the body, the query string, headers, cookies or the client address is logged.
Exceptions are logged by type only: their messages and tracebacks can quote what people typed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import logging.config
import re
import time
import traceback
import uuid
from typing import Any

from flask import Flask, Response, g, request

from survey.web.library_logs import install_library_log_guard

# Only these attributes of a log record are copied into the JSON line (besides the basics), so a
# stray ``extra=`` can never leak something new without a code change here.
ALLOWED_FIELDS = ("method", "path", "status", "duration_ms", "request_id", "pid", "workers")
REQUEST_ID_HEADER = "X-Request-Id"
# An inbound request id (from a load balancer) is kept only when it looks like an id.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event and the allowed fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for name in ALLOWED_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = record.exc_info[0].__name__
            # Where it was raised, never the message (messages can quote what people typed).
            frames = traceback.extract_tb(record.exc_info[2])
            if frames:
                line["where"] = f"{frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name}"
        return json.dumps(line, sort_keys=False, default=str)


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for yousaid and gunicorn: JSON on stdout."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stdout": handler},
        "root": {"level": level, "handlers": ["stdout"]},
        "loggers": {
            # gunicorn's own loggers: start-up and worker events as JSON; its access log is off
            # because ours (below) knows the route template and theirs only the raw path.
            "gunicorn.error": {"level": level, "handlers": ["stdout"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
            # werkzeug's request lines carry the raw path and the client address.
            "werkzeug": {"level": "WARNING", "handlers": ["stdout"], "propagate": False},
        },
    }


def configure_json_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(level))
    install_library_log_guard()


def request_id() -> str:
    return g.get("request_id") or ""


def _start_request() -> None:
    if "request_id" in g:
        return
    g.request_started = time.perf_counter()
    inbound = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = inbound if _SAFE_REQUEST_ID.match(inbound) else uuid.uuid4().hex


def init_request_logging(app: Flask) -> None:
    """Log every request as one JSON-friendly record and hand back its request id."""
    logger = logging.getLogger("yousaid.request")
    # Every app, in every mode: libraries' records never carry request bodies or user names.
    install_library_log_guard()

    # URL value preprocessors run before any before_request function (a blueprint's preprocessor
    # can already answer 404), so the clock starts there; before_request covers the rest.
    @app.url_value_preprocessor
    def start_at_routing(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
        _start_request()

    app.before_request(_start_request)

    @app.after_request
    def log_request(response: Response) -> Response:
        _start_request()  # unrouted requests (404, 405) never reached the hooks above
        started = g.get("request_started")
        duration = (time.perf_counter() - started) * 1000 if started is not None else 0.0
        rule = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
        response.headers[REQUEST_ID_HEADER] = request_id()
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": rule,
                "status": response.status_code,
                "duration_ms": round(duration, 1),
                "request_id": request_id(),
            },
        )
        return response
