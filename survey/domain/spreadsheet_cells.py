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


def could_start_formula(text: str) -> bool:
    """Whether a spreadsheet might read this text as a formula."""
    return text.startswith(FORMULA_STARTS)


def formula_safe(value: object) -> object:
    """The value to write in a CSV cell: text that could start a formula gets a leading quote."""
    if isinstance(value, str) and could_start_formula(value):
        return "'" + value
    return value


def without_formula_quote(text: str) -> str:
    """Text read back from a file we (or a careful spreadsheet) quoted: the quote removed, so a
    corrected rejects file imports what the parent wrote."""
    if text.startswith("'") and could_start_formula(text[1:]):
        return text[1:]
    return text


def formula_safe_row(values: Iterable[object]) -> list[object]:
    """Every cell of a row made safe (see ``formula_safe``)."""
    return [formula_safe(value) for value in values]
