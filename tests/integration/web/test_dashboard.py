"""The officers' dashboard pages through the page-checking client: valid HTML, one h1, unique ids,
suppressed figures unless exact ones are asked for, and the figure entry form through intake."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import AuditEvent, MetricValue
from tests.support.factories import make_user, respond, seed_evidence, sign_in, staff_submission


@pytest.fixture
def officer(loaded: Any, client: Any) -> Any:
    seed_evidence(loaded)
    make_user(loaded, "officer@example.gov.uk", "officer")
    sign_in(client, "officer@example.gov.uk")
    return client


def test_home_shows_every_measure_with_value_rag_change_and_trend(officer: Any) -> None:
    page = officer.get("/dashboard/?period=2026-10")
    assert page.h1 == "Outcome measures"
    assert "October 2026, compared with September 2026" in page.text
    assert "Green: 80% positive (n=30, 95% CI 63-90%), target 80%" in page.text
    assert "Green: 3 of 4 LAs attending, target 3" in page.text
    assert "Not rated: no evidence yet" in page.text
    assert "Real rise" in page.text
    charts = page.select("svg[role=img]")
    assert len(charts) == 3 and all(chart.find("title") and chart.find("desc") for chart in charts)


def test_a_bad_period_is_an_error_on_the_filter_form(officer: Any) -> None:
    page = officer.get("/dashboard/?period=Octember")
    assert page.title.startswith("Error: ")
    assert page.error_messages() == [
        "Write the period as a month (2026-10), a term (2026-autumn), a quarter (2026-Q3), "
        "a financial year (2026-27) or a range (2026-09-01..2026-10-15)"
    ]


def test_the_measure_page_has_a_chart_a_table_and_redacted_evidence(
    officer: Any, loaded: Any
) -> None:
    respond(
        loaded,
        dt.date(2026, 10, 20),
        agree=False,
        why="Call me on 07700 900123, nobody answered about the EHC plan.",
    )
    loaded.flush()
    page = officer.get("/dashboard/measures/mini-plan/2A?period=2026-10&exact=1")
    assert page.h1.startswith("Parental feedback demonstrates")
    assert page.select("svg[role=img] title")
    table_rows = page.select("table caption")
    assert any("The chart's figures" in caption.get_text() for caption in table_rows)
    assert "[phone]" in page.text and "07700 900123" not in page.text
    assert "Nobody called me back" in page.text
    # Without exact figures a list shorter than a full page would publish its own length.
    suppressed = officer.get("/dashboard/measures/mini-plan/2A?period=2026-10")
    assert "Nobody called me back" not in suppressed.text and "[phone]" not in suppressed.text
    assert "Fewer than 20 comments are linked in October 2026" in suppressed.text


def test_an_unknown_measure_is_not_found(officer: Any) -> None:
    officer.get("/dashboard/measures/mini-plan/9Z", expected_status=404)


def test_small_numbers_are_hidden_on_screen_unless_an_officer_asks_for_exact_figures(
    loaded: Any, client: Any
) -> None:
    for i in range(6):
        respond(loaded, dt.date(2026, 10, 2 + i), agree=i > 0)
    make_user(loaded, "officer@example.gov.uk", "officer")
    sign_in(client, "officer@example.gov.uk")
    page = client.get("/dashboard/?period=2026-10")
    assert "83%" not in page.text and "hidden" in page.text
    exact = client.get("/dashboard/?period=2026-10&exact=1")
    assert "83%" in exact.text
    assert "Exact figures: small numbers" in exact.text


def test_a_hub_lead_never_sees_exact_figures(loaded: Any, client: Any) -> None:
    for i in range(6):
        respond(loaded, dt.date(2026, 10, 2 + i), agree=i > 0)
    make_user(loaded, "lead@example.gov.uk", "hub_lead")
    sign_in(client, "lead@example.gov.uk")
    page = client.get("/dashboard/?period=2026-10&exact=1")
    assert "83%" not in page.text
    assert "Show exact figures" not in page.text


def test_an_officer_enters_a_figure_through_intake(officer: Any, loaded: Any) -> None:
    page = officer.post(
        "/dashboard/measures/mini-plan/2A",
        {
            "figure-period": "2026-10",
            "figure-value": "300",
            "figure-denominator": "300",
            "figure-organisation": "",
            "figure-note": "Families with an EHC plan",
        },
        expected_status=302,
    )
    assert "saved=1" in page.response.headers["Location"]
    stored = loaded.scalar(select(MetricValue))
    assert (stored.value, stored.period_start, stored.period_end) == (
        300,
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
    )
    assert stored.entered_by.startswith("user:")
    shown = officer.get("/dashboard/measures/mini-plan/2A?period=2026-10&saved=1")
    assert "The figure was saved." in shown.text
    assert "30 of 300 who could respond (10% response rate)" in shown.text


def test_a_figure_that_is_not_a_number_is_an_error_on_the_form(officer: Any) -> None:
    page = officer.post(
        "/dashboard/measures/mini-plan/2A",
        {"figure-period": "2026-10", "figure-value": "lots", "figure-organisation": ""},
    )
    assert page.title.startswith("Error: ")
    assert page.error_messages() == ["Enter the figure as a number, like 12 or 61.5"]


def test_attendance_shows_who_came_and_who_has_not_this_term(officer: Any) -> None:
    page = officer.get("/dashboard/attendance?term=2026-autumn")
    assert page.h1 == "Meeting attendance"
    assert "3 of 4 local authorities in Test Region attended" in page.text
    assert "Delta Shire" in page.select("ul.govuk-list--bullet")[0].get_text()
    assert "Alpha Borough, Beta County, Gamma City" in page.text


def test_staff_submissions_are_listed_redacted_with_their_status(officer: Any, loaded: Any) -> None:
    staff_submission(
        loaded,
        kind="concern",
        text="Email me at sam.jones@example.gov.uk about the panel backlog",
        channel="slack",
        author_id="U1",
        workstream="staff-reference-group",
    )
    loaded.flush()
    page = officer.get("/dashboard/submissions?kind=concern")
    assert "[email]" in page.text and "sam.jones@" not in page.text
    assert "Staff reference group (STARS)" in page.text
    assert "New: 1" in page.text
    reference = page.select("tbody th a")[0].get_text(strip=True)
    detail = officer.get(f"/dashboard/submissions/{reference}")
    assert detail.h1 == reference
    assert "sam.jones@" not in detail.text  # officers never see the original


def test_only_an_admin_can_open_the_unredacted_original(loaded: Any, client: Any) -> None:
    receipt = staff_submission(
        loaded, kind="concern", text="Ring me on 07700 900123", channel="slack", author_id="U1"
    )
    make_user(loaded, "admin@example.gov.uk", "admin")
    sign_in(client, "admin@example.gov.uk")
    page = client.get(f"/dashboard/submissions/{receipt.reference}")
    assert "Ring me on [phone]" in page.select("blockquote")[0].get_text()
    assert "07700 900123" in page.select("details")[0].get_text()


def test_a_status_change_goes_through_the_shared_service(officer: Any, loaded: Any) -> None:
    service = pytest.importorskip("survey.officers.submissions")
    assert hasattr(service, "change_status")
    receipt = staff_submission(
        loaded, kind="idea", text="Text parents", channel="slack", author_id="U1"
    )
    loaded.flush()
    officer.post(
        f"/dashboard/submissions/{receipt.reference}",
        {"status": "acknowledged", "reply": "Thank you, we will look at this."},
        expected_status=302,
    )
    assert loaded.scalar(select(AuditEvent).where(AuditEvent.entity_id.isnot(None)))


def test_the_report_downloads_from_the_dashboard(officer: Any) -> None:
    response = officer.raw().get("/dashboard/report?period=2026-10&format=csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="send-report-2026-10.csv"'
    )
    assert "2A" in response.get_data(as_text=True)


def test_an_idle_session_is_signed_out(officer: Any) -> None:
    with officer.raw().session_transaction() as session:
        an_hour_ago = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=1)
        session["last_seen"] = an_hour_ago.isoformat()
    page = officer.get("/dashboard/", expected_status=302)
    assert "/sign-in" in page.response.headers["Location"]


def test_an_officer_links_a_submission_by_hand_and_it_is_audited(officer: Any, loaded: Any) -> None:
    receipt = staff_submission(
        loaded,
        kind="idea",
        text="Write to families before the review",
        channel="teams",
        author_id="U7",
    )
    loaded.flush()
    url = f"/dashboard/submissions/{receipt.reference}"
    page = officer.post(f"{url}/links", {"link-target": ""})
    assert page.error_messages() == ["Choose an action or outcome measure"]
    assert page.title.startswith("Error: ")
    officer.post(f"{url}/links", {"link-target": "measure:2A"}, expected_status=302)
    page = officer.get(url)
    assert "Measure 2A" in page.text and "(manual)" in page.text
    event = loaded.scalar(select(AuditEvent).where(AuditEvent.action == "link.manual"))
    assert event is not None and event.details["target"] == "measure 2A"


def test_the_councils_names_list_is_redacted_on_officer_pages(
    loaded: Any, make_app: Any, tmp_path: Any
) -> None:
    from tests.pages import PageClient

    names = tmp_path / "names.txt"
    names.write_text("# children and staff the patterns cannot spot\nZephyrine\n", encoding="utf-8")
    receipt = staff_submission(
        loaded, kind="concern", text="zephyrine waited a year", channel="slack", author_id="U1"
    )
    make_user(loaded, "officer@example.gov.uk", "officer")
    loaded.commit()
    app = make_app(
        WTF_CSRF_ENABLED=False,
        REDACTION_NAMES_FILE=str(names),
    )
    client = PageClient(app)
    sign_in(client, "officer@example.gov.uk")
    page = client.get(f"/dashboard/submissions/{receipt.reference}")
    assert "waited a year" in page.text and "ephyrine" not in page.text.lower()
