"""Link suggestions: what an officer sees suggested for parents' and staff's own words.

The fixture plan below is a cut-down copy of the SEN and SEND operations implementation plan
2017-18 (objectives quoted from the plan; keywords as a plan owner would write them), so these
tests need nothing outside the repository.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from analysis.matching import Matcher, PlanTarget, load_targets_from_plan_file, write_jsonl
from analysis.send_vocabulary import SEND_ABBREVIATIONS, fold_terms
from analysis.text import words

PLAN_YAML = """\
slug: send-operations-test
title: Cut-down SEN and SEND operations plan
starts_on: 2017-04-01
ends_on: 2018-03-31
measures:
  - code: "1.G"
    statement: Parents express an improved level of confidence with provision for SEND in mainstream schools.
  - code: "2A"
    statement: Parental feedback demonstrates that they have been provided with accurate and appropriate information in a timely manner.
  - code: "2B"
    statement: Increased parental satisfaction in the assessment process is demonstrated by a reduced number of complaints and tribunals.
    keywords: [complaint, tribunal]
  - code: "3A"
    statement: The number of young people with SEND aged 16-25 engaged in education, employment and training will increase.
  - code: "4D"
    statement: There is an increase in the proportion of EHCPs published within statutory timescales.
  - code: "TSP-1"
    statement: Local authorities attend the Transition Support Programme hub meetings.
    keywords: [transition support programme, hub meeting]
priorities:
  - number: "1"
    title: Inclusive mainstream provision and SEN support
    actions:
      - ref: "1.5"
        objective: To develop a localised Autism Strategy 0 to 25.
        measures: ["1.G"]
        keywords: [autism, autistic, ASD, diagnosis]
      - ref: "1.7"
        objective: To develop transition guidance for schools between year 6 and 7 for those with Special Educational Needs focusing on those at SEN Support.
        measures: ["1.G"]
        keywords: [year 6, year 7, secondary school, moving up, transition]
  - number: "2"
    title: Parents' experience of the EHC process
    actions:
      - ref: "2.3"
        objective: To enhance further the Local Offer based on parental, child and young person feedback with a particular focus on promoting the voice of the child young person. To raise awareness of routes to access advocacy ie via IASS young person advocate.
        measures: ["2A", "2B"]
        keywords: [Local Offer, website, IASS, advocacy, information]
      - ref: "2.4"
        objective: To streamline the EHC pathway to assessment and specialist provision for children who require multi-disciplinary assessment.
        keywords: [EHCNA, assessment process, multi-disciplinary]
      - ref: "2.7"
        objective: To increase early dispute resolution through joint work between LA and services that support parents (IASS / IS / PODS) when requests for EHC assessments do not meet criteria to proceed.
        measures: ["2B"]
        keywords: [tribunal, mediation, appeal, refused, dispute]
  - number: "3"
    title: Preparing for adulthood
    actions:
      - ref: "3.1"
        objective: To undertake a review of post 16 destinations and NEETs/not knows to understand the effectiveness of current post 16 provision.
        measures: ["3A"]
        keywords: [post 16, NEET, college, destinations]
      - ref: "3.3"
        objective: To develop robust phase transition process between year 11 and 12 for those with an Education Health and Care Plan ensuring that statutory deadlines (i.e. March 31st) is met.
        measures: ["3A"]
        keywords: [year 11, sixth form, college place]
  - number: "4"
    title: Timely, joined-up services
    actions:
      - ref: "4.2"
        objective: To develop effective reporting on waiting times for services, to include Portage, Speech and Language, Physiotherapy, occupational therapy, CAMHS and community paediatrics.
        keywords: [waiting list, waiting time, SALT, CAMHS]
      - ref: "4.13"
        objective: To further embed recent improvement in timeliness undertaking EHC assessments/transfers and focus on completion of EHC reviews.
        measures: ["4D"]
        keywords: [EHCP, delay, late, 20 weeks, deadline, annual review]
  - number: "T"
    title: Transport
    actions:
      - ref: "T.1"
        objective: To support the review of the SEND section of the education transport policy to deliver more enabling solutions to travel assistance including personal transport budgets.
        keywords: [transport, taxi, travel, bus]
"""


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "send-operations-test.yaml"
    path.write_text(PLAN_YAML, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def matcher(plan_file: Path) -> Matcher:
    return Matcher(load_targets_from_plan_file(plan_file))


def action_refs(matcher: Matcher, text: str) -> list[str]:
    return [s.ref for s in matcher.suggest(text) if s.kind == "action"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We waited 34 weeks for our son's EHCP and nobody told us why it was late.", {"4.13"}),
        ("I couldn't find anything about short breaks on the Local Offer website.", {"2.3"}),
        (
            "Moving from Year 6 to Year 7 was really hard, the secondary school knew nothing about her needs.",
            {"1.7"},
        ),
        ("There is nothing for my son post 16, he has been NEET since leaving school.", {"3.1"}),
        ("The council refused to assess so we had to go to tribunal.", {"2.7"}),
        ("The taxi to his special school was cancelled again with no notice.", {"T.1"}),
    ],
)
def test_suggests_the_action_an_officer_would_link(matcher: Matcher, text: str, expected: set[str]):
    assert expected <= set(action_refs(matcher, text))


def test_best_suggestion_comes_first(matcher: Matcher):
    suggestions = matcher.suggest("Our EHC plan was late, way past the 20 weeks deadline.")
    actions = [s for s in suggestions if s.kind == "action"]
    assert actions[0].ref == "4.13"
    assert [s.score for s in actions] == sorted((s.score for s in actions), reverse=True)


def test_text_about_nothing_in_the_plan_gets_no_suggestions(matcher: Matcher):
    assert matcher.suggest("The weather was nice for the open day.") == []
    assert matcher.suggest("") == []
    assert matcher.suggest("Thank you, keep up the good work!") == []


def test_a_higher_threshold_suggests_less(plan_file: Path):
    targets = load_targets_from_plan_file(plan_file)
    text = "The EHCP was late and the Local Offer website had no information."
    lenient = Matcher(targets, threshold=1.0).suggest(text)
    strict = Matcher(targets, threshold=1000.0).suggest(text)
    assert lenient and strict == []


def test_reports_the_terms_that_matched(matcher: Matcher):
    suggestion = next(
        s for s in matcher.suggest("Waiting list for SALT is 18 months") if s.kind == "action"
    )
    assert suggestion.ref == "4.2"
    assert "salt" in suggestion.matched_terms
    assert any("waiting" in term for term in suggestion.matched_terms)


def test_ehcp_and_ehc_plan_and_the_long_form_are_the_same_thing(matcher: Matcher):
    short = matcher.suggest("The EHCP was late.")
    middle = matcher.suggest("The EHC plan was late.")
    long = matcher.suggest("The Education, Health and Care Plan was late.")
    assert [s.ref for s in short] == [s.ref for s in middle] == [s.ref for s in long]
    assert short[0].score == pytest.approx(long[0].score)


def test_phrase_keywords_match_only_as_phrases(matcher: Matcher):
    phrase = action_refs(matcher, "Year 11 into sixth form was smooth.")
    scattered = action_refs(matcher, "It took a year. He has 11 friends.")
    assert "3.3" in phrase
    assert "3.3" not in scattered


def test_measures_are_inherited_from_suggested_actions(matcher: Matcher):
    suggestions = matcher.suggest("We waited 34 weeks for the EHCP, far past the deadline.")
    measures = {s.ref: s for s in suggestions if s.kind == "measure"}
    action = next(s for s in suggestions if s.kind == "action" and s.ref == "4.13")
    assert "4D" in measures
    assert measures["4D"].score == pytest.approx(action.score)


def test_a_measure_no_action_serves_can_be_suggested_directly(matcher: Matcher):
    suggestions = matcher.suggest("Three LAs came to the Transition Support Programme hub meeting.")
    assert ("measure", "TSP-1") in {(s.kind, s.ref) for s in suggestions}


def test_suggest_many_keeps_texts_and_results_aligned(matcher: Matcher):
    texts = ["The EHCP was late.", "", "Lovely weather.", "Tribunal again."]
    results = list(matcher.suggest_many(texts))
    assert len(results) == 4
    assert results[1] == [] and results[2] == []
    assert "2.7" in [s.ref for s in results[3]]


def test_jsonl_has_one_line_per_input_line_even_when_empty(matcher: Matcher):
    lines = ["The EHCP was late.\n", "\n", "   \n", "Our taxi never came.\n"]
    out = io.StringIO()
    written = write_jsonl(matcher, lines, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert written == 4 and len(records) == 4
    assert records[1] == {"actions": [], "measures": []} == records[2]
    assert records[0]["actions"][0]["ref"] == "4.13"
    assert set(records[0]["actions"][0]) == {"ref", "score", "matched_terms"}
    assert records[3]["actions"][0]["ref"] == "T.1"


def test_suggestion_as_dict_is_plain_json(matcher: Matcher):
    suggestion = matcher.suggest("The EHCP was late.")[0]
    assert json.loads(json.dumps(suggestion.as_dict())) == suggestion.as_dict()


def test_loader_reads_actions_with_their_measures_and_keywords(plan_file: Path):
    targets = {(t.kind, t.ref): t for t in load_targets_from_plan_file(plan_file)}
    assert targets[("action", "2.7")].measures == ("2B",)
    assert "tribunal" in targets[("action", "2.7")].keywords
    assert targets[("measure", "1.G")].text.startswith("Parents express")


def test_a_plan_with_no_targets_suggests_nothing():
    assert Matcher([]).suggest("The EHCP was late.") == []
    assert Matcher([PlanTarget("measure", "1.G", "Parents are confident.")]).suggest("EHCP") == []


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("EHCP", ["ehcp"]),
        ("EHC plans", ["ehcp"]),
        ("education, health and care plan", ["ehcp"]),
        ("SENCo", ["senco"]),
        ("SENDIASS", ["iass"]),
        ("speech and language therapy", ["salt"]),
        ("Y6", ["year-6"]),
        ("year six", ["year-6"]),
        ("post 16", ["post-16"]),
        ("post-16", ["post-16"]),
        ("local authority", ["la"]),
        ("behavior", ["behaviour"]),
        ("organized", ["organised"]),
    ],
)
def test_vocabulary_folds_ways_of_saying_one_thing(text: str, folded: list[str]):
    assert fold_terms(words(text)) == folded


def test_lower_case_words_that_look_like_abbreviations_are_left_alone():
    assert fold_terms(words("ta very much, we will send it")) == [
        "ta",
        "very",
        "much",
        "we",
        "will",
        "send",
        "it",
    ]
    assert fold_terms(words("The TA was great")) == ["the", "ta", "was", "great"]
    assert "ta" in SEND_ABBREVIATIONS
