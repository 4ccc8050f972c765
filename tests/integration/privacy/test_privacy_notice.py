"""The privacy notice at /privacy: written from configuration with defaults naming the council,
listing each survey's own retention period, and linked from every page and every survey."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from survey.intake.loading import load_survey_file
from tests.conftest import DATA
from tests.pages import PageClient

BASE = "/s/mini-survey"


def test_the_default_notice_names_the_council_and_says_how_long_things_are_kept(
    client: PageClient, loaded: Any
) -> None:
    page = client.get("/privacy")
    assert page.h1 == "Privacy notice"
    text = page.text
    assert "Demo Council is the data controller" in text
    assert "public task" in text and "Article 9(2)(g)" in text
    assert "for 730 days" in text and "Staff messages are kept for 730 days" in text
    assert "Information Commissioner's Office" in text
    assert page.select("a[href='mailto:send.feedback@example.gov.uk']")


def test_the_notice_comes_from_configuration(make_app: Any, loaded: Any, tmp_path: Path) -> None:
    longer = tmp_path / "mini-five-years.yaml"
    text = (DATA / "surveys" / "mini.yaml").read_text(encoding="utf-8")
    longer.write_text(text.replace("minutes: 3\n", "minutes: 3\nretention_days: 1825\n"))
    load_survey_file(loaded, longer, actor="test")
    loaded.commit()
    app = make_app(
        TESTING=True,
        COUNCIL_NAME="Gateshead Council",
        PRIVACY_CONTROLLER="Gateshead Metropolitan Borough Council",
        PRIVACY_CONTACT="dpo@gateshead.example.gov.uk",
        PRIVACY_PURPOSE="We use your views to shape the SEND Local Offer.",
        RETENTION_DAYS_DEFAULT="365",
        PRIVACY_NOTICE_URL="https://www.gateshead.example.gov.uk/privacy",
    )
    page = PageClient(app).get("/privacy")
    assert "Gateshead Metropolitan Borough Council is the data controller" in page.text
    assert "We use your views to shape the SEND Local Offer." in page.text
    assert "for 365 days" in page.text
    assert "Your experience of the EHC needs assessment: 1825 days" in page.text
    assert page.select("a[href='mailto:dpo@gateshead.example.gov.uk']")
    assert page.select("a[href='https://www.gateshead.example.gov.uk/privacy']")


def test_every_page_links_to_the_notice_and_surveys_point_to_it_before_consent(
    client: PageClient, loaded: Any
) -> None:
    for url in ("/", "/sign-in", BASE):
        assert client.get(url).select("footer a[href='/privacy']"), url
    start = client.get(BASE)
    assert start.select("main a[href='/privacy']"), "the start page says where to read more"
    client.post(f"{BASE}/start", expected_status=302)
    consent = client.get(f"{BASE}/consent")
    assert consent.select("main a[href='/privacy']"), "and so does the consent question"
