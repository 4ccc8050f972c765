"""Indicator arithmetic against hand-computed figures: what the SEND board is told each month."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.charts import Point, describe_trend, trend_svg
from analysis.indicator_arithmetic import (
    Aggregate,
    Target,
    compare,
    two_proportion_p,
    wilson_interval,
)
from analysis.periods import (
    PERIOD_HELP,
    PUBLISHED_PERIOD_HELP,
    months_in,
    parse_period,
    parse_published_period,
    period_containing,
    periods_ending,
    published_period_problem,
)
from analysis.rag import evaluate, rag_for

RATE = Target(
    "rate", "percent", target=75, tolerance=15, direction="higher", min_n=20, of="answers"
)


# --- Wilson intervals (checked by hand from the formula; also in Newcombe 1998, table I) --------


def test_wilson_interval_for_half_of_a_hundred():
    interval = wilson_interval(50, 100)
    assert interval is not None
    assert interval.low == pytest.approx(0.40383, abs=1e-5)
    assert interval.high == pytest.approx(0.59617, abs=1e-5)


def test_wilson_interval_for_none_of_ten_does_not_go_below_zero():
    interval = wilson_interval(0, 10)
    assert interval is not None
    assert interval.low == 0.0
    assert interval.high == pytest.approx(0.27753, abs=1e-5)


def test_wilson_interval_for_all_of_ten_stays_below_one():
    interval = wilson_interval(10, 10)
    assert interval is not None
    assert interval.high == pytest.approx(1.0)
    assert interval.low == pytest.approx(0.72247, abs=1e-5)


def test_no_interval_without_responses():
    assert wilson_interval(0, 0) is None


# --- change since the previous period ------------------------------------------------------------


def test_two_proportion_test_matches_the_hand_computed_p_value():
    # pooled p = 0.525, se = sqrt(0.525 * 0.475 * (1/100 + 1/100)) = 0.070622, z = 2.124
    assert two_proportion_p(60, 100, 45, 100) == pytest.approx(0.0337, abs=1e-4)


def test_a_large_rise_is_called_a_real_change():
    change = compare(RATE, Aggregate(n=100, positive=60), Aggregate(n=100, positive=45))
    assert change.meaningful is True
    assert change.difference == pytest.approx(15)
    assert "+15 percentage points" in change.words
    assert "real change" in change.words


def test_a_small_rise_could_be_chance():
    change = compare(RATE, Aggregate(n=84, positive=51), Aggregate(n=80, positive=40))
    assert change.meaningful is False
    assert "could be chance" in change.words


def test_below_the_minimum_n_says_too_few_responses_to_tell():
    change = compare(RATE, Aggregate(n=12, positive=12), Aggregate(n=30, positive=3))
    assert change.meaningful is None
    assert "too few responses to tell" in change.words


def test_an_empty_previous_period_has_nothing_to_compare_with():
    change = compare(RATE, Aggregate(n=40, positive=30), Aggregate())
    assert change.meaningful is None
    assert change.words == "no previous value to compare with"


def test_means_are_compared_with_their_spread():
    mean = Target("mean_score", "score", target=4, min_n=20, of="answers")
    # 30 scores of 4 and 30 of 5 (mean 4.5) against 60 scores of 3: clearly different.
    now = Aggregate(n=60, total=30 * 4 + 30 * 5, total_sq=30 * 16 + 30 * 25)
    before = Aggregate(n=60, total=60 * 3 + 0.0, total_sq=60 * 9 + 0.0)
    assert compare(mean, now, before).meaningful is True


def test_counts_are_not_tested():
    count = Target("count", "las", target=3, of="attending_las")
    change = compare(count, Aggregate(count=4, n=2), Aggregate(count=2, n=2))
    assert change.meaningful is None
    assert "no test applied" in change.words


# --- RAG and its reason --------------------------------------------------------------------------


def test_the_reason_reads_as_the_board_expects():
    evaluation = evaluate(RATE, Aggregate(n=84, positive=51), Aggregate())
    assert evaluation.rag == "amber"
    assert evaluation.reason == "Amber: 61% positive (n=84, 95% CI 50-70%), target 75%"


@pytest.mark.parametrize(
    ("value", "rag"), [(75, "green"), (80, "green"), (60, "amber"), (59.9, "red"), (None, "none")]
)
def test_rag_bands_for_higher_is_better(value, rag):
    assert rag_for(RATE, value) == rag


def test_rag_for_lower_is_better():
    waits = Target("figure", "number", target=20, tolerance=4, direction="lower")
    assert rag_for(waits, 18) == "green"
    assert rag_for(waits, 23) == "amber"
    assert rag_for(waits, 30) == "red"


def test_without_a_tolerance_the_amber_band_is_a_tenth_of_the_target():
    untolerant = Target("rate", "percent", target=80, of="answers")
    assert rag_for(untolerant, 72) == "amber"
    assert rag_for(untolerant, 71.9) == "red"


def test_a_measure_with_no_evidence_yet_is_not_rated():
    evaluation = evaluate(RATE, Aggregate(), Aggregate())
    assert evaluation.value is None
    assert evaluation.rag == "none"
    assert evaluation.reason == "Not rated: no evidence yet"


def test_too_few_responses_are_not_rated_even_when_all_positive():
    evaluation = evaluate(RATE, Aggregate(n=6, positive=6), Aggregate())
    assert evaluation.rag == "none"
    assert "too few responses to rate (at least 20 needed)" in evaluation.reason


def test_attending_las_say_how_many_of_the_region_came():
    count = Target("count", "las", target=3, of="attending_las")
    evaluation = evaluate(count, Aggregate(n=2, count=3, denominator=4), Aggregate())
    assert evaluation.rag == "green"
    assert evaluation.reason == "Green: 3 of 4 LAs attending, target 3"


def test_mean_sentiment_is_signed():
    mood = Target("mean_sentiment", "score", target=0.2, tolerance=0.1, of="submissions")
    evaluation = evaluate(mood, Aggregate(n=25, total=25 * 0.15, total_sq=25 * 0.0225), Aggregate())
    assert evaluation.rag == "amber"
    assert evaluation.reason.startswith("Amber: mean sentiment +0.15 (n=25")


def test_an_officer_figure_with_no_entry_says_so():
    figure = Target("figure", "number", target=10)
    assert evaluate(figure, Aggregate(), Aggregate()).reason == "Not rated: no figure entered yet"


# --- periods -------------------------------------------------------------------------------------


def test_a_month_and_its_previous_month():
    october = parse_period("2026-10")
    assert (october.start, october.end, october.label) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 1),
        "October 2026",
    )
    assert october.previous().key == "2026-09"
    assert parse_period("2026-01").previous().key == "2025-12"


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (dt.date(2026, 9, 1), "2026-autumn"),
        (dt.date(2026, 12, 31), "2026-autumn"),
        (dt.date(2027, 1, 1), "2027-spring"),
        (dt.date(2027, 4, 30), "2027-spring"),
        (dt.date(2027, 5, 1), "2027-summer"),
        (dt.date(2027, 8, 31), "2027-summer"),
    ],
)
def test_english_school_terms(day, term):
    assert period_containing("term", day).key == term


def test_the_term_before_spring_is_the_previous_autumn():
    assert parse_period("2027-spring").previous().key == "2026-autumn"
    assert parse_period("autumn-2026").label == "Autumn term 2026"


def test_quarters_and_financial_years():
    q1 = parse_period("2026-Q1")
    assert (q1.start, q1.end) == (dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    assert q1.previous().key == "2025-Q4"
    year = parse_period("2026-27")
    assert (year.start, year.end) == (dt.date(2026, 4, 1), dt.date(2027, 4, 1))
    assert year.previous().key == "FY2025-26"
    assert period_containing("year", dt.date(2027, 3, 31)).key == "FY2026-27"


def test_a_custom_range_includes_its_last_day_and_its_previous_is_as_long():
    custom = parse_period("2026-09-01..2026-09-10")
    assert custom.contains(dt.date(2026, 9, 10))
    assert not custom.contains(dt.date(2026, 9, 11))
    assert custom.previous().key == "2026-08-22..2026-08-31"


@pytest.mark.parametrize("text", ["2026-13", "October", "2026-02-30..2026-03-01", "", "2026-28"])
def test_unreadable_periods_say_how_to_write_them(text):
    with pytest.raises(ValueError, match="Write the period as a month"):
        parse_period(text)


def test_twelve_months_of_trend_end_with_the_chosen_month():
    months = periods_ending(parse_period("2026-10"), 12)
    assert [m.key for m in (months[0], months[-1])] == ["2025-11", "2026-10"]
    assert len({m.key for m in months}) == 12


# --- charts --------------------------------------------------------------------------------------


def test_a_chart_has_a_text_alternative_and_breaks_at_missing_values():
    points = [Point("Aug 2026", 40.0), Point("Sep 2026", None), Point("Oct 2026", 61.0)]
    svg = trend_svg(points, "chart-2a", "2A: positive answers", unit="%", target=75)
    assert 'role="img"' in svg
    assert '<title id="chart-2a-title">2A: positive answers</title>' in svg
    assert "From 40% in Aug 2026 to 61% in Oct 2026" in svg
    assert "1 of 3 periods have no value shown" in svg
    assert "<polyline" not in svg  # two lone points: nothing joins them across the gap
    assert "style=" not in svg  # the strict CSP forbids inline styles


def test_a_chart_of_nothing_says_so():
    assert describe_trend([Point("Oct 2026", None)]) == "No values in the 1 periods shown."


def test_suppressed_views_take_published_periods_made_of_whole_months():
    assert [m.key for m in months_in(parse_period("FY2023-24"))][::11] == ["2023-04", "2024-03"]
    assert [m.key for m in months_in(parse_period("2024-spring"))] == [
        "2024-01",
        "2024-02",
        "2024-03",
        "2024-04",
    ]
    assert parse_published_period("2024-Q1").kind == "quarter"
    for text in ("2024-01-01..2024-01-20", "Octember"):
        with pytest.raises(ValueError, match="custom date ranges are shown only with exact"):
            parse_published_period(text)
    assert published_period_problem("2024-01-01..2024-01-20") == PUBLISHED_PERIOD_HELP
    assert published_period_problem("Octember") == PERIOD_HELP  # unreadable, whoever asks
    assert published_period_problem("2024-01") is None
