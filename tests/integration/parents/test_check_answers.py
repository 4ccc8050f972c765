"""Check your answers lists only the questions that apply to the answers as they stand now."""

from __future__ import annotations

from typing import Any

from storage.repositories import evidence
from tests.integration.parents.test_respond import BASE, answer, begin, location
from tests.pages import Page, PageClient

WHY = "What could we have done better?"


def summary_rows(page: Page) -> dict[str, Any]:
    """Each row's answer, and its Change link (None when there is none)."""
    rows = {}
    for row in page.select(".govuk-summary-list__row"):
        key = row.select_one(".govuk-summary-list__key").get_text(strip=True)
        change = row.select_one(".govuk-summary-list__actions a")
        value = row.select_one(".govuk-summary-list__value").get_text(" ", strip=True)
        rows[key] = (value, change["href"] if change else None)
    return rows


def test_a_question_an_answer_rules_out_leaves_the_check_page_and_the_response(
    client: PageClient, loaded: Any
) -> None:
    loaded.commit()
    begin(client)
    answer(client, "about-you", {"la": "E00000001"})
    answer(client, "info_timely", {"info_timely": "agree"})
    assert answer(client, "overall", {"overall": "dissatisfied"}) == f"{BASE}/q/why"
    answer(client, "why", {"why": "Nobody called back."})
    for page_id in ("recommend", "support", "weeks", "requested_on"):
        answer(client, page_id, {})

    rows = summary_rows(client.get(f"{BASE}/check"))
    assert rows[WHY] == ("Nobody called back.", f"{BASE}/q/why?return=check")

    # Satisfied after all: "what could we have done better" no longer applies.
    assert answer(client, "overall", {"overall": "satisfied"}, "?return=check") == f"{BASE}/check"
    rows = summary_rows(client.get(f"{BASE}/check"))
    assert WHY not in rows, "a question that no longer applies is not listed"
    assert all(change for _value, change in rows.values()), "every listed row can be changed"

    sent = client.post(f"{BASE}/check", {}, expected_status=302)
    assert location(sent) == f"{BASE}/confirmation"
    reference = client.get(f"{BASE}/confirmation").select(".govuk-panel strong")[0].get_text()
    stored = {a.question.key for a in evidence.get_response_by_reference(loaded, reference).answers}
    assert "why" not in stored and "overall" in stored
