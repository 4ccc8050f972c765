"""Editing a plan in the browser, the monthly review of its actions, and the plan update a SEND
board takes each month (DOCX and XLSX).

Admins and officers edit and review (``EDITORS``); everyone who may read the plans (hub leads too)
may download the plan update, which is suppressed like the monthly report. The rules and the
audit live in ``survey.officers.plan_editing``; this module turns forms into its inputs and its
DomainErrors back into GOV.UK error messages on the field they name, keeping what was typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from analysis.periods import PUBLISHED_KINDS, parse_period, period_containing
from forms.plans import ActionForm, ActionReviewForm, MeasureForm, as_number
from storage.repositories.indicator_totals import EvidenceFilter
from survey.domain.errors import DomainError, NotFound
from survey.domain.plan_definitions import IndicatorSpec, keywords_from_text
from survey.officers import plan_editing, plan_update
from survey.web.extensions import commit_request, db_session
from survey.web.session_auth import login_required
from survey.web.views.dashboard.base import EDITORS, EVERYONE, access, threshold

blueprint = Blueprint("plan_editing", __name__, url_prefix="/plans")

# The form's field each service field maps to, for putting an error where it belongs.
FORM_FIELDS = {"group": "group_name"}


def _found(call: Any, *args: Any) -> Any:
    try:
        return call(db_session(), *args)
    except NotFound:
        abort(404)


def _show_errors(form: Any, error: DomainError) -> None:
    for problem in error.problems:
        field = getattr(form, FORM_FIELDS.get(problem.field, problem.field), None)
        target = field if field is not None else form.submit
        target.errors = [*list(target.errors or []), problem.message]


def _done(slug: str, anchor: str, **args: Any) -> WerkzeugResponse:
    return redirect(url_for("plans.show", slug=slug, **args) + f"#{anchor}")


# --- a measure ----------------------------------------------------------------------------------


@blueprint.route("/<slug>/measures/<code>/edit", methods=["GET", "POST"])
@login_required(*EDITORS)
def edit_measure(slug: str, code: str) -> str | WerkzeugResponse | tuple[str, int]:
    measure, now = _found(plan_editing.current_measure, slug, code)
    if request.method == "GET":
        ind = now.indicator
        form = MeasureForm(
            data={
                "statement": now.statement,
                "keywords": "\n".join(now.keywords),
                "kind": ind.kind,
                "of": ind.of or "",
                "unit": ind.unit,
                "baseline_value": _number_text(ind.baseline_value),
                "baseline_period": ind.baseline_period or "",
                "target": _number_text(ind.target),
                "direction": ind.direction,
                "tolerance": _number_text(ind.tolerance),
                "min_n": str(ind.min_n),
            }
        )
        return render_template("plans/edit_measure.html", form=form, measure=measure, slug=slug)
    form = MeasureForm()
    if form.validate_on_submit():
        edit = plan_editing.MeasureEdit(
            statement=form.statement.data or "",
            keywords=keywords_from_text(form.keywords.data),
            indicator=IndicatorSpec(
                kind=form.kind.data or "",
                of=form.of.data or None,
                unit=form.unit.data or "number",
                baseline_value=as_number(form.baseline_value.data),
                baseline_period=form.baseline_period.data or None,
                target=as_number(form.target.data),
                direction=form.direction.data or "",
                tolerance=as_number(form.tolerance.data),
                min_n=int(form.min_n.data or 0),
            ),
        )
        try:
            plan_editing.edit_measure(db_session(), slug, code, edit, access().actor)
        except DomainError as error:
            db_session().rollback()
            _show_errors(form, error)
        else:
            commit_request()
            return _done(slug, f"measure-{code}", saved=f"measure {code}")
    return render_template("plans/edit_measure.html", form=form, measure=measure, slug=slug), 400


def _number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


# --- an action ----------------------------------------------------------------------------------


def _action_form(action: Any, data: dict[str, Any] | None = None) -> ActionForm:
    form = ActionForm(data=data) if data is not None else ActionForm()
    form.measures.choices = [(m.code, f"{m.code}: {m.statement}") for m in action.plan.measures]
    return form


@blueprint.route("/<slug>/actions/<ref>/edit", methods=["GET", "POST"])
@login_required(*EDITORS)
def edit_action(slug: str, ref: str) -> str | WerkzeugResponse | tuple[str, int]:
    action, now = _found(plan_editing.current_action, slug, ref)
    if request.method == "GET":
        form = _action_form(
            action,
            {
                "measures": list(now.measures),
                "lead": now.lead or "",
                "group_name": now.group or "",
                "timeframe": now.timeframe or "",
                "keywords": "\n".join(now.keywords),
            },
        )
        return render_template("plans/edit_action.html", form=form, action=action, slug=slug)
    form = _action_form(action)
    if form.validate_on_submit():
        edit = plan_editing.ActionEdit(
            measures=tuple(form.measures.data or ()),
            lead=form.lead.data or None,
            group=form.group_name.data or None,
            timeframe=form.timeframe.data or None,
            keywords=keywords_from_text(form.keywords.data),
        )
        try:
            plan_editing.edit_action(db_session(), slug, ref, edit, access().actor)
        except DomainError as error:
            db_session().rollback()
            _show_errors(form, error)
        else:
            commit_request()
            return _done(slug, f"action-{ref}", saved=f"action {ref}")
    return render_template("plans/edit_action.html", form=form, action=action, slug=slug), 400


# --- the monthly review ---------------------------------------------------------------------------


@blueprint.route("/<slug>/actions/<ref>/review", methods=["GET", "POST"])
@login_required(*EDITORS)
def review_action(slug: str, ref: str) -> str | WerkzeugResponse | tuple[str, int]:
    action, _now = _found(plan_editing.current_action, slug, ref)
    if request.method == "GET":
        form = ActionReviewForm(data={"reviewed_on": dt.date.today()})
        return _review_page(form, action, slug)
    form = ActionReviewForm()
    if form.validate_on_submit() and form.reviewed_on.data is not None:
        review = plan_editing.ReviewInput(
            reviewed_on=form.reviewed_on.data,
            rag=form.rag.data or "",
            status_label=form.status_label.data or None,
            note=form.note.data or None,
        )
        try:
            plan_editing.record_review(db_session(), slug, ref, review, access().actor)
        except DomainError as error:
            db_session().rollback()
            _show_errors(form, error)
        else:
            commit_request()
            return _done(slug, f"action-{ref}", saved=f"review of {ref}")
    return _review_page(form, action, slug), 400


def _review_page(form: ActionReviewForm, action: Any, slug: str) -> str:
    return render_template(
        "plans/review_action.html",
        form=form,
        action=action,
        slug=slug,
        history=plan_editing.review_history(db_session(), action.id),
    )


# --- the plan update ----------------------------------------------------------------------------


@blueprint.get("/<slug>/update.<fmt>")
@login_required(*EVERYONE)
def download_update(slug: str, fmt: str) -> Response:
    if fmt not in ("docx", "xlsx"):
        abort(404)
    period = period_containing("month", dt.date.today())
    if request.args.get("period"):
        try:
            period = parse_period(request.args["period"])
        except ValueError:
            abort(400)
        if period.kind not in PUBLISHED_KINDS:
            abort(400)  # a file is always suppressed, so published periods only
    who = access()
    built = _found(
        plan_update.build_plan_update,
        slug,
        period,
        EvidenceFilter(organisation_id=who.organisation_id),
        threshold(),
    )
    if fmt == "docx":
        body, mimetype = plan_update.render_docx(built), plan_update.DOCX_MIMETYPE
    else:
        body, mimetype = plan_update.render_xlsx(built), plan_update.XLSX_MIMETYPE
    name = f"{slug}-{built.file_stem}.{fmt}"
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
