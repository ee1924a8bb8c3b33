"""Aggregate views for the dashboard (and scripts): the book's works by chapter and taxonomy node."""

from __future__ import annotations

from collections import defaultdict

from kb.api.books import find_book, heading_tree
from kb.api.handle import KnowledgeBase
from kb.api.labels import accepted_labels
from kb.api.tree import CHAPTER


def root_of(node_id: str) -> str:
    """The taxonomy dimension a node belongs to: `modality.image` -> `modality`."""
    return node_id.split(".", 1)[0]


def chapter_work_labels(kb: KnowledgeBase, book: str | None = None, taxonomy=None, level: int = CHAPTER) -> list[dict]:
    """One row per (chapter, work, accepted taxonomy node) of a book; a work without labels has node None.

    The chapter is the one the citations stand in (kb.api.tree: depth 1; with `level` SECTION, the section,
    or the chapter for citations before its first section); `citations` counts the work's citations there.
    `taxonomy` names the nodes (default: kb's own)."""
    if taxonomy is None:
        from kb.graph.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    b = find_book(kb, book)
    tree = heading_tree(kb, b.id)
    counts: dict[tuple[int | None, int], int] = defaultdict(int)
    for c in kb.rows("SELECT heading_id, work_id FROM citation WHERE book_id = :b AND work_id IS NOT NULL", b=b.id):
        unit = tree.unit(c.heading_id, level)
        counts[(unit["id"] if unit else None, c.work_id)] += 1
    works = {w.id: w for w in kb.rows("SELECT id, title, year FROM work WHERE id IN "
                                      "(SELECT work_id FROM citation WHERE book_id = :b)", b=b.id)}
    labels = accepted_labels(kb)
    rows = []
    for (unit_id, work_id), n in sorted(counts.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])):
        unit = tree.get(unit_id)
        base = {"chapter_id": tree.public_id(unit_id) if unit else None, "chapter_heading": unit_id,
                "chapter": " ".join(filter(None, [unit["number"], unit["title"]])) if unit else "(front matter)",
                "chapter_position": unit["position"] if unit else -1,
                "work_id": work_id, "title": works[work_id].title, "year": works[work_id].year, "citations": n}
        nodes = labels.get(work_id, {})
        if not nodes:
            rows.append({**base, "node": None, "node_label": None, "dimension": None, "confidence": None})
        for node_id, confidence in sorted(nodes.items()):
            label = taxonomy.nodes[node_id].label if taxonomy and node_id in taxonomy.nodes else node_id
            rows.append({**base, "node": node_id, "node_label": label, "dimension": root_of(node_id),
                         "confidence": confidence})
    return rows
