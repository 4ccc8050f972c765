"""Importing a plan from the council's own Word, Excel or CSV table: one road for the command
line and the browser.

read the file -> choose the tables and the column mapping (the officer's, else the one
remembered for this plan and kind of file, else the one the headers suggest) -> read the rows
into the same definition ``yousaid plan load`` reads -> check it with the same rules
(``check_plan``) -> a preview of what would be created, changed, left alone and removed ->
only on confirmation, save it with ``store_plan`` (the same refusal to orphan linked evidence)
and remember the mapping for next month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from sqlalchemy.orm import Session

from storage.repositories import plan_import_mappings, plans
from survey.domain.errors import Conflict, DomainError, FieldProblem
from survey.domain.plan_definitions import ActionDef, MeasureDef, PlanDef, check_plan
from survey.domain.plan_tables import (
    FIELDS,
    ColumnMapping,
    ImportWarning,
    SourceTable,
    canonical_code,
    check_mapping,
    header_key,
    header_row,
    merge_stored,
    propose_mapping,
    read_plan_tables,
)
from survey.domain.yaml_checks import LineDict, LineList
from survey.intake.loading import store_plan
from survey.intake.plan_files import read_tables

if TYPE_CHECKING:
    from storage.models import Plan

ACTION_FIELDS = (
    "priority",
    "objective",
    "group",
    "lead",
    "members",
    "timeframe",
    "monitoring",
    "review_status",
    "review_note",
    "measures",
)


@dataclass
class ImportPreview:
    kind: str
    slug: str
    title: str
    exists: bool
    mapping: ColumnMapping
    mapping_source: str  # "given", "remembered" or "proposed"
    tables: list[SourceTable]
    plan: PlanDef | None
    warnings: list[ImportWarning] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the plan's checks: nothing can be saved
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # removals that linked evidence blocks
    # Removals that monthly reviews block (saving would delete the action's review history).
    reviewed: list[str] = field(default_factory=list)

    @property
    def can_save(self) -> bool:
        return (
            self.plan is not None and not self.problems and not self.refused and not self.reviewed
        )

    def headers(self) -> list[str]:
        """Each chosen table's header texts, in order, without repeats (for the mapping form)."""
        seen: list[str] = []
        for index in self.mapping.tables:
            table = self.tables[index]
            position = header_row(table)
            if position is None:
                continue
            for header in (header_key(h) for h in table.rows[position].cells):
                if header and header not in seen:
                    seen.append(header)
        return seen

    def lines(self) -> list[str]:
        verb = "update" if self.exists else "create"
        out = [f"Importing {self.kind} as plan '{self.slug}' ({self.title}): this would {verb} it."]
        names = ", ".join(self.tables[i].name for i in self.mapping.tables)
        out.append(f"Mapping ({self.mapping_source}), from {names}:")
        for header in self.headers():
            field_name = self.mapping.columns.get(header, "")
            out.append(f"  {header!r} -> {field_name or '(left out)'}")
        for title, items in (
            ("Created", self.created),
            ("Changed", self.changed),
            ("Removed", self.removed),
        ):
            out.append(f"{title}: {len(items)}")
            out += [f"  {item}" for item in items]
        out.append(f"Left alone: {len(self.unchanged)}")
        if self.refused:
            out.append(
                f"Refused: {', '.join(self.refused)} would be removed but evidence is linked to "
                "them. Move or remove those links first, or keep them in the file."
            )
        if self.reviewed:
            out.append(
                f"Refused: {', '.join(self.reviewed)} would be removed but monthly reviews are "
                "recorded for them. Keep them in the file."
            )
        out.append(f"Warnings: {len(self.warnings)}")
        out += [f"  {warning}" for warning in self.warnings]
        if self.problems:
            out.append(f"Problems: {len(self.problems)} (nothing can be saved)")
            out += [f"  {problem}" for problem in self.problems]
        return out


def slug_from_name(name: str) -> str:
    stem = Path(name).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:100]
    return slug or "imported-plan"


def read_mapping_file(path: Path) -> Any:
    if not path.is_file():
        raise DomainError(f"There is no mapping file at {path}", field="mapping")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        raise DomainError(f"{path.name} is not a readable YAML mapping file", "mapping") from None


def mapping_yaml(mapping: ColumnMapping, tables: list[SourceTable]) -> str:
    names = ", ".join(f"{t.index} = {t.name}" for t in tables)
    head = (
        "# Which tables to read (numbers from 0, or sheet names) and which column holds which\n"
        f"# field. Tables in the file: {names}.\n"
        f"# Fields: {', '.join(FIELDS)}; leave a field empty to leave the column out.\n"
    )
    return head + yaml.safe_dump(mapping.as_dict(), sort_keys=False, allow_unicode=True)


def preview_import(
    session: Session,
    data: bytes,
    name: str,
    slug: str | None = None,
    title: str | None = None,
    mapping: Any = None,
) -> ImportPreview:
    """Read the file and say what saving it would do; store nothing. Raises DomainError for a
    file that cannot be imported at all (one problem per line)."""
    kind, tables = read_tables(data, name)
    slug = slug or slug_from_name(name)
    stored_plan = plans.get_plan_by_slug(session, slug)
    if mapping is not None:
        chosen, source = check_mapping(mapping, tables), "given"
    elif (remembered := plan_import_mappings.get_mapping(session, slug, kind)) is not None:
        try:
            chosen, source = check_mapping(remembered, tables), "remembered"
        except DomainError:
            chosen, source = propose_mapping(tables), "proposed"
    else:
        chosen, source = propose_mapping(tables), "proposed"
    stored = _stored_definition(stored_plan) if stored_plan is not None else None
    stored_measures: list[Any] = stored.get("measures", []) if stored is not None else []
    known = {canonical_code(m["code"]): m["code"] for m in stored_measures}
    plan_title = title or (stored_plan.title if stored_plan else Path(name).stem)[:300]
    reading = read_plan_tables(tables, chosen, slug, plan_title, known)
    definition = reading.definition
    if stored is not None:
        definition = merge_stored(definition, stored, set(chosen.columns.values()))
    preview = ImportPreview(
        kind, slug, plan_title, stored_plan is not None, chosen, source, tables, None
    )
    preview.warnings = reading.warnings
    try:
        preview.plan = check_plan(definition)
    except DomainError as error:
        preview.problems = [_as_rows(problem) for problem in error.problems]
        return preview
    _compare(session, preview, preview.plan, stored_plan)
    return preview


def save_import(
    session: Session, preview: ImportPreview, actor: str, as_new: bool | None = None
) -> str:
    """Save what the preview showed. ``as_new`` True refuses an existing plan of that slug,
    False refuses a missing one, None takes either. Remembers the mapping."""
    if preview.problems or preview.plan is None:
        raise DomainError([FieldProblem("file", p) for p in preview.problems])
    if as_new is True and preview.exists:
        raise Conflict(
            f"A plan called '{preview.slug}' exists already: import it as an update, or give "
            "the new plan another short name",
            field="slug",
        )
    if as_new is False and not preview.exists:
        raise DomainError(f"There is no plan called '{preview.slug}' to update", field="slug")
    said = store_plan(
        session,
        preview.plan,
        actor,
        event="plan.imported",
        details={"source": preview.kind, "warnings": len(preview.warnings)},
    )
    plan_import_mappings.save_mapping(
        session, preview.slug, preview.kind, preview.mapping.as_dict(), actor
    )
    return said


def _as_rows(problem: FieldProblem) -> str:
    """check_plan names lines and paths; in an imported table they are rows and fields:
    "row 2: timeframe must be 100 characters or fewer"."""
    name = problem.field.rsplit(".", 1)[-1] if problem.field else ""
    match = re.match(r"^line (\d+): (.*)$", problem.message, re.S)
    where, message = (f"row {match.group(1)}: ", match.group(2)) if match else ("", problem.message)
    return f"{where}{name} {message}".strip() if name else f"{where}{message}"


def _compare(
    session: Session, preview: ImportPreview, new: PlanDef, stored_plan: Plan | None
) -> None:
    if stored_plan is None:
        preview.created = [f"measure {m.code}" for m in new.measures]
        preview.created += [f"action {a.ref}" for a in new.actions]
        return
    old = check_plan(_line(_stored_definition(stored_plan)))
    old_measures = {m.code: m for m in old.measures}
    old_actions = {a.ref: a for a in old.actions}
    for measure in new.measures:
        _sort(
            preview,
            f"measure {measure.code}",
            _measure_diff(old_measures.get(measure.code), measure),
        )
    for action in new.actions:
        _sort(preview, f"action {action.ref}", _action_diff(old_actions.get(action.ref), action))
    gone_codes = [c for c in old_measures if c not in {m.code for m in new.measures}]
    gone_refs = [r for r in old_actions if r not in {a.ref for a in new.actions}]
    preview.removed = [f"measure {c}" for c in gone_codes] + [f"action {r}" for r in gone_refs]
    preview.refused = plans.linked_to_evidence(session, stored_plan.id, gone_refs, gone_codes)
    preview.reviewed = plans.with_reviews(session, stored_plan.id, gone_refs)


def _sort(preview: ImportPreview, label: str, diff: list[str] | None) -> None:
    if diff is None:
        preview.created.append(label)
    elif diff:
        preview.changed.append(f"{label}: {', '.join(diff)}")
    else:
        preview.unchanged.append(label)


def _measure_diff(old: MeasureDef | None, new: MeasureDef) -> list[str] | None:
    if old is None:
        return None
    return ["statement"] if old.statement != new.statement else []


def _action_diff(old: ActionDef | None, new: ActionDef) -> list[str] | None:
    if old is None:
        return None
    # An action's measures are listed in the plan's order of measures, whatever the cell's.
    changed = []
    for name in ACTION_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if name == "measures":
            before, after = sorted(before), sorted(after)
        if before != after:
            changed.append(name)
    return changed


def _line(value: Any) -> Any:
    """Plain dicts and lists as the LineDict and LineList check_plan expects."""
    if isinstance(value, dict):
        node = LineDict({k: _line(v) for k, v in value.items()})
        node.line, node.key_lines = 0, {}
        return node
    if isinstance(value, list):
        items = LineList(_line(v) for v in value)
        items.line = 0
        return items
    return value


def _stored_definition(plan: Plan) -> LineDict:
    """The stored plan in the shape of a plan file, to merge with and compare against."""
    measures = []
    for m in plan.measures:
        entry: dict[str, Any] = {"code": m.code, "statement": m.statement}
        if m.keywords:
            entry["keywords"] = list(m.keywords)
        i = m.indicator
        if i is not None:
            indicator: dict[str, Any] = {
                "kind": i.kind.value,
                "unit": i.unit,
                "direction": i.direction.value,
                "min_n": i.min_n,
            }
            if i.baseline_value is not None:
                indicator["baseline"] = {"value": i.baseline_value, "period": i.baseline_period}
            for key in ("of", "target", "tolerance", "note"):
                if getattr(i, key) is not None:
                    indicator[key] = getattr(i, key)
            entry["indicator"] = indicator
        measures.append(entry)
    priorities = []
    for p in plan.priorities:
        actions = []
        for a in p.actions:
            action: dict[str, Any] = {"ref": a.ref, "objective": a.objective}
            for key, value in (
                ("group", a.group_name),
                ("lead", a.lead),
                ("members", a.members),
                ("timeframe", a.timeframe),
                ("monitoring", a.monitoring),
            ):
                if value is not None:
                    action[key] = value
            action["review"] = {"status": a.review_status.value}
            if a.review_note is not None:
                action["review"]["note"] = a.review_note
            if a.measures:
                action["measures"] = [m.code for m in a.measures]
            if a.keywords:
                action["keywords"] = list(a.keywords)
            actions.append(action)
        priorities.append({"number": p.number, "title": p.title, "actions": actions})
    plan_dict: dict[str, Any] = {"slug": plan.slug, "title": plan.title}
    for key in ("organisation", "starts_on", "ends_on"):
        if getattr(plan, key) is not None:
            plan_dict[key] = getattr(plan, key)
    plan_dict["measures"] = measures
    plan_dict["priorities"] = priorities
    result: LineDict = _line(plan_dict)
    return result
