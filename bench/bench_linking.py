"""How well link suggestions agree with an officer, against a naive keyword-overlap matcher.

    python bench/bench_linking.py [--plan FILE] [--threshold X]

Reads bench/data/linking_labelled.tsv (text, the action refs an officer would link; see
bench/data/README.md) and the plan examples/plans/send-operations-2017-18.yaml; if that file is
missing, actions are read straight from the SEN and SEND operations plan seed in ../shared with the
draft keywords in SEED_KEYWORDS below. Reports micro precision, recall and F1 of suggested ACTION
refs on the tuning two thirds and the held-out third, a table across thresholds, and time per text.
The baseline is measured in the same run: it suggests every action sharing at least two distinct
non-stop words with the text.
"""

from __future__ import annotations

import argparse
import re
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
SEED_GLOB = "004_*.txt"
THRESHOLDS = (0.8, 1.0, 1.1, 1.2, 1.25, 1.3, 1.4, 1.6, 1.8, 2.0)

# Keywords for the seed fallback, written as a plan owner would (the words parents and staff use
# about each action). They are meant for the plan YAML's keywords: lists; until that file exists the
# bench uses them so its figures mean something.
SEED_KEYWORDS: dict[str, tuple[str, ...]] = {
    "1.1": (
        "self-assessment",
        "self assess",
        "audit",
        "SEN support",
        "mainstream school",
        "confidence in school",
        "provision map",
        "SENCO",
    ),
    "1.2": (
        "quality mark",
        "specialist leader of education",
        "SLE",
        "moderation",
        "school improvement",
        "Ofsted",
    ),
    "1.3": (
        "graduated response",
        "SEN support",
        "guidance",
        "SENCO",
        "early years",
        "consistency",
        "assess plan do review",
    ),
    "1.4": (
        "special school place",
        "specialist place",
        "sufficiency",
        "resourced provision",
        "out of area",
        "out of borough",
        "not enough places",
        "capacity",
    ),
    "1.5": (
        "autism",
        "diagnosis",
        "autism strategy",
        "masking",
    ),
    "1.6": (
        "best practice",
        "good practice",
        "network",
        "newsletter",
        "forum",
        "share practice",
    ),
    "1.7": (
        "transition",
        "year 6",
        "year 7",
        "secondary school",
        "moving up",
        "primary to secondary",
        "big school",
        "transition passport",
    ),
    "1.8": (
        "outreach",
        "advisory teacher",
        "specialist inclusion support service",
        "inclusion support",
        "advice for schools",
        "single front door",
        "referral",
    ),
    "1.9": (
        "exclusion",
        "excluded",
        "absence",
        "attendance",
        "EHE",
        "part-time timetable",
        "dashboard",
    ),
    "2.1": (
        "one page profile",
        "family conversation",
        "co-production meeting",
        "coproduction",
        "listened to",
        "EHCNA",
    ),
    "2.2": (
        "inclusion panel",
        "top-up funding",
        "high needs funding",
        "peer support",
        "headteacher",
        "funding",
    ),
    "2.3": (
        "Local Offer",
        "website",
        "advocacy",
        "IASS",
        "voice of the child",
        "information",
        "awareness",
        "school nurse",
        "leaflet",
        "signpost",
    ),
    "2.4": (
        "assessment process",
        "multi-disciplinary",
        "EHCNA",
        "joined up",
        "appointments",
        "assessments",
        "complex needs",
        "streamline",
    ),
    "2.5": (
        "survey",
        "questionnaire",
        "feedback",
        "satisfaction",
    ),
    "2.6": (
        "personal budget",
        "direct payment",
        "choice and control",
        "pilot",
    ),
    "2.7": (
        "tribunal",
        "mediation",
        "appeal",
        "refused",
        "refusal",
        "dispute",
        "disagreement",
        "turned down",
        "complaint",
    ),
    "2.8": (
        "consultation",
        "parent group",
        "parent carer forum",
        "engagement",
        "representative",
        "have a say",
        "parent voice",
        "strategy",
    ),
    "2.9": (
        "tell it once",
        "repeat",
        "same information",
        "records",
        "case notes",
        "caseworker",
        "systems",
        "story again",
    ),
    "3.1": (
        "NEET",
        "destinations",
        "not known",
        "leavers",
        "post 16",
    ),
    "3.2": (
        "post 16 data",
        "data",
        "dataset",
        "records",
        "plans ceased",
        "Future Focus",
    ),
    "3.3": (
        "year 11",
        "sixth form",
        "college place",
        "31 March",
        "phase transfer",
        "named college",
        "move to college",
    ),
    "3.4": (
        "statutory duties",
        "college",
        "FE",
        "annual review",
        "code of practice",
        "post 16 providers",
        "duty",
    ),
    "3.5": (
        "adult services",
        "adult social care",
        "adulthood",
        "preparing for adulthood",
        "continuing care",
        "age 18",
        "16 to 25",
    ),
    "3.6": (
        "supported internship",
        "apprenticeship",
        "employment",
        "work experience",
        "19 to 25",
        "jobs",
        "post 16 options",
    ),
    "3.7": (
        "outcomes",
        "scorecard",
        "achieving",
        "impact",
    ),
    "4.1": (
        "dashboard",
        "KPI",
        "performance",
        "data",
        "monthly reports",
        "scorecard",
    ),
    "4.2": (
        "waiting list",
        "waiting time",
        "SALT",
        "OT",
        "physiotherapy",
        "CAMHS",
        "portage",
        "community paediatrics",
        "paediatrician",
        "therapy",
        "wait",
    ),
    "4.3": (
        "JSNA",
        "needs analysis",
        "data on needs",
        "number of children",
        "local needs",
    ),
    "4.4": (
        "governance",
        "board",
        "oversight",
        "in charge",
        "accountability",
        "Health and Wellbeing Board",
        "Early Help",
        "strategic partnership",
    ),
    "4.5": (
        "panel",
        "decision",
        "specialist placement",
        "decision-making",
        "terms of reference",
    ),
    "4.6": (
        "quality of plans",
        "outcomes in the plan",
        "vague",
        "cut and paste",
        "health advice",
        "advice",
        "quality assurance",
    ),
    "4.7": (
        "satisfaction survey",
        "health and care services",
        "service feedback",
        "survey",
    ),
    "4.8": (
        "joint commissioning",
        "CCG",
        "health funding",
        "who pays",
        "commissioning",
    ),
    "4.9": (
        "DCO",
        "designated clinical officer",
        "single point of contact",
        "health contact",
        "one person",
    ),
    "4.10": (
        "emotional health and wellbeing",
        "mental health",
        "wellbeing service",
        "anxiety",
        "counselling",
    ),
    "4.11": (
        "high needs funding",
        "funding allocation",
        "fair funding",
        "top-up",
        "budget",
        "high needs block",
    ),
    "4.12": (
        "Ofsted",
        "CQC",
        "local area inspection",
        "self-evaluation",
        "SEF",
        "inspection",
    ),
    "4.13": (
        "EHCP",
        "delay",
        "late",
        "20 weeks",
        "deadline",
        "timescale",
        "annual review",
        "amended plan",
        "transfer",
        "waited",
        "chasing",
    ),
    "4.14": (
        "out of school",
        "full time education",
        "part-time timetable",
        "tuition",
        "no school place",
        "missing education",
        "hours a day",
    ),
    "4.15": (
        "accessibility",
        "accessibility plan",
        "wheelchair",
        "lift",
        "ramp",
        "physical access",
        "disabled access",
    ),
    "T.1": (
        "transport",
        "taxi",
        "travel assistance",
        "bus",
        "travel training",
        "school transport",
        "escort",
        "personal transport budget",
    ),
}

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


def seed_targets() -> list[PlanTarget]:
    """Actions from the plan seed's table rows, for when the plan YAML is not there yet."""
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob(SEED_GLOB))
    if not seeds:
        raise FileNotFoundError(f"no plan YAML at {PLAN} and no seed {SEED_GLOB}")
    targets: list[PlanTarget] = []
    for line in seeds[0].read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("\t")]
        refs = [i for i, cell in enumerate(cells) if re.fullmatch(r"\d\.\d{1,2}", cell)]
        if refs and len(cells) > refs[0] + 1:
            ref = cells[refs[0]]
            targets.append(
                PlanTarget("action", ref, cells[refs[0] + 1], SEED_KEYWORDS.get(ref, ()))
            )
        elif cells and cells[0] == "Transport" and len(cells) > 2:
            targets.append(PlanTarget("action", "T.1", cells[2], SEED_KEYWORDS["T.1"]))
    return targets


def load_targets(plan: Path) -> tuple[list[PlanTarget], str]:
    if plan.exists():
        return load_targets_from_plan_file(plan), str(plan.relative_to(ROOT))
    return seed_targets(), "seed 004 with SEED_KEYWORDS (no plan YAML yet)"


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
