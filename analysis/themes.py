"""What people are talking about: themes in free text, with counts, sentiment, change and quotes.

An officer reading 400 survey comments wants to know "EHC plans: 57 comments, mostly negative, up
12 on last month", with two or three comments that say it plainly. This module finds those themes
offline, with no corpora and no model downloads:

1. Text is redacted first (:func:`analysis.redact.redact`), so no child's name can become a theme
   or a quote.
2. Each sentence is tagged with TextBlob's Pattern tagger (a lexicon shipped inside the package)
   and cut into noun runs ("my son's annual reviews" gives "annual reviews").
3. Runs are folded through :func:`analysis.send_vocabulary.fold_terms`, so "EHCP", "EHC plan" and
   "education, health and care plan" are one term, as they are for link suggestions.
4. A run becomes a theme key by its head noun, singular and British: "poor communication" and
   "communication" are one theme. Heads too generic to mean anything alone ("school", "plan",
   "service") keep one classifying word ("secondary school"); heads that are never a theme
   ("thing", "time", "my son", "people") are dropped.

Each item counts at most once per theme. Parsing is cached per text, so reports over the same
answers do not tag them twice.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from textblob.en import lexicon as _tagger_lexicon
from textblob.en import parser as _tagger
from textblob.en.inflect import singularize

from analysis.redact import DATE, EMAIL, NAME, NI_NUMBER, PHONE, POSTCODE, redact
from analysis.send_vocabulary import (
    CANONICAL_TERMS,
    SEND_ABBREVIATIONS,
    STOP_WORDS,
    british_spelling,
    fold_terms,
)
from analysis.text import normalise_text, sentences, words

CURRENT = "current"
PREVIOUS = "previous"

QUOTE_LENGTH = 200
QUOTES_PER_THEME = 3


@dataclass(frozen=True)
class ThemeItem:
    """One piece of free text as a report passes it in."""

    text: str
    sentiment: float | None = None  # stored polarity in [-1, 1], computed at intake
    period: str = CURRENT  # "current" or "previous"
    ref: str | None = None  # evidence reference, shown beside a quote


@dataclass(frozen=True)
class Theme:
    """A theme of the current period, compared with the previous one."""

    key: str  # normalised key: a send_vocabulary term ("ehcp") or a folded head ("transport")
    label: str  # readable label ("EHC plan")
    count: int  # current-period items mentioning it
    previous_count: int
    change: int
    mean_sentiment: float | None  # over current-period items that have a sentiment
    quotes: tuple[str, ...]  # 2-3 representative items, redacted, trimmed on a word boundary
    refs: tuple[str, ...]  # refs[i] is the evidence reference of quotes[i] ("" if it had none)


# --- What counts as a theme -------------------------------------------------------------------

# SEND terms that are true of nearly every comment in a SEND survey, so never a theme; bare "EHC"
# is left over when the tagger splits "EHC needs assessment", which is counted whole anyway.
_TOO_GENERAL_TERMS = frozenset({"send", "la", "ehc"})
_YEAR_OR_KEY_STAGE = re.compile(r"^(?:year-\d+|ks\d)$")

# Heads that never make a useful theme on their own: people who are the subject rather than the
# topic, units of time, and filler nouns.
_NOISE_HEADS_TEXT = """thing stuff time lot bit kind sort type part fact point issue problem question
    reason case example number end start moment day week month year hour minute today yesterday
    tomorrow people person everyone someone anyone nobody everybody somebody one other
    son daughter child kid boy girl baby mum dad mother father parent family husband wife partner
    grandson granddaughter grandchild brother sister sibling twin carer young name need use lack
    level amount area situation experience matter side result chance idea word age life world
    home sense difference term job way anything nothing everything something yes no
    morning afternoon evening night weekend concern comment view change love half handful option
    choice work check decision response nightmare joke disgrace shambles mess waste post
    pupil student learner colleague adult teenager friend borough county city town region
    postcode address"""
_NOISE_HEADS = frozenset(_NOISE_HEADS_TEXT.split())

# Heads that mean something only with a classifying word: "secondary school", "transition plan".
_CONTEXT_HEADS_TEXT = """school plan service team staff meeting process system provision assessment
    review worker officer group form report letter call place setting centre department session
    programme college unit class teacher professional"""
_CONTEXT_HEADS = frozenset(_CONTEXT_HEADS_TEXT.split())
# Adjectives that say which kind of thing (not how good it is), so they may qualify a context head.
_CLASSIFYING_TEXT = """annual primary secondary special specialist mainstream residential social
    medical emotional mental physical educational personal local sensory statutory independent
    private alternative complex behavioural transition national clinical therapeutic respite
    outreach inclusion pastoral"""
_CLASSIFYING = frozenset(_CLASSIFYING_TEXT.split())

# Heads (and verbs anywhere) folded into another theme: waiting is one theme however it is said.
_HEAD_SYNONYMS = {"wait": "waiting-list", "waiting": "waiting-list", "delay": "delay"}
_THEME_VERBS = {
    "wait": "waiting-list",
    "waits": "waiting-list",
    "waited": "waiting-list",
    "waiting": "waiting-list",
    "delayed": "delay",
    "delaying": "delay",
}

# Plural-looking words that are not plurals; singularize() would clip them ("proces").
_NOT_PLURAL = frozenset(
    {
        "maths",
        "physics",
        "news",
        "series",
        "species",
        "diabetes",
        "glasses",
        "clothes",
        "means",
        "data",
        "media",
    }
)

_LABELS = {
    "ehcp": "EHC plan",
    "ehcna": "EHC needs assessment",
    "senco": "SENCO",
    "sen-support": "SEN support",
    "iass": "SENDIASS (information, advice and support)",
    "salt": "Speech and language therapy",
    "ot": "Occupational therapy",
    "ep": "Educational psychologist",
    "physiotherapy": "Physiotherapy",
    "ehe": "Elective home education",
    "pfa": "Preparing for adulthood",
    "pru": "Alternative provision",
    "ta": "Teaching assistant",
    "asc": "Autism",
    "local-offer": "Local Offer",
    "waiting-list": "Waiting list and waiting times",
    "emotional-wellbeing": "Emotional wellbeing and mental health",
    "coproduction": "Co-production",
    "post-16": "Post-16",
    "post-19": "Post-19",
    "pa": "Personal assistant",
}

# First names that are also common words, kept capitalised at the start of a sentence.
_NAMES_THAT_ARE_WORDS_TEXT = """hope grace rose jack bill mark will faith amber ruby holly pearl joy dawn summer autumn april
    may june iris lily daisy poppy ivy jasmine violet sky river rowan hazel heather robin frank guy
    sue pat rob don ray dean drew chase hunter mason sage star honey olive ginger angel crystal
    destiny harmony melody bell penny clay brook glen dale cliff miles max reed carol nick victor
    eve"""
_NAMES_THAT_ARE_WORDS = frozenset(_NAMES_THAT_ARE_WORDS_TEXT.split())

_NOUN_TAGS = frozenset({"NN", "NNS"})
_PROPER_TAGS = frozenset({"NNP", "NNPS"})
_RUN_TAGS = _NOUN_TAGS | _PROPER_TAGS | {"JJ", "JJR", "JJS", "VBG"}
_CONJUNCTIONS = frozenset({"and", "or", "&"})

# "education, health and care plan" is split by the tagger at the comma; say it the short way.
# Only before "plan", "needs" or "assessment": "across education, health and care" is no plan.
_EHC_LONG_FORM = re.compile(
    r"\beducation,?\s+health,?\s+(?:and|&)\s+(?:social\s+)?care\b"
    r"(?=\s+(?:plans?|needs|assessments?)\b)",
    re.IGNORECASE,
)
# Redaction placeholders are in the quoted text but are not what anyone talked about.
_PLACEHOLDERS = re.compile(
    "|".join(
        re.escape(placeholder) for placeholder in (EMAIL, PHONE, POSTCODE, NI_NUMBER, DATE, NAME)
    )
)
# Words and punctuation, with a possessive "'s" split off so it ends the possessor's run.
_TOKEN = re.compile(r"[A-Za-z0-9£]+(?:'(?!s\b)[A-Za-z]+)*(?:[-/][A-Za-z0-9]+)*|'s\b|[^\w\s]")


# --- Key phrases of one text ------------------------------------------------------------------


def key_phrases(text: str) -> list[str]:
    """The theme keys of one text, each once, in the order they first appear."""
    return list(dict.fromkeys(key for _, keys in _analyse(text) for key in keys))


def theme_label(key: str) -> str:
    """A readable label for a theme key ("ehcp" -> "EHC plan", "school transport" -> ...)."""
    if key in _LABELS:
        return _LABELS[key]
    if key in SEND_ABBREVIATIONS:
        return key.upper()
    label = " ".join(word.upper() if word in SEND_ABBREVIATIONS else word for word in key.split())
    label = label.replace("-", " ")
    return label[:1].upper() + label[1:]


@lru_cache(maxsize=20_000)
def _analyse(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(redacted sentence, its theme keys) for each sentence: the one expensive step, cached."""
    redacted = redact(normalise_text(text))
    return tuple((sentence, _sentence_keys(sentence)) for sentence in sentences(redacted))


def _sentence_keys(sentence: str) -> tuple[str, ...]:
    sentence = _PLACEHOLDERS.sub(" ", sentence)
    keys: list[str] = []
    # SEND terms count wherever they are, even where the tagger splits them ("Local / Offer").
    keys.extend(term for term in fold_terms(words(sentence)) if _is_send_theme(term))
    tokens = _TOKEN.findall(_EHC_LONG_FORM.sub("EHC", sentence))
    tagged = _tag(tokens)
    for word, tag in tagged:
        verb_theme = _THEME_VERBS.get(word.lower())
        if verb_theme and not tag.startswith("NN"):
            keys.append(verb_theme)
    for run in _noun_runs(tagged):
        keys.extend(_run_keys(run))
    return tuple(dict.fromkeys(keys))


def _is_send_theme(term: str) -> bool:
    return (
        term in CANONICAL_TERMS
        and term not in _TOO_GENERAL_TERMS
        and not _YEAR_OR_KEY_STAGE.match(term)
    )


def _tag(tokens: Sequence[str]) -> list[tuple[str, str]]:
    """Part-of-speech tags; a capitalised first word is tagged as the common word it usually is.

    Otherwise "Communication is poor" has a proper noun for a subject. First names that are also
    words ("Hope", "Jack") stay capitalised, so they stay proper nouns and never become themes.
    """
    if not tokens:
        return []
    forms = list(tokens)
    # The first word, after any opening quote or bracket.
    start = next((i for i, token in enumerate(forms) if token[:1].isalnum()), 0)
    first = forms[start]
    lower = first.lower()
    if (
        first[:1].isupper()
        and not first.isupper()
        and lower in _tagger_lexicon
        and lower not in _NAMES_THAT_ARE_WORDS
    ):
        forms[start] = lower
    tags = _tagger.find_tags(forms)
    return [(token, tag) for token, (_, tag) in zip(tokens, tags, strict=True)]


def _noun_runs(tagged: Sequence[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Maximal runs of nouns and adjectives, joined across "and"/"or" between two of them.

    An adjective after a noun starts a new run: "secondary school next year" is two phrases.
    """
    runs: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for index, (word, tag) in enumerate(tagged):
        joins = (
            tag == "CC"
            and current
            and index + 1 < len(tagged)
            and tagged[index + 1][1] in _RUN_TAGS
        )
        if tag.startswith("JJ") and current and current[-1][1] in _NOUN_TAGS:
            runs.append(current)
            current = [(word, tag)]
            continue
        if tag in _RUN_TAGS or joins:
            current.append((word, tag))
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def _run_keys(run: Sequence[tuple[str, str]]) -> list[str]:
    """Theme keys of one noun run: its SEND terms, and the head of each conjoined part."""
    tags = {british_spelling(word.lower()): tag for word, tag in run}
    terms = fold_terms([word for word, _ in run])
    keys: list[str] = []
    part: list[str] = []
    for term in [*terms, "and"]:
        if term not in _CONJUNCTIONS:
            part.append(term)
            continue
        key = _part_key(part, tags)
        if key:
            keys.append(key)
        part = []
    return keys


def _part_key(part: Sequence[str], tags: dict[str, str]) -> str | None:
    if not part:
        return None
    head = part[-1]
    if head in CANONICAL_TERMS:
        return head if _is_send_theme(head) else None
    tag = tags.get(head)
    if tag not in _NOUN_TAGS:  # adjectives, and proper nouns (which may be people or places)
        return None
    head = _singular(head) if tag == "NNS" else head
    if head in _HEAD_SYNONYMS:
        return _HEAD_SYNONYMS[head]
    if head in _NOISE_HEADS or head in STOP_WORDS:
        # "transport problems", "EHCP issues": the word before a filler head is the topic.
        return _part_key(part[:-1], tags)
    if len(head) < 3 or not head.isalpha():
        return None
    if head not in _CONTEXT_HEADS:
        return head
    modifier = _classifying_modifier(part[:-1], tags)
    return f"{modifier} {head}" if modifier else None


def _classifying_modifier(modifiers: Sequence[str], tags: dict[str, str]) -> str | None:
    """The word nearest the head that says which kind ("secondary", "transition"), if any."""
    for word in reversed(modifiers):
        if word in CANONICAL_TERMS:
            return None  # "EHCP process" is already counted as the EHC plan theme
        tag = tags.get(word)
        is_noun = tag in _NOUN_TAGS and word not in _NOISE_HEADS and word not in STOP_WORDS
        if word in _CLASSIFYING or (is_noun and word.isalpha()):
            return _singular(word) if tag == "NNS" else word
    return None


@lru_cache(maxsize=20_000)
def _singular(word: str) -> str:
    if word in _NOT_PLURAL or word.endswith(("ss", "us", "is")):
        return word
    return str(singularize(word))


# --- Themes over many items -------------------------------------------------------------------


@dataclass
class _Tally:
    current: list[int]  # indexes of current-period items
    previous: int = 0


def find_themes(
    items: Iterable[ThemeItem], limit: int = 10, min_count: int = 2, names: Iterable[str] = ()
) -> list[Theme]:
    """The ``limit`` themes most talked about in the current period, busiest first.

    A theme needs ``min_count`` current-period items. ``names`` (pupils, staff) are redacted from
    quotes as well as whatever :func:`analysis.redact.redact` finds on its own.
    """
    items = list(items)
    names = tuple(names)
    tallies: dict[str, _Tally] = defaultdict(lambda: _Tally(current=[]))
    for index, item in enumerate(items):
        if item.period not in (CURRENT, PREVIOUS):
            raise ValueError(f"period must be {CURRENT!r} or {PREVIOUS!r}, not {item.period!r}")
        for key in key_phrases(item.text):
            if item.period == PREVIOUS:
                tallies[key].previous += 1
            else:
                tallies[key].current.append(index)
    ranked = sorted(
        (key for key, tally in tallies.items() if len(tally.current) >= min_count),
        key=lambda key: (
            -len(tallies[key].current),
            -len(tallies[key].current) + tallies[key].previous,
            key,
        ),
    )
    return [_theme(key, tallies[key], items, names) for key in ranked[:limit]]


def _theme(key: str, tally: _Tally, items: Sequence[ThemeItem], names: Sequence[str]) -> Theme:
    members = [items[index] for index in tally.current]
    scores = [item.sentiment for item in members if item.sentiment is not None]
    mean = round(sum(scores) / len(scores), 3) if scores else None
    chosen = _representative(key, members, mean, names)
    return Theme(
        key=key,
        label=theme_label(key),
        count=len(members),
        previous_count=tally.previous,
        change=len(members) - tally.previous,
        mean_sentiment=mean,
        quotes=tuple(quote for quote, _ in chosen),
        refs=tuple(ref for _, ref in chosen),
    )


def _representative(
    key: str, members: Sequence[ThemeItem], mean: float | None, names: Sequence[str]
) -> list[tuple[str, str]]:
    """Up to three distinct quotes: short, clear, and close to the theme's mean sentiment."""
    candidates: list[tuple[float, int, str, str]] = []
    for order, item in enumerate(members):
        quote = _quote(key, item.text, names)
        if not quote:
            continue
        distance = (
            abs(item.sentiment - mean) if item.sentiment is not None and mean is not None else 0.5
        )
        # Long quotes are harder to read and very short ones rarely say enough.
        length_penalty = len(quote) / (2 * QUOTE_LENGTH) + (0.3 if len(quote) < 30 else 0.0)
        candidates.append((distance + length_penalty, order, quote, item.ref or ""))
    chosen: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _, _, quote, ref in sorted(candidates):
        fingerprint = " ".join(words(quote.lower()))
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        chosen.append((quote, ref))
        if len(chosen) == QUOTES_PER_THEME:
            break
    return chosen


def _quote(key: str, text: str, names: Sequence[str]) -> str:
    """The item redacted; if it is long, the sentences from the first that mentions the theme."""
    analysed = _analyse(text)
    whole = " ".join(sentence for sentence, _ in analysed)
    if len(whole) > QUOTE_LENGTH:
        start = next((i for i, (_, keys) in enumerate(analysed) if key in keys), 0)
        whole = " ".join(sentence for sentence, _ in analysed[start:])
    if names:
        whole = redact(whole, names)
    return trim_on_word(whole, QUOTE_LENGTH)


def trim_on_word(text: str, limit: int = QUOTE_LENGTH) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"
