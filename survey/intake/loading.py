"""Loading plans, surveys and organisations from files: check everything, then store it all or
nothing, and record who did it in the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from storage.repositories import audit, organisations, plans, surveys
from storage.repositories.plans import LinkedEvidenceError, ReviewHistoryError
from survey.domain.errors import Conflict, DomainError
from survey.domain.plan_definitions import PlanDef, check_plan
from survey.domain.survey_definitions import check_survey
from survey.domain.yaml_checks import LineDict, Problems, read_yaml
from survey.intake.linking import forget_plan_targets

ORGANISATION_KINDS = ("la", "school", "setting", "college", "service")


def load_plan(session: Session, path: Path, actor: str) -> str:
    return store_plan(session, check_plan(read_yaml(path)), actor)


def store_plan(
    session: Session,
    definition: PlanDef,
    actor: str,
    event: str = "plan.loaded",
    details: dict[str, Any] | None = None,
) -> str:
    """Save a checked plan (from a YAML file or an imported table) and audit it; refuse, as a
    Conflict, to remove an action or measure that evidence is linked to."""
    try:
        with session.begin_nested():
            changes = plans.save_plan(session, definition)
        forget_plan_targets(session)
    except LinkedEvidenceError as error:
        raise Conflict(
            f"Cannot remove {', '.join(error.refs)} from plan '{definition.slug}': evidence is linked "
            "to it. Move or remove those links first, or keep it in the file",
            field="plan",
        ) from None
    except ReviewHistoryError as error:
        raise Conflict(
            f"Cannot remove {', '.join(error.refs)} from plan '{definition.slug}': its monthly "
            "reviews are recorded in yousaid. Keep it in the file",
            field="plan",
        ) from None
    audit.create_audit_event(
        session,
        actor,
        event,
        "plan",
        definition.slug,
        {
            "created": changes.created,
            "actions_added": changes.actions_added,
            "actions_removed": changes.actions_removed,
            "measures_added": changes.measures_added,
            **(details or {}),
        },
    )
    verb = "Created" if changes.created else "Updated"
    return (
        f"{verb} plan '{definition.slug}': {len(definition.priorities)} priorities, "
        f"{len(definition.actions)} actions ({changes.actions_added} new, {changes.actions_removed} removed), "
        f"{len(definition.measures)} measures."
    )


def load_survey_file(session: Session, path: Path, actor: str) -> str:
    definition = check_survey(read_yaml(path), plans.plan_references(session))
    saved = surveys.save_survey_version(session, definition)
    if not saved.created_version:
        return f"Survey '{definition.slug}' is unchanged (version {saved.version.version})."
    audit.create_audit_event(
        session,
        actor,
        "survey.version_created",
        "survey",
        definition.slug,
        {"version": saved.version.version, "questions": len(definition.questions)},
    )
    return (
        f"Loaded survey '{definition.slug}' version {saved.version.version} with "
        f"{len(definition.questions)} questions."
    )


def load_organisations(session: Session, path: Path, actor: str) -> int:
    root = read_yaml(path)
    rows = _check_organisations(root)
    known = {row["code"] for row in rows}
    for row in sorted(rows, key=lambda r: r.get("la") is not None):  # LAs before their schools
        parent = row.get("la")
        if (
            parent
            and parent not in known
            and organisations.get_organisation_by_code(session, parent) is None
        ):
            raise DomainError(
                f"'{row['code']}' names LA '{parent}', which is not loaded", field="la"
            )
        organisations.upsert_organisation(
            session,
            row["code"],
            row["name"],
            row["kind"],
            region=row.get("region"),
            dfe_code=row.get("dfe_code"),
            parent_code=parent,
        )
    audit.create_audit_event(
        session, actor, "organisations.loaded", "organisation", None, {"count": len(rows)}
    )
    return len(rows)


def _check_organisations(root: LineDict) -> list[dict[str, Any]]:
    problems = Problems()
    entries = root.get("organisations")
    if not isinstance(entries, list) or not entries:
        problems.add(root, "organisations", "must be a list of organisations", "organisations")
        entries = []
        problems.raise_if_any()
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, node in enumerate(entries):
        path = f"organisations[{index}]"
        if not isinstance(node, LineDict):
            problems.add(root, path, "must be a mapping with code, name and kind", "organisations")
            continue
        for key in ("code", "name", "kind"):
            if not node.get(key):
                problems.add(node, f"{path}.{key}", "is required", key)
        if node.get("kind") and node["kind"] not in ORGANISATION_KINDS:
            problems.add(
                node, f"{path}.kind", f"must be one of {', '.join(ORGANISATION_KINDS)}", "kind"
            )
        code = str(node.get("code", ""))
        if code in seen:
            problems.add(node, f"{path}.code", f"'{code}' is used twice", "code")
        seen.add(code)
        rows.append({k: (str(v) if v is not None else None) for k, v in node.items()})
    problems.raise_if_any()
    return rows
