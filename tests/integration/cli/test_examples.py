"""The files shipped in examples/ load through the command line an officer would use, loading them
again changes nothing, and `yousaid seed-demo` fills an empty database with every kind of evidence
once (a second run adds nothing)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import distinct, select

from storage.database import Database
from storage.models import Answer
from storage.repositories import organisations
from survey.domain.plan_definitions import load_plan_file
from tests.conftest import EXAMPLES
from tests.support.apps import TEST_SECRET_KEY

PLAN_FILES = sorted((EXAMPLES / "plans").glob("*.yaml"))
SURVEY_FILES = sorted((EXAMPLES / "surveys").glob("*.yaml"))
ORGANISATIONS = EXAMPLES / "organisations" / "north-east.yaml"
NORTH_EAST = {
    "E06000047": ("840", "County Durham"),
    "E06000005": ("841", "Darlington"),
    "E08000037": ("390", "Gateshead"),
    "E06000001": ("805", "Hartlepool"),
    "E06000002": ("806", "Middlesbrough"),
    "E08000021": ("391", "Newcastle upon Tyne"),
    "E08000022": ("392", "North Tyneside"),
    "E06000057": ("929", "Northumberland"),
    "E06000003": ("807", "Redcar and Cleveland"),
    "E08000023": ("393", "South Tyneside"),
    "E06000004": ("808", "Stockton-on-Tees"),
    "E08000024": ("394", "Sunderland"),
}


@pytest.fixture
def cli(make_cli: Callable[..., Any]) -> Any:
    """Every command here must succeed: the examples are what a council starts from."""
    return make_cli({"SECRET_KEY": TEST_SECRET_KEY}, must_succeed=True)


def stats(cli: Any) -> dict[str, Any]:
    return json.loads(cli("stats", "--json").output)


def test_examples_ship_the_five_plans_three_surveys_and_the_region() -> None:
    assert [p.name for p in PLAN_FILES] == [
        "devon-send-transformation-2021.yaml",
        "hertfordshire-send-strategy-workstreams.yaml",
        "newcastle-send-action-plan-2010-13.yaml",
        "send-operations-2017-18.yaml",
        "tsp-hub-programme-2009-10.yaml",
    ]
    assert {p.stem for p in SURVEY_FILES} >= {
        "ehc-needs-assessment",
        "sen-support-confidence",
        "local-offer",
        "young-people-voice",
    }
    assert ORGANISATIONS.is_file()


def test_the_send_plan_has_every_action_and_measure_of_the_real_plan() -> None:
    plan = load_plan_file(EXAMPLES / "plans" / "send-operations-2017-18.yaml")

    refs = {a.ref for a in plan.actions}
    expected_refs = (
        {f"1.{n}" for n in range(1, 10)}
        | {f"2.{n}" for n in range(1, 10)}
        | {f"3.{n}" for n in range(1, 8)}
        | {f"4.{n}" for n in range(1, 16)}
    )
    assert expected_refs <= refs and "T.1" in refs
    codes = {m.code for m in plan.measures}
    assert {f"1.{c}" for c in "ABCDEFGHI"} | {
        f"{n}{c}" for n, cs in (("2", "ABCD"), ("3", "ABCDE"), ("4", "ABCDEFG")) for c in cs
    } <= codes
    by_ref = {a.ref: a for a in plan.actions}
    assert by_ref["2.5"].measures == ("2A", "2B") and by_ref["2.5"].lead == "Natalie Bevan"
    assert by_ref["4.14"].measures == ("4F", "1.H")
    assert all(a.keywords for a in plan.actions), "every action has keywords for linking"
    assert {w.slug for w in plan.workstreams} == {
        "vision-and-strategy",
        "design",
        "communications-and-engagement",
        "staff-reference-group",
    }
    assert all(w.actions for w in plan.workstreams)


def test_the_hub_programme_counts_las_attending_its_north_east_network() -> None:
    plan = load_plan_file(EXAMPLES / "plans" / "tsp-hub-programme-2009-10.yaml")

    (network,) = plan.networks
    assert (network.slug, network.region) == ("north-east-tsp", "North East")
    measures = {m.code: m for m in plan.measures}
    attending = [c for c in network.measures if measures[c].indicator.of == "attending_las"]
    assert measures["TSP-A"].statement == "Numbers of LAs attending."
    assert {"TSP-A", "TSP-B"} <= set(attending)
    assert all(measures[c].indicator.kind == "count" for c in network.measures)


@pytest.mark.parametrize("plan_file", PLAN_FILES, ids=lambda p: p.stem)
def test_each_shipped_plan_loads_and_loading_it_again_changes_nothing(
    cli: Any, plan_file: Path
) -> None:
    first = cli("plan", "load", str(plan_file))
    after_first = stats(cli)
    second = cli("plan", "load", str(plan_file))

    assert "Created plan" in first.output
    assert "Updated plan" in second.output and "(0 new, 0 removed)" in second.output
    assert stats(cli) == after_first
    assert after_first["actions"] > 0 and after_first["measures"] > 0


def test_every_shipped_survey_loads_and_an_unchanged_file_is_not_a_new_version(
    cli: Any,
) -> None:
    for plan_file in PLAN_FILES:
        cli("plan", "load", str(plan_file))
    for survey_file in SURVEY_FILES:
        assert "version 1" in cli("survey", "load", str(survey_file)).output
    loaded = stats(cli)
    for survey_file in SURVEY_FILES:
        assert "is unchanged" in cli("survey", "load", str(survey_file)).output

    assert loaded["surveys"] == len(SURVEY_FILES)
    assert stats(cli) == loaded


def test_the_organisations_file_loads_the_twelve_north_east_las_with_their_codes(
    cli: Any, scratch_url: str
) -> None:
    assert "Loaded" in cli("orgs", "load", str(ORGANISATIONS)).output
    cli("orgs", "load", str(ORGANISATIONS))

    database = Database(scratch_url)
    try:
        with database.unit_of_work() as session:
            las = organisations.list_organisations(session, kinds=["la"], region="North East")
            found = {la.code: (la.dfe_code, la.name) for la in las}
            others = organisations.list_organisations(
                session, kinds=["school", "setting", "college", "service"]
            )
            names = {o.code: o.name for o in others}
            regions = {o.region for o in others}
    finally:
        database.dispose()
    assert found == NORTH_EAST
    assert others and all(code.startswith("DEMO-") for code in names)
    assert names["DEMO-SVC-001"] == "SEND Information, Advice and Support Service (demo)"
    assert regions == {"North East"}


def test_seed_demo_fills_an_empty_database_once(cli: Any, scratch_url: str, tmp_path: Path) -> None:
    empty = stats(cli)
    first = cli("seed-demo", "--months", "2")
    seeded = stats(cli)
    second = cli("seed-demo", "--months", "2")

    assert empty["responses"] == 0 and empty["plans"] == 0
    assert seeded["plans"] == 5 and seeded["surveys"] == 4 and seeded["users"] == 1
    assert seeded["organisations"] == empty["organisations"] + 25
    for kind in ("responses", "answers", "staff_submissions", "meetings", "attendance"):
        assert seeded[kind] > 0, kind
    assert seeded["metric_values"] > 0
    assert seeded["links_by_method"]["declared"] > 0
    assert seeded["links_by_method"]["suggested"] > 0
    assert "demo.officer@example.gov.uk" in first.output
    assert (tmp_path / "instance" / "demo-login.txt").is_file()

    assert "(0 responses, 0 staff submissions, 0 meetings, 0 figures added" in second.output
    assert stats(cli) == seeded

    database = Database(scratch_url)
    try:
        with database.unit_of_work() as session:
            labels = set(
                session.scalars(
                    select(distinct(Answer.sentiment_label)).where(Answer.free_text.is_not(None))
                )
            )
    finally:
        database.dispose()
    assert {"positive", "negative"} <= labels, "demo comments carry varied sentiment"


def _answer_for(question: Any, organisation_codes: dict[str, str]) -> Any:
    """A valid answer a parent might give, for walking a survey page by page."""
    if question.type == "organisation":
        return organisation_codes[question.organisation_kinds[0]]
    if question.type == "multiple_choice":
        return [question.options[0].value]
    if question.options:
        return question.options[0].value
    return {"rating10": "8", "number": "20"}.get(question.type, "It went well, thank you.")


@pytest.mark.parametrize("survey_file", SURVEY_FILES, ids=lambda p: p.stem)
def test_a_parent_can_answer_each_shipped_survey_on_the_web_in_english_welsh_and_easy_read(
    client: Any, session: Any, survey_file: Path
) -> None:
    from survey.domain import journey
    from survey.intake.evidence import load_survey
    from survey.intake.loading import load_organisations, load_plan, load_survey_file

    load_organisations(session, ORGANISATIONS, actor="test")
    for plan_file in PLAN_FILES:
        load_plan(session, plan_file, actor="test")
    load_survey_file(session, survey_file, actor="test")
    session.commit()
    _, definition = load_survey(session, survey_file.stem)
    codes = {"la": "E08000021", "school": "DEMO-SCH-001"}
    base = f"/s/{definition.slug}"

    # A survey for young people opens in Easy Read (default_version); the rest in the standard.
    opens_in = journey.opens_in_easy_read(definition)
    assert client.get(base).h1 == journey.survey_text(definition, "title", "en", opens_in)
    client.post(f"{base}/start", expected_status=302)
    url = client.post(f"{base}/consent", {"consent": "y"}, expected_status=302)
    url = url.response.headers["Location"]
    answers: dict[str, Any] = {}
    while url != f"{base}/check":
        page = journey.find_page(definition, url.rsplit("/", 1)[1])
        assert page is not None, url
        shown = page.shown(answers)
        if len(shown) == 1:
            (question,) = shown
            welsh = client.get(f"{url}?lang=cy&easy_read=0").h1
            easy = client.get(f"{url}?lang=en&easy_read=1").h1
            assert client.get(f"{url}?easy_read=0").h1 == question.text
            assert welsh == journey.wording(question, "cy").text != question.text
            assert easy == journey.wording(question, "en", easy_read=True).text != question.text
        data = {q.key: _answer_for(q, codes) for q in shown}
        answers.update(data)
        url = client.post(url, data, expected_status=302).response.headers["Location"]

    client.post(f"{base}/check", {}, expected_status=302)
    confirmation = client.get(f"{base}/confirmation")
    assert confirmation.select(".govuk-panel strong")[0].get_text().startswith("YS-")
