"""Production logs: one JSON object per line, and an error says what and where, never the
message (which can quote what a parent or member of staff typed)."""

from __future__ import annotations

import json
import logging
import sys

from survey.web.logging_setup import JsonFormatter


def test_an_exception_is_logged_by_type_and_place_without_its_message() -> None:
    try:
        raise ValueError("Ring Mrs Patel on 07700 900123 about Harry's plan")
    except ValueError:
        record = logging.getLogger("yousaid.test").makeRecord(
            "yousaid.test", logging.ERROR, __file__, 1, "unhandled %s", ("ValueError",), None
        )
        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["event"] == "unhandled ValueError" and line["level"] == "error"
    assert line["exception"] == "ValueError"
    assert line["where"].endswith(
        "in test_an_exception_is_logged_by_type_and_place_without_its_message"
    )
    assert "Patel" not in json.dumps(line) and "07700" not in json.dumps(line)
