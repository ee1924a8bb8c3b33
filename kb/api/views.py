"""Aggregate views for the dashboard (and scripts): the book's works by chapter and taxonomy node."""

from __future__ import annotations

from collections import defaultdict

from kb.api.books import find_book, heading_tree
from kb.api.handle import KnowledgeBase
from kb.api.labels import accepted_labels, evidence_of
from kb.api.tree import CHAPTER
from kb.graph.taxonomy import load_taxonomy


def root_of(node_id: str) -> str:
    """The taxonomy dimension a node belongs to: `modality.image` -> `modality`."""
    return node_id.split(".", 1)[0]


def chapter_work_labels(kb: KnowledgeBase, book: str | None = None, taxonomy=None, level: int = CHAPTER) -> list[dict]:
    """One row per (chapter, work, accepted taxonomy node) of a book; a work without labels has node None.

    The chapter is the one the citations stand in (kb.api.tree: depth 1; with `level` SECTION, the section,
    or the chapter for citations before its first section); `citations` counts the work's citations there.
    `taxonomy` names the nodes (default: kb's own)."""
    taxonomy = taxonomy or load_taxonomy()
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


FRONT = "front"  # the chapter id of citations outside every chapter


def taxonomy_cells(kb: KnowledgeBase, book: str | None = None, dimension: str = "modality", taxonomy=None,
                   level: int = CHAPTER) -> dict:
    """One taxonomy dimension against a book's chapters (or sections, `level` 2): the dimensions labelled at all;
    the chapters in reading order; the dimension's nodes, the one labelling most works first; and per
    (node, chapter) cell the works labelled with the node that the chapter cites, and their citations there."""
    taxonomy = taxonomy or load_taxonomy()
    rows = [r for r in chapter_work_labels(kb, book, taxonomy, level) if r["node"]]
    order = list(taxonomy.nodes)
    dimensions = sorted({r["dimension"] for r in rows}, key=lambda d: (order.index(d) if d in order else len(order), d))
    cells: dict[tuple[str, str], dict] = {}
    chapters: dict[str, dict] = {}
    nodes: dict[str, dict] = {}
    for r in rows:
        if r["dimension"] != dimension:
            continue
        chapter = r["chapter_id"] or FRONT
        chapters.setdefault(chapter, {"id": chapter, "label": r["chapter"], "position": r["chapter_position"]})
        node = nodes.setdefault(r["node"], {"id": r["node"], "label": r["node_label"], "works": set()})
        node["works"].add(r["work_id"])
        cell = cells.setdefault((r["node"], chapter), {"node": r["node"], "chapter": chapter, "works": set(),
                                                        "citations": 0})
        cell["works"].add(r["work_id"])
        cell["citations"] += r["citations"]
    return {"dimensions": dimensions,
            "chapters": sorted(chapters.values(), key=lambda c: c["position"]),
            "nodes": [{**n, "works": len(n["works"])} for n in sorted(nodes.values(),
                                                                      key=lambda n: (-len(n["works"]), n["id"]))],
            "cells": [{**c, "works": sorted(c["works"])} for c in cells.values()]}


def node_works(kb: KnowledgeBase, book: str | None, node: str, chapter: str | None = None, taxonomy=None,
               level: int = CHAPTER) -> list[dict]:
    """The works labelled `node` that the book (or one chapter of it, by the id `taxonomy_cells` gives) cites,
    the most cited first, each with its citations there, the label's confidence and every piece of evidence."""
    rows = [r for r in chapter_work_labels(kb, book, taxonomy, level)
            if r["node"] == node and (chapter is None or (r["chapter_id"] or FRONT) == chapter)]
    by_work: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_work[r["work_id"]].append(r)
    evidence = evidence_of(kb, works=sorted(by_work), node=node)
    listing = [{"id": w, "title": found[0]["title"], "year": found[0]["year"],
                "citations": sum(r["citations"] for r in found), "confidence": found[0]["confidence"],
                "evidence": [f"{e.source} {e.confidence:.2f}: {e.evidence}" for e in evidence.get(w, [])
                             if e.node_id == node]} for w, found in by_work.items()]
    return sorted(listing, key=lambda r: (-r["citations"], r["title"] or "", r["id"]))
