"""The citation and topic graph, and the analytics the CLI and the dashboard show.

Each function builds the graph through kb.graph.build (edges citing -> cited) and returns
plain JSON-ready rows."""

from __future__ import annotations

from pathlib import Path

from kb.api.books import resolve_chapter
from kb.api.handle import KnowledgeBase
from kb.api.works import find_work
from kb.errors import KbError, UsageError, explain

RANKINGS = ("pagerank", "citations", "chapters", "in-degree")
GRAPH_FORMATS = ("graphml", "gexf", "json", "csv")


def graph(kb: KnowledgeBase, book: str | None = None, *, authors: bool = False, taxonomy=None,
          node_types=None):
    from kb.graph.build import build_graph
    from kb.graph.taxonomy import load_taxonomy

    return build_graph(kb, book=book, authors=authors, taxonomy=taxonomy or load_taxonomy(), node_types=node_types)


def node_row(G, n: str) -> dict:
    d = G.nodes[n]
    return {"node": n, "type": d.get("type"), "label": d.get("label", ""), "year": d.get("year")}


def _positive(value: int, option: str) -> None:
    if value < 1:
        raise UsageError(f"{option} must be at least 1")


def _limit(value: int | None) -> int | None:
    """--limit: 0 (or None) means no limit, as in every listing command."""
    if value is not None and value < 0:
        raise UsageError("--limit must be 0 (no limit) or more")
    return value or None


def has_references(G) -> bool:
    return any(t == "references" for _, _, t in G.edges(data="type"))


def stats(kb: KnowledgeBase, book: str | None = None) -> dict:
    from kb.graph.metrics import stats as graph_stats

    return graph_stats(graph(kb, book))


def rank(kb: KnowledgeBase, by: str = "chapters", limit: int = 20, book: str | None = None, G=None) -> list[dict]:
    """The most central works: PageRank or in-degree on references (after `kb enrich`), citation
    occurrences, or the number of chapters/sections citing them."""
    from kb.graph import metrics

    if by not in RANKINGS:
        raise UsageError(f"--by takes one of {', '.join(RANKINGS)}")
    limit = _limit(limit)
    G = G if G is not None else graph(kb, book)
    if by in ("pagerank", "in-degree") and not has_references(G):
        raise KbError(f"ranking by {by} needs references between works: run `kb enrich` first")
    if by == "pagerank":
        scores = metrics.pagerank(G)
    elif by == "in-degree":
        scores = metrics.in_degree(G)
    elif by == "chapters":
        scores = metrics.in_book_citation_count(G)
    else:
        scores = metrics.citation_occurrences(G)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [{**node_row(G, n), "score": round(v, 6) if isinstance(v, float) else v} for n, v in ranked if v]


def work_node(kb: KnowledgeBase, ref: str, book: str | None = None) -> str:
    return f"work:{find_work(kb, ref, book)}"


def neighbors(kb: KnowledgeBase, ref: str, book: str | None = None) -> list[dict]:
    """Everything linked to a work: headings citing or mentioning it, works it references and
    that reference it, its labels and topics."""
    G = graph(kb, book)
    node = work_node(kb, ref, book)
    if node not in G:
        raise KbError(f"`{ref}` is not in this book's graph")
    rows = [{"direction": "out", "edge": d.get("type"), **node_row(G, v)} for _, v, d in G.out_edges(node, data=True)]
    rows += [{"direction": "in", "edge": d.get("type"), **node_row(G, u)} for u, _, d in G.in_edges(node, data=True)]
    return rows


def path(kb: KnowledgeBase, a: str, b: str, book: str | None = None) -> list[dict]:
    """The shortest chain linking two works (through chapters, citations, references and labels); [] if none."""
    import networkx as nx

    G = graph(kb, book)
    source, target = work_node(kb, a, book), work_node(kb, b, book)
    try:
        found = nx.shortest_path(G.to_undirected(as_view=True), source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    return [{"step": i, **node_row(G, n)} for i, n in enumerate(found)]


def communities(kb: KnowledgeBase, seed: int = 42, book: str | None = None, G=None) -> list[dict]:
    """Louvain communities of the book's works (seeded): size, members, the most cited three."""
    from kb.graph import metrics

    G = G if G is not None else graph(kb, book)
    chapters = metrics.in_book_citation_count(G)
    rows = []
    for i, members in enumerate(metrics.communities(G, seed=seed), start=1):
        top = sorted(members, key=lambda n: (-chapters.get(n, 0), n))[:3]
        rows.append({"community": i, "size": len(members), "top": [G.nodes[n].get("label", n) for n in top],
                     "members": sorted(members)})
    return rows


def similar_chapters(kb: KnowledgeBase, depth: int = 1, limit: int = 20, book: str | None = None, G=None) -> list[dict]:
    """Pairs of headings at `depth` citing the same works (Jaccard) and whose works share references."""
    from kb.graph.metrics import chapter_similarity

    _positive(depth, "--depth")
    limit = _limit(limit)
    G = G if G is not None else graph(kb, book)
    return [{"a": G.nodes[a].get("label"), "b": G.nodes[b].get("label"), "a_node": a, "b_node": b,
             "shared_works": j, "coupling": c} for a, b, j, c in chapter_similarity(G, depth)[:limit]]


def gaps(kb: KnowledgeBase, chapter: str | None = None, limit: int = 20, book: str | None = None) -> list[dict]:
    """Works referenced by many of the book's works but cited by none of its chapters (or, with a
    chapter, that chapter's missing prior work). Needs `kb enrich`."""
    from kb.graph import metrics

    limit = _limit(limit)
    G = graph(kb, book)
    if chapter:
        node = f"heading:{resolve_chapter(kb, chapter, book).id}"
        return metrics.missing_prior_work(G, depth=G.nodes[node].get("depth", 1)).get(node, [])[:limit]
    return metrics.gaps(G, limit or G.number_of_nodes())


def timeline(kb: KnowledgeBase, node: str = "modality", book: str | None = None) -> list[dict]:
    """Works per publication year for each taxonomy node at or below `node` (after `kb classify`)."""
    from kb.graph.metrics import timeline as node_timeline

    series = node_timeline(graph(kb, book), node)
    return [{"node": n.removeprefix("taxonomy:"), "year": year, "works": count}
            for n, years in series.items() for year, count in years.items()]


def export_graph(kb: KnowledgeBase, output: Path, fmt: str | None = None, *, chapter: str | None = None,
                 node_types: str | None = None, authors: bool = False, book: str | None = None):
    """Write the graph (or one heading's part of it) for Gephi, Cytoscape or scripts; returns the
    files written and the graph."""
    from kb.graph.build import NODE_TYPES
    from kb.graph.export import format_of, keep_node_types, subgraph_for, write_graph

    fmt = format_of(Path(output), fmt)
    if fmt is None:
        raise UsageError(f"cannot tell the format from `{Path(output).name}`: name the file .graphml, .gexf, .json "
                         f"or .csv, or pass --format")
    if fmt not in GRAPH_FORMATS:
        raise UsageError(f"--format takes one of {', '.join(GRAPH_FORMATS)}")
    G = graph(kb, book, authors=authors)
    if chapter:
        G = subgraph_for(G, f"heading:{resolve_chapter(kb, chapter, book).id}")
    if node_types:
        keep = {t.strip() for t in node_types.split(",")}
        unknown = keep - set(NODE_TYPES)
        if unknown:
            raise UsageError(f"unknown node type(s) {', '.join(sorted(unknown))}; use {', '.join(NODE_TYPES)}")
        G = keep_node_types(G, keep)
    try:
        return write_graph(G, fmt, Path(output)), G
    except OSError as exc:
        raise explain(exc, path=str(output)) from None


def citation_network(kb: KnowledgeBase, book: str | None = None, *, chapter: str | None = None,
                     node: str | None = None, years: tuple[int, int] | None = None, min_citations: int = 1,
                     taxonomy=None, seed: int = 42, level: int = 1, limit: int | None = None) -> dict:
    """The book's chapters (with `level` 2, its sections) and works as a network, for drawing: nodes with
    their attributes and edges `cites` (chapter -> work), `references` (work -> work, after `kb enrich`) and
    `cocited` (works cited in the same section at least twice), filtered by chapter, taxonomy node, years
    and minimum citations. Work nodes carry citations, chapters, pagerank (None before enrich), community
    (a number and its most distinctive title words), their accepted modalities (in the taxonomy's order;
    `modality` joins them, "unlabelled" when none) and their main chapter. With `limit`, only that many works,
    the most cited first; `matching` says how many matched the filters. `positions` places every node for
    drawing (kb.graph.layout: the chapters on a circle, each work near the chapters citing it)."""
    from collections import defaultdict

    from kb.api.books import find_book, heading_tree
    from kb.api.views import chapter_work_labels, root_of
    from kb.graph import metrics
    from kb.graph.layout import chapter_layout
    from kb.graph.similarity import distinctive_words
    from kb.graph.taxonomy import load_taxonomy

    taxonomy = taxonomy or load_taxonomy()
    b = find_book(kb, book)
    rows = chapter_work_labels(kb, b.name, taxonomy, level)
    inside = None
    if chapter:
        tree = heading_tree(kb, b.id)
        root = resolve_chapter(kb, chapter, b.name).id
        inside = tree.subtree(root) | {h["id"] for h in tree.ancestors(root)}
        rows = [r for r in rows if r["chapter_heading"] in inside]
    work_nodes: dict[int, set[str]] = defaultdict(set)
    for r in rows:
        if r["node"]:
            work_nodes[r["work_id"]].add(r["node"])
    if node:
        keep = {w for w, nodes in work_nodes.items() if any(n == node or n.startswith(node + ".") for n in nodes)}
        rows = [r for r in rows if r["work_id"] in keep]
    if years:
        rows = [r for r in rows if r["year"] and years[0] <= r["year"] <= years[1]]
    cites: dict[tuple[str, int], int] = {}
    chapters: dict[str, dict] = {}
    works: dict[int, dict] = {}
    for r in rows:
        cid = f"chapter:{r['chapter_id'] or 'front'}"
        cites[(cid, r["work_id"])] = r["citations"]
        chapters.setdefault(cid, {"id": cid, "kind": "chapter", "label": r["chapter"], "position": r["chapter_position"],
                                  "chapter_id": r["chapter_id"]})
        works.setdefault(r["work_id"], {"id": f"work:{r['work_id']}", "kind": "work", "work_id": r["work_id"],
                                        "label": r["title"], "year": r["year"]})
    per_work_citations: dict[int, int] = defaultdict(int)
    per_work_chapters: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for (cid, w), n in cites.items():
        per_work_citations[w] += n
        per_work_chapters[w].append((cid, n))
    works = {w: d for w, d in works.items() if per_work_citations[w] >= min_citations}
    matching = len(works)
    if limit is not None and len(works) > limit:  # the most cited first (then by title, then id)
        kept = sorted(works, key=lambda w: (-per_work_citations[w], works[w]["label"] or "", w))[:limit]
        works = {w: works[w] for w in kept}
    G = graph(kb, b.name, taxonomy=taxonomy)
    enriched = has_references(G)
    pagerank = metrics.pagerank(G) if enriched else {}
    found = metrics.communities(G, seed=seed)
    community = {m: i for i, members in enumerate(found, start=1) for m in members}
    words = distinctive_words({i: [G.nodes[m].get("label", "") for m in members]
                               for i, members in enumerate(found, start=1)})
    order = {node_id: i for i, node_id in enumerate(taxonomy.nodes)} if taxonomy else {}
    modalities_of = {w: [taxonomy.nodes[n].label if taxonomy and n in taxonomy.nodes else n
                         for n in sorted((n for n in nodes if root_of(n) == "modality"),
                                         key=lambda n: (order.get(n, 0), n))]
                     for w, nodes in work_nodes.items()}
    for w, d in works.items():
        main = max(per_work_chapters[w], key=lambda cn: (cn[1], cn[0]))[0]
        c = community.get(d["id"])
        d.update(citations=per_work_citations[w], chapters=len(per_work_chapters[w]),
                 pagerank=pagerank.get(d["id"]), community=c,
                 community_name=f"{c}: {', '.join(words.get(c, [])) or 'no distinctive words'}" if c else None,
                 modalities=modalities_of.get(w, []), modality=" + ".join(modalities_of.get(w, [])) or "unlabelled",
                 chapter=chapters[main]["label"])
    used = {cid for (cid, w) in cites if w in works}
    chapter_rows = sorted((c for cid, c in chapters.items() if cid in used), key=lambda c: c["position"])
    for c in chapter_rows:
        c["citations"] = sum(n for (cid, w), n in cites.items() if cid == c["id"] and w in works)
        c["works"] = sum(1 for (cid, w) in cites if cid == c["id"] and w in works)
    edges = [{"source": cid, "target": f"work:{w}", "kind": "cites", "weight": n}
             for (cid, w), n in sorted(cites.items()) if w in works]
    names = {d["id"] for d in works.values()}
    if enriched:
        edges += [{"source": u, "target": v, "kind": "references", "weight": 1}
                  for u, v, t in G.edges(data="type") if t == "references" and u in names and v in names]
    else:
        edges += [{"source": a, "target": c, "kind": "cocited", "weight": n}
                  for (a, c), n in sorted(metrics.cocitation(G).items()) if n >= 2 and a in names and c in names]
    grouped: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for e in edges:
        if e["kind"] == "cites":
            grouped[e["target"]].append((e["source"], e["weight"]))
    placed = chapter_layout([c["id"] for c in chapter_rows], grouped,
                            edges=[(e["source"], e["target"]) for e in edges if e["kind"] != "cites"], seed=seed)
    return {"book": b.name, "enriched": enriched, "chapters": chapter_rows, "matching": matching,
            "works": sorted(works.values(), key=lambda d: (-d["citations"], d["label"])), "edges": edges,
            "positions": {k: (round(x, 4), round(y, 4)) for k, (x, y) in placed.items()}}
