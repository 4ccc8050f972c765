"""The intake service: validation with field-named errors, all-or-nothing storage, declared links,
idempotency and anonymity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from storage.models import (
    Answer,
    Attendance,
    ContactDetail,
    Link,
    Meeting,
    Response,
    StaffSubmission,
)
from survey import intake
from survey.domain.errors import DomainError
from survey.domain.inputs import (
    AttendanceInput,
    MetricValueInput,
    ResponseSubmission,
    StaffSubmissionInput,
)

GOOD = {
    "la": "E00000001",
    "info_timely": "agree",
    "overall": "dissatisfied",
    "why": "Nobody called back.",
}


def submission(**changes: Any) -> ResponseSubmission:
    fields: dict[str, Any] = {
        "survey_slug": "mini-survey",
        "answers": dict(GOOD),
        "consent": {"survey": True},
        "idempotency_key": "key-1",
    }
    fields.update(changes)
    return ResponseSubmission(**fields)


def count(session: Any, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_response_is_stored_with_a_reference_scores_and_declared_links(loaded: Any) -> None:
    receipt = intake.submit_response(loaded, submission())

    assert receipt.created and receipt.reference.startswith("YS-") and len(receipt.reference) == 12
    response = loaded.scalar(select(Response).where(Response.reference == receipt.reference))
    answers = {a.question.key: a for a in response.answers}
    assert answers["info_timely"].score == 4 and answers["info_timely"].is_positive is True
    assert answers["overall"].is_positive is False
    assert answers["why"].free_text == "Nobody called back."
    assert response.organisation.code == "E00000001"  # attributed from the LA answer
    links = loaded.scalars(select(Link)).all()
    linked = {
        (link.evidence_kind.value, link.measure.code if link.measure else link.action.ref)
        for link in links
    }
    assert ("answer", "2A") in linked  # the question declares measure 2A
    assert ("response", "2.5") in linked  # the survey declares action 2.5


def test_the_same_idempotency_key_stores_one_response(loaded: Any) -> None:
    first = intake.submit_response(loaded, submission())
    second = intake.submit_response(loaded, submission())

    assert second.reference == first.reference and not second.created
    assert count(loaded, Response) == 1


def test_every_problem_is_reported_with_its_field_and_nothing_is_stored(loaded: Any) -> None:
    answers = {"la": "NOT-A-CODE", "info_timely": "maybe", "overall": "", "weeks": "three"}
    with pytest.raises(DomainError) as caught:
        intake.submit_response(loaded, submission(answers=answers, consent={}))

    fields = {problem.field for problem in caught.value.problems}
    assert fields == {"consent", "la", "info_timely", "overall", "weeks"}
    messages = {problem.field: problem.message for problem in caught.value.problems}
    assert messages["overall"] == "Select an answer"
    assert messages["weeks"] == "Enter a whole number, like 12" or messages["weeks"].startswith(
        "Enter a number"
    )
    assert count(loaded, Response) == 0 and count(loaded, Answer) == 0


def test_hidden_questions_are_neither_required_nor_stored(loaded: Any) -> None:
    answers = dict(GOOD, overall="satisfied")  # "why" is only shown when dissatisfied
    receipt = intake.submit_response(loaded, submission(answers=answers))

    response = loaded.get(Response, receipt.record_id)
    assert "why" not in {a.question.key for a in response.answers}


def test_multiple_choice_none_of_these_must_stand_alone(loaded: Any) -> None:
    with pytest.raises(DomainError) as caught:
        intake.submit_response(loaded, submission(answers=dict(GOOD, support=["none", "senco"])))
    assert caught.value.field == "support"


def test_free_text_over_the_limit_is_refused(loaded: Any) -> None:
    with pytest.raises(DomainError) as caught:
        intake.submit_response(loaded, submission(answers=dict(GOOD, why="x" * 501)))
    assert caught.value.message == "Your answer must be 500 characters or fewer"


def test_contact_details_are_stored_apart_from_the_answers(loaded: Any) -> None:
    receipt = intake.submit_response(loaded, submission(contact={"email": "Parent@Example.com"}))

    detail = loaded.scalar(select(ContactDetail))
    assert detail.response_id == receipt.record_id and detail.email == "parent@example.com"
    loaded.delete(detail)
    loaded.flush()
    assert loaded.get(Response, receipt.record_id).answers  # answers survive the deletion


def test_an_anonymous_staff_submission_keeps_only_a_keyed_hash(loaded: Any) -> None:
    item = StaffSubmissionInput(
        kind="idea",
        text="Text parents when the draft EHC plan is ready",
        channel="slack",
        author_id="U123",
        workspace_id="T1",
        author_name="Sam",
        anonymous=True,
        workstream="staff-reference-group",
        reply_address={"channel": "D1"},
        idempotency_key="s-1",
    )
    receipt = intake.record_staff_submission(loaded, item, hash_key="k")

    stored = loaded.get(StaffSubmission, receipt.record_id)
    assert stored.author_id is None and stored.author_name is None and stored.reply_address is None
    assert stored.author_hash == intake.author_hash("k", "slack", "T1", "U123")
    assert "U123" not in stored.author_hash
    links = loaded.scalars(select(Link).where(Link.evidence_id == stored.id)).all()
    assert [link.action.ref for link in links] == ["2.9"]  # the workstream's action


def test_staff_submission_problems_name_their_fields(loaded: Any) -> None:
    item = StaffSubmissionInput(
        kind="rant", text="", channel="slack", author_id="U1", workstream="nope", action_ref="9.9"
    )
    with pytest.raises(DomainError) as caught:
        intake.record_staff_submission(loaded, item, hash_key="k")
    assert {p.field for p in caught.value.problems} == {"kind", "text", "workstream", "action"}
    assert count(loaded, StaffSubmission) == 0


def test_logging_the_same_meeting_twice_updates_it(loaded: Any) -> None:
    meeting = {
        "network": "test-hub",
        "title": "Transition strand group",
        "held_on": dt.date(2026, 10, 14),
        "kind": "strand_group",
    }
    first = intake.record_attendance(
        loaded, AttendanceInput(**meeting, organisations=["E00000001", "E00000002"])
    )
    second = intake.record_attendance(
        loaded, AttendanceInput(**meeting, organisations=["E00000001", "E00000003"], people=5)
    )

    assert first.created and not second.created and first.record_id == second.record_id
    assert count(loaded, Meeting) == 1
    codes = {a.organisation.code for a in loaded.scalars(select(Attendance))}
    assert codes == {"E00000001", "E00000003"}
    assert second.details["attending_members"] == 2 and second.details["members"] == 4
    assert second.details["absent"] == ["Beta County", "Delta Shire"]


def test_an_unknown_la_in_attendance_is_refused(loaded: Any) -> None:
    with pytest.raises(DomainError) as caught:
        intake.record_attendance(
            loaded,
            AttendanceInput(
                network="test-hub",
                title="Hub",
                held_on=dt.date(2026, 10, 1),
                kind="full_hub",
                organisations=["E99999999"],
            ),
        )
    assert caught.value.field == "organisations" and "E99999999" in caught.value.message
    assert count(loaded, Meeting) == 0


def test_an_officer_figure_is_stored_once_per_period_and_linked(loaded: Any) -> None:
    figure = {
        "measure_code": "2A",
        "period_start": dt.date(2026, 10, 1),
        "period_end": dt.date(2026, 10, 31),
    }
    intake.record_metric_value(loaded, MetricValueInput(**figure, value=3))
    receipt = intake.record_metric_value(loaded, MetricValueInput(**figure, value=4))

    assert not receipt.created
    link = loaded.scalar(select(Link).where(Link.evidence_kind == "metric_value"))
    assert link.measure.code == "2A"
