"""You said, we did: officers write and publish entries; named staff authors are told on their
channel (anonymous ones never); the public page and Atom feed show published entries by theme
with no personal data; the monthly report and chat App Homes list them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from analysis.periods import parse_period
from storage.repositories import audit
from storage.repositories import you_said_we_did as repository
from storage.repositories.notifications import list_notifications_for
from survey.domain.errors import DomainError
from survey.officers import you_said_we_did as service
from tests.pages import PageClient
from tests.support.factories import make_user, sign_in, staff_submission

ATOM = "{http://www.w3.org/2005/Atom}"
PERSONAL = "Mrs Patel said her son Harry (born 03/04/2015) waited; call 07700 900123, SW1A 1AA."
LEAKS = ("Patel", "Harry", "03/04/2015", "07700 900123", "SW1A 1AA")


def submit(session: Any, text: str, anonymous: bool = False, channel: str = "slack") -> Any:
    receipt = staff_submission(
        session,
        kind="idea",
        text=text,
        channel=channel,
        author_id="U42",
        author_name="Sam Staff",
        workspace_id="T1",
        anonymous=anonymous,
    )
    return receipt


def entry(**fields: Any) -> service.EntryInput:
    values: dict[str, Any] = {
        "you_said": "Families were asked to repeat their story at every meeting.",
        "we_did": "We started one shared chronology that every service reads first.",
        "done_on": dt.date(2026, 10, 15),
        "theme": "Telling it once",
    }
    values.update(fields)
    return service.EntryInput(**values)


# --- notifications ------------------------------------------------------------------------------


def test_publishing_tells_named_authors_once_and_anonymous_authors_never(loaded: Any) -> None:
    named = submit(loaded, "Could every service read one shared chronology?")
    hidden = submit(loaded, "Parents hate repeating themselves.", anonymous=True, channel="teams")
    result = service.create_entry(
        loaded,
        entry(submissions=(named.reference, hidden.reference), publish=True),
        "user:1",
    )
    assert result.notified == 1
    [message] = list_notifications_for(loaded, named.record_id)
    assert message.kind == "you_said_we_did" and message.channel.value == "slack"
    assert message.address["user"] == "U42"
    assert named.reference in message.text
    assert "We did: We started one shared chronology" in message.text
    assert list_notifications_for(loaded, hidden.record_id) == []

    # Taking it down and publishing again tells nobody twice.
    service.unpublish_entry(loaded, result.entry.id, "user:1")
    again = service.publish_entry(loaded, result.entry.id, "user:1")
    assert again.notified == 0
    assert len(list_notifications_for(loaded, named.record_id)) == 1
    actions = [e.action for e in audit.list_audit_events(loaded, "you_said_we_did")]
    assert actions == [
        "you_said_we_did.created",
        "you_said_we_did.published",
        "you_said_we_did.unpublished",
        "you_said_we_did.published",
    ]


def test_a_draft_tells_nobody_and_stays_off_the_public_page(loaded: Any, client: Any) -> None:
    named = submit(loaded, "Could every service read one shared chronology?")
    service.create_entry(loaded, entry(submissions=(named.reference,)), "user:1")
    loaded.flush()
    assert list_notifications_for(loaded, named.record_id) == []
    assert service.list_published(loaded, 10) == []
    page = client.get("/you-said-we-did")
    assert "Nothing has been published yet" in page.text


# --- checking and redaction ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"you_said": " "}, "you_said", "Enter what people said"),
        ({"we_did": ""}, "we_did", "Enter what was done"),
        ({"done_on": None}, "done_on", "Enter the date it was done"),
        (
            {"done_on": dt.date.today() + dt.timedelta(days=30)},
            "done_on",
            "The date it was done must be today or in the past",
        ),
        ({"action_ref": "9.9"}, "action", "There is no action 9.9"),
        (
            {"submissions": ("YS-NOPE-NOPE",)},
            "submissions",
            "There is no staff submission YS-NOPE-NOPE",
        ),
        (
            {"theme": None},
            "theme",
            "Choose an action, give a theme, or name the submissions it answers",
        ),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_stored(
    loaded: Any, fields: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(DomainError) as raised:
        service.create_entry(loaded, entry(**fields), "user:1")
    assert (raised.value.field, raised.value.message) == (field, message)
    assert repository.count_entries(loaded) == 0


def test_personal_details_are_removed_before_the_entry_is_stored(loaded: Any) -> None:
    result = service.create_entry(loaded, entry(you_said=PERSONAL, publish=True), "user:1")
    stored = repository.get_entry(loaded, result.entry.id)
    assert not any(leak in stored.you_said for leak in LEAKS), stored.you_said
    assert "[phone]" in stored.you_said and "[postcode]" in stored.you_said


# --- the public page and feed ----------------------------------------------------------------------


@pytest.fixture
def published(loaded: Any) -> Any:
    service.create_entry(loaded, entry(publish=True), "user:1")
    service.create_entry(
        loaded,
        entry(
            you_said="The information about EHC assessments came too late.",
            we_did="We now send the timeline on the day a request arrives.",
            theme=None,
            action_ref="2.5",
            done_on=dt.date(2026, 11, 2),
            publish=True,
        ),
        "user:1",
    )
    service.create_entry(
        loaded, entry(you_said="A draft nobody should see yet.", publish=False), "user:1"
    )
    # A row written straight into the table with personal details (as an older version or a
    # careless import might): the page and feed must still not show them.
    raw = repository.create_entry(
        loaded, PERSONAL, "We called back.", dt.date(2026, 9, 1), "test", theme="Telling it once"
    )
    repository.set_published(loaded, raw, True)
    loaded.flush()
    return loaded


def test_the_public_page_groups_published_entries_by_theme(published: Any, client: Any) -> None:
    page = client.get("/you-said-we-did")
    assert page.h1 == "You said, we did"
    themes = [h2.get_text(strip=True) for h2 in page.select("main h2.govuk-heading-l")]
    # An entry with no theme is grouped under its action's priority.
    assert themes == ["Information and the EHC pathway", "Telling it once"]
    assert "We now send the timeline" in page.text and "November 2026" in page.text
    assert "A draft nobody should see yet." not in page.text
    assert page.select("link[rel=alternate][type='application/atom+xml']")


def test_the_public_page_and_feed_contain_no_personal_data(published: Any, client: Any) -> None:
    page = client.get("/you-said-we-did")
    feed = client.raw().get("/you-said-we-did/feed.atom")
    for body in (page.html, feed.get_data(as_text=True)):
        assert "We called back." in body
        for leak in (*LEAKS, "Sam Staff", "U42", "user:1"):
            assert leak not in body


def test_a_configured_names_list_is_redacted_too(
    loaded: Any, make_app: Any, tmp_path: Path
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("# pupils and staff\nOliver Twist\nNancy\n", encoding="utf-8")
    raw = repository.create_entry(
        loaded,
        "nancy and Oliver Twist found the forms hard.",
        "We rewrote the forms.",
        dt.date(2026, 10, 1),
        "test",
        theme="Forms",
    )
    repository.set_published(loaded, raw, True)
    loaded.flush()
    app = make_app(
        TESTING=True,
        REDACTION_NAMES_FILE=str(names),
    )
    page = PageClient(app).get("/you-said-we-did")
    assert "Oliver" not in page.text and "nancy" not in page.text.lower()
    assert "[name] and [name] found the forms hard." in page.text


def test_the_feed_is_atom_a_council_site_can_embed(published: Any, client: Any) -> None:
    response = client.raw().get("/you-said-we-did/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "You said, we did: Demo Council"
    assert root.find(f"{ATOM}updated") is not None and root.find(f"{ATOM}id").text
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3  # the draft is not in it
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "Information and the EHC pathway: November 2026"
    assert first.find(f"{ATOM}id").text.startswith("http://127.0.0.1:5000/you-said-we-did#entry-")
    content = first.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "<strong>We did:</strong> We now send the timeline" in content.text


def test_html_in_an_entry_is_text_in_the_feed(loaded: Any, client: Any) -> None:
    raw = repository.create_entry(
        loaded, "<script>alert(1)</script> & more", "Fixed.", dt.date(2026, 10, 1), "t", "X"
    )
    repository.set_published(loaded, raw, True)
    loaded.flush()
    root = ET.fromstring(client.raw().get("/you-said-we-did/feed.atom").get_data())
    content = root.find(f"{ATOM}entry/{ATOM}content").text
    # Inside the HTML the entry's own markup is escaped, so a feed reader shows it as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in content
    assert "<script>" not in content


def test_the_home_page_links_to_you_said_we_did(loaded: Any, client: Any) -> None:
    page = client.get("/")
    assert page.select("a[href='/you-said-we-did']")


# --- where else entries show --------------------------------------------------------------------


def test_list_published_feeds_the_chat_app_homes(published: Any) -> None:
    from bot.conversation.staff import latest_you_said_we_did

    latest = service.list_published(published, 2)
    assert [item.done_on for item in latest] == [dt.date(2026, 11, 2), dt.date(2026, 10, 15)]
    lines = latest_you_said_we_did(published, 5)
    assert lines[0].startswith("You said: The information about EHC assessments came too late.")
    assert not any(leak in line for line in lines for leak in ("07700 900123", "SW1A 1AA"))


def test_the_monthly_report_lists_the_periods_published_entries(published: Any) -> None:
    from survey.officers.report_files import render
    from survey.officers.reports import build_report

    report = build_report(published, parse_period("2026-11"))
    assert [(e.did, e.action_ref) for e in report.you_said_we_did] == [
        ("We now send the timeline on the day a request arrives.", "2.5")
    ]
    body, _mimetype = render(report, "csv")
    assert body  # the report still renders with the entries in it


# --- officers' pages ----------------------------------------------------------------------------


@pytest.fixture
def officer(loaded: Any, client: Any) -> Any:
    make_user(loaded, "officer@example.gov.uk", "officer")
    sign_in(client, "officer@example.gov.uk")
    return client


def test_an_officer_writes_and_publishes_an_entry_on_the_web(officer: Any, loaded: Any) -> None:
    named = submit(loaded, "Could every service read one shared chronology?")
    loaded.flush()
    form = officer.get("/dashboard/you-said-we-did/new")
    assert form.h1 == 'Write a "you said, we did" entry'
    page = officer.post(
        "/dashboard/you-said-we-did/new",
        {
            "you_said": "Call me on 07700 900123: families repeat their story.",
            "we_did": "One shared chronology.",
            "done_on": ["15", "10", "2026"],
            "action": "2.9",
            "theme": "",
            "submissions": named.reference.lower(),
            "publish": "y",
        },
        expected_status=302,
    )
    shown = officer.get(page.response.location)
    assert "The entry is published." in shown.text
    assert "1 member of staff will be told" in shown.text
    assert "[phone]" in shown.text and "07700 900123" not in shown.html
    assert len(list_notifications_for(loaded, named.record_id)) == 1
    assert "One shared chronology." in officer.get("/you-said-we-did").text

    # Taking it down.
    entry_id = int(page.response.location.split("/")[-1].split("?")[0])
    officer.post(
        f"/dashboard/you-said-we-did/{entry_id}/publish", {"published": "0"}, expected_status=302
    )
    assert "One shared chronology." not in officer.get("/you-said-we-did").text


def test_an_officer_corrects_a_published_entry_and_only_new_authors_are_told(
    officer: Any, loaded: Any
) -> None:
    first = submit(loaded, "Could every service read one shared chronology?")
    result = service.create_entry(
        loaded, entry(submissions=(first.reference,), publish=True), "user:1"
    )
    second = submit(loaded, "Tell it once, please.")
    loaded.flush()
    url = f"/dashboard/you-said-we-did/{result.entry.id}/edit"
    form = officer.get(url)
    assert form.select("#submissions")[0]["value"] == first.reference
    assert "This entry is published" in form.text
    fields = {
        "you_said": "Families repeat their story; ring 07700 900123.",
        "we_did": "One shared chronology, read first by every service.",
        "done_on": ["16", "10", "2026"],
        "theme": "Telling it once",
        "submissions": f"{first.reference}, {second.reference}",
    }
    page = officer.post(url, {**fields, "we_did": ""}, expected_status=400)
    assert page.error_messages() == ["Enter what was done"]
    assert page.select("#you_said")[0].get_text() == fields["you_said"]  # kept as typed
    page = officer.post(url, fields, expected_status=302)
    shown = officer.get(page.response.location)
    assert "read first by every service" in shown.text and "[phone]" in shown.text
    assert "1 member of staff will be told" in shown.text
    assert len(list_notifications_for(loaded, first.record_id)) == 1  # not told twice
    assert len(list_notifications_for(loaded, second.record_id)) == 1
    assert "read first by every service" in officer.get("/you-said-we-did").text
    actions = [e.action for e in audit.list_audit_events(loaded, "you_said_we_did")]
    assert "you_said_we_did.updated" in actions


def test_the_form_shows_each_problem_next_to_its_field(officer: Any) -> None:
    page = officer.post(
        "/dashboard/you-said-we-did/new",
        {"you_said": "", "we_did": "", "done_on": ["31", "02", "2026"], "submissions": "YS-NOPE"},
        expected_status=400,
    )
    assert page.title.startswith("Error: ")
    assert page.error_messages() == [
        "Enter the date it was done as a real date, for example 27 11 2026"
    ]
    page = officer.post(
        "/dashboard/you-said-we-did/new",
        {"you_said": "", "we_did": "", "done_on": ["1", "10", "2026"], "submissions": "YS-NOPE"},
        expected_status=400,
    )
    assert set(page.error_messages()) == {
        "Enter what people said",
        "Enter what was done",
        "There is no staff submission YS-NOPE",
    }


@pytest.mark.parametrize(
    ("date", "message", "kept"),
    [
        # GOV.UK's own names for the three boxes, sent empty: was an HTTP 500 (issue 15 item 9).
        (
            {"done_on-day": "", "done_on-month": "", "done_on-year": ""},
            "Enter the date it was done",
            ["", "", ""],
        ),
        (
            {"done_on-day": "15", "done_on-month": "", "done_on-year": "2026"},
            "Enter the date it was done as a real date, for example 27 11 2026",
            ["15", "", "2026"],
        ),
        ({}, "Enter the date it was done", ["", "", ""]),
        (
            {"done_on": ["1", "10", "2026", "4"]},
            "Enter the date it was done as a real date, for example 27 11 2026",
            ["1", "10", "2026"],
        ),
    ],
)
def test_a_missing_or_odd_date_is_asked_for_again_keeping_what_was_typed(
    officer: Any, date: dict[str, Any], message: str, kept: list[str]
) -> None:
    page = officer.post(
        "/dashboard/you-said-we-did/new",
        {"you_said": "Letters came late.", "we_did": "Sent sooner.", "theme": "Letters", **date},
        expected_status=400,
    )
    assert page.error_messages() == [message]
    assert page.select("#you_said")[0].get_text() == "Letters came late."
    boxes = [
        page.select(f"#done_on-{part}")[0].get("value", "") for part in ("day", "month", "year")
    ]
    assert boxes == kept


def test_hub_leads_read_entries_but_do_not_write_them(loaded: Any, client: Any) -> None:
    make_user(loaded, "lead@example.gov.uk", "hub_lead")
    sign_in(client, "lead@example.gov.uk")
    page = client.get("/dashboard/you-said-we-did")
    assert "Write an entry" not in page.text
    client.get("/dashboard/you-said-we-did/new", expected_status=403)
    client.post("/dashboard/you-said-we-did/new", {"you_said": "x"}, expected_status=403)


def test_an_anonymous_author_finds_what_changed_under_their_reference(
    loaded: Any, database: Any
) -> None:
    from bot.conversation.messages import Author
    from bot.conversation.staff import StaffConversation

    hidden = submit(loaded, "Parents hate repeating themselves.", anonymous=True, channel="teams")
    service.create_entry(loaded, entry(submissions=(hidden.reference,), publish=True), "user:1")
    loaded.flush()
    conversation = StaffConversation(database.unit_of_work, "k")
    author = Author(channel="teams", user_id="U42", workspace_id="T1")

    [line] = conversation.mine(author)
    assert line.reference == hidden.reference and line.anonymous
    assert line.we_did == (
        "You said: Families were asked to repeat their story at every meeting. "
        "We did: We started one shared chronology that every service reads first.",
    )
    reply = conversation.mine_reply(author).text
    assert hidden.reference in reply and "We did: We started one shared chronology" in reply
    # Nobody else sees it under their own name.
    assert conversation.mine(Author(channel="teams", user_id="U99", workspace_id="T1")) == []
