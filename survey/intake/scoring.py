"""Analysis services over stored evidence: rescoring sentiment after the analyser changes, and
themes for any slice (survey, question, workstream, action, LA, period)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from analysis import sentiment
from analysis.themes import Theme, ThemeItem, find_themes
from storage.repositories import texts
from storage.repositories.texts import TextSlice


def sentiment_columns(text: str) -> dict[str, Any]:
    """The stored form of a sentiment score (what intake writes for every free text)."""
    result = sentiment.score(text)
    return {
        "sentiment": result.polarity,
        "sentiment_label": result.label,
        "sentiment_drivers": list(result.drivers),
        "sentiment_version": sentiment.ANALYSER_VERSION,
    }


def rescore_all(session: Session, progress: Callable[[int], None] = lambda _n: None) -> int:
    """Recompute and store every score with the current analyser version; returns how many."""
    done = 0
    for batch in texts.iter_texts_to_score(session):
        for kind, record_id, text in batch:
            texts.update_sentiment(session, kind, record_id, sentiment_columns(text))
        session.flush()
        done += len(batch)
        progress(len(batch))
    return done


def themes_for(
    session: Session, where: TextSlice, limit: int = 10, min_count: int = 2
) -> list[Theme]:
    """Themes in a slice, with change against the previous period of the same length."""
    current = texts.list_texts(session, where)
    previous: list[Any] = []
    if where.start and where.end:
        length = where.end - where.start
        previous = texts.list_texts(
            session, replace(where, start=where.start - length, end=where.start)
        )
    items = [ThemeItem(row.text, row.sentiment, "current", row.reference) for row in current]
    items += [ThemeItem(row.text, row.sentiment, "previous", row.reference) for row in previous]
    return find_themes(items, limit=limit, min_count=min_count)


def month_slice(month: str, **filters: Any) -> TextSlice:
    """A slice for a calendar month written YYYY-MM."""
    start = dt.datetime.strptime(month, "%Y-%m")
    end = (start.replace(day=28) + dt.timedelta(days=5)).replace(day=1)
    return TextSlice(start=start, end=end, **filters)
