"""Survey definitions: the checked shape of a survey file (its questions, their options,
conditions and measures), with the line and field of every problem, and the rebuilding of a
stored definition."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from survey.domain.pictures import picture_problem
from survey.domain.questions import (
    DEFAULT_MAX_LENGTH,
    DEFAULT_POSITIVE,
    EXTRA_ANSWERS,
    QUESTION_TYPES,
    QuestionSpec,
    options_for,
)
from survey.domain.yaml_checks import (
    KEY,
    SLUG,
    LineDict,
    LineList,
    Problems,
    field_list,
    field_number,
    field_text,
    strings,
    unknown_keys,
)

ORGANISATION_KINDS = {"la", "school", "setting", "college", "service"}


@dataclass(frozen=True)
class SurveyDef:
    slug: str
    title: str
    plan: str | None
    actions: tuple[str, ...]
    questions: tuple[QuestionSpec, ...]
    data: dict[str, Any]  # the whole checked definition, stored with the version
    checksum: str
    retention_days: int | None = None

    def question(self, key: str) -> QuestionSpec:
        return next(q for q in self.questions if q.key == key)

    @property
    def measure_codes(self) -> set[str]:
        return {code for q in self.questions for code in q.measures}


SURVEY_FIELDS = {
    "slug",
    "title",
    "summary",
    "minutes",
    "plan",
    "actions",
    "what_happens_to_answers",
    "what_happens_next",
    "contact",
    "consent",
    "retention_days",
    "easy_read",
    "translations",
    "questions",
    "one_question_per_page",
    "page_headings",
    "default_version",
    "opens_at",
    "closes_at",
}
QUESTION_FIELDS = {
    "key",
    "type",
    "text",
    "hint",
    "error",
    "required",
    "page",
    "measures",
    "options",
    "allow",
    "none_option",
    "positive",
    "show_if",
    "max_length",
    "min",
    "max",
    "whole",
    "past_only",
    "organisation_kinds",
    "easy_read",
    "translations",
}


def _plain(value: Any) -> Any:
    """Strip line bookkeeping and make dates JSON-friendly, for storing the definition."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _check_options(
    node: LineDict, path: str, qtype: str, problems: Problems
) -> list[dict[str, Any]]:
    raw = field_list(node, "options", path, problems)
    if qtype in {"single_choice", "multiple_choice"} and len(raw) < 2:
        problems.add(
            node, f"{path}.options", "a choice question needs at least two options", "options"
        )
    if qtype not in {"single_choice", "multiple_choice"} and raw:
        problems.add(
            node,
            f"{path}.options",
            f"a {qtype} question has fixed answers; remove options",
            "options",
        )
    options: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, option in enumerate(raw):
        o_path = f"{path}.options[{index}]"
        if not isinstance(option, LineDict) or "value" not in option or "label" not in option:
            problems.add(node, o_path, "each option needs a value and a label", "options")
            continue
        value = str(option["value"])
        if not KEY.match(value):
            problems.add(
                option,
                f"{o_path}.value",
                "must be lower-case letters, digits and underscores",
                "value",
            )
        if value in seen or value in EXTRA_ANSWERS or value == "none":
            problems.add(
                option, f"{o_path}.value", f"'{value}' is used twice or is reserved", "value"
            )
        seen.add(value)
        options.append(
            {"value": value, "label": str(option["label"]), "score": option.get("score")}
        )
    return options


def _check_positive(
    node: LineDict, path: str, spec_values: set[str], qtype: str, problems: Problems
) -> dict[str, Any]:
    raw = node.get("positive")
    if raw is None:
        return dict(DEFAULT_POSITIVE.get(qtype, {}))
    if isinstance(raw, list):
        unknown = [str(v) for v in raw if str(v) not in spec_values]
        if unknown:
            problems.add(
                node,
                f"{path}.positive",
                f"{', '.join(unknown)} is not one of the answers",
                "positive",
            )
        return {"values": [str(v) for v in raw]}
    minimum = raw.get("min") if isinstance(raw, LineDict) else None
    is_number = isinstance(minimum, int | float) and not isinstance(minimum, bool)
    if is_number and qtype in {"rating10", "number"}:
        return {"min": float(minimum)}  # type: ignore[arg-type]  # is_number says it is a number
    problems.add(
        node, f"{path}.positive", "must be a list of answers, or {min: N} for numbers", "positive"
    )
    return {}


def _check_show_if(
    node: LineDict, path: str, earlier: dict[str, QuestionSpec], problems: Problems
) -> dict[str, Any] | None:
    raw = node.get("show_if")
    if raw is None:
        return None
    if (
        not isinstance(raw, LineDict)
        or "question" not in raw
        or not isinstance(raw.get("in"), list)
    ):
        problems.add(node, f"{path}.show_if", "must be {question: KEY, in: [answers]}", "show_if")
        return None
    target = earlier.get(str(raw["question"]))
    if target is None:
        problems.add(
            raw,
            f"{path}.show_if.question",
            f"'{raw['question']}' must be an earlier question",
            "question",
        )
        return None
    allowed = {o.value for o in target.all_options()}
    unknown = [str(v) for v in raw["in"] if allowed and str(v) not in allowed]
    if unknown:
        problems.add(
            raw,
            f"{path}.show_if.in",
            f"{', '.join(unknown)} is not an answer to '{target.key}'",
            "in",
        )
    return {"question": target.key, "in": [str(v) for v in raw["in"]]}


def _question_basics(
    node: LineDict, path: str, earlier: dict[str, QuestionSpec], problems: Problems
) -> tuple[str, str, str] | None:
    """The key, type and text every question needs, or None when one is missing or wrong."""
    unknown_keys(node, QUESTION_FIELDS, path, problems)
    key = field_text(node, "key", path, problems)
    qtype = field_text(node, "type", path, problems)
    text = field_text(node, "text", path, problems)
    if key and not KEY.match(key):
        problems.add(node, f"{path}.key", "must start with a letter and use a-z, 0-9 and _", "key")
    if key in earlier:
        problems.add(node, f"{path}.key", f"'{key}' is used twice", "key")
    if qtype and qtype not in QUESTION_TYPES:
        problems.add(
            node,
            f"{path}.type",
            f"'{qtype}' is not a question type; use one of {', '.join(sorted(QUESTION_TYPES))}",
            "type",
        )
        return None
    if not (key and qtype and text):
        return None
    return key, qtype, text


def _check_allow(node: LineDict, path: str, problems: Problems) -> tuple[str, ...]:
    allow = strings(field_list(node, "allow", path, problems))
    for extra in allow:
        if extra not in EXTRA_ANSWERS:
            problems.add(
                node,
                f"{path}.allow",
                f"'{extra}' must be not_applicable or prefer_not_to_say",
                "allow",
            )
    return allow


def _check_measures(
    node: LineDict, path: str, codes: set[str] | None, problems: Problems
) -> tuple[str, ...]:
    measures = strings(field_list(node, "measures", path, problems))
    if codes is not None:
        for code in measures:
            if code not in codes:
                problems.add(
                    node,
                    f"{path}.measures",
                    f"'{code}' is not a measure of the survey's plan",
                    "measures",
                )
    return measures


def _check_organisation_kinds(
    node: LineDict, path: str, qtype: str, problems: Problems
) -> tuple[str, ...]:
    kinds = strings(field_list(node, "organisation_kinds", path, problems)) or (
        ("la",) if qtype == "organisation" else ()
    )
    for kind in kinds:
        if kind not in ORGANISATION_KINDS:
            problems.add(
                node,
                f"{path}.organisation_kinds",
                f"'{kind}' is not an organisation kind",
                "organisation_kinds",
            )
    return kinds


def _check_max_length(node: LineDict, path: str, qtype: str, problems: Problems) -> int | None:
    max_length = node.get("max_length", DEFAULT_MAX_LENGTH.get(qtype))
    if max_length is not None and (not isinstance(max_length, int) or not 1 <= max_length <= 10000):
        problems.add(
            node, f"{path}.max_length", "must be a whole number from 1 to 10000", "max_length"
        )
        max_length = DEFAULT_MAX_LENGTH.get(qtype)
    return max_length


def _check_question(
    node: LineDict,
    path: str,
    earlier: dict[str, QuestionSpec],
    codes: set[str] | None,
    problems: Problems,
) -> QuestionSpec | None:
    basics = _question_basics(node, path, earlier, problems)
    if basics is None:
        return None
    key, qtype, text = basics
    allow = _check_allow(node, path, problems)
    options = options_for(qtype, _check_options(node, path, qtype, problems))
    values = (
        {o.value for o in options} | set(allow) | ({"none"} if node.get("none_option") else set())
    )
    measures = _check_measures(node, path, codes, problems)
    kinds = _check_organisation_kinds(node, path, qtype, problems)
    for version, where in _easy_read_sections(node, path):
        _check_question_easy_read(version, where, key, values, problems)
    max_length = _check_max_length(node, path, qtype, problems)
    return QuestionSpec(
        key=key,
        type=qtype,
        text=text,
        hint=field_text(node, "hint", path, problems, required=False),
        error=field_text(node, "error", path, problems, required=False),
        required=bool(node.get("required", True)),
        options=options,
        allow=allow,
        none_option=bool(node.get("none_option", False)) and qtype == "multiple_choice",
        positive=_check_positive(node, path, values, qtype, problems),
        measures=measures,
        show_if=_check_show_if(node, path, earlier, problems),
        page=str(node["page"]) if node.get("page") else None,
        max_length=max_length,
        minimum=field_number(node, "min", path, problems),
        maximum=field_number(node, "max", path, problems),
        whole=bool(node.get("whole", True)),
        past_only=bool(node.get("past_only", False)),
        organisation_kinds=kinds,
        easy_read=_plain(node.get("easy_read") or {}),
        translations=_plain(node.get("translations") or {}),
    )


def _easy_read_sections(node: LineDict, path: str) -> list[tuple[Any, str]]:
    """A question's Easy Read wording and each translation's, with their paths."""
    sections = [(node.get("easy_read"), f"{path}.easy_read")] if "easy_read" in node else []
    translations = node.get("translations")
    for language, words in (translations or {}).items() if isinstance(translations, dict) else ():
        if isinstance(words, dict) and "easy_read" in words:
            sections.append((words["easy_read"], f"{path}.translations.{language}.easy_read"))
    return sections


def _check_picture(
    picture: Any,
    where: str,
    node: LineDict,
    key: str,
    what: str,
    problems: Problems,
    needs_alt: bool = False,
) -> None:
    """One ``{src, alt}`` picture: a path among the static files (a shipped pictogram when under
    pictograms/) and, for a picture standing for a question, alt text saying what it shows."""
    if not isinstance(picture, LineDict):
        problems.add(node, where, f"the picture for {what} must be {{src: PATH, alt: TEXT}}", key)
        return
    unknown_keys(picture, {"src", "alt"}, where, problems)
    problem = picture_problem(picture.get("src"))
    if problem:
        problems.add(picture, f"{where}.src", f"the picture for {what}: {problem}", "src")
    alt = picture.get("alt")
    if alt is not None and not isinstance(alt, str):
        problems.add(picture, f"{where}.alt", f"the alt text for {what} must be text", "alt")
    if needs_alt and not (isinstance(alt, str) and alt.strip()):
        problems.add(
            picture,
            f"{where}.alt",
            f"the picture for {what} needs alt text saying what it shows",
            "alt",
        )


def _check_question_easy_read(
    section: Any, where: str, key: str, values: set[str], problems: Problems
) -> None:
    """The Easy Read wording of question ``key``: its picture and the pictures of its options,
    each naming an answer the question has."""
    if not isinstance(section, LineDict):
        return  # nothing to check; an empty or odd section is ignored as before
    if "image" in section:
        _check_picture(
            section["image"],
            f"{where}.image",
            section,
            "image",
            f"question '{key}'",
            problems,
            needs_alt=True,
        )
    pictures = section.get("option_images")
    if pictures is None or pictures is False:
        return
    if not isinstance(pictures, LineDict):
        problems.add(
            section,
            f"{where}.option_images",
            f"the pictures of '{key}' must map each answer to {{src: PATH, alt: TEXT}}, "
            "or be false for none",
            "option_images",
        )
        return
    for value, picture in pictures.items():
        if str(value) not in values:
            answers = ", ".join(sorted(values)) or "none"
            problems.add(
                pictures,
                f"{where}.option_images.{value}",
                f"'{value}' is not an answer to '{key}'; its answers are {answers}",
                str(value),
            )
            continue
        _check_picture(
            picture,
            f"{where}.option_images.{value}",
            pictures,
            str(value),
            f"option '{value}' of '{key}'",
            problems,
        )


def _check_survey_versions(
    root: LineDict, questions: tuple[QuestionSpec, ...], problems: Problems
) -> None:
    """``default_version`` and the page headings of every version name real things."""
    version = root.get("default_version")
    has_easy_read = bool(root.get("easy_read")) or any(q.easy_read for q in questions)
    if version is not None and version not in {"standard", "easy_read"}:
        problems.add(root, "default_version", "must be standard or easy_read", "default_version")
    if version == "easy_read" and not has_easy_read:
        problems.add(
            root,
            "default_version",
            "easy_read needs Easy Read wording: add an easy_read section",
            "default_version",
        )
    page_ids = {q.page or q.key for q in questions}
    sections: list[tuple[Any, str]] = [(root, "")]
    if isinstance(root.get("easy_read"), LineDict):
        sections.append((root["easy_read"], "easy_read"))
    translations = root.get("translations")
    for language, words in translations.items() if isinstance(translations, LineDict) else ():
        if isinstance(words, LineDict):
            sections.append((words, f"translations.{language}"))
            if isinstance(words.get("easy_read"), LineDict):
                sections.append((words["easy_read"], f"translations.{language}.easy_read"))
    for section, where in sections:
        headings = section.get("page_headings")
        path = f"{where}.page_headings" if where else "page_headings"
        if headings is None:
            continue
        if not isinstance(headings, LineDict):
            problems.add(section, path, "must map page ids to headings", "page_headings")
            continue
        for page_id, heading in headings.items():
            if str(page_id) not in page_ids:
                problems.add(
                    headings,
                    f"{path}.{page_id}",
                    f"'{page_id}' is not a page of this survey",
                    str(page_id),
                )
            elif not isinstance(heading, str) or not heading.strip():
                problems.add(headings, f"{path}.{page_id}", "must be text", str(page_id))


def _check_plan_links(
    root: LineDict,
    plan: str | None,
    plan_codes: dict[str, tuple[set[str], set[str]]] | None,
    problems: Problems,
) -> tuple[tuple[str, ...], set[str] | None]:
    """The survey's actions, and its plan's measure codes when there are references to check."""
    refs = codes = None
    if plan_codes is not None and plan:
        if plan not in plan_codes:
            problems.add(
                root,
                "plan",
                f"'{plan}' is not a loaded plan; load it first with 'yousaid plan load'",
                "plan",
            )
        else:
            refs, codes = plan_codes[plan]
    actions = strings(field_list(root, "actions", "", problems))
    if refs is not None:
        for ref in actions:
            if ref not in refs:
                problems.add(
                    root, "actions", f"'{ref}' is not an action of plan '{plan}'", "actions"
                )
    return actions, codes


def _check_questions(
    root: LineDict, codes: set[str] | None, problems: Problems
) -> tuple[QuestionSpec, ...]:
    earlier: dict[str, QuestionSpec] = {}
    raw_questions = field_list(root, "questions", "", problems)
    if not raw_questions:
        problems.add(root, "questions", "a survey needs at least one question", "questions")
    for index, node in enumerate(raw_questions):
        path = f"questions[{index}]"
        if not isinstance(node, LineDict):
            problems.add(root, path, "must be a mapping with key, type and text", "questions")
            continue
        question = _check_question(node, path, earlier, codes, problems)
        if question and question.key not in earlier:
            earlier[question.key] = question
    return tuple(earlier.values())


def check_survey(
    root: LineDict, plan_codes: dict[str, tuple[set[str], set[str]]] | None = None
) -> SurveyDef:
    """Check a parsed survey file.

    ``plan_codes`` maps plan slugs to (action refs, measure codes) so references can be checked;
    pass None to skip those checks (e.g. when only the syntax matters).
    """
    problems = Problems()
    unknown_keys(root, SURVEY_FIELDS, "", problems)
    slug = field_text(root, "slug", "", problems)
    if slug and not SLUG.match(slug):
        problems.add(root, "slug", "must be lower-case letters, digits and hyphens", "slug")
    title = field_text(root, "title", "", problems)
    plan = field_text(root, "plan", "", problems, required=False)
    actions, codes = _check_plan_links(root, plan, plan_codes, problems)
    questions = _check_questions(root, codes, problems)
    _check_survey_versions(root, questions, problems)
    retention = root.get("retention_days")
    if retention is not None and (not isinstance(retention, int) or retention < 1):
        problems.add(root, "retention_days", "must be a whole number of days", "retention_days")
        retention = None
    problems.raise_if_any()
    data = _plain(root)
    checksum = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return SurveyDef(
        slug=slug or "",
        title=title or "",
        plan=plan,
        actions=actions,
        questions=questions,
        data=data,
        checksum=checksum,
        retention_days=retention,
    )


def _as_line_nodes(value: Any) -> Any:
    if isinstance(value, dict):
        node = LineDict((k, _as_line_nodes(v)) for k, v in value.items())
        node.key_lines = {}
        return node
    if isinstance(value, list):
        return LineList(_as_line_nodes(v) for v in value)
    return value


def survey_from_stored(definition: dict[str, Any]) -> SurveyDef:
    """Rebuild the checked definition from what a survey version stored (already valid)."""
    return check_survey(_as_line_nodes(definition))
