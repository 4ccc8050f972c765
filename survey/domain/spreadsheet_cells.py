"""Cells that a spreadsheet cannot mistake for a formula.

A parent's comment or an officer's "You said, we did" entry that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return becomes a live formula when the CSV or XLSX file we write is
opened in Excel or LibreOffice (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). OWASP's advice is to
start such a cell with a single quote, which both programs show as text. Numbers, dates and
booleans are left as they are, so a count stays a number a formula can add up.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """The value to write in a cell: text that could start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def formula_safe_row(values: Iterable[object]) -> list[object]:
    """Every cell of a row made safe (see ``formula_safe``)."""
    return [formula_safe(value) for value in values]
