"""Retention: past its period, personal data goes (contact details, free text, authors) while every
indicator and count stays exactly the same; dry run by default, idempotent, audited."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select

from analysis.periods import parse_period
from storage.database import Database
from storage.models import OutcomeMeasure
from storage.repositories import (
    audit,
    evidence,
    links,
    notifications,
    stats,
    survey_drafts,
    surveys,
)
from survey import intake
from survey.cli import main
from survey.domain.inputs import ResponseSubmission, StaffSubmissionInput
from survey.intake.loading import load_survey_file
from survey.officers.indicator_service import as_dict, compute_indicators
from survey.privacy.retention import apply_retention
from tests.conftest import DATA
from tests.support.factories import load_mini

OCTOBER = parse_period("2026-10")
SETTINGS = {"RETENTION_DAYS_DEFAULT": "730", "STAFF_RETENTION_DAYS": "365"}
WHY = "Nobody called me back about Ellie's draft EHC plan."


def respond(session: Any, when: dt.datetime, agree: bool, contact: bool = False) -> str:
    answers = {
        "la": "E00000001",
        "info_timely": "agree" if agree else "disagree",
        "overall": "satisfied" if agree else "dissatisfied",
    }
    if not agree:
        answers["why"] = WHY
    receipt = intake.submit_response(
        session,
        ResponseSubmission(
            survey_slug="mini-survey",
            answers=answers,
            consent={"survey": True},
            submitted_at=when,
            respondent_key="pseudonymous-key",
            contact={"name": "Jo Bloggs", "email": "jo@example.com"} if contact else None,
        ),
    )
    return receipt.reference


def seed(session: Any) -> dict[str, Any]:
    references = [
        respond(session, dt.datetime(2026, 10, 1 + i, 10), agree=i % 3 != 0, contact=i == 0)
        for i in range(12)
    ]
    staff = intake.record_staff_submission(
        session,
        intake_input("Our EHC plan template repeats itself; can we merge sections 3 and 4?"),
        hash_key="test-key",
    )
    notifications.create_notification(
        session, staff.record_id, "acknowledgement", "slack", {"user": "U0123ABC"}, "Thanks, Sam"
    )
    survey = surveys.get_survey_by_slug(session, "mini-survey")
    now = dt.datetime(2026, 10, 1)
    survey_drafts.create_draft(
        session,
        survey,
        1,
        "session-hash",
        "draft-key",
        expires_at=dt.datetime(2026, 11, 1),
        now=now,
        submitted_reference=references[0],
    )
    session.flush()
    return {"references": references, "staff": staff.reference}


def intake_input(text: str) -> StaffSubmissionInput:
    return StaffSubmissionInput(
        kind="idea",
        text=text,
        channel="slack",
        author_id="U0123ABC",
        workspace_id="T0001",
        author_name="Sam Officer",
        submitted_at=dt.datetime(2026, 10, 5, 9),
    )


def figures(session: Any) -> tuple[Any, Any]:
    report = compute_indicators(session, OCTOBER)
    indicators = [as_dict(result, unsuppressed=True) for result in report.results]
    return indicators, stats.count_records(session)


def test_expired_personal_data_goes_and_every_indicator_and_count_stays(loaded: Any) -> None:
    seeded = seed(loaded)
    before = figures(loaded)
    three_years_on = dt.datetime(2029, 11, 1)

    dry = apply_retention(loaded, SETTINGS, three_years_on)
    counts = {line.what: line.count for line in dry.lines}
    assert counts == {
        "contact details deleted": 1,
        "free-text answers blanked": 4,
        "respondent keys cleared": 12,
        "drafts deleted": 1,
        "text, author and reply address removed": 1,
        "notifications deleted": 1,
    }
    assert figures(loaded) == before  # a dry run changes nothing
    assert not audit.list_audit_events(loaded, entity_type="retention")

    done = apply_retention(loaded, SETTINGS, three_years_on, act=True)
    assert {line.what: line.count for line in done.lines} == counts
    loaded.expire_all()

    assert figures(loaded) == before, "indicators and counts are unchanged"
    first = evidence.get_response_by_reference(loaded, seeded["references"][0])
    assert all(answer.free_text is None for answer in first.answers)
    assert any(answer.sentiment is not None for answer in first.answers), "sentiment kept"
    assert first.respondent_key is None
    staff = evidence.get_staff_submission_by_reference(loaded, seeded["staff"])
    assert (staff.text, staff.author_id, staff.author_name) == ("", None, None)
    assert staff.kind.value == "idea" and staff.sentiment is not None
    assert (
        evidence.list_staff_submissions_by_author(
            loaded, intake.author_hash("test-key", "slack", "T0001", "U0123ABC")
        )
        == []
    )
    event = audit.list_audit_events(loaded, entity_type="retention")[-1]
    assert event.action == "retention.apply" and event.details["total"] == 20
    assert "Jo Bloggs" not in json.dumps(event.details) and WHY not in json.dumps(event.details)

    again = apply_retention(loaded, SETTINGS, three_years_on, act=True)
    assert again.total == 0, "a second run finds nothing more to do"
    assert len(audit.list_audit_events(loaded, entity_type="retention")) == 1


def test_nothing_within_its_period_is_touched(loaded: Any) -> None:
    seed(loaded)
    summary = apply_retention(loaded, SETTINGS, dt.datetime(2026, 12, 1), act=True)
    # Only the abandoned-or-submitted draft past its own expiry date goes.
    assert {line.what: line.count for line in summary.lines if line.count} == {"drafts deleted": 1}
    assert (
        len(
            evidence.list_staff_submissions_by_author(
                loaded, intake.author_hash("test-key", "slack", "T0001", "U0123ABC")
            )
        )
        == 1
    )


def test_a_survey_with_its_own_longer_period_keeps_its_free_text(
    loaded: Any, tmp_path: Path
) -> None:
    seeded = seed(loaded)
    longer = tmp_path / "mini-ten-years.yaml"
    text = (DATA / "surveys" / "mini.yaml").read_text(encoding="utf-8")
    longer.write_text(text.replace("minutes: 3\n", "minutes: 3\nretention_days: 3650\n"))
    load_survey_file(loaded, longer, actor="test")

    summary = apply_retention(loaded, SETTINGS, dt.datetime(2029, 11, 1), act=True)
    assert sum(line.count for line in summary.lines if line.scope == "survey mini-survey") == 1
    last = evidence.get_response_by_reference(loaded, seeded["references"][9])  # disagreed
    assert any(answer.free_text == WHY for answer in last.answers)


# --- the command -------------------------------------------------------------------------------


def test_the_command_is_a_dry_run_until_told_to_apply(scratch_url: str, tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": scratch_url,
        "YOUSAID_INSTANCE_PATH": str(tmp_path / "instance"),
        "RETENTION_DAYS_DEFAULT": "7",
        "STAFF_RETENTION_DAYS": "7",
    }
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    assert run("db", "upgrade").exit_code == 0
    database = Database(scratch_url)
    with database.unit_of_work() as session:
        load_mini(session)
        a_month_ago = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=30)
        respond(session, a_month_ago, agree=False, contact=True)
        respond(session, dt.datetime.now(dt.UTC).replace(tzinfo=None), agree=False)
    database.dispose()

    dry = run("retention", "apply")
    assert dry.exit_code == 0
    assert "survey mini-survey: 1 contact details deleted" in dry.output
    assert "Run again with --apply" in dry.output
    assert json.loads(run("retention", "apply", "--json").output)["total"] == 3

    applied = run("retention", "apply", "--apply")
    assert applied.exit_code == 0 and "recorded in the audit trail" in applied.output
    again = run("retention", "apply", "--apply")
    assert again.exit_code == 0 and "Nothing is past its retention period." in again.output


def test_links_lose_the_words_they_quote_from_expired_text(loaded: Any) -> None:
    # Issue 15 item 9: a suggested link keeps the terms the matcher found in the free text, so
    # blanking the answer alone left its words in the link.
    seeded = seed(loaded)
    target = loaded.scalar(select(OutcomeMeasure.id).limit(1))
    first = evidence.get_response_by_reference(loaded, seeded["references"][0])
    worded = next(answer for answer in first.answers if answer.free_text)
    links.create_links(
        loaded, "answer", worded.id, "suggested", measure_ids=[target], matched_terms=["called"]
    )
    # An answer blanked before links lost their terms too: its words are still in the link.
    second = evidence.get_response_by_reference(loaded, seeded["references"][3])
    blanked = next(answer for answer in second.answers if answer.free_text)
    blanked.free_text = None
    links.create_links(
        loaded, "answer", blanked.id, "suggested", measure_ids=[target], matched_terms=["draft"]
    )
    staff = evidence.get_staff_submission_by_reference(loaded, seeded["staff"])
    links.create_links(
        loaded, "staff_submission", staff.id, "suggested", measure_ids=[target], matched_terms=["x"]
    )
    loaded.flush()
    three_years_on = dt.datetime(2029, 11, 1)

    dry = {
        line.what: line.count for line in apply_retention(loaded, SETTINGS, three_years_on).lines
    }
    assert dry["free-text answers blanked"] == 4, "the blanked answer's link still holds words"
    apply_retention(loaded, SETTINGS, three_years_on, act=True)
    loaded.expire_all()
    for kind, evidence_id in (("answer", worded.id), ("answer", blanked.id)):
        kept = links.list_links_for(loaded, kind, evidence_id)
        assert any(link.measure_id == target for link in kept), "the link itself stays"
        assert all(link.matched_terms is None for link in kept)
    kept = links.list_links_for(loaded, "staff_submission", staff.id)
    assert kept and all(link.matched_terms is None for link in kept)
    assert apply_retention(loaded, SETTINGS, three_years_on).total == 0
