"""Officers' view of their action plans: priorities, actions, measures and what serves what;
and importing a plan from the council's own Word, Excel or CSV table.

The import keeps the uploaded file in the instance folder under a random token for an hour
(``survey.officers.plan_import_uploads``): the mapping page and the confirmation re-read the
file itself with the officer's corrected mapping, so nothing parsed rides in the cookie
session or in hidden fields, and the preview shown is the one that is saved.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from forms.plan_import import PlanMappingForm, PlanUploadForm, mapping_form
from storage.repositories import links, plans
from survey.domain.errors import DomainError
from survey.domain.plan_tables import FIELD_LABELS, FIELDS
from survey.intake import link_rebuilds
from survey.intake.plan_import import ImportPreview, preview_import, save_import
from survey.officers.plan_editing import latest_reviews
from survey.officers.plan_import_uploads import discard_upload, keep_upload, read_upload
from survey.web.extensions import commit_request, csrf, db_session
from survey.web.session_auth import login_required
from survey.web.views.dashboard.base import EDITORS, EVERYONE, access

blueprint = Blueprint("plans", __name__, url_prefix="/plans")
# A finished link rebuild is reported on the plan page for this long after it finished.
RECENT = dt.timedelta(hours=1)

FIELD_CHOICES = [("", FIELD_LABELS[""])] + [(name, FIELD_LABELS[name]) for name in FIELDS]


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


# --- importing a plan from Word, Excel or CSV -----------------------------------------------------


def _instance() -> Path:
    return Path(current_app.config["YOUSAID_INSTANCE_PATH"])


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def _upload_page(form: PlanUploadForm, status: int = 200) -> tuple[str, int]:
    limit = _size(current_app.config["MAX_PLAN_UPLOAD_BYTES"])
    return render_template(
        "plans/import_upload.html", form=form, summary_form=form, limit=limit
    ), status


@blueprint.get("/import")
@login_required(*EDITORS)
def import_start() -> tuple[str, int]:
    return _upload_page(PlanUploadForm())


@blueprint.post("/import")
@login_required(*EDITORS)
def import_upload() -> tuple[str, int] | Response:
    limit = current_app.config["MAX_PLAN_UPLOAD_BYTES"]
    request.max_content_length = limit
    try:
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        form = PlanUploadForm()
        valid = form.validate_on_submit()
    except RequestEntityTooLarge:
        form = PlanUploadForm(formdata=None)
        form.file.errors = [f"The selected file must be smaller than {_size(limit)}"]
        return _upload_page(form, 413)
    if not valid:
        return _upload_page(form, 400)
    upload = form.file.data
    data, name = upload.read(), Path(upload.filename or "plan").name
    slug, title = form.slug.data or None, form.title.data or None
    try:
        preview_import(db_session(), data, name, slug, title)
    except DomainError as error:
        form.file.errors = [problem.message for problem in error.problems]
        return _upload_page(form, 400)
    token = keep_upload(_instance(), data, name, slug, title, access().actor)
    return redirect(url_for("plans.import_check", token=token))


# CSRF is checked inside the view, once the request may be as large as a plan file (the app's
# own check would read the body against the 256 KB limit of every other form).
csrf.exempt(import_upload)


def _mapping_page(
    token: str, preview: ImportPreview, form: PlanMappingForm, status: int = 200
) -> tuple[str, int]:
    return render_template(
        "plans/import_preview.html",
        token=token,
        preview=preview,
        form=form,
        summary_form=form,
        columns=[(f"column_{i}", h) for i, h in enumerate(preview.headers())],
    ), status


def _read(token: str) -> Any:
    try:
        return read_upload(_instance(), token, access().actor)
    except DomainError:
        abort(404)


@blueprint.get("/import/<token>")
@login_required(*EDITORS)
def import_check(token: str) -> tuple[str, int]:
    upload = _read(token)
    preview = preview_import(db_session(), upload.data, upload.name, upload.slug, upload.title)
    headers = preview.headers()
    values = {f"column_{i}": preview.mapping.columns.get(h, "") for i, h in enumerate(headers)}
    form = mapping_form(
        headers,
        FIELD_CHOICES,
        formdata=None,
        data={**values, "save_as": "update" if preview.exists else "new"},
    )
    return _mapping_page(token, preview, form)


@blueprint.post("/import/<token>")
@login_required(*EDITORS)
def import_confirm(token: str) -> tuple[str, int] | Response:
    session, upload = db_session(), _read(token)
    proposed = preview_import(session, upload.data, upload.name, upload.slug, upload.title)
    headers = proposed.headers()
    form = mapping_form(headers, FIELD_CHOICES)
    if not form.validate_on_submit():
        return _mapping_page(token, proposed, form, 400)
    columns = {h: form[f"column_{i}"].data or "" for i, h in enumerate(headers)}
    mapping = {"tables": proposed.mapping.tables, "columns": columns}
    try:
        preview = preview_import(
            session, upload.data, upload.name, upload.slug, upload.title, mapping
        )
    except DomainError as error:
        for problem in error.problems:
            where = _column_field(headers, problem.field)
            form[where].errors = [*form[where].errors, problem.message]
        return _mapping_page(token, proposed, form, 400)
    if not form.save.data or not preview.can_save:
        return _mapping_page(token, preview, form, 200 if form.check.data else 400)
    try:
        save_import(session, preview, access().actor, as_new=form.save_as.data == "new")
    except DomainError as error:
        session.rollback()
        form.save_as.errors = [problem.message for problem in error.problems]
        return _mapping_page(token, preview, form, 400)
    # New or changed actions, measures and keywords: the suggestions are recomputed in the
    # background once this commits, as after an edit on the plan page.
    stored = plans.get_plan_by_slug(session, preview.slug)
    if stored is not None:
        link_rebuilds.queue_rebuild(session, stored.id, access().actor)
    commit_request()
    discard_upload(_instance(), token)
    return redirect(url_for("plans.show", slug=preview.slug, imported=1))


def _column_field(headers: list[str], field: str) -> str:
    """The select a mapping problem is about (columns.Header), else the first column's."""
    header = field.removeprefix("columns.")
    if header in headers:
        return f"column_{headers.index(header)}"
    return "column_0" if headers else "save_as"
