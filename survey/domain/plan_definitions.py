"""Plan definitions: the checked shape of a plan file (priorities, actions, measures and their
indicators, workstreams, networks), with the line and field of every problem."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from survey.domain.yaml_checks import (
    REF,
    SLUG,
    LineDict,
    Problems,
    field_date,
    field_list,
    field_number,
    field_text,
    read_yaml,
    strings,
    unknown_keys,
)

RAG_VALUES = {"red", "amber", "green", "blue", "none"}
INDICATOR_KINDS = {"count", "rate", "mean_score", "mean_sentiment", "figure"}
COUNT_OF = {"attending_las", "meetings", "responses", "submissions", "answers"}
ANSWER_OF = {"answers", "submissions"}


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


def _baseline(node: LineDict, path: str, problems: Problems) -> tuple[float | None, str | None]:
    baseline = node.get("baseline")
    if isinstance(baseline, LineDict):
        value = field_number(baseline, "value", f"{path}.baseline", problems)
        period = str(baseline["period"]) if baseline.get("period") is not None else None
        return value, period
    if baseline is not None:
        problems.add(
            node, f"{path}.baseline", "must be a mapping with value and period", "baseline"
        )
    return None, None


def _indicator(node: Any, path: str, problems: Problems) -> IndicatorSpec:
    if node is None:
        return IndicatorSpec()
    if not isinstance(node, LineDict):
        problems.add(node, path, "must be a mapping with kind, target, ...")
        return IndicatorSpec()
    unknown_keys(node, INDICATOR_FIELDS, path, problems)
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
    baseline_value, baseline_period = _baseline(node, path, problems)
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
        target=field_number(node, "target", path, problems),
        direction=direction,
        tolerance=field_number(node, "tolerance", path, problems),
        min_n=min_n,
        note=field_text(node, "note", path, problems, required=False),
    )


def _measures(root: LineDict, problems: Problems) -> list[MeasureDef]:
    measures: list[MeasureDef] = []
    seen: set[str] = set()
    for index, node in enumerate(field_list(root, "measures", "", problems)):
        path = f"measures[{index}]"
        if not isinstance(node, LineDict):
            problems.add(root, path, "must be a mapping with code and statement", "measures")
            continue
        unknown_keys(node, {"code", "statement", "keywords", "indicator"}, path, problems)
        code = field_text(node, "code", path, problems)
        statement = field_text(node, "statement", path, problems)
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
                    strings(field_list(node, "keywords", path, problems)),
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
    return status, field_text(review, "note", f"{path}.review", problems, required=False)


def _action(
    node: LineDict, path: str, priority: str, codes: set[str], problems: Problems
) -> ActionDef | None:
    unknown_keys(node, ACTION_FIELDS, path, problems)
    ref = field_text(node, "ref", path, problems)
    objective = field_text(node, "objective", path, problems)
    if ref and not REF.match(ref):
        problems.add(
            node, f"{path}.ref", f"'{ref}' must be short letters, digits, dots or hyphens", "ref"
        )
    measures = strings(field_list(node, "measures", path, problems))
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
        group=field_text(node, "group", path, problems, required=False),
        lead=field_text(node, "lead", path, problems, required=False),
        members=field_text(node, "members", path, problems, required=False),
        timeframe=field_text(node, "timeframe", path, problems, required=False),
        monitoring=field_text(node, "monitoring", path, problems, required=False),
        review_status=status,
        review_note=note,
        measures=measures,
        keywords=strings(field_list(node, "keywords", path, problems)),
    )


def _priorities(
    root: LineDict, codes: set[str], problems: Problems
) -> tuple[list[PriorityDef], list[ActionDef]]:
    priorities: list[PriorityDef] = []
    actions: list[ActionDef] = []
    refs: set[str] = set()
    for p_index, node in enumerate(field_list(root, "priorities", "", problems)):
        path = f"priorities[{p_index}]"
        if not isinstance(node, LineDict):
            problems.add(
                root, path, "must be a mapping with number, title and actions", "priorities"
            )
            continue
        unknown_keys(node, {"number", "title", "actions"}, path, problems)
        number = field_text(node, "number", path, problems)
        title = field_text(node, "title", path, problems)
        if number and title:
            priorities.append(PriorityDef(number, title))
        for a_index, action_node in enumerate(field_list(node, "actions", path, problems)):
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
    for index, node in enumerate(field_list(root, key, "", problems)):
        path = f"{key}[{index}]"
        if not isinstance(node, LineDict):
            problems.add(root, path, "must be a mapping with slug and name", key)
            continue
        slug = field_text(node, "slug", path, problems)
        if slug and not SLUG.match(slug):
            problems.add(
                node, f"{path}.slug", "must be lower-case letters, digits and hyphens", "slug"
            )
        entries.append((path, node))
    return entries


def check_plan(root: LineDict) -> PlanDef:
    """Check a parsed plan file; raise DomainError listing every problem."""
    problems = Problems()
    unknown_keys(root, PLAN_FIELDS, "", problems)
    slug = field_text(root, "slug", "", problems)
    if slug and not SLUG.match(slug):
        problems.add(root, "slug", "must be lower-case letters, digits and hyphens", "slug")
    title = field_text(root, "title", "", problems)
    measures = _measures(root, problems)
    codes = {m.code for m in measures}
    priorities, actions = _priorities(root, codes, problems)
    refs = {a.ref for a in actions}
    workstreams = []
    for path, node in _named_entries(root, "workstreams", problems):
        unknown_keys(node, {"slug", "name", "actions"}, path, problems)
        linked = strings(field_list(node, "actions", path, problems))
        for ref in linked:
            if ref not in refs:
                problems.add(
                    node, f"{path}.actions", f"'{ref}' is not an action in this plan", "actions"
                )
        name = field_text(node, "name", path, problems)
        if node.get("slug") and name:
            workstreams.append(WorkstreamDef(str(node["slug"]), name, linked))
    networks = []
    for path, node in _named_entries(root, "networks", problems):
        unknown_keys(node, {"slug", "name", "region", "measures"}, path, problems)
        linked = strings(field_list(node, "measures", path, problems))
        for code in linked:
            if code not in codes:
                problems.add(
                    node, f"{path}.measures", f"'{code}' is not a measure in this plan", "measures"
                )
        name = field_text(node, "name", path, problems)
        region = field_text(node, "region", path, problems)
        if node.get("slug") and name and region:
            networks.append(NetworkDef(str(node["slug"]), name, region, linked))
    problems.raise_if_any()
    return PlanDef(
        slug=slug or "",
        title=title or "",
        organisation=field_text(root, "organisation", "", problems, required=False),
        starts_on=field_date(root, "starts_on", "", problems),
        ends_on=field_date(root, "ends_on", "", problems),
        priorities=tuple(priorities),
        actions=tuple(actions),
        measures=tuple(measures),
        workstreams=tuple(workstreams),
        networks=tuple(networks),
    )


def load_plan_file(path: Path | str) -> PlanDef:
    return check_plan(read_yaml(path))


KIND_WORDS = {
    "count": "a count",
    "rate": "a rate of positive answers",
    "mean_score": "a mean score",
    "mean_sentiment": "a mean sentiment",
    "figure": "a figure entered by an officer",
}
REVIEW_LABEL_MAX = 100


def indicator_problems(spec: IndicatorSpec) -> dict[str, str]:
    """The rules ``plan load`` applies to an indicator, for one edited in the browser: each
    problem by field name, worded as a GOV.UK error message (what to do, naming the thing)."""
    problems: dict[str, str] = {}
    if spec.kind not in INDICATOR_KINDS:
        problems["kind"] = "Select what kind of indicator the measure has"
    elif spec.kind == "count" and spec.of not in COUNT_OF:
        problems["of"] = (
            "Select what a count indicator counts: attending LAs, meetings, responses, "
            "submissions or answers"
        )
    elif spec.kind in {"rate", "mean_score", "mean_sentiment"} and spec.of not in ANSWER_OF:
        problems["of"] = f"Select answers or submissions for {KIND_WORDS[spec.kind]}"
    if spec.direction not in {"higher", "lower"}:
        problems["direction"] = "Select whether higher or lower is better"
    if len(spec.unit) > 16:
        problems["unit"] = "Unit must be 16 characters or fewer"
    if spec.baseline_period is not None and len(spec.baseline_period) > 32:
        problems["baseline_period"] = "Baseline period must be 32 characters or fewer"
    if spec.baseline_period and spec.baseline_value is None:
        problems["baseline_value"] = "Enter the baseline value for the baseline period"
    if spec.min_n < 1:
        problems["min_n"] = "Minimum number must be a whole number of 1 or more"
    if spec.tolerance is not None and spec.tolerance < 0:
        problems["tolerance"] = "RAG tolerance must be 0 or more"
    return problems


def keywords_from_text(text: str | None) -> tuple[str, ...]:
    """Keywords typed one a line or separated by commas, trimmed, blanks and repeats dropped."""
    seen: list[str] = []
    for part in (text or "").replace(",", "\n").splitlines():
        word = part.strip()
        if word and word.lower() not in {s.lower() for s in seen}:
            seen.append(word)
    return tuple(seen)
