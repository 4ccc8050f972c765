"""QR codes for posters: the survey's address (with a distribution link's token) as PNG or SVG."""

from __future__ import annotations

from flask import Response, abort, request

from survey.parents import drafts as responding
from survey.parents.distribution import qr_code, survey_url
from survey.web.extensions import db_session
from survey.web.public_urls import base_url
from survey.web.views.respond.base import blueprint, survey_online


@blueprint.get("/qr.<kind>", endpoint="qr")
def qr(slug: str, kind: str) -> Response:
    if kind not in {"png", "svg"}:
        abort(404)
    token = request.args.get("src")
    if token and responding.find_link(db_session(), survey_online(), token) is None:
        abort(404)
    body = qr_code(survey_url(base_url(), slug, token), kind)
    mimetype = "image/png" if kind == "png" else "image/svg+xml"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'inline; filename="{slug}{"-" + token if token else ""}.{kind}"'
    )
    return response
