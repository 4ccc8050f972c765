"""How many rows a bulk UPDATE or DELETE changed.

``Session.execute`` is typed as returning ``Result``, but a DML statement's result is a
``CursorResult`` (the only kind with ``rowcount``). One helper says so once, instead of each
repository ignoring the type checker or repeating the cast.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result


def rows_changed(result: Result[Any]) -> int:
    """Rows matched by an UPDATE/DELETE (0 when the driver cannot tell)."""
    return int(cast("CursorResult[Any]", result).rowcount or 0)
