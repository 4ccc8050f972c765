"""People and records for tests, made through the same services production uses (accounts,
intake, the loaders), so a factory can never store something the app could not.

Each factory takes the session and only the details a test cares about; the rest are
defaults a reader can ignore."""

from __future__ import annotations

import datetime as dt
from typing import Any

from storage.repositories import users
from survey import intake
from survey.domain.inputs import AttendanceInput, ResponseSubmission, StaffSubmissionInput
from survey.intake.loading import load_organisations, load_plan, load_survey_file
from survey.officers.accounts import create_account, set_role
from survey.officers.chat_identities import link_chat, slack_id, teams_id
from tests.support.paths import DATA

PASSWORD = "correct horse battery staple"
MINI_SURVEY = "mini-survey"


# Organisations, plans and surveys


def load_test_region(session: Any) -> None:
    """The small test region: four LAs, a school and the test hub."""
    load_organisations(session, DATA / "organisations" / "test-region.yaml", actor="test")


def load_mini_plan(session: Any, name: str = "mini") -> None:
    load_plan(session, DATA / "plans" / f"{name}.yaml", actor="test")


def load_mini_survey(session: Any) -> None:
    load_survey_file(session, DATA / "surveys" / "mini.yaml", actor="test")


def load_mini(session: Any) -> Any:
    """The test region, the mini plan and the mini survey, loaded in that order."""
    load_test_region(session)
    load_mini_plan(session)
    load_mini_survey(session)
    session.flush()
    return session


# People


def make_user(session: Any, email: str, role: str, organisation: str | None = None) -> Any:
    """An officer account with ``role`` ("hub_lead" is an officer of the test hub)."""
    user = create_account(session, email, PASSWORD, "officer" if role == "hub_lead" else role)
    network = "test-hub" if role == "hub_lead" else None
    if role != user.role.value or organisation or network:
        set_role(session, email, role, organisation, network, actor="test")
    session.flush()
    return user


def link_chat_user(
    session: Any,
    role: str = "officer",
    slack: str | None = None,
    teams: str | None = None,
    email: str | None = None,
) -> Any:
    """An account with ``role`` linked to a Slack (``TEAM:USER``) or Teams (Entra object id)
    user, as ``yousaid user link-chat`` links them: what chat needs before it trusts an officer's
    or a hub lead's click. Makes the account unless ``email`` names one already made."""
    chat = slack_id(slack) if slack else teams_id(teams or "")
    address = email or f"{role}.{chat.user.lower()[:40]}@example.gov.uk"
    user = users.get_user_by_email(session, address) or make_user(session, address, role)
    link_chat(session, address, chat, actor="test")
    session.flush()
    return user


def sign_in(client: Any, email: str) -> None:
    """Sign a page client in as a user made by make_user()."""
    client.post("/sign-in", {"email": email, "password": PASSWORD}, expected_status=302)


# Records


def respond(
    session: Any, day: dt.date, agree: bool, la: str = "E00000001", why: str | None = None
) -> None:
    """One parent's answers to the mini survey, agreeing (or not) on 2A."""
    answers = {
        "la": la,
        "info_timely": "agree" if agree else "disagree",
        "overall": "satisfied" if agree else "dissatisfied",
    }
    if why and not agree:
        answers["why"] = why
    intake.submit_response(
        session,
        ResponseSubmission(
            survey_slug=MINI_SURVEY,
            answers=answers,
            consent={"survey": True},
            submitted_at=dt.datetime.combine(day, dt.time(10)),
        ),
    )


def staff_submission(
    session: Any,
    text: str,
    kind: str = "idea",
    channel: str = "slack",
    author_id: str = "U1",
    hash_key: str = "k",
    **fields: Any,
) -> Any:
    """A staff submission through intake; ``fields`` are any other StaffSubmissionInput fields.
    Returns intake's receipt (reference, record id)."""
    submission = StaffSubmissionInput(
        kind=kind, text=text, channel=channel, author_id=author_id, **fields
    )
    return intake.record_staff_submission(session, submission, hash_key=hash_key)


def seed_evidence(session: Any) -> None:
    """October 2026: 30 answers to 2A (24 agree), 3 of 4 LAs at the hub; September: 20 (10)."""
    for i in range(30):
        why = "Nobody called me back about the draft EHC plan." if i % 10 == 0 else None
        respond(session, dt.date(2026, 10, 1 + i % 28), agree=i >= 6, why=why)
    for i in range(20):
        respond(session, dt.date(2026, 9, 1 + i), agree=i % 2 == 0, la="E00000002")
    intake.record_attendance(
        session,
        AttendanceInput(
            network="test-hub",
            title="Transition strand group",
            held_on=dt.date(2026, 10, 14),
            kind="strand_group",
            strand="Transition",
            organisations=["E00000001", "E00000002", "E00000003"],
        ),
    )
    session.flush()
