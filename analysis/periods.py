"""Reporting periods: months, school terms, calendar quarters, financial years and custom ranges.

How people write a period ("2026-10", "2026-autumn", "2026-Q3", "FY2026-27",
"2026-09-01..2026-10-15"), what a reader sees ("Autumn term 2026"), and the run of periods a
trend is drawn over. Pure: nothing here touches storage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# English school terms as the plan's reporting uses them: autumn Sep-Dec, spring Jan-Apr,
# summer May-Aug. Value: (first month, month after the last, in the same calendar year).
TERMS = {"autumn": (9, 13), "spring": (1, 5), "summer": (5, 9)}
PERIOD_KINDS = ("month", "term", "quarter", "year", "custom")


@dataclass(frozen=True)
class Period:
    """A reporting period: ``start`` inclusive, ``end`` exclusive (dates)."""

    kind: str
    start: dt.date
    end: dt.date
    key: str  # typed or in a URL: 2026-10, 2026-autumn, 2026-Q3, FY2026-27
    label: str  # what a reader sees: October 2026, Autumn term 2026, ...

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time())

    @property
    def end_at(self) -> dt.datetime:
        return dt.datetime.combine(self.end, dt.time())

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    def previous(self) -> Period:
        """The period of the same kind just before this one (a custom range: same length)."""
        if self.kind == "custom":
            length = self.end - self.start
            return custom_period(self.start - length, self.start - dt.timedelta(days=1))
        return period_containing(self.kind, self.start - dt.timedelta(days=1))

    def next(self) -> Period:
        if self.kind == "custom":
            length = self.end - self.start
            return custom_period(self.end, self.end + length - dt.timedelta(days=1))
        return period_containing(self.kind, self.end)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_period(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    return Period(
        "month",
        start,
        _add_months(start, 1),
        f"{year:04d}-{month:02d}",
        f"{MONTH_NAMES[month - 1]} {year}",
    )


def term_period(year: int, term: str) -> Period:
    first, after = TERMS[term]
    start = dt.date(year, first, 1)
    end = dt.date(year + 1, 1, 1) if after == 13 else dt.date(year, after, 1)
    return Period("term", start, end, f"{year:04d}-{term}", f"{term.capitalize()} term {year}")


def quarter_period(year: int, quarter: int) -> Period:
    """A calendar quarter (Q1 is January to March)."""
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    end = _add_months(start, 3)
    first, last = MONTH_NAMES[start.month - 1], MONTH_NAMES[end.month - 2 if end.month > 1 else 11]
    return Period(
        "quarter", start, end, f"{year:04d}-Q{quarter}", f"Q{quarter} {year} ({first} to {last})"
    )


def financial_year(start_year: int) -> Period:
    """April to March, as councils report: 2026-27 runs from 1 April 2026 to 31 March 2027."""
    short = f"{start_year:04d}-{(start_year + 1) % 100:02d}"
    return Period(
        "year",
        dt.date(start_year, 4, 1),
        dt.date(start_year + 1, 4, 1),
        f"FY{short}",
        f"Financial year {short}",
    )


def custom_period(first_day: dt.date, last_day: dt.date) -> Period:
    if last_day < first_day:
        raise ValueError("A period must end on or after the day it starts")
    key = f"{first_day.isoformat()}..{last_day.isoformat()}"
    label = f"{_day(first_day)} to {_day(last_day)}"
    return Period("custom", first_day, last_day + dt.timedelta(days=1), key, label)


def _day(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def period_containing(kind: str, day: dt.date) -> Period:
    """The month, term, quarter or financial year that ``day`` falls in."""
    if kind == "month":
        return month_period(day.year, day.month)
    if kind == "term":
        term = next(name for name, (a, b) in TERMS.items() if a <= day.month < b)
        return term_period(day.year, term)
    if kind == "quarter":
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    if kind == "year":
        return financial_year(day.year if day.month >= 4 else day.year - 1)
    raise ValueError(f"'{kind}' is not a kind of period: use {', '.join(PERIOD_KINDS[:-1])}")


# A month wins over a financial year when both read ("2011-12"); write FY2011-12 for the year.
_MONTH = re.compile(r"^(\d{4})-(0?[1-9]|1[0-2])$")
_TERM = re.compile(r"^(\d{4})-(autumn|spring|summer)$|^(autumn|spring|summer)-(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-q([1-4])$")
_YEAR = re.compile(r"^(?:fy ?)?(\d{4})-(\d{2})$")
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
PERIOD_HELP = (
    "Write the period as a month (2026-10), a term (2026-autumn), a quarter (2026-Q3), "
    "a financial year (2026-27) or a range (2026-09-01..2026-10-15)"
)


def parse_period(text: str) -> Period:
    """Read a period as people write it; ValueError (with PERIOD_HELP) when it cannot be read."""
    value = (text or "").strip().lower()
    try:
        if match := _MONTH.match(value):
            return month_period(int(match[1]), int(match[2]))
        if match := _TERM.match(value):
            year, term = (match[1], match[2]) if match[1] else (match[4], match[3])
            return term_period(int(year), term)
        if match := _QUARTER.match(value):
            return quarter_period(int(match[1]), int(match[2]))
        if (match := _YEAR.match(value)) and (int(match[1]) + 1) % 100 == int(match[2]):
            return financial_year(int(match[1]))
        if match := _CUSTOM.match(value):
            return custom_period(dt.date.fromisoformat(match[1]), dt.date.fromisoformat(match[2]))
    except ValueError:
        pass  # a month 13 or 31 February: same answer as any other unreadable period
    raise ValueError(PERIOD_HELP)


# What leaves the service suppressed is only ever counted over these: whole months and the
# terms, quarters and financial years built from them. A custom range would let anyone move one
# day at a time and read off a single response as the difference (README, "Suppression").
PUBLISHED_KINDS = ("month", "term", "quarter", "year")
PUBLISHED_PERIOD_HELP = (
    "Write the period as a month (2026-10), a term (2026-autumn), a quarter (2026-Q3) or "
    "a financial year (2026-27): custom date ranges are shown only with exact figures"
)


def parse_published_period(text: str) -> Period:
    """Like :func:`parse_period`, but refusing custom ranges (ValueError with the allowed forms)."""
    try:
        period = parse_period(text)
    except ValueError:
        raise ValueError(PUBLISHED_PERIOD_HELP) from None
    if period.kind not in PUBLISHED_KINDS:
        raise ValueError(PUBLISHED_PERIOD_HELP)
    return period


def published_period_problem(text: str) -> str | None:
    """What is wrong with a period for a suppressed view, in words; None when it may be shown."""
    if problem := period_problem(text):
        return problem
    if parse_period(text).kind not in PUBLISHED_KINDS:
        return PUBLISHED_PERIOD_HELP
    return None


def months_in(period: Period) -> list[Period]:
    """The calendar months a published period is made of (the atoms suppression counts in)."""
    if period.kind == "custom":
        raise ValueError("A custom range is not made of whole months")
    found = [month_period(period.start.year, period.start.month)]
    while found[-1].end < period.end:
        found.append(found[-1].next())
    return found


def periods_ending(period: Period, count: int) -> list[Period]:
    """``count`` consecutive periods ending with ``period``, oldest first (for trends)."""
    found = [period]
    while len(found) < count:
        found.append(found[-1].previous())
    return list(reversed(found))


def period_problem(text: str) -> str | None:
    """What is wrong with a period someone typed, in words; None when it reads."""
    try:
        parse_period(text)
    except ValueError:
        return PERIOD_HELP
    return None
