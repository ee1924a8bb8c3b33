"""Precision and recall of the taxonomy labels against the hand-labelled sample, per node and micro-averaged.

Ingests the shared book into a temporary database, classifies it with the default taxonomy (or
--taxonomy FILE) and compares the modalities and architecture families of the works in
tests/data/taxonomy_sample.tsv. With --enriched DB (a knowledge base that `kb enrich` filled from
OpenAlex, holding the same book) the same comparison runs on that knowledge base as well, so the
figures with and without enrichment print side by side.

    python benchmarks/bench_taxonomy.py [BOOK] [--taxonomy FILE] [--enriched DB] [--errors]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kb.api import KnowledgeBase  # noqa: E402
from kb.api.labels import evaluate_labels, read_label_sample  # noqa: E402
from kb.db import make_engine  # noqa: E402
from kb.graph.classify import classify  # noqa: E402
from kb.graph.taxonomy import load_taxonomy  # noqa: E402
from kb.ingest.pipeline import ingest  # noqa: E402

SAMPLE = REPO / "tests" / "data" / "taxonomy_sample.tsv"
DEFAULT_BOOK = REPO.parent / "shared" / "books" / "multimodal-dl"


def _fmt(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "-"


def report(title: str, result: dict, errors: bool) -> None:
    print(title)
    for branch, r in result.items():
        print(f"  {branch:<22} {'works':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>7}")
        for leaf, s in r["nodes"].items():
            print(f"    {leaf:<20} {s['tp'] + s['fn']:>5} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} "
                  f"{_fmt(s['precision']):>10} {_fmt(s['recall']):>7}")
        m = r["micro"]
        print(f"    {'micro':<20} {m['tp'] + m['fn']:>5} {m['tp']:>4} {m['fp']:>4} {m['fn']:>4} "
              f"{_fmt(m['precision']):>10} {_fmt(m['recall']):>7}")
        if errors:
            for key, missed, extra in r["errors"]:
                print(f"      {key}: missed {','.join(missed) or '-'}; extra {','.join(extra) or '-'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", type=Path, default=DEFAULT_BOOK)
    parser.add_argument("--taxonomy", type=Path)
    parser.add_argument("--enriched", type=Path, help="a knowledge base enriched from OpenAlex holding the book")
    parser.add_argument("--errors", action="store_true", help="list every work whose labels differ")
    args = parser.parse_args()
    sample = read_label_sample(SAMPLE)
    taxonomy = load_taxonomy(args.taxonomy)
    print(f"{len(sample)} hand-labelled works; labels from {args.taxonomy or 'the default taxonomy'}")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/t.sqlite")
        ingest(engine, args.book, name="book")
        classify(engine, taxonomy)
        report("without OpenAlex data:", evaluate_labels(KnowledgeBase(engine=engine), sample, "book"), args.errors)
        if args.enriched:
            copy = Path(tmp) / "enriched.sqlite"
            shutil.copy(args.enriched, copy)
            engine = make_engine(f"sqlite:///{copy}")
            classify(engine, taxonomy)
            report(f"with OpenAlex data ({args.enriched}):", evaluate_labels(KnowledgeBase(engine=engine), sample),
                   args.errors)
        else:
            print("with OpenAlex data: not measured (pass --enriched DB, a knowledge base `kb enrich` filled)")


if __name__ == "__main__":
    main()
