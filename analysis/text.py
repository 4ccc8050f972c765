"""Offline text basics shared by sentiment, themes and link suggestions.

TextBlob's own ``.words`` and ``.sentences`` need NLTK corpora that cannot be downloaded on many
council servers, so sentences and words are split here with regular expressions instead.
"""

from __future__ import annotations

import re
import unicodedata

# Sentence ends: . ! ? (and runs of them) or a line break, followed by space and a likely start.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9£])|\n+")
# Common abbreviations that end in a full stop but do not end a sentence.
_NO_BREAK_AFTER = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|e\.g|i\.e|etc|vs|approx|no)\.$", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z0-9£]+(?:['’][A-Za-z]+)*(?:[-/][A-Za-z0-9]+)*")


def normalise_text(text: str) -> str:
    """Unicode-normalise, unify quotes and collapse white space; keep line breaks as sentence ends."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def sentences(text: str) -> list[str]:
    """Split text into sentences without NLTK's punkt data."""
    text = normalise_text(text)
    if not text:
        return []
    pieces: list[str] = []
    buffer = ""
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        if not piece:
            continue
        buffer = f"{buffer} {piece}".strip() if buffer else piece
        if _NO_BREAK_AFTER.search(buffer):
            continue
        pieces.append(buffer)
        buffer = ""
    if buffer:
        pieces.append(buffer)
    return pieces


def words(text: str) -> list[str]:
    """Words as they appear (case kept), apostrophes and hyphenated compounds kept whole."""
    return _WORD.findall(normalise_text(text).replace("’", "'"))


def clip(text: str, length: int) -> str:
    """``text`` cut to at most ``length`` characters, with an ellipsis when it was longer."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
