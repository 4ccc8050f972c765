"""Sentiment of feedback from parents, staff and hub leads, with the reasons an officer can check.

Two offline lexicon analysers are combined because each fails where the other holds: TextBlob
(pattern's adjective lexicon) knows "long", "slow" and "late"; VADER knows slang, emoji, capitals,
"!!!" and intensifiers. Both are given the feedback vocabulary in ``lexicon_feedback`` and scored clause
by clause, so "helpful staff, but the assessment took far too long" is weighed as the writer meant it:
the clause after "but" (or the main clause beside "although", or a sentence closing with "though")
counts three times the other. Praise inside a question ("Is there any free transport?") asks rather
than praises and is not counted; complaint inside one ("Why has nobody replied?") still is.

Clause scores are added on VADER's unbounded scale, negative evidence counts a little more than
positive (people who complain understate), and the sum is squashed back into [-1, 1]. Texts that are
empty, emoji only, binary junk or not in English get a neutral score with low confidence rather than
whatever their stray English-looking words would give.

The constants below were chosen once on the pooled human-rated sets, the same for every kind of text.
Bump ``ANALYSER_VERSION`` whenever a change could move a stored score.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TextIO

from analysis.lexicon_feedback import (
    NOT_QUESTIONS,
    SARCASM_CONTEXT,
    SARCASTIC_OPENERS,
    word_set,
)
from analysis.sentiment_lexicons import (
    ELONGATED,
    EMOTICONS,
    PATTERN,
    PATTERN_TOKEN,
    SARCASM_TOKEN,
    VADER,
    mark_phrases,
    shorten_elongated,
    unreadable_reason,
)
from analysis.text import normalise_text, sentences

ANALYSER_VERSION = "yousaid-sentiment/1.2"

# --- tuning: one set of numbers for every kind of text -------------------------------------------
TEXTBLOB_WEIGHT = (
    2.0  # TextBlob's clause polarity (in [-1, 1]) is added to VADER's raw sum times this
)
DISAGREE_WEIGHT = 0.5  # where the two disagree on a clause, VADER (better on all rated sets) leads
NEGATIVE_WEIGHT = 1.3  # negative clause evidence counts this much more than positive
SQUASH = 15.0  # VADER's own normalising constant: sum / sqrt(sum² + SQUASH)
NEUTRAL_BAND = 0.05  # no dead zone: measured, it cost more than it saved
AFTER_BUT, BEFORE_BUT = 1.5, 0.5  # VADER's own weights for the clauses around "but"
MAX_RAW = 12.0  # one clause cannot outweigh a dozen strong words
MIXED_RATIO = 0.5  # weaker side at least half the stronger side -> "mixed"
MIXED_FLOOR = 0.8  # and each side at least this much raw evidence
QUESTION_POSITIVE = 0.0  # praise in a question ("Is there any help?") counts this much
MAX_DRIVERS = 5
MAX_SENTENCE_WORDS = 60

_NEUTRAL_LABEL_CUT = 0.05  # the cut-offs the service's reports and the rated sets use

_NEGATIONS = word_set(
    "not no never nor neither nobody none nothing cannot without hardly barely rarely"
)

# Contrast words: those after which the rest matters more ("but"), and those whose own clause
# matters less ("although the staff were kind, ...").
_BUT_WORDS = (
    r"but|however|yet|nevertheless|nonetheless|that said|having said that|mind you|except that"
)
_ALTHOUGH_WORDS = r"although|though|even though|even if|whereas|despite|in spite of"
_CONTRAST = re.compile(rf"(?:^|(?<=[\s,;:(]))({_BUT_WORDS}|{_ALTHOUGH_WORDS})\b,?", re.IGNORECASE)
_OPENS_WITH_BUT = re.compile(rf"^(?:{_BUT_WORDS})\b", re.IGNORECASE)
# "The wait was long. The staff were lovely, though.": a closing "though" means "but" for the whole
# sentence, not a concession inside it. Only emoticons or punctuation may follow it.
_TRAILING_THOUGH = re.compile(r",?\s*\bthough\b(?![\s\S]*[^\W\d_]{2})", re.IGNORECASE)
_ALTHOUGH = re.compile(rf"^(?:{_ALTHOUGH_WORDS})$", re.IGNORECASE)
_SUBORDINATE_END = re.compile(r"[,;:]")

_SARCASM = re.compile(
    r"^(?:oh,? |well,? |just )?(?:" + "|".join(SARCASTIC_OPENERS) + r")\b[,.!…]*"
    r"(?=\s+(?:.*\b)?(?:" + "|".join(SARCASM_CONTEXT) + r")\b)",
    re.IGNORECASE,
)
_SARCASM_ALONE = re.compile(
    r"^(?:oh,? |well,? |just )?(?:" + "|".join(SARCASTIC_OPENERS) + r")\W*$", re.IGNORECASE
)
_SARCASM_CUE = re.compile(r"\b(?:" + "|".join(SARCASM_CONTEXT) + r")\b", re.IGNORECASE)
_DRIVER_NAMES = {SARCASM_TOKEN: "sarcastic praise"}

_NOT_CONTRACTION = re.compile(r"(?<=\w)n't\b|\bcannot\b", re.IGNORECASE)


@dataclass(frozen=True)
class SentimentScore:
    """How a text feels, and why: the phrases that drove it and how far to trust it."""

    polarity: float
    label: str
    subjectivity: float
    drivers: tuple[str, ...]
    confidence: float

    def as_dict(self) -> dict[str, object]:
        return {
            "polarity": self.polarity,
            "label": self.label,
            "subjectivity": self.subjectivity,
            "drivers": list(self.drivers),
            "confidence": self.confidence,
        }


NEUTRAL_EMPTY = SentimentScore(0.0, "neutral", 0.0, (), 0.0)


@dataclass
class _Evidence:
    """Running totals over a text's clauses."""

    raw: float = 0.0
    positive: float = 0.0
    negative: float = 0.0
    subjectivity_sum: float = 0.0
    subjectivity_weight: float = 0.0
    hits: int = 0
    agreement: float = 0.0
    drivers: dict[str, float] = field(default_factory=dict)


# --- public API --------------------------------------------------------------------------------------


def score(text: str) -> SentimentScore:
    """Score one comment; never raises on odd input, and says how far to trust the answer."""
    # Web forms and exports escape "<3" and "&" as entities; read them as the writer typed them.
    text = html.unescape(text or "") if "&" in (text or "") else (text or "")
    text = ELONGATED.sub(shorten_elongated, normalise_text(text))
    if not text:
        return NEUTRAL_EMPTY
    unreadable = unreadable_reason(text)
    if unreadable == "emoji":
        return _score_emoji_only(text)
    if unreadable:
        return SentimentScore(0.0, "neutral", 0.0, (), 0.05 if unreadable == "junk" else 0.1)
    return _score_english(text)


def score_many(texts: Iterable[str]) -> Iterator[SentimentScore]:
    """Score texts lazily, in order, so a large export streams through in constant memory."""
    for text in texts:
        yield score(text)


def write_jsonl(lines: Iterable[str], out: TextIO) -> int:
    """Write one JSON object per input line, in order; blank lines score neutral so rows stay aligned."""
    count = 0
    for line in lines:
        result = score(line.rstrip("\r\n"))
        out.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


# --- scoring the text --------------------------------------------------------------------------------


def _score_emoji_only(text: str) -> SentimentScore:
    """Emoji and emoticons feel the same in any language; score only them, and trust them little."""
    symbols = " ".join(
        token
        for token in text.split()
        if token.lower() in EMOTICONS or any(c in VADER.emojis for c in token)
    )
    # VADER reads emoji as their English names, so keep only the symbols, never stray foreign words.
    polarity = _squash(_unsquash(VADER.polarity_scores(symbols)["compound"]))
    return SentimentScore(round(polarity, 4), _label(polarity), 0.5 if polarity else 0.0, (), 0.3)


def _score_english(text: str) -> SentimentScore:
    evidence = _Evidence()
    for sentence in _sarcasm_across_sentences(_chunked(sentences(text))):
        sentence_weight = 1.0
        turned = _TRAILING_THOUGH.search(sentence)
        if turned:
            sentence = sentence[: turned.start()] + sentence[turned.end() :]
        if _OPENS_WITH_BUT.match(sentence) or (turned and (evidence.positive or evidence.negative)):
            # "The staff were lovely. But the wait was awful.": the turn spans sentences.
            _discount(evidence, BEFORE_BUT)
            sentence_weight = AFTER_BUT
        for clause, weight in _clauses(_mark_sarcasm(sentence)):
            _add_clause(clause, weight * sentence_weight, evidence, _is_question(sentence))
    polarity = _squash(evidence.raw)
    subjectivity = (
        evidence.subjectivity_sum / evidence.subjectivity_weight
        if evidence.subjectivity_weight
        else 0.0
    )
    return SentimentScore(
        polarity=round(polarity, 4),
        label=_label(polarity, evidence),
        subjectivity=round(min(1.0, max(0.0, subjectivity)), 4),
        drivers=_top_drivers(evidence.drivers),
        confidence=round(_confidence(evidence, polarity), 4),
    )


def _discount(evidence: _Evidence, factor: float) -> None:
    evidence.raw *= factor
    evidence.positive *= factor
    evidence.negative *= factor
    for phrase in evidence.drivers:
        evidence.drivers[phrase] *= factor


def _chunked(all_sentences: list[str]) -> list[str]:
    """Cut run-on 'sentences' into pieces of a few dozen words.

    VADER's negation and "but" checks look back over the whole sentence, so one 10,000-word
    sentence with no full stops would take minutes; nobody's feeling spans more than a few
    dozen words anyway."""
    pieces: list[str] = []
    for sentence in all_sentences:
        words = sentence.split()
        if len(words) <= MAX_SENTENCE_WORDS:
            pieces.append(sentence)
            continue
        for start in range(0, len(words), MAX_SENTENCE_WORDS):
            pieces.append(" ".join(words[start : start + MAX_SENTENCE_WORDS]))
    return pieces


def _sarcasm_across_sentences(all_sentences: list[str]) -> list[str]:
    """'Brilliant. The panel has lost our paperwork again.': a lone opener before bad news."""
    for index in range(len(all_sentences) - 1):
        if _SARCASM_ALONE.match(all_sentences[index]) and _SARCASM_CUE.search(
            all_sentences[index + 1]
        ):
            all_sentences[index] = SARCASM_TOKEN
    return all_sentences


def _mark_sarcasm(sentence: str) -> str:
    """'Great, another six months of waiting': the opener is a sneer, so score it as one."""
    return _SARCASM.sub(SARCASM_TOKEN, sentence, count=1)


def _clauses(sentence: str) -> list[tuple[str, float]]:
    """Split at contrast words; the clause the writer leans on weighs three times the other."""
    parts = _CONTRAST.split(sentence)
    if len(parts) == 1:
        return [(sentence, 1.0)]
    clauses: list[tuple[str, float]] = [(parts[0], 1.0)]
    for index in range(1, len(parts) - 1, 2):
        connective, following = parts[index], parts[index + 1]
        if _ALTHOUGH.match(connective.rstrip(",")):
            clauses.extend(_although_clauses(clauses, following))
        else:
            clauses = [(clause, weight * BEFORE_BUT) for clause, weight in clauses]
            clauses.append((following, AFTER_BUT))
    return [(clause, weight) for clause, weight in clauses if clause.strip()]


def _although_clauses(before: list[tuple[str, float]], following: str) -> list[tuple[str, float]]:
    """'Although X, Y': X is conceded, Y is meant. 'Y, although X': likewise, Y is meant."""
    leading = not any(clause.strip() for clause, _weight in before)
    if leading:
        split = _SUBORDINATE_END.search(following)
        if split:
            return [
                (following[: split.start()], BEFORE_BUT),
                (following[split.end() :], AFTER_BUT),
            ]
        return [(following, 1.0)]
    for position, (clause, weight) in enumerate(before):
        before[position] = (clause, weight * AFTER_BUT)
    return [(following, BEFORE_BUT)]


# "She was brilliant, wasn't she?" asks for agreement, not information: the praise stands.
_TAG_QUESTION = re.compile(
    r",\s*(?:(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would)n't"
    r"\s+(?:it|they|she|he|you|we|i|that|there)|right|eh|innit)\W*$",
    re.IGNORECASE,
)


_NOT_QUESTION = re.compile(r"\b(?:" + "|".join(NOT_QUESTIONS) + r")\b", re.IGNORECASE)


def _is_question(sentence: str) -> bool:
    """A sentence that asks (ends with "?"), other than a tag question seeking agreement or a
    courtesy such as "Can I just say how brilliant she has been?"."""
    sentence = sentence.rstrip(" )\"'")
    if not sentence.endswith("?"):
        return False
    return not (_TAG_QUESTION.search(sentence) or _NOT_QUESTION.search(sentence))


def _add_clause(clause: str, weight: float, evidence: _Evidence, question: bool = False) -> None:
    marked, phrases = mark_phrases(clause)
    vader_raw = _unsquash(VADER.polarity_scores(marked)["compound"])
    # TextBlob's own tokeniser costs as much as its scoring, and splits "didn't" so that its
    # negation is lost; a plain split with "not" written out does both jobs.
    pattern = PATTERN(PATTERN_TOKEN.findall(_NOT_CONTRACTION.sub(" not", marked).lower()))
    pattern_polarity, pattern_subjectivity = pattern
    textblob_weight = TEXTBLOB_WEIGHT
    if vader_raw * pattern_polarity < 0:
        textblob_weight *= DISAGREE_WEIGHT

    raw = vader_raw + textblob_weight * pattern_polarity
    raw = max(-MAX_RAW, min(MAX_RAW, raw))
    if raw < 0:
        raw *= NEGATIVE_WEIGHT
    elif question:
        # "Is there any free transport?" asks about a good thing; it does not praise one. A
        # rhetorical "Why does nobody ever reply?" still complains, so only praise is damped.
        raw *= QUESTION_POSITIVE
    evidence.raw += weight * raw
    if raw > 0:
        evidence.positive += weight * raw
    else:
        evidence.negative -= weight * raw
    if pattern.assessments or phrases:
        evidence.hits += len(pattern.assessments) + len(phrases)
        subjectivity = max(pattern_subjectivity, 0.8 if phrases else 0.0)
        evidence.subjectivity_sum += weight * subjectivity
        evidence.subjectivity_weight += weight
    if vader_raw and pattern_polarity:
        evidence.agreement += 1.0 if (vader_raw > 0) == (pattern_polarity > 0) else -1.0
    _collect_drivers(marked, phrases, pattern.assessments, weight, evidence.drivers)


def _collect_drivers(
    marked: str,
    phrases: dict[str, str],
    assessments: list[Any],
    weight: float,
    drivers: dict[str, float],
) -> None:
    """Note each scored word or phrase with its signed weight, 'not ' in front when negated."""
    tokens = [token.strip(".,;:!?\"'()[]") for token in marked.lower().split()]
    for position, token in enumerate(tokens):
        valence = VADER.lexicon.get(token)
        if not valence:
            continue
        phrase = phrases.get(token) or _DRIVER_NAMES.get(token, token)
        window = tokens[max(0, position - 3) : position]
        if any(word in _NEGATIONS or word.endswith("n't") for word in window):
            phrase, valence = f"not {phrase}", -0.74 * valence
        _keep_strongest(drivers, phrase, valence * weight)
    for words, polarity, *_rest in assessments:
        phrase = " ".join(phrases.get(word) or _DRIVER_NAMES.get(word, word) for word in words)
        if polarity and not any(word in VADER.lexicon for word in words):
            _keep_strongest(drivers, phrase, 4 * polarity * weight)


def _keep_strongest(drivers: dict[str, float], phrase: str, value: float) -> None:
    if abs(value) > abs(drivers.get(phrase, 0.0)):
        drivers[phrase] = value


def _top_drivers(drivers: dict[str, float]) -> tuple[str, ...]:
    ranked = sorted(drivers.items(), key=lambda item: -abs(item[1]))
    return tuple(phrase for phrase, _value in ranked[:MAX_DRIVERS])


# --- arithmetic --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _unsquash(compound: float) -> float:
    """VADER's raw valence sum from its compound score (VADER squashes by x / sqrt(x² + 15))."""
    compound = max(-0.9999, min(0.9999, compound))
    return compound * math.sqrt(SQUASH) / math.sqrt(1 - compound * compound)


def _squash(raw: float) -> float:
    """Back into [-1, 1]; faint evidence is pulled inside the neutral band rather than called."""
    polarity = raw / math.sqrt(raw * raw + SQUASH)
    if abs(polarity) < NEUTRAL_BAND:
        polarity *= (_NEUTRAL_LABEL_CUT * 0.99) / NEUTRAL_BAND
    return polarity


def _label(polarity: float, evidence: _Evidence | None = None) -> str:
    if evidence is not None and _is_mixed(evidence):
        return "mixed"
    if polarity > _NEUTRAL_LABEL_CUT:
        return "positive"
    if polarity < -_NEUTRAL_LABEL_CUT:
        return "negative"
    return "neutral"


def _is_mixed(evidence: _Evidence) -> bool:
    weaker = min(evidence.positive, evidence.negative)
    stronger = max(evidence.positive, evidence.negative)
    return weaker >= MIXED_FLOOR and weaker >= MIXED_RATIO * stronger


def _confidence(evidence: _Evidence, polarity: float) -> float:
    """More scored words and agreeing analysers mean more trust; mixed or faint texts less."""
    amount = min(1.0, evidence.hits / 3)
    confidence = 0.45 + 0.35 * amount + 0.1 * min(1.0, abs(polarity) * 2)
    if evidence.agreement < 0:
        confidence -= 0.15
    if _is_mixed(evidence):
        confidence -= 0.1
    return max(0.05, min(0.95, confidence))
