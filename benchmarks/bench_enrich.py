"""`kb enrich` of the shared book against a loopback OpenAlex with 50 ms latency per request,
side by side with the naive way (one pyalex-built request per bibliography entry, a new
session each, as pyalex does), in one run: requests, cost in USD and wall time for each,
then a second kb run on the warm cache; then `kb new` (the works citing the book's works after it) and
its warm re-run.

The server's records are generated from the book's own bibliography and labelled synthetic,
with traps a real index holds beside them (an erratum "Correction: <title>" for every 5th work,
the same title by other authors for every 7th, a thesis of the next year for every 11th), and
kb's matches are scored against that world's truth (wrong matches, share of works found).
Everything goes to a temporary database, never to data/papers.sqlite.

    python benchmarks/bench_enrich.py [BOOK] [--latency 0.05]

Targets: at most 0.42 requests per bibliography entry, at most 0.5x the naive wall time (2x faster),
0 requests with a warm cache, 0 wrong matches; `kb new`: at most 1 request per 40 cited works (plus
paging), under $0.05 per book, 0 requests with a warm cache.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import requests
from pyalex import Works
from sqlalchemy import select
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb import ids  # noqa: E402
from kb.db import make_engine  # noqa: E402
from kb.ingest.enrich import EnrichOptions, enrich  # noqa: E402
from kb.ingest.openalex import COST_USD, OpenAlexConfig, query_path, request_kind  # noqa: E402
from kb.ingest.pipeline import ingest  # noqa: E402
from kb.ingest.since import SinceOptions, since_book  # noqa: E402
from kb.models import BibEntry, Work  # noqa: E402
from tests.fake_openalex import FakeOpenAlex, make_work  # noqa: E402

DEFAULT_BOOK = Path(__file__).resolve().parents[1].parent / "shared" / "books" / "multimodal-dl"
KEY = "benchmark-key"


def synthetic_records(engine) -> list[dict]:
    with Session(engine) as session:
        works = session.execute(select(Work).where(Work.origin == "bib")).scalars().all()
    records = []
    after = max((w.year or 0) for w in works) + 1  # the newer works `kb new` finds
    for w in works:
        doi = w.doi or (ids.arxiv_doi(w.arxiv_id) if w.arxiv_id else None)
        names = [f"{a.get('given', '')} {a.get('family', '')}".strip() for a in w.authors or []]
        names = names or ["Unknown Author"]
        records.append(make_work(f"W{100000 + w.id}", w.title, w.year, names, doi=doi,
                                 venue=w.venue, references=[f"W{100000 + (w.id % len(works)) + 1}"],
                                 related=[f"W{600000 + (w.id * 7 + k) % 97}" for k in range(3)]))
        for k in range(w.id % 4):  # 0-3 newer works citing it and its neighbour
            records.append(make_work(f"W{500000 + w.id * 4 + k}", f"Follow-up {w.id}-{k}", after + k, ["New Author"],
                                     references=[f"W{100000 + w.id}", f"W{100000 + (w.id % len(works)) + 1}"],
                                     cited_by=(w.id * 13 + k) % 400))
        if w.id % 5 == 0:
            records.append(make_work(f"W{200000 + w.id}", f"Correction: {w.title}", w.year, names))
        if w.id % 7 == 0:
            records.append(make_work(f"W{300000 + w.id}", w.title, w.year, ["Other Person", "Another One"]))
        if w.id % 11 == 0:
            records.append(make_work(f"W{400000 + w.id}", w.title, (w.year or 2020) + 1, names[:1],
                                     work_type="dissertation"))
    records += [make_work(f"W{600000 + r}", f"Related outside work {r}", 2015, ["Rel Author"]) for r in range(97)]
    return records


def truth_scores(engine) -> tuple[int, int, int]:
    """(wrong matches, right matches, works) against the synthetic world: W1000xx is each work's record."""
    with Session(engine) as session:
        rows = session.execute(select(Work.id, Work.openalex_id).where(Work.origin == "bib")).all()
    wrong = sum(1 for wid, oid in rows if oid and oid != f"W{100000 + wid}")
    right = sum(1 for wid, oid in rows if oid == f"W{100000 + wid}")
    return wrong, right, len(rows)


def naive(engine, base_url: str) -> tuple[int, float, float]:
    """One request per bibliography entry: DOI or arXiv DOI if any, else a title search."""
    with Session(engine) as session:
        entries = session.execute(select(BibEntry)).scalars().all()
    count, cost = 0, 0.0
    start = time.perf_counter()
    for e in entries:
        doi = ids.normalize_doi(e.fields.get("doi"))
        arxiv = ids.arxiv_from_fields(e.fields)
        if doi or arxiv:
            path = f"/works/doi:{doi or ids.arxiv_doi(arxiv)}"
        else:
            path = query_path(Works().search_filter(title=ids.normalize_title(e.fields.get("title")) or e.key))
        with requests.Session() as session:  # pyalex opens a new session for every call
            session.get(f"{base_url}{path}", headers={"Authorization": f"Bearer {KEY}"}, timeout=30)
        count += 1
        cost += COST_USD[request_kind(path)]
    return count, cost, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", type=Path, default=DEFAULT_BOOK)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.sqlite")
        ingest(engine, args.book, name="book")
        with Session(engine) as session:
            n_entries = len(session.execute(select(BibEntry.id)).all())
        server = FakeOpenAlex(synthetic_records(engine), latency=args.latency, api_key=KEY).start()
        try:
            n_naive, cost_naive, wall_naive = naive(engine, server.url)
            config = OpenAlexConfig(base_url=server.url, api_key=KEY)
            before = len(server.log)
            start = time.perf_counter()
            report = enrich(engine, EnrichOptions(), config)
            wall_kb = time.perf_counter() - start
            n_kb = len(server.log) - before
            wrong, right, total = truth_scores(engine)
            start = time.perf_counter()
            enrich(engine, EnrichOptions(), config)
            wall_warm = time.perf_counter() - start
            n_warm = len(server.log) - before - n_kb
            before = len(server.log)
            since = since_book(engine, SinceOptions(), config)
            n_new = len(server.log) - before
            since_book(engine, SinceOptions(), config)
            n_new_warm = len(server.log) - before - n_new
        finally:
            server.stop()
    print(f"{args.book.name}: {n_entries} bibliography entries, {report.works} works; "
          f"loopback OpenAlex with {args.latency * 1000:.0f} ms latency; rate {config.effective_rate:g}/s, {config.workers} workers")
    print(f"  naive (1 request per entry)   {n_naive:5d} requests  ${cost_naive:.4f}  {wall_naive:7.2f} s")
    print(f"  kb enrich                     {n_kb:5d} requests  ${report.cost_usd:.4f}  {wall_kb:7.2f} s   "
          f"{dict(sorted(report.requests.items()))}")
    print(f"  kb enrich, warm cache         {n_warm:5d} requests  $0.0000  {wall_warm:7.2f} s")
    matched = sum(report.matched.values())
    print(f"  kb matched {matched} of {report.works} works ({report.matched}); review {report.review}, "
          f"not found {report.not_found}")
    print(f"  against the fake world's truth: {wrong} wrong matches, {right} of {total} works found "
          f"({100 * right / total:.1f}%)")
    print(f"  kb new (since {since.since})        {n_new:5d} requests  ${since.cost_usd:.4f}   "
          f"{dict(sorted(since.requests.items()))}; {since.newer} newer works citing {since.works} works; "
          f"warm cache: {n_new_warm} requests")
    per_entry = n_kb / n_entries
    speedup = wall_naive / wall_kb
    print(f"targets: requests per entry {per_entry:.2f} (<= 0.42: {'met' if per_entry <= 0.42 else 'NOT met'}); "
          f"wall time {1 / speedup:.2f}x naive (<= 0.5x: {'met' if speedup >= 2 else 'NOT met'}); "
          f"warm-cache requests {n_warm} (0: {'met' if n_warm == 0 else 'NOT met'}); "
          f"wrong matches {wrong} (0: {'met' if wrong == 0 else 'NOT met'})")
    works_per_request = since.works / max(n_new, 1)
    print(f"targets (kb new): {works_per_request:.0f} cited works per request (>= 40: "
          f"{'met' if works_per_request >= 40 else 'NOT met'}); cost ${since.cost_usd:.4f} (< $0.05: "
          f"{'met' if since.cost_usd < 0.05 else 'NOT met'}); warm-cache requests {n_new_warm} "
          f"(0: {'met' if n_new_warm == 0 else 'NOT met'})")


if __name__ == "__main__":
    main()
