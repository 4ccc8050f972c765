"""The survey's start page, starting a draft, and the consent page (when the survey asks for
consent before the questions)."""

from __future__ import annotations

from flask import abort, redirect, request, session, url_for
from flask_babel import gettext as _

from forms import survey as survey_forms
from survey.parents import drafts as responding
from survey.web.extensions import commit_request, db_session
from survey.web.views.respond.base import (
    Page,
    blueprint,
    closed_page,
    current_draft,
    easy_read_on,
    honeypot_filled,
    page_language,
    remember_draft,
    render_page,
    start_over,
    survey_online,
    where_next,
)


@blueprint.get("", endpoint="start")
def start(slug: str) -> Page:
    online = survey_online()
    if not online.is_open:
        return closed_page()
    token = request.args.get("src")
    if responding.find_link(db_session(), online, token):
        sources = dict(session.get("sources") or {})
        sources[slug] = token
        session["sources"] = sources
    draft = current_draft()
    return render_page(
        "respond/start.html",
        "respond.start",
        form=None,
        start_form=survey_forms.StartForm(),
        in_progress=draft is not None and not draft.submitted_reference,
    )


@blueprint.post("/start", endpoint="begin")
def begin(slug: str) -> Page:
    online = survey_online()
    if not online.is_open:
        return closed_page()
    if not survey_forms.StartForm().validate_on_submit():
        abort(400)
    draft = current_draft()
    if draft is None or draft.submitted_reference:
        source = (session.get("sources") or {}).get(slug)
        draft, token = responding.start_draft(
            db_session(), online, source, page_language(), easy_read_on()
        )
        remember_draft(token)
        commit_request()
    return redirect(where_next(draft))


@blueprint.route("/consent", methods=["GET", "POST"], endpoint="consent")
def consent(slug: str) -> Page:
    online = survey_online()
    if not online.is_open:
        return closed_page()
    draft = current_draft()
    if draft is None or draft.submitted_reference:
        return start_over()
    form = survey_forms.ConsentForm(data={"consent": bool((draft.consent or {}).get("survey"))})
    if form.validate_on_submit():
        if honeypot_filled(form):
            abort(400)
        if form.consent.data:
            responding.record_consent(db_session(), draft)
            commit_request()
            return redirect(where_next(draft))
        form.consent.errors = [_("Tick the box to say you agree before you start")]
    return render_page(
        "respond/consent.html",
        "respond.consent",
        form=form,
        back_url=url_for("respond.start"),
    )
