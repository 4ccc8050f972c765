"""The officers' review queue for suggested links and each action's evidence page, through the
page-checking client: roles, filters, one-at-a-time and bulk decisions with audit, redaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from storage.repositories import audit, links
from survey import intake
from survey.domain.inputs import AttendanceInput, ResponseSubmission
from tests.pages import PageClient
from tests.support.factories import load_mini_plan, make_user, sign_in, staff_submission

PARENT = "The SEN support at school was poor. Call me on 07700 900123 or jo.bloggs@example.com."
STAFF = "Parents tell me the satisfaction survey about the EHC assessment came far too late."


def parent_answer(session: Any, text: str, la: str, day: dt.date) -> int:
    receipt = intake.submit_response(
        session,
        ResponseSubmission(
            survey_slug="mini-survey",
            answers={"la": la, "info_timely": "disagree", "overall": "dissatisfied", "why": text},
            consent={"survey": True},
            submitted_at=dt.datetime.combine(day, dt.time(9)),
        ),
    )
    from storage.repositories.evidence import get_response_by_reference

    response = get_response_by_reference(session, receipt.reference)
    return next(a.id for a in response.answers if a.free_text)


def staff_idea(session: Any, text: str, day: dt.date, channel: str = "slack") -> int:
    return staff_submission(
        session,
        kind="idea",
        text=text,
        channel=channel,
        author_id="U1",
        submitted_at=dt.datetime.combine(day, dt.time(9)),
    ).record_id


def suggestion(session: Any, kind: str, evidence_id: int, ref: str) -> Any:
    for link in links.list_links_for(session, kind, evidence_id):
        if link.action is not None and link.action.ref == ref:
            return link
    raise AssertionError(f"no link to {ref}")


@pytest.fixture
def evidence(loaded: Any) -> dict[str, int]:
    found = {
        "parent": parent_answer(loaded, PARENT, "E00000001", dt.date(2026, 9, 10)),
        "other_la": parent_answer(
            loaded,
            "Our school's SEN support has been brilliant.",
            "E00000002",
            dt.date(2026, 10, 2),
        ),
        "staff": staff_idea(loaded, STAFF, dt.date(2026, 10, 20)),
    }
    loaded.flush()
    return found


@pytest.fixture
def officer(evidence: Any, loaded: Any, client: Any) -> Any:
    make_user(loaded, "officer@example.gov.uk", "officer")
    sign_in(client, "officer@example.gov.uk")
    return client


def rows(page: Any) -> list[str]:
    return [" ".join(row.get_text(" ").split()) for row in page.select("table.ys-review tbody tr")]


def test_the_queue_lists_suggestions_newest_first_redacted_with_why(officer: Any) -> None:
    page = officer.get("/dashboard/links")
    assert page.h1 == "Suggested links to review"
    listed = rows(page)
    # Each text has an action and a measure suggested; newest (the staff idea) first.
    assert len(listed) == 6
    assert "satisfaction survey" in listed[0] and "Action 2.5" in listed[0]
    assert all("Score " in row and "matched" in row for row in listed)
    assert "sen-support" in page.text
    assert "[phone]" in page.text and "[email]" in page.text
    assert "07700 900123" not in page.html and "jo.bloggs" not in page.html
    assert page.select(".govuk-tag") and "Negative" in page.text
    # Every checkbox and button names what it acts on for screen readers.
    labels = [label.get_text(" ", strip=True) for label in page.select("label")]
    assert any(label.startswith("Tick YS-") and "Action 2.5" in label for label in labels)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=2.5", {"Action 2.5", "none of 1.1"}),
        ("measure=1.G", {"Measure 1.G"}),
        ("source=slack", {"Action 2.5", "Measure 2A", "none of 1.1"}),
        ("la=E00000002", {"Action 1.1", "brilliant"}),
        ("period=2026-09", {"Action 1.1", "[phone]"}),
    ],
)
def test_the_queue_filters(officer: Any, query: str, expected: set[str]) -> None:
    listed = rows(officer.get(f"/dashboard/links?{query}"))
    assert listed
    for wanted in expected:
        if wanted.startswith("none of "):
            assert not any(f"Action {wanted[8:]}" in row for row in listed)
        else:
            assert any(wanted in row for row in listed), (wanted, listed)
    if query == "la=E00000002":
        assert all("brilliant" in row for row in listed)


def test_hub_meeting_notes_are_reviewed_in_the_queue_too(officer: Any, loaded: Any) -> None:
    receipt = intake.record_attendance(
        loaded,
        AttendanceInput(
            network="test-hub",
            title="SENCO strand group",
            held_on=dt.date(2026, 10, 14),
            kind="strand_group",
            organisations=["E00000001"],
            notes="Shared a self-assessment framework for SEN support. Call 07700 900123.",
        ),
    )
    loaded.flush()
    listed = rows(officer.get("/dashboard/links?source=meeting"))
    assert len(listed) == 2 and all(f"MTG-{receipt.record_id}" in row for row in listed)
    assert "Notes of SENCO strand group (Test hub)" in listed[0] and "[phone]" in listed[0]
    assert "Hub meeting notes" in listed[0]
    assert all("MTG-" not in row for row in rows(officer.get("/dashboard/links?source=slack")))
    link = suggestion(loaded, "meeting", receipt.record_id, "1.1")
    officer.post("/dashboard/links", {"one": f"confirm:{link.id}"}, expected_status=302)
    page = officer.get("/dashboard/actions/mini-plan/1.1?exact=1")
    assert "Notes of SENCO strand group" in page.text and "Hub meeting notes" in page.text


def test_a_bad_period_is_shown_as_an_error(officer: Any) -> None:
    page = officer.get("/dashboard/links?period=Octember")
    assert page.title.startswith("Error: ")


def test_confirming_one_link_is_audited_and_leaves_the_queue(
    officer: Any, loaded: Any, evidence: dict[str, int]
) -> None:
    link = suggestion(loaded, "staff_submission", evidence["staff"], "2.5")
    page = officer.post("/dashboard/links", {"one": f"confirm:{link.id}"}, expected_status=302)
    assert "reviewed=1" in page.response.location and "decision=confirm" in page.response.location
    after = officer.get(page.response.location)
    assert "1 link confirmed." in after.text
    loaded.expire_all()
    assert link.method.value == "confirmed"
    [event] = audit.list_audit_events(loaded, "link", link.id)
    assert event.action == "link.confirmed" and event.actor.startswith("user:")
    assert not any(f"link-{link.id}" == row.get("id") for row in after.select("tbody tr"))


def test_rejecting_ticked_links_in_bulk(officer: Any, loaded: Any, evidence: Any) -> None:
    first = suggestion(loaded, "answer", evidence["parent"], "1.1")
    second = suggestion(loaded, "answer", evidence["other_la"], "1.1")
    officer.post(
        "/dashboard/links?source=web",
        {"links": [first.id, second.id], "decision": "reject"},
        expected_status=302,
    )
    loaded.expire_all()
    assert first.method.value == second.method.value == "rejected"
    assert [e.action for e in audit.list_audit_events(loaded, "link", first.id)] == [
        "link.rejected"
    ]


def test_moving_ticked_links_to_another_action(officer: Any, loaded: Any, evidence: Any) -> None:
    link = suggestion(loaded, "staff_submission", evidence["staff"], "2.5")
    officer.post(
        "/dashboard/links",
        {"links": [link.id], "decision": "move", "target": "action:2.9"},
        expected_status=302,
    )
    loaded.expire_all()
    assert link.method.value == "rejected"
    moved = suggestion(loaded, "staff_submission", evidence["staff"], "2.9")
    assert moved.method.value == "confirmed"


def test_a_bulk_decision_needs_ticked_links_and_a_move_needs_a_target(
    officer: Any, loaded: Any, evidence: Any
) -> None:
    page = officer.post("/dashboard/links", {"decision": "confirm"}, expected_status=400)
    assert page.error_messages() == ["Tick at least one suggested link"]
    link = suggestion(loaded, "staff_submission", evidence["staff"], "2.5")
    page = officer.post(
        "/dashboard/links", {"links": [link.id], "decision": "move"}, expected_status=400
    )
    assert page.error_messages() == ["Choose an action or measure to move the ticked links to"]
    loaded.expire_all()
    assert link.method.value == "suggested"


def test_a_link_reviewed_meanwhile_is_left_alone(officer: Any, loaded: Any, evidence: Any) -> None:
    from survey.intake.linking import reject_link

    link = suggestion(loaded, "staff_submission", evidence["staff"], "2.5")
    reject_link(loaded, link.id, "user:99")
    loaded.flush()
    page = officer.post(
        "/dashboard/links", {"links": [link.id], "decision": "confirm"}, expected_status=302
    )
    after = officer.get(page.response.location)
    assert "0 links confirmed." in after.text and "1 had already been reviewed" in after.text
    loaded.expire_all()
    assert link.method.value == "rejected"


def test_hub_leads_may_not_review_links(evidence: Any, loaded: Any, client: Any) -> None:
    make_user(loaded, "lead@example.gov.uk", "hub_lead")
    sign_in(client, "lead@example.gov.uk")
    client.get("/dashboard/links", expected_status=403)
    link = suggestion(loaded, "staff_submission", evidence["staff"], "2.5")
    client.post("/dashboard/links", {"one": f"confirm:{link.id}"}, expected_status=403)
    loaded.expire_all()
    assert link.method.value == "suggested"


def test_signed_out_people_are_sent_to_sign_in(evidence: Any, client: Any) -> None:
    page = client.get("/dashboard/links", expected_status=302)
    assert "/sign-in" in page.response.location


def test_an_officer_tied_to_an_la_reviews_only_that_las_answers(
    evidence: Any, loaded: Any, client: Any
) -> None:
    make_user(loaded, "la1@example.gov.uk", "officer", organisation="E00000001")
    sign_in(client, "la1@example.gov.uk")
    listed = rows(client.get("/dashboard/links"))
    assert listed and all("[phone]" in row for row in listed)
    client.get("/dashboard/links?la=E00000002", expected_status=403)
    other = suggestion(loaded, "answer", evidence["other_la"], "1.1")
    client.post("/dashboard/links", {"one": f"confirm:{other.id}"}, expected_status=403)


def test_the_decision_form_needs_its_csrf_token(
    evidence: Any, loaded: Any, make_app: Any, tmp_path: Path
) -> None:
    app = make_app(
        TESTING=True,
    )
    make_user(loaded, "officer@example.gov.uk", "officer")
    client = PageClient(app)
    page = client.get("/sign-in")
    token = page.select("input[name=csrf_token]")[0]["value"]
    client.post(
        "/sign-in",
        {
            "email": "officer@example.gov.uk",
            "password": "correct horse battery staple",
            "csrf_token": token,
        },
        expected_status=302,
    )
    link = suggestion(loaded, "staff_submission", evidence["staff"], "2.5")
    client.post("/dashboard/links", {"one": f"confirm:{link.id}"}, expected_status=400)
    queue = client.get("/dashboard/links")
    token = queue.select("form[method=post] input[name=csrf_token]")[-1]["value"]
    client.post(
        "/dashboard/links", {"one": f"confirm:{link.id}", "csrf_token": token}, expected_status=302
    )


# --- an action's page ---------------------------------------------------------------------------


def test_an_actions_page_shows_all_its_evidence(officer: Any, loaded: Any, evidence: Any) -> None:
    intake.record_attendance(
        loaded,
        AttendanceInput(
            network="test-hub",
            title="Transition strand group",
            held_on=dt.date(2026, 10, 14),
            kind="strand_group",
            organisations=["E00000001", "E00000002"],
        ),
    )
    loaded.flush()
    page = officer.get("/dashboard/actions/mini-plan/1.1")
    assert page.h1 == "Action 1.1"
    assert "monitoring framework" in page.text
    # Two answers suggested for 1.1, one in September and one in October: small numbers hidden.
    table = page.select("table")[0]
    assert "September 2026" in table.get_text() and "October 2026" in table.get_text()
    assert "fewer than 5" in table.get_text()
    # Two comments: listed only with exact figures, since a short list publishes its length.
    assert "Fewer than 20 comments are linked to 1.1" in page.text
    assert "[phone]" not in page.text and "07700 900123" not in page.html
    assert "1.G" in page.text  # the measure it serves, with its value
    exact = officer.get("/dashboard/actions/mini-plan/1.1?exact=1")
    assert "fewer than 5" not in exact.select("table")[0].get_text()
    assert "[phone]" in exact.text and "07700 900123" not in exact.html
    assert "Suggested, not yet reviewed" in exact.text


def test_attendance_shows_on_the_page_of_an_action_serving_the_hub_measure(
    officer: Any, loaded: Any
) -> None:
    load_mini_plan(loaded, "mini-v2")
    intake.record_attendance(
        loaded,
        AttendanceInput(
            network="test-hub",
            title="Full hub meeting",
            held_on=dt.date(2026, 10, 14),
            kind="full_hub",
            organisations=["E00000001", "E00000002"],
        ),
    )
    loaded.flush()
    assert (
        "No meetings count towards this action's measures."
        in officer.get("/dashboard/actions/mini-plan/1.1").text
    )
    page = officer.get("/dashboard/actions/mini-plan/3.1")
    meetings = page.select("table")[-1].get_text(" ")
    assert "14 Oct 2026: Full hub meeting" in meetings
    assert "2: Alpha Borough, Beta County" in " ".join(meetings.split())


def test_an_unknown_action_is_not_found(officer: Any) -> None:
    officer.get("/dashboard/actions/mini-plan/9.9", expected_status=404)


def test_hub_leads_read_an_actions_page(evidence: Any, loaded: Any, client: Any) -> None:
    make_user(loaded, "lead@example.gov.uk", "hub_lead")
    sign_in(client, "lead@example.gov.uk")
    page = client.get("/dashboard/actions/mini-plan/2.5")
    assert page.h1 == "Action 2.5"
    assert "Review suggested links" not in page.text


def test_the_queue_also_removes_the_councils_own_list_of_names(
    evidence: Any, loaded: Any, make_app: Any, tmp_path: Path
) -> None:
    staff_idea(loaded, "The SEN support Okafor set up at school is patchy.", dt.date(2026, 10, 21))
    names = tmp_path / "names.txt"
    names.write_text("Okafor\n", encoding="utf-8")
    app = make_app(
        TESTING=True,
        WTF_CSRF_ENABLED=False,
        REDACTION_NAMES_FILE=str(names),
    )
    make_user(loaded, "officer@example.gov.uk", "officer")
    client = PageClient(app)
    sign_in(client, "officer@example.gov.uk")
    page = client.get("/dashboard/links")
    assert "The SEN support [name] set up at school is patchy." in page.text
    assert "Okafor" not in page.html
