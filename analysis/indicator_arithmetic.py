"""Indicator arithmetic: Wilson intervals, tests of change, and values described in words.

Pure functions over aggregated numbers (counts, sums and sums of squares that the database
computed); nothing here touches storage. No change is called meaningful unless a test says so.
Reporting periods are in ``analysis.periods``; the RAG judgement in ``analysis.rag``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # two-sided 95%


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
    # Parts left out because they were small (a suppressed view's figures are pooled from the
    # LA x month parts that may be published: survey.officers.indicator_service).
    withheld: int = 0


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


# --- values in words ------------------------------------------------------------------------------


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
