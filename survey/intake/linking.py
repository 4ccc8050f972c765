"""Linking evidence to the action plan: suggestions for free text at intake, and the officer's
confirm / reject / relink / manual link, every change audited.

The matcher is built once per plan state and reused (suggesting is on the intake path). A rejected
suggestion is never suggested again for the same evidence.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from analysis.matching import DEFAULT_THRESHOLD, Matcher, PlanTarget, Suggestion
from storage.repositories import audit, link_review, links, plans, texts
from survey.domain.errors import DomainError, NotFound

if TYPE_CHECKING:
    from storage.models import Link

REVIEWABLE = {"answer", "staff_submission", "meeting"}
_cache_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "matcher": None, "ids": {}}
SESSION_MATCHER = "yousaid.linking.matcher"


def plan_targets(session: Session) -> list[link_review.PlanTargetRow]:
    """Every action and measure of the active plans, as the matcher indexes them."""
    return link_review.list_plan_targets(session)


def build_matcher(
    rows: list[link_review.PlanTargetRow], threshold: float = DEFAULT_THRESHOLD
) -> Matcher:
    return Matcher(
        [PlanTarget(r.kind, r.ref, r.text, r.keywords, r.measures) for r in rows], threshold
    )


def matcher_for(session: Session) -> tuple[Matcher, dict[tuple[str, str], int]]:
    """The matcher over the active plans, rebuilt only when what it indexes has changed.

    The cache is keyed on the targets themselves (text, keywords, ids), not on when a plan was
    loaded: reloading a plan with new keywords does not touch the plan row, and tests run two
    databases in one process. Reading the targets is two small queries; building is the cost.
    """
    in_session = session.info.get(SESSION_MATCHER)
    if in_session is not None:
        return in_session  # type: ignore[no-any-return]  # already read in this unit of work: one read per request, not per text
    rows = plan_targets(session)
    key = tuple(rows)
    with _cache_lock:
        if _cache["key"] != key:
            _cache.update(
                key=key,
                matcher=build_matcher(rows),
                ids={(r.kind, r.ref): r.target_id for r in rows},
            )
        found = _cache["matcher"], _cache["ids"]
    session.info[SESSION_MATCHER] = found
    return found


def forget_plan_targets(session: Session) -> None:
    """A plan changed in this unit of work: the next suggestion reads the targets again."""
    session.info.pop(SESSION_MATCHER, None)


def suggest_links(session: Session, kind: str, evidence_id: int, text: str) -> list[Any]:
    """Store suggested links for one piece of free text (skipping rejected and existing ones)."""
    if not text or not text.strip():
        return []
    matcher, ids = matcher_for(session)
    skip = link_review.existing_targets(session, kind, evidence_id)
    stored = []
    for suggestion in matcher.suggest(text):
        target_id = ids.get((suggestion.kind, suggestion.ref))
        if target_id is None or (suggestion.kind, target_id) in skip:
            continue
        stored += _store_suggestion(session, kind, evidence_id, suggestion, target_id)
    return stored


def _store_suggestion(
    session: Session, kind: str, evidence_id: int, suggestion: Suggestion, target_id: int
) -> list[Any]:
    target = (
        {"action_ids": [target_id]} if suggestion.kind == "action" else {"measure_ids": [target_id]}
    )
    return links.create_links(
        session,
        kind,
        evidence_id,
        "suggested",
        created_by="matcher",
        score=round(suggestion.score, 4),
        matched_terms=list(suggestion.matched_terms),
        **target,
    )


@dataclass(frozen=True)
class RebuildResult:
    texts: int
    suggested: int
    kept: dict[str, int]  # reviewed links left as they were, by method

    def __str__(self) -> str:
        kept = ", ".join(f"{count} {method}" for method, count in self.kept.items())
        return f"Matched {self.texts} texts: {self.suggested} suggested links (kept {kept})."


def count_texts(session: Session) -> int:
    """Free texts a rebuild reads: answers, staff submissions and hub meetings' notes."""
    return texts.count_texts_to_score(session) + link_review.count_meeting_notes(session)


def rebuild_suggestions(
    session: Session, progress: Callable[[int], None] = lambda _n: None
) -> RebuildResult:
    """Recompute every suggestion after the plan changes; reviewed links are kept as they are.

    Only unreviewed suggestions are deleted. Confirmed, rejected, manual and declared links stay,
    and because suggest_links skips any target a text already has a link to, a rejected
    suggestion is not made again and a confirmed one is not duplicated.
    """
    link_review.delete_suggestions(session)
    session.flush()
    created = seen = 0
    batches = itertools.chain(
        texts.iter_texts_to_score(session), link_review.iter_meeting_notes(session)
    )
    for batch in batches:
        for kind, record_id, text in batch:
            created += len(suggest_links(session, kind, record_id, text))
        seen += len(batch)
        session.flush()
        progress(len(batch))
    counts = links.count_links_by_method(session)
    kept = {
        method: counts.get(method, 0) for method in ("confirmed", "rejected", "manual", "declared")
    }
    return RebuildResult(seen, created, kept)


def _link_or_404(session: Session, link_id: int) -> Any:
    link = link_review.get_link(session, link_id)
    if link is None:
        raise NotFound("That link no longer exists", field="link")
    return link


def confirm_link(session: Session, link_id: int, actor: str) -> Any:
    link = _link_or_404(session, link_id)
    link_review.update_link(session, link, method="confirmed", created_by=actor)
    audit.create_audit_event(session, actor, "link.confirmed", "link", link.id, _describe(link))
    return link


def reject_link(session: Session, link_id: int, actor: str) -> Any:
    """Keep the rejected link (so it is never suggested again) but stop counting it."""
    link = _link_or_404(session, link_id)
    link_review.update_link(session, link, method="rejected", created_by=actor)
    audit.create_audit_event(session, actor, "link.rejected", "link", link.id, _describe(link))
    return link


def relink(
    session: Session, link_id: int, action_ref: str | None, measure_code: str | None, actor: str
) -> Any:
    """Move a link to another action or measure: the old one is rejected, the new one confirmed.

    Moving a link to where it already points just confirms it (rejecting it would undo the move).
    """
    link = _link_or_404(session, link_id)
    if _points_at(link, action_ref, measure_code):
        return confirm_link(session, link_id, actor)
    kind, evidence_id = link.evidence_kind.value, link.evidence_id
    new = add_link(session, kind, evidence_id, action_ref, measure_code, actor, method="confirmed")
    reject_link(session, link_id, actor)
    audit.create_audit_event(session, actor, "link.moved", "link", link.id, {"to": new.id})
    return new


def _points_at(link: Link, action_ref: str | None, measure_code: str | None) -> bool:
    if action_ref and link.action is not None:
        return bool(link.action.ref == action_ref)
    if measure_code and link.measure is not None:
        return bool(link.measure.code == measure_code)
    return False


def add_link(
    session: Session,
    kind: str,
    evidence_id: int,
    action_ref: str | None,
    measure_code: str | None,
    actor: str,
    method: str = "manual",
) -> Any:
    """An officer links evidence by hand to one action or one measure."""
    if bool(action_ref) == bool(measure_code):
        raise DomainError("Choose one action or one measure to link to", field="target")
    target: dict[str, list[int]] = {}
    if action_ref:
        action = plans.find_action_by_ref(session, action_ref)
        if action is None:
            raise NotFound(f"There is no action {action_ref}", field="action")
        target = {"action_ids": [action.id]}
    else:
        measure = plans.find_measure_by_code(session, measure_code or "")
        if measure is None:
            raise NotFound(f"There is no measure {measure_code}", field="measure")
        target = {"measure_ids": [measure.id]}
    existing = [
        found
        for found in links.list_links_for(session, kind, evidence_id)
        if found.action_id in target.get("action_ids", [])
        or found.measure_id in target.get("measure_ids", [])
    ]
    if existing:
        link = existing[0]
        link_review.update_link(session, link, method=method, created_by=actor)
    else:
        link = links.create_links(
            session,
            kind,
            evidence_id,
            method,
            action_ids=target.get("action_ids", ()),
            measure_ids=target.get("measure_ids", ()),
            created_by=actor,
        )[0]
    audit.create_audit_event(session, actor, f"link.{method}", "link", link.id, _describe(link))
    return link


def _describe(link: Link) -> dict[str, Any]:
    if link.action is not None:
        target = f"action {link.action.ref}"
    else:
        assert link.measure is not None  # a link points at an action or at a measure
        target = f"measure {link.measure.code}"
    return {"evidence": f"{link.evidence_kind.value}:{link.evidence_id}", "target": target}
