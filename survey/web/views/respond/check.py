"""Check your answers, submit them, and the confirmation with the parent's reference."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, url_for
from flask_babel import gettext as _

from forms import survey as survey_forms
from survey.domain import journey
from survey.domain.errors import DomainError
from survey.parents import drafts as responding
from survey.web.extensions import commit_request, db_session
from survey.web.views.respond.base import (
    RETURN_TO_CHECK,
    Page,
    blueprint,
    closed_page,
    current_draft,
    easy_read_on,
    honeypot_filled,
    page_language,
    render_page,
    start_over,
    survey_online,
)


def _check_rows(draft: Any) -> list[dict[str, Any]]:
    online = survey_online()
    answers = journey.relevant_answers(online.definition, responding.answers_of(draft))
    codes = [
        str(v) for k, v in answers.items() if online.definition.question(k).type == "organisation"
    ]
    names = responding.organisation_names(db_session(), codes)
    rows = []
    for question in online.definition.questions:
        # A question an answer has since ruled out (its show_if no longer holds) is not asked,
        # so it is not listed either: its answer is dropped and never submitted.
        if not question.is_shown(answers):
            continue
        words = journey.wording(question, page_language(), easy_read_on())
        if question.type == "consent":
            words = journey.Wording(words.text, words.hint, {"agreed": _("Yes, I agree")})
        lines = journey.display_answer(
            question, answers.get(question.key), words, names, page_language()
        )
        page = journey.page_of(online.definition, question.key)
        rows.append(
            {
                "key": question.key,
                "question": words.text,
                "lines": lines,
                "change_url": url_for("respond.question", page_id=page.id, **RETURN_TO_CHECK),
            }
        )
    return rows


@blueprint.route("/check", methods=["GET", "POST"], endpoint="check")
def check(slug: str) -> Page:
    online = survey_online()
    draft = current_draft()
    if draft is not None and draft.submitted_reference:
        return redirect(url_for("respond.confirmation"))
    if not online.is_open:
        return closed_page()
    if draft is None:
        return start_over()
    pending = responding.incomplete_page(online, draft)
    if pending is not None:
        return redirect(url_for("respond.question", page_id=pending.id))
    form = survey_forms.SubmitAnswersForm()
    if form.validate_on_submit():
        if honeypot_filled(form):
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
    return render_page(
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
    draft = current_draft()
    if draft is None or not draft.submitted_reference:
        return start_over()
    return render_page(
        "respond/confirmation.html",
        "respond.confirmation",
        form=None,
        reference=draft.submitted_reference,
    )
