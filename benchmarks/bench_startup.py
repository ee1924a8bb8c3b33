"""`kb show KEY` as a whole process against `python -c pass`, side by side in one run.

Reads the bundled knowledge base (data/papers.sqlite) unless --db is given; prints medians
over interleaved runs. Target: `kb show`, `kb search` and `kb works` under 0.5 s median.

    python benchmarks/bench_startup.py [--db PATH] [--key KEY] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(REPO / "data" / "papers.sqlite"))
    parser.add_argument("--key", default="vaswani2017attention")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        f"kb show {args.key}": [sys.executable, "-m", "kb.cli", "show", args.key, "--db", args.db],
        "kb search transformer": [sys.executable, "-m", "kb.cli", "search", "transformer", "--db", args.db,
                                  "--format", "json"],
        "kb works --limit 50": [sys.executable, "-m", "kb.cli", "works", "--db", args.db, "--book", "multimodal-dl",
                                "--limit", "50", "--format", "json"],
        "kb books": [sys.executable, "-m", "kb.cli", "books", "--db", args.db, "--format", "json"],
    }
    for cmd in commands.values():
        timed(cmd)  # warm the file cache
    times = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd))
    base = statistics.median(times["python -c pass"])
    print(f"whole-process wall time, median of {args.runs} interleaved runs")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<28} {median * 1000:7.0f} ms   ({median - base:+.3f} s over python)")
    show = statistics.median(times[f"kb show {args.key}"])
    slowest = max(statistics.median(v) for n, v in times.items() if n != "python -c pass")
    print(f"target: kb show, search and works under 0.5 s -> {'met' if slowest < 0.5 else 'NOT met'} "
          f"(kb show {show:.3f} s, slowest {slowest:.3f} s)")


if __name__ == "__main__":
    main()
