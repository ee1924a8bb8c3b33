"""Graph build + PageRank at scale: kb's builder (from the database) against bare networkx on the
same edge list, side by side in one run, plus co-citation and coupling for the book's works.

A synthetic, seeded corpus is written to a temporary SQLite knowledge base: 100,000 works,
1,000,000 work -> work references, one book of 40 headings citing 400 of the works. Each
variant runs in its own process, so its peak memory (ru_maxrss) is its own.

    python benchmarks/bench_graph.py [--works 100000] [--references 1000000] [--runs 3]

Target: kb's build + PageRank within 1.5x of bare networkx, under 4 GiB.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

VARIANT = r'''
import json, resource, sqlite3, sys, time
sys.path.insert(0, sys.argv[3])
variant, db = sys.argv[1], sys.argv[2]
import networkx as nx
if variant == "bare":
    edges = sqlite3.connect(db).execute("SELECT citing_work_id, cited_work_id FROM reference").fetchall()
    start = time.perf_counter()
    G = nx.DiGraph(edges)
    built = time.perf_counter()
    nx.pagerank(G)
    done = time.perf_counter()
    extra = {}
else:
    from kb.db import make_engine
    from kb.graph import metrics
    from kb.api import KnowledgeBase
    from kb.graph.build import build_graph
    engine = make_engine(f"sqlite:///{db}", create=False)
    start = time.perf_counter()
    G = build_graph(KnowledgeBase(engine=engine), node_types=["work"])
    built = time.perf_counter()
    metrics.pagerank(G)
    done = time.perf_counter()
    book = [n for n, d in G.nodes(data=True) if d.get("in_book")]
    t0 = time.perf_counter()
    metrics.coupling(G, works=book)
    coupling_s = time.perf_counter() - t0
    full = build_graph(KnowledgeBase(engine=engine))
    t0 = time.perf_counter()
    metrics.cocitation(full)
    extra = {"coupling_s": coupling_s, "cocitation_s": time.perf_counter() - t0}
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB
print(json.dumps({"build": built - start, "pagerank": done - built, "total": done - start, "peak_mib": peak,
                  "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), **extra}))
'''


def make_corpus(path: Path, works: int, references: int, seed: int = 7) -> None:
    sys.path.insert(0, str(REPO))
    from kb.db import init_db, make_engine

    init_db(make_engine(f"sqlite:///{path}"))
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    con.executemany("INSERT INTO work (id, title, norm_title, year, authors, first_author, entry_type, sources, "
                    "origin) VALUES (?, ?, '', ?, '[]', '', 'article', '{}', ?)",
                    ((i, f"Synthetic work {i}", 1990 + i % 35, "bib" if i <= 400 else "openalex")
                     for i in range(1, works + 1)))
    con.execute("INSERT INTO book (id, name, title, format, root, files, bib_files, missing_bib_files) "
                "VALUES (1, 'synthetic', 'Synthetic book', 'pandoc', '.', '[]', '[]', '[]')")
    con.executemany("INSERT INTO heading (id, book_id, position, depth, level, kind, title, numbered, authors, "
                    "supervisors, file, line) VALUES (?, 1, ?, 1, 1, 'chapter', ?, 1, '[]', '[]', 'x.md', ?)",
                    ((h, h, f"Chapter {h}", h) for h in range(1, 41)))
    con.executemany("INSERT INTO workkey (book_id, key, work_id) VALUES (1, ?, ?)", ((f"k{i}", i) for i in range(1, 401)))
    con.executemany("INSERT INTO citation (book_id, heading_id, key, entry_key, status, work_id, file, line, "
                    "\"column\", sentence, narrative, suppress_author) VALUES (1, ?, ?, ?, 'exact', ?, 'x.md', 1, 1, '', 0, 0)",
                    ((rng.randint(1, 40), f"k{i}", f"k{i}", i) for i in range(1, 401) for _ in range(2)))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < references:  # the book's works cite more, as enriched works do
        a = rng.randint(1, 400) if rng.random() < 0.02 else rng.randint(1, works)
        b = min(works, int(rng.paretovariate(1.2))) if rng.random() < 0.5 else rng.randint(1, works)
        if a != b:
            pairs.add((a, b))
    con.executemany("INSERT INTO reference (citing_work_id, cited_work_id) VALUES (?, ?)", sorted(pairs))
    con.commit()
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--references", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.sqlite"
        make_corpus(db, args.works, args.references)
        results = {"bare": [], "kb": []}
        for _ in range(args.runs):
            for variant in results:
                out = subprocess.run([sys.executable, "-c", VARIANT, variant, str(db), str(REPO)], check=True,
                                     capture_output=True, text=True).stdout
                results[variant].append(json.loads(out))
    print(f"synthetic corpus: {args.works:,} works, {args.references:,} references; median of {args.runs} runs each, "
          "each in its own process")
    for variant, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("build", "pagerank", "total", "peak_mib")}
        extra = ""
        if variant == "kb":
            extra = (f"; coupling of the 400 book works {statistics.median(r['coupling_s'] for r in runs):.3f} s, "
                     f"co-citation {statistics.median(r['cocitation_s'] for r in runs):.3f} s")
        print(f"  {variant:<5} build {med['build']:6.2f} s  PageRank {med['pagerank']:6.2f} s  total {med['total']:6.2f} s"
              f"  peak {med['peak_mib']:7.0f} MiB  ({runs[0]['nodes']:,} nodes, {runs[0]['edges']:,} edges){extra}")
    ratio = statistics.median(r["total"] for r in results["kb"]) / statistics.median(r["total"] for r in results["bare"])
    peak = max(r["peak_mib"] for r in results["kb"])
    print(f"target: kb within 1.5x of bare networkx -> {'met' if ratio <= 1.5 else 'NOT met'} ({ratio:.2f}x); "
          f"under 4 GiB -> {'met' if peak < 4096 else 'NOT met'} ({peak:.0f} MiB)")


if __name__ == "__main__":
    main()
