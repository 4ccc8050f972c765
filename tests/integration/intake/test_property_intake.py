"""Property test for the one road in: whatever answers arrive (wrong types, unknown questions,
script and SQL, huge or empty text, odd consent and attribution), submit_response either stores
one whole response or raises DomainError having stored nothing at all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from storage.models import Answer, ContactDetail, Link, Response
from storage.repositories import evidence
from survey import intake
from survey.domain.errors import DomainError
from survey.domain.inputs import ResponseSubmission

KEYS = ["la", "info_timely", "overall", "why", "recommend", "support", "weeks", "requested_on"]
GOOD = {
    "la": ["E00000001", "E00000002"],
    "info_timely": ["agree", "disagree", "not_applicable"],
    "overall": ["satisfied", "dissatisfied", "very_dissatisfied"],
    "recommend": ["0", "7", "10"],
    "support": [["senco"], ["iass", "senco"], ["none"]],
    "weeks": ["12", "0", "104"],
    "requested_on": ["2026-01-15"],
}
NASTY = [
    "<script>alert(1)</script>",
    "'; DROP TABLE response; --",
    "Robert'); DELETE FROM answer;--",
    "\x00",
    "  ",
    "ŵŷ ЖЖ 🙂 \u202e",
    "x" * 5000,
    "105", "-3", "1e309", "NaN", "12.5", "2026-02-30",
]  # fmt: skip

values = st.one_of(
    st.none(),
    st.sampled_from([v for options in GOOD.values() for v in options]),
    st.sampled_from(NASTY),
    st.text(max_size=600),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.lists(
        st.one_of(st.text(max_size=20), st.sampled_from(["senco", "iass", "none"])), max_size=4
    ),
)
plausible = st.fixed_dictionaries({key: st.sampled_from(options) for key, options in GOOD.items()})
answers = st.one_of(
    # Plausible answers with a few things wrong, so many submissions get all the way through.
    st.builds(
        lambda base, wrong: {**base, **wrong},
        plausible,
        st.one_of(st.just({}), st.dictionaries(st.sampled_from(KEYS), values, max_size=2)),
    ),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=12)), values, max_size=10),
)
contacts = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {}, optional={"name": st.text(max_size=250), "email": st.text(max_size=40)}
    ),
)


def counts(session: Any) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Response, Answer, ContactDetail, Link)
    )


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    answers=answers,
    consent=st.sampled_from([True, True, True, False]),
    organisation=st.sampled_from([None, None, "E00000001", "NOT-A-CODE"]),
    contact=contacts,
    language=st.sampled_from(["en", "cy", "en", "xx"]),
    submitted_at=st.one_of(
        st.none(), st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1))
    ),
)
def test_any_submission_is_stored_whole_or_refused_with_nothing_written(
    loaded: Any,
    answers: dict[str, Any],
    consent: bool,
    organisation: str | None,
    contact: dict[str, str] | None,
    language: str,
    submitted_at: dt.datetime | None,
) -> None:
    before = counts(loaded)
    example = loaded.begin_nested()  # each generated example starts from the same database
    try:
        submission = ResponseSubmission(
            survey_slug="mini-survey",
            answers=answers,
            consent={"survey": consent},
            organisation_code=organisation,
            contact=contact,
            language=language,
            submitted_at=submitted_at,
            idempotency_key="property-example",
        )
        try:
            receipt = intake.submit_response(loaded, submission)
        except DomainError as error:
            assert error.problems and all(problem.message for problem in error.problems)
            assert counts(loaded) == before, "a refused submission leaves nothing behind"
            event("refused")
            return
        stored = evidence.get_response_by_reference(loaded, receipt.reference)
        assert stored is not None and receipt.created
        event("stored")
        after = counts(loaded)
        assert after[0] == before[0] + 1 and after[1] == before[1] + len(stored.answers)
        for answer in stored.answers:
            raw = answers[answer.question.key]
            if answer.free_text is not None:
                # Stored inertly: exactly the words sent (line endings normalised), nothing run.
                assert answer.free_text == str(raw).replace("\r\n", "\n").strip()
        again = intake.submit_response(loaded, submission)  # the same submission, resent
        assert (again.reference, again.created) == (receipt.reference, False)
        assert counts(loaded) == after, "a resent submission is not stored twice"
    finally:
        example.rollback()


def test_a_nul_byte_as_an_organisation_is_refused_not_a_database_error(loaded: Any) -> None:
    # Found by the property above on PostgreSQL, which refuses NUL bytes in a query parameter.
    answers = {"la": "\x00", "info_timely": "agree", "overall": "satisfied"}
    submission = ResponseSubmission("mini-survey", answers, consent={"survey": True})
    try:
        intake.submit_response(loaded, submission)
    except DomainError as error:
        assert [problem.field for problem in error.problems] == ["la"]
    else:
        raise AssertionError("a NUL byte was accepted as an organisation code")
