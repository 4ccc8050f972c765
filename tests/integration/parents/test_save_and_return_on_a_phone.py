"""Save and return, and long organisation lists, as a parent on a phone meets them (issue 16): a
made-up or expired link is a real 404 that says how to start again, in Welsh too; the Copy link
button waits for JavaScript; the emailed link is in Welsh for a parent answering in Welsh; a long
picker sends every organisation for the type-ahead, and an answer picked there is kept."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

from survey.intake.loading import load_organisations, load_survey_file
from tests.conftest import DATA
from tests.integration.parents.test_respond import SmtpSink
from tests.pages import PageClient

WELSH_SURVEY = "/s/every-type"
WELSH_MONTHS = {
    "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
    "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
}  # fmt: skip


def test_a_made_up_resume_link_is_a_404_that_links_to_the_surveys_start(
    client: PageClient, loaded: Any
) -> None:
    loaded.commit()
    page = client.get("/s/mini-survey/resume/not-a-real-token", expected_status=404)
    assert page.h1 == "This link has expired"
    assert "check you copied all of it" in page.text
    start = page.select("#start-again")[0]
    assert start["href"] == "/s/mini-survey"
    assert start.get_text(strip=True) == "Start the survey again"


def test_a_made_up_resume_link_says_so_in_welsh(client: PageClient, loaded: Any) -> None:
    load_survey_file(loaded, DATA / "surveys" / "every-type.yaml", actor="test")
    loaded.commit()
    client.get(f"{WELSH_SURVEY}?lang=cy")
    page = client.get(f"{WELSH_SURVEY}/resume/not-a-real-token", expected_status=404)
    assert page.h1 == "Mae'r ddolen hon wedi dod i ben"
    assert "gwiriwch eich bod wedi copïo’r cyfan ohoni" in page.text
    start = page.select("#start-again")[0]
    assert start["href"] == WELSH_SURVEY
    assert start.get_text(strip=True) == "Dechrau'r arolwg eto"
    assert page.soup.html["lang"] == "cy"


def test_a_resume_link_for_no_survey_we_have_links_home(client: PageClient, loaded: Any) -> None:
    loaded.commit()
    page = client.get("/s/no-such-survey/resume/not-a-real-token", expected_status=404)
    assert page.h1 == "This link has expired"
    link = page.select("#start-again")[0]
    assert link["href"] == "/"
    assert link.get_text(strip=True) == "Find the survey you were answering"


def test_the_saved_page_offers_copy_link_only_to_javascript(
    client: PageClient, loaded: Any
) -> None:
    loaded.commit()
    client.get("/s/mini-survey")
    client.post("/s/mini-survey/start", expected_status=302)
    client.post("/s/mini-survey/consent", {"consent": "y"}, expected_status=302)
    page = client.get("/s/mini-survey/save")
    link = page.select(".ys-resume-link #resume-link")[0]
    assert link.get_text(strip=True) == link["href"]
    box = page.select("[data-module=ys-copy-link]")[0]
    assert box.has_attr("hidden"), "without JavaScript there is no button that cannot work"
    assert box["data-link"] == "resume-link"
    assert box["data-copied"] == "Link copied"
    assert box.select("button[type=button]")[0].get_text(strip=True) == "Copy link"
    assert box.select("[role=status]"), "the status region is there before anything is said"
    scripts = [s["src"] for s in page.select("script[src]")]
    assert "/static/js/copy-link.js" in scripts


def start_in_welsh(client: PageClient) -> None:
    client.get(f"{WELSH_SURVEY}?lang=cy")
    client.post(f"{WELSH_SURVEY}/start", expected_status=302)


def test_the_saved_page_and_its_email_are_welsh_for_a_parent_answering_in_welsh(
    loaded: Any, make_app: Any
) -> None:
    load_survey_file(loaded, DATA / "surveys" / "every-type.yaml", actor="test")
    loaded.commit()
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
        start_in_welsh(client)
        page = client.get(f"{WELSH_SURVEY}/save")
        assert page.h1 == "Mae eich atebion wedi cael eu cadw"
        box = page.select("[data-module=ys-copy-link]")[0]
        assert box["data-copied"] == "Dolen wedi’i chopïo"
        assert box.select("button")[0].get_text(strip=True) == "Copïo’r ddolen"
        said = page.select("main p.govuk-body")[0].get_text(" ", strip=True)
        assert any(month in said for month in WELSH_MONTHS), said
        link = page.select("#resume-link")[0]["href"]
        page = client.post(f"{WELSH_SURVEY}/save", {"email": "parent@example.com"})
    finally:
        sink.stop()
    (sent,) = sink.messages
    email = message_from_bytes(sent.content, policy=default_policy)
    assert email["Subject"] == "Eich atebion wedi’u cadw: Pob math o gwestiwn"
    body = email.get_body().get_content()
    assert "Rydych wedi cadw eich atebion i ‘Pob math o gwestiwn’." in body
    assert "I barhau, agorwch y ddolen hon cyn" in body
    assert any(month in body for month in WELSH_MONTHS), body
    assert link in body
    assert "Anyone with the link" not in body


SCHOOLS_SURVEY = """
slug: schools
title: Your child's school
questions:
  - key: school
    type: organisation
    organisation_kinds: [school]
    text: Which school does your child go to?
  - key: happy
    type: yes_no_unsure
    text: Is your child happy at school?
"""


def hundreds_of_schools(loaded: Any, tmp_path: Path) -> None:
    rows = "\n".join(
        f"  - {{code: TEST-MANY-{n:04d}, name: School number {n:04d}, kind: school, la: E00000001}}"
        for n in range(1, 351)
    )
    organisations = tmp_path / "schools.yaml"
    organisations.write_text(f"organisations:\n{rows}\n", encoding="utf-8")
    load_organisations(loaded, organisations, actor="test")
    survey = tmp_path / "schools-survey.yaml"
    survey.write_text(SCHOOLS_SURVEY, encoding="utf-8")
    load_survey_file(loaded, survey, actor="test")
    loaded.commit()


def test_a_long_picker_sends_every_school_for_the_type_ahead(
    client: PageClient, loaded: Any, tmp_path: Path
) -> None:
    hundreds_of_schools(loaded, tmp_path)
    client.get("/s/schools")
    client.post("/s/schools/start", expected_status=302)
    page = client.get("/s/schools/q/school")
    shown = page.select("input[type=radio][name=school]")
    assert 0 < len(shown) < 351, "without JavaScript: a page of radios and a search"
    template = page.soup.select("template.ys-picker__autocomplete")[0]
    # (Beautiful Soup leaves a <template>'s strings out of get_text, as a browser would.)
    options = {o["value"]: o.decode_contents().strip() for o in template.select("option")}
    del options[""]
    assert len(options) == 351  # the 350, and the test region's own school
    assert options["TEST-MANY-0333"] == "School number 0333"
    label = template.select("label")[0]
    assert label["for"] == "school"
    assert label.decode_contents().strip() == "Start typing the name, then choose it from the list"
    # The question comes first, then the search box that serves it, then its list.
    fieldset = page.select("fieldset")[0]
    in_order = [
        tag for tag in fieldset.find_all(["legend", "input"]) if tag.get("type") != "hidden"
    ]
    assert in_order[0].name == "legend"
    assert in_order[1]["name"] == "school_search"
    assert {tag["name"] for tag in in_order[2:]} == {"school"}
    scripts = [s["src"] for s in page.select("script[src]")]
    assert "/static/accessible-autocomplete/accessible-autocomplete.min.js" in scripts
    assert page.select("[data-module=ys-organisation-picker]")[0]["data-no-results"]


def test_a_school_picked_in_the_type_ahead_is_kept(
    client: PageClient, loaded: Any, tmp_path: Path
) -> None:
    hundreds_of_schools(loaded, tmp_path)
    client.get("/s/schools")
    client.post("/s/schools/start", expected_status=302)
    # What the type-ahead sends: the select's answer, with the search box and radios disabled.
    page = client.post("/s/schools/q/school", {"school": "TEST-MANY-0333"}, expected_status=302)
    assert page.response.headers["Location"] == "/s/schools/q/happy"
    again = client.get("/s/schools/q/school")
    template = again.soup.select("template.ys-picker__autocomplete")[0]
    assert template.select("option[selected]")[0]["value"] == "TEST-MANY-0333"
    assert again.select("input[name=school][value=TEST-MANY-0333]")[0].has_attr("checked")


def test_a_short_list_stays_radios(client: PageClient, loaded: Any) -> None:
    loaded.commit()
    client.get("/s/mini-survey")
    client.post("/s/mini-survey/start", expected_status=302)
    client.post("/s/mini-survey/consent", {"consent": "y"}, expected_status=302)
    page = client.get("/s/mini-survey/q/about-you")
    assert len(page.select("input[type=radio][name=la]")) == 4
    assert not page.select("template.ys-picker__autocomplete")
    scripts = [s["src"] for s in page.select("script[src]")]
    assert not any("accessible-autocomplete" in src for src in scripts)
