"""A measure's page: its value, interval and trend, the parents' and staff's words linked to it
(redacted, with themes when there are enough of them), and the figures officers have entered;
admins and officers enter a figure here, through intake like any other evidence."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from analysis.periods import parse_period, period_problem
from analysis.suppression import QUOTES_SHOWN, needs_suppression, quotes_to_show, suppress_count
from analysis.themes import ThemeItem, find_themes
from forms.measures import FigureForm
from storage.repositories.indicator_totals import list_figures, list_linked_texts
from storage.repositories.organisations import list_las
from survey import intake
from survey.domain.errors import DomainError
from survey.domain.inputs import MetricValueInput
from survey.officers.indicator_service import MeasureResult, compute_indicators
from survey.web.extensions import commit_request, db_session
from survey.web.session_auth import login_required
from survey.web.views.dashboard.base import (
    EDITORS,
    EVERYONE,
    Access,
    access,
    blueprint,
    redact,
    threshold,
)
from survey.web.views.dashboard.filters import Filters, filters
from survey.web.views.dashboard.rows import row, trend_rows


@blueprint.get("/measures/<plan>/<code>")
@login_required(*EVERYONE)
def measure(plan: str, code: str) -> str:
    return _measure_page(plan, code)


@blueprint.post("/measures/<plan>/<code>")
@login_required(*EDITORS)
def enter_figure(plan: str, code: str) -> str | Response:
    session, who = db_session(), access()
    form = _figure_form(session, who)
    if form.validate_on_submit():
        period = parse_period(form.period.data or "")
        organisation = form.organisation.data or None
        allowed = {c for c, _n in form.organisation.choices}
        if (organisation or "") not in allowed:
            abort(403)
        try:
            intake.record_metric_value(session, _figure(form, plan, code, who))
        except DomainError as error:
            for problem in error.problems:
                target = form._fields.get(problem.field, form.value)
                target.errors = [*target.errors, problem.message]
        else:
            commit_request()
            return redirect(
                url_for("dashboard.measure", plan=plan, code=code, period=period.key, saved="1")
            )
    return _measure_page(plan, code, form)


def _figure(form: FigureForm, plan: str, code: str, who: Access) -> MetricValueInput:
    period = parse_period(form.period.data or "")
    return MetricValueInput(
        measure_code=code,
        plan=plan,
        period_start=period.start,
        period_end=period.last_day,
        value=float(str(form.value.data).replace(",", "")),
        denominator=float(str(form.denominator.data).replace(",", ""))
        if form.denominator.data
        else None,
        organisation_code=form.organisation.data or None,
        note=form.note.data or None,
        entered_by=who.actor,
    )


def _figure_form(session: Session, who: Access) -> FigureForm:
    form = FigureForm(prefix="figure", check_period=period_problem)
    las = list_las(session)
    if who.organisation_id is not None:
        form.organisation.choices = [(o.code, o.name) for o in las if o.id == who.organisation_id]
    else:
        form.organisation.choices = [("", "The whole area")] + [(o.code, o.name) for o in las]
    return form


def _measure_result(session: Session, plan: str, code: str, chosen: Filters) -> MeasureResult:
    report = compute_indicators(
        session,
        chosen.period,
        chosen.where,
        plan_slug=plan,
        measure_code=code,
        pooled_threshold=None if chosen.exact else threshold(),
    )
    if not report.results:
        abort(404)
    return report.results[0]


def _themes(texts: list[Any], limit: int, exact: bool) -> list[dict[str, Any]]:
    """The top themes, a count below the threshold shown as "fewer than 5" without exact
    figures (and its mean sentiment hidden), as every other small count is."""
    items = [ThemeItem(t.text, t.sentiment, "current", t.reference) for t in texts]
    shown = []
    for theme in find_themes(items, limit=5, min_count=2):
        small = not exact and needs_suppression(theme.count, limit)
        shown.append(
            {
                "label": theme.label,
                "count": suppress_count(theme.count, 1 if exact else limit).shown,
                "mean_sentiment": None if small else theme.mean_sentiment,
            }
        )
    return shown


def _measure_page(plan: str, code: str, form: FigureForm | None = None) -> str:
    session, who = db_session(), access()
    chosen = filters(session, who)
    result = _measure_result(session, plan, code, chosen)
    limit = threshold()
    texts = list_linked_texts(
        session, result.measure.id, chosen.period.start, chosen.period.end, chosen.where, 200
    )
    sentiments = [t.sentiment for t in texts if t.sentiment is not None]
    quotes, held_back = quotes_to_show(texts, chosen.exact)
    figures = list_figures(session, result.measure.id)
    if who.organisation_id is not None:
        figures = [f for f in figures if f.organisation_id == who.organisation_id]
    form = form or (_figure_form(session, who) if who.can_edit else None)
    if form is not None and not form.period.data:
        form.period.data = chosen.period.key
    return render_template(
        "dashboard/measure.html",
        form=form,
        filter_form=chosen.form,
        filters=chosen,
        row=row(result, chosen.exact, limit, big=True),
        trend=trend_rows(result, chosen.exact, limit),
        result=result,
        evidence=[_quote(t) for t in quotes],
        quotes_held_back=held_back,
        quotes_shown=QUOTES_SHOWN,
        evidence_total=len(texts),
        # Quotes and themes leave nothing identifying, but a theme over fewer people than the
        # threshold could still point at someone: only show themes over enough texts.
        themes=_themes(texts, limit, chosen.exact) if len(texts) >= limit else [],
        mean_sentiment=sum(sentiments) / len(sentiments) if len(sentiments) >= limit else None,
        sentiment_n=len(sentiments),
        # Without exact figures the counts of comments are not shown: the whole area's minus an
        # LA's would give the rest, however few (issue 15 item 3).
        exact=chosen.exact,
        figures=figures,
        who=who,
        threshold=limit,
    )


def _quote(text: Any) -> dict[str, Any]:
    return {
        "reference": text.reference,
        "text": redact(text.text),
        "context": text.context,
        "at": text.at,
        "sentiment": text.sentiment,
    }
