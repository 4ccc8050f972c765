"""The dashboard's filters (period, LA, setting, survey, channel), read from the query string so a
filtered view can be bookmarked, and narrowed to an officer's own LA."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, request
from sqlalchemy.orm import Session

from analysis.periods import (
    Period,
    parse_period,
    period_containing,
    period_problem,
    published_period_problem,
)
from forms.measures import FilterForm
from storage.repositories.indicator_totals import EvidenceFilter
from storage.repositories.organisations import list_las, list_settings
from storage.repositories.surveys import list_surveys
from survey.web.views.dashboard.base import Access

CHANNELS = ("web", "slack", "teams", "import", "cli", "demo")


def default_period() -> Period:
    return period_containing("month", dt.date.today())


@dataclass(frozen=True)
class Filters:
    form: FilterForm
    period: Period
    where: EvidenceFilter
    exact: bool

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query string that reproduces this view (for links between pages)."""
        found = {
            name: self.form[name].data
            for name in ("period", "la", "setting", "survey", "channel")
            if self.form[name].data
        }
        if self.exact:
            found["exact"] = "1"
        found.update(changes)
        return {k: v for k, v in found.items() if v}


def filters(session: Session, who: Access) -> Filters:
    """The filters in this request's query string, as a form and as the evidence they select."""
    las = list_las(session)
    exact = request.args.get("exact") == "1" and who.may_see_exact
    # Suppressed views take published periods only: custom ranges a day apart would differ by
    # one response (README, "Suppression").
    form = _filter_form(session, las, period_problem if exact else published_period_problem)
    valid = form.validate() if request.args else True
    if not exact:
        _refuse_narrow_filters(form)
    period = parse_period(form.period.data) if valid and form.period.data else default_period()
    by_code = {o.code: o for o in las}
    organisation_id = by_code[form.la.data].id if form.la.data in by_code else None
    if who.organisation_id is not None:
        if organisation_id not in (None, who.organisation_id):
            abort(403)  # another organisation's evidence
        organisation_id = who.organisation_id
        mine = next((o for o in las if o.id == who.organisation_id), None)
        form.la.choices = [(mine.code, mine.name)] if mine else []
        form.la.data = mine.code if mine else ""
    where = EvidenceFilter(
        organisation_id=organisation_id,
        setting_id=_setting_id(session, form),
        survey_id={s.slug: s.id for s in list_surveys(session)}.get(form.survey.data or ""),
        channel=form.channel.data if form.channel.data in CHANNELS else None,
    )
    return Filters(form, period, where, exact)


NARROW_FILTER_HELP = (
    "Filtering by school or setting, survey or channel shows exact figures only: "
    "choose All, or show exact figures"
)


def _refuse_narrow_filters(form: FilterForm) -> None:
    """Suppressed views are broken down by LA and published period only.

    Suppressed figures are pooled from LA x month parts (README, "Suppression"); a setting, survey
    or channel would be a further breakdown whose parts are not protected (an LA's figure minus
    two settings' figures leaves the rest), so those filters are refused and dropped.
    """
    for name in ("setting", "survey", "channel"):
        if form[name].data:
            form[name].errors = [*form[name].errors, NARROW_FILTER_HELP]
            form[name].data = ""


def _filter_form(
    session: Session, las: list[Any], check_period: Callable[[str], str | None]
) -> FilterForm:
    form = FilterForm(request.args, meta={"csrf": False}, check_period=check_period)
    form.la.choices = [("", "All local authorities")] + [(o.code, o.name) for o in las]
    form.setting.choices = [("", "All schools and settings")] + [
        (o.code, o.name) for o in list_settings(session)
    ]
    form.survey.choices = [("", "All surveys")] + [(s.slug, s.title) for s in list_surveys(session)]
    form.channel.choices = [("", "All channels")] + [(c, c.capitalize()) for c in CHANNELS]
    return form


def _setting_id(session: Session, form: FilterForm) -> int | None:
    settings = {code for code, _name in form.setting.choices}
    if form.setting.data and form.setting.data in settings:
        found = next(o for o in list_settings(session) if o.code == form.setting.data)
        return int(found.id)
    return None
