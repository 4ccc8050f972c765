"""A parent answering a survey: start page, consent, question pages, check your answers,
confirmation, save and return, Easy Read and language switching, QR codes.

Views stay thin: they build the form, ask ``survey.parents.drafts`` to check and keep answers, and
redirect (post/redirect/get). The draft is found by a random token in the session cookie; the
answers themselves stay on the server.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from forms import survey as survey_forms
from survey.domain import journey
from survey.domain.errors import DomainError, NotFound
from survey.domain.secrets import hash_token
from survey.email import EmailNotSent, ResumeEmail, email_sender
from survey.parents import drafts as responding
from survey.parents.distribution import qr_code, survey_url
from survey.web.extensions import commit_request, db_session
from survey.web.i18n import current_language

blueprint = Blueprint("respond", __name__, url_prefix="/s/<slug>")
Page = str | BaseResponse


# --- shared helpers -----------------------------------------------------------------------------


@blueprint.url_value_preprocessor
def load_survey(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    slug = (values or {}).get("slug", "")
    try:
        g.online = responding.get_survey_online(db_session(), slug)
    except NotFound:
        abort(404)
    if request.args.get("easy_read") in {"0", "1"}:
        session["easy_read"] = request.args["easy_read"] == "1"


@blueprint.url_defaults
def add_slug(_endpoint: str, values: dict[str, Any]) -> None:
    if "slug" not in values and "online" in g:
        values["slug"] = g.online.survey.slug


def _online() -> responding.SurveyOnline:
    return g.online


def _language() -> str:
    language = current_language()
    return language if language in journey.languages(_online().definition) else "en"


def _easy_read() -> bool:
    return bool(session.get("easy_read")) and journey.has_easy_read(_online().definition)


def _draft_tokens() -> dict[str, str]:
    return dict(session.get("drafts") or {})


def _current_draft() -> Any | None:
    online = _online()
    draft = responding.find_draft(db_session(), online, _draft_tokens().get(online.survey.slug))
    if draft is not None:
        responding.set_preferences(db_session(), draft, _language(), _easy_read())
    return draft


def _remember_draft(token: str) -> None:
    tokens = _draft_tokens()
    tokens[_online().survey.slug] = token
    session["drafts"] = tokens


def _survey_texts() -> dict[str, Any]:
    online, language, easy = _online(), _language(), _easy_read()
    data = online.definition.data
    return {
        field: journey.survey_text(online.definition, field, language, easy)
        for field in ("title", "summary", "what_happens_to_answers", "what_happens_next", "consent")
    } | {"minutes": data.get("minutes"), "contact": data.get("contact") or {}}


def _switches(endpoint: str, **values: Any) -> dict[str, Any]:
    """Links to switch language or Easy Read on this page without losing anything."""
    definition = _online().definition
    here = dict(values)
    return {
        "language_options": [
            {
                "code": code,
                "name": journey.LANGUAGES[code],
                "url": url_for(endpoint, **here, lang=code),
                "current": code == _language(),
            }
            for code in journey.languages(definition)
        ]
        if len(journey.languages(definition)) > 1
        else [],
        "easy_read_url": url_for(endpoint, **here, easy_read="0" if _easy_read() else "1")
        if journey.has_easy_read(definition)
        else None,
        "easy_read": _easy_read(),
    }


def _render(
    template: str, endpoint: str, values: dict[str, Any] | None = None, **context: Any
) -> str:
    return render_template(
        template,
        survey=_survey_texts(),
        slug=_online().survey.slug,
        **_switches(endpoint, **(values or {})),
        **context,
    )


def _closed() -> str:
    online = _online()
    return _render(
        "respond/closed.html",
        "respond.start",
        state=online.state,
        opens_at=online.survey.opens_at,
    )


def _start_over() -> BaseResponse:
    return redirect(url_for("respond.start"))


def _honeypot_filled(form: Any) -> bool:
    return bool(getattr(form, survey_forms.HONEYPOT_FIELD).data)


def _words() -> dict[str, str]:
    return {
        "continue": _("Continue"),
        "save": _("Save and come back later"),
        "or": _("or"),
        "day": _("Day"),
        "month": _("Month"),
        "year": _("Year"),
        "search": _("Search the list"),
        "agree": _("I agree"),
    }


# --- start and consent --------------------------------------------------------------------------


@blueprint.get("", endpoint="start")
def start(slug: str) -> Page:
    online = _online()
    if not online.is_open:
        return _closed()
    token = request.args.get("src")
    if responding.find_link(db_session(), online, token):
        sources = dict(session.get("sources") or {})
        sources[slug] = token
        session["sources"] = sources
    draft = _current_draft()
    return _render(
        "respond/start.html",
        "respond.start",
        form=None,
        start_form=survey_forms.StartForm(),
        in_progress=draft is not None and not draft.submitted_reference,
    )


@blueprint.post("/start", endpoint="begin")
def begin(slug: str) -> Page:
    online = _online()
    if not online.is_open:
        return _closed()
    if not survey_forms.StartForm().validate_on_submit():
        abort(400)
    draft = _current_draft()
    if draft is None or draft.submitted_reference:
        source = (session.get("sources") or {}).get(slug)
        draft, token = responding.start_draft(
            db_session(), online, source, _language(), _easy_read()
        )
        _remember_draft(token)
        commit_request()
    return redirect(_where_next(draft))


def _where_next(draft: Any) -> str:
    online = _online()
    if online.definition.data.get("consent") and not (draft.consent or {}).get("survey"):
        return url_for("respond.consent")
    page = responding.incomplete_page(online, draft)
    return url_for("respond.question", page_id=page.id) if page else url_for("respond.check")


@blueprint.route("/consent", methods=["GET", "POST"], endpoint="consent")
def consent(slug: str) -> Page:
    online = _online()
    if not online.is_open:
        return _closed()
    draft = _current_draft()
    if draft is None or draft.submitted_reference:
        return _start_over()
    form = survey_forms.ConsentForm(data={"consent": bool((draft.consent or {}).get("survey"))})
    if form.validate_on_submit():
        if _honeypot_filled(form):
            abort(400)
        if form.consent.data:
            responding.record_consent(db_session(), draft)
            commit_request()
            return redirect(_where_next(draft))
        form.consent.errors = [_("Tick the box to say you agree before you start")]
    return _render(
        "respond/consent.html",
        "respond.consent",
        form=form,
        back_url=url_for("respond.start"),
    )


# --- question pages ---------------------------------------------------------------------------


def _field_specs(page: journey.Page, answers: dict[str, Any]) -> list[Any]:
    shown = page.shown(answers)
    specs = []
    for question in shown:
        words = journey.wording(question, _language(), _easy_read())
        if question.type == "organisation":
            choices = g.organisation_choices[question.key][0]
        else:
            choices = [(value, words.option_labels[value]) for value in words.option_labels]
        specs.append(
            survey_forms.FieldSpec(
                key=question.key,
                type=question.type,
                text=words.text,
                hint=words.hint,
                choices=choices,
                max_length=question.max_length,
                is_page_heading=len(shown) == 1,
                consent_label=words.option_labels.get("agreed") or _("I agree"),
            )
        )
    return specs


def _prepare_organisation_lists(page: journey.Page, answers: dict[str, Any]) -> None:
    """Each organisation picker's list, filtered by what the parent searched for."""
    g.organisation_choices = {}
    for question in page.shown(answers):
        if question.type != "organisation":
            continue
        search = (request.form.get(question.key + survey_forms.SEARCH_SUFFIX) or "").strip()
        choices, total = responding.organisation_choices(db_session(), question, search)
        chosen = request.form.get(question.key) or answers.get(question.key)
        if chosen and chosen not in {code for code, _name in choices}:
            choices = list(responding.organisation_names(db_session(), [chosen]).items()) + choices
        unfiltered_total = (
            total if not search else responding.organisation_choices(db_session(), question, "")[1]
        )
        g.organisation_choices[question.key] = (choices, total, search, unfiltered_total)


def _page_urls(page: journey.Page, answers: dict[str, Any], returning: bool) -> str:
    online = _online()
    if returning:
        return url_for("respond.check")
    previous = journey.previous_page(online.definition, page.id, answers)
    if previous is not None:
        return url_for("respond.question", page_id=previous.id)
    if online.definition.data.get("consent"):
        return url_for("respond.consent")
    return url_for("respond.start")


@blueprint.route("/q/<page_id>", methods=["GET", "POST"], endpoint="question")
def question(slug: str, page_id: str) -> Page:
    online = _online()
    if not online.is_open:
        return _closed()
    draft = _current_draft()
    if draft is None or draft.submitted_reference:
        return _start_over()
    if online.definition.data.get("consent") and not (draft.consent or {}).get("survey"):
        return redirect(url_for("respond.consent"))
    page = journey.find_page(online.definition, page_id)
    answers = responding.answers_of(draft)
    if page is None or not page.shown(answers):
        return redirect(_where_next(draft))
    returning = request.args.get("return") == "check"
    _prepare_organisation_lists(page, answers)
    specs = _field_specs(page, answers)
    form_class = survey_forms.build_page_form(specs, _words())
    # Saved answers fill the page only on GET: on POST, what was sent is the whole answer.
    saved = survey_forms.initial_data(specs, answers) if request.method == "GET" else None
    form = form_class(data=saved)
    searching = request.method == "POST" and request.form.get("search")
    if form.validate_on_submit() and not searching:
        if _honeypot_filled(form):
            abort(400)
        outcome = _keep_page(draft, page, form, specs)
        if outcome is not None:
            return outcome
    return _render(
        "respond/question.html",
        "respond.question",
        {"page_id": page.id, **({"return": "check"} if returning else {})},
        form=form,
        specs=specs,
        page=page,
        page_heading=None if len(specs) == 1 else _page_heading(page),
        images=_images(page, answers),
        organisation_lists=g.organisation_choices,
        back_url=_page_urls(page, answers, returning),
    )


def _keep_page(draft: Any, page: journey.Page, form: Any, specs: list[Any]) -> BaseResponse | None:
    """Check and keep the page's answers, then go on; None means show the errors."""
    online = _online()
    raw = survey_forms.raw_answers(form, specs)
    saving = bool(form.save_and_return.data)
    problems = responding.check_page(
        db_session(), page.shown(responding.answers_of(draft)), raw, grouped=len(specs) > 1
    )
    date_problems = survey_forms.date_part_problems(form, specs)
    messages = {p.field: _(p.message) for p in problems} | {
        key: _(message) for key, message in date_problems.items()
    }
    if saving:
        # Keep what is already acceptable; the parent fixes the rest when they come back.
        valid = {k: v for k, v in raw.items() if k not in messages}
        responding.save_page_answers(db_session(), draft, online, page, valid)
        return redirect(url_for("respond.save"))
    if messages:
        for key, message in messages.items():
            getattr(form, key).errors = [message]
        return None
    responding.save_page_answers(db_session(), draft, online, page, raw)
    commit_request()
    answers = responding.answers_of(draft)
    if request.args.get("return") == "check":
        pending = responding.incomplete_page(online, draft)
        if pending is None:
            return redirect(url_for("respond.check"))
        return redirect(url_for("respond.question", page_id=pending.id, **{"return": "check"}))
    following = journey.next_page(online.definition, page.id, answers)
    if following is None:
        return redirect(url_for("respond.check"))
    return redirect(url_for("respond.question", page_id=following.id))


def _page_heading(page: journey.Page) -> str:
    return page.id.replace("-", " ").replace("_", " ").capitalize()


def _images(page: journey.Page, answers: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Easy Read pictures that exist among the static files, with their alt text."""
    from survey.web.views.assets import STATIC

    images = {}
    if not _easy_read():
        return images
    for question in page.shown(answers):
        words = journey.wording(question, _language(), easy_read=True)
        if words.image_src and (STATIC / words.image_src).is_file():
            images[question.key] = {
                "src": url_for("assets.static", filename=words.image_src),
                "alt": words.image_alt or "",
            }
    return images


# --- check your answers, submit, confirmation ---------------------------------------------------


def _check_rows(draft: Any) -> list[dict[str, Any]]:
    online = _online()
    answers = journey.relevant_answers(online.definition, responding.answers_of(draft))
    codes = [
        str(v) for k, v in answers.items() if online.definition.question(k).type == "organisation"
    ]
    names = responding.organisation_names(db_session(), codes)
    rows = []
    for question in online.definition.questions:
        words = journey.wording(question, _language(), _easy_read())
        if question.type == "consent":
            words = journey.Wording(words.text, words.hint, {"agreed": _("Yes, I agree")})
        shown = question.is_shown(answers)
        lines = journey.display_answer(question, answers.get(question.key), words, names)
        page = journey.page_of(online.definition, question.key)
        rows.append(
            {
                "key": question.key,
                "question": words.text,
                "lines": lines,
                "change_url": url_for("respond.question", page_id=page.id, **{"return": "check"})
                if shown
                else None,
            }
        )
    return rows


@blueprint.route("/check", methods=["GET", "POST"], endpoint="check")
def check(slug: str) -> Page:
    online = _online()
    draft = _current_draft()
    if draft is not None and draft.submitted_reference:
        return redirect(url_for("respond.confirmation"))
    if not online.is_open:
        return _closed()
    if draft is None:
        return _start_over()
    pending = responding.incomplete_page(online, draft)
    if pending is not None:
        return redirect(url_for("respond.question", page_id=pending.id))
    form = survey_forms.SubmitAnswersForm()
    if form.validate_on_submit():
        if _honeypot_filled(form):
            abort(400)
        try:
            responding.submit_draft(db_session(), online, draft)
        except DomainError as error:
            # Only reachable if the definition changed under the parent: send them to the page.
            first = error.problems[0].field
            if first in {q.key for q in online.definition.questions}:
                page = journey.page_of(online.definition, first)
                return redirect(url_for("respond.question", page_id=page.id))
            raise
        commit_request()
        return redirect(url_for("respond.confirmation"))
    answers = responding.answers_of(draft)
    pages = [p for p in journey.pages(online.definition) if p.shown(answers)]
    return _render(
        "respond/check.html",
        "respond.check",
        form=None,
        submit_form=form,
        rows=_check_rows(draft),
        back_url=url_for("respond.question", page_id=pages[-1].id)
        if pages
        else url_for("respond.start"),
    )


@blueprint.get("/confirmation", endpoint="confirmation")
def confirmation(slug: str) -> Page:
    draft = _current_draft()
    if draft is None or not draft.submitted_reference:
        return _start_over()
    return _render(
        "respond/confirmation.html",
        "respond.confirmation",
        form=None,
        reference=draft.submitted_reference,
    )


# --- save and return --------------------------------------------------------------------------


def _resume_links() -> dict[str, str]:
    return dict(session.get("resume") or {})


def _public_url(path: str) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    return base.rstrip("/") + path


def _readable(moment: dt.datetime) -> str:
    return f"{moment.day} {moment.strftime('%B %Y')}"


@blueprint.get("/save", endpoint="save")
def save(slug: str) -> Page:
    """Make (or show again) the link that brings these answers back on any device."""
    draft = _current_draft()
    if draft is None or draft.submitted_reference:
        return _start_over()
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
    token = _resume_links()[_online().survey.slug]
    return _render(
        "respond/saved.html",
        "respond.save",
        form=form,
        resume_url=_public_url(url_for("respond.resume", token=token)),
        expires=_readable(draft.resume_expires_at),
        can_email=email_sender(current_app.config) is not None,
        sent_to=sent_to,
        continue_url=_where_next(draft),
    )


@blueprint.post("/save", endpoint="email_link")
def email_link(slug: str) -> Page:
    draft = _current_draft()
    if draft is None or draft.submitted_reference or slug not in _resume_links():
        return _start_over()
    sender = email_sender(current_app.config)
    form = survey_forms.ResumeEmailForm()
    if sender is None or not form.validate_on_submit() or _honeypot_filled(form):
        abort(400)
    address = (form.email.data or "").strip()
    if not _looks_like_email(address):
        form.email.errors = [
            _("Enter an email address in the correct format, like name@example.com")
        ]
        return _render_saved(draft, form)
    message = ResumeEmail(
        to=address,
        survey_title=str(_survey_texts()["title"]),
        link=_public_url(url_for("respond.resume", token=_resume_links()[slug])),
        expires=_readable(draft.resume_expires_at),
        council_name=current_app.config["COUNCIL_NAME"],
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
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


@blueprint.get("/resume/<token>", endpoint="resume")
def resume(slug: str, token: str) -> Page:
    online = _online()
    if not online.is_open:
        return _closed()
    try:
        draft, session_token = responding.resume_draft(db_session(), online, token)
    except NotFound:
        return _render("respond/link_expired.html", "respond.start", form=None)
    commit_request()
    _remember_draft(session_token)
    links = _resume_links()
    links[slug] = token
    session["resume"] = links
    if draft.language in journey.languages(online.definition):
        session["lang"] = draft.language
    session["easy_read"] = bool(draft.easy_read)
    return redirect(_where_next(draft))


# --- QR codes for posters -----------------------------------------------------------------------


@blueprint.get("/qr.<kind>", endpoint="qr")
def qr(slug: str, kind: str) -> Response:
    if kind not in {"png", "svg"}:
        abort(404)
    token = request.args.get("src")
    if token and responding.find_link(db_session(), _online(), token) is None:
        abort(404)
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    body = qr_code(survey_url(base, slug, token), kind)
    mimetype = "image/png" if kind == "png" else "image/svg+xml"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'inline; filename="{slug}{"-" + token if token else ""}.{kind}"'
    )
    return response
