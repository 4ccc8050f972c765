"""Redact free text before a page shows it, with the council's own list of names.

``analysis.redact`` finds emails, phone numbers, postcodes, NI numbers, dates of birth and names
introduced in the usual ways ("my son Harry"). A council also knows names the heuristics cannot
find (pupils, staff, a head teacher mentioned in passing): ``REDACTION_NAMES_FILE`` points at a
UTF-8 text file with one name per line, read once and again whenever the file changes.

The web layer passes its app's settings in (``survey.web.redaction_names``); the bots and the CLI,
outside a request, use the environment, from which the app's settings come too.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from analysis.redact import redact

_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "names": ()}


def names_from_file(path: str | Path | None) -> tuple[str, ...]:
    """The names listed in ``path`` (blank lines and lines starting with # skipped)."""
    if not path:
        return ()
    file = Path(path)
    try:
        stat = file.stat()
    except OSError:
        return ()  # a missing list must not take the pages down; the heuristics still run
    key = (str(file), stat.st_mtime_ns, stat.st_size)
    with _lock:
        if _cache["key"] != key:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
            names = (line.strip() for line in lines)
            _cache.update(key=key, names=tuple(n for n in names if n and not n.startswith("#")))
        return tuple(_cache["names"])


def configured_names(config: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """The names list of ``config`` (an app's settings), or else of the environment."""
    settings: Mapping[str, Any] = os.environ if config is None else config
    return names_from_file(settings.get("REDACTION_NAMES_FILE"))


def redact_text(text: str | None, names: Iterable[str] | None = None) -> str:
    """``text`` with personal details replaced, and ``names`` (by default the environment's
    names list: pass the app's, ``configured_names(app.config)``, when serving a request)."""
    if not text:
        return ""
    return redact(text, configured_names() if names is None else names)
