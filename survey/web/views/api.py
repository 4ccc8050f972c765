"""The read-only JSON API (``/api/v1/``) for Power BI, Excel and other tools.

Bearer tokens from ``yousaid api token create``, each with scopes; everything is suppressed like
any other export; errors are JSON; the OpenAPI 3 document is at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable
from importlib import resources
from typing import Any, TypeVar

import yaml
from flask import Blueprint, Flask, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from analysis.periods import (
    PUBLISHED_PERIOD_HELP,
    Period,
    months_in,
    parse_published_period,
    period_containing,
)
from analysis.suppression import PooledCell, pool_table
from storage.repositories.evidence import count_responses_by_survey_and_la, list_meetings_between
from storage.repositories.indicator_totals import EvidenceFilter
from storage.repositories.measures import list_measure_rows
from storage.repositories.organisations import (
    get_organisation_by_code,
    list_networks,
    list_region_las,
)
from survey.officers.api_tokens import SCOPES, check_token
from survey.officers.indicator_service import as_dict, compute_indicators, published, short_label
from survey.web.error_pages import nul_in_address
from survey.web.extensions import csrf, db_session

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
F = TypeVar("F", bound=Callable[..., Any])


def init_api(app: Flask) -> None:
    # Tokens, not cookies, authenticate the API, so there is no session for CSRF to protect.
    csrf.exempt(blueprint)


class ApiError(HTTPException):
    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.code = status
        self.message = message
        self.error_code = code


@blueprint.errorhandler(HTTPException)
def json_error(error: HTTPException) -> Response:
    status = error.code or 500
    message = getattr(error, "message", None) or error.description or error.name
    code = getattr(error, "error_code", None) or error.name.lower().replace(" ", "_")
    response = jsonify({"error": {"status": status, "code": code, "message": message}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="yousaid"'
    elif status == 403:
        response.headers["WWW-Authenticate"] = 'Bearer realm="yousaid", error="insufficient_scope"'
    return response


def token_required(scope: str) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            header = request.headers.get("Authorization", "")
            kind, _, presented = header.partition(" ")
            if kind.lower() != "bearer" or not presented.strip():
                raise ApiError(401, "Send a token: Authorization: Bearer <token>", "no_token")
            record = check_token(db_session(), presented.strip())
            if record is None:
                raise ApiError(401, "The token is not valid or has been revoked", "invalid_token")
            if scope not in record.scopes:
                raise ApiError(
                    403, f"The token does not have the {scope} scope", "insufficient_scope"
                )
            g.api_token = record
            # Checked after the token (the app checks it first everywhere else), so a request
            # without one is told 401, whatever its address holds.
            if nul_in_address():
                raise ApiError(400, "The address holds a NUL character (%00)", "bad_request")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def _threshold() -> int:
    return int(current_app.config.get("SUPPRESSION_THRESHOLD") or 5)


def _period() -> Period:
    """The period asked for: published periods only, since nobody with a token sees exact figures."""
    text = request.args.get("period")
    if not text:
        return period_containing("month", dt.date.today())
    try:
        return parse_published_period(text)
    except ValueError as error:
        raise ApiError(400, str(error), "bad_period") from None


def _period_json(period: Period) -> dict[str, str]:
    return {
        "key": period.key,
        "label": period.label,
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.last_day.isoformat(),
    }


def _where() -> EvidenceFilter:
    code = request.args.get("la")
    if not code:
        return EvidenceFilter()
    organisation = get_organisation_by_code(db_session(), code)
    if organisation is None:
        raise ApiError(400, f"There is no organisation with code '{code}'", "bad_la")
    return EvidenceFilter(organisation_id=organisation.id)


@blueprint.get("/measures")
@token_required("read:measures")
def measures() -> Response:
    rows = list_measure_rows(db_session())
    return jsonify(
        {
            "measures": [
                {
                    "plan": m.plan_slug,
                    "plan_title": m.plan_title,
                    "priority": m.priority,
                    "code": m.code,
                    "statement": m.statement,
                    "indicator": m.kind,
                    "of": m.of,
                    "unit": m.unit,
                    "target": m.target,
                    "tolerance": m.tolerance,
                    "direction": m.direction,
                    "baseline": m.baseline_value,
                    "baseline_period": m.baseline_period,
                    "min_n": m.min_n,
                }
                for m in rows
            ]
        }
    )


@blueprint.get("/indicators")
@token_required("read:indicators")
def indicators() -> Response:
    period = _period()
    trend = min(max(request.args.get("trend", 12, type=int) or 12, 1), 36)
    limit = _threshold()
    report = compute_indicators(
        db_session(), period, _where(), trend_periods=trend, pooled_threshold=limit
    )
    items = []
    for result in report.results:
        item = as_dict(result, limit)
        item["trend"] = [
            {
                "period": point.period.key,
                "label": short_label(point.period),
                "value": published(result.target, point.evaluation, limit).value,
                "shown": published(result.target, point.evaluation, limit).shown,
                "rag": point.evaluation.rag,
            }
            for point in result.trend
        ]
        items.append(item)
    return jsonify(
        {
            "period": _period_json(report.period),
            "previous_period": _period_json(report.previous_period),
            "suppression_threshold": limit,
            "measures": items,
        }
    )


@blueprint.get("/responses")
@token_required("read:responses")
def responses() -> Response:
    """Responses per survey and LA, each number the sum of the survey x LA x month counts that may
    be published (``analysis.suppression.pool_table``), so no two queries can be subtracted to
    give a hidden count back: not filtered from unfiltered, nor a quarter from its months."""
    period = _period()
    _where()  # an unknown LA is still a 400
    wanted = request.args.get("la")
    atoms: dict[tuple[str, str | None, str], int] = {}
    surveys: dict[str, str] = {}
    las: dict[str | None, str | None] = {}
    for month in months_in(period):
        # Always every LA: the filter picks columns afterwards, so it cannot change a decision.
        for c in count_responses_by_survey_and_la(db_session(), month.start, month.end):
            if wanted and c.la_code != wanted:
                continue
            atoms[(c.survey_slug, c.la_code, month.key)] = c.responses
            surveys.setdefault(c.survey_slug, c.survey_title)
            las.setdefault(c.la_code, c.la_name)
    rows = sorted(surveys, key=lambda slug: surveys[slug])
    columns = sorted(las, key=lambda code: las[code] or "")
    table = pool_table(atoms, rows, columns, _threshold())

    def cell(found: PooledCell) -> dict[str, Any]:
        return {
            "responses": found.published,
            "shown": found.shown,
            "suppressed": found.is_suppressed,
            "partial": found.partial,
        }

    return jsonify(
        {
            "period": _period_json(period),
            "suppression_threshold": _threshold(),
            "surveys": [
                {
                    "survey": slug,
                    "title": surveys[slug],
                    "total": cell(table.row_totals[r]),
                    "by_la": [
                        {"la": code, "name": las[code] or "Not given", **cell(table.cells[r][c])}
                        for c, code in enumerate(columns)
                    ],
                }
                for r, slug in enumerate(rows)
            ],
            "by_la_total": [
                {"la": code, "name": las[code] or "Not given", **cell(table.column_totals[c])}
                for c, code in enumerate(columns)
            ],
            "total": cell(table.grand_total),
        }
    )


@blueprint.get("/meetings")
@token_required("read:meetings")
def meetings() -> Response:
    period = _period()
    session = db_session()
    networks = list_networks(session)
    wanted = request.args.get("network")
    if wanted:
        networks = [n for n in networks if n.slug == wanted]
        if not networks:
            raise ApiError(400, f"There is no network called '{wanted}'", "bad_network")
    found = []
    for network in networks:
        members = list_region_las(session, network.region)
        member_ids = {m.id for m in members}
        for meeting in list_meetings_between(session, period.start, period.end, network.id):
            came = sorted((a.organisation for a in meeting.attendance), key=lambda o: o.name)
            found.append(
                {
                    "network": network.slug,
                    "title": meeting.title,
                    "strand": meeting.strand,
                    "kind": meeting.kind.value,
                    "held_on": meeting.held_on.isoformat(),
                    "attended": [{"code": o.code, "name": o.name} for o in came],
                    "las_attending": sum(1 for o in came if o.id in member_ids),
                    "las_in_region": len(members),
                }
            )
    found.sort(key=lambda m: (m["held_on"], m["title"]))
    return jsonify({"period": _period_json(period), "meetings": found})


@blueprint.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3 description of this API (for Power BI, Excel and client generators)."""
    return copy.deepcopy(_openapi_template())  # callers may change their copy


@functools.cache
def _openapi_template() -> dict[str, Any]:
    """``openapi.yaml``, read once, with the parts that come from the code filled in."""
    text = resources.files("survey.web").joinpath("openapi.yaml").read_text(encoding="utf-8")
    document: dict[str, Any] = yaml.safe_load(text)
    # The shared pieces are written out where they are used (YAML aliases): not served themselves.
    document.pop("x-parameters")
    document.pop("x-responses")
    document["servers"][0]["url"] = blueprint.url_prefix
    period = document["paths"]["/indicators"]["get"]["parameters"][0]
    period["description"] = (
        PUBLISHED_PERIOD_HELP + ". Default: the current month."
    )  # aliased everywhere
    document["components"]["securitySchemes"]["bearer"]["description"] = (
        "Create with: yousaid api token create --name N --scope " + " --scope ".join(SCOPES)
    )
    return document
