"""How kb grows with the knowledge base: seeded synthetic corpora of 1,000 / 10,000 / 100,000 works.

Each corpus is one book whose bibliography holds N works (cited across N/100 chapters, 10 references
each among the others), enriched from the loopback OpenAlex with zero latency; its records are
generated and labelled synthetic, and everything goes to a temporary database (or the PostgreSQL
given), never to data/papers.sqlite. Steps: ingest, enrich, graph build + PageRank, `kb works
--limit 50`, `kb search`, `kb show`, the dashboard's overview query. Each size runs in its own
process, so the peak memory is that size's. Prints time per step, peak memory, database size and
the growth factor per 10x.

    python benchmarks/bench_scale.py [--sizes 1000,10000] [--repeat 3] [--postgres URL]

Targets (issue 14): every step grows at most 12x per 10x of data; interactive queries under 0.5 s
at 100,000 works; peak memory under 4 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STEPS = ("ingest", "enrich", "graph+pagerank", "works --limit 50", "search", "show", "overview")
INTERACTIVE = ("works --limit 50", "search", "show", "overview")


def corpus(root: Path, n: int, seed: int = 7) -> list[dict]:
    """Write the book (N works over N/100 chapters) and return the synthetic OpenAlex records."""
    from tests.fake_openalex import make_work

    rng = random.Random(seed)
    words = [f"{a}{b}" for a in "bcdfghklmnprstvz" for b in ("ar", "el", "io", "un", "os", "ex")]
    root.mkdir(parents=True, exist_ok=True)
    entries, records, chapters = [], [], []
    for i in range(n):
        title = " ".join(rng.choice(words) for _ in range(6)) + f" {i}"
        doi = f"10.9999/scale.{i}"
        refs = [f"W{10**7 + rng.randrange(n)}" for _ in range(10)]
        records.append(make_work(f"W{10**7 + i}", title, 2000 + i % 23, [f"Ann{i % 997} Lee{i % 89}"], doi=doi,
                                 references=refs))
        entries.append(f"@article{{k{i}, title={{{title}}}, author={{Lee{i % 89}, Ann{i % 997}}}, "
                       f"year={{{2000 + i % 23}}}, journal={{Journal {i % 50}}}, doi={{{doi}}}}}")
    per = 100
    for c in range(0, n, per):
        keys = "; ".join(f"@k{i}" for i in range(c, min(n, c + per)))
        chapters.append(f"# Chapter {c // per + 1}\n\nWorks [{keys}].\n")
    (root / "refs.bib").write_text("\n".join(entries) + "\n", encoding="utf-8")
    (root / "index.Rmd").write_text("---\nbibliography: refs.bib\n---\n" + "\n".join(chapters), encoding="utf-8")
    return records


def one(n: int, postgres: str | None) -> dict:
    """Run every step on one corpus size; returns seconds per step, peak MiB and database MiB."""
    from kb.api import KnowledgeBase
    from kb.api.books import overview
    from kb.api.graph import rank
    from kb.api.works import list_works, search, work_detail
    from kb.db import drop_schema, make_engine
    from kb.ingest.enrich import EnrichOptions, enrich
    from kb.ingest.openalex import OpenAlexConfig
    from kb.ingest.pipeline import ingest
    from tests.fake_openalex import FakeOpenAlex

    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        records = corpus(Path(tmp) / "book", n)
        url = postgres or f"sqlite:///{tmp}/scale.sqlite"
        engine = make_engine(url)
        if postgres:
            drop_schema(engine)
        server = FakeOpenAlex(records).start()
        try:
            start = time.perf_counter()
            ingest(engine, Path(tmp) / "book", name="scale")
            times["ingest"] = time.perf_counter() - start
            start = time.perf_counter()
            enrich(engine, EnrichOptions(), OpenAlexConfig(base_url=server.url, rate=10_000, workers=4))
            times["enrich"] = time.perf_counter() - start
        finally:
            server.stop()
        kb = KnowledgeBase(engine=engine)
        for name, call in (("graph+pagerank", lambda: rank(kb, "pagerank", book="scale", limit=10)),
                           ("works --limit 50", lambda: list_works(kb, book="scale", limit=50)),
                           ("search", lambda: search(kb, records[n // 2]["display_name"].split()[0], limit=20)),
                           ("show", lambda: work_detail(kb, kb.value("SELECT work_id FROM workkey WHERE key = 'k1'"))),
                           ("overview", lambda: overview(kb, "scale"))):
            start = time.perf_counter()
            call()
            times[name] = time.perf_counter() - start
        size = Path(f"{tmp}/scale.sqlite").stat().st_size if not postgres else kb.value(
            "SELECT pg_database_size(current_database())")
        engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "times": times, "peak_mib": peak, "db_mib": size / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--postgres", help="a PostgreSQL URL to measure instead of SQLite (its tables are dropped)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per size below 100,000 (their median is printed; 100,000 runs once)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.postgres)))
        return
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--postgres", args.postgres] if args.postgres else [])
        runs = []
        for _ in range(args.repeat if n < 100_000 else 1):
            out = subprocess.run(cmd, capture_output=True, text=True, check=True, env={**os.environ, "CI": ""})
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        results.append({"n": n, "runs": len(runs), "times": {s: statistics.median(r["times"][s] for r in runs)
                                                             for s in STEPS},
                        "peak_mib": max(r["peak_mib"] for r in runs), "db_mib": runs[-1]["db_mib"]})
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"kb at scale on {backend} (seeded synthetic corpora; times in seconds, the median of "
          f"{args.repeat} runs below 100,000 works)")
    print(f"  {'works':>7} " + " ".join(f"{s:>16}" for s in STEPS) + f" {'peak MiB':>9} {'db MiB':>7}")
    for r in results:
        print(f"  {r['n']:>7} " + " ".join(f"{r['times'][s]:>16.3f}" for s in STEPS)
              + f" {r['peak_mib']:>9.0f} {r['db_mib']:>7.1f}")
    for a, b in zip(results, results[1:]):
        growth = {s: b["times"][s] / max(a["times"][s], 1e-6) for s in STEPS}
        print(f"  growth {a['n']}->{b['n']}: " + ", ".join(f"{s} {g:.1f}x" for s, g in growth.items()))
        worst = max(growth.values())
        print(f"    every step at most 12x per 10x: {'met' if worst <= 12 else 'NOT met'} (worst {worst:.1f}x)")
    last = results[-1]
    slow = [s for s in INTERACTIVE if last["times"][s] >= 0.5]
    print(f"  interactive queries under 0.5 s at {last['n']} works: {'met' if not slow else 'NOT met: ' + ', '.join(slow)}")
    print(f"  peak memory under 4 GiB: {'met' if max(r['peak_mib'] for r in results) < 4096 else 'NOT met'}")


if __name__ == "__main__":
    main()
