"""RAG status (red, amber, green) for a measure against its plan's target, with its reason.

The SEND board reads these judgements, so every one comes with its reason in words ("Amber: 61%
positive (n=84, 95% CI 50-70%), target 75%"). The figures themselves come from
``analysis.indicator_arithmetic``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.indicator_arithmetic import (
    Aggregate,
    Change,
    Interval,
    Target,
    compare,
    describe,
    format_value,
    interval_of,
    is_tested,
    value_of,
)


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
