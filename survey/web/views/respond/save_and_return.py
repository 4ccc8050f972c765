"""Save and come back later: the link that brings a draft back on any device, emailing it to the
parent, and following it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import abort, current_app, make_response, redirect, session, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from forms import survey as survey_forms
from survey.domain import journey
from survey.domain.errors import NotFound
from survey.domain.secrets import hash_token
from survey.email import EmailNotSent, ResumeEmail, email_sender
from survey.parents import drafts as responding
from survey.web.extensions import commit_request, db_session
from survey.web.public_urls import public_url
from survey.web.views.respond.base import (
    Page,
    blueprint,
    choose_easy_read,
    closed_page,
    current_draft,
    honeypot_filled,
    page_language,
    remember_draft,
    render_page,
    start_over,
    survey_online,
    survey_texts,
    where_next,
)


def _resume_links() -> dict[str, str]:
    return dict(session.get("resume") or {})


def _readable(moment: dt.datetime) -> str:
    """The day the link stops working, in the parent's language ("14 December 2026", "14
    Rhagfyr 2026")."""
    return str(format_date(moment, "d MMMM y"))


@blueprint.get("/save", endpoint="save")
def save(slug: str) -> Page:
    """Make (or show again) the link that brings these answers back on any device."""
    draft = current_draft()
    if draft is None or draft.submitted_reference:
        return start_over()
    links = _resume_links()
    if (
        slug not in links
        or not draft.resume_token_hash
        or (hash_token(links[slug]) != draft.resume_token_hash)
    ):
        days = int(current_app.config["RESUME_LINK_DAYS"])
        token, _expires = responding.create_resume_link(db_session(), draft, days)
        commit_request()
        links[slug] = token
        session["resume"] = links
    return _render_saved(draft, survey_forms.ResumeEmailForm(formdata=None))


def _render_saved(draft: Any, form: Any, sent_to: str | None = None) -> str:
    token = _resume_links()[survey_online().survey.slug]
    return render_page(
        "respond/saved.html",
        "respond.save",
        form=form,
        resume_url=public_url(url_for("respond.resume", token=token)),
        expires=_readable(draft.resume_expires_at),
        can_email=email_sender(current_app.config) is not None,
        sent_to=sent_to,
        continue_url=where_next(draft),
    )


@blueprint.post("/save", endpoint="email_link")
def email_link(slug: str) -> Page:
    draft = current_draft()
    if draft is None or draft.submitted_reference or slug not in _resume_links():
        return start_over()
    sender = email_sender(current_app.config)
    form = survey_forms.ResumeEmailForm()
    if sender is None or not form.validate_on_submit() or honeypot_filled(form):
        abort(400)
    address = (form.email.data or "").strip()
    if not _looks_like_email(address):
        form.email.errors = [
            _("Enter an email address in the correct format, like name@example.com")
        ]
        return _render_saved(draft, form)
    message = ResumeEmail(
        to=address,
        survey_title=str(survey_texts()["title"]),
        link=public_url(url_for("respond.resume", token=_resume_links()[slug])),
        expires=_readable(draft.resume_expires_at),
        council_name=current_app.config["COUNCIL_NAME"],
        language=page_language(),
    )
    try:
        sender.send_resume_link(message)
    except EmailNotSent:
        form.email.errors = [
            _("Sorry, we could not send the email. Copy the link on this page instead.")
        ]
        return _render_saved(draft, form)
    return _render_saved(draft, survey_forms.ResumeEmailForm(formdata=None), sent_to=address)


def _looks_like_email(address: str) -> bool:

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


@blueprint.get("/resume/<token>", endpoint="resume")
def resume(slug: str, token: str) -> Page:
    online = survey_online()
    if not online.is_open:
        return closed_page()
    try:
        draft, session_token = responding.resume_draft(db_session(), online, token)
    except NotFound:
        # Made up, expired or used up: a real 404 (never a 200 a crawler or a check would trust).
        return make_response(
            render_page("respond/link_expired.html", "respond.start", form=None), 404
        )
    commit_request()
    remember_draft(session_token)
    links = _resume_links()
    links[slug] = token
    session["resume"] = links
    if draft.language in journey.languages(online.definition):
        session["lang"] = draft.language
    choose_easy_read(bool(draft.easy_read))
    return redirect(where_next(draft))
