"""Taxonomy labels as stored by `kb classify`: the evidence behind each, and counts per node."""

from __future__ import annotations

from collections import defaultdict

from kb.api.handle import KnowledgeBase
from kb.errors import KbError, UsageError
from kb.graph.evidence import Evidence, accepted


def evidence_of(kb: KnowledgeBase, *, works: list[int] | None = None, headings: bool = False,
                node: str | None = None) -> dict[int, list[Evidence]]:
    """Every piece of label evidence of works (or of headings), keyed by work or heading id.

    `works` narrows to those work ids; `node` to that taxonomy node and the nodes below it."""
    column = "heading_id" if headings else "work_id"
    where = [f"{column} IS NOT NULL"]
    params: dict = {}
    if node is not None:
        where.append("(node_id = :n OR node_id LIKE :p)")
        params.update(n=node, p=f"{node}.%")
    sql = (f"SELECT id, {column} AS target, node_id, source, confidence, evidence FROM label "
           f"WHERE {' AND '.join(where)}")
    if works is None:
        rows = kb.rows(sql + " ORDER BY id", **params)
    else:
        rows = sorted(kb.rows_in(sql + " AND work_id IN {ids}", works, **params), key=lambda r: r.id)
    found: dict[int, list[Evidence]] = defaultdict(list)
    for r in rows:
        found[r.target].append(Evidence(r.node_id, r.source, r.confidence, r.evidence))
    return found


def has_labels(kb: KnowledgeBase) -> bool:
    return bool(kb.rows("SELECT 1 AS one FROM label LIMIT 1"))


def accepted_labels(kb: KnowledgeBase, *, headings: bool = False) -> dict[int, dict[str, float]]:
    """Accepted nodes of every labelled work (or heading): id -> node -> combined confidence."""
    return {target: accepted(items) for target, items in evidence_of(kb, headings=headings).items()}


def labels_with_evidence(items: list[Evidence], taxonomy=None) -> list[dict]:
    """One row per node: its combined confidence, whether it is accepted, and every piece of evidence."""
    by_node: dict[str, list[Evidence]] = defaultdict(list)
    for e in items:
        by_node[e.node_id].append(e)
    chosen = accepted(items)
    from kb.graph.evidence import combine

    rows = []
    for node_id, pieces in by_node.items():
        rows.append({
            "node": node_id,
            "label": taxonomy.nodes[node_id].label if taxonomy and node_id in taxonomy.nodes else node_id,
            "confidence": chosen.get(node_id, round(combine([p.confidence for p in pieces]), 3)),
            "accepted": node_id in chosen,
            "evidence": [{"source": p.source, "confidence": p.confidence, "text": p.evidence}
                         for p in sorted(pieces, key=lambda p: -p.confidence)],
        })
    return sorted(rows, key=lambda r: (not r["accepted"], -r["confidence"], r["node"]))


def labelled_works(kb: KnowledgeBase, node: str, taxonomy=None) -> set[int]:
    """Works whose accepted labels include `node` or a node below it (modality -> modality.text)."""
    if taxonomy is not None and node not in taxonomy.nodes:
        raise UsageError(f"no taxonomy node `{node}`; `kb taxonomy` lists them")
    found = evidence_of(kb, node=node)
    if not found and not has_labels(kb):
        raise KbError("no work has labels yet: run `kb classify` first")
    return {w for w, items in found.items() if accepted(items)}


def under(node_id: str, ancestor: str, taxonomy) -> bool:
    """Whether a taxonomy node is `ancestor` or below it."""
    n: str | None = node_id
    while n:
        if n == ancestor:
            return True
        n = taxonomy.nodes[n].parent if n in taxonomy.nodes else None
    return False


def taxonomy_counts(kb: KnowledgeBase, taxonomy) -> list[dict]:
    """The taxonomy tree in order, each node with the works and headings labelled with it or below it."""
    works, heads = accepted_labels(kb), accepted_labels(kb, headings=True)
    rows = []

    def visit(parent: str | None, depth: int) -> None:
        for node in taxonomy.children(parent):
            rows.append({"id": node.id, "label": node.label, "parent": node.parent, "depth": depth,
                         "works": sum(1 for labels in works.values() if any(under(n, node.id, taxonomy) for n in labels)),
                         "headings": sum(1 for labels in heads.values()
                                         if any(under(n, node.id, taxonomy) for n in labels))})
            visit(node.id, depth + 1)

    visit(None, 0)
    return rows


def read_label_sample(path) -> dict[str, dict[str, set[str]]]:
    """A hand-labelled sample (TSV: key, title, then one column per taxonomy branch, named in the plural:
    `modalities` holds `modality.*` leaves, `architectures` holds `architecture.*`; values `;`-separated,
    lines starting with # are comments): key -> branch -> the leaf names."""
    import csv
    from pathlib import Path

    lines = [line for line in Path(path).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    sample: dict[str, dict[str, set[str]]] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        sample[row["key"]] = {_branch(column): {v for v in (value or "").split(";") if v}
                              for column, value in row.items() if column not in ("key", "title")}
    return sample


def _branch(column: str) -> str:
    return column[:-3] + "y" if column.endswith("ies") else column.removesuffix("s")


def evaluate_labels(kb: KnowledgeBase, sample: dict[str, dict[str, set[str]]], book: str | None = None) -> dict:
    """Precision and recall of the accepted labels against a hand-labelled sample, per leaf node and
    micro-averaged per branch: {branch: {"nodes": {leaf: {tp, fp, fn, precision, recall}}, "micro": {...}}}.
    Every key of the sample must be a key of the book."""
    from kb.api.books import find_book

    b = find_book(kb, book)
    work_of = dict(kb.tuples("SELECT key, work_id FROM workkey WHERE book_id = :b", b=b.id))
    unknown = sorted(set(sample) - set(work_of))
    if unknown:
        raise KbError(f"{len(unknown)} key(s) of the sample are not keys of the book `{b.name}`: "
                      f"{', '.join(unknown[:5])}")
    labels = accepted_labels(kb)
    result: dict[str, dict] = {}
    branches = sorted({branch for row in sample.values() for branch in row})
    for branch in branches:
        predicted = {k: {n.split(".", 1)[1] for n in labels.get(work_of[k], {}) if n.startswith(branch + ".")}
                     for k in sample}
        truth = {k: row.get(branch, set()) for k, row in sample.items()}
        leaves = sorted(set().union(*truth.values(), *predicted.values()))
        nodes = {leaf: _scores(sum(leaf in truth[k] and leaf in predicted[k] for k in sample),
                               sum(leaf not in truth[k] and leaf in predicted[k] for k in sample),
                               sum(leaf in truth[k] and leaf not in predicted[k] for k in sample))
                 for leaf in leaves}
        micro = _scores(*(sum(n[x] for n in nodes.values()) for x in ("tp", "fp", "fn")))
        result[branch] = {"nodes": nodes, "micro": micro,
                          "errors": sorted((k, sorted(truth[k] - predicted[k]), sorted(predicted[k] - truth[k]))
                                           for k in sample if truth[k] != predicted[k])}
    return result


def _scores(tp: int, fp: int, fn: int) -> dict:
    return {"tp": tp, "fp": fp, "fn": fn, "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None}
