"""GET /healthz: 200 when the database answers, 503 otherwise (for load balancers and monitors)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from survey.web.extensions import database

blueprint = Blueprint("health", __name__)


# A GET: CSRF protection never checks it, so it needs no exemption.
@blueprint.get("/healthz")
def healthz() -> tuple[Response, int]:
    if database().is_reachable():
        return jsonify(status="ok", database="ok"), 200
    return jsonify(status="unavailable", database="unreachable"), 503
