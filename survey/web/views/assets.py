"""Static files: GOV.UK Frontend's assets from npm, the compiled council stylesheet, branding."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, send_from_directory

blueprint = Blueprint("assets", __name__)
STATIC = Path(__file__).resolve().parent.parent / "static"
ONE_DAY = 86400


def _send(folder: str | Path, filename: str) -> Response:
    if not Path(folder).is_dir():
        # Assets come from `npm ci` + `npm run build` (the README's run command does both).
        abort(404)
    return send_from_directory(folder, filename, max_age=ONE_DAY)


@blueprint.get("/assets/<path:filename>")
def govuk_asset(filename: str) -> Response:
    return _send(Path(current_app.config["GOVUK_FRONTEND_PATH"]) / "assets", filename)


@blueprint.get("/assets/govuk-frontend.min.js")
def govuk_script() -> Response:
    return _send(current_app.config["GOVUK_FRONTEND_PATH"], "govuk-frontend.min.js")


@blueprint.get("/static/build/<path:filename>")
def built(filename: str) -> Response:
    return _send(current_app.config["YOUSAID_BUILD_PATH"], filename)


@blueprint.get("/static/<path:filename>")
def static(filename: str) -> Response:
    return _send(STATIC, filename)


@blueprint.get("/branding.css")
def branding() -> Response:
    """The council's colour as CSS custom properties (runtime config, no inline styles)."""
    colour = current_app.config["COUNCIL_COLOUR"]
    css = f":root {{ --ys-brand: {colour}; --ys-brand-dark: {_darker(colour)}; }}\n"
    response = Response(css, mimetype="text/css")
    response.cache_control.max_age = 300
    return response


def _darker(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.65) for c in (red, green, blue)))
