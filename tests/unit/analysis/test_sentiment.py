"""Sentiment scores an officer can quote: feedback read the way its writer meant it, with reasons.

The labelled set in tests/data/sentiment was written for this project (see its README), so these
tests need nothing outside the repository.
"""

from __future__ import annotations

import io
import json
import math

import pytest
from textblob import TextBlob

from analysis.sentiment import ANALYSER_VERSION, SentimentScore, score, score_many, write_jsonl
from tests.conftest import DATA

LABELLED_SET = DATA / "sentiment" / "send_feedback.tsv"


def _pearson(xs: list[float], ys: list[float]) -> float:
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    spread_x = math.sqrt(sum((x - mean_x) ** 2 for x in xs))
    spread_y = math.sqrt(sum((y - mean_y) ** 2 for y in ys))
    return covariance / (spread_x * spread_y)


def _labelled() -> list[tuple[float, str]]:
    rows = []
    for line in LABELLED_SET.read_text(encoding="utf-8").splitlines():
        _id, rating, text = line.split("\t", 2)
        rows.append((float(rating), text))
    return rows


# --- what the numbers mean ---------------------------------------------------------------------------


def test_version_is_recorded_with_scores() -> None:
    assert ANALYSER_VERSION.startswith("yousaid-sentiment/")


def test_score_has_every_field_in_range() -> None:
    result = score("The caseworker was helpful and kept us informed.")
    assert -1.0 <= result.polarity <= 1.0
    assert 0.0 <= result.subjectivity <= 1.0
    assert 0.0 <= result.confidence <= 1.0
    assert result.label in {"negative", "neutral", "positive", "mixed"}
    assert set(result.as_dict()) == {"polarity", "label", "subjectivity", "drivers", "confidence"}
    assert isinstance(result.as_dict()["drivers"], list)


def test_plain_praise_and_plain_complaint() -> None:
    assert score("The SENCO has been brilliant and really supportive.").label == "positive"
    assert score("Appalling communication, rude staff and no help at all.").label == "negative"


def test_factual_statement_is_neutral() -> None:
    result = score("The annual review is booked for 14 March at 10am.")
    assert result.label == "neutral"
    assert abs(result.polarity) <= 0.05


def test_service_names_are_not_praise() -> None:
    """'Special', 'support' and 'care' in a service's name say nothing about how it was."""
    result = score("My son has special educational needs and an education, health and care plan.")
    assert result.label == "neutral"
    assert score("He attends a special school and gets SEND support.").label == "neutral"


# --- the hard cases from the issue -----------------------------------------------------------------


def test_contrast_weights_the_clause_after_but() -> None:
    result = score("Helpful staff, but the assessment took far too long.")
    assert result.polarity < -0.2
    assert score("The assessment took far too long, but the staff were so helpful.").polarity > 0


def test_although_concedes_its_own_clause() -> None:
    assert score("Although the staff were kind, the plan is vague and late.").polarity < 0
    conceded = score("The staff were lovely, although the plan was poor.").polarity
    turned = score("The staff were lovely, but the plan was poor.").polarity
    assert conceded > turned


def test_contrast_across_sentences() -> None:
    result = score("The staff were lovely. But the wait for CAMHS was awful.")
    assert result.polarity < 0


def test_closing_though_turns_the_text_like_but() -> None:
    result = score("The wait for the assessment was awful. The panel were lovely though.")
    assert result.polarity > 0
    assert score("All sorted now though :)").label == "positive"


def test_praise_in_a_question_is_not_praise() -> None:
    assert score("Is there any free transport for the new school?").label == "neutral"
    assert score("Will the outreach team be able to help?").label == "neutral"
    # a rhetorical complaint still complains, and a tag question still praises
    assert score("Why has nobody replied to my emails in six weeks?").label == "negative"
    assert score("Mrs Khan was brilliant, wasn't she?").label == "positive"


def test_questions_that_thank_or_complain_are_read_as_meant() -> None:
    assert score("Can I just say how amazing the SENCO has been?").label == "positive"
    assert score("What would we have done without the outreach team?").label == "positive"
    assert score("How is it acceptable that we have waited 40 weeks?").label == "negative"
    assert score("Is it too much to ask for a reply?").label == "negative"


def test_thank_you_so_much_for_is_thanks_not_a_sneer() -> None:
    thanks = score("Thank you so much for everything you have done for Ellie.")
    assert thanks.label == "positive" and "so much for" not in thanks.drivers
    assert score("So much for keeping us informed.").label == "negative"


def test_everyday_feedback_idioms() -> None:
    assert score("I can't thank the speech and language therapist enough.").label == "positive"
    assert score("Why is it always parents who have to chase?").label == "negative"
    # "feel like" compares, it does not like; "off sick" is an absence, not a feeling
    assert score("We feel like we're constantly fighting for every scrap of support.").polarity < 0
    off_sick = score("Could reviews be covered when the caseworker is off sick?")
    assert off_sick.label == "neutral" and "sick" not in off_sick.drivers


def test_html_entities_and_emoticons_read_as_typed() -> None:
    assert (
        score("Thank you &amp; see you soon &lt;3").polarity
        == score("Thank you & see you soon <3").polarity
    )
    assert score("Meeting moved to Thursday :(").label == "negative"
    assert score("Meeting moved to Thursday :D").label == "positive"


def test_negation_flips_feedback_phrases() -> None:
    assert score("They kept us informed throughout.").polarity > 0.2
    assert score("They never kept us informed.").polarity < -0.2
    assert score("The caseworker didn't listen to us.").polarity < 0


def test_negated_praise_is_not_praise() -> None:
    assert score("The review was not helpful.").polarity < 0


def test_intensifiers_strengthen() -> None:
    plain = score("The transport team was helpful.").polarity
    strong = score("The transport team was extremely helpful!").polarity
    assert strong > plain > 0


def test_mixed_feelings_are_labelled_mixed() -> None:
    result = score(
        "The occupational therapist was brilliant and so kind. The wait for CAMHS has been dreadful."
    )
    assert result.label == "mixed"


def test_sarcasm_about_waiting_is_negative() -> None:
    result = score("Great, another six months of waiting.")
    assert result.polarity < -0.2
    assert "sarcastic praise" in result.drivers
    assert score("Brilliant. The panel has lost our paperwork again.").polarity < 0


def test_genuine_great_stays_positive() -> None:
    assert score("Great news, the placement was agreed.").polarity > 0.2


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("We were fobbed off for months.", -1),
        ("We feel completely let down.", -1),
        ("It has been a constant battle to get anything.", -1),
        ("Still waiting for a reply after three emails.", -1),
        ("We had to go to tribunal to get speech therapy.", -1),
        ("The short breaks service is a lifeline.", 1),
        ("The caseworker went above and beyond.", 1),
        ("For the first time someone listened to us.", 1),
    ],
)
def test_feedback_vocabulary(text: str, sign: int) -> None:
    assert score(text).polarity * sign > 0.2


def test_drivers_name_the_phrases_behind_the_score() -> None:
    result = score("We were fobbed off and let down, but the SENCO was lovely.")
    assert result.drivers
    assert set(result.drivers) & {"fobbed off", "let down", "lovely"}
    negated = score("Nobody kept us informed and the school was not helpful.")
    assert "not helpful" in negated.drivers


# --- texts that are not English feedback -----------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_neutral_with_no_confidence(text: str) -> None:
    assert score(text) == SentimentScore(0.0, "neutral", 0.0, (), 0.0)


def test_emoji_only_is_scored_but_trusted_little() -> None:
    happy, sad = score("😀👍"), score("😢😡")
    assert happy.polarity > 0 > sad.polarity
    assert happy.confidence <= 0.3
    assert sad.confidence <= 0.3
    assert score("👍").confidence < score("Thank you, that really helped.").confidence


@pytest.mark.parametrize(
    "text",
    [
        "Diolch yn fawr iawn am eich help gyda fy mab, mae'r ysgol yn wych.",  # Welsh
        "Le service était très lent et personne ne répond à nos courriels.",  # French
        "Obsługa była bardzo dobra, ale czekamy już sześć miesięcy na ocenę.",  # Polish
        "Mi hijo no recibe el apoyo que necesita en la escuela.",  # Spanish
    ],
)
def test_other_languages_are_neutral_with_low_confidence(text: str) -> None:
    result = score(text)
    assert result.label == "neutral"
    assert result.polarity == 0.0
    assert result.confidence <= 0.2


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02\x03\xff\xfe\x89PNG\r\n\x1a\n",
        "\ufffd\ufffd\ufffd\ufffd\x07\x08",
        "H4sIAAAAAAAAA+3BMQEAAADCoPVPbQhfoAAAAAAAAAAAAA==",
        "0x7f 0x45 0x4c 0x46 0x02 0x01 0x01 0x00",
    ],
)
def test_binary_looking_junk_is_neutral_with_low_confidence(text: str) -> None:
    result = score(text)
    assert result.label == "neutral"
    assert result.confidence <= 0.2


def test_very_long_text_is_scored_whole() -> None:
    """An export pasted into one answer: 10,000+ words must neither crash nor stall the batch."""
    paragraph = (
        "The SENCO listened to us and kept us informed. "
        "The transport was late again, but the driver was kind. "
        "We waited months for the EHC plan and had to chase the council. "
    )
    text = paragraph * 350
    assert len(text.split()) > 10_000
    result = score(text)
    assert -1.0 <= result.polarity <= 1.0
    assert result.label in {"negative", "positive", "mixed", "neutral"}
    assert len(result.drivers) <= 5


def test_very_long_text_without_sentence_ends() -> None:
    text = "waiting and chasing and " * 5000
    assert score(text).polarity < 0


# --- batches and the console command -------------------------------------------------------------------


def test_score_many_keeps_order() -> None:
    texts = ["Brilliant support.", "", "Dreadful delays."]
    results = list(score_many(texts))
    assert [r.label for r in results] == ["positive", "neutral", "negative"]


def test_write_jsonl_keeps_empty_lines_aligned() -> None:
    lines = ["The caseworker was wonderful.\n", "\n", "Fobbed off again.\n", "", "Diolch yn fawr\n"]
    out = io.StringIO()
    count = write_jsonl(lines, out)
    rows = [json.loads(row) for row in out.getvalue().splitlines()]
    assert count == len(rows) == len(lines)
    assert rows[0]["label"] == "positive"
    assert rows[1] == {
        "polarity": 0.0,
        "label": "neutral",
        "subjectivity": 0.0,
        "drivers": [],
        "confidence": 0.0,
    }
    assert rows[2]["label"] == "negative"
    assert rows[3]["label"] == "neutral"
    assert rows[4]["confidence"] <= 0.2


def test_write_jsonl_survives_replacement_characters() -> None:
    """The CLI decodes stdin with errors='replace'; broken bytes must not break the stream."""
    out = io.StringIO()
    assert write_jsonl(["caf\ufffd was \ufffd\ufffd great\n"], out) == 1
    assert json.loads(out.getvalue())["polarity"] >= -1.0


# --- against the human ratings ---------------------------------------------------------------------


def test_labelled_send_feedback_beats_raw_textblob() -> None:
    rows = _labelled()
    assert len(rows) >= 200
    ratings = [rating for rating, _text in rows]
    ours = [result.polarity for result in score_many(text for _rating, text in rows)]
    textblob = [TextBlob(text).sentiment.polarity for _rating, text in rows]
    assert _pearson(ours, ratings) > _pearson(textblob, ratings) + 0.2


def test_labelled_send_feedback_signs_mostly_agree() -> None:
    """Of the comments a reader rates clearly positive or negative, most get the right sign."""
    clear = [(rating, text) for rating, text in _labelled() if abs(rating) >= 1.5]
    right = sum(1 for rating, text in clear if score(text).polarity * rating > 0)
    assert right / len(clear) >= 0.85
