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
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TextIO

import textblob.en as textblob_en
from textblob._text import EMOTICONS as _TEXTBLOB_EMOTICONS
from textblob.en import Sentiment as _PatternSentiment
from textblob.en import parser as _pattern_parser
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.lexicon_feedback import (
    FEEDBACK_PHRASES,
    NEUTRAL_TERMS,
    NOT_QUESTIONS,
    SARCASM_CONTEXT,
    SARCASTIC_OPENERS,
    TEXTBLOB_NOT_SENTIMENT,
    word_set,
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

# A token no lexicon or language holds.
_PHRASE_TOKEN = "yszphrase{}"  # nosec B105 # a placeholder word, not a password
_BLANK_TOKEN = " yszblank "  # nosec B105 # a placeholder word, not a password
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
_SARCASM_TOKEN = "yszsarcasm"  # nosec B105 # a placeholder word, not a password
_SARCASM_VALENCE = -2.0
_DRIVER_NAMES = {_SARCASM_TOKEN: "sarcastic praise"}

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_NOT_TEXT = re.compile(r"[^\w\s.,;:!?'\"()£%&/@#*+=-]")
_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")
# TextBlob scores emoticons (":D", "<3", ":(") only when they reach it whole.
_PATTERN_EMOTICONS = sorted(
    {face.lower() for faces in _TEXTBLOB_EMOTICONS.values() for face in faces},
    key=len,
    reverse=True,
)
_PATTERN_TOKEN = re.compile(
    r"(?:(?<=\s)|^)(?:" + "|".join(map(re.escape, _PATTERN_EMOTICONS)) + r")(?=\s|$)"
    r"|[^\W_]+(?:'[a-z]+)?|!|\S"
)
_ELONGATED = re.compile(r"\b\w*(\w)\1\1\w*\b")
_REPEATS = re.compile(r"(\w)\1{2,}")
_NOT_CONTRACTION = re.compile(r"(?<=\w)n't\b|\bcannot\b", re.IGNORECASE)

# Short common words used to tell English from the languages residents most often write in.
# Words that are also common in those languages ("a", "i", "on", "to", "we", "die", "was") are left out.
_ENGLISH_WORDS = word_set(
    """the and of is it that this for with my our your their his her have has had not but they be
    are were been you he she at from very so all there what when would can could will just about out
    up an or if by as me us them him its it's i'm i've we've we're don't didn't can't isn't wasn't
    won't no one nobody still been being after before because than then also only really too again
    why how who which where any some every much many more most well good bad get got go went do does
    did done been should thank thanks help please time school son daughter child like know see
    think want need said say going make made take took come came back over into down off here now
    never always nothing something everything anyone someone everyone day week weeks month months year"""
)
_FOREIGN_WORDS = word_set(
    """yn yr mae ac ddim wedi iawn ein eich fy gyda ond roedd bod hefyd diolch plentyn ysgol ni
    gwasanaeth cymorth dim yw oedd hyn
    le la les et est pas une des du très pour avec nous vous mon ma mes je il elle ce cette que qui
    dans sur mais été aucune rien mon notre pendant depuis
    nie jest się że na bardzo moje mój moja dziecko szkoła ale tak czy już jak był była nikt mnie
    oraz od za po dla przez tylko
    el los las muy pero por para del una está con sin de en mi es un se lo su y hijo hija
    der das und nicht ist sehr ich wir mit aber kein keine unser sind"""
)


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


# --- lexicons, built once at import ----------------------------------------------------------------


def _build_vader() -> SentimentIntensityAnalyzer:
    """A private VADER whose lexicon also knows the feedback phrases (the shared one is untouched)."""
    analyser = SentimentIntensityAnalyzer()
    analyser.lexicon = dict(analyser.lexicon)
    for index, (_pattern, valence) in enumerate(FEEDBACK_PHRASES):
        analyser.lexicon[_PHRASE_TOKEN.format(index)] = valence
    analyser.lexicon[_SARCASM_TOKEN] = _SARCASM_VALENCE
    return analyser


class _LoadedSentiment(_PatternSentiment):  # type: ignore[misc]  # TextBlob is untyped
    """TextBlob's lexicon, loaded once: lookups go straight to the dict instead of through the
    lazy-loading check that costs a method call on every word."""

    __contains__ = dict.__contains__
    __getitem__ = dict.__getitem__
    get = dict.get


def _build_pattern() -> _PatternSentiment:
    """A private copy of TextBlob's English sentiment lexicon with the feedback phrases added."""
    pattern = _LoadedSentiment(
        path=os.path.join(os.path.dirname(textblob_en.__file__), "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda word: word.endswith("ly"),
        tokenizer=_pattern_parser.find_tokens,
        language="en",
    )
    pattern.load()
    for word in TEXTBLOB_NOT_SENTIMENT:
        dict.pop(pattern, word, None)
    for index, (_pattern, valence) in enumerate(FEEDBACK_PHRASES):
        polarity = max(-1.0, min(1.0, valence / 4))
        pattern[_PHRASE_TOKEN.format(index)] = {None: [polarity, 0.8, 1.0]}
    pattern[_SARCASM_TOKEN] = {None: [_SARCASM_VALENCE / 4, 1.0, 1.0]}
    return pattern


_VADER = _build_vader()
_PATTERN = _build_pattern()
_ALL_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def _first_letters(items: list[Any]) -> frozenset[str]:
    """Letters a parsed pattern can start with; every letter when unsure (slower, never wrong)."""
    letters: set[str] = set()
    for op, arg in items:
        name = str(op)
        if name in {"ASSERT", "ASSERT_NOT", "AT"}:
            continue  # look-arounds and \b consume nothing: the next item starts the match
        if name == "LITERAL":
            return frozenset(letters | {chr(arg).lower()})
        if name == "IN" and all(str(o) == "LITERAL" for o, _a in arg):
            return frozenset(letters | {chr(a).lower() for _o, a in arg})
        if name == "BRANCH":
            for branch in arg[1]:
                letters |= _first_letters(branch)
            return frozenset(letters)
        if name == "SUBPATTERN":
            return frozenset(letters | _first_letters(arg[-1]))
        if name in {"MAX_REPEAT", "MIN_REPEAT"} and arg[0] == 0:
            letters |= _first_letters(arg[2])  # optional: the next item may start the match too
            continue
        return _ALL_LETTERS
    return _ALL_LETTERS


def _phrase_first_letters(pattern: str) -> frozenset[str]:
    try:
        import re._parser as regex_parser  # private, so any failure falls back to every letter

        return _first_letters(list(regex_parser.parse(pattern)))
    except Exception:  # pragma: no cover - depends on the Python version
        return _ALL_LETTERS


def _build_phrase_index() -> dict[str, re.Pattern[str]]:
    """One small alternation per first letter, tried only at words starting with that letter.

    A single alternation of every phrase cost more than VADER and TextBlob together, because the
    regex engine tries each phrase at each word. Service names come first in each alternation
    (groups n0, n1...) so "SEND support" is blanked before "support" could be scored."""
    by_letter: dict[str, list[str]] = {}
    named = [(f"n{index}", pattern) for index, pattern in enumerate(NEUTRAL_TERMS)]
    named += [(f"p{index}", pattern) for index, (pattern, _v) in enumerate(FEEDBACK_PHRASES)]
    for name, pattern in named:
        for letter in sorted(_phrase_first_letters(pattern)):
            by_letter.setdefault(letter, []).append(f"(?P<{name}>{pattern})")
    return {
        letter: re.compile(r"(?:" + "|".join(branches) + r")\b", re.IGNORECASE)
        for letter, branches in by_letter.items()
    }


_PHRASE_INDEX = _build_phrase_index()
_WORD_START = re.compile(r"\b[^\W\d_]")
_EMOTICONS = frozenset(word for word in _VADER.lexicon if not any(c.isalpha() for c in word[:1]))
_EMOJI_CHARS = frozenset(char for emoji in _VADER.emojis for char in emoji if len(emoji) == 1)
_KNOWN_WORDS = frozenset(_VADER.lexicon) | frozenset(dict.keys(_PATTERN)) | _ENGLISH_WORDS


# --- public API --------------------------------------------------------------------------------------


def score(text: str) -> SentimentScore:
    """Score one comment; never raises on odd input, and says how far to trust the answer."""
    # Web forms and exports escape "<3" and "&" as entities; read them as the writer typed them.
    text = html.unescape(text or "") if "&" in (text or "") else (text or "")
    text = _ELONGATED.sub(_shorten_elongated, normalise_text(text))
    if not text:
        return NEUTRAL_EMPTY
    unreadable = _unreadable_reason(text)
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


# --- reading the text --------------------------------------------------------------------------------


def _unreadable_reason(text: str) -> str:
    """ "" for English text worth scoring, else "emoji" (nothing but emoji, emoticons and names),
    "junk" (binary or symbols) or "foreign" (another language, or no word any lexicon knows)."""
    sample = text[:4000]
    words = set(_WORD.findall(sample.lower()))
    has_emoji = _has_emoji(sample)
    if not has_emoji and (not words or len(_NOT_TEXT.findall(sample)) > 0.3 * len(sample)):
        return "junk"
    english = len(words & _ENGLISH_WORDS)
    foreign = len(words & _FOREIGN_WORDS)
    if foreign >= 2 and foreign > english and foreign >= 0.25 * len(words):
        return "emoji" if has_emoji else "foreign"
    if words.isdisjoint(_KNOWN_WORDS):
        return "emoji" if has_emoji else "foreign"
    if english < 2 and not sample.isascii():
        letters = len(_LETTER.findall(sample))
        non_ascii = len(_NON_ASCII_LETTER.findall(sample))
        if letters and non_ascii > 0.15 * letters:
            return "emoji" if has_emoji else "foreign"
    return ""


def _has_emoji(text: str) -> bool:
    if not text.isascii() and not _EMOJI_CHARS.isdisjoint(text):
        return True
    return not _EMOTICONS.isdisjoint(text.lower().split())


def _score_emoji_only(text: str) -> SentimentScore:
    """Emoji and emoticons feel the same in any language; score only them, and trust them little."""
    symbols = " ".join(
        token
        for token in text.split()
        if token.lower() in _EMOTICONS or any(c in _VADER.emojis for c in token)
    )
    # VADER reads emoji as their English names, so keep only the symbols, never stray foreign words.
    polarity = _squash(_unsquash(_VADER.polarity_scores(symbols)["compound"]))
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
            all_sentences[index] = _SARCASM_TOKEN
    return all_sentences


def _mark_sarcasm(sentence: str) -> str:
    """'Great, another six months of waiting': the opener is a sneer, so score it as one."""
    return _SARCASM.sub(_SARCASM_TOKEN, sentence, count=1)


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
    marked, phrases = _mark_phrases(clause)
    vader_raw = _unsquash(_VADER.polarity_scores(marked)["compound"])
    # TextBlob's own tokeniser costs as much as its scoring, and splits "didn't" so that its
    # negation is lost; a plain split with "not" written out does both jobs.
    pattern = _PATTERN(_PATTERN_TOKEN.findall(_NOT_CONTRACTION.sub(" not", marked).lower()))
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


def _mark_phrases(clause: str) -> tuple[str, dict[str, str]]:
    """Replace feedback phrases by lexicon tokens and blank service names; remember the originals."""
    found: dict[str, str] = {}
    pieces: list[str] = []
    done = 0
    for start in _WORD_START.finditer(clause):
        position = start.start()
        if position < done:
            continue
        phrases = _PHRASE_INDEX.get(clause[position].lower())
        match = phrases.match(clause, position) if phrases else None
        if match:
            pieces.append(clause[done:position])
            # the one named group that matched (lastgroup would be fooled by a group inside it)
            name = next(key for key, value in match.groupdict().items() if value is not None)
            if name.startswith("n"):
                pieces.append(_BLANK_TOKEN)
            else:
                token = _PHRASE_TOKEN.format(name[1:])
                found[token] = match.group(0).lower()
                pieces.append(token)
            done = match.end()
    if not pieces:
        return clause, found
    pieces.append(clause[done:])
    return "".join(pieces), found


def _shorten_elongated(match: re.Match[str]) -> str:
    """'sooo slowww' -> 'so slow', 'yaaay' -> 'yay': stretched words keep their meaning."""
    word = match.group(0)
    single = _REPEATS.sub(r"\1", word)
    if single.lower() in _KNOWN_WORDS:
        return single
    double = _REPEATS.sub(r"\1\1", word)
    return double if double.lower() in _KNOWN_WORDS else word


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
        valence = _VADER.lexicon.get(token)
        if not valence:
            continue
        phrase = phrases.get(token) or _DRIVER_NAMES.get(token, token)
        window = tokens[max(0, position - 3) : position]
        if any(word in _NEGATIONS or word.endswith("n't") for word in window):
            phrase, valence = f"not {phrase}", -0.74 * valence
        _keep_strongest(drivers, phrase, valence * weight)
    for words, polarity, *_rest in assessments:
        phrase = " ".join(phrases.get(word) or _DRIVER_NAMES.get(word, word) for word in words)
        if polarity and not any(word in _VADER.lexicon for word in words):
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
