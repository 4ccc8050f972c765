"""The dashboard's first page: every measure with RAG and trend, grouped by priority; and the
report download of the same filtered view (HTML, CSV, spreadsheet)."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from werkzeug.wrappers import Response

from analysis.periods import PUBLISHED_KINDS
from survey.officers.indicator_service import IndicatorReport, compute_indicators
from survey.officers.report_files import REPORT_FORMATS, render
from survey.officers.reports import build_report
from survey.web.extensions import db_session
from survey.web.session_auth import login_required
from survey.web.views.dashboard.base import EVERYONE, access, blueprint, threshold
from survey.web.views.dashboard.filters import filters
from survey.web.views.dashboard.rows import row


@blueprint.get("/")
@login_required(*EVERYONE)
def home() -> str:
    session, who = db_session(), access()
    chosen = filters(session, who)
    limit = threshold()
    report: IndicatorReport = compute_indicators(
        session, chosen.period, chosen.where, pooled_threshold=None if chosen.exact else limit
    )
    groups = [
        (heading, title, [row(r, chosen.exact, limit) for r in results])
        for heading, title, results in report.by_priority()
    ]
    return render_template(
        "dashboard/home.html",
        form=chosen.form,
        filters=chosen,
        report=report,
        groups=groups,
        who=who,
        threshold=limit,
    )


@blueprint.get("/report")
@login_required(*EVERYONE)
def report() -> Response:
    session, who = db_session(), access()
    chosen = filters(session, who)
    if chosen.form.errors or chosen.period.kind not in PUBLISHED_KINDS:
        abort(400)  # a report file is always suppressed, so published periods only
    wanted = request.args.get("format", "html")
    if wanted not in REPORT_FORMATS:
        abort(404)
    built = build_report(session, chosen.period, chosen.where, threshold())
    body, mimetype = render(
        built, wanted, current_app.jinja_env, current_app.config["COUNCIL_NAME"]
    )
    name = f"send-report-{chosen.period.key}.{wanted}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
