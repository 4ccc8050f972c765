"""Indicator arithmetic: periods, Wilson intervals, tests of change, and RAG with its reason.

Pure functions over aggregated numbers (counts, sums and sums of squares that the database
computed); nothing here touches storage. The SEND board reads these figures, so every judgement
comes with its reason in words ("Amber: 61% positive (n=84, 95% CI 50-70%), target 75%") and no
change is called meaningful unless a test says so.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

Z_95 = 1.959963984540054  # two-sided 95%
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


# --- periods ------------------------------------------------------------------------------------


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


def periods_ending(period: Period, count: int) -> list[Period]:
    """``count`` consecutive periods ending with ``period``, oldest first (for trends)."""
    found = [period]
    while len(found) < count:
        found.append(found[-1].previous())
    return list(reversed(found))


# --- statistics ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson_interval(successes: int, n: int, z: float = Z_95) -> Interval | None:
    """The Wilson score interval for a proportion (good at small n and near 0% or 100%)."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError("successes must be between 0 and n")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def _normal_two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def two_proportion_p(x1: int, n1: int, x2: int, n2: int) -> float | None:
    """Two-sided p-value of the pooled two-proportion z-test; None when it cannot be computed."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance == 0:
        return 1.0  # both periods all-positive or all-negative: no difference to test
    return _normal_two_sided_p((x1 / n1 - x2 / n2) / math.sqrt(variance))


def sample_variance(n: int, total: float, total_sq: float) -> float | None:
    if n < 2:
        return None
    return max(0.0, (total_sq - total * total / n) / (n - 1))


def two_means_p(current: Aggregate, previous: Aggregate) -> float | None:
    """Two-sided p-value of a Welch-style z-test on two means from their sums and squares."""
    v1 = sample_variance(current.n, current.total, current.total_sq)
    v2 = sample_variance(previous.n, previous.total, previous.total_sq)
    if v1 is None or v2 is None:
        return None
    se = math.sqrt(v1 / current.n + v2 / previous.n)
    difference = current.total / current.n - previous.total / previous.n
    if se == 0:
        return 1.0 if difference == 0 else 0.0
    return _normal_two_sided_p(difference / se)


# --- aggregates and targets -----------------------------------------------------------------------


@dataclass(frozen=True)
class Aggregate:
    """What the database computed for one measure in one period.

    ``n`` observations; ``positive`` of them positive (rates); ``total``/``total_sq`` sums of the
    values and their squares (means); ``count`` for counts; ``denominator`` what a count or figure
    is out of (LAs in the region, families with an EHC plan).
    """

    n: int = 0
    positive: int = 0
    total: float = 0.0
    total_sq: float = 0.0
    count: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class Target:
    """What good looks like for a measure: from the plan's indicator."""

    kind: str  # count | rate | mean_score | mean_sentiment | figure
    unit: str = "number"  # percent | number | las | score ...
    target: float | None = None
    tolerance: float | None = None
    direction: str = "higher"
    min_n: int = 20
    of: str | None = None


@dataclass(frozen=True)
class Change:
    previous: float | None
    difference: float | None
    meaningful: bool | None  # None: not tested (counts, figures, no previous value, too few)
    words: str


@dataclass(frozen=True)
class Evaluation:
    """One measure in one period: its value, how sure we are, how it moved, and its RAG."""

    value: float | None
    n: int
    interval: Interval | None
    change: Change
    rag: str  # red | amber | green | none
    reason: str
    enough: bool  # n at least the indicator's min_n (always True for counts and figures)
    aggregate: Aggregate = field(default_factory=Aggregate)


def value_of(target: Target, aggregate: Aggregate) -> float | None:
    """The headline value: a percentage for rates, a mean, a count or an entered figure."""
    if target.kind == "rate":
        return 100 * aggregate.positive / aggregate.n if aggregate.n else None
    if target.kind in {"mean_score", "mean_sentiment"}:
        return aggregate.total / aggregate.n if aggregate.n else None
    return aggregate.count


def interval_of(target: Target, aggregate: Aggregate) -> Interval | None:
    if target.kind == "rate":
        found = wilson_interval(aggregate.positive, aggregate.n)
        return Interval(100 * found.low, 100 * found.high) if found else None
    if target.kind in {"mean_score", "mean_sentiment"}:
        variance = sample_variance(aggregate.n, aggregate.total, aggregate.total_sq)
        if variance is None:
            return None
        half = Z_95 * math.sqrt(variance / aggregate.n)
        mean = aggregate.total / aggregate.n
        return Interval(mean - half, mean + half)
    return None


def is_tested(target: Target) -> bool:
    return target.kind in {"rate", "mean_score", "mean_sentiment"}


def compare(target: Target, current: Aggregate, previous: Aggregate) -> Change:
    """How the value moved since the previous period, and whether that is more than noise."""
    now, before = value_of(target, current), value_of(target, previous)
    if now is None or before is None:
        return Change(before, None, None, "no previous value to compare with")
    difference = now - before
    moved = f"{_signed(difference, target)} since the previous period"
    if not is_tested(target):
        return Change(before, difference, None, f"{moved} (a count: no test applied)")
    if current.n < target.min_n or previous.n < target.min_n:
        return Change(
            before,
            difference,
            None,
            f"{moved}; too few responses to tell (n={current.n} and {previous.n}, "
            f"at least {target.min_n} needed in each)",
        )
    if target.kind == "rate":
        p = two_proportion_p(current.positive, current.n, previous.positive, previous.n)
    else:
        p = two_means_p(current, previous)
    if p is None:
        return Change(before, difference, None, f"{moved}; the change could not be tested")
    if p < 0.05:
        return Change(before, difference, True, f"{moved}; a real change (p={_p(p)})")
    return Change(before, difference, False, f"{moved}; could be chance (p={_p(p)})")


def _p(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


# --- RAG ----------------------------------------------------------------------------------------


def default_tolerance(target: Target) -> float:
    """The amber band when the plan gives none: a tenth of the target (at least 1 for counts)."""
    if target.tolerance is not None:
        return abs(target.tolerance)
    if target.target is None:
        return 0.0
    band = abs(target.target) / 10
    return max(band, 1.0) if target.kind in {"count", "figure"} else band


def rag_for(target: Target, value: float | None) -> str:
    """Green when the target is met, amber within tolerance of it, red beyond; none untargeted."""
    if value is None or target.target is None:
        return "none"
    gap = value - target.target if target.direction == "higher" else target.target - value
    if gap >= 0:
        return "green"
    if -gap <= default_tolerance(target):
        return "amber"
    return "red"


def format_value(target: Target, value: float | None) -> str:
    if value is None:
        return "no value"
    if target.kind == "rate" or target.unit == "percent":
        return f"{value:.0f}%"
    if target.kind == "mean_sentiment":
        return f"{value:+.2f}"
    if target.kind == "mean_score":
        return f"{value:.1f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _signed(difference: float, target: Target) -> str:
    if target.kind == "rate" or target.unit == "percent":
        return f"{difference:+.0f} percentage points"
    if target.kind == "mean_sentiment":
        return f"{difference:+.2f}"
    if target.kind == "mean_score":
        return f"{difference:+.1f}"
    return f"{difference:+,.0f}" if float(difference).is_integer() else f"{difference:+,.1f}"


def describe(target: Target, aggregate: Aggregate) -> str:
    """The value in words: "61% positive (n=84, 95% CI 50-70%)", "3 of 4 LAs attending"."""
    value = value_of(target, aggregate)
    if value is None:
        return "no evidence yet" if target.kind != "figure" else "no figure entered yet"
    interval = interval_of(target, aggregate)
    shown = format_value(target, value)
    if target.kind == "rate":
        assert interval is not None
        return f"{shown} positive (n={aggregate.n}, 95% CI {interval.low:.0f}-{interval.high:.0f}%)"
    if target.kind in {"mean_score", "mean_sentiment"}:
        word = "mean score" if target.kind == "mean_score" else "mean sentiment"
        spread = ""
        if interval is not None:
            spread = (
                f", 95% CI {format_value(target, interval.low)} to "
                f"{format_value(target, interval.high)}"
            )
        return f"{word} {shown} (n={aggregate.n}{spread})"
    what = (target.of or "").replace("_", " ")
    if target.of == "attending_las":
        what = "LAs attending"
    if aggregate.denominator:
        return f"{shown} of {aggregate.denominator:,.0f} {what}".rstrip()
    return f"{shown} {what}".rstrip()


def evaluate(target: Target, current: Aggregate, previous: Aggregate) -> Evaluation:
    """Value, interval, change and RAG with its reason for one measure in one period."""
    value = value_of(target, current)
    enough = not is_tested(target) or current.n >= target.min_n
    change = compare(target, current, previous)
    said = describe(target, current)
    if value is None:
        return Evaluation(
            None, current.n, None, change, "none", f"Not rated: {said}", False, current
        )
    goal = _goal(target)
    if not enough:
        reason = (
            f"Not rated: {said}; too few responses to rate (at least {target.min_n} needed){goal}"
        )
        return Evaluation(
            value, current.n, interval_of(target, current), change, "none", reason, False, current
        )
    rag = rag_for(target, value)
    word = {"green": "Green", "amber": "Amber", "red": "Red", "none": "Not rated"}[rag]
    reason = f"{word}: {said}{goal}" if rag != "none" else f"Not rated: {said}; no target set"
    return Evaluation(
        value, current.n, interval_of(target, current), change, rag, reason, True, current
    )


def _goal(target: Target) -> str:
    if target.target is None:
        return ""
    lower = " (lower is better)" if target.direction == "lower" else ""
    return f", target {format_value(target, target.target)}{lower}"
