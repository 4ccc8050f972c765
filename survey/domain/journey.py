"""The shape of a survey as a parent walks through it: pages, which questions show, what comes
next, and the words each question is asked in (standard, Easy Read, or another language).

Pure functions over a checked ``SurveyDef`` and a dict of raw answers, so the web views, the
check-answers page and the tests agree on one set of rules.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from survey.domain.pictures import default_option_pictures
from survey.domain.questions import QuestionSpec, is_blank
from survey.domain.survey_definitions import SurveyDef

LANGUAGES = {"en": "English", "cy": "Cymraeg"}
NOT_PROVIDED = "Not provided"
WELSH_MONTHS = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)


@dataclass(frozen=True)
class Page:
    """One screen of questions: a single question, or those sharing a ``page:`` id."""

    id: str
    questions: tuple[QuestionSpec, ...]

    def shown(self, answers: dict[str, Any]) -> tuple[QuestionSpec, ...]:
        return tuple(q for q in self.questions if q.is_shown(answers))


@dataclass(frozen=True)
class Wording:
    """What a question says in the version the parent chose."""

    text: str
    hint: str | None
    option_labels: dict[str, str]
    image_src: str | None = None
    image_alt: str | None = None
    error: str | None = None  # the definition's own wording for a missing answer, if any
    # Easy Read: option value -> (picture path, alt text); the alt is empty beside a label that
    # already says what the picture shows.
    option_pictures: dict[str, tuple[str, str]] = field(default_factory=dict)


def pages(definition: SurveyDef) -> list[Page]:
    """Questions sharing a ``page:`` id are shown together, where the first of them appears."""
    grouped: dict[str, list[QuestionSpec]] = {}
    for question in definition.questions:
        grouped.setdefault(question.page or question.key, []).append(question)
    return [Page(page_id, tuple(questions)) for page_id, questions in grouped.items()]


def find_page(definition: SurveyDef, page_id: str) -> Page | None:
    return next((page for page in pages(definition) if page.id == page_id), None)


def page_of(definition: SurveyDef, question_key: str) -> Page:
    return next(p for p in pages(definition) if any(q.key == question_key for q in p.questions))


def relevant_answers(definition: SurveyDef, answers: dict[str, Any]) -> dict[str, Any]:
    """Drop answers to questions an earlier change has hidden, so they are never submitted."""
    kept: dict[str, Any] = {}
    for question in definition.questions:
        if question.key in answers and question.is_shown(kept):
            kept[question.key] = answers[question.key]
    return kept


def next_page(definition: SurveyDef, current: str | None, answers: dict[str, Any]) -> Page | None:
    """The first page after ``current`` with a question to show; None means check answers."""
    answers = relevant_answers(definition, answers)
    all_pages = pages(definition)
    ids = [page.id for page in all_pages]
    start = ids.index(current) + 1 if current in ids else 0
    return next((page for page in all_pages[start:] if page.shown(answers)), None)


def previous_page(definition: SurveyDef, current: str, answers: dict[str, Any]) -> Page | None:
    answers = relevant_answers(definition, answers)
    all_pages = pages(definition)
    ids = [page.id for page in all_pages]
    earlier = all_pages[: ids.index(current)] if current in ids else []
    return next((page for page in reversed(earlier) if page.shown(answers)), None)


def first_unseen_page(
    definition: SurveyDef, answers: dict[str, Any], seen: set[str]
) -> Page | None:
    """Where to take someone coming back: the first shown page they have not completed yet."""
    answers = relevant_answers(definition, answers)
    for page in pages(definition):
        if page.shown(answers) and page.id not in seen:
            return page
    return None


def wording(question: QuestionSpec, language: str = "en", easy_read: bool = False) -> Wording:
    """The question's words in the chosen language and version, falling back to the standard."""
    labels = {option.value: option.label for option in question.all_options()}
    text, hint, error = question.text, question.hint, question.error
    image: dict[str, Any] = {}
    translation = question.translations.get(language, {}) if language != "en" else {}
    if translation:
        text = translation.get("text", text)
        hint = translation.get("hint", hint)
        # An English error wording would quote the wrong language: a translation has its own.
        error = translation.get("error")
        labels.update({str(k): str(v) for k, v in (translation.get("options") or {}).items()})
    simple = translation.get("easy_read") if translation else question.easy_read
    if easy_read and simple:
        text = simple.get("text", text)
        hint = simple.get("hint", hint)
        # The standard error quotes words the Easy Read page does not use.
        error = simple.get("error")
        labels.update({str(k): str(v) for k, v in (simple.get("options") or {}).items()})
        image = simple.get("image") or question.easy_read.get("image") or {}
    pictures = option_pictures(question, simple) if easy_read else {}
    return Wording(text, hint, labels, image.get("src"), image.get("alt"), error, pictures)


def option_pictures(
    question: QuestionSpec, simple: dict[str, Any] | None
) -> dict[str, tuple[str, str]]:
    """The Easy Read picture beside each option: the answer scale's pictograms, then the
    definition's own (its language's Easy Read first; pictures need no translating), and none at
    all when the definition says ``option_images: false``."""
    given = (simple or {}).get("option_images", question.easy_read.get("option_images"))
    if given is False:
        return {}
    offered = {option.value for option in question.all_options()}
    pictures = {
        value: (src, "")
        for value, src in default_option_pictures(question.type).items()
        if value in offered
    }
    for value, picture in (given or {}).items():
        if str(value) in offered and isinstance(picture, dict) and picture.get("src"):
            pictures[str(value)] = (str(picture["src"]), str(picture.get("alt") or ""))
    return pictures


def page_heading(
    definition: SurveyDef, page_id: str, language: str = "en", easy_read: bool = False
) -> str:
    """The heading of a page of several questions: the definition's ``page_headings`` in the
    chosen version, or words made from the page's id ("about-you" reads "About you")."""
    data = definition.data
    heading = (data.get("page_headings") or {}).get(page_id) or (
        page_id.replace("-", " ").replace("_", " ").capitalize()
    )
    translation = (data.get("translations") or {}).get(language, {}) if language != "en" else {}
    heading = (translation.get("page_headings") or {}).get(page_id) or heading
    simple = (translation.get("easy_read") if translation else data.get("easy_read")) or {}
    if easy_read:
        heading = (simple.get("page_headings") or {}).get(page_id) or heading
    return str(heading)


def opens_in_easy_read(definition: SurveyDef) -> bool:
    """Whether the journey starts in Easy Read (``default_version: easy_read``)."""
    return definition.data.get("default_version") == "easy_read" and has_easy_read(definition)


def survey_text(
    definition: SurveyDef, field: str, language: str = "en", easy_read: bool = False
) -> Any:
    """A survey-level text (title, summary, what happens next...) in the chosen version."""
    data = definition.data
    value = data.get(field)
    if field == "consent":
        value = (data.get("consent") or {}).get("text")
    translation = (data.get("translations") or {}).get(language, {}) if language != "en" else {}
    if translation.get(field):
        value = translation[field]
    simple = (translation.get("easy_read") if translation else data.get("easy_read")) or {}
    if easy_read and simple.get(field):
        value = simple[field]
    return value


def has_easy_read(definition: SurveyDef) -> bool:
    return bool(definition.data.get("easy_read")) or any(q.easy_read for q in definition.questions)


def languages(definition: SurveyDef) -> list[str]:
    """The languages a survey can be answered in: English, plus any it carries translations for."""
    offered = set((definition.data.get("translations") or {}).keys())
    for question in definition.questions:
        offered |= set(question.translations)
    return ["en", *sorted(code for code in offered if code in LANGUAGES and code != "en")]


def display_answer(
    question: QuestionSpec,
    raw: Any,
    words: Wording,
    organisation_names: dict[str, str],
    language: str = "en",
) -> list[str]:
    """How an answer reads on the check-your-answers page (one line per chosen option), dates
    with their month named in ``language``."""
    if is_blank(raw):
        return []
    if question.type == "multiple_choice":
        values = raw if isinstance(raw, list) else json.loads(raw) if raw.startswith("[") else [raw]
        return [str(words.option_labels.get(v, v)) for v in values]
    if question.type == "organisation":
        return [organisation_names.get(str(raw), str(raw))]
    if question.type == "date":
        day = dt.date.fromisoformat(str(raw))
        month = WELSH_MONTHS[day.month - 1] if language == "cy" else day.strftime("%B")
        return [f"{day.day} {month} {day.year}"]
    if question.type == "consent":
        return [words.option_labels.get("agreed", "Yes, I agree")]
    if words.option_labels.get(str(raw)):
        return [words.option_labels[str(raw)]]
    return str(raw).splitlines() or [str(raw)]
