"""Every measure of the active plans for a period: value, interval, change, baseline, target and
RAG with its reason, and a trend. One computation feeds the dashboard, the monthly report and the
JSON API alike, so the three can never disagree.

The database does the counting (``storage.repositories.indicator_totals``);
``analysis.indicator_arithmetic`` and ``analysis.rag`` do the arithmetic; suppression is applied
by :func:`published` for anything that leaves the screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from analysis.charts import Point
from analysis.indicator_arithmetic import Aggregate, Target, format_value
from analysis.periods import Period, months_in, periods_ending
from analysis.rag import Evaluation, evaluate
from analysis.suppression import (
    DEFAULT_THRESHOLD,
    PRIMARY,
    SECONDARY,
    Cell,
    needs_suppression,
    suppress_count,
    suppress_rate,
)
from storage.repositories import indicator_totals as sums
from storage.repositories.indicator_totals import EvidenceFilter, FigureTotals, Totals
from storage.repositories.measures import MeasureRow, list_measure_rows
from storage.repositories.organisations import list_las

TREND_PERIODS = 12
SURVEY_BASED = {"answers"}


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    evaluation: Evaluation


@dataclass(frozen=True)
class MeasureResult:
    """One measure in the chosen period, with its previous period and trend."""

    measure: MeasureRow
    target: Target
    period: Period
    previous_period: Period
    current: Evaluation
    previous: Evaluation
    trend: list[TrendPoint]
    context: str | None = None  # e.g. response rate against a known number of families
    notes: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.measure.plan_slug}/{self.measure.code}"

    @property
    def survey_based(self) -> bool:
        return self.measure.of in SURVEY_BASED

    @property
    def baseline(self) -> str | None:
        if self.measure.baseline_value is None:
            return None
        value = format_value(self.target, self.measure.baseline_value)
        return (
            f"{value} in {self.measure.baseline_period}" if self.measure.baseline_period else value
        )

    @property
    def target_words(self) -> str | None:
        if self.target.target is None:
            return None
        lower = " (lower is better)" if self.target.direction == "lower" else ""
        return f"{format_value(self.target, self.target.target)}{lower}"

    def points(self, unsuppressed: bool = False, threshold: int = DEFAULT_THRESHOLD) -> list[Point]:
        """The trend as chart points, with suppressed values left out unless allowed."""
        found = []
        for point in self.trend:
            shown = published(self.target, point.evaluation, threshold)
            value = point.evaluation.value if unsuppressed else shown.value
            found.append(Point(short_label(point.period), value))
        return found


@dataclass(frozen=True)
class IndicatorReport:
    period: Period
    previous_period: Period
    where: EvidenceFilter
    results: list[MeasureResult]
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def by_priority(self) -> list[tuple[str, str, list[MeasureResult]]]:
        """(plan title + priority number, priority title, results) in plan order."""
        groups: dict[tuple[str, str], list[MeasureResult]] = {}
        titles: dict[tuple[str, str], str] = {}
        for result in self.results:
            key = (result.measure.plan_title, result.measure.priority)
            groups.setdefault(key, []).append(result)
            titles[key] = result.measure.priority_title
        return [
            (
                f"Priority {number}" if number else "Other measures",
                titles[(plan, number)],
                results,
            )
            for (plan, number), results in groups.items()
        ]


def short_label(period: Period) -> str:
    if period.kind == "month":
        return period.start.strftime("%b %Y")
    if period.kind == "term":
        return f"{period.key.split('-')[1].capitalize()} {period.start.year}"
    if period.kind == "quarter":
        return period.key.replace("-", " ")
    return period.key


def target_for(measure: MeasureRow, where: EvidenceFilter | None = None) -> Target:
    # A count of LAs attending has a region-wide target; for one LA it has none.
    one_la = where is not None and where.organisation_id is not None
    regional = measure.of == "attending_las" and one_la
    return Target(
        kind=measure.kind,
        unit=measure.unit,
        target=None if regional else measure.target,
        tolerance=measure.tolerance,
        direction=measure.direction,
        min_n=measure.min_n,
        of=measure.of,
    )


# --- computing --------------------------------------------------------------------------------


@dataclass
class _Sums:
    """Everything the database said, keyed by (measure id, period index)."""

    answers: dict[tuple[int, int], dict[str, Totals]]
    submissions: dict[tuple[int, int], dict[str, Totals]]
    responses: dict[tuple[int, int], int]
    meetings: dict[tuple[int, int], tuple[int, int]]
    region_las: dict[int, int]
    figures: dict[tuple[int, int], FigureTotals]


def _gather(
    session: Session, measures: list[MeasureRow], bounds: list[dt.date], where: EvidenceFilter
) -> _Sums:
    def ids(*wanted: str) -> list[int]:
        return [m.id for m in measures if m.of in wanted]

    every = [m.id for m in measures]
    return _Sums(
        answers=sums.aggregate_answers(session, ids("answers"), bounds, where),
        submissions=sums.aggregate_submissions(session, ids("submissions"), bounds, where),
        responses=sums.count_responses(session, ids("responses"), bounds, where),
        meetings=sums.count_meetings_and_attending_las(
            session, ids("meetings", "attending_las"), bounds, where
        ),
        region_las=sums.count_region_las(session, ids("attending_las")),
        # Figures feed "figure" indicators, and give any measure a known denominator
        # (e.g. families with an EHC plan) for response-rate context.
        figures=sums.aggregate_figures(session, every, bounds, where),
    )


def _aggregate(measure: MeasureRow, found: _Sums, index: int, where: EvidenceFilter) -> Aggregate:
    key = (measure.id, index)
    if measure.kind == "figure":
        figure = found.figures.get(key)
        if figure is None:
            return Aggregate()
        if measure.unit == "percent" and figure.denominator:
            value = 100 * figure.total / figure.denominator  # pooled, not a mean of percentages
        elif measure.unit == "percent":
            value = figure.mean
        else:
            value = figure.total
        return Aggregate(n=figure.entries, count=value, denominator=figure.denominator)
    if measure.kind == "count":
        return _count(measure, found, key, where)
    source = found.answers if measure.of == "answers" else found.submissions
    parts = source.get(key)
    if parts is None:
        return Aggregate()
    part = {"rate": "positive", "mean_score": "score", "mean_sentiment": "sentiment"}[measure.kind]
    totals = parts[part]
    return Aggregate(totals.n, totals.positive, totals.total, totals.total_sq)


def _count(
    measure: MeasureRow, found: _Sums, key: tuple[int, int], where: EvidenceFilter
) -> Aggregate:
    if measure.of == "attending_las":
        held, las = found.meetings.get(key, (0, 0))
        region = 1 if where.organisation_id is not None else found.region_las.get(measure.id)
        return Aggregate(n=held, count=las if held else None, denominator=region or None)
    if measure.of == "meetings":
        held, _las = found.meetings.get(key, (0, 0))
        return Aggregate(n=held, count=held)
    if measure.of == "responses":
        count = found.responses.get(key, 0)
        return Aggregate(n=count, count=count)
    source = found.answers if measure.of == "answers" else found.submissions
    items = source.get(key, {}).get("count", Totals()).n
    return Aggregate(n=items, count=items)


def _context(measure: MeasureRow, found: _Sums, index: int, evaluation: Evaluation) -> str | None:
    """Response-rate context where an officer entered how many could have responded."""
    if measure.kind == "figure":
        return None
    figure = found.figures.get((measure.id, index))
    if figure is None or not figure.denominator:
        return None
    n = evaluation.n
    share = 100 * n / figure.denominator
    return f"{n:,} of {figure.denominator:,.0f} who could respond ({share:.0f}% response rate)"


def _notes(measure: MeasureRow, where: EvidenceFilter) -> tuple[str, ...]:
    if measure.of == "submissions" and where.narrows_responses:
        return ("LA, setting and survey filters do not apply to staff submissions.",)
    return ()


def compute_indicators(
    session: Session,
    period: Period,
    where: EvidenceFilter | None = None,
    trend_periods: int = TREND_PERIODS,
    plan_slug: str | None = None,
    measure_code: str | None = None,
    pooled_threshold: int | None = None,
) -> IndicatorReport:
    """Every measure (of the active plans, or one plan/measure) for ``period`` and its trend.

    With ``pooled_threshold`` (anything that will be suppressed), measures of people's answers
    are counted from LA x month atoms instead (:func:`pooled_aggregates`).
    """
    where = where or EvidenceFilter()
    periods = periods_ending(period, max(2, trend_periods))
    bounds = [periods[0].start] + [p.end for p in periods]
    measures = list_measure_rows(session, plan_slug)
    if measure_code:
        measures = [m for m in measures if m.code == measure_code]
    found = _gather(session, measures, bounds, where)
    pooled = (
        {}
        if pooled_threshold is None
        else pooled_aggregates(session, measures, periods, where, pooled_threshold)
    )
    results = []
    for measure in measures:
        target = target_for(measure, where)
        aggregates = [
            pooled[(measure.id, i)]
            if (measure.id, i) in pooled
            else _aggregate(measure, found, i, where)
            for i in range(len(periods))
        ]
        evaluations = [
            evaluate(target, aggregates[i], aggregates[i - 1] if i else Aggregate())
            for i in range(len(periods))
        ]
        last = len(periods) - 1
        shown = periods[-trend_periods:] if trend_periods else []
        trend = [TrendPoint(p, evaluations[periods.index(p)]) for p in shown]
        results.append(
            MeasureResult(
                measure=measure,
                target=target,
                period=periods[last],
                previous_period=periods[last - 1],
                current=evaluations[last],
                previous=evaluations[last - 1],
                trend=trend,
                context=_context(measure, found, last, evaluations[last]),
                notes=_notes(measure, where),
            )
        )
    return IndicatorReport(period, periods[-2], where, results)


# --- pooled from atoms, for what will be suppressed ----------------------------------------------
#
# Suppressing each query's answer on its own lets a reader subtract one query from another: all
# LAs minus the published LAs, a quarter minus its months. So for suppressed views each measure of
# people's answers is the sum of its atoms (one per LA and month; responses with no LA are one
# more "LA") that may be published on their own, as analysis.suppression.pool does for counts.
# A withheld atom is in no published figure, so no difference of published figures reaches it.


def _pools(measure: MeasureRow) -> bool:
    if measure.kind in {"rate", "mean_score", "mean_sentiment"}:
        return measure.of in {"answers", "submissions"}
    return measure.kind == "count" and measure.of in {"responses", "answers", "submissions"}


def _publishable(measure: MeasureRow, atom: Aggregate, threshold: int) -> bool:
    if measure.kind == "rate":
        return not suppress_rate(atom.positive, atom.n, threshold).is_suppressed
    if measure.kind == "count":
        return not needs_suppression(atom.count, threshold)
    return not needs_suppression(atom.n, threshold)


def _time_atoms(periods: list[Period]) -> list[Period]:
    """Months, when every period is made of them; otherwise the (consecutive) periods."""
    if any(p.kind == "custom" for p in periods):
        return list(periods)
    return months_in(Period("span", periods[0].start, periods[-1].end, "", ""))


def _minus(whole: Aggregate, parts: list[Aggregate]) -> Aggregate:
    return Aggregate(
        n=whole.n - sum(p.n for p in parts),
        positive=whole.positive - sum(p.positive for p in parts),
        total=whole.total - sum(p.total for p in parts),
        total_sq=whole.total_sq - sum(p.total_sq for p in parts),
        count=None if whole.count is None else whole.count - sum(p.count or 0 for p in parts),
    )


def _sum(atoms: list[Aggregate], counted: bool, withheld: int) -> Aggregate:
    count = sum(a.count or 0 for a in atoms)
    return Aggregate(
        n=sum(a.n for a in atoms),
        positive=sum(a.positive for a in atoms),
        total=sum(a.total for a in atoms),
        total_sq=sum(a.total_sq for a in atoms),
        count=count if counted else None,
        withheld=withheld,
    )


def _atoms(
    session: Session, measures: list[MeasureRow], bounds: list[dt.date], where: EvidenceFilter
) -> dict[tuple[int, int], list[Aggregate]]:
    """(measure id, time atom index) -> one aggregate per LA (staff submissions have no LA)."""
    by_la = [m for m in measures if m.of != "submissions"]
    found: dict[tuple[int, int], list[Aggregate]] = {}
    if by_la:
        if where.organisation_id is not None:
            groups = [where]
        else:
            groups = [replace(where, organisation_id=o.id) for o in list_las(session)]
        sums_by_group = [_gather(session, by_la, bounds, group) for group in groups]
        everyone = (
            None if where.organisation_id is not None else _gather(session, by_la, bounds, where)
        )
        for measure in by_la:
            for a in range(len(bounds) - 1):
                parts = [
                    _aggregate(measure, got, a, g)
                    for got, g in zip(sums_by_group, groups, strict=True)
                ]
                if everyone is not None:  # responses with no LA, or an LA no longer active
                    parts.append(_minus(_aggregate(measure, everyone, a, where), parts))
                found[(measure.id, a)] = parts
    staff = [m for m in measures if m.of == "submissions"]
    if staff:
        got = _gather(session, staff, bounds, where)
        for measure in staff:
            for a in range(len(bounds) - 1):
                found[(measure.id, a)] = [_aggregate(measure, got, a, where)]
    return found


def pooled_aggregates(
    session: Session,
    measures: list[MeasureRow],
    periods: list[Period],
    where: EvidenceFilter,
    threshold: int,
) -> dict[tuple[int, int], Aggregate]:
    """(measure id, period index) -> the sum of that period's publishable LA x month atoms."""
    wanted = [m for m in measures if _pools(m)]
    if not wanted:
        return {}
    atoms = _time_atoms(periods)
    bounds = [atom.start for atom in atoms] + [atoms[-1].end]
    found = _atoms(session, wanted, bounds, where)
    pooled = {}
    for measure in wanted:
        for index, period in enumerate(periods):
            inside = [a for a, atom in enumerate(atoms) if period.start <= atom.start < period.end]
            every = [part for a in inside for part in found[(measure.id, a)] if part.n]
            parts = [part for part in every if _publishable(measure, part, threshold)]
            withheld = len(every) - len(parts)
            pooled[(measure.id, index)] = _sum(parts, measure.kind == "count", withheld)
    return pooled


# --- what may leave the screen ---------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """A measure's value as it may be exported: suppressed when the numbers are small."""

    value: float | None
    n: Cell
    suppressed: bool
    shown: str  # the value in words, or why it is hidden
    interval: tuple[float, float] | None
    reason: str  # RAG reason, with numbers hidden when suppressed


def published(
    target: Target, evaluation: Evaluation, threshold: int = DEFAULT_THRESHOLD
) -> Published:
    """Apply small-number suppression to one evaluation (rates, means, counts and figures)."""
    aggregate = evaluation.aggregate
    hidden_words = f"hidden: based on {_fewer(threshold)} responses"
    if aggregate.withheld and not aggregate.n:  # pooled, and every part was small
        n_cell = Cell(None, PRIMARY if aggregate.withheld == 1 else SECONDARY, threshold)
        return Published(None, n_cell, True, "hidden: small numbers", None, _hidden(evaluation))
    if target.kind == "rate":
        rate = suppress_rate(aggregate.positive, aggregate.n, threshold)
        if rate.is_suppressed:
            return Published(None, rate.n, True, "hidden: small numbers", None, _hidden(evaluation))
    elif target.kind in {"mean_score", "mean_sentiment"}:
        n_cell = suppress_count(aggregate.n, threshold)
        if n_cell.is_suppressed:
            return Published(None, n_cell, True, hidden_words, None, _hidden(evaluation))
    elif target.kind == "count" and target.of in {"responses", "answers", "submissions"}:
        # A count of people's responses is itself a small number to protect; LAs and meetings
        # are organisations and events, not people.
        cell = suppress_count(evaluation.value, threshold)
        if cell.is_suppressed:
            return Published(None, cell, True, cell.shown, None, _hidden(evaluation))
    n_cell = Cell(aggregate.n, "", threshold)
    interval = (evaluation.interval.low, evaluation.interval.high) if evaluation.interval else None
    shown = format_value(target, evaluation.value) if evaluation.value is not None else "no value"
    return Published(evaluation.value, n_cell, False, shown, interval, evaluation.reason)


def _fewer(threshold: int) -> str:
    return f"fewer than {threshold}"


def _hidden(evaluation: Evaluation) -> str:
    word = {"green": "Green", "amber": "Amber", "red": "Red"}.get(evaluation.rag, "Not rated")
    return f"{word}: figures hidden because the numbers are small"


def change_published(result: MeasureResult, threshold: int = DEFAULT_THRESHOLD) -> str:
    """The change in words, unless either period's figures are suppressed."""
    now = published(result.target, result.current, threshold)
    before = published(result.target, result.previous, threshold)
    if now.suppressed or before.suppressed:
        return "hidden: small numbers"
    return result.current.change.words


def _shown_value(result: MeasureResult) -> str:
    if result.current.value is None:
        return "no value"
    interval = result.current.interval
    shown = format_value(result.target, result.current.value)
    if interval is not None:
        low, high = (
            format_value(result.target, interval.low),
            format_value(result.target, interval.high),
        )
        shown += f" (95% CI {low} to {high})"
    return shown


def as_dict(
    result: MeasureResult, threshold: int = DEFAULT_THRESHOLD, unsuppressed: bool = False
) -> dict[str, Any]:
    """A measure's result as plain data (API, CSV): suppressed unless ``unsuppressed``."""
    current = published(result.target, result.current, threshold)
    change = result.current.change
    hide = current.suppressed and not unsuppressed
    interval = result.current.interval
    return {
        "plan": result.measure.plan_slug,
        "priority": result.measure.priority,
        "code": result.measure.code,
        "statement": result.measure.statement,
        "indicator": result.measure.kind,
        "of": result.measure.of,
        "unit": result.measure.unit,
        "period": result.period.key,
        "period_label": result.period.label,
        "value": None if hide else result.current.value,
        "value_shown": "hidden: small numbers" if hide else _shown_value(result),
        "n": None if hide else result.current.n,
        "n_shown": current.n.shown if hide else str(result.current.n),
        "ci_low": None if hide or interval is None else round(interval.low, 2),
        "ci_high": None if hide or interval is None else round(interval.high, 2),
        "suppressed": current.suppressed,
        "previous_value": None
        if hide or published(result.target, result.previous, threshold).suppressed
        else result.previous.value,
        "change": None if hide else change.difference,
        "change_meaningful": None if hide else change.meaningful,
        "change_words": change.words if unsuppressed else change_published(result, threshold),
        "baseline": result.measure.baseline_value,
        "baseline_period": result.measure.baseline_period,
        "target": result.measure.target,
        "direction": result.measure.direction,
        "rag": result.current.rag,
        "reason": result.current.reason if unsuppressed else current.reason,
        "context": None if hide else result.context,
    }
