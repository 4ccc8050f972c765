"""How well link suggestions agree with an officer, against a naive keyword-overlap matcher.

    python bench/bench_linking.py [--plan FILE] [--threshold X]

Reads bench/data/linking_labelled.tsv (text, the action refs an officer would link; see
bench/data/README.md) and the plan examples/plans/send-operations-2017-18.yaml, whose actions'
keywords: lists the matcher uses besides each objective. Reports micro precision, recall and F1 of
suggested ACTION refs on the tuning two thirds and the held-out third, a table across thresholds, and time per text.
The baseline is measured in the same run: it suggests every action sharing at least two distinct
non-stop words with the text.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from analysis.matching import (  # noqa: E402  (the path line above lets the file run directly)
    DEFAULT_THRESHOLD,
    Matcher,
    PlanTarget,
    load_targets_from_plan_file,
)
from analysis.send_vocabulary import STOP_WORDS  # noqa: E402
from analysis.text import words  # noqa: E402

LABELLED = HERE / "data" / "linking_labelled.tsv"
PLAN = ROOT / "examples" / "plans" / "send-operations-2017-18.yaml"
THRESHOLDS = (0.8, 1.0, 1.1, 1.2, 1.25, 1.3, 1.4, 1.6, 1.8, 2.0)

Labelled = list[tuple[str, frozenset[str]]]
Suggest = Callable[[str], set[str]]


def read_labelled(path: Path = LABELLED) -> Labelled:
    rows: Labelled = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        text, _, refs = line.partition("\t")
        rows.append((text, frozenset(r.strip() for r in refs.split(",") if r.strip())))
    return rows


def split(rows: Labelled) -> tuple[Labelled, Labelled]:
    """Every third item is held out: it was not looked at while tuning keywords or thresholds."""
    tuning = [row for i, row in enumerate(rows) if i % 3 != 2]
    held_out = [row for i, row in enumerate(rows) if i % 3 == 2]
    return tuning, held_out


def load_targets(plan: Path) -> tuple[list[PlanTarget], str]:
    """Every measure and action of the plan YAML, with the keywords its owner wrote."""
    plan = plan.resolve()
    if not plan.is_file():
        raise FileNotFoundError(f"no plan YAML at {plan}")
    shown = plan.relative_to(ROOT) if plan.is_relative_to(ROOT) else plan
    return load_targets_from_plan_file(plan), str(shown)


class KeywordOverlap:
    """The naive matcher an officer might write in a spreadsheet: shared words, no weighting."""

    def __init__(self, targets: Sequence[PlanTarget], minimum: int = 2) -> None:
        self.minimum = minimum
        self.vocabulary = {
            t.ref: self._words(" ".join((t.text, *t.keywords)))
            for t in targets
            if t.kind == "action"
        }

    @staticmethod
    def _words(text: str) -> set[str]:
        return {w.lower() for w in words(text) if w.lower() not in STOP_WORDS and len(w) > 2}

    def suggest(self, text: str) -> set[str]:
        mine = self._words(text)
        return {
            ref for ref, theirs in self.vocabulary.items() if len(mine & theirs) >= self.minimum
        }


def ours(matcher: Matcher) -> Suggest:
    return lambda text: {s.ref for s in matcher.suggest(text) if s.kind == "action"}


def score(suggest: Suggest, rows: Labelled, known: set[str]) -> dict[str, float]:
    """Micro precision, recall and F1 over action refs; labels the plan lacks are left out."""
    hits = suggested = expected = 0
    for text, refs in rows:
        gold = refs & known
        got = suggest(text)
        hits += len(got & gold)
        suggested += len(got)
        expected += len(gold)
    precision = hits / suggested if suggested else 1.0
    recall = hits / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "suggested": suggested}


def microseconds_per_text(suggest: Callable[[str], object], texts: Sequence[str]) -> float:
    suggest(texts[0])  # warm caches, as at intake after the first comment
    rounds = 20
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            suggest(text)
    return (time.perf_counter() - started) / (rounds * len(texts)) * 1e6


def _row(figure: str, mine: float, baseline: float, unit: str) -> dict[str, object]:
    ratio = mine / baseline if baseline else float("inf")
    return {"figure": figure, "ours": mine, "baseline": baseline, "ratio": ratio, "unit": unit}


def run(
    plan: Path = PLAN, threshold: float = DEFAULT_THRESHOLD, report: bool = False
) -> list[dict]:
    targets, source = load_targets(plan)
    known = {t.ref for t in targets if t.kind == "action"}
    rows = read_labelled()
    tuning, held_out = split(rows)
    matcher = Matcher(targets, threshold=threshold)
    naive = KeywordOverlap(targets)
    results = []
    for name, part in (("tuning", tuning), ("held-out", held_out), ("all", rows)):
        mine, theirs = score(ours(matcher), part, known), score(naive.suggest, part, known)
        for measure in ("precision", "recall", "f1"):
            results.append(
                _row(
                    f"action {measure}, {name} ({len(part)} texts)",
                    mine[measure],
                    theirs[measure],
                    "fraction",
                )
            )
    texts = [text for text, _ in rows]
    results.append(
        _row(
            "time per text",
            microseconds_per_text(matcher.suggest, texts),
            microseconds_per_text(naive.suggest, texts),
            "µs",
        )
    )
    if report:
        _print_report(source, targets, rows, tuning, held_out, known, threshold, results)
    return results


def _print_report(source, targets, rows, tuning, held_out, known, threshold, results) -> None:
    print(f"Plan: {source}; {len(known)} actions; {len(rows)} labelled texts")
    print(f"Threshold {threshold}")
    for row in results:
        print(
            f"  {row['figure']:<42} ours {row['ours']:.3f}  baseline {row['baseline']:.3f}  {row['unit']}"
        )
    print("\nAcross thresholds (precision / recall / F1):")
    print(f"  {'threshold':>9}  {'tuning':^20}  {'held-out':^20}")
    for candidate in THRESHOLDS:
        matcher = Matcher(targets, threshold=candidate)
        cells = []
        for part in (tuning, held_out):
            figures = score(ours(matcher), part, known)
            cells.append(
                f"{figures['precision']:.2f} / {figures['recall']:.2f} / {figures['f1']:.2f}"
            )
        print(f"  {candidate:>9}  {cells[0]:^20}  {cells[1]:^20}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=Path, default=PLAN)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument(
        "--errors", action="store_true", help="list texts on the tuning part the matcher gets wrong"
    )
    args = parser.parse_args(argv)
    run(args.plan, args.threshold, report=True)
    if args.errors:
        targets, _ = load_targets(args.plan)
        matcher = Matcher(targets, threshold=args.threshold)
        known = {t.ref for t in targets if t.kind == "action"}
        for text, refs in split(read_labelled())[0]:
            got = [s for s in matcher.suggest(text) if s.kind == "action"]
            if {s.ref for s in got} != refs & known:
                shown = ", ".join(f"{s.ref} {s.score:.1f} {list(s.matched_terms)[:4]}" for s in got)
                print(f"- want {sorted(refs)} got [{shown}]  {text[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
