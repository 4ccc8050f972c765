"""Linking evidence to the plan through the real intake: declared links from every channel,
suggested links for free text above the threshold, an officer's confirm / reject / move / manual
link with an audit event each, and `links rebuild` after the plan changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from storage.repositories import audit, links
from survey import intake
from survey.domain.errors import DomainError, NotFound
from survey.domain.inputs import (
    AttendanceInput,
    MetricValueInput,
    ResponseSubmission,
    StaffSubmissionInput,
)
from survey.intake import linking
from tests.support.factories import load_mini_plan


def staff(session: Any, text: str, **fields: Any) -> int:
    item = StaffSubmissionInput(
        kind=fields.pop("kind", "idea"),
        text=text,
        channel=fields.pop("channel", "slack"),
        author_id=fields.pop("author_id", "U123"),
        **fields,
    )
    return intake.record_staff_submission(session, item, hash_key="k").record_id


def web_answer(session: Any, why: str) -> tuple[int, int]:
    """A dissatisfied parent's response with free text; returns (response id, the why answer)."""
    receipt = intake.submit_response(
        session,
        ResponseSubmission(
            survey_slug="mini-survey",
            answers={
                "la": "E00000001",
                "info_timely": "disagree",
                "overall": "dissatisfied",
                "why": why,
            },
            consent={"survey": True},
        ),
    )
    from storage.repositories.evidence import get_response_by_reference

    response = get_response_by_reference(session, receipt.reference)
    why_answer = next(a for a in response.answers if a.free_text)
    return response.id, why_answer.id


def targets(session: Any, kind: str, evidence_id: int) -> dict[str, str]:
    """Each link of one piece of evidence as target -> method, e.g. {"action 1.1": "suggested"}."""
    found = {}
    for link in links.list_links_for(session, kind, evidence_id):
        name = f"action {link.action.ref}" if link.action else f"measure {link.measure.code}"
        found[name] = link.method.value
    return found


def link_to(session: Any, kind: str, evidence_id: int, target: str) -> Any:
    for link in links.list_links_for(session, kind, evidence_id):
        name = f"action {link.action.ref}" if link.action else f"measure {link.measure.code}"
        if name == target:
            return link
    raise AssertionError(f"no link to {target}")


def audit_actions(session: Any, link_id: int) -> list[str]:
    return [event.action for event in audit.list_audit_events(session, "link", link_id)]


# --- declared links from each channel ------------------------------------------------------------


def test_a_web_response_is_linked_to_its_surveys_actions_and_its_questions_measures(
    loaded: Any,
) -> None:
    response_id, why = web_answer(loaded, "The letters were confusing.")
    assert targets(loaded, "response", response_id) == {"action 2.5": "declared"}
    assert targets(loaded, "answer", why)["measure 2A"] == "declared"


def test_a_staff_submission_is_linked_to_its_workstreams_and_named_action(loaded: Any) -> None:
    submission = staff(
        loaded,
        "Could we share one chronology?",
        workstream="staff-reference-group",
        action_ref="1.1",
    )
    found = targets(loaded, "staff_submission", submission)
    assert found["action 2.9"] == "declared" and found["action 1.1"] == "declared"


def test_attendance_is_linked_to_the_networks_measures(loaded: Any) -> None:
    receipt = intake.record_attendance(
        loaded,
        AttendanceInput(
            network="test-hub",
            title="Full hub",
            held_on=dt.date(2026, 10, 14),
            kind="full_hub",
            organisations=["E00000001"],
        ),
    )
    assert targets(loaded, "meeting", receipt.record_id) == {"measure TSP-A": "declared"}


def test_a_meetings_notes_get_suggested_links_besides_the_networks_measures(
    loaded: Any,
) -> None:
    receipt = intake.record_attendance(
        loaded,
        AttendanceInput(
            network="test-hub",
            title="SENCO strand group",
            held_on=dt.date(2026, 10, 14),
            kind="strand_group",
            organisations=["E00000001"],
            notes="Shared a self-assessment framework for SEN support in mainstream schools.",
        ),
    )
    assert targets(loaded, "meeting", receipt.record_id) == {
        "measure TSP-A": "declared",
        "action 1.1": "suggested",
        "measure 1.G": "suggested",
    }
    # Rebuilding reads meeting notes too, so their suggestions come back.
    result = linking.rebuild_suggestions(loaded)
    assert result.texts == 1
    assert targets(loaded, "meeting", receipt.record_id)["action 1.1"] == "suggested"


def test_an_officers_figure_is_linked_to_its_measure(loaded: Any) -> None:
    receipt = intake.record_metric_value(
        loaded,
        MetricValueInput(
            measure_code="1.G",
            plan="mini-plan",
            period_start=dt.date(2026, 10, 1),
            period_end=dt.date(2026, 10, 31),
            value=61.5,
        ),
    )
    assert targets(loaded, "metric_value", receipt.record_id) == {"measure 1.G": "declared"}


# --- suggested links at intake --------------------------------------------------------------------


def test_free_text_from_staff_is_linked_to_the_action_it_is_about_and_its_measures(
    loaded: Any,
) -> None:
    submission = staff(loaded, "The SEN support at my school has been great this term.")
    assert targets(loaded, "staff_submission", submission) == {
        "action 1.1": "suggested",
        "measure 1.G": "suggested",
    }
    link = link_to(loaded, "staff_submission", submission, "action 1.1")
    assert link.score >= 1.25 and link.created_by == "matcher"
    assert "sen-support" in link.matched_terms


def test_a_parents_answer_gets_suggestions_besides_its_declared_measure(loaded: Any) -> None:
    _response, why = web_answer(
        loaded, "The satisfaction survey about our EHC assessment came months too late."
    )
    found = targets(loaded, "answer", why)
    # 2A is declared by the question, so the matcher does not add a second link to it.
    assert found == {"measure 2A": "declared", "action 2.5": "suggested"}


def test_text_about_nothing_in_the_plan_gets_no_suggestion(loaded: Any) -> None:
    submission = staff(loaded, "Lovely weather for the staff picnic on Friday!")
    assert targets(loaded, "staff_submission", submission) == {}


def test_a_weak_match_below_the_threshold_is_not_stored(loaded: Any) -> None:
    # "school" alone points at 1.1 with a score near 1, under the 1.25 threshold.
    submission = staff(loaded, "My son really enjoys school.")
    assert targets(loaded, "staff_submission", submission) == {}
    matcher = linking.build_matcher(linking.plan_targets(loaded), threshold=0.5)
    assert [s.ref for s in matcher.suggest("My son really enjoys school.")] == ["1.1", "1.G"]


# --- an officer's review -----------------------------------------------------------------------


@pytest.fixture
def suggested(loaded: Any) -> tuple[int, Any]:
    submission = staff(loaded, "The SEN support at my school has been great this term.")
    return submission, link_to(loaded, "staff_submission", submission, "action 1.1")


def test_confirming_a_suggestion_is_audited(loaded: Any, suggested: tuple[int, Any]) -> None:
    submission, link = suggested
    linking.confirm_link(loaded, link.id, "user:7")
    assert targets(loaded, "staff_submission", submission)["action 1.1"] == "confirmed"
    assert audit_actions(loaded, link.id) == ["link.confirmed"]
    event = audit.list_audit_events(loaded, "link", link.id)[0]
    assert event.actor == "user:7"
    assert event.details == {"evidence": f"staff_submission:{submission}", "target": "action 1.1"}


def test_a_rejected_suggestion_is_kept_out_of_counts_and_never_suggested_again(
    loaded: Any, suggested: tuple[int, Any]
) -> None:
    submission, link = suggested
    plan_id = link.action.plan_id
    before = links.count_evidence_by_action(loaded, plan_id).get(link.action_id, 0)
    linking.reject_link(loaded, link.id, "user:7")
    assert audit_actions(loaded, link.id) == ["link.rejected"]
    assert links.count_evidence_by_action(loaded, plan_id).get(link.action_id, 0) == before - 1

    again = linking.suggest_links(
        loaded, "staff_submission", submission, "The SEN support at my school has been great."
    )
    assert again == []
    linking.rebuild_suggestions(loaded)
    assert targets(loaded, "staff_submission", submission)["action 1.1"] == "rejected"


def test_moving_a_link_rejects_the_old_target_and_confirms_the_new_one(
    loaded: Any, suggested: tuple[int, Any]
) -> None:
    submission, link = suggested
    new = linking.relink(loaded, link.id, "2.9", None, "user:7")
    found = targets(loaded, "staff_submission", submission)
    assert found["action 1.1"] == "rejected" and found["action 2.9"] == "confirmed"
    assert audit_actions(loaded, link.id) == ["link.rejected", "link.moved"]
    assert audit_actions(loaded, new.id) == ["link.confirmed"]


def test_moving_a_link_to_where_it_already_points_confirms_it(
    loaded: Any, suggested: tuple[int, Any]
) -> None:
    submission, link = suggested
    linking.relink(loaded, link.id, "1.1", None, "user:7")
    assert targets(loaded, "staff_submission", submission)["action 1.1"] == "confirmed"


def test_an_officer_links_evidence_by_hand_to_an_action_or_a_measure(loaded: Any) -> None:
    submission = staff(loaded, "Lovely weather for the staff picnic on Friday!")
    link = linking.add_link(loaded, "staff_submission", submission, None, "TSP-A", "user:7")
    assert targets(loaded, "staff_submission", submission) == {"measure TSP-A": "manual"}
    assert audit_actions(loaded, link.id) == ["link.manual"]


def test_a_hand_link_needs_exactly_one_existing_target(loaded: Any) -> None:
    submission = staff(loaded, "Lovely weather for the staff picnic on Friday!")
    with pytest.raises(DomainError, match="Choose one action or one measure"):
        linking.add_link(loaded, "staff_submission", submission, "1.1", "1.G", "user:7")
    with pytest.raises(NotFound, match=r"There is no action 9\.9"):
        linking.add_link(loaded, "staff_submission", submission, "9.9", None, "user:7")
    with pytest.raises(NotFound, match="no longer exists"):
        linking.confirm_link(loaded, 987654, "user:7")
    assert targets(loaded, "staff_submission", submission) == {}


# --- rebuilding after the plan changes -----------------------------------------------------------


def test_rebuild_after_a_plan_change_keeps_reviewed_links_and_finds_new_ones(
    loaded: Any, suggested: tuple[int, Any]
) -> None:
    reviewed, link = suggested
    linking.confirm_link(loaded, link.id, "user:7")
    chasing = staff(loaded, "Nobody called me back about the draft EHC plan, I kept chasing.")
    waiting = staff(loaded, "We were on the waiting list for a year, a long delay.")
    assert targets(loaded, "staff_submission", chasing) == {}
    assert targets(loaded, "staff_submission", waiting) == {}

    # The officer adds keywords to 2.9 and a new action 2.12 about waiting times.
    load_mini_plan(loaded, "mini-v2")
    loaded.flush()
    progress: list[int] = []
    result = linking.rebuild_suggestions(loaded, progress=progress.append)

    assert targets(loaded, "staff_submission", reviewed) == {
        "action 1.1": "confirmed",
        "measure 1.G": "suggested",
    }
    assert targets(loaded, "staff_submission", chasing) == {
        "action 2.9": "suggested",
        "measure 2A": "suggested",
    }
    assert targets(loaded, "staff_submission", waiting) == {
        "action 2.12": "suggested",
        "measure 2A": "suggested",
    }
    assert sum(progress) == result.texts == 3
    assert result.kept["confirmed"] == 1
    assert result.suggested == 5  # 1.G again, and two links each for the other two texts
