"""Officers' view of their action plans: priorities, actions, measures and what serves what."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from storage.repositories import links, plans
from survey.officers.plan_editing import latest_reviews
from survey.web.extensions import db_session
from survey.web.session_auth import login_required
from survey.web.views.dashboard.base import access

blueprint = Blueprint("plans", __name__, url_prefix="/plans")


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
        # and what the last change saved and recomputed.
        reviews=latest_reviews(session, plan.id),
        who=access(),
        saved=request.args.get("saved"),
        relinked=(request.args.get("texts", type=int), request.args.get("suggested", type=int)),
    )
