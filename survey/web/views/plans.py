"""Officers' view of their action plans: priorities, actions, measures and what serves what."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from storage.repositories import links, plans
from survey.intake import link_rebuilds
from survey.officers.plan_editing import latest_reviews
from survey.web.extensions import db_session
from survey.web.session_auth import login_required
from survey.web.views.dashboard.base import EVERYONE, access

blueprint = Blueprint("plans", __name__, url_prefix="/plans")
# A finished link rebuild is reported on the plan page for this long after it finished.
RECENT = dt.timedelta(hours=1)


@blueprint.get("/")
@login_required()
def index() -> str:
    return render_template("plans/index.html", plans=plans.list_plans(db_session()))


@blueprint.get("/<slug>")
@login_required()
def show(slug: str) -> str:
    session = db_session()
    plan = plans.get_plan_by_slug(session, slug)
    if plan is None:
        abort(404)
    return render_template(
        "plans/show.html",
        plan=plan,
        action_evidence=links.count_evidence_by_action(session, plan.id),
        measure_evidence=links.count_evidence_by_measure(session, plan.id),
        # Editing and the monthly review (plan_editing): latest review per action, who may edit,
        # what the last change saved, and how the link suggestions it queued are getting on.
        reviews=latest_reviews(session, plan.id),
        who=access(),
        saved=request.args.get("saved"),
        rebuild=_rebuild(session, plan.id),
        recently=link_rebuilds.now() - RECENT,
    )


def _rebuild(session: Any, plan_id: int) -> Any:
    """The plan's latest link rebuild job, nudging the runner if it is waiting or was left by a
    runner that died (a restart): the claim is atomic, so a nudge too many does nothing."""
    job = link_rebuilds.latest_job(session, plan_id)
    rebuilds: link_rebuilds.LinkRebuilds = current_app.extensions["yousaid.link_rebuilds"]
    due = job is not None and (job.status.value == "queued" or link_rebuilds.is_stale(job))
    if due and rebuilds.in_background:
        rebuilds.run_later()
    return job


@blueprint.get("/<slug>/link-suggestions.json")
@login_required(*EVERYONE)
def rebuild_progress(slug: str) -> ResponseReturnValue:
    """The latest link rebuild's progress, for the plan page's script to poll."""
    session = db_session()
    plan = plans.get_plan_by_slug(session, slug)
    if plan is None:
        abort(404)
    job = link_rebuilds.latest_job(session, plan.id)
    if job is None:
        return jsonify(status=None)
    return jsonify(
        status=job.status.value,
        texts_done=job.texts_done,
        texts_total=job.texts_total,
        suggestions_made=job.suggestions_made,
    )
