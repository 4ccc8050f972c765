"""The officers' digest: what arrived in a period, in a few plain lines (free text redacted)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from bot.conversation.attendance import short_date
from bot.conversation.staff import KIND_WORDS, UnitOfWork, summary_of
from storage.repositories import conversations, organisations
from survey.privacy.redaction import redact_text


@dataclass(frozen=True)
class Period:
    key: str  # e.g. "week:2026-W47": a digest is posted once per key
    start: dt.date
    end: dt.date  # exclusive
    label: str


def period_for(kind: str, today: dt.date) -> Period:
    """The last complete week (Monday to Sunday) or month before ``today``."""
    if kind == "week":
        start = today - dt.timedelta(days=today.weekday() + 7)
        year, week, _ = start.isocalendar()
        return Period(
            f"week:{year}-W{week:02d}",
            start,
            start + dt.timedelta(days=7),
            f"the week of {start.day} {start:%b %Y}",
        )
    if kind == "month":
        end = today.replace(day=1)
        start = (end - dt.timedelta(days=1)).replace(day=1)
        return Period(f"month:{start:%Y-%m}", start, end, f"{start:%B %Y}")
    raise ValueError(kind)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def build_digest(unit_of_work: UnitOfWork, period: Period) -> str:
    start = dt.datetime.combine(period.start, dt.time())
    end = dt.datetime.combine(period.end, dt.time())
    with unit_of_work() as session:
        rows = conversations.count_submissions_by_kind_and_workstream(session, start, end)
        concerns = conversations.list_new_concerns(session, start, end)
        meetings = conversations.list_meetings_with_attendance(session, period.start, period.end)
        lines = [f"STARS and hub digest for {period.label}"]
        by_kind: Counter[str] = Counter()
        by_workstream: Counter[str] = Counter()
        for kind, workstream, count in rows:
            by_kind[kind] += count
            by_workstream[workstream or "no workstream"] += count
        total = sum(by_kind.values())
        if total:
            kinds = ", ".join(_plural(by_kind[k], KIND_WORDS[k]) for k in KIND_WORDS if by_kind[k])
            lines.append(f"Submissions: {total} ({kinds})")
            lines.append(
                "By workstream: "
                + ", ".join(f"{name} {count}" for name, count in sorted(by_workstream.items()))
            )
        else:
            lines.append("Submissions: none")
        if concerns:
            lines.append("New concerns:")
            lines += [f"- {c.reference}: {summary_of(redact_text(c.text), 20)}" for c in concerns]
        if meetings:
            lines.append(f"Meetings: {len(meetings)}")
            for meeting, attended in meetings:
                members = len(organisations.list_network_members(session, meeting.network))
                lines.append(
                    f"- {meeting.title} ({meeting.network.name}), {short_date(meeting.held_on)}: "
                    f"{attended} of {members} LAs"
                )
        else:
            lines.append("Meetings: none logged")
    return "\n".join(lines)
