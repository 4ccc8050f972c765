"""Indicators computed from stored evidence through the real intake: the numbers the dashboard,
the report and the API all show."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from analysis.periods import parse_period
from storage.repositories.indicator_totals import EvidenceFilter
from storage.repositories.organisations import get_organisation_by_code
from survey import intake
from survey.domain.inputs import MetricValueInput
from survey.officers.indicator_service import as_dict, compute_indicators
from tests.support.factories import respond, seed_evidence

OCTOBER = parse_period("2026-10")


def by_code(report: Any) -> dict[str, Any]:
    return {result.measure.code: result for result in report.results}


def test_every_measure_is_computed_with_previous_period_change_and_rag(loaded: Any) -> None:
    seed_evidence(loaded)
    report = compute_indicators(loaded, OCTOBER)
    results = by_code(report)

    assert list(results) == ["1.G", "2A", "TSP-A"]
    info = results["2A"]
    assert (info.current.n, info.current.value) == (30, 80.0)
    assert (info.previous.n, info.previous.value) == (20, 50.0)
    assert info.current.rag == "green"
    assert info.current.reason == "Green: 80% positive (n=30, 95% CI 63-90%), target 80%"
    assert info.current.change.meaningful is True  # 80% of 30 against 50% of 20: p=0.028
    assert len(info.trend) == 12 and info.trend[-1].period.key == "2026-10"

    attendance = results["TSP-A"]
    assert attendance.current.value == 3
    assert attendance.current.reason == "Green: 3 of 4 LAs attending, target 3"

    assert results["1.G"].current.reason == "Not rated: no evidence yet"


def test_filters_narrow_the_evidence(loaded: Any) -> None:
    seed_evidence(loaded)
    beta = get_organisation_by_code(loaded, "E00000002")
    report = compute_indicators(loaded, OCTOBER, EvidenceFilter(organisation_id=beta.id))
    results = by_code(report)
    assert results["2A"].current.n == 0  # Beta's responses were all in September
    assert results["2A"].previous.n == 20
    assert results["TSP-A"].current.reason == ("Not rated: 1 of 1 LAs attending; no target set")
    web_only = compute_indicators(loaded, OCTOBER, EvidenceFilter(channel="slack"))
    assert by_code(web_only)["2A"].current.n == 0


def test_a_rejected_link_stops_evidence_counting(loaded: Any) -> None:
    from sqlalchemy import update

    from storage.models import Link, LinkMethod

    seed_evidence(loaded)
    loaded.execute(
        update(Link).where(Link.evidence_kind == "answer").values(method=LinkMethod.REJECTED)
    )
    assert by_code(compute_indicators(loaded, OCTOBER))["2A"].current.n == 0


def test_small_numbers_are_suppressed_in_what_leaves_the_screen(loaded: Any) -> None:
    for i in range(6):
        respond(loaded, dt.date(2026, 10, 2 + i), agree=i > 0)  # 5 of 6 positive
    result = by_code(compute_indicators(loaded, OCTOBER))["2A"]
    exported = as_dict(result)
    assert exported["suppressed"] is True
    assert exported["value"] is None and exported["n"] is None
    assert exported["n_shown"] == "6"
    assert "hidden" in exported["reason"]
    assert as_dict(result, unsuppressed=True)["value"] == pytest.approx(5 / 6 * 100)


def test_entered_figures_feed_figure_measures_and_response_rate_context(loaded: Any) -> None:
    seed_evidence(loaded)
    intake.record_metric_value(
        loaded,
        MetricValueInput(
            measure_code="2A",
            period_start=dt.date(2026, 10, 1),
            period_end=dt.date(2026, 10, 31),
            value=300,
            denominator=300,
            note="Families with an EHC plan",
        ),
    )
    result = by_code(compute_indicators(loaded, OCTOBER))["2A"]
    assert result.context == "30 of 300 who could respond (10% response rate)"


def test_a_term_gathers_its_months(loaded: Any) -> None:
    seed_evidence(loaded)
    autumn = by_code(compute_indicators(loaded, parse_period("2026-autumn"), trend_periods=3))
    assert autumn["2A"].current.n == 50  # September and October
    assert autumn["2A"].previous_period.key == "2026-summer"
