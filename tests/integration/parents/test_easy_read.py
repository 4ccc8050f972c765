"""The Easy Read version as a person sees it: a picture beside each answer (decorative, so its
alt text is empty: the label says it), a picture standing for the question with alt text saying
what it shows, Easy Read page headings and instructions, and the young people's survey, which
opens in Easy Read with a switch to the standard version (issue 16)."""

from __future__ import annotations

from typing import Any

from survey.intake.loading import load_organisations, load_plan, load_survey_file
from tests.conftest import DATA, EXAMPLES
from tests.pages import Page, PageClient

BASE = "/s/every-type"
YOUNG = "/s/young-people-voice"


def pictures(page: Page, key: str) -> dict[str, tuple[str, str, str]]:
    """Option value -> (picture src, its alt, the words of the label), for pictured options."""
    found = {}
    for field in page.select(f"input[name={key}]"):
        label = page.soup.find("label", attrs={"for": field["id"]})
        image = label.find("img") if label else None
        if image is not None:
            found[field["value"]] = (image["src"], image["alt"], label.get_text(" ", strip=True))
    return found


def load_every_type(loaded: Any, client: PageClient, query: str) -> None:
    load_survey_file(loaded, DATA / "surveys" / "every-type.yaml", actor="test")
    loaded.commit()
    client.get(f"{BASE}{query}")
    client.post(f"{BASE}/start", expected_status=302)


def test_in_easy_read_the_answer_scales_show_pictures_beside_their_words(
    client: PageClient, loaded: Any
) -> None:
    load_every_type(loaded, client, "?easy_read=1")

    faces = pictures(client.get(f"{BASE}/q/assessment"), "assessment")
    assert faces == {
        "very_satisfied": ("/static/pictograms/face-very-happy.svg", "", "Very satisfied"),
        "satisfied": ("/static/pictograms/face-happy.svg", "", "Satisfied"),
        "neither": (
            "/static/pictograms/face-neutral.svg",
            "",
            "Neither satisfied nor dissatisfied",
        ),
        "dissatisfied": ("/static/pictograms/face-unhappy.svg", "", "Dissatisfied"),
        "very_dissatisfied": ("/static/pictograms/face-very-unhappy.svg", "", "Very dissatisfied"),
    }
    thumbs = pictures(client.get(f"{BASE}/q/listened"), "listened")
    assert thumbs["strongly_agree"][0] == "/static/pictograms/thumbs-up-two.svg"
    assert thumbs["strongly_disagree"][0] == "/static/pictograms/thumbs-down-two.svg"
    answers = pictures(client.get(f"{BASE}/q/happy"), "happy")
    assert {value: src for value, (src, _alt, _words) in answers.items()} == {
        "yes": "/static/pictograms/yes.svg",
        "no": "/static/pictograms/no.svg",
        "not_sure": "/static/pictograms/not-sure.svg",
    }
    assert client.get("/static/pictograms/yes.svg").response.mimetype == "image/svg+xml"
    assert client.get(f"{BASE}/q/who").select("img") == [], "choices have pictures only if given"


def test_the_standard_version_shows_no_pictures(client: PageClient, loaded: Any) -> None:
    load_every_type(loaded, client, "?easy_read=0")
    page = client.get(f"{BASE}/q/assessment")
    assert page.select("img") == []
    assert "ys-easy-read" not in page.select("main")[0].get("class", [])


PICTURED = """
slug: pictured
title: Your child's school
easy_read: {title: Your child's school}
questions:
  - key: where
    type: single_choice
    text: Where does your child go in the day?
    options:
      - {value: school, label: School}
      - {value: home, label: Home}
      - {value: other, label: Somewhere else}
    easy_read:
      text: Where is your child in the day?
      image: {src: pictograms/calendar.svg, alt: A calendar}
      option_images:
        school: {src: pictograms/school.svg}
        home: {src: pictograms/home.svg, alt: A house with a red door}
  - key: happy
    type: satisfaction5
    text: How satisfied are you with the school?
    easy_read: {text: "Are you happy with the school?", option_images: false}
"""


def test_pictures_the_definition_gives_show_with_their_alt_text(
    client: PageClient, loaded: Any, tmp_path: Any
) -> None:
    definition = tmp_path / "pictured.yaml"
    definition.write_text(PICTURED, encoding="utf-8")
    load_survey_file(loaded, definition, actor="test")
    loaded.commit()
    client.get("/s/pictured?easy_read=1")
    client.post("/s/pictured/start", expected_status=302)

    page = client.get("/s/pictured/q/where")
    question_picture = page.select("img.ys-easy-read-image")[0]
    assert (question_picture["src"], question_picture["alt"]) == (
        "/static/pictograms/calendar.svg",
        "A calendar",
    ), "a picture standing for the question says what it shows"
    assert pictures(page, "where") == {
        "school": ("/static/pictograms/school.svg", "", "School"),
        "home": ("/static/pictograms/home.svg", "A house with a red door", "Home"),
    }
    assert "ys-easy-read" in page.select("main")[0]["class"], "the Easy Read layout"
    assert client.get("/s/pictured/q/happy").select("img") == [], "option_images: false"


def load_young_people(session: Any) -> None:
    load_organisations(session, EXAMPLES / "organisations" / "north-east.yaml", actor="test")
    load_plan(session, EXAMPLES / "plans" / "send-operations-2017-18.yaml", actor="test")
    load_survey_file(session, EXAMPLES / "surveys" / "young-people-voice.yaml", actor="test")
    session.commit()


def switch_words(page: Page) -> list[str]:
    return [link.get_text(strip=True) for link in page.select(".ys-switches a")]


def test_the_young_peoples_survey_opens_in_easy_read_and_offers_the_standard_version(
    client: PageClient, session: Any
) -> None:
    load_young_people(session)

    start = client.get(YOUNG)
    assert start.h1 == "Tell us about your help"
    assert "It is for you if you are 11 to 18." in start.text
    assert "You can call Childline." in start.text
    assert switch_words(start) == ["Cymraeg", "Switch to the standard version"]

    standard = client.get(f"{YOUNG}?easy_read=0")
    assert standard.h1 == "Have your say about the support you get"
    assert switch_words(standard) == ["Cymraeg", "Switch to Easy Read"]
    assert client.get(YOUNG).h1 == standard.h1, "the young person's choice is kept"

    client.get(f"{YOUNG}?easy_read=1")
    client.post(f"{YOUNG}/start", expected_status=302)
    consent = client.get(f"{YOUNG}/consent")
    assert "I know what happens to my answers. I want to take part." in consent.text
    welsh = client.get(f"{YOUNG}/consent?lang=cy")
    assert "Rwy'n gwybod beth sy'n digwydd i fy atebion." in welsh.text
    client.post(f"{YOUNG}/consent?lang=en", {"consent": "y"}, expected_status=302)

    learn = client.get(f"{YOUNG}/q/where_learn")
    assert learn.h1 == "Where do you learn?"
    assert pictures(learn, "where_learn") == {
        "school": ("/static/pictograms/school.svg", "", "At school"),
        "college": ("/static/pictograms/school.svg", "", "At college"),
        "home": ("/static/pictograms/home.svg", "", "At home"),
    }
    missing = client.post(f"{YOUNG}/q/has_plan", {})
    assert missing.error_messages() == ["Select if you have an EHC plan"], (
        "the error is made from the Easy Read question on the page"
    )


def test_page_headings_and_the_search_instructions_have_easy_read_and_welsh_versions(
    client: PageClient, session: Any
) -> None:
    load_young_people(session)
    client.get(YOUNG)
    client.post(f"{YOUNG}/start", expected_status=302)
    client.post(f"{YOUNG}/consent", {"consent": "y"}, expected_status=302)

    def heading_and_search(query: str) -> tuple[str, str, str]:
        page = client.get(f"{YOUNG}/q/about-you{query}")
        label = page.select("label[for=la_search]")[0].get_text(strip=True)
        hint = page.select("#la_search-hint")[0].get_text(strip=True)
        return page.h1, label, hint

    assert heading_and_search("") == (
        "Tell us about you",
        "Look for a name",
        "Type some of the name. Then press Search.",
    )
    assert heading_and_search("?easy_read=0") == (
        "About you",
        "Search the list",
        "Type part of the name, then select Search",
    )
    assert heading_and_search("?lang=cy&easy_read=1") == (
        "Dywedwch wrthym amdanoch chi",
        "Chwilio am enw",
        "Teipiwch ran o'r enw. Yna pwyswch Chwilio.",
    )
    assert heading_and_search("?lang=cy&easy_read=0")[0] == "Amdanoch chi"
