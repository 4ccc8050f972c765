"""Property tests for the survey definition loader: whatever an officer puts in a YAML file, the
loader either accepts it or raises DomainError naming the problems (never a traceback), and an
accepted definition reads back from storage as the same definition."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.domain.errors import DomainError
from survey.domain.survey_definitions import check_survey, survey_from_stored
from survey.domain.yaml_checks import parse_yaml

# The words a survey file uses, so generated files get past the first checks often enough to
# reach the deep ones (questions, options, show_if, positive, translations).
FIELDS = [
    "slug", "title", "summary", "minutes", "plan", "actions", "consent", "questions",
    "retention_days", "key", "type", "text", "hint", "options", "value", "label", "required",
    "allow", "positive", "measures", "show_if", "question", "in", "equals", "page",
    "max_length", "min", "max", "none_option", "organisation_kinds", "easy_read",
    "translations", "cy", "values", "what_happens_to_answers",
]  # fmt: skip
TYPES = [
    "satisfaction5", "agreement5", "rating10", "yes_no_unsure", "single_choice",
    "multiple_choice", "short_text", "long_text", "number", "date", "organisation", "consent",
    "not_a_type",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(TYPES),
    st.sampled_from(["agree", "satisfied", "senco", "2A", "2.5", "la", "<script>x</script>"]),
    st.text(max_size=30),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
)
keys = st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=12))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=8),
    ),
    max_leaves=40,
)


def question() -> Any:
    return st.fixed_dictionaries(
        {"key": st.sampled_from(["q1", "q2", "why", "la"]), "type": st.sampled_from(TYPES)},
        optional={
            "text": st.text(max_size=40),
            "options": st.lists(
                st.one_of(
                    st.fixed_dictionaries(
                        {"value": st.text(max_size=8), "label": st.text(max_size=8)}
                    ),
                    documents,
                ),
                max_size=4,
            ),
            "required": st.booleans(),
            "allow": st.lists(st.sampled_from(["not_applicable", "prefer_not_to_say", "x"])),
            "show_if": documents,
            "positive": documents,
            "max_length": st.integers(-5, 5000),
            "min": scalars,
            "max": scalars,
            "measures": st.lists(st.text(max_size=4), max_size=3),
        },
    )


words = st.text(alphabet="abcdefghij ,.'ÀéŵŷЖ<>&", min_size=1, max_size=30).filter(str.strip)
SIMPLE = ["satisfaction5", "agreement5", "rating10", "yes_no_unsure", "short_text", "long_text"]


@st.composite
def good_question(draw: Any, key: str) -> dict[str, Any]:
    """A question that should pass, with optional extras that may or may not."""
    qtype = draw(st.sampled_from([*SIMPLE, "single_choice", "number", "date"]))
    item: dict[str, Any] = {"key": key, "type": qtype, "text": draw(words)}
    if qtype == "single_choice":
        values = draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=2, unique=True))
        item["options"] = [{"value": v, "label": draw(words)} for v in values]
    if qtype in {"satisfaction5", "agreement5"} and draw(st.booleans()):
        item["allow"] = draw(st.lists(st.sampled_from(["not_applicable", "prefer_not_to_say"])))
    if qtype in {"short_text", "long_text"} and draw(st.booleans()):
        item["max_length"] = draw(st.integers(0, 12000))
    if qtype == "rating10" and draw(st.booleans()):
        item["positive"] = {"min": draw(st.one_of(st.integers(0, 10), scalars))}
    if draw(st.booleans()):
        item["required"] = draw(st.booleans())
    return item


@st.composite
def good_surveys(draw: Any) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(["q1", "q2", "why", "when", "score"]), min_size=1,
                         max_size=5, unique=True))  # fmt: skip
    document: dict[str, Any] = {
        "slug": draw(st.sampled_from(["a-survey", "ehcna-2026", "local-offer"])),
        "title": draw(words),
        "questions": [draw(good_question(key)) for key in keys],
    }
    if draw(st.booleans()):
        document["retention_days"] = draw(st.one_of(st.integers(-1, 4000), scalars))
    return document


surveys = st.fixed_dictionaries(
    {
        "slug": st.one_of(st.sampled_from(["a-survey", "Bad Slug", ""]), st.text(max_size=10)),
        "title": st.one_of(st.text(max_size=30), documents),
        "questions": st.one_of(st.lists(question(), max_size=5), documents),
    },
    optional={"retention_days": scalars, "consent": documents, "actions": documents},
)


def load(document: Any) -> Any:
    """The real path: the YAML text an officer writes, parsed with line numbers, then checked."""
    text = yaml.safe_dump(document, allow_unicode=True)
    return check_survey(parse_yaml(text, "survey.yaml"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(good_surveys(), surveys, documents))
def test_any_document_is_accepted_or_refused_with_a_domain_error(document: Any) -> None:
    try:
        definition = load(document)
    except DomainError as error:
        assert error.problems and all(str(problem) for problem in error.problems)
        return
    # Accepted: what the store keeps reads back as the same definition.
    again = survey_from_stored(definition.data)
    assert again.checksum == definition.checksum
    assert [q.key for q in again.questions] == [q.key for q in definition.questions]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_parsed_or_refused_with_a_domain_error(text: str) -> None:
    try:
        parsed = parse_yaml(text, "survey.yaml")
    except DomainError as error:
        assert str(error).startswith("file: survey.yaml")
        return
    assert isinstance(parsed, dict), "a mapping of fields, or a DomainError"


def test_yaml_that_builds_impossible_values_is_refused_in_plain_words() -> None:
    # Found by the properties above: PyYAML raises ValueError/TypeError, not YAMLError, for these.
    for text in ("opens: 2026-02-30\n", "? [a, b]\n: c\n"):
        try:
            parse_yaml(text, "survey.yaml")
        except DomainError as error:
            assert str(error).startswith("file: survey.yaml")
        else:
            raise AssertionError(f"{text!r} was accepted")
