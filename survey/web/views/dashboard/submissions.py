"""Staff submissions (ideas, views, concerns, questions from Slack, Teams and the web): the list,
each submission's page, its status and reply (through the service Slack uses too), and links an
officer adds by hand to an action or measure."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from analysis.text import clip
from forms.submissions import LinkForm, StatusForm
from storage.repositories import evidence, links, plans
from storage.repositories.evidence import (
    SubmissionFilter,
    count_staff_submissions,
    count_submissions_by_status,
    list_staff_submissions,
)
from storage.repositories.plans import list_workstreams
from survey.domain.errors import DomainError
from survey.intake import linking
from survey.officers.submissions import change_status
from survey.web.extensions import commit_request, db_session
from survey.web.session_auth import login_required
from survey.web.views.dashboard.base import EDITORS, EVERYONE, access, blueprint, redact

SUBMISSION_STATUSES = (
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("under_consideration", "Under consideration"),
    ("actioned", "Actioned"),
    ("not_taken_forward", "Not taken forward"),
)
SUBMISSION_KINDS = (
    ("idea", "Idea"),
    ("view", "View"),
    ("concern", "Concern"),
    ("question", "Question"),
)
PAGE_SIZE = 50


@blueprint.get("/submissions")
@login_required(*EVERYONE)
def submissions() -> str:
    session, who = db_session(), access()
    kinds = {k for k, _ in SUBMISSION_KINDS}
    statuses = {s for s, _ in SUBMISSION_STATUSES}
    workstreams = list_workstreams(session)
    where = SubmissionFilter(
        kind=request.args.get("kind") if request.args.get("kind") in kinds else None,
        workstream=request.args.get("workstream")
        if request.args.get("workstream") in {w.slug for w in workstreams}
        else None,
        status=request.args.get("status") if request.args.get("status") in statuses else None,
    )
    page = max(1, request.args.get("page", 1, type=int) or 1)
    found = list_staff_submissions(session, where, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    total = count_staff_submissions(session, where)
    return render_template(
        "dashboard/submissions.html",
        items=[(s, redact(s.text)) for s in found],
        total=total,
        page=page,
        pages=max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE),
        where=where,
        kinds=SUBMISSION_KINDS,
        statuses=SUBMISSION_STATUSES,
        status_words=dict(SUBMISSION_STATUSES),
        by_status=count_submissions_by_status(session),
        workstreams=workstreams,
        who=who,
    )


def _submission_or_404(session: Session, reference: str) -> Any:
    found = evidence.get_staff_submission_by_reference(session, reference)
    if found is None:
        abort(404)
    return found


def _status_form(**data: Any) -> StatusForm:
    form = StatusForm(**data)
    form.status.choices = dict(SUBMISSION_STATUSES)
    return form


def _link_form(session: Session, data: Any = None) -> LinkForm:
    form = LinkForm(formdata=data, prefix="link")  # two forms on one page: ids stay unique
    actions = [
        (f"action:{a.ref}", f"Action {a.ref}: {clip(a.objective, 80)}")
        for a in plans.list_actions(session)
    ]
    measures = [
        (f"measure:{m.code}", f"Measure {m.code}: {clip(m.statement, 80)}")
        for m in plans.list_measures(session)
    ]
    form.target.choices = [("", "Choose an action or measure"), *actions, *measures]
    return form


def _submission_page(
    reference: str, form: StatusForm | None = None, link_form: LinkForm | None = None
) -> str:
    session, who = db_session(), access()
    item = _submission_or_404(session, reference)
    if form is None and who.can_edit:
        form = _status_form(status=item.status.value, reply=item.officer_reply)
    if link_form is None and who.can_edit:
        link_form = _link_form(session)
    return render_template(
        "dashboard/submission.html",
        item=item,
        text=redact(item.text),
        # Everyone sees the redacted text; only admins may open what was actually sent (kept
        # only until retention blanks it).
        original=item.text if who.role == "admin" and item.text != redact(item.text) else None,
        form=form,
        link_form=link_form,
        error_form=link_form if link_form is not None and link_form.errors else None,
        item_links=[
            link
            for link in links.list_links_for(session, "staff_submission", item.id)
            if link.method.value != "rejected"
        ],
        who=who,
        status_words=dict(SUBMISSION_STATUSES),
    )


@blueprint.post("/submissions/<reference>/links")
@login_required(*EDITORS)
def link_submission(reference: str) -> str | Response:
    """An officer links a submission by hand (audited, through the shared linking service)."""
    session, who = db_session(), access()
    item = _submission_or_404(session, reference)
    form = _link_form(session, request.form)
    if form.validate_on_submit():
        kind, _, ref = (form.target.data or "").partition(":")
        try:
            linking.add_link(
                session,
                "staff_submission",
                item.id,
                ref if kind == "action" else None,
                ref if kind == "measure" else None,
                who.actor,
            )
        except DomainError as error:
            form.target.errors = [*form.target.errors, error.message]
        else:
            commit_request()
            return redirect(url_for("dashboard.submission", reference=reference, linked="1"))
    return _submission_page(reference, link_form=form)


@blueprint.get("/submissions/<reference>")
@login_required(*EVERYONE)
def submission(reference: str) -> str:
    return _submission_page(reference)


@blueprint.post("/submissions/<reference>")
@login_required(*EDITORS)
def change_submission_status(reference: str) -> str | Response:
    """Through the shared status service (``survey.officers.submissions``), as Slack does."""
    session, who = db_session(), access()
    _submission_or_404(session, reference)
    form = _status_form()
    if form.validate_on_submit():
        try:
            change_status(session, reference, form.status.data, form.reply.data or None, who.actor)
        except DomainError as error:
            form.status.errors = [*form.status.errors, error.message]
        else:
            commit_request()
            return redirect(url_for("dashboard.submission", reference=reference, saved="1"))
    return _submission_page(reference, form)
