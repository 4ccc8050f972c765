"""What a parent who chooses Welsh sees: every page of a whole journey, the public pages, the
privacy notice, "You said, we did" and its feed, and the error pages, in Welsh, with no English
interface words left (a half-Welsh page is worse than none)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from survey.intake.loading import load_survey_file
from survey.officers import you_said_we_did as yswd
from tests.pages import Page, PageClient

WELSH_SURVEY = """
slug: profiad
title: Your experience of SEND support
summary: Tell us about the support your child gets.
minutes: 5
what_happens_to_answers: We use your answers to improve support.
what_happens_next: We read every answer.
consent: {text: I agree that my answers can be used.}
contact: {email: send@example.gov.uk, phone: "01234 567890"}
translations:
  cy:
    title: Eich profiad o gymorth AAA
    summary: Dywedwch wrthym am y cymorth y mae eich plentyn yn ei gael.
    what_happens_to_answers: Rydym yn defnyddio eich atebion i wella cymorth.
    what_happens_next: Rydym yn darllen pob ateb.
    consent: Rwy'n cytuno y gellir defnyddio fy atebion.
questions:
  - key: happy
    type: yes_no_unsure
    page: about-you
    text: Is your child happy at school?
    translations:
      cy: {text: "Ydy eich plentyn yn hapus yn yr ysgol?", options: {"yes": "Ydy", "no": "Nac ydy", unsure: "Ddim yn siŵr"}}
  - key: age
    type: number
    page: about-you
    text: How old is your child?
    min: 0
    max: 25
    translations:
      cy: {text: "Faint yw oed eich plentyn?"}
  - key: started
    type: date
    text: When did the support start?
    translations:
      cy: {text: "Pryd ddechreuodd y cymorth?"}
"""

# English interface words that must not appear on a Welsh page (the survey's own words are Welsh
# in the definition above, so any of these would be the interface's).
ENGLISH = (
    "Continue",
    "Privacy",
    "There is a problem",
    "About you",
    "Have your say",
    "Demo Council",
    "Skip to main content",
    "Staff sign in",
    "Contact",
    "Back",
    "Change",
    "Not provided",
    "Check your answers",
    "Send your answers",
    "Select",
    "Enter",
    "Error",
    "Start now",
    "What happens",
    "Save and come back later",
    "Your answers",
    "You said",
    "We did",
    "Page not found",
    "Go to the start page",
    "survey",
    "January",
    "March",
    "December",
)
WELSH_NAMES = {"COUNCIL_NAME_CY": "Cyngor Demo"}


def welsh_text(page: Page) -> str:
    """What the page says, less the links offered in another language (named in that one)."""
    for other in page.soup.select('[lang="en"]'):
        if other.name != "html":
            other.decompose()
    return " ".join(page.soup.get_text(" ").split())


def assert_welsh(page: Page, *expected: str) -> None:
    assert page.soup.html["lang"] == "cy"
    said = welsh_text(page)
    english = [
        word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", said, re.IGNORECASE)
    ]
    assert not english, f"English on a Welsh page: {english}\n{said}"
    assert "Dweud eich dweud am wasanaethau AAA" in page.title
    assert "Cyngor Demo" in page.title
    for words in ("Preifatrwydd", "Mewngofnodi staff", "Cysylltu â Cyngor Demo", *expected):
        assert words in said, f"{words!r} missing from {said}"


@pytest.fixture
def welsh_client(make_app: Any) -> PageClient:
    return PageClient(make_app(TESTING=True, WTF_CSRF_ENABLED=False, **WELSH_NAMES))


@pytest.fixture
def profiad(loaded: Any, tmp_path: Path) -> Any:
    definition = tmp_path / "profiad.yaml"
    definition.write_text(WELSH_SURVEY, encoding="utf-8")
    load_survey_file(loaded, definition, actor="test")
    loaded.commit()
    return loaded


def test_a_whole_journey_in_welsh_shows_no_english(profiad: Any, welsh_client: PageClient) -> None:
    home = welsh_client.get("/?lang=cy")
    assert_welsh(home, "Arolygon sydd ar agor", "Eich profiad o gymorth AAA")

    start = welsh_client.get("/s/profiad")  # the choice is kept in the session
    assert_welsh(start, "Dechrau nawr", "Darllenwch ein hysbysiad preifatrwydd", "5 munud")
    welsh_client.post("/s/profiad/start", expected_status=302)

    consent = welsh_client.get("/s/profiad/consent")
    assert_welsh(consent, "Cyn i chi ddechrau", "Rwy'n cytuno y gellir defnyddio fy atebion.")
    refused = welsh_client.post("/s/profiad/consent", {})
    assert refused.title.startswith("Gwall: ")
    assert refused.error_messages() == [
        "Ticiwch y blwch i ddweud eich bod yn cytuno cyn i chi ddechrau"
    ]
    assert_welsh(refused, "Mae problem wedi codi")
    welsh_client.post("/s/profiad/consent", {"consent": "y"}, expected_status=302)

    about = welsh_client.get("/s/profiad/q/about-you")
    assert about.h1 == "Amdanoch chi"
    assert_welsh(about, "Parhau", "Yn ôl", "Cadw a dod yn ôl yn nes ymlaen")
    wrong = welsh_client.post("/s/profiad/q/about-you", {"age": "30"})
    # Several questions on the page: each error is Welsh and quotes the Welsh question.
    assert wrong.error_messages() == [
        "Dewiswch ateb i ‘Ydy eich plentyn yn hapus yn yr ysgol?’",
        "Rhowch rif sy'n 25 neu lai ar gyfer ‘Faint yw oed eich plentyn?’",
    ]
    assert_welsh(wrong, "Mae problem wedi codi", "Amdanoch chi")
    welsh_client.post("/s/profiad/q/about-you", {"happy": "yes", "age": "9"}, expected_status=302)

    date = welsh_client.post(
        "/s/profiad/q/started",
        {"started": ["12", "", "2025"]},
    )
    assert date.error_messages() == ["Rhaid i'r dyddiad gynnwys mis"]
    assert_welsh(date, "Diwrnod", "Mis", "Blwyddyn")
    welsh_client.post(
        "/s/profiad/q/started",
        {"started": ["12", "3", "2025"]},
        expected_status=302,
    )

    check = welsh_client.get("/s/profiad/check")
    assert_welsh(check, "Gwiriwch eich atebion cyn eu hanfon", "Ydy", "12 Mawrth 2025", "Newid")
    welsh_client.post("/s/profiad/check", {}, expected_status=302)

    done = welsh_client.get("/s/profiad/confirmation")
    assert_welsh(
        done, "Diolch, mae eich atebion wedi cael eu hanfon", "Eich cyfeirnod", "Rydym yn darllen"
    )


def test_the_switch_offers_welsh_on_public_pages_and_keeps_it(
    profiad: Any, welsh_client: PageClient
) -> None:
    english = welsh_client.get("/privacy")
    switch = english.select('.ys-switches a[lang="cy"]')
    assert [link.get_text(strip=True) for link in switch] == ["Cymraeg"]
    assert switch[0]["href"] == "/privacy?lang=cy"
    welsh = welsh_client.get(switch[0]["href"])
    assert welsh.h1 == "Hysbysiad preifatrwydd"
    back = welsh.select('.ys-switches a[lang="en"]')
    assert [link.get_text(strip=True) for link in back] == ["English"]
    assert welsh_client.get("/").soup.html["lang"] == "cy"
    assert welsh_client.get(back[0]["href"]).soup.html["lang"] == "en"


def test_the_privacy_notice_in_welsh(profiad: Any, welsh_client: PageClient) -> None:
    notice = welsh_client.get("/privacy?lang=cy")
    assert_welsh(
        notice,
        "Hysbysiad preifatrwydd",
        "Cyngor Demo yw'r rheolydd data",
        "Ein sail gyfreithlon",
        "Mae Cyngor Demo yn defnyddio'r hyn rydych yn ei ddweud wrthym",
        "Swyddfa'r Comisiynydd Gwybodaeth",
    )


def test_closed_and_not_yet_open_surveys_in_welsh(
    loaded: Any, tmp_path: Path, welsh_client: PageClient
) -> None:
    for slug, dates in (
        ("wedi-cau", "closes_at: 2020-01-31"),
        ("cyn-bo-hir", "opens_at: 2099-12-01"),
    ):
        definition = tmp_path / f"{slug}.yaml"
        text = WELSH_SURVEY.replace("slug: profiad", f"slug: {slug}\n{dates}")
        definition.write_text(text, encoding="utf-8")
        load_survey_file(loaded, definition, actor="test")
    loaded.commit()
    closed = welsh_client.get("/s/wedi-cau?lang=cy")
    assert_welsh(closed, "Mae'r arolwg hwn wedi cau", "Gweld yr arolygon sydd ar agor")
    soon = welsh_client.get("/s/cyn-bo-hir")
    assert_welsh(soon, "Mae'r arolwg hwn yn agor ar 1 Rhagfyr 2099")


def test_error_pages_in_welsh(profiad: Any, welsh_client: PageClient) -> None:
    missing = welsh_client.get("/nothing-here?lang=cy", expected_status=404)
    assert missing.h1 == "Heb ddod o hyd i'r dudalen"
    assert_welsh(missing, "Mynd i'r dudalen gychwyn")


def test_you_said_we_did_and_its_feed_in_welsh(loaded: Any, welsh_client: PageClient) -> None:
    yswd.create_entry(
        loaded,
        yswd.EntryInput(
            you_said="Roedd yn rhaid i deuluoedd ailadrodd eu stori.",
            we_did="Rydym wedi dechrau un cronoleg.",
            done_on=dt.date(2026, 12, 3),
            theme="Dweud unwaith",
            publish=True,
        ),
        "user:1",
    )
    loaded.commit()
    page = welsh_client.get("/you-said-we-did?lang=cy")
    assert_welsh(page, "Dywedoch chi, fe wnaethom ni", "Rhagfyr 2026", "ffrwd Atom")
    feed_link = page.select('link[type="application/atom+xml"]')[0]["href"]
    assert feed_link == "/you-said-we-did/feed.atom?lang=cy"
    feed = welsh_client.raw().get(feed_link)
    root = ET.fromstring(feed.get_data())
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "cy"
    assert root.findtext(f"{atom}title") == "Dywedoch chi, fe wnaethom ni: Cyngor Demo"
    entry = root.find(f"{atom}entry")
    assert entry is not None
    assert entry.findtext(f"{atom}title") == "Dweud unwaith: Rhagfyr 2026"
    assert (entry.findtext(f"{atom}summary") or "").startswith("Dywedoch chi: ")
    # The feed is cached by its address: without ?lang=cy it is English, whatever the session.
    english = ET.fromstring(welsh_client.raw().get("/you-said-we-did/feed.atom").get_data())
    assert english.findtext(f"{atom}title") == "You said, we did: Demo Council"
