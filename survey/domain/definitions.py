"""Plan and survey definitions as data: read YAML, check every field, say where each problem is.

A bad file yields one problem per mistake, each naming the line and the field, and nothing is
stored (the caller stores only a definition that checked clean).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from survey.domain.errors import DomainError, FieldProblem
from survey.domain.questions import (
    DEFAULT_MAX_LENGTH,
    DEFAULT_POSITIVE,
    EXTRA_ANSWERS,
    QUESTION_TYPES,
    QuestionSpec,
    options_for,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,15}$")
RAG_VALUES = {"red", "amber", "green", "blue", "none"}
INDICATOR_KINDS = {"count", "rate", "mean_score", "mean_sentiment", "figure"}
COUNT_OF = {"attending_las", "meetings", "responses", "submissions", "answers"}
ANSWER_OF = {"answers", "submissions"}
ORGANISATION_KINDS = {"la", "school", "setting", "college", "service"}
MAX_FILE_BYTES = 2_000_000


# --- YAML with line numbers ---------------------------------------------------------------------


class LineDict(dict):
    """A mapping that remembers the line of each key, so problems can say where they are."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path | str) -> LineDict:
    """Read a YAML file whose top level is a mapping, or raise a DomainError saying why not."""
    path = Path(path)
    if not path.is_file():
        raise DomainError(f"There is no file at {path}", field="file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DomainError(f"{path.name} is larger than 2 MB; is it the right file?", field="file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DomainError(
            f"{path.name} is not UTF-8 text; save it as UTF-8", field="file"
        ) from None
    return parse_yaml(text, path.name)


def parse_yaml(text: str, name: str = "file") -> LineDict:
    try:
        # _LineLoader is a yaml.SafeLoader that only adds line numbers: safe to load with.
        data = yaml.load(text, Loader=_LineLoader)  # nosec B506 # a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or "it is not valid YAML"
        raise DomainError(f"{name} {where}{problem}", field="file") from None
    except (ValueError, TypeError) as error:
        # PyYAML builds dates and keys itself: 2026-02-30 raises ValueError and a list used as a
        # key TypeError, neither a YAMLError (found by tests/unit/test_property_definitions.py).
        raise DomainError(
            f"{name} has a value that cannot be read: {error}", field="file"
        ) from None
    if not isinstance(data, LineDict):
        raise DomainError(f"{name} must be a YAML mapping of fields (key: value)", field="file")
    line = _unstorable_text(data)
    if line is not None:
        raise DomainError(
            f"{name} line {line}: remove the NUL byte or the half of a surrogate pair "
            "(\\uD800-\\uDFFF); they cannot be stored",
            field="file",
        )
    return data


def unstorable(text: str) -> bool:
    """True if no database can store the text: a NUL byte (PostgreSQL refuses it) or a lone
    surrogate (UTF-8 cannot encode one; PyYAML decodes a "\\uD83D\\uDE00" pair half by half)."""
    return "\x00" in text or any("\ud800" <= c <= "\udfff" for c in text)


def _unstorable_text(data: Any) -> int | None:
    """The line of the first unstorable string. Containers are visited once each, so a YAML
    bomb's shared aliases (billion laughs) cost no more than their distinct nodes."""
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(data, getattr(data, "line", 1))]
    while stack:
        node, line = stack.pop()
        if isinstance(node, str):
            if unstorable(node):
                return line
            continue
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        seen.add(id(node))
        line = getattr(node, "line", line)
        if isinstance(node, dict):
            lines = getattr(node, "key_lines", {})
            for key, value in node.items():
                at = lines.get(str(key), line)
                stack += [(key, at), (value, at)]
        else:
            stack += [(item, line) for item in node]
    return None


class Problems:
    """Collects problems while checking a file; each names the line and the field."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, node: Any, field_path: str, message: str, key: str | None = None) -> None:
        line = 0
        if isinstance(node, LineDict) and key is not None:
            line = node.key_lines.get(key, node.line)
        elif isinstance(node, LineDict | LineList):
            line = node.line
        prefix = f"line {line}: " if line else ""
        self.items.append(FieldProblem(field_path, f"{prefix}{message}"))

    def raise_if_any(self) -> None:
        if self.items:
            raise DomainError(self.items)


# The longest text each field's column holds. Checked here, with the line, so a long value gets
# the same plain message on SQLite (which would store it) and PostgreSQL (which would refuse it).
FIELD_LIMITS = {
    "slug": 100,
    "title": 300,
    "name": 200,
    "ref": 16,
    "number": 16,
    "group": 200,
    "lead": 200,
    "timeframe": 100,
    "region": 100,
    "key": 64,
    "plan": 100,
}


def _text(
    node: LineDict, key: str, path: str, problems: Problems, required: bool = True
) -> str | None:
    value = node.get(key)
    where = f"{path}.{key}" if path else key
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(node, where, "is required", key)
        return None
    if not isinstance(value, str | int | float):
        problems.add(node, where, "must be text", key)
        return None
    text = str(value).strip()
    limit = FIELD_LIMITS.get(key)
    if limit is not None and len(text) > limit:
        problems.add(node, where, f"must be {limit} characters or fewer", key)
        return None
    return text


def _list(node: LineDict, key: str, path: str, problems: Problems) -> list[Any]:
    value = node.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(node, f"{path}.{key}", "must be a list", key)
        return []
    return list(value)


def _date(node: LineDict, key: str, path: str, problems: Problems) -> dt.date | None:
    value = node.get(key)
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.add(node, f"{path}.{key}", "must be a date like 2026-04-01", key)
        return None


def _unknown_keys(node: LineDict, allowed: set[str], path: str, problems: Problems) -> None:
    for key in node:
        if key not in allowed:
            problems.add(
                node,
                f"{path}.{key}" if path else str(key),
                "is not a field this file can have",
                str(key),
            )


# --- plans -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    kind: str = "figure"
    of: str | None = None
    unit: str = "number"
    baseline_value: float | None = None
    baseline_period: str | None = None
    target: float | None = None
    direction: str = "higher"
    tolerance: float | None = None
    min_n: int = 20
    note: str | None = None


@dataclass(frozen=True)
class MeasureDef:
    code: str
    statement: str
    keywords: tuple[str, ...] = ()
    indicator: IndicatorSpec = field(default_factory=IndicatorSpec)


@dataclass(frozen=True)
class ActionDef:
    ref: str
    objective: str
    priority: str
    group: str | None = None
    lead: str | None = None
    members: str | None = None
    timeframe: str | None = None
    monitoring: str | None = None
    review_status: str = "none"
    review_note: str | None = None
    measures: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class PriorityDef:
    number: str
    title: str


@dataclass(frozen=True)
class WorkstreamDef:
    slug: str
    name: str
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class NetworkDef:
    slug: str
    name: str
    region: str
    measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanDef:
    slug: str
    title: str
    organisation: str | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    priorities: tuple[PriorityDef, ...]
    actions: tuple[ActionDef, ...]
    measures: tuple[MeasureDef, ...]
    workstreams: tuple[WorkstreamDef, ...] = ()
    networks: tuple[NetworkDef, ...] = ()


PLAN_FIELDS = {
    "slug",
    "title",
    "organisation",
    "starts_on",
    "ends_on",
    "measures",
    "priorities",
    "workstreams",
    "networks",
}
ACTION_FIELDS = {
    "ref",
    "objective",
    "group",
    "lead",
    "members",
    "timeframe",
    "monitoring",
    "review",
    "measures",
    "keywords",
}
INDICATOR_FIELDS = {
    "kind",
    "of",
    "unit",
    "baseline",
    "target",
    "direction",
    "tolerance",
    "min_n",
    "note",
}


def _number(node: LineDict, key: str, path: str, problems: Problems) -> float | None:
    value = node.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(node, f"{path}.{key}", "must be a number", key)
        return None
    return float(value)


def _indicator(node: Any, path: str, problems: Problems) -> IndicatorSpec:
    if node is None:
        return IndicatorSpec()
    if not isinstance(node, LineDict):
        problems.add(node, path, "must be a mapping with kind, target, ...")
        return IndicatorSpec()
    _unknown_keys(node, INDICATOR_FIELDS, path, problems)
    kind = str(node.get("kind", "figure"))
    if kind not in INDICATOR_KINDS:
        problems.add(
            node, f"{path}.kind", f"must be one of {', '.join(sorted(INDICATOR_KINDS))}", "kind"
        )
    of = node.get("of")
    if kind == "count" and of not in COUNT_OF:
        problems.add(
            node,
            f"{path}.of",
            f"a count must say what it counts: {', '.join(sorted(COUNT_OF))}",
            "of",
        )
    if kind in {"rate", "mean_score", "mean_sentiment"} and of not in ANSWER_OF:
        problems.add(node, f"{path}.of", "must be answers or submissions", "of")
    direction = str(node.get("direction", "higher"))
    if direction not in {"higher", "lower"}:
        problems.add(node, f"{path}.direction", "must be higher or lower", "direction")
    baseline = node.get("baseline")
    baseline_value = baseline_period = None
    if isinstance(baseline, LineDict):
        baseline_value = _number(baseline, "value", f"{path}.baseline", problems)
        baseline_period = str(baseline["period"]) if baseline.get("period") is not None else None
    elif baseline is not None:
        problems.add(
            node, f"{path}.baseline", "must be a mapping with value and period", "baseline"
        )
    # The columns that hold these are short (unit 16, period 32); say so rather than fail to store.
    for key, text, limit in (
        ("unit", node.get("unit"), 16),
        ("baseline.period", baseline_period, 32),
    ):
        if text is not None and len(str(text)) > limit:
            problems.add(
                node, f"{path}.{key}", f"must be {limit} characters or fewer", key.split(".")[0]
            )
    min_n = node.get("min_n", 20)
    if not isinstance(min_n, int) or isinstance(min_n, bool) or min_n < 1:
        problems.add(node, f"{path}.min_n", "must be a whole number of 1 or more", "min_n")
        min_n = 20
    return IndicatorSpec(
        kind=kind,
        of=str(of) if of is not None else None,
        unit=str(node.get("unit", "percent" if kind == "rate" else "number")),
        baseline_value=baseline_value,
        baseline_period=baseline_period,
        target=_number(node, "target", path, problems),
        direction=direction,
        tolerance=_number(node, "tolerance", path, problems),
        min_n=min_n,
        note=_text(node, "note", path, problems, required=False),
    )


def _strings(values: list[Any]) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in values if v is not None and str(v).strip())


def _measures(root: LineDict, problems: Problems) -> list[MeasureDef]:
    measures: list[MeasureDef] = []
    seen: set[str] = set()
    for index, node in enumerate(_list(root, "measures", "", problems)):
        path = f"measures[{index}]"
        if not isinstance(node, LineDict):
            problems.add(root, path, "must be a mapping with code and statement", "measures")
            continue
        _unknown_keys(node, {"code", "statement", "keywords", "indicator"}, path, problems)
        code = _text(node, "code", path, problems)
        statement = _text(node, "statement", path, problems)
        if code and not REF.match(code):
            problems.add(
                node,
                f"{path}.code",
                f"'{code}' must be short letters, digits, dots or hyphens",
                "code",
            )
        if code in seen:
            problems.add(node, f"{path}.code", f"'{code}' is defined twice", "code")
        if code and statement:
            seen.add(code)
            measures.append(
                MeasureDef(
                    code,
                    statement,
                    _strings(_list(node, "keywords", path, problems)),
                    _indicator(node.get("indicator"), f"{path}.indicator", problems),
                )
            )
    return measures


def _review(node: LineDict, path: str, problems: Problems) -> tuple[str, str | None]:
    review = node.get("review")
    if review is None:
        return "none", None
    if not isinstance(review, LineDict):
        problems.add(node, f"{path}.review", "must be a mapping with status and note", "review")
        return "none", None
    status = str(review.get("status", "none")).lower()
    if status not in RAG_VALUES:
        problems.add(
            review, f"{path}.review.status", "must be red, amber, green, blue or none", "status"
        )
        status = "none"
    return status, _text(review, "note", f"{path}.review", problems, required=False)


def _action(
    node: LineDict, path: str, priority: str, codes: set[str], problems: Problems
) -> ActionDef | None:
    _unknown_keys(node, ACTION_FIELDS, path, problems)
    ref = _text(node, "ref", path, problems)
    objective = _text(node, "objective", path, problems)
    if ref and not REF.match(ref):
        problems.add(
            node, f"{path}.ref", f"'{ref}' must be short letters, digits, dots or hyphens", "ref"
        )
    measures = _strings(_list(node, "measures", path, problems))
    for code in measures:
        if code not in codes:
            problems.add(
                node,
                f"{path}.measures",
                f"'{code}' is not a measure defined in this plan",
                "measures",
            )
    status, note = _review(node, path, problems)
    if not (ref and objective):
        return None
    return ActionDef(
        ref=ref,
        objective=objective,
        priority=priority,
        group=_text(node, "group", path, problems, required=False),
        lead=_text(node, "lead", path, problems, required=False),
        members=_text(node, "members", path, problems, required=False),
        timeframe=_text(node, "timeframe", path, problems, required=False),
        monitoring=_text(node, "monitoring", path, problems, required=False),
        review_status=status,
        review_note=note,
        measures=measures,
        keywords=_strings(_list(node, "keywords", path, problems)),
    )


def _priorities(
    root: LineDict, codes: set[str], problems: Problems
) -> tuple[list[PriorityDef], list[ActionDef]]:
    priorities: list[PriorityDef] = []
    actions: list[ActionDef] = []
    refs: set[str] = set()
    for p_index, node in enumerate(_list(root, "priorities", "", problems)):
        path = f"priorities[{p_index}]"
        if not isinstance(node, LineDict):
            problems.add(
                root, path, "must be a mapping with number, title and actions", "priorities"
            )
            continue
        _unknown_keys(node, {"number", "title", "actions"}, path, problems)
        number = _text(node, "number", path, problems)
        title = _text(node, "title", path, problems)
        if number and title:
            priorities.append(PriorityDef(number, title))
        for a_index, action_node in enumerate(_list(node, "actions", path, problems)):
            a_path = f"{path}.actions[{a_index}]"
            if not isinstance(action_node, LineDict):
                problems.add(node, a_path, "must be a mapping with ref and objective", "actions")
                continue
            action = _action(action_node, a_path, number or "", codes, problems)
            if action and action.ref in refs:
                problems.add(action_node, f"{a_path}.ref", f"'{action.ref}' is used twice", "ref")
            elif action:
                refs.add(action.ref)
                actions.append(action)
    if not priorities:
        problems.add(
            root, "priorities", "a plan needs at least one priority with actions", "priorities"
        )
    return priorities, actions


def _named_entries(root: LineDict, key: str, problems: Problems) -> list[tuple[str, LineDict]]:
    entries = []
    for index, node in enumerate(_list(root, key, "", problems)):
        path = f"{key}[{index}]"
        if not isinstance(node, LineDict):
            problems.add(root, path, "must be a mapping with slug and name", key)
            continue
        slug = _text(node, "slug", path, problems)
        if slug and not SLUG.match(slug):
            problems.add(
                node, f"{path}.slug", "must be lower-case letters, digits and hyphens", "slug"
            )
        entries.append((path, node))
    return entries


def check_plan(root: LineDict) -> PlanDef:
    """Check a parsed plan file; raise DomainError listing every problem."""
    problems = Problems()
    _unknown_keys(root, PLAN_FIELDS, "", problems)
    slug = _text(root, "slug", "", problems)
    if slug and not SLUG.match(slug):
        problems.add(root, "slug", "must be lower-case letters, digits and hyphens", "slug")
    title = _text(root, "title", "", problems)
    measures = _measures(root, problems)
    codes = {m.code for m in measures}
    priorities, actions = _priorities(root, codes, problems)
    refs = {a.ref for a in actions}
    workstreams = []
    for path, node in _named_entries(root, "workstreams", problems):
        _unknown_keys(node, {"slug", "name", "actions"}, path, problems)
        linked = _strings(_list(node, "actions", path, problems))
        for ref in linked:
            if ref not in refs:
                problems.add(
                    node, f"{path}.actions", f"'{ref}' is not an action in this plan", "actions"
                )
        name = _text(node, "name", path, problems)
        if node.get("slug") and name:
            workstreams.append(WorkstreamDef(str(node["slug"]), name, linked))
    networks = []
    for path, node in _named_entries(root, "networks", problems):
        _unknown_keys(node, {"slug", "name", "region", "measures"}, path, problems)
        linked = _strings(_list(node, "measures", path, problems))
        for code in linked:
            if code not in codes:
                problems.add(
                    node, f"{path}.measures", f"'{code}' is not a measure in this plan", "measures"
                )
        name = _text(node, "name", path, problems)
        region = _text(node, "region", path, problems)
        if node.get("slug") and name and region:
            networks.append(NetworkDef(str(node["slug"]), name, region, linked))
    problems.raise_if_any()
    return PlanDef(
        slug=slug or "",
        title=title or "",
        organisation=_text(root, "organisation", "", problems, required=False),
        starts_on=_date(root, "starts_on", "", problems),
        ends_on=_date(root, "ends_on", "", problems),
        priorities=tuple(priorities),
        actions=tuple(actions),
        measures=tuple(measures),
        workstreams=tuple(workstreams),
        networks=tuple(networks),
    )


def load_plan_file(path: Path | str) -> PlanDef:
    return check_plan(read_yaml(path))


# --- surveys -----------------------------------------------------------------------------------


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
    "opens_at",
    "closes_at",
}
QUESTION_FIELDS = {
    "key",
    "type",
    "text",
    "hint",
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
    raw = _list(node, "options", path, problems)
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
        return {"min": float(minimum)}
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


def _check_question(
    node: LineDict,
    path: str,
    earlier: dict[str, QuestionSpec],
    codes: set[str] | None,
    problems: Problems,
) -> QuestionSpec | None:
    _unknown_keys(node, QUESTION_FIELDS, path, problems)
    key = _text(node, "key", path, problems)
    qtype = _text(node, "type", path, problems)
    text = _text(node, "text", path, problems)
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
    allow = _strings(_list(node, "allow", path, problems))
    for extra in allow:
        if extra not in EXTRA_ANSWERS:
            problems.add(
                node,
                f"{path}.allow",
                f"'{extra}' must be not_applicable or prefer_not_to_say",
                "allow",
            )
    options = options_for(qtype, _check_options(node, path, qtype, problems))
    values = (
        {o.value for o in options} | set(allow) | ({"none"} if node.get("none_option") else set())
    )
    measures = _strings(_list(node, "measures", path, problems))
    if codes is not None:
        for code in measures:
            if code not in codes:
                problems.add(
                    node,
                    f"{path}.measures",
                    f"'{code}' is not a measure of the survey's plan",
                    "measures",
                )
    kinds = _strings(_list(node, "organisation_kinds", path, problems)) or (
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
    max_length = node.get("max_length", DEFAULT_MAX_LENGTH.get(qtype))
    if max_length is not None and (not isinstance(max_length, int) or not 1 <= max_length <= 10000):
        problems.add(
            node, f"{path}.max_length", "must be a whole number from 1 to 10000", "max_length"
        )
        max_length = DEFAULT_MAX_LENGTH.get(qtype)
    return QuestionSpec(
        key=key,
        type=qtype,
        text=text,
        hint=_text(node, "hint", path, problems, required=False),
        required=bool(node.get("required", True)),
        options=options,
        allow=allow,
        none_option=bool(node.get("none_option", False)) and qtype == "multiple_choice",
        positive=_check_positive(node, path, values, qtype, problems),
        measures=measures,
        show_if=_check_show_if(node, path, earlier, problems),
        page=str(node["page"]) if node.get("page") else None,
        max_length=max_length,
        minimum=_number(node, "min", path, problems),
        maximum=_number(node, "max", path, problems),
        whole=bool(node.get("whole", True)),
        past_only=bool(node.get("past_only", False)),
        organisation_kinds=kinds,
        easy_read=_plain(node.get("easy_read") or {}),
        translations=_plain(node.get("translations") or {}),
    )


def check_survey(
    root: LineDict, plan_codes: dict[str, tuple[set[str], set[str]]] | None = None
) -> SurveyDef:
    """Check a parsed survey file.

    ``plan_codes`` maps plan slugs to (action refs, measure codes) so references can be checked;
    pass None to skip those checks (e.g. when only the syntax matters).
    """
    problems = Problems()
    _unknown_keys(root, SURVEY_FIELDS, "", problems)
    slug = _text(root, "slug", "", problems)
    if slug and not SLUG.match(slug):
        problems.add(root, "slug", "must be lower-case letters, digits and hyphens", "slug")
    title = _text(root, "title", "", problems)
    plan = _text(root, "plan", "", problems, required=False)
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
    actions = _strings(_list(root, "actions", "", problems))
    if refs is not None:
        for ref in actions:
            if ref not in refs:
                problems.add(
                    root, "actions", f"'{ref}' is not an action of plan '{plan}'", "actions"
                )
    earlier: dict[str, QuestionSpec] = {}
    raw_questions = _list(root, "questions", "", problems)
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
        questions=tuple(earlier.values()),
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
