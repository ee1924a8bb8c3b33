"""The knowledge base as one networkx graph. Edges point citing -> cited.

Node ids are "<type>:<id>" and every node has a `type`: book, part, chapter, section, work,
author, taxonomy, topic. Every edge has a `type`:
- contains    book -> part/chapter, heading -> sub-heading, taxonomy node -> child node
- cites       heading -> work (weight = citation occurrences; `mentions` = uncited mentions too)
- mentions    heading -> work named in the text without a citation there (weight = occurrences)
- references  work -> work, from OpenAlex referenced_works
- labelled    work or heading -> taxonomy node (confidence, source of the strongest evidence)
- has_topic   work -> OpenAlex topic (score, primary)
- authored_by work -> author (position), only with authors=True
The graph is a DiGraph: where a heading both cites and mentions a work, the `cites` edge
carries the mention count as an attribute.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from kb.api.handle import KnowledgeBase
from kb.graph.evidence import Evidence, accepted
from kb.schema import NEWER

NODE_TYPES = ("book", "part", "chapter", "section", "work", "author", "taxonomy", "topic")
EDGE_TYPES = ("contains", "cites", "mentions", "references", "labelled", "has_topic", "authored_by")


def work_node(work_id: int) -> str:
    return f"work:{work_id}"


def heading_node(heading_id: int) -> str:
    return f"heading:{heading_id}"


def build_graph(kb: KnowledgeBase, *, book: str | None = None, authors: bool = False, taxonomy=None,
                node_types: Iterable[str] | None = None) -> nx.DiGraph:
    """Build the graph from the database (one book, or every book), optionally keeping only some node types.

    `node_types=["work"]` builds the work -> work references graph alone, which is what
    PageRank, in-degree and coupling need, without the headings, labels and topics."""
    if node_types is not None and set(node_types) == {"work"}:
        return _work_graph(kb, book)
    G = nx.DiGraph()
    from kb.api.books import all_books, find_book

    books = [find_book(kb, book)] if book else all_books(kb)
    book_ids = [b.id for b in books]
    in_books = f"({', '.join(str(i) for i in book_ids) or 'NULL'})"
    for b in books:
        G.add_node(f"book:{b.name}", type="book", label=b.title, name=b.name)
    headings = kb.rows(f"SELECT id, book_id, parent_id, depth, kind, title, number, anchor FROM heading "
                           f"WHERE book_id IN {in_books}")
    book_name = {b.id: b.name for b in books}
    for h in headings:
        kind = "part" if h.kind == "part" else ("chapter" if h.depth <= 1 else "section")
        attrs = {"type": kind, "label": h.title, "book": book_name[h.book_id], "depth": h.depth}
        if h.number:
            attrs["number"] = h.number
        if h.anchor:
            attrs["anchor"] = h.anchor
        G.add_node(heading_node(h.id), **attrs)
    for h in headings:
        parent = heading_node(h.parent_id) if h.parent_id else f"book:{book_name[h.book_id]}"
        G.add_edge(parent, heading_node(h.id), type="contains")
    cited_sql, ref_where, wanted_sql = _scope(in_books, one_book=bool(book))
    cited_works = {r[0] for r in kb.tuples(cited_sql)}
    for w in kb.rows(f"SELECT id, title, year, origin, openalex_id, doi, venue FROM work WHERE id IN ({wanted_sql}) "
                     "ORDER BY id"):
        attrs = {"type": "work", "label": w.title or (w.openalex_id or ""), "origin": w.origin}
        for name in ("year", "openalex_id", "doi", "venue"):
            if getattr(w, name) is not None:
                attrs[name] = getattr(w, name)
        attrs["in_book"] = w.id in cited_works
        G.add_node(work_node(w.id), **attrs)
    per_heading = ("SELECT heading_id, work_id, count(*) AS n FROM {table} WHERE work_id IS NOT NULL "
                   f"AND heading_id IS NOT NULL AND book_id IN {in_books} GROUP BY heading_id, work_id ORDER BY min(id)")
    G.add_edges_from((heading_node(h), work_node(w), {"type": "cites", "weight": n})
                     for h, w, n in kb.tuples(per_heading.format(table="citation")))
    for h, w, n in kb.tuples(per_heading.format(table="mention")):
        if G.has_edge(heading_node(h), work_node(w)):
            G.edges[heading_node(h), work_node(w)]["mentions"] = n
        elif work_node(w) in G:
            G.add_edge(heading_node(h), work_node(w), type="mentions", weight=n)
    G.add_edges_from(((work_node(a), work_node(b)) for a, b in kb.tuples(
        f"SELECT citing_work_id, cited_work_id FROM reference WHERE {ref_where} ORDER BY id")), type="references")
    _add_labels(kb, G, taxonomy)
    for work_id, topic_id, name, score, primary in kb.tuples(
            "SELECT wt.work_id, t.id, t.display_name, wt.score, wt.is_primary FROM worktopic wt "
            f"JOIN topic t ON t.id = wt.topic_id WHERE wt.work_id IN ({wanted_sql}) ORDER BY wt.id"):
        if work_node(work_id) in G:
            G.add_node(f"topic:{topic_id}", type="topic", label=name)
            G.add_edge(work_node(work_id), f"topic:{topic_id}", type="has_topic", score=score or 0.0,
                       primary=bool(primary))
    if authors:
        for work_id, position, author_id, name in kb.tuples(
                "SELECT work_id, position, author_id, name FROM workauthor WHERE author_id IS NOT NULL "
                f"AND work_id IN ({wanted_sql}) ORDER BY id"):
            if work_node(work_id) in G:
                G.add_node(f"author:{author_id}", type="author", label=name)
                G.add_edge(work_node(work_id), f"author:{author_id}", type="authored_by", position=position)
    if node_types:
        keep = set(node_types)
        G = G.subgraph([n for n, t in G.nodes(data="type") if t in keep]).copy()
    G.graph["edge_types"] = sorted({t for _, _, t in G.edges(data="type")})
    return G


def _scope(in_books: str, *, one_book: bool) -> tuple[str, str, str]:
    """SQL for what a graph holds, so the database filters and only those rows come back: the books' works
    (a subquery), the references kept (a WHERE clause: one book keeps its works' references and those of the
    newer works citing them, every book keeps every reference), and every work those touch (a subquery)."""
    cited_sql = f"SELECT work_id FROM workkey WHERE book_id IN {in_books}"
    ref_where = (f"(citing_work_id IN ({cited_sql}) OR cited_work_id IN ({cited_sql}) AND citing_work_id IN "
                 f"(SELECT id FROM work WHERE origin = '{NEWER}'))") if one_book else "1 = 1"
    wanted_sql = (f"{cited_sql} UNION SELECT citing_work_id FROM reference WHERE {ref_where} "
                  f"UNION SELECT cited_work_id FROM reference WHERE {ref_where}")
    return cited_sql, ref_where, wanted_sql


def _work_graph(kb: KnowledgeBase, book: str | None) -> nx.DiGraph:
    from kb.api.books import all_books, find_book

    G = nx.DiGraph()
    book_ids = [find_book(kb, book).id] if book else [b.id for b in all_books(kb)]
    cited_sql, ref_where, wanted_sql = _scope(f"({', '.join(map(str, book_ids)) or 'NULL'})", one_book=bool(book))
    in_book = {r[0] for r in kb.tuples(cited_sql)}
    for w_id, title, year in kb.tuples(f"SELECT id, title, year FROM work WHERE id IN ({wanted_sql}) ORDER BY id"):
        G.add_node(work_node(w_id), type="work", label=title, year=year, in_book=w_id in in_book)
    refs = kb.tuples(f"SELECT citing_work_id, cited_work_id FROM reference WHERE {ref_where} ORDER BY id")
    G.add_edges_from(((work_node(a), work_node(b)) for a, b in refs), type="references")
    G.graph["edge_types"] = ["references"] if refs else []
    return G


def _add_labels(kb: KnowledgeBase, G: nx.DiGraph, taxonomy) -> None:
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for work_id, heading_id, node_id, source, confidence, why in kb.tuples(
            "SELECT work_id, heading_id, node_id, source, confidence, evidence FROM label"):
        target = work_node(work_id) if work_id is not None else heading_node(heading_id)
        if target in G:
            evidence[target].append(Evidence(node_id, source, confidence, why))
    for target, items in evidence.items():
        for node_id, confidence in accepted(items).items():
            tax = f"taxonomy:{node_id}"
            if tax not in G:
                label = taxonomy.nodes[node_id].label if taxonomy and node_id in taxonomy.nodes else node_id
                G.add_node(tax, type="taxonomy", label=label)
            strongest = max((e for e in items if e.node_id == node_id), key=lambda e: e.confidence)
            G.add_edge(target, tax, type="labelled", confidence=confidence, source=strongest.source)
    if taxonomy:
        for node in taxonomy.nodes.values():
            child = f"taxonomy:{node.id}"
            if node.parent and child in G:
                parent = f"taxonomy:{node.parent}"
                if parent not in G:
                    G.add_node(parent, type="taxonomy", label=taxonomy.nodes[node.parent].label)
                G.add_edge(parent, child, type="contains")
