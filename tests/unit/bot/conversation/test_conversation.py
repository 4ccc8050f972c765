"""The conversation core without Slack or a database: what commands mean, what forms ask, which
answers are refused and in what words, and what people are told."""

from __future__ import annotations

import datetime as dt

from bot.conversation import messages as m
from bot.conversation.attendance import parse_date, parse_people, summary_text
from bot.conversation.digest_text import period_for
from bot.conversation.staff import (
    HELP_LINES,
    check_submission,
    parse_command,
    reply_for_filed,
    submission_form,
)


def test_a_command_with_text_files_an_idea_unless_it_names_another_kind() -> None:
    assert parse_command("we should text parents") == m_intent(
        "file", "idea", "we should text parents"
    )
    assert parse_command("concern: panels meet too rarely") == m_intent(
        "file", "concern", "panels meet too rarely"
    )
    assert parse_command("Question - who chairs the panel?") == m_intent(
        "file", "question", "who chairs the panel?"
    )
    # "views" is not "view ...": the text is kept whole as an idea.
    assert parse_command("views from the SENCO forum") == m_intent(
        "file", "idea", "views from the SENCO forum"
    )


def m_intent(name: str, kind: str = "idea", text: str = "") -> object:
    from bot.conversation.staff import Intent

    return Intent(name, kind, text)


def test_help_mine_and_the_bare_command() -> None:
    assert parse_command("help").name == "help"
    assert parse_command("  ").name == "form"
    assert parse_command(None).name == "form"
    assert parse_command("mine").name == "mine"
    assert len(HELP_LINES) == 5


def test_the_form_asks_kind_workstream_text_action_and_anonymity() -> None:
    form = submission_form([m.Choice("design", "Design")], text="pre-filled")
    assert [f.name for f in form.fields] == ["kind", "workstream", "text", "action", "anonymous"]
    by_name = {f.name: f for f in form.fields}
    assert by_name["text"].initial == "pre-filled" and by_name["text"].max_length == 3000
    assert by_name["action"].kind == m.SEARCH and not by_name["action"].required
    assert "keyed hash" in (by_name["anonymous"].hint or "")


def test_an_empty_or_overlong_submission_is_refused_in_plain_words() -> None:
    assert check_submission({}) == m.Problems(
        {"kind": "Choose idea, view, concern or question", "text": "Write what you want to say"}
    )
    assert check_submission({"kind": "idea", "text": "   "}) == m.Problems(
        {"text": "Write what you want to say"}
    )
    assert check_submission({"kind": "idea", "text": "x" * 3001}) == m.Problems(
        {"text": "Keep it to 3000 characters or fewer (yours has 3001)"}
    )
    assert check_submission({"kind": "view", "text": "fine"}) is None


def test_what_people_are_told_after_filing() -> None:
    named = reply_for_filed("YS-AAAA-BBBB", "idea", anonymous=False, created=True)
    assert named.text.startswith("Thank you. Your idea is filed as YS-AAAA-BBBB.")
    assert "message you here" in named.text
    anonymous = reply_for_filed("YS-AAAA-BBBB", "concern", anonymous=True, created=True)
    assert "anonymously" in anonymous.text and "Home tab" in anonymous.text
    again = reply_for_filed("YS-AAAA-BBBB", "idea", anonymous=False, created=False)
    assert again.text == "You already sent this: it is idea YS-AAAA-BBBB."


def test_the_attendance_summary_names_who_was_absent() -> None:
    details = {"attending_members": 9, "members": 12, "absent": ["Ayton", "Beeford", "Cowley"]}
    assert summary_text("Transition strand group", dt.date(2026, 10, 14), details) == (
        "9 of 12 LAs attended the Transition strand group on 14 Oct; "
        "absent: Ayton, Beeford and Cowley."
    )
    everyone = {"attending_members": 4, "members": 4, "absent": []}
    assert summary_text("Steering group", dt.date(2026, 3, 1), everyone).endswith("none absent.")


def test_attendance_numbers_and_dates_are_checked() -> None:
    assert parse_people("14") == (14, None)
    assert parse_people("") == (None, None)
    assert parse_people("a dozen") == (
        None,
        "Enter the number of people as a whole number, like 14",
    )
    assert parse_people("-1") == (None, "Enter the number of people, from 0 to 10000")
    assert parse_date("2026-10-14") == dt.date(2026, 10, 14)
    assert parse_date("14/10/2026") is None


def test_digest_periods_are_the_last_complete_week_or_month() -> None:
    wednesday = dt.date(2026, 11, 25)
    week = period_for("week", wednesday)
    assert (week.key, week.start, week.end) == (
        "week:2026-W47",
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 23),
    )
    assert period_for("week", dt.date(2026, 11, 22)).key == "week:2026-W46"
    month = period_for("month", wednesday)
    assert (month.key, month.start, month.end, month.label) == (
        "month:2026-10",
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 1),
        "October 2026",
    )


def test_an_author_acts_under_a_channel_scoped_name() -> None:
    assert m.Author("slack", "U2", "T1").actor == "slack:T1/U2"
