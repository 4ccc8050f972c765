"""You said, we did: officers write and publish entries; the public page and its Atom feed.

Officer pages follow the dashboard's roles (``survey.web.views.dashboard.base``): admins and
officers write and publish, hub leads read. The public page and the feed show published entries
only, grouped by theme, with text that was redacted when saved and is redacted again on the way
out.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any
from urllib.parse import urljoin

from flask import (
    Blueprint,
    abort,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from werkzeug.wrappers import Response

from forms.you_said_we_did import EntryForm, EntryLimits, PublishForm
from storage.repositories import plans
from storage.repositories import you_said_we_did as entries
from survey.domain.errors import DomainError
from survey.officers import you_said_we_did as service
from survey.web.extensions import commit_request, db_session
from survey.web.i18n import N_, SUPPORTED_LANGUAGES, current_language
from survey.web.public_urls import base_url
from survey.web.redaction_names import redact_text, redaction_names
from survey.web.session_auth import login_required
from survey.web.views.dashboard.base import EDITORS, EVERYONE, access

blueprint = Blueprint("yswd", __name__)

PUBLIC_LIMIT = 200
FEED_LIMIT = 50


# --- officers -------------------------------------------------------------------------------------


# The service's limits: the form checks them too, so a long text is shown as a field error.
LIMITS = EntryLimits(said=service.MAX_SAID, did=service.MAX_DID, theme=service.MAX_THEME)


def _entry_form(session: Any, form: EntryForm | None = None) -> EntryForm:
    form = form or EntryForm(limits=LIMITS)
    form.action.choices = [("", "No particular action")] + [
        (a.ref, f"{a.ref}: {a.objective[:80]}") for a in plans.list_actions(session)
    ]
    return form


@blueprint.get("/dashboard/you-said-we-did")
@login_required(*EVERYONE)
def entries_list() -> str:
    session = db_session()
    return render_template(
        "yswd/list.html",
        entries=entries.list_entries(session, limit=200),
        who=access(),
    )


@blueprint.get("/dashboard/you-said-we-did/new")
@login_required(*EDITORS)
def new_entry() -> str:
    form = _entry_form(db_session())
    if not form.done_on.data and not request.args:
        form.done_on.data = dt.date.today()
    return render_template("yswd/new.html", form=form)


@blueprint.post("/dashboard/you-said-we-did/new")
@login_required(*EDITORS)
def create_entry() -> tuple[str, int] | Response:
    session, who = db_session(), access()
    form = _entry_form(session)
    if form.validate_on_submit():
        try:
            result = service.create_entry(session, _entry_input(form), who.actor, redaction_names())
        except DomainError as error:
            _show_problems(form, error)
        else:
            commit_request()
            return _saved(result)
    return render_template("yswd/new.html", form=form), 400


@blueprint.get("/dashboard/you-said-we-did/<int:entry_id>/edit")
@login_required(*EDITORS)
def edit_entry(entry_id: int) -> str:
    session = db_session()
    entry = entries.get_entry(session, entry_id)
    if entry is None:
        abort(404)
    form = _entry_form(session, EntryForm(formdata=None, limits=LIMITS))
    form.you_said.data, form.we_did.data = entry.you_said, entry.we_did
    form.done_on.data, form.theme.data = entry.done_on, entry.theme
    form.action.data = entry.action.ref if entry.action else ""
    form.submissions.data = ", ".join(item.submission.reference for item in entry.covered)
    return render_template("yswd/edit.html", form=form, entry=entry)


@blueprint.post("/dashboard/you-said-we-did/<int:entry_id>/edit")
@login_required(*EDITORS)
def update_entry(entry_id: int) -> tuple[str, int] | Response:
    session, who = db_session(), access()
    entry = entries.get_entry(session, entry_id)
    if entry is None:
        abort(404)
    form = _entry_form(session)
    if form.validate_on_submit():
        try:
            result = service.update_entry(
                session, entry_id, _entry_input(form), who.actor, redaction_names()
            )
        except DomainError as error:
            _show_problems(form, error)
        else:
            commit_request()
            return _saved(result)
    return render_template("yswd/edit.html", form=form, entry=entry), 400


def _entry_input(form: EntryForm) -> service.EntryInput:
    return service.EntryInput(
        you_said=form.you_said.data or "",
        we_did=form.we_did.data or "",
        done_on=form.done_on.data,
        theme=form.theme.data or None,
        action_ref=form.action.data or None,
        submissions=service.parse_references(form.submissions.data),
        publish=bool(form.publish.data),
    )


def _show_problems(form: EntryForm, error: DomainError) -> None:
    for problem in error.problems:
        field = form._fields.get(problem.field, form.theme)
        field.errors = [*field.errors, problem.message]


def _saved(result: service.Published) -> Response:
    return redirect(
        url_for(
            "yswd.entry",
            entry_id=result.entry.id,
            saved="1",
            told=result.notified if result.entry.published else None,
        )
    )


def _entry_page(entry_id: int) -> str:
    session = db_session()
    entry = entries.get_entry(session, entry_id)
    if entry is None:
        abort(404)
    return render_template(
        "yswd/entry.html",
        entry=entry,
        form=PublishForm(),
        who=access(),
        saved=request.args.get("saved"),
        told=request.args.get("told", type=int),
    )


@blueprint.get("/dashboard/you-said-we-did/<int:entry_id>")
@login_required(*EVERYONE)
def entry(entry_id: int) -> str:
    return _entry_page(entry_id)


@blueprint.post("/dashboard/you-said-we-did/<int:entry_id>/publish")
@login_required(*EDITORS)
def publish(entry_id: int) -> Response:
    session, who = db_session(), access()
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = request.form.get("published") == "1"
    try:
        if wanted:
            told: int | None = service.publish_entry(session, entry_id, who.actor).notified
        else:
            service.unpublish_entry(session, entry_id, who.actor)
            told = None
    except DomainError:
        abort(404)
    commit_request()
    return redirect(url_for("yswd.entry", entry_id=entry_id, saved="1", told=told))


# --- the public page and feed ---------------------------------------------------------------------


def _grouped(found: list[service.PublishedEntry]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Entries by theme (themes in order of their latest entry), text redacted once more."""
    groups: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
    for item in found:
        shown = _public(item)
        groups.setdefault(shown["theme"], []).append(shown)
    return list(groups.items())


# The service's theme for an entry with neither a theme nor an action (interface words, not the
# officer's): translated for a Welsh reader.
OTHER_CHANGES = N_("Other changes")


def _public(item: service.PublishedEntry) -> dict[str, Any]:
    return {
        "id": item.id,
        "theme": gettext(OTHER_CHANGES) if item.theme == OTHER_CHANGES else redact_text(item.theme),
        "you_said": redact_text(item.you_said),
        "we_did": redact_text(item.we_did),
        "done_on": item.done_on,
        "published_at": item.published_at,
    }


def _in_language() -> dict[str, Any]:
    """The query that keeps a Welsh reader's links (and a feed reader's copy) in Welsh."""
    return {"lang": "cy"} if current_language() == "cy" else {}


@blueprint.get("/you-said-we-did")
def public_page() -> str:
    found = service.list_published(db_session(), PUBLIC_LIMIT)
    return render_template(
        "public/you_said_we_did.html",
        groups=_grouped(found),
        feed_url=url_for("yswd.feed", **_in_language()),
    )


@blueprint.get("/you-said-we-did/feed.atom")
def feed() -> Response:
    # Cached publicly by address, so its language comes from the address (?lang=cy), never
    # from the session of whoever fetched it first.
    g.language = (
        request.args.get("lang") if request.args.get("lang") in SUPPORTED_LANGUAGES else "en"
    )
    found = service.list_published(db_session(), FEED_LIMIT)
    base = base_url()
    page = urljoin(base, url_for("yswd.public_page", **_in_language()).lstrip("/"))
    items = [_public(item) for item in found]
    updated = max((item["published_at"] for item in items), default=dt.datetime(2026, 1, 1))
    body = render_template(
        "yswd/feed.xml",
        items=items,
        page=page,
        self_url=urljoin(base, url_for("yswd.feed", **_in_language()).lstrip("/")),
        updated=updated,
    )
    response = Response(body, mimetype="application/atom+xml")
    # Public data meant to be embedded: a council's website may fetch it from the browser.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
