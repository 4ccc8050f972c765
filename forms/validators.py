"""Validators shared by several officers' forms, worded the GOV.UK way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wtforms import ValidationError

from forms.base import StripWhitespaceForm

# What a period is belongs to analysis.periods; forms stay independent of it, so the view passes
# in a check that returns the problem in words (or None when the period reads).
PeriodCheck = Callable[[str], "str | None"]


def readable_period(form: Any, field: Any) -> None:
    """A period the dashboard understands (month, term, quarter, financial year or range)."""
    if field.data:
        problem = form.check_period(field.data)
        if problem:
            raise ValidationError(problem)


class PeriodForm(StripWhitespaceForm):
    """A form with a period field: built with ``check_period`` from the view."""

    def __init__(self, *args: Any, check_period: PeriodCheck, **kwargs: Any) -> None:
        self.check_period = check_period
        super().__init__(*args, **kwargs)


def number(field: Any, message: str) -> None:
    """A finite number, commas allowed (12, 61.5, 1,200)."""
    try:
        value = float(str(field.data).replace(",", ""))
    except ValueError as error:
        raise ValidationError(message) from error
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError(message)
