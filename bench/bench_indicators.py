"""How long the officers' view takes over a council's worth of evidence, against the bare SQL.

Generates 1,000,000 answers (250,000 responses of four answers), 50,000 staff submissions and
5,000 meetings on PostgreSQL with COPY, then times, in the same run:

- every indicator for one month with its 12-month trend (what the dashboard home does), and for
  one month with only its previous month;
- the monthly XLSX report (indicators, themes and quotes, the workbook);
- the baseline: a bare ``SELECT question_id, is_positive, COUNT(*) ... GROUP BY`` over the same
  answers and months, the least any indicator query could do.

Peak memory is Python's (tracemalloc) during each step: the point is that rows stay in the
database. Reads YOUSAID_BENCH_DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/yousaid_bench, created if missing; its tables are replaced).

    python -m bench.bench_indicators          # or: python -m bench.run --only indicators
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.periods import parse_period  # noqa: E402
from storage.database import Database, make_engine, normalise_url  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Base  # noqa: E402
from survey.intake.loading import load_organisations, load_plan, load_survey_file  # noqa: E402
from survey.officers.indicator_service import compute_indicators  # noqa: E402
from survey.officers.report_files import render_xlsx  # noqa: E402
from survey.officers.reports import build_report  # noqa: E402

DATA = ROOT / "tests" / "data"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/yousaid_bench"
RESPONSES = 250_000  # four answers each: 1,000,000 answers
SUBMISSIONS = 50_000
MEETINGS = 5_000
FIRST_DAY = dt.date(2024, 11, 1)
DAYS = (dt.date(2026, 11, 1) - FIRST_DAY).days  # 24 months, ending with the month reported
MONTH = "2026-10"
COMMENTS = [
    "Nobody called me back about the draft EHC plan",
    "The SENCO was brilliant and kept us informed every week",
    "We waited months for the annual review paperwork",
    "The Local Offer website was hard to find anything on",
    "Transport to the special school keeps changing without notice",
    "The caseworker listened and the plan finally reflects my son",
    "Speech and language therapy has a long waiting list",
    "Information arrived too late to make a decision",
]
STAFF_TEXTS = [
    "Share panel decisions with schools the same week",
    "Caseloads are too high to meet the 20 week deadline",
    "A single contact for each family would stop repeat phone calls",
    "Training on writing outcomes helped the whole team",
]


def database_url() -> str:
    return normalise_url(os.environ.get("YOUSAID_BENCH_DATABASE_URL", DEFAULT_URL))


def ensure_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        ).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def fresh_schema(engine: Any) -> None:
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(engine, "heads")  # every helper's migration, whether or not they are chained yet


def load_framework(database: Database) -> dict[str, Any]:
    with database.unit_of_work() as session:
        load_organisations(session, DATA / "organisations" / "test-region.yaml", actor="bench")
        load_plan(session, DATA / "plans" / "mini.yaml", actor="bench")
        load_survey_file(session, DATA / "surveys" / "mini.yaml", actor="bench")
    with database.engine.connect() as connection:

        def ids(sql: str) -> dict[str, int]:
            return {row[0]: row[1] for row in connection.execute(text(sql))}

        return {
            "questions": ids("SELECT key, id FROM question"),
            "version": connection.execute(text("SELECT max(id) FROM survey_version")).scalar(),
            "las": list(ids("SELECT code, id FROM organisation WHERE kind = 'la'").values()),
            "measures": ids("SELECT code, id FROM outcome_measure"),
            "actions": ids("SELECT ref, id FROM action"),
            "workstream": connection.execute(text("SELECT min(id) FROM workstream")).scalar(),
            "network": connection.execute(text("SELECT min(id) FROM network")).scalar(),
        }


def _moment(rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(FIRST_DAY, dt.time(9)) + dt.timedelta(
        minutes=rng.randrange(DAYS * 24 * 60)
    )


def generate(engine: Any, ids: dict[str, Any], rng: random.Random) -> None:
    """COPY the evidence in: responses, answers, links, submissions, meetings, attendance."""
    q = ids["questions"]
    measure_2a, measure_tsp = ids["measures"]["2A"], ids["measures"]["TSP-A"]
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        link_id = 0
        with cursor.copy(
            "COPY response (id, reference, survey_version_id, channel, submitted_at, "
            "organisation_id, consent, idempotency_key, language, easy_read) FROM STDIN"
        ) as copy:
            for rid in range(1, RESPONSES + 1):
                copy.write_row(
                    (
                        rid,
                        f"YS-B{rid:010d}",
                        ids["version"],
                        "web",
                        _moment(rng),
                        rng.choice(ids["las"]),
                        "{}",
                        f"bench-{rid}",
                        "en",
                        False,
                    )
                )
        links: list[tuple[Any, ...]] = []
        with cursor.copy(
            "COPY answer (id, response_id, question_id, value, score, is_positive, free_text, "
            "sentiment) FROM STDIN"
        ) as copy:
            aid = 0
            for rid in range(1, RESPONSES + 1):
                agree = rng.random() < 0.62
                rating = rng.randint(0, 10)
                rows = [
                    (q["la"], "E00000001", None, None, None, None),
                    (
                        q["info_timely"],
                        "agree" if agree else "disagree",
                        4 if agree else 2,
                        agree,
                        None,
                        None,
                    ),
                    (
                        q["overall"],
                        "satisfied" if agree else "dissatisfied",
                        4 if agree else 2,
                        agree,
                        None,
                        None,
                    ),
                ]
                if rng.random() < 0.3:
                    rows.append(
                        (q["why"], None, None, None, rng.choice(COMMENTS), rng.uniform(-0.8, 0.8))
                    )
                else:
                    rows.append((q["recommend"], str(rating), rating, rating >= 9, None, None))
                for question, value, score, positive, free, mood in rows:
                    aid += 1
                    copy.write_row((aid, rid, question, value, score, positive, free, mood))
                    if question in (q["info_timely"], q["why"]):
                        link_id += 1
                        links.append((link_id, "answer", aid, None, measure_2a, "declared"))
                link_id += 1
                links.append((link_id, "response", rid, ids["actions"]["2.5"], None, "declared"))
        with cursor.copy(
            "COPY staff_submission (id, reference, kind, text, workstream_id, channel, anonymous, "
            "author_hash, status, submitted_at, idempotency_key, sentiment, sentiment_label) "
            "FROM STDIN"
        ) as copy:
            for sid in range(1, SUBMISSIONS + 1):
                mood = rng.uniform(-0.9, 0.9)
                label = "positive" if mood > 0.1 else "negative" if mood < -0.1 else "neutral"
                copy.write_row(
                    (
                        sid,
                        f"YS-S{sid:010d}",
                        rng.choice(["idea", "view", "concern"]),
                        rng.choice(STAFF_TEXTS),
                        ids["workstream"],
                        "slack",
                        True,
                        f"{sid:064d}",
                        "new",
                        _moment(rng),
                        f"bench-s-{sid}",
                        mood,
                        label,
                    )
                )
                link_id += 1
                links.append(
                    (link_id, "staff_submission", sid, ids["actions"]["2.9"], None, "declared")
                )
        link_id = _copy_meetings(cursor, ids, rng, links, link_id, measure_tsp)
        with cursor.copy(
            "COPY link (id, evidence_kind, evidence_id, action_id, measure_id, method, created_at, "
            "updated_at) FROM STDIN"
        ) as copy:
            now = dt.datetime(2026, 11, 1)
            for row in links:
                copy.write_row((*row, now, now))
        for table in ("response", "answer", "staff_submission", "meeting", "link", "attendance"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        raw.commit()
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))


def _copy_meetings(
    cursor: Any,
    ids: dict[str, Any],
    rng: random.Random,
    links: list[tuple[Any, ...]],
    link_id: int,
    measure: int,
) -> int:
    held = []
    with cursor.copy(
        "COPY meeting (id, network_id, title, strand, kind, held_on, created_at) FROM STDIN"
    ) as copy:
        for mid in range(1, MEETINGS + 1):
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            strand = rng.choice(["Transition", "Preparing for adulthood", "Early years"])
            copy.write_row(
                (
                    mid,
                    ids["network"],
                    f"{strand} group {mid}",
                    strand,
                    "strand_group",
                    day,
                    dt.datetime(2026, 11, 1),
                )
            )
            held.append(mid)
            link_id += 1
            links.append((link_id, "meeting", mid, None, measure, "declared"))
    with cursor.copy(
        "COPY attendance (id, meeting_id, organisation_id, channel, logged_at) FROM STDIN"
    ) as copy:
        attendance_id = 0
        for mid in held:
            for la in rng.sample(ids["las"], rng.randint(1, len(ids["las"]))):
                attendance_id += 1
                copy.write_row((attendance_id, mid, la, "slack", dt.datetime(2026, 11, 1)))
    return link_id


def measure(step: Callable[[], Any], repeats: int = 3) -> tuple[float, float]:
    """(best wall time in seconds, peak Python memory in MiB) of ``step``."""
    best = float("inf")
    peak = 0
    for _ in range(repeats):
        tracemalloc.start()
        started = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - started)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return best, peak / 2**20


BASELINE_SQL = text(
    "SELECT a.question_id, a.is_positive, COUNT(*) FROM answer a "
    "JOIN response r ON r.id = a.response_id "
    "WHERE r.submitted_at >= :start AND r.submitted_at < :end "
    "GROUP BY a.question_id, a.is_positive"
)


def _row(figure: str, ours: float, baseline: float, unit: str) -> dict[str, Any]:
    return {
        "figure": figure,
        "ours": round(ours, 4),
        "baseline": round(baseline, 4),
        "ratio": round(ours / baseline, 2) if baseline else None,
        "unit": unit,
    }


def run() -> list[dict[str, Any]]:
    url = database_url()
    ensure_database(url)
    engine = make_engine(url)
    started = time.perf_counter()
    fresh_schema(engine)
    database = Database(url, engine=engine)
    ids = load_framework(database)
    generate(engine, ids, random.Random(2026))
    print(f"generated evidence in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    month = parse_period(MONTH)
    year_start = parse_period("2025-11").start

    def bare(start: dt.date, end: dt.date) -> Callable[[], Any]:
        def query() -> Any:
            with engine.connect() as connection:
                return connection.execute(BASELINE_SQL, {"start": start, "end": end}).all()

        return query

    def indicators(trend: int) -> Callable[[], Any]:
        def compute() -> Any:
            with database.unit_of_work() as session:
                return compute_indicators(session, month, trend_periods=trend)

        return compute

    def workbook() -> Any:
        with database.unit_of_work() as session:
            return render_xlsx(build_report(session, month))

    counts = None
    with engine.connect() as connection:
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("answer", "staff_submission", "meeting", "link")
        }
    print(f"rows: {counts}", file=sys.stderr)
    one_month_base, one_month_base_mem = measure(bare(month.start, month.end))
    year_base, year_base_mem = measure(bare(year_start, month.end))
    month_ours, month_mem = measure(indicators(2))
    trend_ours, trend_mem = measure(indicators(12))
    xlsx_ours, xlsx_mem = measure(workbook, repeats=2)
    engine.dispose()
    return [
        _row("all indicators, one month and its previous (s)", month_ours, one_month_base, "s"),
        _row("all indicators, one month with 12-month trend (s)", trend_ours, year_base, "s"),
        _row("monthly XLSX report, built and written (s)", xlsx_ours, year_base, "s"),
        _row("peak Python memory, one month (MiB)", month_mem, one_month_base_mem, "MiB"),
        _row("peak Python memory, indicators with trend (MiB)", trend_mem, year_base_mem, "MiB"),
        _row("peak Python memory, XLSX report (MiB)", xlsx_mem, year_base_mem, "MiB"),
        _row("answers generated", counts["answer"], 1_000_000, "rows"),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
