"""Answer checking and scoring per question type."""

from __future__ import annotations

import datetime as dt
import json

from survey.domain.errors import FieldProblem
from survey.domain.questions import Option, QuestionSpec, options_for, score_answer


def spec(qtype: str, **fields) -> QuestionSpec:
    return QuestionSpec(
        key="q",
        type=qtype,
        text="Q",
        options=fields.pop("options", options_for(qtype, None)),
        **fields,
    )


def test_a_five_point_scale_scores_and_marks_positive_answers() -> None:
    question = spec(
        "agreement5", positive={"values": ["strongly_agree", "agree"]}, allow=("not_applicable",)
    )
    agree = score_answer(question, "agree")
    assert (agree.score, agree.is_positive) == (4, True)
    assert score_answer(question, "disagree").is_positive is False
    not_applicable = score_answer(question, "not_applicable")
    assert (not_applicable.score, not_applicable.is_positive) == (
        None,
        None,
    )  # not counted either way
    assert isinstance(score_answer(question, "kind of"), FieldProblem)


def test_a_rating_counts_seven_and_above_as_positive() -> None:
    question = spec("rating10", positive={"min": 7})
    assert score_answer(question, "7").is_positive is True
    assert score_answer(question, "6").is_positive is False
    assert score_answer(question, "11").message == "Select a number from 0 to 10"


def test_multiple_choice_keeps_option_order_and_none_alone() -> None:
    options = (Option("senco", "SENCO"), Option("iass", "SENDIASS"))
    question = spec("multiple_choice", options=options, none_option=True)
    assert json.loads(score_answer(question, ["iass", "senco"]).value) == ["senco", "iass"]
    assert (
        score_answer(question, ["none", "iass"]).message
        == "Select 'None of these' on its own, or other options"
    )


def test_numbers_and_dates_say_how_to_fix_them() -> None:
    number = spec("number", minimum=0, maximum=104)
    assert score_answer(number, "1,000").message == "Enter a number that is 104 or less"
    assert score_answer(number, "two").message == "Enter a number, like 12"
    assert score_answer(number, "2.5").message == "Enter a whole number, like 12"
    date = spec("date", past_only=True)
    assert score_answer(date, "2025-02-30").message == "Enter a real date, like 27 3 2025"
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert score_answer(date, future).message == "The date must be today or in the past"


def test_free_text_is_trimmed_and_limited() -> None:
    question = spec("long_text", max_length=10)
    assert score_answer(question, "  hello  ").free_text == "hello"
    assert score_answer(question, "x" * 11).message == "Your answer must be 10 characters or fewer"


def test_conditional_questions_follow_earlier_answers() -> None:
    question = spec("long_text", show_if={"question": "overall", "in": ["dissatisfied"]})
    assert question.is_shown({"overall": "dissatisfied"})
    assert not question.is_shown({"overall": "satisfied"})
    assert not question.is_shown({})
