"""A measure as the dashboard's pages show it: value, interval, change and trend chart, suppressed
like any export unless exact figures were asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from analysis.charts import trend_svg
from analysis.indicator_arithmetic import format_value
from survey.officers.indicator_service import MeasureResult, published, short_label


@dataclass(frozen=True)
class Row:
    """A measure as the pages show it: suppressed unless exact figures were asked for."""

    result: MeasureResult
    value: str
    n: str
    interval: str
    change: str
    change_flag: str  # up | down | steady | "" (not tested or not meaningful)
    reason: str
    suppressed: bool
    chart: Markup


def row(result: MeasureResult, exact: bool, limit: int, big: bool = False) -> Row:
    shown = published(result.target, result.current, limit)
    hide = shown.suppressed and not exact
    evaluation = result.current
    change = evaluation.change
    before = published(result.target, result.previous, limit)
    change_hidden = (shown.suppressed or before.suppressed) and not exact
    flag = ""
    if change.meaningful and change.difference:
        flag = "up" if change.difference > 0 else "down"
    elif change.meaningful is False:
        flag = "steady"
    return Row(
        result=result,
        value=shown.shown if not exact else format_value(result.target, evaluation.value),
        n=shown.n.shown if hide else f"{evaluation.n:,}",
        interval="" if hide else _interval(result),
        change="hidden: small numbers" if change_hidden else change.words,
        change_flag="" if change_hidden else flag,
        reason=evaluation.reason if exact or not shown.suppressed else shown.reason,
        suppressed=shown.suppressed,
        chart=_chart(result, exact, limit, big),
    )


def _interval(result: MeasureResult) -> str:
    interval = result.current.interval
    if not interval:
        return ""
    if result.target.kind != "rate":
        return f"{interval.low:.2f} to {interval.high:.2f}"
    return f"{interval.low:.0f}% to {interval.high:.0f}%"


def _chart(result: MeasureResult, exact: bool, limit: int, big: bool) -> Markup:
    chart_id = f"chart-{result.measure.plan_slug}-{result.measure.code}".replace(".", "-")
    unit = "%" if result.target.kind == "rate" or result.target.unit == "percent" else ""
    chart = trend_svg(
        result.points(unsuppressed=exact, threshold=limit),
        chart_id + ("-large" if big else ""),
        f"{result.measure.code}: trend over {len(result.trend)} periods",
        unit=unit,
        target=result.target.target,
        width=640 if big else 160,
        height=240 if big else 40,
        axes=big,
    )
    return Markup(chart)  # nosec B704 # built from escaped parts in analysis.charts


def trend_rows(result: MeasureResult, exact: bool, limit: int) -> list[dict[str, Any]]:
    rows = []
    for point in result.trend:
        shown = published(result.target, point.evaluation, limit)
        hide = shown.suppressed and not exact
        rows.append(
            {
                "period": point.period.label,
                "short": short_label(point.period),
                "value": shown.shown
                if not exact
                else format_value(result.target, point.evaluation.value),
                "n": shown.n.shown if hide else f"{point.evaluation.n:,}",
                "rag": point.evaluation.rag,
            }
        )
    return rows
