"""Data-subject requests: everything about a person found by reference, email, Slack or Teams
user; exported as JSON; erased on request and audited; anonymous staff found by reference only."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from storage.database import Database
from storage.models import SurveyDraft
from storage.repositories import (
    audit,
    chat_identities,
    evidence,
    links,
    survey_drafts,
    surveys,
    teams_conversations,
)
from survey import intake
from survey.cli import main
from survey.domain.errors import DomainError
from survey.domain.inputs import AttendanceInput, ResponseSubmission, StaffSubmissionInput
from survey.officers.accounts import create_account
from survey.privacy.subjects import erase_subject, export_subject, make_subject
from tests.support.factories import link_chat_user, load_mini

NOW = dt.datetime(2026, 11, 30, 12)
WHY = "Ellie's school never answered my emails about her plan."
SLACK_ACTOR = "slack:T0001/U0123ABC"


def respond(session: Any, email: str | None, why: str | None = WHY) -> str:
    answers = {"la": "E00000001", "info_timely": "disagree", "overall": "dissatisfied"}
    if why:
        answers["why"] = why
    return intake.submit_response(
        session,
        ResponseSubmission(
            survey_slug="mini-survey",
            answers=answers,
            consent={"survey": True},
            contact={"name": "Jo Bloggs", "email": email} if email else None,
        ),
    ).reference


def staff(session: Any, text: str, anonymous: bool = False, **overrides: Any) -> str:
    fields = {
        "kind": "concern",
        "text": text,
        "channel": "slack",
        "author_id": "U0123ABC",
        "workspace_id": "T0001",
        "author_name": "Sam Lee",
        "anonymous": anonymous,
    }
    fields.update(overrides)
    item = StaffSubmissionInput(**fields)
    return intake.record_staff_submission(session, item, hash_key="test-key").reference


def seed(session: Any) -> dict[str, Any]:
    mine = respond(session, "Jo@Example.com")
    also_mine = respond(session, "jo@example.com", why=None)
    someone_else = respond(session, "other@example.com")
    survey = surveys.get_survey_by_slug(session, "mini-survey")
    draft = survey_drafts.create_draft(
        session,
        survey,
        1,
        "session-hash",
        "draft-key",
        expires_at=NOW + dt.timedelta(days=28),
        now=NOW,
        submitted_reference=mine,
    )
    survey_drafts.update_draft(session, draft, NOW, answers={"why": WHY})
    named = staff(session, "The transport forms ask the same thing three times.")
    anonymous = staff(session, "My manager ignores SEN support plans.", anonymous=True)
    elsewhere = staff(session, "A colleague's idea in another council.", workspace_id="T0999")
    teams = staff(
        session, "Teams idea", channel="teams", author_id="29:1abc_x", workspace_id="tenant"
    )
    intake.record_attendance(
        session,
        AttendanceInput(
            network="test-hub",
            title="Transition strand group",
            held_on=dt.date(2026, 10, 14),
            kind="strand_group",
            organisations=["E00000001", "E00000002"],
            logged_by=SLACK_ACTOR,
            channel="slack",
        ),
    )
    submission = evidence.get_staff_submission_by_reference(session, named)
    audit.create_audit_event(session, SLACK_ACTOR, "asked", "staff_submission", submission.id)
    session.flush()
    return {
        "mine": mine,
        "also_mine": also_mine,
        "someone_else": someone_else,
        "named": named,
        "anonymous": anonymous,
        "elsewhere": elsewhere,
        "teams": teams,
    }


def test_a_parent_found_by_reference_gets_everything_including_their_words(loaded: Any) -> None:
    refs = seed(loaded)
    data = export_subject(loaded, make_subject(reference=refs["mine"].lower()), NOW)

    assert [r["reference"] for r in data["survey_responses"]] == [refs["mine"]]
    response = data["survey_responses"][0]
    assert response["contact"] == {"name": "Jo Bloggs", "email": "jo@example.com", "phone": None}
    assert any(a["free_text"] == WHY for a in response["answers"])
    assert data["survey_drafts"][0]["answers"] == {"why": WHY}
    assert data["staff_submissions"] == []
    json.dumps(data)  # plain JSON all the way down
    event = audit.list_audit_events(loaded, entity_type="data_subject")[-1]
    assert event.action == "subject.export" and event.details["identified_by"] == "reference"
    assert refs["mine"] not in json.dumps(event.details)


def test_an_email_finds_every_response_that_left_it_and_the_officer_account(loaded: Any) -> None:
    refs = seed(loaded)
    create_account(loaded, "jo@example.com", "long-enough-password", "officer", actor="test")
    data = export_subject(loaded, make_subject(email="JO@example.com"), NOW)

    found = {r["reference"] for r in data["survey_responses"]}
    assert found == {refs["mine"], refs["also_mine"]}
    assert data["officer_account"]["email"] == "jo@example.com"
    assert "password" not in json.dumps(data["officer_account"])


def test_a_slack_user_finds_named_submissions_but_never_anonymous_ones(loaded: Any) -> None:
    refs = seed(loaded)
    data = export_subject(loaded, make_subject(slack_user="U0123ABC"), NOW)
    assert {s["reference"] for s in data["staff_submissions"]} == {refs["named"], refs["elsewhere"]}
    assert len(data["attendance_logged"]) == 2
    assert [e["actor"] for e in data["audit_events"] if e["action"] == "asked"] == [SLACK_ACTOR]

    in_workspace = export_subject(
        loaded, make_subject(slack_user="U0123ABC", workspace="T0001"), NOW
    )
    assert [s["reference"] for s in in_workspace["staff_submissions"]] == [refs["named"]]

    by_reference = export_subject(loaded, make_subject(reference=refs["anonymous"]), NOW)
    anonymous = by_reference["staff_submissions"][0]
    assert anonymous["anonymous"] is True and anonymous["author_id"] is None


def test_a_teams_user_is_matched_exactly(loaded: Any) -> None:
    refs = seed(loaded)
    teams_conversations.update_teams_conversation(
        loaded,
        "a:personal-chat",
        conversation_type="personal",
        service_url="https://smba.example/",
        tenant_id="tenant",
        bot_id="28:bot",
        user_id="29:1abc_x",
    )
    person = make_subject(teams_user="29:1abc_x")
    data = export_subject(loaded, person, NOW)
    assert [s["reference"] for s in data["staff_submissions"]] == [refs["teams"]]
    assert [c["conversation_type"] for c in data["teams_conversations"]] == ["personal"]
    erase_subject(loaded, person, act=True)
    assert teams_conversations.get_personal_conversation(loaded, "29:1abc_x") is None
    assert evidence.get_staff_submission_by_reference(loaded, refs["teams"]) is None
    assert (
        export_subject(loaded, make_subject(teams_user="29:1abc%"), NOW)["staff_submissions"] == []
    )


def test_erasing_a_parent_removes_their_response_and_nothing_else(loaded: Any) -> None:
    refs = seed(loaded)
    mine = evidence.get_response_by_reference(loaded, refs["mine"])
    answer_ids = [a.id for a in mine.answers]
    person = make_subject(email="jo@example.com")

    preview = erase_subject(loaded, person, act=False)
    assert preview["survey_responses"] == 2 and preview["contact_details"] == 2
    assert evidence.get_response_by_reference(loaded, refs["mine"]) is not None

    erase_subject(loaded, person, act=True)
    assert evidence.get_response_by_reference(loaded, refs["mine"]) is None
    assert evidence.get_response_by_reference(loaded, refs["also_mine"]) is None
    assert all(links.list_links_for(loaded, "answer", i) == [] for i in answer_ids)
    assert export_subject(loaded, person, NOW)["survey_drafts"] == []
    assert evidence.get_response_by_reference(loaded, refs["someone_else"]) is not None
    event = [e for e in audit.list_audit_events(loaded) if e.action == "subject.erase"][-1]
    assert event.details["counts"]["survey_responses"] == 2
    assert "jo@example.com" not in json.dumps(event.details)


def test_erasing_a_slack_user_keeps_the_attendance_but_forgets_who_logged_it(loaded: Any) -> None:
    refs = seed(loaded)
    person = make_subject(slack_user="U0123ABC", workspace="T0001")
    erase_subject(loaded, person, act=True)

    assert evidence.get_staff_submission_by_reference(loaded, refs["named"]) is None
    assert evidence.get_staff_submission_by_reference(loaded, refs["anonymous"]) is not None
    assert evidence.get_staff_submission_by_reference(loaded, refs["elsewhere"]) is not None
    after = export_subject(loaded, person, NOW)
    assert after["staff_submissions"] == [] and after["attendance_logged"] == []
    assert after["audit_events"] == []
    asked = [e for e in audit.list_audit_events(loaded) if e.action == "asked"]
    assert [e.actor for e in asked] == ["erased-subject"], "the trail stays, without the name"
    meetings = evidence.list_meetings(loaded)
    assert sum(len(m.attendance) for m in meetings) == 2, "the LAs still attended"


@pytest.mark.parametrize(
    ("identifiers", "says"),
    [
        ({}, "Give exactly one of"),
        ({"reference": "YS-AAAA-BBBB", "email": "a@b.com"}, "Give exactly one of"),
        ({"reference": "12345"}, "A reference looks like"),
        ({"email": "not an email"}, "Enter an email address"),
        ({"slack_user": "bob"}, "A Slack user id looks like"),
        ({"email": "a@b.com", "workspace": "T1"}, "--workspace only goes with --slack-user"),
    ],
)
def test_bad_identifiers_are_refused_in_plain_words(identifiers: dict, says: str) -> None:
    with pytest.raises(DomainError, match=says):
        make_subject(**identifiers)


def test_the_commands_export_json_and_erase_only_with_yes(scratch_url: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": scratch_url, "YOUSAID_INSTANCE_PATH": str(tmp_path / "instance")}
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    assert run("db", "upgrade").exit_code == 0
    database = Database(scratch_url)
    with database.unit_of_work() as session:
        load_mini(session)
        reference = respond(session, "jo@example.com")
    database.dispose()

    exported = run("subject", "export", "--reference", reference)
    assert exported.exit_code == 0
    assert json.loads(exported.output)["survey_responses"][0]["reference"] == reference

    refused = run("subject", "erase", "--email", "jo@example.com")
    assert refused.exit_code == 1
    assert "Nothing was erased: add --yes to erase 1 survey responses" in refused.output
    erased = run("subject", "erase", "--email", "jo@example.com", "--yes")
    assert erased.exit_code == 0 and "recorded in the audit trail" in erased.output
    again = run("subject", "erase", "--email", "jo@example.com", "--yes")
    assert "Nothing is stored about that person" in again.output

    both = run("subject", "export", "--email", "a@b.com", "--reference", reference)
    assert both.exit_code == 1 and len(both.output.strip().splitlines()) == 1


def test_erasing_an_email_removes_a_draft_in_progress_that_holds_it(loaded: Any) -> None:
    # Issue 15 item 9: a parent typed their address into a text box and never submitted; no
    # contact detail points at the draft, so erasure by email used to leave it.
    survey = surveys.get_survey_by_slug(loaded, "mini-survey")

    def draft(key: str, why: str) -> Any:
        made = survey_drafts.create_draft(
            loaded, survey, 1, f"hash-{key}", key, expires_at=NOW + dt.timedelta(days=28), now=NOW
        )
        made.answers = {"la": "E00000001", "why": why}
        return made

    mine = draft("mine", "Please write to Jo@Example.com about Ellie.")
    theirs = draft("theirs", "Write to bojo@example.com or jo@example.com.uk instead.")
    loaded.flush()
    person = make_subject(email="jo@example.com")

    assert erase_subject(loaded, person, act=False)["survey_drafts"] == 1
    exported = export_subject(loaded, person, NOW)["survey_drafts"]
    assert [d["answers"]["why"] for d in exported] == [mine.answers["why"]]
    counts = erase_subject(loaded, person, act=True)
    assert counts["survey_drafts"] == 1
    remaining = set(loaded.scalars(select(SurveyDraft.idempotency_key)))
    assert "mine" not in remaining and "theirs" in remaining, theirs


def test_an_officers_linked_chat_users_are_exported_and_erased_by_email(loaded: Any) -> None:
    # The links `yousaid user link-chat` makes say which Slack/Teams user an officer is: personal
    # data about the account, so a request by the account's email covers them.
    email = "jo@example.com"
    link_chat_user(loaded, "officer", slack="T0001:U0123ABC", email=email)
    link_chat_user(loaded, "officer", teams="00000000-0000-0000-0000-00000000000a", email=email)
    other = link_chat_user(loaded, "officer", slack="T0001:U0999XYZ", email="sam@example.com")
    person = make_subject(email="JO@example.com")

    exported = export_subject(loaded, person, NOW)["chat_identities"]
    assert {(c["channel"], c["workspace"], c["chat_user"]) for c in exported} == {
        ("slack", "T0001", "U0123ABC"),
        ("teams", "", "00000000-0000-0000-0000-00000000000a"),
    }
    assert all(c["linked_at"] for c in exported)

    assert erase_subject(loaded, person, act=False)["chat_identities"] == 2
    assert erase_subject(loaded, person, act=True)["chat_identities"] == 2
    assert export_subject(loaded, person, NOW)["chat_identities"] == []
    assert [link.chat_user for link in chat_identities.list_chat_identities(loaded, other)] == [
        "U0999XYZ"
    ]
    event = [e for e in audit.list_audit_events(loaded) if e.action == "subject.erase"][-1]
    assert event.details["counts"]["chat_identities"] == 2
    assert "U0123ABC" not in json.dumps(event.details) and email not in json.dumps(event.details)
