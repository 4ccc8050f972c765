"""A question page: the form built from the survey definition, organisation pickers with search,
Easy Read pictures, and keeping the answers (or saving them to come back later)."""

from __future__ import annotations

from typing import Any

from flask import abort, g, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from forms import survey as survey_forms
from survey.domain import journey
from survey.domain.errors import FieldProblem
from survey.domain.questions import RATING_10, QuestionSpec
from survey.parents import drafts as responding
from survey.web.extensions import commit_request, db_session
from survey.web.i18n import N_
from survey.web.views.assets import STATIC
from survey.web.views.respond import error_wording
from survey.web.views.respond.base import (
    RETURN_TO_CHECK,
    Page,
    blueprint,
    button_words,
    closed_page,
    current_draft,
    easy_read_on,
    honeypot_filled,
    page_language,
    render_page,
    start_over,
    survey_online,
    survey_texts,
    where_next,
)


def _field_specs(page: journey.Page, answers: dict[str, Any]) -> list[Any]:
    shown = page.shown(answers)
    specs = []
    for question in shown:
        words = journey.wording(question, page_language(), easy_read_on())
        if question.type == "organisation":
            choices = g.organisation_choices[question.key][0]
        elif question.type == "rating10":
            # The scale's numbers, then any "not applicable" the definition allows.
            choices = [(value, value) for value in RATING_10] + list(words.option_labels.items())
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
                pictures=_option_pictures(words),
            )
        )
    return specs


def _option_pictures(words: journey.Wording) -> dict[str, tuple[str, str]]:
    """Easy Read pictures beside the options, as links, leaving out any not among the files."""
    return {
        value: (url_for("assets.static", filename=src), alt)
        for value, (src, alt) in words.option_pictures.items()
        if (STATIC / src).is_file()
    }


def _picker_words() -> dict[str, str]:
    """The organisation search box's label and hint, in the version the parent reads."""
    if easy_read_on():
        return {
            "label": _("Look for a name"),
            "hint": _("Type some of the name. Then press Search."),
        }
    return {"label": _("Search the list"), "hint": _("Type part of the name, then select Search")}


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


SEARCH_FROM = 10  # a picker offering more organisations than this gets a search box


def _searchable_pickers() -> set[str]:
    return {key for key, lists in g.organisation_choices.items() if lists[3] > SEARCH_FROM}


def _autocomplete_lists(page: journey.Page, answers: dict[str, Any]) -> dict[str, Any]:
    """Every organisation a long picker offers, for the type-ahead JavaScript puts in its place
    (sent in an inert <template>, so the page without JavaScript is unchanged)."""
    searchable = _searchable_pickers()
    return {
        question.key: responding.organisation_choices(
            db_session(), question, "", limit=AUTOCOMPLETE_MOST
        )[0]
        for question in page.shown(answers)
        if question.key in searchable
    }


# More than any council has schools and settings: the list stays one download, whatever happens.
AUTOCOMPLETE_MOST = 5000


def _typed_a_new_search(page: journey.Page, answers: dict[str, Any]) -> bool:
    """Enter in the search box continues (Continue is the page's default button), so a new
    search typed there with nothing picked yet is taken as a search rather than as an answer."""
    for question in page.shown(answers):
        if question.type != "organisation":
            continue
        typed = (request.form.get(question.key + survey_forms.SEARCH_SUFFIX) or "").strip()
        searched = (request.form.get(question.key + "_searched") or "").strip()
        if typed != searched and not request.form.get(question.key):
            return True
    return False


def _page_urls(page: journey.Page, answers: dict[str, Any], returning: bool) -> str:
    online = survey_online()
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
    online = survey_online()
    if not online.is_open:
        return closed_page()
    draft = current_draft()
    if draft is None or draft.submitted_reference:
        return start_over()
    if online.definition.data.get("consent") and not (draft.consent or {}).get("survey"):
        return redirect(url_for("respond.consent"))
    page = journey.find_page(online.definition, page_id)
    answers = responding.answers_of(draft)
    if page is None or not page.shown(answers):
        return redirect(where_next(draft))
    returning = request.args.get("return") == "check"
    _prepare_organisation_lists(page, answers)
    specs = _field_specs(page, answers)
    form_class = survey_forms.build_page_form(specs, button_words())
    # Saved answers fill the page only on GET: on POST, what was sent is the whole answer.
    saved = survey_forms.initial_data(specs, answers) if request.method == "GET" else None
    form = form_class(data=saved)
    searching = request.method == "POST" and (
        request.form.get("search") or _typed_a_new_search(page, answers)
    )
    if form.validate_on_submit() and not searching:
        if honeypot_filled(form):
            abort(400)
        outcome = _keep_page(draft, page, form, specs)
        if outcome is not None:
            return outcome
    return render_page(
        "respond/question.html",
        "respond.question",
        {"page_id": page.id, **({"return": "check"} if returning else {})},
        form=form,
        specs=specs,
        page=page,
        page_heading=None if len(specs) == 1 else _page_heading(page),
        picker_words=_picker_words(),
        images=_images(page, answers),
        organisation_lists=g.organisation_choices,
        searchable=_searchable_pickers(),
        autocomplete_lists=_autocomplete_lists(page, answers),
        back_url=_page_urls(page, answers, returning),
    )


def _keep_page(draft: Any, page: journey.Page, form: Any, specs: list[Any]) -> BaseResponse | None:
    """Check and keep the page's answers, then go on; None means show the errors."""
    online = survey_online()
    raw = survey_forms.raw_answers(form, specs)
    saving = bool(form.save_and_return.data)
    shown = page.shown(responding.answers_of(draft))
    # Worded here, in the parent's language and version, rather than by check_page in English.
    problems = responding.check_page(db_session(), shown, raw, grouped=False)
    problems += [
        FieldProblem(key, message)
        for key, message in survey_forms.date_part_problems(form, specs).items()
    ]
    messages = _worded(shown, problems, grouped=len(specs) > 1)
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
        return redirect(url_for("respond.question", page_id=pending.id, **RETURN_TO_CHECK))
    following = journey.next_page(online.definition, page.id, answers)
    if following is None:
        return redirect(url_for("respond.check"))
    return redirect(url_for("respond.question", page_id=following.id))


def _worded(
    questions: tuple[QuestionSpec, ...], problems: list[FieldProblem], grouped: bool
) -> dict[str, str]:
    """Each problem as the parent should read it: naming the question, in their wording."""
    by_key = {question.key: question for question in questions}
    messages: dict[str, str] = {}
    for problem in problems:
        question = by_key[problem.field]
        words = journey.wording(question, page_language(), easy_read_on())
        if problem.message == responding.missing_message(question):
            messages[problem.field] = error_wording.missing_answer(question, words, page_language())
        else:
            messages[problem.field] = error_wording.wrong_answer(
                problem.message, words, grouped, question
            )
    return messages


# Headings of pages of several questions are made from the page id ("about-you" -> "About you");
# these common ones are in the catalogue, so a Welsh page has a Welsh heading.
COMMON_HEADINGS = (
    N_("About you"),
    N_("About your child"),
    N_("Your child"),
    N_("Your family"),
    N_("Your child's school"),
    N_("Your experience"),
    N_("Support for your child"),
    N_("Contact details"),
    N_("Anything else"),
)


def _page_heading(page: journey.Page) -> str:
    definition = survey_online().definition
    heading = journey.page_heading(definition, page.id, page_language(), easy_read_on())
    if heading != page.id.replace("-", " ").replace("_", " ").capitalize():
        return heading  # the survey's own words for this page, in the chosen version
    translated = str(_(heading))
    if translated == heading and page_language() != "en":
        # No translation of a page id the survey made up: its own (translated) title rather
        # than an English heading on a Welsh page.
        return str(survey_texts()["title"])
    return translated


def _images(page: journey.Page, answers: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Easy Read pictures that exist among the static files, with their alt text."""

    images: dict[str, dict[str, str]] = {}
    if not easy_read_on():
        return images
    for question in page.shown(answers):
        words = journey.wording(question, page_language(), easy_read=True)
        if words.image_src and (STATIC / words.image_src).is_file():
            images[question.key] = {
                "src": url_for("assets.static", filename=words.image_src),
                "alt": words.image_alt or "",
            }
    return images
