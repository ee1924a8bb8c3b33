"""Precision and recall of the modality labels against the hand-labelled sample.

Ingests the shared book into a temporary database, classifies it with the default taxonomy
(or --taxonomy FILE), and compares the modalities of the works in tests/data/modality_sample.tsv.

    python benchmarks/bench_taxonomy.py [BOOK] [--taxonomy FILE]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kb.db import make_engine  # noqa: E402
from kb.api import KnowledgeBase, accepted_labels  # noqa: E402
from kb.graph.classify import classify  # noqa: E402
from kb.graph.taxonomy import load_taxonomy  # noqa: E402
from kb.ingest.pipeline import ingest  # noqa: E402

SAMPLE = REPO / "tests" / "data" / "modality_sample.tsv"
DEFAULT_BOOK = REPO.parent / "shared" / "books" / "multimodal-dl"


def read_sample(path: Path = SAMPLE) -> dict[str, set[str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row["key"]: {m for m in row["modalities"].split(";") if m}
            for row in csv.DictReader(lines, delimiter="\t")}


def evaluate(engine, sample: dict[str, set[str]]) -> dict[str, dict]:
    from sqlalchemy import select
    from sqlmodel import Session

    from kb.models import WorkKey

    labels = accepted_labels(KnowledgeBase(engine=engine))
    with Session(engine) as session:
        work_of = dict(session.execute(select(WorkKey.key, WorkKey.work_id)).all())
    predicted = {key: {n.split(".", 1)[1] for n in labels.get(work_of[key], {}) if n.startswith("modality.")}
                 for key in sample}
    result = {}
    for modality in ("text", "image", "video", "audio", "3d", "tabular"):
        tp = sum(1 for k in sample if modality in sample[k] and modality in predicted[k])
        fp = sum(1 for k in sample if modality not in sample[k] and modality in predicted[k])
        fn = sum(1 for k in sample if modality in sample[k] and modality not in predicted[k])
        result[modality] = {"tp": tp, "fp": fp, "fn": fn,
                            "precision": tp / (tp + fp) if tp + fp else None,
                            "recall": tp / (tp + fn) if tp + fn else None}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", type=Path, default=DEFAULT_BOOK)
    parser.add_argument("--taxonomy", type=Path)
    args = parser.parse_args()
    sample = read_sample()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/t.sqlite")
        ingest(engine, args.book, name="book")
        classify(engine, load_taxonomy(args.taxonomy))
        result = evaluate(engine, sample)
    print(f"{len(sample)} hand-labelled works; modality labels from {args.taxonomy or 'the default taxonomy'}")
    print(f"  {'modality':<9} {'works':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>7}")
    for modality, r in result.items():
        fmt = lambda v: f"{v:.2f}" if v is not None else "  -"  # noqa: E731
        print(f"  {modality:<9} {r['tp'] + r['fn']:>5} {r['tp']:>4} {r['fp']:>4} {r['fn']:>4} "
              f"{fmt(r['precision']):>10} {fmt(r['recall']):>7}")


if __name__ == "__main__":
    main()
