"""Link suggestions recomputed in the background after a plan edit: the edit returns with a job
queued, the job runs batch by batch with its progress on the plan page, a runner that died is
taken over where it stopped, reviewed links are kept, edits coalesce, and a failed job says so.

The app here has BACKGROUND_JOBS=off, so nothing runs until the test runs the queue itself (as
`yousaid links rebuild --queued` does), one batch at a time when it wants to see the progress.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from storage.repositories import audit, link_rebuild_jobs, links, plans
from survey.intake import linking
from tests.pages import PageClient
from tests.support.factories import make_user, sign_in, staff_submission

PLAN = "/plans/mini-plan"
PROGRESS = "/plans/mini-plan/link-suggestions.json"
ACTION = "/plans/mini-plan/actions/1.1/edit"
ACTION_DATA = {
    "measures": ["1.G"],
    "lead": "Andy Cooke",
    "group_name": "High Need Provision Review",
    "timeframe": "September - March",
    "keywords": "SEN support\nself assessment",
}
TEXTS = [
    "Our SEN support and the self assessment at school have improved a lot.",
    "The self assessment framework for SEN support helped our school.",
    "A self assessment for SEN support would help every school we know.",
]


@pytest.fixture
def app(make_app: Any) -> Any:
    return make_app(TESTING=True, WTF_CSRF_ENABLED=False, BACKGROUND_JOBS="off")


@pytest.fixture
def officer(loaded: Any, app: Any) -> PageClient:
    client = PageClient(app)
    make_user(loaded, "officer@example.gov.uk", "officer")
    sign_in(client, "officer@example.gov.uk")
    return client


@pytest.fixture
def rebuilds(app: Any) -> Any:
    runner = app.extensions["yousaid.link_rebuilds"]
    runner.batch = 1  # one text per unit of work, so each step shows
    return runner


@pytest.fixture
def submissions(loaded: Any) -> list[int]:
    ids = [
        staff_submission(loaded, kind="idea", text=t, channel="slack", author_id="U1").record_id
        for t in TEXTS
    ]
    loaded.flush()
    return ids


def _job(session: Any) -> Any:
    session.expire_all()
    return link_rebuild_jobs.latest_for_plan(
        session, plans.get_plan_by_slug(session, "mini-plan").id
    )


def _ref(session: Any, ref: str) -> int:
    return int(plans.find_action_by_ref(session, ref, "mini-plan").id)


def _links(session: Any, evidence_id: int) -> dict[tuple[str, str], str]:
    """(target kind, ref) -> method, for one staff submission's links."""
    session.expire_all()
    found = {}
    for link in links.list_links_for(session, "staff_submission", evidence_id):
        key = ("action", link.action.ref) if link.action else ("measure", link.measure.code)
        found[key] = link.method.value
    return found


def test_an_edit_returns_with_a_queued_job_that_runs_batch_by_batch_keeping_reviewed_links(
    officer: PageClient, loaded: Any, rebuilds: Any, submissions: list[int]
) -> None:
    confirmed, rejected, manual = submissions
    # Reviewed as an officer would (intake already suggested some of these).
    for evidence, ref, method in ((confirmed, "2.9", "confirmed"), (rejected, "1.1", "rejected")):
        linking.add_link(loaded, "staff_submission", evidence, ref, None, "user:1", method=method)
    linking.add_link(loaded, "staff_submission", manual, "2.5", None, "user:1")
    before = {evidence: _links(loaded, evidence) for evidence in submissions}
    loaded.flush()

    saved = officer.post(ACTION, ACTION_DATA, expected_status=302)
    job = _job(loaded)
    assert (job.status.value, job.texts_done, job.texts_total) == ("queued", 0, 3)
    assert {evidence: _links(loaded, evidence) for evidence in submissions} == before  # not yet
    page = officer.get(saved.response.headers["Location"])
    assert "The action 1.1 is saved." in page.text
    assert "Updating link suggestions: 0 of 3 texts read" in page.text
    refresh = [a["href"] for a in page.select("#link-rebuild a")]
    assert refresh == ["/plans/mini-plan#link-rebuild"]  # works without JavaScript
    assert page.select("script[src$='link-rebuild.js']")
    assert officer.raw().get(PROGRESS).get_json() == {
        "status": "queued",
        "texts_done": 0,
        "texts_total": 3,
        "suggestions_made": 0,
    }

    rebuilds.run_queued(batches=3)  # the count, then two texts; then the runner "dies"
    job = _job(loaded)
    assert (job.status.value, job.texts_done) == ("running", 2)
    assert "Updating link suggestions: 2 of 3 texts read" in officer.get(PLAN).text
    assert officer.raw().get(PROGRESS).get_json()["texts_done"] == 2
    assert rebuilds.run_queued() == []  # a running job with a fresh heartbeat is left alone

    stale = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=11)
    link_rebuild_jobs.update_job(loaded, job, heartbeat_at=stale)
    loaded.flush()
    [report] = rebuilds.run_queued()  # taken over where it stopped
    job = _job(loaded)
    assert (job.status.value, job.texts_done, job.texts_total, job.attempts) == ("done", 3, 3, 2)
    assert report.texts == 3 and report.suggested == job.suggestions_made > 0
    page = officer.get(PLAN)
    assert f"Link suggestions updated: {job.suggestions_made} waiting for review" in page.text
    assert not page.select("script[src$='link-rebuild.js']")

    assert _links(loaded, confirmed)[("action", "2.9")] == "confirmed"
    assert _links(loaded, confirmed)[("action", "1.1")] == "suggested"  # found by the new keyword
    assert _links(loaded, rejected)[("action", "1.1")] == "rejected"  # never suggested again
    assert _links(loaded, manual)[("action", "2.5")] == "manual"
    assert _links(loaded, manual)[("action", "1.1")] == "suggested"
    suggested = sum(
        1
        for evidence in submissions
        for method in _links(loaded, evidence).values()
        if method == "suggested"
    )
    assert suggested == job.suggestions_made
    loaded.expire_all()
    [done] = [e for e in audit.list_audit_events(loaded) if e.action == "links.rebuilt"]
    assert done.details == {"job": job.id, "texts": 3, "suggested": job.suggestions_made}


def test_edits_while_a_job_is_queued_join_it_and_one_while_it_runs_queues_one_more(
    officer: PageClient, loaded: Any, rebuilds: Any, submissions: list[int]
) -> None:
    officer.post(ACTION, ACTION_DATA, expected_status=302)
    first = _job(loaded)
    officer.post(ACTION, {**ACTION_DATA, "keywords": "SEN support"}, expected_status=302)
    assert _job(loaded).id == first.id  # still queued: it will read the newest keywords

    rebuilds.run_queued(batches=2)
    assert _job(loaded).status.value == "running"
    officer.post(ACTION, {**ACTION_DATA, "keywords": "self assessment"}, expected_status=302)
    second = _job(loaded)
    assert second.id != first.id and second.status.value == "queued"
    officer.post(ACTION, {**ACTION_DATA, "keywords": "framework"}, expected_status=302)
    assert _job(loaded).id == second.id

    [report] = rebuilds.run_queued()  # the first is still running on its own runner
    assert (report.id, report.status, report.texts) == (second.id, "done", 3)
    # The suggestions are what a full rebuild from the newest keywords makes.
    after_job = {evidence: _links(loaded, evidence) for evidence in submissions}
    linking.rebuild_suggestions(loaded)
    assert {evidence: _links(loaded, evidence) for evidence in submissions} == after_job


def test_an_edit_that_changes_nothing_about_links_queues_nothing(
    officer: PageClient, loaded: Any, rebuilds: Any
) -> None:
    officer.post(ACTION, ACTION_DATA, expected_status=302)
    rebuilds.run_queued()
    first = _job(loaded)
    assert first.status.value == "done"
    officer.post(ACTION, {**ACTION_DATA, "timeframe": "All year"}, expected_status=302)
    assert _job(loaded).id == first.id  # the timeframe does not change what links to what


def test_the_progress_reads_in_thousands(officer: PageClient, loaded: Any) -> None:
    officer.post(ACTION, ACTION_DATA, expected_status=302)
    link_rebuild_jobs.update_job(
        loaded, _job(loaded), status="running", texts_done=1500, texts_total=12000
    )
    loaded.flush()
    assert "Updating link suggestions: 1,500 of 12,000 texts read" in officer.get(PLAN).text


def test_a_job_whose_runners_kept_dying_is_marked_failed_and_the_page_says_so(
    officer: PageClient, loaded: Any, rebuilds: Any, submissions: list[int]
) -> None:
    officer.post(ACTION, ACTION_DATA, expected_status=302)
    job = _job(loaded)
    stale = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=30)
    link_rebuild_jobs.update_job(
        loaded, job, status="running", attempts=3, heartbeat_at=stale, texts_done=1
    )
    loaded.flush()
    [report] = rebuilds.run_queued()
    assert str(report) == f"Job {job.id} failed (abandoned) after 1 text."
    job = _job(loaded)
    assert (job.status.value, job.error) == ("failed", "abandoned")
    page = officer.get(PLAN)
    assert (
        "Link suggestions could not be updated after the last change (1 of 3 texts were read)"
        in page.text
    )
    assert "Confirmed, rejected and manual links are kept." in page.text
    assert officer.raw().get(PROGRESS).get_json()["status"] == "failed"
    officer.post(ACTION, {**ACTION_DATA, "keywords": "framework"}, expected_status=302)
    assert _job(loaded).status.value == "queued"  # saving again tries again


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("officer", 200), ("hub_lead", 200)])
def test_everyone_who_reads_the_plan_may_read_the_progress(
    loaded: Any, app: Any, role: str, status: int
) -> None:
    client = PageClient(app)
    assert client.raw().get(PROGRESS).status_code == 302  # signed out: to sign in
    make_user(loaded, f"{role}@example.gov.uk", role)
    sign_in(client, f"{role}@example.gov.uk")
    response = client.raw().get(PROGRESS)
    assert response.status_code == status and response.get_json() == {"status": None}
    assert client.raw().get("/plans/no-such-plan/link-suggestions.json").status_code == 404


def test_a_plan_imported_in_the_browser_gets_its_suggestions_in_the_background(
    officer: PageClient, loaded: Any, rebuilds: Any, submissions: list[int]
) -> None:
    table = b"Ref,Objective,Success measures\n1.1,A self assessment for every school,1.A: Better\n"
    sent = officer.post(
        "/plans/import",
        {"file": (io.BytesIO(table), "Local offer plan.csv")},
        expected_status=302,
        content_type="multipart/form-data",
    )
    check = sent.response.headers["Location"]
    form = {"column_0": "ref", "column_1": "objective", "column_2": "measures"}
    officer.post(check, {**form, "save_as": "new", "save": "1"}, expected_status=302)
    plan = plans.get_plan_by_slug(loaded, "local-offer-plan")
    loaded.expire_all()
    job = link_rebuild_jobs.latest_for_plan(loaded, plan.id)
    assert (job.status.value, job.texts_total) == ("queued", 3)
    page = officer.get("/plans/local-offer-plan?imported=1")
    assert "The plan was imported and saved." in page.text
    assert "Updating link suggestions: 0 of 3 texts read" in page.text
    [report] = rebuilds.run_queued()
    assert (report.status, report.texts) == ("done", 3)
