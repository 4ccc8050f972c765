"""An automated attacker against small-number suppression (issue 15, item 3).

It queries the real HTTP API as a token holder, every LA filter with every published period and
some custom day ranges, writes each published number down as a linear equation over the
responses of each LA on each day, and tries to solve for every count the service hid. It must
recover none, while the numbers that are not small are still published. The dashboard and the
report file, for an officer without exact figures, refuse the custom ranges the attack needs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pytest

from analysis.periods import parse_period
from survey.officers.api_tokens import create_token
from tests.support.factories import make_user, respond, sign_in

LAS = ("E00000001", "E00000002", "E00000003", "E00000004")
# Responses per (LA, month of 2024): Alpha's 7 and Beta's 3 in January are the example;
# Gamma City's 12 a month are never small, so they must stay published.
SEED = {
    ("E00000001", 1): 7,
    ("E00000002", 1): 3,
    ("E00000003", 1): 12,
    ("E00000001", 2): 2,
    ("E00000002", 2): 8,
    ("E00000003", 2): 12,
    ("E00000001", 3): 9,
    ("E00000002", 3): 4,
    ("E00000003", 3): 12,
    ("E00000001", 4): 3,
    ("E00000002", 4): 6,
    ("E00000003", 4): 12,
}
PERIODS = ("2024-01", "2024-02", "2024-03", "2024-04", "2024-Q1", "2024-Q2", "2024-spring")
PERIODS += ("2024-summer", "FY2023-24", "FY2024-25")
RANGES = ("2024-01-01..2024-01-20", "2024-01-01..2024-01-21", "2024-01-01..2024-01-02")
Unknown = tuple[str, dt.date]  # how many responses one LA sent on one day


def seed(session: Any) -> set[Unknown]:
    days = set()
    for (la, month), count in SEED.items():
        for i in range(count):
            day = dt.date(2024, month, 1 + i)
            respond(session, day, agree=i % 2 == 0, la=la)
            days.add((la, day))
    session.flush()
    return days


@dataclass
class Attacker:
    """Everything published, as equations over unknowns, and everything hidden, as targets."""

    unknowns: list[Unknown]
    equations: list[tuple[frozenset[Unknown], float]] = field(default_factory=list)
    hidden: dict[frozenset[Unknown], str] = field(default_factory=dict)
    month_hidden: set[tuple[str, str]] = field(default_factory=set)  # (LA, month) seen hidden

    def scope(self, las: Iterable[str], period_key: str) -> frozenset[Unknown]:
        period = parse_period(period_key)
        wanted = set(las)
        return frozenset(u for u in self.unknowns if u[0] in wanted and period.contains(u[1]))

    def read(self, cell: dict[str, Any], las: Iterable[str], period_key: str, where: str) -> None:
        las = list(las)
        scope = self.scope(las, period_key)
        if cell["suppressed"]:
            self.hidden.setdefault(scope, where)
            return
        if cell.get("partial"):
            # Published without its small (LA, month) parts: the attacker knows which those are
            # from the month queries, so the equation is still exact.
            scope = frozenset(
                u for u in scope if (u[0], u[1].strftime("%Y-%m")) not in self.month_hidden
            )
        self.equations.append((scope, cell["responses"]))

    def recovered(self) -> list[str]:
        """The hidden counts that a sum of published numbers, added and subtracted, gives."""
        index = {u: i for i, u in enumerate(self.unknowns)}
        basis: dict[int, list[Fraction]] = {}  # pivot column -> reduced row
        for scope, _value in self.equations:
            row = _reduce(_vector(scope, index), basis)
            pivot = next((i for i, x in enumerate(row) if x), None)
            if pivot is not None:
                basis[pivot] = [x / row[pivot] for x in row]
        return [
            f"{where}: {len(scope)} LA-days"
            for scope, where in self.hidden.items()
            if scope and not any(_reduce(_vector(scope, index), basis))
        ]


def _vector(scope: frozenset[Unknown], index: dict[Unknown, int]) -> list[Fraction]:
    row = [Fraction(0)] * len(index)
    for unknown in scope:
        row[index[unknown]] = Fraction(1)
    return row


def _reduce(row: list[Fraction], basis: dict[int, list[Fraction]]) -> list[Fraction]:
    row = list(row)
    for pivot in sorted(basis):
        if row[pivot]:
            factor = row[pivot]
            row = [x - factor * b for x, b in zip(row, basis[pivot], strict=True)]
    return row


def query(client: Any, token: str, period: str, la: str | None) -> Any:
    url = f"/api/v1/responses?period={period}" + (f"&la={la}" if la else "")
    return client.raw().get(url, headers={"Authorization": f"Bearer {token}"})


def attack(client: Any, token: str, unknowns: set[Unknown]) -> tuple[Attacker, list[str]]:
    attacker = Attacker(sorted(unknowns))
    accepted_ranges = []
    # Months first, unfiltered: they say which (LA, month) parts are small.
    for month in PERIODS[:4]:
        for cell in query(client, token, month, None).get_json()["by_la_total"]:
            if cell["suppressed"]:
                attacker.month_hidden.add((cell["la"], month))
    for period in PERIODS + RANGES:
        for la in (None, *LAS):
            response = query(client, token, period, la)
            if response.status_code != 200:
                continue
            if period in RANGES:
                accepted_ranges.append(f"{period} la={la}")
            body = response.get_json()
            everyone = [la] if la else list(LAS)
            attacker.read(body["total"], everyone, period, f"{period} la={la} total")
            for cell in body["by_la_total"]:
                attacker.read(cell, [cell["la"]], period, f"{period} la={la} {cell['la']}")
            for survey in body["surveys"]:
                attacker.read(survey["total"], everyone, period, f"{period} la={la} survey")
                for cell in survey["by_la"]:
                    attacker.read(cell, [cell["la"]], period, f"{period} la={la} {cell['la']}")
    return attacker, accepted_ranges


@pytest.fixture
def token(loaded: Any) -> str:
    _record, plain = create_token(loaded, "Attacker", ["read:responses", "read:indicators"], "t")
    loaded.flush()
    return plain


def test_no_hidden_count_can_be_recovered_by_differencing_queries(
    client: Any, loaded: Any, token: str
) -> None:
    attacker, accepted_ranges = attack(client, token, seed(loaded))
    assert attacker.hidden, "the seed has small counts, so something must be hidden"
    assert attacker.recovered() == []
    assert accepted_ranges == []
    # Still useful: every number that is not small is published exactly.
    published = {(scope, value) for scope, value in attacker.equations}
    for month in range(1, 5):
        key = f"2024-{month:02d}"
        assert (attacker.scope(["E00000003"], key), 12) in published
    assert (attacker.scope(["E00000001"], "2024-01"), 7) in published
    assert (attacker.scope(["E00000003"], "2024-Q1"), 36) in published
    january = query(client, token, "2024-01", None).get_json()["total"]
    assert january == {
        "responses": 19,
        "shown": "19 (excluding small numbers)",
        "suppressed": False,
        "partial": True,
    }


def test_a_filtered_query_shows_what_the_full_breakdown_showed(
    client: Any, loaded: Any, token: str
) -> None:
    seed(loaded)
    for period in PERIODS:
        full = query(client, token, period, None).get_json()
        columns = {cell["la"]: cell for cell in full["by_la_total"]}
        for la in columns:
            narrowed = query(client, token, period, la).get_json()
            assert narrowed["by_la_total"] == [columns[la]]
            assert {k: v for k, v in narrowed["total"].items()} == {
                k: v for k, v in columns[la].items() if k not in {"la", "name"}
            }


@pytest.mark.parametrize("endpoint", ["responses", "indicators", "meetings"])
def test_the_api_refuses_custom_ranges_naming_the_published_periods(
    client: Any, loaded: Any, endpoint: str
) -> None:
    _record, plain = create_token(
        loaded, "All", ["read:responses", "read:indicators", "read:meetings"], "t"
    )
    loaded.flush()
    response = client.raw().get(
        f"/api/v1/{endpoint}?period=2024-01-01..2024-01-20",
        headers={"Authorization": f"Bearer {plain}"},
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_period"
    assert "a month (2026-10), a term (2026-autumn), a quarter (2026-Q3)" in error["message"]
    assert "custom date ranges are shown only with exact figures" in error["message"]


def test_the_dashboard_refuses_custom_ranges_without_exact_figures(
    client: Any, loaded: Any
) -> None:
    seed(loaded)
    make_user(loaded, "officer@example.gov.uk", "officer")
    sign_in(client, "officer@example.gov.uk")
    page = client.get("/dashboard/?period=2024-01-01..2024-01-20")
    assert page.title.startswith("Error: ")
    assert any("custom date ranges are shown only" in m for m in page.error_messages())
    exact = client.get("/dashboard/?period=2024-01-01..2024-01-20&exact=1")
    assert not exact.title.startswith("Error: ")  # exact figures have nothing left to protect
    for extra in ("", "&exact=1"):  # a report file is always suppressed
        refused = client.raw().get(
            "/dashboard/report?period=2024-01-01..2024-01-20&format=csv" + extra
        )
        assert refused.status_code == 400
    assert client.raw().get("/dashboard/report?period=2024-Q1&format=csv").status_code == 200


def test_a_hub_lead_cannot_ask_for_custom_ranges(client: Any, loaded: Any) -> None:
    make_user(loaded, "lead@example.gov.uk", "hub_lead")
    sign_in(client, "lead@example.gov.uk")
    page = client.get("/dashboard/?period=2024-01-01..2024-01-20&exact=1")
    assert page.title.startswith("Error: ")


def indicator(client: Any, token: str, period: str, la: str | None) -> dict[str, Any]:
    url = f"/api/v1/indicators?period={period}&trend=1" + (f"&la={la}" if la else "")
    body = client.raw().get(url, headers={"Authorization": f"Bearer {token}"}).get_json()
    return next(item for item in body["measures"] if item["code"] == "2A")


def from_csv(client: Any, period: str, la: str | None) -> dict[str, Any]:
    """Measure 2A from the report CSV an officer downloads without exact figures."""
    url = f"/dashboard/report?period={period}&format=csv" + (f"&la={la}" if la else "")
    text = client.raw().get(url).get_data(as_text=True).lstrip("\ufeff")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["code"] == "2A")
    hidden = row["suppressed"] == "True"
    return {
        "suppressed": hidden,
        "n": None if hidden or not row["n_shown"].isdigit() else int(row["n_shown"]),
        "value": float(row["value"]) if row["value"] else None,
    }


def rate_attack(
    fetch: Callable[[str, str | None], dict[str, Any]], unknowns: set[Unknown]
) -> list[str]:
    """The same attack on rates: each published rate gives n and n x rate (the positives).

    Twice: once taking each figure to cover its whole scope, once knowing that the (LA, month)
    parts seen hidden are left out of every figure; each is right about one way of suppressing.
    """
    found = []
    for part, knowing in itertools.product(("n", "positive"), (False, True)):
        attacker = Attacker(sorted(unknowns))
        for month in PERIODS[:4]:
            for la in LAS:
                if knowing and fetch(month, la)["suppressed"]:
                    attacker.month_hidden.add((la, month))
        for period in PERIODS:
            for la in (None, *LAS):
                item = fetch(period, la)
                cell = {
                    "suppressed": item["suppressed"],
                    "partial": knowing,
                    "responses": item["n"]
                    if part == "n" or not item["n"]
                    else round(item["value"] * item["n"] / 100),
                }
                where = f"{part} {period} la={la}" + (" (knowing)" if knowing else "")
                attacker.read(cell, [la] if la else list(LAS), period, where)
        found += attacker.recovered()
    return found


def test_no_hidden_rate_can_be_recovered_by_differencing_queries(
    client: Any, loaded: Any, token: str
) -> None:
    assert rate_attack(lambda p, la: indicator(client, token, p, la), seed(loaded)) == []
    gamma = indicator(client, token, "2024-Q1", "E00000003")  # never small: still published
    assert (gamma["suppressed"], gamma["n"], gamma["value"]) == (False, 36, 50)


def test_no_hidden_rate_can_be_recovered_from_an_officers_report_files(
    client: Any, loaded: Any
) -> None:
    days = seed(loaded)
    make_user(loaded, "officer@example.gov.uk", "officer")
    sign_in(client, "officer@example.gov.uk")
    assert rate_attack(lambda p, la: from_csv(client, p, la), days) == []
    assert from_csv(client, "2024-Q1", "E00000003") == {"suppressed": False, "n": 36, "value": 50}


@pytest.mark.parametrize("narrow", ["setting=TEST-SCH-0001", "survey=mini-survey", "channel=web"])
def test_the_dashboard_breaks_suppressed_figures_down_by_la_and_period_only(
    client: Any, loaded: Any, narrow: str
) -> None:
    make_user(loaded, "officer@example.gov.uk", "officer")
    sign_in(client, "officer@example.gov.uk")
    page = client.get(f"/dashboard/?period=2024-01&{narrow}")
    assert page.title.startswith("Error: ")
    assert any("shows exact figures only" in m for m in page.error_messages())
    assert (
        client.raw().get(f"/dashboard/report?period=2024-01&format=csv&{narrow}").status_code == 400
    )
    exact = client.get(f"/dashboard/?period=2024-01&{narrow}&exact=1")
    assert not exact.title.startswith("Error: ")


def test_an_actions_evidence_table_publishes_no_total_over_a_hidden_cell() -> None:
    """Month x source cells are atoms: a month's total leaves its small cells out.

    With per-table secondary suppression the total (13) was published over a hidden 3 and a
    hidden 10, so the dashboard's 10 web answers that month gave the 3 back by subtraction.
    """
    from survey.web.views.review import _counts_table

    at = dt.datetime(2026, 10, 5, 9)
    dates = [("answer", "web", at)] * 10 + [("submission", "slack", at)] * 3
    table = _counts_table(dates, 5, exact=False)
    assert [cell.shown for cell in table["cells"][0]] == ["10", "fewer than 5"]
    assert table["row_totals"][0].shown == "10 (excluding small numbers)"
    exact = _counts_table(dates, 5, exact=True)
    assert exact["row_totals"][0].shown == "13"


def comments(session: Any) -> None:
    """Alpha's 3 comments about EHC plans and Beta's 7 about transport, in January 2024."""
    for i in range(3):
        respond(session, dt.date(2024, 1, 3 + i), agree=False, la="E00000001", why="EHC plan late.")
    for i in range(7):
        respond(session, dt.date(2024, 1, 3 + i), agree=False, la="E00000002", why="No transport.")
    session.flush()
    make_user(session, "officer@example.gov.uk", "officer")


def test_the_measure_page_shows_no_count_of_comments_or_small_theme_count(
    client: Any, loaded: Any
) -> None:
    """The whole area's count of linked comments minus Beta's would give Alpha's 3 back, and a
    theme's "3 mentions" is a small count like any other."""
    comments(loaded)
    sign_in(client, "officer@example.gov.uk")
    url = "/dashboard/measures/mini-plan/2A?period=2024-01"
    for la in ("", "&la=E00000001", "&la=E00000002"):
        text = " ".join(client.get(url + la).text.split())
        assert "most recent of" not in text
        assert not re.search(r"comments: [+-][0-9.]+ \(n =", text)
        assert ": 3 mentions" not in text
    whole = " ".join(client.get(url).text.split())
    assert "EHC plan: fewer than 5 mentions" in whole
    exact = " ".join(client.get(url + "&exact=1").text.split())
    assert "The 10 most recent of 10 linked comments" in exact and ": 3 mentions" in exact


def test_the_report_files_show_a_small_theme_count_as_fewer_than_the_threshold(
    client: Any, loaded: Any
) -> None:
    comments(loaded)
    sign_in(client, "officer@example.gov.uk")
    url = "/dashboard/report?period=2024-01&format=csv"
    text = client.raw().get(url).get_data(as_text=True).lstrip("\ufeff")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["code"] == "2A")
    assert row["themes"] == "Transport (7); EHC plan (fewer than 5)"
    html = client.raw().get(url.replace("csv", "html")).get_data(as_text=True)
    assert "EHC plan (fewer than 5)" in html and "EHC plan (3)" not in html
