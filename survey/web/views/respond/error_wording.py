"""Error messages that name the thing, as the GOV.UK Design System asks ("Select how satisfied
you are with the assessment", not "Select an answer").

Generated from the question's type and the words the parent is reading (standard, Easy Read or
Welsh), so every survey gets them; a definition's own ``error:`` wording wins. English questions
of a few common shapes ("How satisfied are you with ...?") are turned round into the message;
any other question, and every Welsh one, is quoted.
"""

from __future__ import annotations

import re

from flask_babel import gettext

from survey.domain.journey import Wording
from survey.domain.questions import QuestionSpec
from survey.web.i18n import N_


def _(message: str, **values: str) -> str:
    """gettext, typed (Flask-Babel's returns Any); named _ so pybabel extracts the messages."""
    return str(gettext(message, **values))


CHOICE_TYPES = {"satisfaction5", "agreement5", "yes_no_unsure", "single_choice", "rating10"}
TYPED_TYPES = {"short_text", "long_text", "number", "date"}
# The person or people the question is about, as a whole word ("your child", not "your child's").
SUBJECT = r"(?P<subject>you|your child|your family|we|they)(?![\w'’])"
# "How satisfied are you with the assessment?" -> "how satisfied you are with the assessment"
# "How often have you used it?" -> "how often you have used it"
WH_BE = re.compile(
    rf"^(?:[^,?]+, )?(?P<wh>(?:how|which|what|where|who)\b[^?]*?) "
    rf"(?P<verb>are|is|were|was|have|has) {SUBJECT}(?P<rest>[^?]*)\?$",
    re.IGNORECASE,
)
# "Which council area do you live in?" -> "which council area you live in"
WH_DO = re.compile(
    rf"^(?:[^,?]+, )?(?P<wh>(?:how|which|what|where|who)\b[^?]*?) do {SUBJECT}(?P<rest>[^?]*)\?$",
    re.IGNORECASE,
)
# "Who has helped you this year?" -> "who has helped you this year" (the question word is the
# subject, so nothing moves)
WH_HAS = re.compile(r"^(?P<wh>who|what) (?P<rest>(?:has|have) [^?]+)\?$", re.IGNORECASE)
# "Is your child happy at school?" -> "if your child is happy at school"
# "Have you used the Local Offer?" -> "if you have used the Local Offer"
YES_NO = re.compile(
    rf"^(?P<verb>is|are|was|were|have|has|can|will) {SUBJECT}(?P<rest>[^?]*)\?$", re.IGNORECASE
)
# On a scale, "Are you happy with the help you get?" -> "how happy you are with the help you get"
# (five faces are not a yes or no, so "Select if you are happy..." would misname the answer)
SCALE_BE = re.compile(
    rf"^(?P<verb>is|are|was|were) {SUBJECT} (?P<how>[a-z]+)(?P<rest>[^?]*)\?$", re.IGNORECASE
)
SCALE_TYPES = {"satisfaction5", "rating10"}
# "Do you feel listened to?" -> "if you feel listened to"
YES_NO_DO = re.compile(rf"^do {SUBJECT}(?P<rest>[^?]*)\?$", re.IGNORECASE)


def named_thing(text: str, scale: bool = False) -> str | None:
    """The question turned into the words after "Select" or "Enter", or None when it is not
    one of the shapes this knows (English only). ``scale``: the answers are a scale (faces, 0 to
    10), so a yes/no shape asks "how", not "if"."""
    text = " ".join(text.split())
    if scale and (found := SCALE_BE.match(text)):
        how = found["how"].lower()
        return f"how {how} {found['subject']} {found['verb'].lower()}{found['rest']}"
    if found := WH_BE.match(text):
        wh = found["wh"][0].lower() + found["wh"][1:]
        return f"{wh} {found['subject']} {found['verb'].lower()}{found['rest']}"
    if found := WH_DO.match(text):
        wh = found["wh"][0].lower() + found["wh"][1:]
        return f"{wh} {found['subject']}{found['rest']}"
    if found := WH_HAS.match(text):
        return f"{found['wh'].lower()} {found['rest'][0].lower()}{found['rest'][1:]}"
    if found := YES_NO.match(text):
        return f"if {found['subject']} {found['verb'].lower()}{found['rest']}"
    if found := YES_NO_DO.match(text):
        return f"if {found['subject']}{found['rest']}"
    return None


def missing_answer(question: QuestionSpec, words: Wording, language: str) -> str:
    """What to say when a required question has no answer, in the words the parent reads."""
    if words.error:
        return words.error
    scale = question.type in SCALE_TYPES
    thing = named_thing(words.text, scale) if language == "en" else None
    if thing and question.type in CHOICE_TYPES | {"multiple_choice", "organisation"}:
        return f"Select {thing}"
    if thing and question.type in TYPED_TYPES:
        return f"Enter {thing}"
    return _quoted(question.type, words.text)


def _quoted(question_type: str, text: str) -> str:
    if question_type == "agreement5":
        return _("Select how much you agree with ‘%(question)s’", question=text)
    if question_type == "rating10":
        return _("Select a number from 0 to 10 for ‘%(question)s’", question=text)
    if question_type == "multiple_choice":
        return _("Select at least one answer to ‘%(question)s’", question=text)
    if question_type == "organisation":
        return _("Select an organisation for ‘%(question)s’", question=text)
    if question_type == "number":
        return _("Enter a number for ‘%(question)s’", question=text)
    if question_type == "date":
        return _("Enter a date for ‘%(question)s’", question=text)
    if question_type in {"short_text", "long_text"}:
        return _("Enter your answer to ‘%(question)s’", question=text)
    if question_type == "consent":
        return _("Tick the box to answer ‘%(question)s’", question=text)
    return _("Select an answer to ‘%(question)s’", question=text)


# What the answer checks (survey.domain.questions, forms.survey) can say, in English: listed so
# the catalogue has each one and a Welsh page never shows them in English.
ANSWER_PROBLEMS = (
    N_("Select one of the options"),
    N_("Select at least one option"),
    N_("Select from the options shown"),
    N_("Select a number from 0 to 10"),
    N_("Remove the unreadable characters from your answer"),
    N_("Enter a number, like 12"),
    N_("Enter a whole number, like 12"),
    N_("Enter a real date, like 27 3 2025"),
    N_("The date must be today or in the past"),
    N_("Enter a date after 1900"),
    N_("Select an organisation from the list"),
    N_("Tick the box to say you agree"),
    N_("Date must be a real date"),
    N_("Year must include 4 numbers"),
    N_("Date must include a day"),
    N_("Date must include a month"),
    N_("Date must include a year"),
    N_("Date must include a day and a month"),
    N_("Date must include a day and a year"),
    N_("Date must include a month and a year"),
)
# Those with a value in them: the English pattern, and the message to translate.
NUMBER = r"(?P<number>-?[0-9.e+]+)"
WITH_VALUES = (
    (re.compile(rf"^Enter a number that is {NUMBER} or more$"), "more"),
    (re.compile(rf"^Enter a number that is {NUMBER} or less$"), "less"),
    (re.compile(r"^Your answer must be (?P<number>[0-9]+) characters or fewer$"), "length"),
    (re.compile(r"^Select '(?P<option>.+)' on its own, or other options$"), "alone"),
)


def _problem(message: str, question: QuestionSpec | None, words: Wording) -> str:
    """The checks' English message in the parent's language, values and labels kept."""
    for pattern, kind in WITH_VALUES:
        found = pattern.match(message)
        if found is None:
            continue
        if kind == "more":
            return _("Enter a number that is %(number)s or more", number=found["number"])
        if kind == "less":
            return _("Enter a number that is %(number)s or less", number=found["number"])
        if kind == "length":
            return _("Your answer must be %(number)s characters or fewer", number=found["number"])
        label = found["option"]
        # The check names the option in English: name it as the parent reads it.
        for option in question.all_options() if question else ():
            if option.label == label:
                label = words.option_labels.get(option.value, label)
        return _("Select '%(option)s' on its own, or other options", option=label)
    return _(message)


def wrong_answer(
    message: str, words: Wording, grouped: bool, question: QuestionSpec | None = None
) -> str:
    """A problem with what was given ("Enter a number, like 12"), translated, and on a page of
    several questions saying which one, in the words the parent reads."""
    problem = _problem(message, question, words)
    if not grouped:
        return problem
    return _("%(problem)s for ‘%(question)s’", problem=problem, question=words.text)
