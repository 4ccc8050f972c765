"""``yousaid sentiment``: score lines of text from stdin, nothing stored.

Its own module so that a pipe through it loads the analyser alone, not the database layer.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

import click

from analysis.sentiment import write_jsonl


def read_lines(stream: Any) -> Iterator[str]:
    """Text lines from stdin, decoded as UTF-8 with bad bytes replaced (one line in, one out)."""
    raw_lines: Iterable[Any] = stream.buffer if hasattr(stream, "buffer") else stream
    for raw in raw_lines:
        line = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        yield line.rstrip("\r\n")


@click.command()
def sentiment() -> None:
    """Score text: one text per line on stdin, one JSON object per line on stdout
    (polarity, label, subjectivity, drivers). Empty lines stay aligned as neutral."""
    write_jsonl(read_lines(sys.stdin), sys.stdout)
