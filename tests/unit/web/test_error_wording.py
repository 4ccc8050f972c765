"""Turning an English question round into the words after "Select" or "Enter"."""

from __future__ import annotations

import pytest

from survey.web.views.respond.error_wording import named_thing


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("How satisfied are you with the assessment?", "how satisfied you are with the assessment"),
        ("Overall, how satisfied are you with it?", "how satisfied you are with it"),
        ("How likely are you to recommend us?", "how likely you are to recommend us"),
        ("Which council area do you live in?", "which council area you live in"),
        ("What stage of education is your child at?", "what stage of education your child is at"),
        ("Where do you live?", "where you live"),
        ("Is your child happy at school?", "if your child is happy at school"),
        ("Are you happy with the help?", "if you are happy with the help"),
        (
            "How often have you used the Local Offer in the last 12 months?",
            "how often you have used the Local Offer in the last 12 months",
        ),
        ("Have you used the Local Offer this year?", "if you have used the Local Offer this year"),
        ("Who has helped you this year?", "who has helped you this year"),
        ("What has happened so far?", "what has happened so far"),
        ("Do you feel listened to?", "if you feel listened to"),
        ("Can we contact you?", "if we can contact you"),
    ],
)
def test_common_question_shapes_are_turned_round(question: str, thing: str) -> None:
    assert named_thing(question) == thing


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("Are you happy with the help you get?", "how happy you are with the help you get"),
        ("Is your child settled at school?", "how settled your child is at school"),
        ("How satisfied are you with it?", "how satisfied you are with it"),
        ("Have you used the Local Offer?", "if you have used the Local Offer"),
    ],
)
def test_a_scale_asks_how_not_if(question: str, thing: str) -> None:
    """Five faces from very happy to very unhappy are not a yes or no: "Select how happy you
    are", not "Select if you are happy" (seen on the young people's survey at 390 px)."""
    assert named_thing(question, scale=True) == thing


@pytest.mark.parametrize(
    "question",
    [
        "The school listened to me.",  # a statement, not a question
        "How many weeks did it take?",  # the tense would have to change
        "Which of these best describes you?",
        "What is the best thing about the school?",
        "Is your child happy at school? Pick one answer.",
        "Young people: how are you?",
        "How old is your child's class?",  # "your child" is not the subject here
        "Did you find what you wanted?",  # the verb would have to change
    ],
)
def test_other_wordings_are_left_to_be_quoted(question: str) -> None:
    assert named_thing(question) is None
