"""The officers' review queue for suggested links, and each action's page with all its evidence.

Roles follow the dashboard (``survey.web.views.dashboard.base``): admins and officers review
links; an officer tied to an LA sees only parents' answers attributed to that LA. Hub leads may read an
action's page (they read everything but attendance of other networks) but not the queue, which is
officers' work on people's words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from analysis.indicator_arithmetic import format_value
from analysis.periods import parse_period, period_containing, period_problem
from analysis.suppression import QUOTES_SHOWN, pool_table, quotes_to_show
from forms.review import QueueFilterForm, ReviewForm
from storage.repositories import link_review, plans
from storage.repositories.indicator_totals import EvidenceFilter, list_figures
from storage.repositories.organisations import list_las
from survey.domain.errors import DomainError
from survey.intake import linking
from survey.officers.indicator_service import compute_indicators, published
from survey.officers.plan_editing import review_history
from survey.web.extensions import commit_request, db_session
from survey.web.redaction_names import redact_text
from survey.web.session_auth import login_required
from survey.web.views.dashboard.base import EDITORS, EVERYONE, Access, access, threshold

if TYPE_CHECKING:
    from storage.models import Action, Link

blueprint = Blueprint("review", __name__, url_prefix="/dashboard")

SOURCES = (
    ("web", "Web survey"),
    ("slack", "Slack"),
    ("teams", "Microsoft Teams"),
    ("import", "Import"),
    ("cli", "Command line"),
    ("demo", "Demo data"),
    (link_review.MEETING_NOTES, "Hub meeting notes"),
)
DECISIONS = {"confirm": "confirmed", "reject": "rejected", "move": "moved"}
PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueView:
    form: QueueFilterForm
    where: link_review.QueueFilter
    args: dict[str, str]


def _queue_filters(session: Session, who: Access) -> QueueView:
    form = QueueFilterForm(request.args, meta={"csrf": False}, check_period=period_problem)
    actions = plans.list_actions(session)
    measures = plans.list_measures(session)
    las = list_las(session)
    form.action.choices = [("", "All actions")] + [(a.ref, f"{a.ref}") for a in actions]
    form.measure.choices = [("", "All measures")] + [(m.code, m.code) for m in measures]
    form.source.choices = [("", "All sources"), *SOURCES]
    form.la.choices = [("", "All local authorities")] + [(o.code, o.name) for o in las]
    valid = form.validate() if request.args else True
    la = form.la.data if form.la.data in {o.code for o in las} else None
    if who.organisation_id is not None:
        mine = next((o for o in las if o.id == who.organisation_id), None)
        if la not in (None, mine.code if mine else None):
            abort(403)  # another LA's evidence
        la = mine.code if mine else "-"
        form.la.choices = [(mine.code, mine.name)] if mine else []
        form.la.data = la
    since = until = None
    if valid and form.period.data:
        chosen = parse_period(form.period.data)
        since = dt.datetime.combine(chosen.start, dt.time())
        until = dt.datetime.combine(chosen.end, dt.time())
    where = link_review.QueueFilter(
        action=form.action.data if form.action.data in {a.ref for a in actions} else None,
        measure=form.measure.data if form.measure.data in {m.code for m in measures} else None,
        source=form.source.data if form.source.data in dict(SOURCES) else None,
        organisation=la,
        since=since,
        until=until,
    )
    args = {
        name: str(form[name].data)
        for name in ("action", "measure", "source", "la", "period")
        if form[name].data
    }
    return QueueView(form, where, args)


def _target_choices(session: Session) -> list[tuple[str, str]]:
    choices = [("", "Choose an action or measure")]
    choices += [
        (f"action:{a.ref}", f"Action {a.ref}: {_short(a.objective)}")
        for a in plans.list_actions(session)
    ]
    choices += [
        (f"measure:{m.code}", f"Measure {m.code}: {_short(m.statement)}")
        for m in plans.list_measures(session)
    ]
    return choices


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


# --- the queue ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    link: Link
    evidence: link_review.EvidenceView
    text: str  # redacted
    target: str


def _target_words(link: Link) -> str:
    if link.action is not None:
        return f"Action {link.action.ref}: {_short(link.action.objective)}"
    # A link points at an action or a measure (a check constraint in the table says so).
    assert link.measure is not None  # nosec B101
    return f"Measure {link.measure.code}: {_short(link.measure.statement)}"


def _queue_page(form: ReviewForm | None = None, status: int = 200) -> tuple[str, int]:
    session, who = db_session(), access()
    view = _queue_filters(session, who)
    page = max(1, request.args.get("page", 1, type=int) or 1)
    found = link_review.list_suggestions(session, view.where, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    total = link_review.count_suggestions(session, view.where)
    evidence = link_review.describe_evidence(
        session, [(link.evidence_kind.value, link.evidence_id) for link in found]
    )
    items = []
    for link in found:
        shown = evidence.get((link.evidence_kind.value, link.evidence_id))
        if shown is not None:
            items.append(QueueItem(link, shown, redact_text(shown.text), _target_words(link)))
    form = form or ReviewForm()
    form.target.choices = _target_choices(session)
    reviewed = request.args.get("reviewed", type=int)
    decision = DECISIONS.get(request.args.get("decision", ""))
    return render_template(
        "review/queue.html",
        # The base template's error summary shows `form`'s errors: the filters' when they are wrong.
        form=view.form if view.form.errors else form,
        review_form=form,
        filter_form=view.form,
        view=view,
        items=items,
        total=total,
        page=page,
        pages=max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE),
        reviewed=reviewed,
        decision=decision,
        skipped=request.args.get("skipped", 0, type=int),
        sources=dict(SOURCES),
        who=who,
    ), status


@blueprint.get("/links")
@login_required(*EDITORS)
def queue() -> tuple[str, int]:
    return _queue_page()


@blueprint.post("/links")
@login_required(*EDITORS)
def decide() -> tuple[str, int] | Response:
    session, who = db_session(), access()
    form = ReviewForm()
    form.target.choices = _target_choices(session)
    if not form.validate_on_submit():
        return _queue_page(form, 400)
    decision, link_ids = _decision(form)
    if decision is None:
        return _queue_page(form, 400)
    action_ref = measure_code = None
    if decision == "move":
        kind, _, ref = (form.target.data or "").partition(":")
        if kind not in ("action", "measure") or not ref:
            form.target.errors = ["Choose an action or measure to move the ticked links to"]
            return _queue_page(form, 400)
        action_ref, measure_code = (ref, None) if kind == "action" else (None, ref)
    done = skipped = 0
    for link in link_review.list_links_by_id(session, link_ids):
        if link.method.value != "suggested":
            skipped += 1  # another officer got there first
            continue
        _check_may_review(session, who, link)
        try:
            if decision == "confirm":
                linking.confirm_link(session, link.id, who.actor)
            elif decision == "reject":
                linking.reject_link(session, link.id, who.actor)
            else:
                linking.relink(session, link.id, action_ref, measure_code, who.actor)
        except DomainError as error:
            form.target.errors = [error.message]
            session.rollback()
            return _queue_page(form, 400)
        done += 1
    commit_request()
    skipped += len(set(link_ids)) - done - skipped
    kept: dict[str, Any] = {
        k: v for k, v in request.args.items() if k not in ("reviewed", "decision", "skipped")
    }
    return redirect(
        url_for(
            "review.queue",
            **kept,
            reviewed=done,
            decision=decision,
            skipped=skipped or None,
        )
    )


def _decision(form: ReviewForm) -> tuple[str | None, list[int]]:
    """The button pressed: one item's ("confirm:12") or a bulk one with ticked items."""
    one = request.form.get("one", "")
    if one:
        decision, _, raw = one.partition(":")
        if decision in ("confirm", "reject") and raw.isdigit():
            return decision, [int(raw)]
        abort(400)
    decision = request.form.get("decision", "")
    if decision not in DECISIONS:
        abort(400)
    if not form.links.data:
        form.links.errors = ["Tick at least one suggested link"]
        return None, []
    return decision, list(form.links.data)


def _check_may_review(session: Session, who: Access, link: Link) -> None:
    """An officer tied to an LA may review only their LA's parents' answers."""
    if who.organisation_id is None:
        return
    shown = link_review.describe_evidence(
        session, [(link.evidence_kind.value, link.evidence_id)]
    ).get((link.evidence_kind.value, link.evidence_id))
    if shown is None or shown.organisation_id != who.organisation_id:
        abort(403)


# --- an action's page ---------------------------------------------------------------------------


@blueprint.get("/actions/<plan>/<ref>")
@login_required(*EVERYONE)
def action(plan: str, ref: str) -> str:
    session, who = db_session(), access()
    found = link_review.get_action(session, plan, ref)
    if found is None:
        abort(404)
    limit = threshold()
    exact = request.args.get("exact") == "1" and who.may_see_exact
    dates = link_review.list_action_evidence_dates(session, found.id, who.organisation_id)
    comments, comments_held_back = quotes_to_show(
        link_review.list_action_comments(session, found.id, who.organisation_id),
        exact,
        cap=50 if exact else QUOTES_SHOWN,
    )
    measure_ids = [m.id for m in found.measures]
    meetings = link_review.list_meetings_for_measures(session, measure_ids)
    if who.role == "hub_lead":
        meetings = [m for m in meetings if m.network_id == who.network_id]
    return render_template(
        "review/action.html",
        action=found,
        table=_counts_table(dates, limit, exact),
        comments=[(link, shown, redact_text(shown.text)) for link, shown in comments],
        comments_held_back=comments_held_back,
        quotes_shown=QUOTES_SHOWN,
        meetings=meetings,
        measures=_measure_values(session, found, who, limit, exact),
        who=who,
        exact=exact,
        threshold=limit,
        history=review_history(session, found.id),
    )


SOURCE_WORDS = dict(SOURCES)


def _counts_table(
    dates: list[tuple[str, str, dt.datetime]], limit: int, exact: bool
) -> dict[str, Any]:
    """Evidence by month (rows, latest first) and source (columns), pooled like the API's counts.

    Each month x source cell is an atom; a small one is withheld and left out of its month's
    total, so no total here, minus the dashboard's or another month's figures, gives it back
    (per-table secondary suppression protected this table only, not it against the next query).
    """
    counts = Counter((at.strftime("%Y-%m"), channel) for _kind, channel, at in dates)
    months = sorted({month for month, _ in counts}, reverse=True)[:12]
    sources = [s for s, _ in SOURCES if any(channel == s for _m, channel in counts)]
    grid = [[counts.get((month, source), 0) for source in sources] for month in months]
    atoms = {(month, source, None): float(n) for (month, source), n in counts.items()}
    table = pool_table(atoms, months, sources, threshold=1 if exact else limit)
    return {
        "months": [dt.datetime.strptime(m, "%Y-%m").strftime("%B %Y") for m in months],
        "sources": [SOURCE_WORDS.get(s, s) for s in sources],
        "cells": table.cells,
        "row_totals": table.row_totals,
        "column_totals": table.column_totals,
        "total": table.grand_total,
        "older": len(dates) - sum(sum(row) for row in grid),
    }


def _measure_values(
    session: Session, action: Action, who: Access, limit: int, exact: bool
) -> list[dict[str, Any]]:
    period = period_containing("month", dt.date.today())
    report = compute_indicators(
        session,
        period,
        EvidenceFilter(organisation_id=who.organisation_id),
        trend_periods=2,
        plan_slug=action.plan.slug,
        pooled_threshold=None if exact else limit,
    )
    codes = {m.code for m in action.measures}
    rows = []
    for result in report.results:
        if result.measure.code not in codes:
            continue
        shown = published(result.target, result.current, limit)
        figures = list_figures(session, _measure_id(action, result.measure.code), limit=6)
        if who.organisation_id is not None:
            figures = [f for f in figures if f.organisation_id in (None, who.organisation_id)]
        rows.append(
            {
                "result": result,
                "value": _exact(result) if exact else shown.shown,
                "reason": shown.reason,
                "rag": result.current.rag,
                "figures": figures,
                "period": period,
            }
        )
    return rows


def _exact(result: Any) -> str:
    value = result.current.value
    return "no value" if value is None else format_value(result.target, value)


def _measure_id(action: Action, code: str) -> int:
    return int(next(m.id for m in action.measures if m.code == code))
