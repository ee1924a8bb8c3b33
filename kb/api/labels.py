"""Taxonomy labels as stored by `kb classify`: the evidence behind each, and counts per node."""

from __future__ import annotations

from collections import defaultdict

from kb.api.handle import KnowledgeBase, in_list
from kb.errors import KbError, UsageError
from kb.graph.evidence import Evidence, accepted


def evidence_of(kb: KnowledgeBase, *, works: list[int] | None = None, headings: bool = False,
                node: str | None = None) -> dict[int, list[Evidence]]:
    """Every piece of label evidence of works (or of headings), keyed by work or heading id.

    `works` narrows to those work ids; `node` to that taxonomy node and the nodes below it."""
    column = "heading_id" if headings else "work_id"
    where = [f"{column} IS NOT NULL"]
    params: dict = {}
    if works is not None:
        sql, params = in_list("w", works)
        where.append(f"work_id IN {sql}")
    if node is not None:
        where.append("(node_id = :n OR node_id LIKE :p)")
        params.update(n=node, p=f"{node}.%")
    found: dict[int, list[Evidence]] = defaultdict(list)
    for r in kb.rows(f"SELECT {column} AS target, node_id, source, confidence, evidence FROM label "
                     f"WHERE {' AND '.join(where)} ORDER BY id", **params):
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
