"""GET /healthz: 200 when the database answers, 503 otherwise (for load balancers and monitors)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from survey.web.extensions import csrf, database

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
@csrf.exempt
def healthz() -> tuple[Response, int]:
    if database().is_reachable():
        return jsonify(status="ok", database="ok"), 200
    return jsonify(status="unavailable", database="unreachable"), 503
