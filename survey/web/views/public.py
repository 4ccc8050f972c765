"""Public pages: the start page listing open surveys, the accessibility statement and the cookies
page. Each survey's own pages are in ``survey.web.views.respond``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, current_app, render_template

from storage.repositories import surveys
from survey.config import public_base_url, setting_date
from survey.domain.journey import survey_text
from survey.domain.survey_definitions import survey_from_stored
from survey.web import statements
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


def accessibility_facts(config: Any) -> dict[str, Any]:
    """The statement's facts: configuration first, the project's own checks otherwise."""
    tested = setting_date(config, "ACCESSIBILITY_LAST_TESTED") or statements.CHECKS_REVIEWED
    prepared = setting_date(config, "ACCESSIBILITY_STATEMENT_PREPARED") or tested
    compliance = config["ACCESSIBILITY_COMPLIANCE"]
    return {
        "address": public_base_url(config),
        "email": config.get("ACCESSIBILITY_CONTACT_EMAIL") or config["CONTACT_EMAIL"],
        "phone": config.get("ACCESSIBILITY_CONTACT_PHONE"),
        "reply_days": int(config["ACCESSIBILITY_REPLY_DAYS"]),
        "compliance": compliance,
        "last_tested": tested,
        "prepared": prepared,
        "checks": statements.CHECKS,
        "known_issues": statements.KNOWN_ISSUES if compliance != "full" else (),
        "testing_gaps": statements.TESTING_GAPS,
    }


@blueprint.get("/accessibility")
def accessibility() -> str:
    return render_template(
        "public/accessibility.html", statement=accessibility_facts(current_app.config)
    )


@blueprint.get("/cookies")
def cookies() -> str:
    return render_template("public/cookies.html", cookies=statements.cookies(current_app.config))
