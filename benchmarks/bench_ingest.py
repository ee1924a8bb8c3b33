"""`kb ingest` of the shared book against a bare bibtexparser parse of its book.bib.

Both run side by side in one process (imports and caches warmed once, runs interleaved),
and the script prints both medians and their ratio. Target: ingest within 3x the bare parse.
For scale it also times what reading book.bib alone costs: bibtexparser with its stock
LaTeX-decoding and name-splitting middlewares, and kb's own BibTeX reader doing the same job.

    python benchmarks/bench_ingest.py [BOOK] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    NormalizeFieldKeys,
    SeparateCoAuthors,
    SplitNameParts,
)

from kb.db import make_engine
from kb.ingest.bibtex import parse_bibtex
from kb.ingest.book import read_book
from kb.ingest.pipeline import ingest
from kb.ingest.resolve import resolve_book

DEFAULT_BOOK = Path(__file__).resolve().parents[1].parent / "shared" / "books" / "multimodal-dl"


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", type=Path, default=DEFAULT_BOOK)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    bib_text = (args.book / "book.bib").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(10_000))

        def fresh_ingest() -> None:
            ingest(make_engine(f"sqlite:///{tmp}/kb{next(counter)}.sqlite"), args.book, name="book")

        reused = make_engine(f"sqlite:///{tmp}/reused.sqlite")
        variants = {
            "bibtexparser.parse_string(book.bib)": lambda: bibtexparser.parse_string(bib_text),
            "bibtexparser, stock decode + names stack": lambda: bibtexparser.parse_string(
                bib_text, append_middleware=[NormalizeFieldKeys(), LatexDecodingMiddleware(), SeparateCoAuthors(),
                                             SplitNameParts()]),
            "kb: book.bib alone (decode + names)": lambda: parse_bibtex(bib_text, "book.bib"),
            "read + resolve (no database)": lambda: resolve_book(read_book(args.book)),
            "kb ingest, new SQLite file": fresh_ingest,
            "kb ingest, re-ingest (replace)": lambda: ingest(reused, args.book, name="book"),
        }
        for func in variants.values():  # warm imports, caches and the reused database
            func()
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, func in variants.items():
                times[name].append(timed(func))
    base = statistics.median(times["bibtexparser.parse_string(book.bib)"])
    print(f"{args.book.name}: {args.runs} runs each, interleaved; medians")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<40} {median * 1000:8.1f} ms   {median / base:5.2f}x the bare parse")
    ingest_ratio = statistics.median(times["kb ingest, new SQLite file"]) / base
    print(f"target: ingest <= 3.00x the bare parse -> {'met' if ingest_ratio <= 3 else 'NOT met'} ({ingest_ratio:.2f}x)")


if __name__ == "__main__":
    main()
