"""Validators shared by several officers' forms, worded the GOV.UK way."""

from __future__ import annotations

from typing import Any

from wtforms import ValidationError

from analysis.indicators import PERIOD_HELP, parse_period


def readable_period(_form: Any, field: Any) -> None:
    """A period the dashboard understands (month, term, quarter, financial year or range)."""
    if field.data:
        try:
            parse_period(field.data)
        except ValueError as error:
            raise ValidationError(PERIOD_HELP) from error


def number(field: Any, message: str) -> None:
    """A finite number, commas allowed (12, 61.5, 1,200)."""
    try:
        value = float(str(field.data).replace(",", ""))
    except ValueError as error:
        raise ValidationError(message) from error
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError(message)
