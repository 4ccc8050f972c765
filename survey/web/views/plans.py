"""Officers' view of their action plans: priorities, actions, measures and what serves what."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from storage.repositories import links, plans
from survey.web.extensions import db_session
from survey.web.session_auth import login_required

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
    )
