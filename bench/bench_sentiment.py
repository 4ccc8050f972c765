"""Sentiment analyser speed against raw TextBlob, measured in the same run on the same texts.

The analyser may cost at most twice raw ``TextBlob(text).sentiment`` per text. Texts come from the
shared human-rated sets when ../shared is present, else from this repository's own labelled set.

    python bench/bench_sentiment.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textblob import TextBlob  # noqa: E402

from analysis.sentiment import score  # noqa: E402

SHARED_SETS = ROOT.parent / "shared" / "data" / "sentiment" / "vader_icwsm2014"
OWN_SET = ROOT / "tests" / "data" / "sentiment" / "send_feedback.tsv"
MAX_TEXTS = 6000  # enough for a stable rate, short enough to run in CI
ALLOWED_RATIO = 2.0


def load_texts() -> tuple[list[str], str]:
    files = sorted(SHARED_SETS.glob("*_GroundTruth.txt")) if SHARED_SETS.is_dir() else []
    source = "shared VADER ICWSM 2014 sets" if files else "tests/data send_feedback.tsv"
    texts: list[str] = []
    for path in files or [OWN_SET]:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split("\t")
            if len(parts) >= 3:
                texts.append(" ".join("\t".join(parts[2:]).split()))
    # interleave the sets so a cut-off keeps every kind of text
    texts = texts[:: max(1, len(texts) // MAX_TEXTS)][:MAX_TEXTS]
    while len(texts) < 1000:  # the own set is small: repeat it for a stable rate
        texts = texts + texts
    return texts, source


def _seconds(function, texts: list[str]) -> float:
    # CPU time of this process: on a shared machine, wall time measures the neighbours too.
    started = time.process_time()
    for text in texts:
        function(text)
    return time.process_time() - started


def rates(texts: list[str]) -> tuple[float, float]:
    """Texts per second for the analyser and raw TextBlob, best of five interleaved passes each,
    so a change in the machine's load falls on both alike."""
    ours = baseline = float("inf")
    for _ in range(5):
        ours = min(ours, _seconds(score, texts))
        baseline = min(baseline, _seconds(lambda text: TextBlob(text).sentiment, texts))
    return len(texts) / ours, len(texts) / baseline


def run() -> list[dict]:
    texts, source = load_texts()
    ours, baseline = rates(texts)
    return [
        {
            "figure": f"sentiment texts/second ({len(texts)} texts from {source})",
            "ours": round(ours, 1),
            "baseline": round(baseline, 1),
            "ratio": round(ours / baseline, 3),
            "unit": "texts/s (higher is better; baseline is raw TextBlob)",
        }
    ]


def main() -> int:
    for row in run():
        print(f"{row['figure']}")
        print(f"  yousaid analyser: {row['ours']:>10.1f} {row['unit']}")
        print(f"  raw TextBlob:     {row['baseline']:>10.1f}")
        cost = 1 / row["ratio"]
        verdict = "within" if cost <= ALLOWED_RATIO else "OVER"
        print(f"  cost per text: {cost:.2f} x TextBlob ({verdict} the {ALLOWED_RATIO:.0f}x budget)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
