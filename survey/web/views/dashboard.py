"""The officers' dashboard: every measure with RAG and trend, a page per measure with the evidence
behind it, attendance for hub leads, staff submissions with their status, and the report download.

Roles, on every route: admins and officers see everything in their organisation (an officer tied
to an LA sees that LA's evidence only) and may enter figures and change statuses; hub leads see
their own network's meetings and read everything else. Figures on screen are suppressed like any
export unless an admin or officer asks for exact figures, which are then marked as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from govuk_frontend_wtf.wtforms_widgets import (
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, SubmitField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from analysis.charts import trend_svg
from analysis.periods import PERIOD_HELP, Period, parse_period, period_containing
from analysis.text import clip
from forms.base import StripWhitespaceForm
from storage.repositories import evidence, links, plans
from storage.repositories.evidence import (
    SubmissionFilter,
    count_staff_submissions,
    count_submissions_by_status,
    list_meetings_between,
    list_staff_submissions,
)
from storage.repositories.indicator_totals import EvidenceFilter, list_figures, list_linked_texts
from storage.repositories.organisations import (
    list_las,
    list_networks,
    list_region_las,
    list_settings,
)
from storage.repositories.plans import list_workstreams
from storage.repositories.surveys import list_surveys
from storage.repositories.users import list_users
from survey import intake
from survey.domain.errors import DomainError
from survey.domain.inputs import MetricValueInput
from survey.intake import linking
from survey.officers.indicator_service import (
    IndicatorReport,
    MeasureResult,
    compute_indicators,
    published,
    short_label,
)
from survey.web.extensions import commit_request, db_session
from survey.web.redaction import redact_text
from survey.web.session_auth import current_user, login_required

blueprint = Blueprint("dashboard", __name__, url_prefix="/dashboard")

EVERYONE = ("admin", "officer", "hub_lead")
EDITORS = ("admin", "officer")
CHANNELS = ("web", "slack", "teams", "import", "cli", "demo")
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


@dataclass(frozen=True)
class Access:
    """What the signed-in person may see and do."""

    role: str
    organisation_id: int | None
    network_id: int | None
    actor: str

    @property
    def can_edit(self) -> bool:
        return self.role in EDITORS

    @property
    def may_see_exact(self) -> bool:
        return self.role in EDITORS


def access() -> Access:
    user = current_user()
    organisation = user.organisation_id if user.role.value == "officer" else None
    return Access(user.role.value, organisation, user.network_id, f"user:{user.id}")


def threshold() -> int:
    return int(current_app.config.get("SUPPRESSION_THRESHOLD") or 5)


# --- filters -------------------------------------------------------------------------------------


def _period_is_readable(_form: Any, field: Any) -> None:
    if field.data:
        try:
            parse_period(field.data)
        except ValueError as error:
            raise ValidationError(PERIOD_HELP) from error


class FilterForm(StripWhitespaceForm):
    """The dashboard's filters, sent with GET so a filtered view can be bookmarked and shared."""

    class Meta:
        csrf = False

    period = StringField(
        "Period",
        description="A month (2026-10), term (2026-autumn), quarter (2026-Q3), financial year (2026-27) or range (2026-09-01..2026-10-15)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=40), _period_is_readable],
    )
    la = SelectField("Local authority", widget=GovSelect(), validate_choice=False)
    setting = SelectField("School or setting", widget=GovSelect(), validate_choice=False)
    survey = SelectField("Survey", widget=GovSelect(), validate_choice=False)
    channel = SelectField("Channel", widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Apply filters", widget=GovSubmitInput())


def _default_period() -> Period:
    return period_containing("month", dt.date.today())


@dataclass(frozen=True)
class Filters:
    form: FilterForm
    period: Period
    where: EvidenceFilter
    exact: bool

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query string that reproduces this view (for links between pages)."""
        found = {
            name: self.form[name].data
            for name in ("period", "la", "setting", "survey", "channel")
            if self.form[name].data
        }
        if self.exact:
            found["exact"] = "1"
        found.update(changes)
        return {k: v for k, v in found.items() if v}


def _filters(session: Any, who: Access) -> Filters:
    form = FilterForm(request.args, meta={"csrf": False})
    las = list_las(session)
    form.la.choices = [("", "All local authorities")] + [(o.code, o.name) for o in las]
    form.setting.choices = [("", "All schools and settings")] + [
        (o.code, o.name) for o in list_settings(session)
    ]
    form.survey.choices = [("", "All surveys")] + [(s.slug, s.title) for s in list_surveys(session)]
    form.channel.choices = [("", "All channels")] + [(c, c.capitalize()) for c in CHANNELS]
    valid = form.validate() if request.args else True
    period = parse_period(form.period.data) if valid and form.period.data else _default_period()
    by_code = {o.code: o for o in las}
    organisation_id = by_code[form.la.data].id if form.la.data in by_code else None
    if who.organisation_id is not None:
        if organisation_id not in (None, who.organisation_id):
            abort(403)  # another organisation's evidence
        organisation_id = who.organisation_id
        mine = next((o for o in las if o.id == who.organisation_id), None)
        form.la.choices = [(mine.code, mine.name)] if mine else []
        form.la.data = mine.code if mine else ""
    settings = {code for code, _name in form.setting.choices}
    surveys = {s.slug: s.id for s in list_surveys(session)}
    setting_id = None
    if form.setting.data and form.setting.data in settings:
        found = next(o for o in list_settings(session) if o.code == form.setting.data)
        setting_id = found.id
    where = EvidenceFilter(
        organisation_id=organisation_id,
        setting_id=setting_id,
        survey_id=surveys.get(form.survey.data or ""),
        channel=form.channel.data if form.channel.data in CHANNELS else None,
    )
    exact = request.args.get("exact") == "1" and who.may_see_exact
    return Filters(form, period, where, exact)


# --- presenting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A measure as the pages show it: suppressed unless exact figures were asked for."""

    result: MeasureResult
    value: str
    n: str
    interval: str
    change: str
    change_flag: str  # up | down | steady | "" (not tested or not meaningful)
    reason: str
    suppressed: bool
    chart: Markup


def _row(result: MeasureResult, exact: bool, limit: int, big: bool = False) -> Row:
    shown = published(result.target, result.current, limit)
    hide = shown.suppressed and not exact
    evaluation = result.current
    interval = ""
    if evaluation.interval and not hide:
        unit = "%" if result.target.kind == "rate" else ""
        interval = f"{evaluation.interval.low:.0f}{unit} to {evaluation.interval.high:.0f}{unit}"
        if result.target.kind != "rate":
            interval = f"{evaluation.interval.low:.2f} to {evaluation.interval.high:.2f}"
    change = evaluation.change
    before = published(result.target, result.previous, limit)
    change_hidden = (shown.suppressed or before.suppressed) and not exact
    flag = ""
    if change.meaningful and change.difference:
        flag = "up" if change.difference > 0 else "down"
    elif change.meaningful is False:
        flag = "steady"
    chart_id = f"chart-{result.measure.plan_slug}-{result.measure.code}".replace(".", "-")
    unit = "%" if result.target.kind == "rate" or result.target.unit == "percent" else ""
    chart = trend_svg(
        result.points(unsuppressed=exact, threshold=limit),
        chart_id + ("-large" if big else ""),
        f"{result.measure.code}: trend over {len(result.trend)} periods",
        unit=unit,
        target=result.target.target,
        width=640 if big else 160,
        height=240 if big else 40,
        axes=big,
    )
    return Row(
        result=result,
        value=shown.shown if not exact else _exact_value(result),
        n=shown.n.shown if hide else f"{evaluation.n:,}",
        interval=interval,
        change="hidden: small numbers" if change_hidden else change.words,
        change_flag="" if change_hidden else flag,
        reason=evaluation.reason if exact or not shown.suppressed else shown.reason,
        suppressed=shown.suppressed,
        chart=Markup(chart),  # nosec B704 # built from escaped parts in analysis.charts
    )


def _exact_value(result: MeasureResult) -> str:
    from analysis.indicator_arithmetic import format_value

    return format_value(result.target, result.current.value)


def _trend_rows(result: MeasureResult, exact: bool, limit: int) -> list[dict[str, str]]:
    rows = []
    for point in result.trend:
        shown = published(result.target, point.evaluation, limit)
        hide = shown.suppressed and not exact
        rows.append(
            {
                "period": point.period.label,
                "short": short_label(point.period),
                "value": shown.shown if not exact else _value_or_none(result, point.evaluation),
                "n": shown.n.shown if hide else f"{point.evaluation.n:,}",
                "rag": point.evaluation.rag,
            }
        )
    return rows


def _value_or_none(result: MeasureResult, evaluation: Any) -> str:
    from analysis.indicator_arithmetic import format_value

    return format_value(result.target, evaluation.value)


# --- pages -------------------------------------------------------------------------------------


@blueprint.get("/")
@login_required(*EVERYONE)
def home() -> str:
    session, who = db_session(), access()
    filters = _filters(session, who)
    report: IndicatorReport = compute_indicators(session, filters.period, filters.where)
    limit = threshold()
    groups = [
        (heading, title, [_row(r, filters.exact, limit) for r in results])
        for heading, title, results in report.by_priority()
    ]
    return render_template(
        "dashboard/home.html",
        form=filters.form,
        filters=filters,
        report=report,
        groups=groups,
        who=who,
        threshold=limit,
    )


def _measure_result(session: Any, plan: str, code: str, filters: Filters) -> MeasureResult:
    report = compute_indicators(
        session, filters.period, filters.where, plan_slug=plan, measure_code=code
    )
    if not report.results:
        abort(404)
    return report.results[0]


def _redact(text: str) -> str:
    # The patterns and the council's configured names list (REDACTION_NAMES_FILE).
    return redact_text(text)


def _themes(texts: list[Any]) -> list[Any]:
    try:
        from analysis.themes import ThemeItem, find_themes
    except ImportError:
        return []
    items = [ThemeItem(t.text, t.sentiment, "current", t.reference) for t in texts]
    return find_themes(items, limit=5, min_count=2)


class FigureForm(StripWhitespaceForm):
    """A figure an officer enters for a measure: goes through intake like any other evidence."""

    period = StringField(
        "Period the figure is for",
        description="For example 2026-10 for October 2026, or 2026-autumn for the autumn term",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the period the figure is for"),
            _period_is_readable,
        ],
    )
    value = StringField(
        "Figure",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the figure"), Length(max=30)],
    )
    denominator = StringField(
        "Out of (optional)",
        description="For example the number of families with an EHC plan, to show a response rate",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=30)],
    )
    organisation = SelectField("Local authority", widget=GovSelect(), validate_choice=False)
    note = StringField(
        "Note (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=1000)]
    )
    submit = SubmitField("Save figure", widget=GovSubmitInput())

    def validate_value(self, field: Any) -> None:
        _number(field, "Enter the figure as a number, like 12 or 61.5")

    def validate_denominator(self, field: Any) -> None:
        if field.data:
            _number(field, "Enter the number it is out of as a number, like 300")


def _number(field: Any, message: str) -> None:
    try:
        value = float(str(field.data).replace(",", ""))
    except ValueError as error:
        raise ValidationError(message) from error
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError(message)


def _figure_form(session: Any, who: Access) -> FigureForm:
    form = FigureForm(prefix="figure")
    las = list_las(session)
    if who.organisation_id is not None:
        form.organisation.choices = [(o.code, o.name) for o in las if o.id == who.organisation_id]
    else:
        form.organisation.choices = [("", "The whole area")] + [(o.code, o.name) for o in las]
    return form


def _measure_page(plan: str, code: str, form: FigureForm | None = None) -> str:
    session, who = db_session(), access()
    filters = _filters(session, who)
    result = _measure_result(session, plan, code, filters)
    limit = threshold()
    texts = list_linked_texts(
        session, result.measure.id, filters.period.start, filters.period.end, filters.where, 200
    )
    evidence = [
        {
            "reference": t.reference,
            "text": _redact(t.text),
            "context": t.context,
            "at": t.at,
            "sentiment": t.sentiment,
        }
        for t in texts[:20]
    ]
    sentiments = [t.sentiment for t in texts if t.sentiment is not None]
    figures = list_figures(session, result.measure.id)
    if who.organisation_id is not None:
        figures = [f for f in figures if f.organisation_id == who.organisation_id]
    form = form or (_figure_form(session, who) if who.can_edit else None)
    if form is not None and not form.period.data:
        form.period.data = filters.period.key
    return render_template(
        "dashboard/measure.html",
        form=form,
        filter_form=filters.form,
        filters=filters,
        row=_row(result, filters.exact, limit, big=True),
        trend=_trend_rows(result, filters.exact, limit),
        result=result,
        evidence=evidence,
        evidence_total=len(texts),
        # Quotes and themes leave nothing identifying, but a theme over fewer people than the
        # threshold could still point at someone: only show themes over enough texts.
        themes=_themes(texts) if len(texts) >= limit else [],
        mean_sentiment=sum(sentiments) / len(sentiments) if len(sentiments) >= limit else None,
        sentiment_n=len(sentiments),
        figures=figures,
        who=who,
        threshold=limit,
    )


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
            intake.record_metric_value(
                session,
                MetricValueInput(
                    measure_code=code,
                    plan=plan,
                    period_start=period.start,
                    period_end=period.last_day,
                    value=float(str(form.value.data).replace(",", "")),
                    denominator=float(str(form.denominator.data).replace(",", ""))
                    if form.denominator.data
                    else None,
                    organisation_code=organisation,
                    note=form.note.data or None,
                    entered_by=who.actor,
                ),
            )
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


# --- attendance ----------------------------------------------------------------------------------


@blueprint.get("/attendance")
@login_required(*EVERYONE)
def attendance() -> str:
    session, who = db_session(), access()
    networks = list_networks(session)
    wanted = request.args.get("network", type=int)
    if who.role == "hub_lead":
        if wanted not in (None, who.network_id):
            abort(403)  # another network's meetings
        networks = [n for n in networks if n.id == who.network_id]
    elif wanted is not None:
        networks = [n for n in networks if n.id == wanted]
        if not networks:
            abort(404)
    try:
        term = parse_period(request.args.get("term", "")) if request.args.get("term") else None
    except ValueError:
        abort(400)
    term = term or period_containing("term", dt.date.today())
    sections = []
    for network in networks:
        meetings = list_meetings_between(session, term.start, term.end, network.id)
        members = list_region_las(session, network.region)
        came = {a.organisation_id for m in meetings for a in m.attendance}
        strands: dict[str, list[Any]] = {}
        for meeting in meetings:
            strands.setdefault(meeting.strand or "Full hub and other meetings", []).append(meeting)
        sections.append(
            {
                "network": network,
                "strands": sorted(strands.items()),
                "members": members,
                "member_ids": {m.id for m in members},
                "absent": [m for m in members if m.id not in came],
                "attended": [m for m in members if m.id in came],
            }
        )
    return render_template(
        "dashboard/attendance.html",
        sections=sections,
        term=term,
        previous_term=term.previous(),
        next_term=term.next(),
        who=who,
    )


# --- staff submissions --------------------------------------------------------------------------


class StatusForm(StripWhitespaceForm):
    status = SelectField(
        "Status", widget=GovSelect(), choices=dict(SUBMISSION_STATUSES), validate_choice=True
    )
    reply = StringField(
        "Reply to the person who sent it (optional)",
        description="They see this in Slack or Teams unless they sent it anonymously. Do not include anyone's personal details.",
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=2000, message="Keep the reply to 2000 characters or fewer"),
        ],
    )
    submit = SubmitField("Save status", widget=GovSubmitInput())


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
        items=[(s, _redact(s.text)) for s in found],
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


def _submission_or_404(session: Any, reference: str) -> Any:
    found = evidence.get_staff_submission_by_reference(session, reference)
    if found is None:
        abort(404)
    return found


class LinkForm(StripWhitespaceForm):
    target = SelectField(
        "Link it to an action or outcome measure",
        widget=GovSelect(),
        validate_choice=True,
        validators=[DataRequired(message="Choose an action or outcome measure")],
    )
    submit = SubmitField("Add link", widget=GovSubmitInput())


def _link_form(session: Any, data: Any = None) -> LinkForm:
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
        form = StatusForm(status=item.status.value, reply=item.officer_reply)
    if link_form is None and who.can_edit:
        link_form = _link_form(session)
    return render_template(
        "dashboard/submission.html",
        item=item,
        text=_redact(item.text),
        # Everyone sees the redacted text; only admins may open what was actually sent (kept
        # only until retention blanks it).
        original=item.text if who.role == "admin" and item.text != _redact(item.text) else None,
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
        can_change=_status_service() is not None,
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


def _status_service() -> Any:
    """The shared status service (``survey.officers.submissions.change_status``), also used by Slack."""
    try:
        from survey.officers import submissions as service
    except ImportError:
        return None
    return getattr(service, "change_status", None)


@blueprint.get("/submissions/<reference>")
@login_required(*EVERYONE)
def submission(reference: str) -> str:
    return _submission_page(reference)


@blueprint.post("/submissions/<reference>")
@login_required(*EDITORS)
def change_submission_status(reference: str) -> str | Response:
    session, who = db_session(), access()
    _submission_or_404(session, reference)
    form = StatusForm()
    change_status = _status_service()
    if change_status is None:
        abort(503)
    if form.validate_on_submit():
        try:
            change_status(session, reference, form.status.data, form.reply.data or None, who.actor)
        except DomainError as error:
            form.status.errors = [*form.status.errors, error.message]
        else:
            commit_request()
            return redirect(url_for("dashboard.submission", reference=reference, saved="1"))
    return _submission_page(reference, form)


# --- report download and admin ------------------------------------------------------------------


@blueprint.get("/report")
@login_required(*EVERYONE)
def report() -> Response:
    from survey.officers.report_files import REPORT_FORMATS, render
    from survey.officers.reports import build_report

    session, who = db_session(), access()
    filters = _filters(session, who)
    if filters.form.errors:
        abort(400)
    wanted = request.args.get("format", "html")
    if wanted not in REPORT_FORMATS:
        abort(404)
    built = build_report(session, filters.period, filters.where, threshold())
    body, mimetype = render(
        built, wanted, current_app.jinja_env, current_app.config["COUNCIL_NAME"]
    )
    name = f"send-report-{filters.period.key}.{wanted}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@blueprint.get("/users")
@login_required("admin")
def users() -> str:
    return render_template("dashboard/users.html", users=list_users(db_session()))
