"""Themes tell an officer what parents and staff are talking about, offline and without names.

The comments are written for these tests in the way parents and STARS write; no real people.
"""

import pytest

from analysis.themes import Theme, ThemeItem, find_themes, key_phrases, trim_on_word


@pytest.mark.parametrize(
    "text",
    [
        "Our EHCP took 34 weeks.",
        "The EHC plan arrived late.",
        "The education, health and care plan was full of mistakes.",
        "Education Health and Care Plans are never finished on time.",
        "Both our EHCPs were copied from old reports.",
    ],
)
def test_every_way_of_writing_ehc_plan_is_one_theme(text):
    assert "ehcp" in key_phrases(text)


@pytest.mark.parametrize(
    "text",
    [
        "The annual review was cancelled.",
        "Annual reviews are not happening.",
        "My son's annual review was a waste of time.",
    ],
)
def test_annual_reviews_fold_to_one_theme_whoever_they_belong_to(text):
    assert key_phrases(text) == ["annual-review"]


@pytest.mark.parametrize(
    "text",
    [
        "We have been on the waiting list since 2022.",
        "Waiting lists for everything are far too long.",
        "We waited 18 months for speech therapy.",
        "The wait for CAMHS is over a year.",
    ],
)
def test_waiting_is_one_theme_however_it_is_said(text):
    assert "waiting-list" in key_phrases(text)


def test_phrases_sharing_a_head_noun_are_one_theme():
    assert key_phrases("Poor communication from the team") == ["communication"]
    assert key_phrases("Communication is poor") == ["communication"]
    assert key_phrases("Home to school transport was cancelled again") == ["transport"]
    assert key_phrases('"Transport is awful," she said.') == ["transport"]


def test_plurals_and_american_spellings_are_folded():
    assert key_phrases("The caseworkers keep changing") == ["caseworker"]
    assert key_phrases("His behavior at school has got worse") == ["behaviour"]


def test_generic_words_and_the_people_being_talked_about_are_not_themes():
    text = "My son loves the school and the thing is it takes a lot of time. People are kind."

    assert key_phrases(text) == []


def test_a_generic_head_is_a_theme_only_with_a_word_that_says_which_kind():
    assert key_phrases("He goes to secondary school next year") == ["secondary school"]
    assert key_phrases("He goes to a new school next year") == []
    assert key_phrases("Support workers are great, specialist teachers are rare") == [
        "support worker",
        "specialist teacher",
    ]


def test_childrens_names_never_become_themes():
    texts = [
        "Harry has a lovely TA.",
        "My son Oliver needs speech therapy.",
        "Jack hates his new school. Jack is autistic.",
        "Amelia is in Year 4 and her transport is late.",
    ]

    phrases = {phrase for text in texts for phrase in key_phrases(text)}

    assert phrases == {"ta", "salt", "asc", "transport"}


def _items(texts, sentiment=0.0, period="current"):
    return [
        ThemeItem(text, sentiment, period, f"{period[0].upper()}{i}")
        for i, text in enumerate(texts)
    ]


def _by_key(themes: list[Theme]) -> dict[str, Theme]:
    return {theme.key: theme for theme in themes}


def test_themes_are_counted_once_per_item_and_ranked_by_count():
    items = _items(
        [
            "EHCP late. The EHCP was wrong. Our EHCP is still not finished.",
            "The EHC plan was good.",
            "Transport is unreliable and the EHCP is late.",
            "Transport was cancelled twice this term.",
            "The education, health and care plan arrived on time.",
        ]
    )

    themes = find_themes(items)

    assert [(theme.key, theme.label, theme.count) for theme in themes] == [
        ("ehcp", "EHC plan", 4),
        ("transport", "Transport", 2),
    ]


def test_change_is_measured_against_the_previous_period():
    current = _items(["Transport is late.", "Transport again.", "The taxi driver was rude."])
    previous = _items(
        ["Transport late.", "Transport awful.", "Transport rude.", "Transport lost him."],
        period="previous",
    )

    transport = _by_key(find_themes(current + previous))["transport"]

    assert (transport.count, transport.previous_count, transport.change) == (2, 4, -2)


def test_mean_sentiment_is_over_current_items_that_have_one():
    items = [
        ThemeItem("The Local Offer website is great.", 0.8),
        ThemeItem("The Local Offer is confusing.", -0.4),
        ThemeItem("The Local Offer needs updating.", None),
        ThemeItem("The Local Offer was awful last year.", -1.0, "previous"),
    ]

    local_offer = _by_key(find_themes(items))["local-offer"]

    assert local_offer.count == 3
    assert local_offer.mean_sentiment == pytest.approx(0.2)


def test_a_theme_needs_min_count_items_and_limit_caps_the_list():
    items = _items(
        ["Respite is hard to get.", "Respite was cancelled.", "The tribunal was stressful."]
        + [f"Transport problems again, week {n}." for n in range(4)]
    )

    assert [theme.key for theme in find_themes(items)] == ["transport", "respite"]
    assert [theme.key for theme in find_themes(items, limit=1)] == ["transport"]
    assert "tribunal" in [theme.key for theme in find_themes(items, min_count=1)]


def test_quotes_are_distinct_redacted_and_close_to_the_mean_sentiment():
    items = [
        ThemeItem("Respite is hard to get.", -0.4, ref="A1"),
        ThemeItem("Respite is hard to get.", -0.4, ref="A2"),
        ThemeItem(
            "My son Harry has had no respite for a year, call me on 07700 900123.", -0.5, ref="A3"
        ),
        ThemeItem("Respite care saved our family, the staff are wonderful.", 0.9, ref="A4"),
        ThemeItem("We asked for respite and heard nothing back.", -0.3, ref="A5"),
        ThemeItem("Respite is fine I suppose.", -0.35, ref="A6"),
    ]

    respite = _by_key(find_themes(items))["respite"]

    assert len(respite.quotes) == 3
    assert len(set(respite.quotes)) == 3
    assert len(respite.refs) == len(respite.quotes)
    assert "A4" not in respite.refs  # far from the theme's mostly negative mood
    assert not any("Harry" in quote or "07700" in quote for quote in respite.quotes)


def test_quotes_are_trimmed_to_the_sentences_about_the_theme():
    long_opening = (
        "We moved here last year and it has been a very long and difficult time for all of us. " * 3
    )
    items = _items(
        [long_opening + "The tribunal took nine months and cost us our savings.", "Tribunal again."]
    )

    tribunal = _by_key(find_themes(items))["tribunal"]

    assert any(quote.startswith("The tribunal took nine months") for quote in tribunal.quotes)
    assert all(len(quote) <= 200 for quote in tribunal.quotes)


def test_quotes_redact_names_the_caller_knows():
    items = _items(["Freya's respite was cancelled.", "Respite for Freya never happens."])

    respite = _by_key(find_themes(items, names=["Freya"]))["respite"]

    assert not any("Freya" in quote for quote in respite.quotes)


def test_trim_on_word_never_cuts_a_word_in_half():
    text = "Parents told us the assessment paperwork was " + "very " * 60 + "long."

    trimmed = trim_on_word(text, 200)

    assert len(trimmed) <= 200
    assert trimmed.endswith("very…")
    assert trim_on_word("Short enough.", 200) == "Short enough."


def test_no_items_means_no_themes():
    assert find_themes([]) == []


def test_redacted_contact_details_do_not_become_themes():
    text = "Call me on 07700 900123, postcode LS1 4AP, about respite."

    assert key_phrases(text) == ["respite"]


def test_an_unknown_period_is_refused_rather_than_silently_counted():
    with pytest.raises(ValueError, match="period"):
        find_themes([ThemeItem("Respite again.", period="last month")])
