"""Editing a plan in the browser, the monthly review and the plan update downloads, through the
page-checking client: roles, errors that keep what was typed, audit rows, the dashboard reading
the new target at once, suggestions recomputed with reviewed links kept, and the files' contents."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from storage.repositories import audit, links, plans
from survey import intake
from survey.domain.inputs import AttendanceInput
from tests.support.factories import make_user, respond, sign_in, staff_submission

MEASURE = "/plans/mini-plan/measures/1.G/edit"
ACTION = "/plans/mini-plan/actions/1.1/edit"
REVIEW = "/plans/mini-plan/actions/1.1/review"
DOCX = "/plans/mini-plan/update.docx"
XLSX = "/plans/mini-plan/update.xlsx"
MEASURE_DATA = {
    "statement": "Parents express an improved level of confidence with provision for SEND in mainstream schools.",
    "keywords": "SEN support\nmainstream",
    "kind": "rate",
    "of": "answers",
    "unit": "percent",
    "baseline_value": "",
    "baseline_period": "",
    "target": "90",
    "direction": "higher",
    "tolerance": "10",
    "min_n": "20",
}
ACTION_DATA = {
    "measures": ["1.G", "2A"],
    "lead": "Andy Cooke",
    "group_name": "High Need Provision Review",
    "timeframe": "September - March",
    "keywords": "SEN support\nself assessment",
}
REVIEW_DATA = {
    "reviewed_on": ["30", "11", "2026"],
    "rag": "green",
    "status_label": "On track for March",
    "note": "Framework agreed with twelve schools.",
}


def as_role(loaded: Any, client: Any, role: str) -> Any:
    email = f"{role}@example.gov.uk"
    make_user(loaded, email, role)
    sign_in(client, email)
    return client


@pytest.fixture
def officer(loaded: Any, client: Any) -> Any:
    return as_role(loaded, client, "officer")


def events(session: Any, action: str) -> list[Any]:
    session.expire_all()
    return [e for e in audit.list_audit_events(session) if e.action == action]


@pytest.mark.parametrize("url", [MEASURE, ACTION, REVIEW], ids=["measure", "action", "review"])
@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("officer", 200), ("hub_lead", 403)])
def test_only_admins_and_officers_edit_and_review(
    loaded: Any, client: Any, url: str, role: str, status: int
) -> None:
    as_role(loaded, client, role).get(url, expected_status=status)
    bad = {"measures": ["9Z"]} if url == ACTION else {}
    client.post(url, bad, expected_status=403 if status == 403 else 400)


@pytest.mark.parametrize("url", [MEASURE, ACTION, REVIEW, DOCX, XLSX])
def test_signed_out_people_are_sent_to_sign_in(loaded: Any, client: Any, url: str) -> None:
    client.get(url, expected_status=302)
    client.post(url, {}, expected_status=405 if url.endswith(("docx", "xlsx")) else 302)


def test_a_post_without_the_csrf_token_is_refused(loaded: Any, make_app: Any) -> None:
    from tests.pages import PageClient
    from tests.support.factories import PASSWORD

    csrf_client = PageClient(make_app(TESTING=True))
    make_user(loaded, "officer@example.gov.uk", "officer")
    token = csrf_client.get("/sign-in").select("input[name=csrf_token]")[0]["value"]
    csrf_client.post(
        "/sign-in",
        {"email": "officer@example.gov.uk", "password": PASSWORD, "csrf_token": token},
        expected_status=302,
    )
    csrf_client.post(MEASURE, MEASURE_DATA, expected_status=400)
    token = csrf_client.get(MEASURE).select("input[name=csrf_token]")[0]["value"]
    csrf_client.post(MEASURE, {**MEASURE_DATA, "csrf_token": token}, expected_status=302)
    loaded.expire_all()
    assert plans.get_plan_by_slug(loaded, "mini-plan").measures[0].indicator.target == 90


def test_the_plan_page_offers_officers_the_changes_and_downloads(officer: Any) -> None:
    page = officer.get("/plans/mini-plan")
    hrefs = {a["href"] for a in page.select("a")}
    assert {MEASURE, ACTION, REVIEW, DOCX, XLSX} <= hrefs
    assert "Change measure 1.G" in page.text and "Record review of action 1.1" in page.text


def test_hub_leads_see_the_downloads_but_no_change_links(loaded: Any, client: Any) -> None:
    page = as_role(loaded, client, "hub_lead").get("/plans/mini-plan")
    hrefs = {a["href"] for a in page.select("a")}
    assert DOCX in hrefs and MEASURE not in hrefs and REVIEW not in hrefs
    assert client.raw().get(DOCX).status_code == 200


def test_the_measure_form_starts_from_the_plan(officer: Any) -> None:
    page = officer.get(MEASURE)
    assert page.h1 == "Change measure 1.G"
    assert page.select("input[name=target]")[0]["value"] == "75"
    assert page.select("input[name=kind][value=rate]")[0].has_attr("checked")


def test_a_new_target_is_saved_audited_and_on_the_dashboard_at_once(
    officer: Any, loaded: Any
) -> None:
    saved = officer.post(MEASURE, MEASURE_DATA, expected_status=302)
    page = officer.get(saved.response.headers["Location"])
    assert "The measure 1.G is saved." in page.text
    assert "target 90%" in page.text
    dashboard = officer.get("/dashboard/measures/mini-plan/1.G")
    assert "90" in dashboard.select(".govuk-summary-list")[0].get_text(" ")
    [event] = events(loaded, "measure.updated")
    assert event.actor.startswith("user:")
    assert event.details["target"] == [75.0, 90.0]
    assert "keywords" in event.details["changed"]


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("target", "ninety", "Enter the target as a number, like 12 or 61.5"),
        ("min_n", "0", "Minimum number must be a whole number of 1 or more"),
        ("min_n", "lots", "Enter the minimum number of responses as a whole number, like 20"),
        ("of", "", "Select answers or submissions for a rate of positive answers"),
        ("statement", "", "Enter the wording of the measure"),
        ("tolerance", "-3", "RAG tolerance must be 0 or more"),
    ],
)
def test_a_bad_measure_names_the_field_and_keeps_what_was_typed(
    officer: Any, loaded: Any, field: str, typed: str, message: str
) -> None:
    page = officer.post(MEASURE, {**MEASURE_DATA, field: typed}, expected_status=400)
    assert page.title.startswith("Error: ")
    assert message in page.error_messages()
    assert (
        page.select("input[name=target]")[0]["value"] == MEASURE_DATA["target"] or field == "target"
    )
    if field == "target":
        assert page.select("input[name=target]")[0]["value"] == "ninety"
    loaded.expire_all()
    assert plans.get_plan_by_slug(loaded, "mini-plan").measures[0].indicator.target == 75
    assert events(loaded, "measure.updated") == []


def test_an_action_edit_is_saved_audited_and_recomputes_suggestions_keeping_reviewed_links(
    officer: Any, loaded: Any
) -> None:
    texts = [
        "Our SEN support and the self assessment at school have improved a lot.",
        "The self assessment framework for SEN support helped our school.",
    ]
    ids = [
        staff_submission(loaded, kind="idea", text=t, channel="slack", author_id="U1").record_id
        for t in texts
    ]
    kept = links.create_links(
        loaded,
        "staff_submission",
        ids[0],
        "confirmed",
        action_ids=[plans.find_action_by_ref(loaded, "2.9", "mini-plan").id],
        created_by="user:1",
    )[0]
    loaded.flush()
    saved = officer.post(ACTION, ACTION_DATA, expected_status=302)
    page = officer.get(saved.response.headers["Location"])
    assert "The action 1.1 is saved." in page.text
    # The tests' app runs the queued rebuild inline after the commit (BACKGROUND_JOBS=inline);
    # tests/integration/web/test_link_rebuilds.py watches one wait in the queue.
    assert "Link suggestions updated: 6 waiting for review" in page.text
    assert "2 texts read." in page.text
    assert "Confirmed, rejected and manual links are kept." in page.text
    loaded.expire_all()
    action = plans.find_action_by_ref(loaded, "1.1", "mini-plan")
    assert [m.code for m in action.measures] == ["1.G", "2A"]
    assert action.timeframe == "September - March"
    assert action.keywords == ["SEN support", "self assessment"]
    by_id = {link.id: link for link in links.list_links_for(loaded, "staff_submission", ids[0])}
    assert by_id[kept.id].method.value == "confirmed"  # a reviewed link is kept as it was
    suggested = [
        link
        for link in links.list_links_for(loaded, "staff_submission", ids[1])
        if link.method.value == "suggested" and link.action is not None
    ]
    assert [link.action.ref for link in suggested] == ["1.1"]  # found by the new keyword
    [event] = events(loaded, "action.updated")
    assert event.details["measures"] == [["1.G"], ["1.G", "2A"]]
    assert events(loaded, "links.rebuilt")


def test_an_unknown_measure_code_is_refused_by_name(officer: Any, loaded: Any) -> None:
    page = officer.post(ACTION, {**ACTION_DATA, "measures": ["1.G", "9Z"]}, expected_status=400)
    assert "9Z is not a measure in this plan: choose from the list" in page.error_messages()
    assert page.select("input[name=timeframe]")[0]["value"] == "September - March"
    assert events(loaded, "action.updated") == []


def test_a_monthly_review_is_kept_in_history_and_shown_as_the_latest(
    officer: Any, loaded: Any
) -> None:
    officer.post(REVIEW, REVIEW_DATA, expected_status=302)
    officer.post(
        REVIEW,
        {
            **REVIEW_DATA,
            "reviewed_on": ["31", "10", "2026"],
            "rag": "amber",
            "status_label": "",
            "note": "Drafting the framework.",
        },
        expected_status=302,
    )
    page = officer.get("/plans/mini-plan")
    row = " ".join(page.select("#action-1\\.1")[0].get_text(" ").split())
    assert "Green On track for March" in row and "Framework agreed with twelve schools." in row
    assert "Reviewed 30 November 2026" in row
    history = officer.get(REVIEW).select("#review-history + table tbody tr")
    assert [" ".join(r.get_text(" ").split()) for r in history] == [
        "30 November 2026 Green On track for March Framework agreed with twelve schools.",
        "31 October 2026 Amber Amber Drafting the framework.",
    ]
    action_page = officer.get("/dashboard/actions/mini-plan/1.1")
    assert "Framework agreed with twelve schools." in action_page.text
    assert "Drafting the framework." in action_page.text
    assert len(events(loaded, "action.reviewed")) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reviewed_on": ["", "", ""]}, "Enter the date of the review"),
        (
            {"reviewed_on": ["31", "02", "2026"]},
            "Enter the date of the review as a real date, for example 30 11 2026",
        ),
        ({"rag": ""}, "Select the RAG rating for the action"),
        ({"note": ""}, "Enter a summary of the action's current position"),
    ],
)
def test_a_bad_review_names_the_field_and_keeps_what_was_typed(
    officer: Any, loaded: Any, change: dict[str, Any], message: str
) -> None:
    page = officer.post(REVIEW, {**REVIEW_DATA, **change}, expected_status=400)
    assert page.error_messages() == [message]
    assert page.select("input[name=status_label]")[0]["value"] == "On track for March"
    assert events(loaded, "action.reviewed") == []


def test_reloading_the_plan_file_keeps_the_review_recorded_in_the_browser(
    officer: Any, loaded: Any
) -> None:
    from tests.support.factories import load_mini_plan

    officer.post(REVIEW, REVIEW_DATA, expected_status=302)
    load_mini_plan(loaded)
    loaded.flush()
    loaded.expire_all()
    action = plans.find_action_by_ref(loaded, "1.1", "mini-plan")
    assert action.review_status.value == "green"
    assert action.review_note == "Framework agreed with twelve schools."
    assert "Framework agreed" in officer.get(REVIEW).text


def test_the_plan_update_docx_has_the_table_and_the_new_status(officer: Any, loaded: Any) -> None:
    officer.post(REVIEW, REVIEW_DATA, expected_status=302)
    response = officer.raw().get(DOCX)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(response.data))
    actions, measures = document.tables
    header = [c.text for c in actions.rows[0].cells]
    assert header[:3] == ["Priority", "Reference", "Action"]
    row = {c.text for c in actions.rows[1].cells}
    assert {"1.1", "On track for March", "Framework agreed with twelve schools."} <= row
    assert [c.text for c in measures.rows[0].cells][:4] == [
        "Code",
        "Measure",
        "Target",
        "Latest value",
    ]
    assert {r.cells[0].text for r in measures.rows[1:]} == {"1.G", "2A", "TSP-A"}


def test_the_plan_update_xlsx_keeps_numbers_as_numbers_and_suppresses_small_counts(
    officer: Any, loaded: Any
) -> None:
    today = dt.date.today()
    for day in range(1, 3):  # two answers: too few to publish
        respond(loaded, today.replace(day=day), agree=True)
    intake.record_attendance(  # two LAs at a hub meeting: organisations, not people, so shown
        loaded,
        AttendanceInput(
            network="test-hub",
            title="Transition strand group",
            held_on=today.replace(day=1),
            kind="strand_group",
            organisations=["E00000001", "E00000002"],
        ),
    )
    loaded.flush()
    officer.post(REVIEW, {**REVIEW_DATA, "note": '=HYPERLINK("http://x")'}, expected_status=302)
    response = officer.raw().get(XLSX)
    book = load_workbook(io.BytesIO(response.data))
    actions = book["Actions"]
    rows = list(actions.iter_rows(min_row=4, values_only=True))
    first = rows[0]
    assert first[1] == "1.1" and first[7] == "On track for March"
    assert first[9] == '=HYPERLINK("http://x")'
    assert actions.cell(row=4, column=10).data_type == "s"
    assert isinstance(first[10], dt.datetime)
    measures = {r[0]: r for r in book["Outcome measures"].iter_rows(min_row=4, values_only=True)}
    assert measures["1.G"][2] == 75 and isinstance(measures["1.G"][2], float | int)
    assert measures["2A"][3].startswith("hidden")
    assert measures["TSP-A"][3] == 2 and isinstance(measures["TSP-A"][3], float | int)


def test_a_plan_update_for_an_unreadable_period_or_format_is_refused(officer: Any) -> None:
    officer.raw().get(DOCX + "?period=never")
    assert officer.raw().get(DOCX + "?period=never").status_code == 400
    assert officer.raw().get("/plans/mini-plan/update.pdf").status_code == 404
    assert officer.raw().get("/plans/no-such-plan/update.docx").status_code == 404


def test_the_html_monthly_report_shows_each_actions_review(officer: Any) -> None:
    officer.post(REVIEW, REVIEW_DATA, expected_status=302)
    response = officer.raw().get("/dashboard/report?period=2026-11&format=html")
    html = response.get_data(as_text=True)
    assert "Actions: review status" in html
    assert "On track for March" in html and "Framework agreed with twelve schools." in html
    assert "30 November 2026" in html
    assert "2.5 To develop parental" in html  # every action of the plan is listed


def test_plan_load_refuses_to_remove_a_reviewed_action_and_its_history(
    officer: Any, loaded: Any, tmp_path: Any
) -> None:
    from survey.domain.errors import Conflict
    from survey.intake.loading import load_plan
    from tests.conftest import DATA

    officer.post("/plans/mini-plan/actions/2.5/review", REVIEW_DATA, expected_status=302)
    text = (DATA / "plans" / "mini.yaml").read_text(encoding="utf-8")
    start = text.index('      - ref: "2.5"')
    end = text.index('      - ref: "2.9"')
    without = tmp_path / "mini.yaml"
    without.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(Conflict, match=r"Cannot remove 2\.5 .*monthly reviews"):
        load_plan(loaded, without, actor="test")
    loaded.expire_all()
    assert plans.find_action_by_ref(loaded, "2.5", "mini-plan") is not None
    assert "Framework agreed" in officer.get("/plans/mini-plan/actions/2.5/review").text
