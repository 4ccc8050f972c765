"""Load and faults: simulated parents completing a survey against gunicorn, beside a bare Flask +
SQLAlchemy endpoint inserting one row, both measured in the same run.

Scenarios (each YOUSAID_LOAD_SECONDS long, default 60):
- PostgreSQL, 200 concurrent parents: throughput, p50/p95/p99 latency per request, server errors,
  and every confirmation reference checked in the database (present exactly once);
- the same under faults: one gunicorn worker killed with SIGKILL a third of the way in, and
  PostgreSQL restarted two thirds of the way in (needs root and Debian's pg_ctlcluster; skipped
  with a note otherwise). Every parent who saw a confirmation page must have their response
  stored; parents who saw an error resend, as the error page tells them to, and nothing is stored
  twice;
- Slack: 50 staff sending /stars at the same moment, each delivery retried by Slack
  (X-Slack-Retry-Num): p99 and slowest ack against Slack's 3 s, and records per submission (1);
- SQLite (WAL, busy timeout), 20 concurrent parents.

    python -m bench.run --only load        # or: python bench/bench_load.py

The PostgreSQL database is YOUSAID_LOAD_DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/yousaid_load), emptied and recreated by each scenario.
A parent answers whatever each page asks, the way the browser tests' FILL_PAGE does.
"""

from __future__ import annotations

import hashlib
import hmac
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_indicators import ensure_database  # noqa: E402
from bench.load_bare_app import rows as bare_rows  # noqa: E402
from storage.database import Database, make_engine, normalise_url  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Base  # noqa: E402
from survey.intake.loading import load_organisations, load_plan, load_survey_file  # noqa: E402

DATA = ROOT / "tests" / "data"
SURVEY_FILE = ROOT / "tests" / "browser" / "data" / "demo-survey.yaml"
SURVEY_SLUG = "browser-demo"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/yousaid_load"
REFERENCE = re.compile(r"YS-[0-9A-Z]{4}-[0-9A-Z]{4}")
WORKERS = int(os.environ.get("YOUSAID_LOAD_WORKERS", "4"))
THREADS = int(os.environ.get("YOUSAID_LOAD_THREADS", "4"))
MAX_RESENDS = 20


def seconds() -> float:
    return float(os.environ.get("YOUSAID_LOAD_SECONDS", "60"))


# --- a simulated parent ---------------------------------------------------------------------------


class MainFormParser(HTMLParser):
    """The first POST form inside <main>: its action, fields and the continue button."""

    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.in_form = False
        self.done = False
        self.action: str | None = None
        self.fields: list[dict[str, str]] = []
        self.textareas: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "main":
            self.in_main = True
        elif tag == "form" and self.in_main and not self.done and values.get("method") == "post":
            self.in_form, self.action = True, values.get("action", "")
        elif self.in_form and tag == "input":
            self.fields.append(values)
        elif self.in_form and tag == "textarea":
            self.textareas.append(values.get("name", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "main":
            self.in_main = False


def answers_for(page: str) -> tuple[str | None, list[tuple[str, str]]]:
    """What a parent would send: pairs, since GOV.UK date inputs repeat one name three times."""
    parser = MainFormParser()
    parser.feed(page)
    data: list[tuple[str, str]] = []
    chosen: set[str] = set()
    for spec in parser.fields:
        name, kind = spec.get("name", ""), spec.get("type", "text")
        if not name or name == "website" or name.endswith("_search"):
            continue  # the honeypot stays empty, as a person leaves it
        if kind in ("radio", "checkbox"):
            if name not in chosen:
                data.append((name, spec.get("value", "on")))
                chosen.add(name)
        elif kind not in ("submit", "button"):
            data.append((name, typed_value(spec)))
    data += [
        (name, "Staff were kind but the assessment took far too long.") for name in parser.textareas
    ]
    data.append(("submit", ""))
    return parser.action, data


def typed_value(spec: dict[str, str]) -> str:
    ending = spec.get("id", "").rsplit("-", 1)[-1]
    if spec.get("type") == "hidden":
        return spec.get("value", "")
    if ending in ("day", "month", "year"):
        return {"day": "1", "month": "2", "year": "2024"}[ending]
    if spec.get("inputmode") == "numeric":
        return "3"
    return "Simulated parent"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)
    server_errors: int = 0
    connection_errors: int = 0
    error_pages_saying_safe: int = 0
    resends: int = 0
    abandoned: int = 0
    other_error_pages: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, **counts: Any) -> None:
        with self.lock:
            for key, value in counts.items():
                if key == "latency":
                    self.latencies.append(value)
                elif key == "reference":
                    self.confirmed.append(value)
                else:
                    setattr(self, key, getattr(self, key) + value)


class Parent:
    """One parent's browser: cookies, redirects, and resending when the server fails."""

    def __init__(self, base: str, tally: Tally) -> None:
        self.base, self.tally = base, tally
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def request(self, url: str, data: list[tuple[str, str]] | None = None) -> tuple[str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        for _ in range(MAX_RESENDS):
            started = time.perf_counter()
            try:
                with self.opener.open(url, body, timeout=60) as response:
                    page = response.read().decode("utf-8", "replace")
                    self.tally.add(latency=time.perf_counter() - started)
                    return response.geturl(), page
            except urllib.error.HTTPError as error:
                page = error.read().decode("utf-8", "replace")
                if error.code < 500:
                    raise
                self.tally.add(server_errors=1, resends=1)
                if "safe to send again" in page:
                    self.tally.add(error_pages_saying_safe=1)
                else:
                    title = re.search(r"<title>(.*?)</title>", page, re.S)
                    seen = f"{error.code} {title.group(1).strip() if title else page[:60]}"
                    with self.tally.lock:
                        self.tally.other_error_pages[seen] = (
                            self.tally.other_error_pages.get(seen, 0) + 1
                        )
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                self.tally.add(connection_errors=1, resends=1)
            time.sleep(0.2)  # a person pressing the button again, not synchronisation
        raise RuntimeError("gave up after resending")

    def complete_survey(self) -> None:
        url, page = self.request(f"{self.base}/s/{SURVEY_SLUG}")
        for _ in range(40):
            if url.endswith("/confirmation"):
                found = REFERENCE.search(page)
                if found:
                    self.tally.add(reference=found.group(0))
                return
            action, data = answers_for(page)
            target = urllib.parse.urljoin(url, action or url)
            url, page = self.request(target, data)
        self.tally.add(abandoned=1)


def crowd(base: str, parents: int, duration: float, tally: Tally) -> None:
    deadline = time.monotonic() + duration

    def keep_going() -> None:
        while time.monotonic() < deadline:
            try:
                Parent(base, tally).complete_survey()
            except Exception:
                tally.add(abandoned=1)

    threads = [threading.Thread(target=keep_going) for _ in range(parents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def bare_crowd(base: str, clients: int, duration: float, tally: Tally) -> None:
    deadline = time.monotonic() + duration

    def keep_going() -> None:
        opener = urllib.request.build_opener()
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                with opener.open(f"{base}/row", b"value=x", timeout=60) as response:
                    response.read()
                tally.add(latency=time.perf_counter() - started, reference="row")
            except urllib.error.HTTPError:
                tally.add(server_errors=1)
            except OSError:
                tally.add(connection_errors=1)

    threads = [threading.Thread(target=keep_going) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --- servers and databases --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(
    app: str, database_url: str, instance: Path, extra: dict[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "load-test-secret-key-" + "x" * 32,
        "YOUSAID_INSTANCE_PATH": str(instance),
        # Every simulated parent comes from 127.0.0.1; real limits are per address.
        "RATE_LIMIT_PAGES": "1000000 per minute",
        "RATE_LIMIT_ANSWERS": "1000000 per minute",
        "PYTHONPATH": str(ROOT),
        **(extra or {}),
    }
    command = [
        sys.executable, "-m", "gunicorn", app,
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
        "--worker-class", "gthread", "--threads", str(THREADS),
        "--backlog", "2048", "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        wait_for_port(port, server)
        warm_up(f"http://127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}", server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def wait_for_port(port: int, server: subprocess.Popen[Any]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)  # waiting for a child process to bind its socket
    raise RuntimeError("gunicorn did not start")


def warm_up(base: str) -> None:
    """Let every worker finish booting (imports, app factory) before anything is measured."""

    def ping() -> None:
        for _ in range(5):
            # The bare app has no /healthz: a 404 still means a worker answered.
            with suppress(urllib.error.HTTPError):
                urllib.request.urlopen(f"{base}/healthz", timeout=60).read()

    pingers = [threading.Thread(target=ping) for _ in range(WORKERS * THREADS)]
    for thread in pingers:
        thread.start()
    for thread in pingers:
        thread.join()


def prepare(url: str) -> None:
    if url.startswith("postgresql"):
        ensure_database(normalise_url(url))
    engine = make_engine(url)
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        connection.execute(text("DROP TABLE IF EXISTS bench_bare_row"))
    upgrade(engine)
    bare_rows.create(engine)
    engine.dispose()
    database = Database(url)
    try:
        with database.unit_of_work() as session:
            load_organisations(session, DATA / "organisations" / "test-region.yaml", actor="bench")
            load_plan(session, DATA / "plans" / "mini.yaml", actor="bench")
            load_survey_file(session, SURVEY_FILE, actor="bench")
    finally:
        database.dispose()


def stored_references(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT reference, COUNT(*) FROM response GROUP BY reference")
            )
            return {reference: count for reference, count in rows}
    finally:
        engine.dispose()


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


# --- faults ---------------------------------------------------------------------------------------


def kill_one_worker(master_pid: int) -> bool:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    if not pids:
        return False
    os.kill(pids[0], signal.SIGKILL)
    return True


def restart_postgresql() -> bool:
    if not shutil.which("pg_ctlcluster") or os.geteuid() != 0:
        return False
    versions = sorted(Path("/etc/postgresql").iterdir(), key=lambda p: p.name)
    if not versions:
        return False
    done = subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main", "restart"],
        capture_output=True,
    )
    return done.returncode == 0


# --- scenarios --------------------------------------------------------------------------------------


def survey_scenario(url: str, parents: int, faults: bool = False) -> dict[str, Any]:
    prepare(url)
    tally = Tally()
    duration = seconds()
    notes: list[str] = []
    with (
        tempfile.TemporaryDirectory() as instance,
        gunicorn("survey.web.app:create_app()", url, Path(instance)) as (base, master),
    ):
        if faults:

            def inject() -> None:
                time.sleep(duration / 3)  # fault timing, not synchronisation
                notes.append("worker killed" if kill_one_worker(master) else "no worker to kill")
                time.sleep(duration / 3)
                notes.append(
                    "PostgreSQL restarted"
                    if restart_postgresql()
                    else "PostgreSQL not restarted (needs root and pg_ctlcluster)"
                )

            injector = threading.Thread(target=inject)
            injector.start()
        started = time.monotonic()
        crowd(base, parents, duration, tally)
        elapsed = time.monotonic() - started
        if faults:
            injector.join()
    stored = stored_references(url)
    lost = [r for r in tally.confirmed if stored.get(r, 0) != 1]
    return {
        "tally": tally,
        "elapsed": elapsed,
        "stored": sum(stored.values()),
        "lost": len(lost),
        "duplicates": sum(1 for count in stored.values() if count > 1),
        "notes": notes,
    }


def bare_scenario(url: str, clients: int) -> dict[str, Any]:
    prepare(url)
    tally = Tally()
    with (
        tempfile.TemporaryDirectory() as instance,
        gunicorn("bench.load_bare_app:create_app()", url, Path(instance)) as (base, _master),
    ):
        started = time.monotonic()
        bare_crowd(base, clients, seconds(), tally)
        elapsed = time.monotonic() - started
    return {"tally": tally, "elapsed": elapsed}


SLACK_SECRET = "bench-signing-secret"
SLACK_SAMPLE = ROOT / "tests" / "data" / "slack" / "slash_command_body.urlencoded.txt"


def signed_slack_post(base: str, body: str, retry: int = 0) -> float:
    """POST a slash command signed as Slack signs it; returns how long the ack took."""
    stamp = str(int(time.time()))
    digest = hmac.new(SLACK_SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest.hexdigest()}",
    }
    if retry:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
    started = time.perf_counter()
    request = urllib.request.Request(f"{base}/slack/events", body.encode(), headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
    return time.perf_counter() - started


def slack_scenario(url: str, commands: int = 50) -> dict[str, Any]:
    """Staff sending /stars at once, each delivery retried by Slack: acks and records."""
    from tests.fakes.slack_api import FakeSlackApi

    prepare(url)
    fake = FakeSlackApi()
    sample = dict(urllib.parse.parse_qsl(SLACK_SAMPLE.read_text(encoding="utf-8").strip()))
    acks: list[float] = []
    lock = threading.Lock()
    extra = {
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_URL": fake.url,
    }
    try:
        with (
            tempfile.TemporaryDirectory() as instance,
            gunicorn("survey.web.app:create_app()", url, Path(instance), extra) as (base, _master),
        ):
            start = threading.Barrier(commands)

            def send(number: int) -> None:
                form = {
                    **sample,
                    "command": "/stars",
                    "user_id": f"U{number:05d}",
                    "trigger_id": f"{number}.{time.time_ns()}.bench",
                    "text": f"Idea {number}: text parents when an EHC draft plan is ready",
                }
                body = urllib.parse.urlencode(form)
                start.wait()
                first = signed_slack_post(base, body)
                again = signed_slack_post(base, body, retry=1)
                with lock:
                    acks.extend([first, again])

            threads = [threading.Thread(target=send, args=(n,)) for n in range(commands)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            stored = wait_for_count(url, "staff_submission", commands)
    finally:
        fake.close()
    return {"acks": acks, "stored": stored, "commands": commands}


def wait_for_count(url: str, table: str, wanted: int) -> int:
    """Lazy listeners store after the ack: poll the table (a benchmark, not a test) for 60 s."""
    engine = make_engine(url)
    try:
        for _ in range(300):
            with engine.connect() as connection:
                found = connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar() or 0
            if found >= wanted:
                time.sleep(2)  # then give any duplicate the chance to appear
                with engine.connect() as connection:
                    return connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar() or 0
            time.sleep(0.2)
        return found
    finally:
        engine.dispose()


def slack_report(result: dict[str, Any]) -> list[dict[str, Any]]:
    acks = result["acks"]
    print(
        f"Slack: {result['commands']} commands each delivered twice, {result['stored']} stored",
        file=sys.stderr,
    )
    return [
        _row("Slack, 50 commands + retries: p99 ack", percentile(acks, 0.99) * 1000, 3000, "ms"),
        _row("Slack, 50 commands + retries: slowest ack", max(acks) * 1000, 3000, "ms"),
        _row(
            "Slack, 50 commands + retries: records per submission",
            result["stored"] / result["commands"],
            1,
            "records",
        ),
    ]


def report(name: str, ours: dict[str, Any], bare: dict[str, Any]) -> list[dict[str, Any]]:
    ours_t, bare_t = ours["tally"], bare["tally"]
    ours_rate = len(ours_t.latencies) / ours["elapsed"]
    bare_rate = len(bare_t.latencies) / bare["elapsed"]
    rows = [
        _row(f"{name}: requests per second", ours_rate, bare_rate, "req/s"),
        _row(
            f"{name}: surveys completed per second",
            len(ours_t.confirmed) / ours["elapsed"],
            float("nan"),
            "surveys/s",
        ),
    ]
    for label, fraction in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
        rows.append(
            _row(
                f"{name}: {label} latency per request",
                percentile(ours_t.latencies, fraction) * 1000,
                percentile(bare_t.latencies, fraction) * 1000,
                "ms",
            )
        )
    rows.append(_row(f"{name}: server errors", ours_t.server_errors, bare_t.server_errors, "count"))
    rows.append(
        _row(f"{name}: confirmed references not stored exactly once", ours["lost"], 0, "count")
    )
    rows.append(_row(f"{name}: duplicated responses", ours["duplicates"], 0, "count"))
    print(
        f"{name}: {len(ours_t.confirmed)} confirmations, {ours['stored']} responses stored, "
        f"{ours_t.resends} resends ({ours_t.connection_errors} dropped connections, "
        f"{ours_t.server_errors} error pages, {ours_t.error_pages_saying_safe} of them saying "
        f"the answers are safe to resend), {ours_t.abandoned} journeys abandoned"
        + (f"; {', '.join(ours['notes'])}" if ours["notes"] else "")
        + (f"; other error pages: {ours_t.other_error_pages}" if ours_t.other_error_pages else ""),
        file=sys.stderr,
    )
    return rows


def _row(figure: str, ours: float, baseline: float, unit: str) -> dict[str, Any]:
    ratio = ours / baseline if baseline and baseline == baseline else float("nan")
    return {"figure": figure, "ours": ours, "baseline": baseline, "ratio": ratio, "unit": unit}


def run() -> list[dict[str, Any]]:
    pg = os.environ.get("YOUSAID_LOAD_DATABASE_URL", DEFAULT_URL)
    rows: list[dict[str, Any]] = []
    bare = bare_scenario(pg, 200)
    rows += report("PostgreSQL, 200 parents", survey_scenario(pg, 200), bare)
    rows += report("PostgreSQL, 200 parents, faults", survey_scenario(pg, 200, faults=True), bare)
    rows += slack_report(slack_scenario(pg))
    with tempfile.TemporaryDirectory() as folder:
        lite = f"sqlite:///{folder}/load.sqlite3"
        rows += report("SQLite, 20 parents", survey_scenario(lite, 20), bare_scenario(lite, 20))
    failures = [r for r in rows if "exactly once" in r["figure"] or "duplicated" in r["figure"]]
    for row in failures:
        if row["ours"]:
            print(f"FAILED: {row['figure']} = {row['ours']}", file=sys.stderr)
    return rows


if __name__ == "__main__":
    from bench.run import main

    sys.exit(main(["--only", "load"]))
