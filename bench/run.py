"""Run every benchmark in bench/ and print one table: figure, our value, the baseline measured in
the same run, and their ratio. Also writes the rows as JSON (default bench/results/latest.json).

    python -m bench.run [--only NAME] [--json PATH]

Each module bench/bench_*.py exposes ``run() -> list[dict]`` with keys figure, ours, baseline,
ratio and unit. Benchmarks may read ../shared; they are not part of the test suite.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def discover(only: str | None) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    return [n for n in names if not only or only in n]


def machine() -> str:
    cores = len(__import__("os").sched_getaffinity(0))
    return f"{platform.machine()}, {cores} cores, Python {platform.python_version()}, {platform.system()}"


def format_number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only benchmarks whose name contains this")
    parser.add_argument(
        "--json", default=str(HERE / "results" / "latest.json"), help="where to write the rows"
    )
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    failures = 0
    for name in discover(args.only):
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            for row in module.run():
                rows.append({"benchmark": name, **row})
        except Exception as error:  # a benchmark that cannot run is reported, the rest go on
            failures += 1
            print(f"{name}: could not run ({type(error).__name__}: {error})", file=sys.stderr)
        print(f"{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(f"Machine: {machine()}")
    print("| benchmark | figure | ours | baseline (same run) | ratio | unit |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['benchmark']} | {row['figure']} | {format_number(row['ours'])} | "
            f"{format_number(row['baseline'])} | {format_number(row['ratio'])} | {row.get('unit', '')} |"
        )
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2), encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
