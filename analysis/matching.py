"""Suggest which plan actions and outcome measures a piece of free text bears on.

Officers used to copy comments into spreadsheets by hand to show which action each one evidenced.
At intake yousaid suggests those links instead, and an officer confirms or rejects them.

The method is BM25 (Robertson and Zaragoza's probabilistic relevance framework, as used by Lucene)
over one small "document" per plan target: its objective or statement, plus its keywords, which
count more because they are the words parents and staff actually use. Before counting, text goes
through the same folding as themes (:func:`analysis.send_vocabulary.fold_terms`: "EHC plan" and
"EHCP" are one term, "behavior" is "behaviour"), stop words go, and the rest are Snowball-stemmed.
Multi-word keywords ("waiting list", "year 11") are matched only as whole phrases, so "year" in
one sentence and "11" in another do not count.

Everything is plain data: the caller turns a stored plan into :class:`PlanTarget` objects, builds
one :class:`Matcher` (which precomputes every weight), and calls :meth:`Matcher.suggest` per text.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

import yaml
from nltk.stem.snowball import SnowballStemmer

from analysis.send_vocabulary import CANONICAL_TERMS, STOP_WORDS, fold_terms
from analysis.text import words

# Scores are in units of "one word only one target has, found once in an average target". One
# such keyword from a target's keyword list scores about 1.37, so the default lets a single
# distinctive keyword ("taxi", "tribunal") through but not a single word from an objective, nor a
# few common ones. Chosen on two thirds of bench/data/linking_labelled.tsv and checked on the
# held-out third; bench/bench_linking.py prints the figures at other thresholds.
DEFAULT_THRESHOLD = 1.25
# A suggestion must also score at least this share of the best one for the same text: a comment
# that is squarely about tribunals should not also be offered every action that mentions "parents".
DEFAULT_RELATIVE_CUT = 0.8

# BM25 constants: k1 saturates repeated words, b discounts long targets. The usual values.
_K1 = 1.2
_B = 0.75
# Keywords are the plan owner's own list of words people use about a target, so they weigh more
# than words that merely appear in an objective written in plan language.
_KEYWORD_WEIGHT = 2.0

# Words of plan language that say what the council will do rather than what a comment is about.
_PLAN_WORDS_TEXT = """develop developing ensure focus focusing including include particular particularly
    further aiming high across within support provide provided need needs send"""
_PLAN_WORDS = frozenset(_PLAN_WORDS_TEXT.split())

# Articles at either end of a keyword ("the Local Offer") are not part of what must match.
_ARTICLES = frozenset({"the", "a", "an"})
# Each word of a phrase keyword also counts on its own, at this share of the phrase's weight, so
# "waited" still points a little towards a target whose keyword is "waiting list".
_PHRASE_PART_WEIGHT = 0.3

_STEMMER = SnowballStemmer("english")


@dataclass(frozen=True)
class PlanTarget:
    """One thing a link can point at: an action ("2.5") or an outcome measure ("1.G")."""

    kind: str  # "action" | "measure"
    ref: str  # action ref or measure code, exactly as the plan writes it
    text: str  # objective or statement
    keywords: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()  # for actions: the measure codes it serves


@dataclass(frozen=True)
class Suggestion:
    """A suggested link, the BM25 score behind it, and the terms of the text that matched."""

    kind: str
    ref: str
    score: float
    matched_terms: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ref": self.ref,
            "score": round(self.score, 3),
            "matched_terms": list(self.matched_terms),
        }


@lru_cache(maxsize=20_000)
def _stem(term: str) -> str:
    """Stem a folded term; canonical SEND terms and anything with a digit are already exact."""
    if term in CANONICAL_TERMS or any(character.isdigit() for character in term):
        return term
    return str(_STEMMER.stem(term))


@dataclass(frozen=True)
class _Token:
    term: str  # what is counted: stemmed, unless a stop word or a canonical SEND term
    surface: str  # the folded word, shown as a matched term
    stop: bool  # counted only inside a phrase keyword ("out of school"), never alone


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for term in fold_terms(words(text)):
        stop = term in STOP_WORDS or term in _PLAN_WORDS or len(term) < 2
        tokens.append(_Token(term if stop else _stem(term), term, stop))
    return tokens


def index_terms(text: str) -> list[tuple[str, str]]:
    """(index term, the word as folded) for each meaningful word of ``text``, in order."""
    return [(token.term, token.surface) for token in _tokens(text) if not token.stop]


def _keyword_terms(keyword: str) -> tuple[str, ...]:
    """A keyword as the sequence it must appear as; stop words inside it count ("out of school")."""
    tokens = _tokens(keyword)
    while tokens and tokens[0].surface in _ARTICLES:
        tokens = tokens[1:]
    while tokens and tokens[-1].surface in _ARTICLES:
        tokens = tokens[:-1]
    if len(tokens) == 1 and tokens[0].stop:
        return ()
    return tuple(token.term for token in tokens)


def _content_terms(phrase: tuple[str, ...]) -> list[str]:
    return [term for term in phrase if term not in STOP_WORDS and term not in _PLAN_WORDS]


@dataclass(frozen=True)
class _Document:
    ref: str
    kind: str
    measures: tuple[str, ...]


class _Index:
    """BM25 over one kind of target, with each term's contribution precomputed per target."""

    def __init__(self, targets: Sequence[PlanTarget]) -> None:
        self.documents = [_Document(t.ref, t.kind, t.measures) for t in targets]
        self.phrases: set[tuple[str, ...]] = set()
        weighted = [self._weighted_terms(target) for target in targets]
        self.longest_phrase = max((len(p) for p in self.phrases), default=1)
        self.postings = self._postings(weighted)

    def _weighted_terms(self, target: PlanTarget) -> Counter[str]:
        counts: Counter[str] = Counter(term for term, _ in index_terms(target.text))
        for keyword in target.keywords:
            phrase = _keyword_terms(keyword)
            if not phrase:
                continue
            if len(phrase) > 1:
                self.phrases.add(phrase)
                for part in _content_terms(phrase):
                    # Counter adds floats happily; typeshed types its values as int.
                    counts[part] += _PHRASE_PART_WEIGHT  # type: ignore[assignment]
            counts[" ".join(phrase)] += _KEYWORD_WEIGHT  # type: ignore[assignment]
        return +counts

    def _postings(self, weighted: list[Counter[str]]) -> dict[str, list[tuple[int, float]]]:
        lengths = [sum(counts.values()) for counts in weighted]
        average = (sum(lengths) / len(lengths)) if lengths else 1.0
        document_frequency: Counter[str] = Counter()
        for counts in weighted:
            document_frequency.update(counts.keys())
        total = len(weighted)
        # Scores are in units of "one word that only one target has", so a threshold means the
        # same whether a plan has ten actions or sixty.
        unit = math.log(1 + (total - 0.5) / 1.5) if total else 1.0
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for position, counts in enumerate(weighted):
            norm = _K1 * (1 - _B + _B * lengths[position] / (average or 1.0))
            for term, frequency in counts.items():
                df = document_frequency[term]
                idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
                saturated = frequency * (_K1 + 1) / (frequency + norm)
                postings[term].append((position, idf / unit * saturated))
        return dict(postings)

    def query_terms(self, tokens: list[_Token]) -> dict[str, str]:
        """Each distinct query term (single words and known phrases) -> how it read in the text."""
        found: dict[str, str] = {}
        terms = [token.term for token in tokens]
        for start, token in enumerate(tokens):
            if not token.stop:
                found.setdefault(token.term, token.surface)
            for length in range(2, min(self.longest_phrase, len(terms) - start) + 1):
                phrase = tuple(terms[start : start + length])
                if phrase in self.phrases:
                    surfaces = " ".join(t.surface for t in tokens[start : start + length])
                    found.setdefault(" ".join(phrase), surfaces)
        return found

    def score(self, query: dict[str, str]) -> dict[int, tuple[float, list[tuple[float, str]]]]:
        """Target position -> (score, [(contribution, surface term)...]) for targets that match."""
        totals: dict[int, float] = defaultdict(float)
        contributions: dict[int, list[tuple[float, str]]] = defaultdict(list)
        for term, surface in query.items():
            for position, weight in self.postings.get(term, ()):
                totals[position] += weight
                contributions[position].append((weight, surface))
        return {position: (totals[position], contributions[position]) for position in totals}


def _matched(contributions: list[tuple[float, str]]) -> tuple[str, ...]:
    ordered = sorted(contributions, key=lambda pair: (-pair[0], pair[1]))
    return tuple(dict.fromkeys(surface for _, surface in ordered))


class Matcher:
    """Suggest actions and measures for free text; build once per plan, then call per text.

    Measures are suggested two ways. Most measures are outcomes ("Parents express an improved level
    of confidence...") that describe almost any comment in general words, so matching their
    statements directly suggests the same few measures for everything. A comment evidences a
    measure through the action it is about, so measures are inherited from suggested actions, at
    that action's score and with its matched terms. A measure whose own statement or keywords match
    strongly (above the threshold, like an action) is suggested directly too, which covers measures
    no action serves, such as a hub's attendance measure.
    """

    def __init__(
        self,
        targets: Sequence[PlanTarget],
        threshold: float = DEFAULT_THRESHOLD,
        relative_cut: float = DEFAULT_RELATIVE_CUT,
    ) -> None:
        self.threshold = threshold
        self.relative_cut = relative_cut
        self._actions = _Index([t for t in targets if t.kind == "action"])
        self._measures = _Index([t for t in targets if t.kind == "measure"])

    def suggest(self, text: str, limit: int = 5) -> list[Suggestion]:
        """Actions (up to ``limit``, best first) then measures (up to ``limit``, best first)."""
        tokens = _tokens(text)
        if not tokens:
            return []
        actions = self._kept(self._actions, tokens, "action")[:limit]
        measures = self._measures_for(actions, self._kept(self._measures, tokens, "measure"))
        return actions + measures[:limit]

    def suggest_many(self, texts: Iterable[str]) -> Iterator[list[Suggestion]]:
        """One list per text, in order, so results stay aligned with their texts."""
        for text in texts:
            yield self.suggest(text)

    def _kept(self, index: _Index, tokens: list[_Token], kind: str) -> list[Suggestion]:
        scored = index.score(index.query_terms(tokens))
        if not scored:
            return []
        best = max(score for score, _ in scored.values())
        floor = max(self.threshold, best * self.relative_cut)
        suggestions = [
            Suggestion(kind, index.documents[position].ref, score, _matched(contributions))
            for position, (score, contributions) in scored.items()
            if score >= floor
        ]
        return sorted(suggestions, key=lambda s: (-s.score, s.ref))

    def _measures_for(
        self, actions: list[Suggestion], direct: list[Suggestion]
    ) -> list[Suggestion]:
        served_by = {document.ref: document.measures for document in self._actions.documents}
        known = {document.ref for document in self._measures.documents}
        best: dict[str, Suggestion] = {s.ref: s for s in direct}
        for action in actions:
            for code in served_by.get(action.ref, ()):
                if code not in known:
                    continue
                current = best.get(code)
                if current is None or action.score > current.score:
                    best[code] = Suggestion("measure", code, action.score, action.matched_terms)
        return sorted(best.values(), key=lambda s: (-s.score, s.ref))


def write_jsonl(matcher: Matcher, lines: Iterable[str], out: TextIO) -> int:
    """One JSON object per input line, {"actions": [...], "measures": [...]}; returns lines written.

    An empty line gets empty lists rather than being skipped, so output line n always answers
    input line n.
    """
    written = 0
    for line in lines:
        suggestions = matcher.suggest(line.rstrip("\n")) if line.strip() else []
        record: dict[str, list[dict[str, Any]]] = {"actions": [], "measures": []}
        for suggestion in suggestions:
            entry = suggestion.as_dict()
            del entry["kind"]
            record[f"{suggestion.kind}s"].append(entry)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return written


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(value) for value in values or ())


def load_targets_from_plan_file(path: str | Path) -> list[PlanTarget]:
    """Targets from a plan YAML file (examples/plans/*.yaml): every measure, then every action.

    An action's text is its objective only. Its monitoring text is written about how the council
    will check progress ("Parental satisfaction surveys... reported to Aiming High") and nearly
    every action says much the same: adding it did not improve suggestions on the labelled set.
    """
    plan = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    targets = [
        PlanTarget(
            kind="measure",
            ref=str(measure["code"]),
            text=str(measure.get("statement", "")),
            keywords=_strings(measure.get("keywords")),
        )
        for measure in plan.get("measures") or ()
    ]
    for priority in plan.get("priorities") or ():
        for action in priority.get("actions") or ():
            targets.append(
                PlanTarget(
                    kind="action",
                    ref=str(action["ref"]),
                    text=str(action.get("objective", "")),
                    keywords=_strings(action.get("keywords")),
                    measures=_strings(action.get("measures")),
                )
            )
    return targets
