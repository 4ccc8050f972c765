"""What every page of a parent's survey shares: the blueprint (under /s/<slug>), the survey
looked up from the URL, the parent's language and Easy Read choice, their draft (found by a random
token in the session cookie; the answers themselves stay on the server), and rendering a page
with the links to switch language or Easy Read."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    g,
    make_response,
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
from survey.domain.errors import NotFound
from survey.parents import drafts as responding
from survey.web.extensions import db_session
from survey.web.i18n import current_language

# The query that brings a parent back to check your answers after a change (a keyword in Python).
RETURN_TO_CHECK: dict[str, Any] = {"return": "check"}

blueprint = Blueprint("respond", __name__, url_prefix="/s/<slug>")
Page = str | BaseResponse


@blueprint.url_value_preprocessor
def load_survey(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    slug = (values or {}).get("slug", "")
    try:
        g.online = responding.get_survey_online(db_session(), slug)
    except NotFound:
        if _endpoint == "respond.resume":
            # A resume link for no survey we have: still say how to start again.
            abort(make_response(render_template("respond/link_expired.html", survey=None), 404))
        abort(404)
    if request.args.get("easy_read") in {"0", "1"}:
        choose_easy_read(request.args["easy_read"] == "1")


def choose_easy_read(on: bool) -> None:
    """Keep the parent's choice for this survey (it wins over a survey that opens in Easy Read)
    and as their choice for surveys they have not chosen on."""
    session["easy_read"] = on
    chosen = dict(session.get("easy_read_surveys") or {})
    chosen[g.online.survey.slug] = on
    session["easy_read_surveys"] = chosen


@blueprint.before_request
def one_language_per_page() -> None:
    """A survey with no Welsh version is shown wholly in English (buttons and headings too),
    not as Welsh buttons round English questions: half-Welsh is worse than none."""
    g.language = page_language()


@blueprint.url_defaults
def add_slug(_endpoint: str, values: dict[str, Any]) -> None:
    if "slug" not in values and "online" in g:
        values["slug"] = g.online.survey.slug


def survey_online() -> responding.SurveyOnline:
    online: responding.SurveyOnline = g.online
    return online


def page_language() -> str:
    language = current_language()
    return language if language in journey.languages(survey_online().definition) else "en"


def easy_read_on() -> bool:
    """Easy Read when the parent chose it on this survey, else when the survey opens in it
    (``default_version: easy_read``), else when they chose it on another survey."""
    online = survey_online()
    if not journey.has_easy_read(online.definition):
        return False
    chosen = (session.get("easy_read_surveys") or {}).get(online.survey.slug)
    if chosen is not None:
        return bool(chosen)
    return journey.opens_in_easy_read(online.definition) or bool(session.get("easy_read"))


def draft_tokens() -> dict[str, str]:
    return dict(session.get("drafts") or {})


def current_draft() -> Any | None:
    online = survey_online()
    draft = responding.find_draft(db_session(), online, draft_tokens().get(online.survey.slug))
    if draft is not None:
        responding.set_preferences(db_session(), draft, page_language(), easy_read_on())
    return draft


def remember_draft(token: str) -> None:
    tokens = draft_tokens()
    tokens[survey_online().survey.slug] = token
    session["drafts"] = tokens


def survey_texts() -> dict[str, Any]:
    online, language, easy = survey_online(), page_language(), easy_read_on()
    data = online.definition.data
    return {
        field: journey.survey_text(online.definition, field, language, easy)
        for field in ("title", "summary", "what_happens_to_answers", "what_happens_next", "consent")
    } | {"minutes": data.get("minutes"), "contact": data.get("contact") or {}}


def _switches(endpoint: str, **values: Any) -> dict[str, Any]:
    """Links to switch language or Easy Read on this page without losing anything."""
    definition = survey_online().definition
    here = dict(values)
    return {
        "language_options": [
            {
                "code": code,
                "name": journey.LANGUAGES[code],
                "url": url_for(endpoint, **here, lang=code),
                "current": code == page_language(),
            }
            for code in journey.languages(definition)
        ]
        if len(journey.languages(definition)) > 1
        else [],
        "easy_read_url": url_for(endpoint, **here, easy_read="0" if easy_read_on() else "1")
        if journey.has_easy_read(definition)
        else None,
        "easy_read": easy_read_on(),
    }


def render_page(
    template: str, endpoint: str, values: dict[str, Any] | None = None, **context: Any
) -> str:
    return render_template(
        template,
        survey=survey_texts(),
        slug=survey_online().survey.slug,
        **_switches(endpoint, **(values or {})),
        **context,
    )


def closed_page() -> str:
    online = survey_online()
    return render_page(
        "respond/closed.html",
        "respond.start",
        state=online.state,
        opens_at=online.survey.opens_at,
    )


def start_over() -> BaseResponse:
    return redirect(url_for("respond.start"))


def honeypot_filled(form: Any) -> bool:
    return bool(getattr(form, survey_forms.HONEYPOT_FIELD).data)


def button_words() -> dict[str, str]:
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


def where_next(draft: Any) -> str:
    online = survey_online()
    if online.definition.data.get("consent") and not (draft.consent or {}).get("survey"):
        return url_for("respond.consent")
    page = responding.incomplete_page(online, draft)
    return url_for("respond.question", page_id=page.id) if page else url_for("respond.check")
