"""Public pages: the start page listing open surveys, and each survey's start page."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, render_template

from storage.repositories import surveys
from survey.definitions import survey_from_stored
from survey.extensions import db_session

blueprint = Blueprint("public", __name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@blueprint.get("/")
def home() -> str:
    session = db_session()
    listed = []
    for survey in surveys.list_open_surveys(session, _now()):
        version = surveys.get_latest_version(session, survey)
        if version is not None:
            listed.append((survey, version.definition))
    return render_template("public/home.html", surveys=listed)


@blueprint.get("/s/<slug>")
def survey_start(slug: str) -> str:
    session = db_session()
    survey = surveys.get_survey_by_slug(session, slug)
    version = surveys.get_latest_version(session, survey) if survey else None
    if survey is None or version is None:
        abort(404)
    now = _now()
    is_open = (survey.opens_at is None or survey.opens_at <= now) and (
        survey.closes_at is None or survey.closes_at > now
    )
    definition = survey_from_stored(version.definition)
    return render_template(
        "public/survey_start.html",
        survey=survey,
        definition=definition,
        data=version.definition,
        is_open=is_open,
    )
