"""The monthly data report for the SEND board: its measures, trends, themes and quotes, and the
period's "you said, we did" entries, built once over one indicator computation and suppressed,
since a report is something that leaves the officer's screen. ``report_files`` writes it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from analysis.periods import Period
from analysis.suppression import DEFAULT_THRESHOLD, suppress_count
from storage.repositories import action_reviews
from storage.repositories.indicator_totals import EvidenceFilter, list_linked_texts
from survey.officers.indicator_service import (
    IndicatorReport,
    MeasureResult,
    as_dict,
    compute_indicators,
    published,
    short_label,
)
from survey.officers.you_said_we_did import ReportEntry, report_entries


@dataclass(frozen=True)
class MeasureInReport:
    result: MeasureResult
    row: dict[str, Any]  # as_dict(): suppressed
    trend: list[tuple[str, str]]  # (period label, value as published)
    themes: list[tuple[str, str]] = field(default_factory=list)  # (label, count as published)
    quotes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ActionInReport:
    """An action's current review, as the plan section of the report shows it."""

    plan: str
    ref: str
    objective: str
    status: str  # the plan's own words, or the RAG colour in words
    rag: str
    note: str
    reviewed_on: dt.date | None


@dataclass(frozen=True)
class MonthlyReport:
    indicators: IndicatorReport
    measures: list[MeasureInReport]
    you_said_we_did: list[ReportEntry]
    threshold: int
    actions: list[ActionInReport] = field(default_factory=list)

    @property
    def period(self) -> Period:
        return self.indicators.period

    def by_priority(self) -> list[tuple[str, str, list[MeasureInReport]]]:
        lookup = {id(m.result): m for m in self.measures}
        return [
            (heading, title, [lookup[id(r)] for r in results])
            for heading, title, results in self.indicators.by_priority()
        ]


def _published_trend(result: MeasureResult, threshold: int) -> list[tuple[str, str]]:
    return [
        (short_label(point.period), published(result.target, point.evaluation, threshold).shown)
        for point in result.trend
    ]


def _themes_and_quotes(
    session: Session, result: MeasureResult, where: EvidenceFilter, threshold: int
) -> tuple[list[tuple[str, str]], list[str]]:
    """Top themes and two quotes from the period's linked comments, when there are enough.

    A report is always suppressed, so a theme's count below the threshold is "fewer than 5".
    """
    if not result.survey_based:
        return [], []
    texts = list_linked_texts(
        session, result.measure.id, result.period.start, result.period.end, where, limit=500
    )
    if len(texts) < threshold:
        return [], []
    try:
        # Themes need the optional text-analysis extras; without them the report has none.
        from analysis.themes import ThemeItem, find_themes
    except ImportError:
        return [], []
    themes = find_themes([ThemeItem(t.text, t.sentiment, "current", t.reference) for t in texts])
    quotes = [quote for theme in themes for quote in theme.quotes]
    top = [(t.label, suppress_count(t.count, threshold).shown) for t in themes[:3]]
    return top, list(dict.fromkeys(quotes))[:2]


def build_report(
    session: Session,
    period: Period,
    where: EvidenceFilter | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> MonthlyReport:
    where = where or EvidenceFilter()
    indicators = compute_indicators(session, period, where, pooled_threshold=threshold)
    measures = []
    for result in indicators.results:
        themes, quotes = _themes_and_quotes(session, result, where, threshold)
        measures.append(
            MeasureInReport(
                result=result,
                row=as_dict(result, threshold),
                trend=_published_trend(result, threshold),
                themes=themes,
                quotes=quotes,
            )
        )
    return MonthlyReport(
        indicators, measures, report_entries(session, period), threshold, _actions(session)
    )


RAG_WORDS = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "blue": "Complete",
    "none": "Not rated",
}


def _actions(session: Session) -> list[ActionInReport]:
    """Each action's latest review (recorded in the browser, else the plan file's status)."""
    rows = []
    for plan_title, action, review in action_reviews.list_active_actions(session):
        rag = review.rag.value if review else action.review_status.value
        rows.append(
            ActionInReport(
                plan=plan_title,
                ref=action.ref,
                objective=action.objective,
                status=review.status_label if review else RAG_WORDS.get(rag, rag),
                rag=rag,
                note=(review.note if review else action.review_note) or "",
                reviewed_on=review.reviewed_on if review else None,
            )
        )
    return rows
