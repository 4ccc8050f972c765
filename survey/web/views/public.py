"""Public pages: the start page listing open surveys. Each survey's own pages are in
``survey.web.views.respond``."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template

from storage.repositories import surveys
from survey.domain.journey import survey_text
from survey.domain.survey_definitions import survey_from_stored
from survey.web.extensions import db_session
from survey.web.i18n import current_language

blueprint = Blueprint("public", __name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@blueprint.get("/")
def home() -> str:
    session = db_session()
    language = current_language()
    listed = []
    for survey in surveys.list_open_surveys(session, _now()):
        version = surveys.get_latest_version(session, survey)
        if version is None:
            continue
        definition = survey_from_stored(version.definition)
        listed.append(
            {
                "slug": survey.slug,
                "title": survey_text(definition, "title", language) or survey.title,
                "summary": survey_text(definition, "summary", language),
                "minutes": definition.data.get("minutes"),
            }
        )
    return render_template("public/home.html", surveys=listed)
