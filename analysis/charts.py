"""Server-rendered SVG charts: readable in print and without JavaScript, with text alternatives.

Presentation attributes only (no ``style``), so the pages' strict Content-Security-Policy holds.
Missing values (no evidence, or hidden by suppression) break the line instead of pretending to be
zero. Every chart carries a <title> and <desc> that say what a sighted reader would take from it;
pages put the same numbers in a data table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

INK = "#0b0c0c"
LINE = "#1d70b8"
TARGET = "#505a5f"
GRID = "#b1b4b6"


@dataclass(frozen=True)
class Point:
    label: str  # the period, e.g. "Oct 2026"
    value: float | None


def _scale(values: Sequence[float], target: float | None) -> tuple[float, float]:
    candidates = [*values, *([target] if target is not None else [])]
    if not candidates:
        return 0.0, 1.0
    low, high = min(0.0, *candidates), max(candidates)
    if high == low:
        high = low + 1
    return low, high + (high - low) * 0.05


def describe_trend(points: Sequence[Point], unit: str = "") -> str:
    """One sentence for screen readers and print: first, last, highest and lowest values."""
    known = [p for p in points if p.value is not None]
    if not known:
        return f"No values in the {len(points)} periods shown."
    first, last = known[0], known[-1]
    high = max(known, key=lambda p: p.value or 0)
    low = min(known, key=lambda p: p.value or 0)

    def say(p: Point) -> str:
        return f"{_number(p.value)}{unit} in {p.label}"

    missing = len(points) - len(known)
    gaps = f" {missing} of {len(points)} periods have no value shown." if missing else ""
    if first is last:
        return f"Only one value: {say(first)}.{gaps}"
    return f"From {say(first)} to {say(last)}; highest {say(high)}, lowest {say(low)}.{gaps}"


def _number(value: float | None) -> str:
    if value is None:
        return "no value"
    return f"{value:,.0f}" if abs(value) >= 10 or float(value).is_integer() else f"{value:,.2f}"


def _segments(coords: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for coord in coords:
        if coord is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(coord)
    if current:
        runs.append(current)
    return runs


def trend_svg(
    points: Sequence[Point],
    chart_id: str,
    title: str,
    unit: str = "",
    target: float | None = None,
    width: int = 160,
    height: int = 40,
    axes: bool = False,
) -> str:
    """A line chart of ``points`` (a sparkline unless ``axes``); ``chart_id`` must be unique."""
    pad_x, pad_top, pad_bottom = (44, 10, 28) if axes else (3, 3, 3)
    plot_w, plot_h = width - pad_x - 8, height - pad_top - pad_bottom
    values = [p.value for p in points if p.value is not None]
    low, high = _scale(values, target)

    def x(i: int) -> float:
        return pad_x + (plot_w * i / max(1, len(points) - 1))

    def y(value: float) -> float:
        return pad_top + plot_h * (1 - (value - low) / (high - low))

    coords = [(x(i), y(p.value)) if p.value is not None else None for i, p in enumerate(points)]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ys-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe_trend(points, unit))}</desc>',
    ]
    if axes:
        parts += _axes(points, low, high, x, y, pad_x, width, height - pad_bottom)
    if target is not None:
        parts.append(
            f'<line x1="{pad_x}" x2="{pad_x + plot_w:.1f}" y1="{y(target):.1f}" '
            f'y2="{y(target):.1f}" stroke="{TARGET}" stroke-width="1" stroke-dasharray="4 3"/>'
        )
    for run in _segments(coords):
        if len(run) > 1:
            path = " ".join(f"{a:.1f},{b:.1f}" for a, b in run)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>'
            )
    for coord in coords:
        if coord is not None:
            parts.append(
                f'<circle cx="{coord[0]:.1f}" cy="{coord[1]:.1f}" r="{3 if axes else 2}" '
                f'fill="{LINE}"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _axes(
    points: Sequence[Point],
    low: float,
    high: float,
    x: object,
    y: object,
    left: int,
    width: int,
    bottom: float,
) -> list[str]:
    assert callable(x) and callable(y)
    parts = []
    for tick in (low, (low + high) / 2, high):
        parts.append(
            f'<line x1="{left}" x2="{width - 8}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}" stroke-width="0.5"/>'
            f'<text x="{left - 4}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{INK}">{escape(_number(tick))}</text>'
        )
    step = max(1, len(points) // 6)
    for i, point in enumerate(points):
        if i % step == 0 or i == len(points) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{bottom + 16:.1f}" text-anchor="middle" '
                f'font-size="11" fill="{INK}">{escape(point.label)}</text>'
            )
    return parts
