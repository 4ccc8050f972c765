"""Who came to each network's meetings in a term, by strand; hub leads see their own network."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from flask import abort, render_template, request
from sqlalchemy.orm import Session

from analysis.periods import Period, parse_period, period_containing
from storage.repositories.evidence import list_meetings_between
from storage.repositories.organisations import list_networks, list_region_las
from survey.web.extensions import db_session
from survey.web.session_auth import login_required
from survey.web.views.dashboard.base import EVERYONE, Access, access, blueprint

if TYPE_CHECKING:
    from storage.models import Network


@blueprint.get("/attendance")
@login_required(*EVERYONE)
def attendance() -> str:
    session, who = db_session(), access()
    networks = _networks(session, who)
    term = _term()
    sections = [_section(session, network, term) for network in networks]
    return render_template(
        "dashboard/attendance.html",
        sections=sections,
        term=term,
        previous_term=term.previous(),
        next_term=term.next(),
        who=who,
    )


def _networks(session: Session, who: Access) -> list[Any]:
    """The networks asked for: a hub lead only ever gets their own."""
    networks = list_networks(session)
    wanted = request.args.get("network", type=int)
    if who.role == "hub_lead":
        if wanted not in (None, who.network_id):
            abort(403)  # another network's meetings
        return [n for n in networks if n.id == who.network_id]
    if wanted is not None:
        networks = [n for n in networks if n.id == wanted]
        if not networks:
            abort(404)
    return list(networks)


def _term() -> Period:
    try:
        term = parse_period(request.args.get("term", "")) if request.args.get("term") else None
    except ValueError:
        abort(400)
    return term or period_containing("term", dt.date.today())


def _section(session: Session, network: Network, term: Period) -> dict[str, Any]:
    meetings = list_meetings_between(session, term.start, term.end, network.id)
    members = list_region_las(session, network.region)
    came = {a.organisation_id for m in meetings for a in m.attendance}
    strands: dict[str, list[Any]] = {}
    for meeting in meetings:
        strands.setdefault(meeting.strand or "Full hub and other meetings", []).append(meeting)
    return {
        "network": network,
        "strands": sorted(strands.items()),
        "members": members,
        "member_ids": {m.id for m in members},
        "absent": [m for m in members if m.id not in came],
        "attended": [m for m in members if m.id in came],
    }
