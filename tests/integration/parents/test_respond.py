"""A parent answering a survey on the web, page by page, through the page-checking client."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import threading
from email import message_from_bytes
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.smtp import SMTP
from sqlalchemy import func, select

from storage.models import Link, Response, SurveyDraft
from storage.repositories import evidence, organisations, surveys
from survey.parents.distribution import create_link
from tests.pages import Page, PageClient

SLUG = "mini-survey"
BASE = f"/s/{SLUG}"


def location(page: Page) -> str:
    return page.response.headers["Location"]


def begin(client: PageClient) -> None:
    """Start page, Start now, consent: leaves the parent on the first question."""
    start = client.get(BASE)
    assert start.h1 == "Your experience of the EHC needs assessment"
    assert "It takes about 3 minutes" in start.text
    assert location(client.post(f"{BASE}/start", expected_status=302)) == f"{BASE}/consent"
    page = client.post(f"{BASE}/consent", {}, expected_status=200)
    assert page.error_messages() == ["Tick the box to say you agree before you start"]
    page = client.post(f"{BASE}/consent", {"consent": "y"}, expected_status=302)
    assert location(page) == f"{BASE}/q/about-you"


def answer(client: PageClient, page_id: str, data: dict[str, Any], query: str = "") -> str:
    page = client.post(f"{BASE}/q/{page_id}{query}", data, expected_status=302)
    return location(page)


def complete_required(client: PageClient) -> None:
    assert answer(client, "about-you", {"la": "E00000001"}) == f"{BASE}/q/info_timely"
    assert answer(client, "info_timely", {"info_timely": "agree"}) == f"{BASE}/q/overall"
    assert answer(client, "overall", {"overall": "satisfied"}) == f"{BASE}/q/recommend"
    assert answer(client, "recommend", {}) == f"{BASE}/q/support"
    assert answer(client, "support", {"support": ["senco", "iass"]}) == f"{BASE}/q/weeks"
    assert answer(client, "weeks", {"weeks": "12"}) == f"{BASE}/q/requested_on"
    assert answer(client, "requested_on", {}) == f"{BASE}/check"


def count_responses(session: Any) -> int:
    return session.scalar(select(func.count()).select_from(Response))


def test_a_parent_answers_checks_changes_and_sends_one_response(
    client: PageClient, loaded: Any
) -> None:
    loaded.commit()
    begin(client)

    page = client.post(f"{BASE}/q/about-you", {"la": ""})
    assert page.title.startswith("Error: ")
    assert page.error_messages() == ["Select which council area you live in"]
    assert page.select(".govuk-error-summary a")[0]["href"] == "#la"
    assert page.select("#la")  # the link lands on the first radio

    complete_required(client)
    check = client.get(f"{BASE}/check")
    assert check.h1 == "Check your answers before sending them"
    rows = {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(" ", strip=True)
        for row in check.select(".govuk-summary-list__row")
    }
    assert rows["Which council area do you live in?"] == "Alpha Borough"
    assert rows["Who helped you?"] == "The school SENCO SENDIASS"
    assert rows["How likely are you to recommend the service to another parent?"] == "Not provided"
    assert "What could we have done better?" not in rows  # not asked: satisfied

    # Change "overall" to dissatisfied: the follow-up question now applies and is asked next.
    change = [a["href"] for a in check.select(".govuk-summary-list__actions a")]
    assert f"{BASE}/q/overall?return=check" in change
    back = client.get(f"{BASE}/q/overall?return=check")
    assert back.select(".govuk-back-link")[0]["href"] == f"{BASE}/check"
    assert back.select("input[value=satisfied]")[0].has_attr("checked")
    follow = answer(client, "overall", {"overall": "dissatisfied"}, "?return=check")
    assert follow == f"{BASE}/q/why?return=check"
    why = client.get(follow)
    assert why.select(".govuk-character-count")  # a visible limit on long text
    assert "500" in why.text
    assert answer(client, "why", {"why": "Nobody called back."}, "?return=check") == f"{BASE}/check"

    first = client.post(f"{BASE}/check", {}, expected_status=302)
    assert location(first) == f"{BASE}/confirmation"
    again = client.post(f"{BASE}/check", {}, expected_status=302)  # double click / re-post
    assert location(again) == f"{BASE}/confirmation"
    done = client.get(f"{BASE}/confirmation")
    reference = done.select(".govuk-panel strong")[0].get_text(strip=True)
    assert re.fullmatch(r"YS-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    assert "What happens next" in done.text and "send.feedback@example.gov.uk" in done.text
    assert client.get(f"{BASE}/confirmation").select(".govuk-panel strong")[0].get_text() == (
        reference
    )

    assert count_responses(loaded) == 1
    response = evidence.get_response_by_reference(loaded, reference)
    stored = {a.question.key: (a.value, a.free_text) for a in response.answers}
    assert stored["overall"] == ("dissatisfied", None)
    assert stored["why"] == (None, "Nobody called back.")
    assert stored["support"] == ('["senco", "iass"]', None)
    assert "recommend" not in stored
    assert response.channel.value == "web" and response.consent == {"survey": True}
    assert response.organisation.code == "E00000001"
    linked = loaded.scalars(
        select(Link).where(Link.evidence_kind == "response", Link.evidence_id == response.id)
    ).all()
    assert {link.action.ref for link in linked} == {"2.5"}, "linked to the survey's actions"
    draft = loaded.scalars(select(SurveyDraft)).one()
    assert draft.answers == {} and draft.submitted_reference == reference


def test_typed_answers_are_kept_and_errors_say_how_to_fix_them(
    client: PageClient, loaded: Any
) -> None:
    loaded.commit()
    begin(client)
    complete_required(client)
    page = client.post(f"{BASE}/q/weeks", {"weeks": "about twelve"})
    assert page.error_messages() == ["Enter a number, like 12"]
    assert page.select("#weeks")[0]["value"] == "about twelve"
    page = client.post(f"{BASE}/q/requested_on", {"requested_on": ["14", "", "2025"]})
    assert page.error_messages() == ["Date must include a month"]
    assert page.select(".govuk-error-summary a")[0]["href"] == "#requested_on-day"
    assert page.select("#requested_on-day")[0]["value"] == "14"
    assert page.select("#requested_on-year")[0]["value"] == "2025"
    page = client.post(f"{BASE}/q/requested_on", {"requested_on": ["31", "2", "2025"]})
    assert page.error_messages() == ["Date must be a real date"]
    later = dt.date.today() + dt.timedelta(days=40)
    page = client.post(
        f"{BASE}/q/requested_on",
        {"requested_on": [str(later.day), str(later.month), str(later.year)]},
    )
    assert page.error_messages() == ["The date must be today or in the past"]
    page = client.post(f"{BASE}/q/support", {"support": ["none", "iass"]})
    assert page.error_messages() == ["Select 'None of these' on its own, or other options"]
    assert page.select("input[value=none]")[0]["data-behaviour"] == "exclusive"


def test_pages_cannot_be_skipped_and_back_links_go_to_the_previous_question(
    client: PageClient, loaded: Any
) -> None:
    loaded.commit()
    begin(client)
    assert location(client.get(f"{BASE}/check", expected_status=302)) == f"{BASE}/q/about-you"
    answer(client, "about-you", {"la": "E00000002"})
    page = client.get(f"{BASE}/q/info_timely")
    assert page.select(".govuk-back-link")[0]["href"] == f"{BASE}/q/about-you"
    assert page.h1 == "I was given the information I needed at the right time."
    assert [i["value"] for i in page.select("input[type=radio]")][-1] == "not_applicable"
    # A question whose condition does not hold sends the parent back on the path.
    assert location(client.get(f"{BASE}/q/why", expected_status=302)).startswith(f"{BASE}/")


def test_save_and_return_restores_answers_on_another_device(
    client: PageClient, loaded: Any, app: Any
) -> None:
    loaded.commit()
    begin(client)
    answer(client, "about-you", {"la": "E00000003"})
    saved = client.post(
        f"{BASE}/q/info_timely",
        {"info_timely": "strongly_agree", "save_and_return": "y"},
        expected_status=302,
    )
    assert location(saved) == f"{BASE}/save"
    page = client.get(f"{BASE}/save")
    assert page.h1 == "Your answers have been saved"
    link = page.select("#resume-link")[0]["href"]
    assert link.startswith("http://127.0.0.1:5000/s/mini-survey/resume/")
    assert client.get(f"{BASE}/save").select("#resume-link")[0]["href"] == link  # same link

    other_device = PageClient(app)
    resumed = other_device.get(link.removeprefix("http://127.0.0.1:5000"), expected_status=302)
    assert location(resumed) == f"{BASE}/q/overall"
    page = other_device.get(f"{BASE}/q/info_timely")
    assert page.select("input[value=strongly_agree]")[0].has_attr("checked")
    stored = loaded.scalars(select(SurveyDraft)).one()
    assert stored.answers["la"] == "E00000003"
    assert link.rsplit("/", 1)[1] not in str(
        [stored.resume_token_hash, stored.session_token_hash]
    ), "tokens are stored only as hashes"

    stored.resume_expires_at = dt.datetime(2000, 1, 1)
    loaded.commit()
    expired = PageClient(app).get(link.removeprefix("http://127.0.0.1:5000"), expected_status=404)
    assert expired.h1 == "This link has expired"
    assert expired.select("#start-again")[0]["href"] == BASE


class SmtpSink:
    """A local SMTP server on 127.0.0.1 and a free port, keeping what it receives."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        # The loop is created and run in its own thread: the browser tests' Playwright keeps an
        # event loop running on the main thread, and asyncio refuses to nest loops.
        self.loop = asyncio.new_event_loop()
        started = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(
                self.loop.create_server(lambda: SMTP(self), "127.0.0.1", 0)
            )
            started.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        started.wait()
        self.port = self.server.sockets[0].getsockname()[1]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.server.close()
        self.loop.close()


def test_the_save_and_return_link_is_emailed_when_smtp_is_configured(
    loaded: Any, make_app: Any, tmp_path: Any
) -> None:
    sink = SmtpSink()
    try:
        app = make_app(
            WTF_CSRF_ENABLED=False,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(sink.port),
            EMAIL_FROM="send.feedback@example.gov.uk",
            PUBLIC_BASE_URL="https://haveyoursay.example.gov.uk",
        )
        client = PageClient(app)
        loaded.commit()
        begin(client)
        page = client.get(f"{BASE}/save")
        link = page.select("#resume-link")[0]["href"]
        assert link.startswith("https://haveyoursay.example.gov.uk/s/mini-survey/resume/")
        page = client.post(f"{BASE}/save", {"email": "not an address"})
        assert page.error_messages() == [
            "Enter an email address in the correct format, like name@example.com"
        ]
        assert page.select("#email")[0]["value"] == "not an address"
        page = client.post(f"{BASE}/save", {"email": "parent@example.com"})
        assert "We have sent the link to parent@example.com" in page.text
    finally:
        sink.stop()
    assert len(sink.messages) == 1
    assert sink.messages[0].rcpt_tos == ["parent@example.com"]
    body = message_from_bytes(sink.messages[0].content, policy=default_policy).get_body()
    assert link in body.get_content()


def test_a_distribution_link_attributes_the_response_to_a_school_and_has_qr_codes(
    client: PageClient, loaded: Any
) -> None:
    summary = create_link(loaded, SLUG, "TEST-SCH-0001", "Parents' conference", actor="test")
    loaded.commit()
    client.get(f"{BASE}?src={summary.token}")
    begin(client)
    complete_required(client)
    client.post(f"{BASE}/check", {}, expected_status=302)
    reference = client.get(f"{BASE}/confirmation").select(".govuk-panel strong")[0].get_text()
    response = evidence.get_response_by_reference(loaded, reference)
    assert response.source == summary.token
    assert response.setting.code == "TEST-SCH-0001"
    assert response.organisation.code == "E00000001"  # the parent's answer: their LA

    png = client.raw().get(f"{BASE}/qr.png?src={summary.token}")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    svg = client.raw().get(f"{BASE}/qr.svg?src={summary.token}")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert client.raw().get(f"{BASE}/qr.png?src=unknown").status_code == 404


def test_a_closed_survey_says_so_politely(client: PageClient, loaded: Any) -> None:
    survey = surveys.get_survey_by_slug(loaded, SLUG)
    surveys.update_survey_window(loaded, survey, None, dt.datetime(2020, 1, 1))
    loaded.commit()
    page = client.get(BASE)
    assert "This survey has closed. Thank you to everyone who took part." in page.text
    assert not page.select("form")
    assert client.post(f"{BASE}/start").select("h1")[0].get_text(strip=True) == page.h1
    assert "Your experience" not in client.get("/").text  # not listed as open


def test_the_organisation_list_can_be_searched_without_javascript(
    client: PageClient, loaded: Any
) -> None:
    for number in range(5, 20):
        organisations.upsert_organisation(
            loaded, f"E0000{number:04d}", f"Town {number} Council", "la", "Test Region"
        )
    loaded.commit()
    begin(client)
    page = client.get(f"{BASE}/q/about-you")
    assert len(page.select("input[name=la]")) == 19
    page = client.post(f"{BASE}/q/about-you", {"la_search": "gamma", "search": "la"})
    assert not page.error_messages()
    assert [i["value"] for i in page.select("input[name=la]")] == ["E00000003"]
    page = client.post(f"{BASE}/q/about-you", {"la_search": "zzz", "search": "la"})
    assert "Nothing matches ‘zzz’" in page.text


def test_bots_filling_the_honeypot_are_refused(client: PageClient, loaded: Any) -> None:
    loaded.commit()
    begin(client)
    client.post(f"{BASE}/q/about-you", {"la": "E00000001", "website": "x"}, expected_status=400)
    assert loaded.scalars(select(SurveyDraft)).one().answers.get("la") is None


def test_forms_need_their_csrf_token(loaded: Any, make_app: Any, tmp_path: Any) -> None:
    app = make_app()
    loaded.commit()
    client = PageClient(app)
    client.post(f"{BASE}/start", {}, expected_status=400)
    page = client.get(BASE)
    token = page.select("input[name=csrf_token]")[0]["value"]
    client.post(f"{BASE}/start", {"csrf_token": token}, expected_status=302)


def test_rate_limits_come_from_settings(loaded: Any, make_app: Any, tmp_path: Any) -> None:
    app = make_app(
        RATE_LIMIT_PAGES="3 per minute",
    )
    loaded.commit()
    http = app.test_client()
    assert [http.get(BASE).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert http.get("/").status_code == 200  # other pages are not counted


def test_oversized_requests_are_refused(client: PageClient, loaded: Any) -> None:
    loaded.commit()
    begin(client)
    response = client.raw().post(f"{BASE}/q/about-you", data={"la": "x" * 400_000})
    assert response.status_code == 413


def test_nothing_about_the_device_is_stored_with_a_response() -> None:
    columns = {c.name for c in Response.__table__.columns} | {
        c.name for c in SurveyDraft.__table__.columns
    }
    assert not columns & {"ip", "ip_address", "user_agent", "remote_addr"}


BILINGUAL = """
slug: bilingual
title: Your child's school
summary: Tell us about your child's school.
translations:
  cy:
    title: Ysgol eich plentyn
    summary: Dywedwch wrthym am ysgol eich plentyn.
easy_read:
  title: Your child's school
questions:
  - key: happy
    type: yes_no_unsure
    text: Is your child happy at school?
    easy_read:
      text: Is your child happy at school? Pick one answer.
      image: {src: easy-read/missing.svg, alt: A smiling child}
    translations:
      cy: {text: "Ydy eich plentyn yn hapus yn yr ysgol?", options: {"yes": "Ydy", "no": "Nac ydy", "not_sure": "Ddim yn siŵr"}}
  - key: name_it
    type: short_text
    text: What is the best thing about the school?
    required: false
    easy_read:
      text: What is good about the school?
"""


def test_easy_read_and_welsh_switch_without_losing_answers(
    client: PageClient, loaded: Any, tmp_path: Any
) -> None:
    from survey.intake.loading import load_survey_file

    definition = tmp_path / "bilingual.yaml"
    definition.write_text(BILINGUAL, encoding="utf-8")
    load_survey_file(loaded, definition, actor="test")
    loaded.commit()
    base = "/s/bilingual"
    start = client.get(base)
    assert [a.get_text(strip=True) for a in start.select(".ys-switches a")] == [
        "Cymraeg",
        "Switch to Easy Read",
    ]
    client.post(f"{base}/start", expected_status=302)
    client.post(f"{base}/q/happy", {"happy": "yes"}, expected_status=302)

    easy = client.get(f"{base}/q/happy?easy_read=1")
    assert easy.h1 == "Is your child happy at school? Pick one answer."
    assert easy.select("input[value=yes]")[0].has_attr("checked"), "the answer is kept"
    assert not easy.select("img.ys-easy-read-image"), "a picture that is not shipped is left out"
    assert client.get(f"{base}/q/name_it").h1 == "What is good about the school?"

    welsh = client.get(f"{base}/q/happy?lang=cy&easy_read=0")
    assert welsh.soup.html["lang"] == "cy"
    assert welsh.h1 == "Ydy eich plentyn yn hapus yn yr ysgol?"
    assert [label.get_text(strip=True) for label in welsh.select(".govuk-radios__label")] == [
        "Ydy",
        "Nac ydy",
        "Ddim yn siŵr",
    ]
    assert welsh.select("input[value=yes]")[0].has_attr("checked")
    assert welsh.select("button")[0].get_text(strip=True) == "Parhau"
    assert welsh.select(".govuk-back-link")[0].get_text(strip=True) == "Yn ôl"
    error = client.post(f"{base}/q/happy?lang=cy", {})
    assert error.error_messages() == ["Dewiswch ateb i ‘Ydy eich plentyn yn hapus yn yr ysgol?’"]
    assert error.select(".govuk-error-summary__title")[0].get_text(strip=True) == (
        "Mae problem wedi codi"
    )

    client.post(f"{base}/q/name_it", {"name_it": "The teachers"}, expected_status=302)
    client.post(f"{base}/check", {}, expected_status=302)
    reference = client.get(f"{base}/confirmation").select(".govuk-panel strong")[0].get_text()
    response = evidence.get_response_by_reference(loaded, reference)
    assert response.language == "cy" and response.easy_read is False
