"""Question types: their answers, scores and what counts as positive.

Pure code shared by the survey loader, the form builder and intake, so a question type is defined
once. Values are stable machine words; labels are what people read.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from survey.domain.errors import FieldProblem

SATISFACTION_5 = (
    ("very_satisfied", "Very satisfied", 5),
    ("satisfied", "Satisfied", 4),
    ("neither", "Neither satisfied nor dissatisfied", 3),
    ("dissatisfied", "Dissatisfied", 2),
    ("very_dissatisfied", "Very dissatisfied", 1),
)
AGREEMENT_5 = (
    ("strongly_agree", "Strongly agree", 5),
    ("agree", "Agree", 4),
    ("neither", "Neither agree nor disagree", 3),
    ("disagree", "Disagree", 2),
    ("strongly_disagree", "Strongly disagree", 1),
)
YES_NO_UNSURE = (("yes", "Yes", 1), ("no", "No", 0), ("not_sure", "Not sure", None))
EXTRA_ANSWERS = {"not_applicable": "Not applicable", "prefer_not_to_say": "Prefer not to say"}
NONE_OF_THESE = ("none", "None of these")
# A 0 to 10 scale has no declared options: these are its answers, in the order they are shown.
RATING_10 = tuple(str(number) for number in range(11))

CHOICE_TYPES = {"satisfaction5", "agreement5", "yes_no_unsure", "single_choice", "multiple_choice"}
TEXT_TYPES = {"short_text", "long_text"}
QUESTION_TYPES = (
    CHOICE_TYPES | TEXT_TYPES | {"rating10", "number", "date", "organisation", "consent"}
)
DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 1200}
FIXED_SCALES = {
    "satisfaction5": SATISFACTION_5,
    "agreement5": AGREEMENT_5,
    "yes_no_unsure": YES_NO_UNSURE,
}
DEFAULT_POSITIVE: dict[str, dict[str, Any]] = {
    "satisfaction5": {"values": ["very_satisfied", "satisfied"]},
    "agreement5": {"values": ["strongly_agree", "agree"]},
    "yes_no_unsure": {"values": ["yes"]},
    "rating10": {"min": 7},
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    score: float | None = None


@dataclass(frozen=True)
class QuestionSpec:
    """One validated question of a survey definition."""

    key: str
    type: str
    text: str
    hint: str | None = None
    # What to say when a required answer is missing, when the generated wording will not do.
    error: str | None = None
    required: bool = True
    options: tuple[Option, ...] = ()
    allow: tuple[str, ...] = ()
    none_option: bool = False
    positive: dict[str, Any] = field(default_factory=dict)
    measures: tuple[str, ...] = ()
    show_if: dict[str, Any] | None = None
    page: str | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = True
    past_only: bool = False
    organisation_kinds: tuple[str, ...] = ()
    easy_read: dict[str, Any] = field(default_factory=dict)
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)

    def all_options(self) -> tuple[Option, ...]:
        """The options a person can pick, including "not applicable" and "none of these"."""
        extras = tuple(Option(value, EXTRA_ANSWERS[value]) for value in self.allow)
        none = (Option(*NONE_OF_THESE),) if self.none_option else ()
        return self.options + none + extras

    def is_shown(self, answers: dict[str, Any]) -> bool:
        """Whether this question applies, given earlier answers (``show_if`` conditions)."""
        if not self.show_if:
            return True
        earlier = answers.get(self.show_if["question"])
        wanted = set(self.show_if.get("in", []))
        if isinstance(earlier, list | tuple):
            return bool(wanted.intersection(earlier))
        return earlier in wanted


@dataclass(frozen=True)
class ScoredAnswer:
    value: str | None
    score: float | None
    is_positive: bool | None
    free_text: str | None


def options_for(question_type: str, declared: list[dict[str, Any]] | None) -> tuple[Option, ...]:
    if question_type in FIXED_SCALES:
        return tuple(Option(v, label, s) for v, label, s in FIXED_SCALES[question_type])
    return tuple(Option(str(o["value"]), str(o["label"]), o.get("score")) for o in (declared or []))


def _positive(spec: QuestionSpec, value: str | None, score: float | None) -> bool | None:
    rule = spec.positive
    if not rule or value is None or value in EXTRA_ANSWERS:
        return None
    if "values" in rule:
        return value in rule["values"]
    if "min" in rule and score is not None:
        return score >= float(rule["min"])
    return None


def _problem(spec: QuestionSpec, message: str) -> FieldProblem:
    return FieldProblem(spec.key, message)


def score_answer(spec: QuestionSpec, raw: Any) -> ScoredAnswer | FieldProblem:
    """Validate one raw answer and turn it into stored values, or say what is wrong."""
    handler = _SCORERS[spec.type]
    return handler(spec, raw)


def _score_choice(spec: QuestionSpec, raw: Any) -> ScoredAnswer | FieldProblem:
    value = str(raw).strip()
    options = {o.value: o for o in spec.all_options()}
    if value not in options:
        return _problem(spec, "Select one of the options")
    score = options[value].score
    return ScoredAnswer(value, score, _positive(spec, value, score), None)


def _score_multiple(spec: QuestionSpec, raw: Any) -> ScoredAnswer | FieldProblem:
    values = [str(v).strip() for v in (raw if isinstance(raw, list | tuple) else [raw]) if v]
    allowed = {o.value for o in spec.all_options()}
    if not values:
        return _problem(spec, "Select at least one option")
    if any(v not in allowed for v in values):
        return _problem(spec, "Select from the options shown")
    exclusive = set(values) & ({NONE_OF_THESE[0]} | set(EXTRA_ANSWERS))
    if exclusive and len(values) > 1:
        return _problem(
            spec, f"Select '{spec_label(spec, exclusive.pop())}' on its own, or other options"
        )
    ordered = sorted(set(values), key=[o.value for o in spec.all_options()].index)
    positive = None
    if spec.positive.get("values") and not exclusive:
        positive = bool(set(ordered) & set(spec.positive["values"]))
    return ScoredAnswer(json.dumps(ordered), None, positive, None)


def spec_label(spec: QuestionSpec, value: str) -> str:
    return next((o.label for o in spec.all_options() if o.value == value), value)


def _score_rating(spec: QuestionSpec, raw: Any) -> ScoredAnswer | FieldProblem:
    text = str(raw).strip()
    if text in spec.allow:
        return ScoredAnswer(text, None, None, None)
    if not text.isdigit() or not 0 <= int(text) <= 10:
        return _problem(spec, "Select a number from 0 to 10")
    score = float(int(text))
    return ScoredAnswer(text, score, _positive(spec, text, score), None)


def _score_text(spec: QuestionSpec, raw: Any) -> ScoredAnswer | FieldProblem:
    text = str(raw).replace("\r\n", "\n").strip()
    limit = spec.max_length or DEFAULT_MAX_LENGTH[spec.type]
    if "\x00" in text:
        return _problem(spec, "Remove the unreadable characters from your answer")
    if len(text) > limit:
        return _problem(spec, f"Your answer must be {limit} characters or fewer")
    return ScoredAnswer(None, None, None, text)


def _score_number(spec: QuestionSpec, raw: Any) -> ScoredAnswer | FieldProblem:
    text = str(raw).strip().replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return _problem(spec, "Enter a number, like 12")
    if number != number or number in (float("inf"), float("-inf")):
        return _problem(spec, "Enter a number, like 12")
    if spec.whole and not number.is_integer():
        return _problem(spec, "Enter a whole number, like 12")
    if spec.minimum is not None and number < spec.minimum:
        return _problem(spec, f"Enter a number that is {spec.minimum:g} or more")
    if spec.maximum is not None and number > spec.maximum:
        return _problem(spec, f"Enter a number that is {spec.maximum:g} or less")
    value = str(int(number)) if number.is_integer() else str(number)
    return ScoredAnswer(value, number, _positive(spec, value, number), None)


def _score_date(spec: QuestionSpec, raw: Any) -> ScoredAnswer | FieldProblem:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if not isinstance(raw, dt.date):
        try:
            raw = dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            return _problem(spec, "Enter a real date, like 27 3 2025")
    if spec.past_only and raw > dt.date.today():
        return _problem(spec, "The date must be today or in the past")
    if raw.year < 1900:
        return _problem(spec, "Enter a date after 1900")
    return ScoredAnswer(raw.isoformat(), None, None, None)


def _score_organisation(spec: QuestionSpec, raw: Any) -> ScoredAnswer | FieldProblem:
    # Existence and kind are checked by intake, which can see the organisations table.
    code = str(raw).strip()
    # No code has a NUL byte or is longer than the column: refuse them here, before PostgreSQL
    # refuses the lookup with an error (found by tests/integration/intake/test_property_intake.py).
    if not code or "\x00" in code or len(code) > 32:
        return _problem(spec, "Select an organisation from the list")
    return ScoredAnswer(code, None, None, None)


def _score_consent(spec: QuestionSpec, raw: Any) -> ScoredAnswer | FieldProblem:
    if raw in (True, "yes", "agreed", "y", "true", "1", 1):
        return ScoredAnswer("agreed", None, None, None)
    return _problem(spec, "Tick the box to say you agree")


_SCORERS = {
    "satisfaction5": _score_choice,
    "agreement5": _score_choice,
    "yes_no_unsure": _score_choice,
    "single_choice": _score_choice,
    "multiple_choice": _score_multiple,
    "rating10": _score_rating,
    "short_text": _score_text,
    "long_text": _score_text,
    "number": _score_number,
    "date": _score_date,
    "organisation": _score_organisation,
    "consent": _score_consent,
}


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return not any(str(v).strip() for v in raw)
    return False
