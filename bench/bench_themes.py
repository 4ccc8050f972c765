"""Themes over a few thousand comments against a plain word count, measured in the same run.

The word count is what an officer could do in a spreadsheet: lower-case the words, drop stop words,
count in how many comments each appears. ``analysis.themes`` tags every sentence, folds SEND terms
("EHCP", "EHC plan", "education, health and care plan") and picks quotes, so it costs more; the
figure says how much. The top themes and top words are printed to stderr to compare by eye.

Texts are pairs of comments from this repository's labelled set (tests/data/sentiment), so every
text is distinct (the theme parser caches per text and is cleared before each pass) and the run
needs nothing outside the repository.

    python -m bench.run --only themes      # or: python bench/bench_themes.py
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import themes  # noqa: E402
from analysis.send_vocabulary import STOP_WORDS  # noqa: E402
from analysis.text import words  # noqa: E402

COMMENTS = ROOT / "tests" / "data" / "sentiment" / "send_feedback.tsv"
TEXTS = 3000
PASSES = 3


def load_texts(count: int = TEXTS, seed: int = 2026) -> list[themes.ThemeItem]:
    """``count`` distinct two-comment texts, half this period and half the previous one."""
    comments = [
        line.split("\t", 2)[2] for line in COMMENTS.read_text(encoding="utf-8").splitlines()
    ]
    rng = random.Random(seed)
    seen: set[str] = set()
    items: list[themes.ThemeItem] = []
    while len(items) < count:
        text = " ".join(rng.sample(comments, 2))
        if text in seen:
            continue
        seen.add(text)
        period = themes.CURRENT if len(items) % 2 == 0 else themes.PREVIOUS
        items.append(themes.ThemeItem(text, rng.uniform(-1, 1), period, f"YS-{len(items):04d}"))
    return items


def word_count(items: list[themes.ThemeItem], limit: int = 10) -> list[tuple[str, int]]:
    """The baseline: in how many current comments each non-stop word appears."""
    counts: Counter[str] = Counter()
    for item in items:
        if item.period == themes.CURRENT:
            counts.update({w.lower() for w in words(item.text)} - STOP_WORDS)
    return counts.most_common(limit)


def _best_seconds(function: Any, items: list[themes.ThemeItem]) -> tuple[float, Any]:
    # CPU time of this process, best of a few passes, the parse cache emptied before each, so a
    # busy neighbour on a shared machine does not decide the figure.
    best, result = float("inf"), None
    for _ in range(PASSES):
        themes._analyse.cache_clear()
        started = time.process_time()
        result = function(items)
        best = min(best, time.process_time() - started)
    return best, result


def run() -> list[dict[str, Any]]:
    items = load_texts()
    ours_seconds, found = _best_seconds(themes.find_themes, items)
    baseline_seconds, counted = _best_seconds(word_count, items)
    print("themes:     " + ", ".join(f"{t.label} {t.count}" for t in found[:6]), file=sys.stderr)
    print("word count: " + ", ".join(f"{w} {n}" for w, n in counted[:6]), file=sys.stderr)
    return [
        {
            "figure": f"themes over {len(items)} texts (two periods), texts/second",
            "ours": round(len(items) / ours_seconds, 1),
            "baseline": round(len(items) / baseline_seconds, 1),
            "ratio": round(baseline_seconds / ours_seconds, 3),
            "unit": "texts/s (higher is better; baseline is a plain word count)",
        },
    ]


def main() -> int:
    for row in run():
        print(row["figure"])
        print(f"  analysis.themes: {row['ours']:>10} {row['unit']}")
        print(f"  baseline:        {row['baseline']:>10}")
        print(f"  ratio:           {row['ratio']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
