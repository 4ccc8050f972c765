"""Demo data: a North East region, both plans, the surveys, an officer, and 18 months of evidence.

Everything goes through the intake service with deterministic idempotency keys, so the same seed
gives the same data, and running it again adds nothing and wipes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from storage.repositories import organisations, plans, users
from survey import intake
from survey.config import PROJECT_ROOT
from survey.demo.content import PARENT_COMMENTS, STAFF_TEXTS, SURVEY_COMMENTS, WORKSTREAMS
from survey.domain.errors import DomainError
from survey.domain.inputs import (
    AttendanceInput,
    MetricValueInput,
    ResponseSubmission,
    StaffSubmissionInput,
)
from survey.domain.survey_definitions import SurveyDef
from survey.intake.loading import load_organisations, load_plan, load_survey_file
from survey.officers.accounts import create_account

if TYPE_CHECKING:
    from storage.models import Indicator

EXAMPLES = PROJECT_ROOT / "examples"
DEMO_EMAIL = "demo.officer@example.gov.uk"
NETWORK = "north-east-tsp"


def seed_demo(
    database: Any,
    instance: Path,
    secret_key: str,
    seed: int,
    months: int,
    echo: Callable[[str], None],
) -> str:
    rng = random.Random(seed)  # nosec B311 # repeatable synthetic demo data, not security
    with database.unit_of_work() as session:
        load_organisations(session, EXAMPLES / "organisations" / "north-east.yaml", actor="demo")
        for plan_file in sorted((EXAMPLES / "plans").glob("*.yaml")):
            load_plan(session, plan_file, actor="demo")
        for survey_file in sorted((EXAMPLES / "surveys").glob("*.yaml")):
            load_survey_file(session, survey_file, actor="demo")
        login = _ensure_officer(session, instance)
    echo("Loaded the North East region, the plans and the surveys.")
    today = dt.date.today()
    start = _month_start(today, months - 1)
    counts = {"responses": 0, "staff submissions": 0, "meetings": 0, "figures": 0}
    # The first run scores and links every comment through intake (about a minute): say so.
    echo(f"Adding {months} months of parents' responses (the first run takes a minute or two)...")
    with database.unit_of_work() as session:
        counts["responses"] = _seed_responses(session, rng, seed, start, today)
    echo("Adding staff submissions, meetings with attendance, and officers' figures...")
    with database.unit_of_work() as session:
        counts["staff submissions"] = _seed_staff(session, rng, seed, start, today, secret_key)
        counts["meetings"] = _seed_meetings(session, rng, start, today)
        counts["figures"] = _seed_figures(session, rng, start, today)
    added = ", ".join(f"{value} {name}" for name, value in counts.items())
    return f"Demo data ready ({added} added this run).\n{login}"


def _month_start(today: dt.date, months_back: int) -> dt.date:
    year, month = today.year, today.month - months_back
    while month < 1:
        month += 12
        year -= 1
    return dt.date(year, month, 1)


def _ensure_officer(session: Session, instance: Path) -> str:
    path = instance / "demo-login.txt"
    if users.get_user_by_email(session, DEMO_EMAIL) is None:
        password = secrets.token_urlsafe(12)
        create_account(session, DEMO_EMAIL, password, "admin", name="Demo officer", actor="demo")
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Demo officer sign-in: {DEMO_EMAIL} / {password}\n", encoding="utf-8")
        path.chmod(0o600)
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return (
        f"Demo officer sign-in: {DEMO_EMAIL} (password set earlier; reset it with 'yousaid user')"
    )


def _moments(
    rng: random.Random, start: dt.date, end: dt.date, per_month: tuple[int, int]
) -> list[dt.datetime]:
    moments: list[dt.datetime] = []
    month = start
    while month <= end:
        next_month = _month_start(month.replace(day=28) + dt.timedelta(days=5), 0)
        days = (min(next_month, end + dt.timedelta(days=1)) - month).days
        for _ in range(rng.randint(*per_month)):
            day = month + dt.timedelta(days=rng.randrange(max(days, 1)))
            moments.append(
                dt.datetime.combine(day, dt.time(rng.randint(7, 22), rng.randint(0, 59)))
            )
        month = next_month
    return sorted(moments)


def _progress(moment: dt.datetime, start: dt.date, end: dt.date) -> float:
    """0 at the start of the demo period, 1 at the end: satisfaction improves over time."""
    span = max((end - start).days, 1)
    return min(max((moment.date() - start).days / span, 0.0), 1.0)


def _seed_responses(
    session: Session, rng: random.Random, seed: int, start: dt.date, end: dt.date
) -> int:
    las = [o.code for o in organisations.list_organisations(session, kinds=["la"])]
    settings = {
        kind: [o.code for o in organisations.list_organisations(session, kinds=[kind])]
        for kind in ("school", "setting", "college", "service")
    }
    added = 0
    for survey_file in sorted((EXAMPLES / "surveys").glob("*.yaml")):
        stored, definition = intake.load_survey(session, survey_file.stem)
        del stored
        for index, moment in enumerate(_moments(rng, start, end, (18, 40))):
            p = 0.42 + 0.3 * _progress(moment, start, end)
            answers = _answers(rng, definition, p, las, settings, moment)
            receipt = intake.submit_response(
                session,
                ResponseSubmission(
                    survey_slug=definition.slug,
                    answers=answers,
                    channel="demo",
                    idempotency_key=f"demo:{seed}:{definition.slug}:{index}",
                    submitted_at=moment,
                    consent={"survey": True},
                ),
            )
            added += receipt.created
    return added


def _answers(
    rng: random.Random,
    definition: SurveyDef,
    p: float,
    las: list[str],
    settings: dict[str, list[str]],
    moment: dt.datetime,
) -> dict[str, Any]:
    tone = (
        "positive" if rng.random() < p else rng.choice(["negative", "negative", "mixed", "neutral"])
    )
    answers: dict[str, Any] = {}
    for question in definition.questions:
        if not question.is_shown(answers):
            continue
        if not question.required and rng.random() < 0.25:
            continue
        value = _answer(rng, question, tone, las, settings, moment, answers, definition.slug)
        if value is not None:
            answers[question.key] = value
    return answers


def _comment(
    rng: random.Random, question: Any, tone: str, answers: dict[str, Any], slug: str
) -> str:
    """Free text that fits the response: a question shown only after a good answer ("What went
    well?") gets a good comment, and each survey's own pool comes first."""
    shown_after = question.show_if["question"] if question.show_if else None
    if shown_after and answers.get(shown_after) in _GOOD_ANSWERS:
        tone = "positive" if tone != "neutral" else "mixed"
    elif shown_after and tone == "positive":
        tone = "mixed"  # asked because the answer before was not good
    pools = SURVEY_COMMENTS.get(slug, {})
    pool = pools.get(tone, []) + (PARENT_COMMENTS[tone] if rng.random() < 0.3 else [])
    text = rng.choice(pool or PARENT_COMMENTS[tone])
    return text[: question.max_length or 200]


_GOOD_ANSWERS = {"very_satisfied", "satisfied", "strongly_agree", "agree", "yes"}


def _answer(
    rng: random.Random,
    question: Any,
    tone: str,
    las: list[str],
    settings: dict[str, list[str]],
    moment: dt.datetime,
    answers: dict[str, Any],
    slug: str,
) -> Any:
    kind = question.type
    good = tone == "positive" or (tone == "mixed" and rng.random() < 0.5)
    if question.allow and rng.random() < 0.05:
        return question.allow[0]
    if kind in {"satisfaction5", "agreement5"}:
        values = [o.value for o in question.options]
        return rng.choice(values[:2]) if good else rng.choice(values[2:])
    if kind == "yes_no_unsure":
        return "yes" if good else rng.choice(["no", "not_sure"])
    if kind == "rating10":
        return str(rng.randint(7, 10) if good else rng.randint(0, 6))
    if kind == "single_choice":
        return rng.choice(question.options).value
    if kind == "multiple_choice":
        if question.none_option and rng.random() < 0.1:
            return ["none"]
        return [
            o.value
            for o in rng.sample(
                list(question.options), k=min(len(question.options), rng.randint(1, 3))
            )
        ]
    if kind in {"short_text", "long_text"}:
        return _comment(rng, question, tone, answers, slug)
    if kind == "number":
        low = int(question.minimum or 0)
        high = int(question.maximum if question.maximum is not None else 52)
        return str(rng.randint(low, max(low, min(high, low + 40))))
    if kind == "date":
        return (moment.date() - dt.timedelta(days=rng.randint(30, 300))).isoformat()
    if kind == "organisation":
        pool = [
            code
            for k in question.organisation_kinds
            for code in (las if k == "la" else settings.get(k, []))
        ]
        return rng.choice(pool) if pool else None
    if kind == "consent":
        return "yes"
    return None


def _seed_staff(
    session: Session, rng: random.Random, seed: int, start: dt.date, end: dt.date, secret_key: str
) -> int:
    known = {w.slug for w in plans.list_workstreams(session)}
    workstreams: list[str | None] = [w for w in WORKSTREAMS if w in known] or [None]
    added = 0
    for index, moment in enumerate(_moments(rng, start, end, (6, 14))):
        kind, text = rng.choice(STAFF_TEXTS)
        anonymous = rng.random() < 0.3
        receipt = intake.record_staff_submission(
            session,
            StaffSubmissionInput(
                kind=kind,
                text=text,
                channel=rng.choice(["slack", "teams"]),
                author_id=f"DEMO-U{rng.randint(1, 40):03d}",
                workspace_id="DEMO",
                author_name=None,
                anonymous=anonymous,
                workstream=rng.choice(workstreams),
                idempotency_key=f"demo:{seed}:staff:{index}",
                submitted_at=moment,
            ),
            hash_key=secret_key,
        )
        added += receipt.created
    return added


def _seed_meetings(session: Session, rng: random.Random, start: dt.date, end: dt.date) -> int:
    network = organisations.get_network_by_slug(session, NETWORK)
    if network is None:
        return 0
    las = [o.code for o in organisations.list_network_members(session, network)]
    added = 0
    month = start
    while month <= end:
        meetings = [("Transition strand group", "strand_group", 14)]
        if month.month in (1, 4, 9):
            meetings.append(("Regional steering group", "steering_group", 21))
        if month.month in (3, 10):
            meetings.append(("Full hub meeting", "full_hub", 7))
        for title, kind, day in meetings:
            held_on = month.replace(day=day)
            if held_on > end:
                continue
            present = rng.sample(las, k=rng.randint(max(1, len(las) - 5), len(las)))
            try:
                receipt = intake.record_attendance(
                    session,
                    AttendanceInput(
                        network=NETWORK,
                        title=title,
                        held_on=held_on,
                        kind=kind,
                        organisations=present,
                        people=len(present) + rng.randint(0, 8),
                        strand="Transition Support Programme",
                        logged_by="demo",
                        channel="demo",
                    ),
                )
            except DomainError:
                continue
            added += receipt.created
        month = _month_start(month.replace(day=28) + dt.timedelta(days=5), 0)
    return added


def _seed_figures(session: Session, rng: random.Random, start: dt.date, end: dt.date) -> int:
    """Monthly figures that move from the baseline most of the way to the target, with noise."""
    added = 0
    for measure in plans.list_measures(session):
        indicator = measure.indicator
        if indicator is None or indicator.kind.value != "figure":
            continue
        if indicator.baseline_value is None and indicator.target is None:
            continue  # a measure in words only ("Services restructured."): nothing to enter
        first, last = _figure_path(indicator)
        spread = max(abs(last - first) * 0.12, 0.05 * abs(first), 0.1)
        whole = indicator.unit not in FRACTIONAL_UNITS
        month, step, steps = start, 0, max(_months_between(start, end), 1)
        while month <= end:
            period_end = _month_start(
                month.replace(day=28) + dt.timedelta(days=5), 0
            ) - dt.timedelta(days=1)
            value = first + (last - first) * step / steps + rng.gauss(0, spread)
            value = _clamp(value, indicator.unit)
            receipt = intake.record_metric_value(
                session,
                MetricValueInput(
                    measure_code=measure.code,
                    plan=measure.plan.slug,
                    period_start=month,
                    period_end=period_end,
                    value=float(round(value)) if whole else round(value, 1),
                    entered_by="demo",
                ),
            )
            added += receipt.created
            month, step = period_end + dt.timedelta(days=1), step + 1
    return added


# Units whose figures need not be whole numbers; any other unit (children, LAs...) is a count.
FRACTIONAL_UNITS = {
    "percent",
    "score",
    "points",
    "per 100 pupils",
    "£ thousands",
}


def _figure_path(indicator: Indicator) -> tuple[float, float]:
    """Where the demo's figures start and end: from the baseline (or a plausible start short of
    the target) to 80% of the way to the target, so some measures end green and some amber."""
    target = indicator.target
    higher = indicator.direction.value == "higher"
    if indicator.baseline_value is not None:
        first = indicator.baseline_value
    elif target is not None:
        first = target * (0.6 if higher else 1.5)
    else:
        first = 50.0
    if target is None:
        return first, first * (1.1 if higher else 0.9)
    return first, first + (target - first) * 0.8


def _clamp(value: float, unit: str) -> float:
    if unit == "percent":
        return min(max(value, 0.0), 100.0)
    if unit == "score":
        return value  # progress scores can be negative
    return max(value, 0.0)


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month
