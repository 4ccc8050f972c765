"""GET /privacy: the privacy notice, written from configuration (controller, purpose, lawful
basis, retention, contact) so each council publishes its own words without editing templates."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template
from flask_babel import gettext

from storage.repositories import surveys
from survey.domain.journey import survey_text
from survey.domain.survey_definitions import survey_from_stored
from survey.web.extensions import db_session
from survey.web.i18n import N_, council_name, current_language

blueprint = Blueprint("privacy", __name__)


DEFAULT_PURPOSE = N_(
    "%(council)s uses what you tell us to understand what it is like to get support for special "
    "educational needs and disabilities (SEND), to improve its SEND services, and to report "
    "progress against its SEND action plan."
)
DEFAULT_LAWFUL_BASIS = N_(
    "We collect and use this information because it is necessary to carry out our public task "
    "of providing and improving SEND services (UK GDPR Article 6(1)(e)). Where your answers "
    "include information about health or disability, we rely on substantial public interest "
    "(UK GDPR Article 9(2)(g) and the Data Protection Act 2018, Schedule 1, paragraph 6: "
    "statutory and government purposes)."
)


def notice(config: Any, survey_periods: list[tuple[str, int]]) -> dict[str, Any]:
    """The notice's facts, each from its setting or a default naming the council."""
    council = council_name(config=config)
    contact = config.get("PRIVACY_CONTACT") or config["CONTACT_EMAIL"]
    return {
        "controller": config.get("PRIVACY_CONTROLLER") or council,
        "contact": contact,
        "contact_is_email": "@" in contact and " " not in contact,
        "purpose": config.get("PRIVACY_PURPOSE") or gettext(DEFAULT_PURPOSE, council=council),
        "lawful_basis": config.get("PRIVACY_LAWFUL_BASIS") or gettext(DEFAULT_LAWFUL_BASIS),
        "retention_days": int(config["RETENTION_DAYS_DEFAULT"]),
        "staff_retention_days": int(config["STAFF_RETENTION_DAYS"]),
        "survey_periods": survey_periods,
        "full_notice_url": config.get("PRIVACY_NOTICE_URL"),
        "suppression_threshold": config.get("SUPPRESSION_THRESHOLD") or "5",
    }


def _survey_periods() -> list[tuple[str, int]]:
    """Surveys that keep answers for a period of their own (not the default), by the title the
    reader knows them by (the Welsh one, when they read Welsh and the survey has one)."""
    session, language = db_session(), current_language()
    periods = []
    for survey in surveys.list_surveys(session):
        if not survey.retention_days:
            continue
        title = survey.title
        version = surveys.get_latest_version(session, survey) if language != "en" else None
        if version is not None:
            title = survey_text(survey_from_stored(version.definition), "title", language) or title
        periods.append((title, survey.retention_days))
    return periods


@blueprint.get("/privacy")
def privacy_notice() -> str:
    try:
        periods = _survey_periods()
    except Exception:  # the notice must render even when the database is down
        periods = []
    return render_template("privacy/notice.html", notice=notice(current_app.config, periods))
