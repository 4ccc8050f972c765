"""The lexicons the sentiment analyser reads with, built once at import.

VADER and TextBlob each get a private copy of their lexicon with the feedback phrases of
``lexicon_feedback`` added as placeholder tokens (the shared copies are untouched); the phrases are
indexed by first letter so marking them in a clause stays cheap; and short word lists tell English
from the other languages residents write in, or from binary junk. ``analysis.sentiment`` does the
scoring; this module only says what the words are.
"""

from __future__ import annotations

import os
import re
from typing import Any

import textblob.en as textblob_en
from textblob._text import EMOTICONS as _TEXTBLOB_EMOTICONS
from textblob.en import Sentiment as _PatternSentiment
from textblob.en import parser as _pattern_parser
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.lexicon_feedback import (
    FEEDBACK_PHRASES,
    NEUTRAL_TERMS,
    TEXTBLOB_NOT_SENTIMENT,
    word_set,
)

# A token no lexicon or language holds.
_PHRASE_TOKEN = "yszphrase{}"  # nosec B105 # a placeholder word, not a password
_BLANK_TOKEN = " yszblank "  # nosec B105 # a placeholder word, not a password

SARCASM_TOKEN = "yszsarcasm"  # nosec B105 # a placeholder word, not a password
_SARCASM_VALENCE = -2.0

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
PATTERN_TOKEN = re.compile(
    r"(?:(?<=\s)|^)(?:" + "|".join(map(re.escape, _PATTERN_EMOTICONS)) + r")(?=\s|$)"
    r"|[^\W_]+(?:'[a-z]+)?|!|\S"
)
ELONGATED = re.compile(r"\b\w*(\w)\1\1\w*\b")
_REPEATS = re.compile(r"(\w)\1{2,}")

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


# --- lexicons, built once at import ----------------------------------------------------------------


def _build_vader() -> SentimentIntensityAnalyzer:
    """A private VADER whose lexicon also knows the feedback phrases (the shared one is untouched)."""
    analyser = SentimentIntensityAnalyzer()
    analyser.lexicon = dict(analyser.lexicon)
    for index, (_pattern, valence) in enumerate(FEEDBACK_PHRASES):
        analyser.lexicon[_PHRASE_TOKEN.format(index)] = valence
    analyser.lexicon[SARCASM_TOKEN] = _SARCASM_VALENCE
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
    pattern[SARCASM_TOKEN] = {None: [_SARCASM_VALENCE / 4, 1.0, 1.0]}
    return pattern


VADER = _build_vader()
PATTERN = _build_pattern()
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
EMOTICONS = frozenset(word for word in VADER.lexicon if not any(c.isalpha() for c in word[:1]))
_EMOJI_CHARS = frozenset(char for emoji in VADER.emojis for char in emoji if len(emoji) == 1)
_KNOWN_WORDS = frozenset(VADER.lexicon) | frozenset(dict.keys(PATTERN)) | _ENGLISH_WORDS


# --- reading a text with them ----------------------------------------------------------------------


def unreadable_reason(text: str) -> str:
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
    return not EMOTICONS.isdisjoint(text.lower().split())


def mark_phrases(clause: str) -> tuple[str, dict[str, str]]:
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


def shorten_elongated(match: re.Match[str]) -> str:
    """'sooo slowww' -> 'so slow', 'yaaay' -> 'yay': stretched words keep their meaning."""
    word = match.group(0)
    single = _REPEATS.sub(r"\1", word)
    if single.lower() in _KNOWN_WORDS:
        return single
    double = _REPEATS.sub(r"\1\1", word)
    return double if double.lower() in _KNOWN_WORDS else word
