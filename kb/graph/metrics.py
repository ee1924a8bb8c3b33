"""Graph analytics: plain functions of the graph from kb.graph.build (edges citing -> cited)."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

HEADING_TYPES = frozenset({"part", "chapter", "section"})


def _works(G: nx.DiGraph, in_book: bool | None = None) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d.get("type") == "work" and (in_book is None or d.get("in_book") == in_book)]


def citing_headings(G: nx.DiGraph) -> dict[str, set[str]]:
    """work -> the headings that cite it directly."""
    result: dict[str, set[str]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("type") == "cites":
            result[v].add(u)
    return result


def in_book_citation_count(G: nx.DiGraph) -> dict[str, int]:
    """How many chapters/sections cite each work (distinct headings with a `cites` edge to it)."""
    cited = citing_headings(G)
    return {w: len(cited.get(w, ())) for w in _works(G, in_book=True)}


def citation_occurrences(G: nx.DiGraph) -> dict[str, int]:
    """How often the book's text cites each work (sum of `cites` edge weights)."""
    scores: dict[str, int] = defaultdict(int)
    for _, v, d in G.edges(data=True):
        if d.get("type") == "cites":
            scores[v] += d.get("weight", 1)
    return dict(scores)


def reference_graph(G: nx.DiGraph) -> nx.DiGraph:
    """The work -> work graph of `references` edges, with every work as a node."""
    if G.graph.get("edge_types") == ["references"] and all(t == "work" for _, t in G.nodes(data="type")):
        return G  # already the references graph (build_graph(node_types=["work"]))
    H = nx.DiGraph()
    H.add_nodes_from(_works(G))
    H.add_edges_from((u, v) for u, v, d in G.edges(data=True) if d.get("type") == "references")
    return H


def pagerank(G: nx.DiGraph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank on the work -> work references graph."""
    H = reference_graph(G)
    if not H.number_of_nodes():
        return {}
    try:
        return nx.pagerank(H, alpha=alpha)
    except ModuleNotFoundError as exc:  # networkx computes PageRank with scipy
        from kb.errors import KbError

        raise KbError(f"PageRank needs the package `{exc.name}`: pip install {exc.name}") from None


def in_degree(G: nx.DiGraph) -> dict[str, int]:
    """How many works reference each work."""
    return dict(reference_graph(G).in_degree())


def cocitation(G: nx.DiGraph) -> Counter:
    """(work a, work b) -> number of headings citing both (pairs ordered by node id)."""
    by_heading: dict[str, set[str]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("type") == "cites":
            by_heading[u].add(v)
    pairs: Counter = Counter()
    for works in by_heading.values():
        pairs.update(combinations(sorted(works), 2))
    return pairs


def coupling(G: nx.DiGraph, works: list[str] | None = None) -> Counter:
    """(work a, work b) -> number of references they share (bibliographic coupling)."""
    refs: dict[str, set[str]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("type") == "references":
            refs[u].add(v)
    chosen = sorted(works) if works is not None else sorted(refs)
    citing_of: dict[str, list[str]] = defaultdict(list)
    for w in chosen:
        for r in refs.get(w, ()):
            citing_of[r].append(w)
    pairs: Counter = Counter()
    for citing in citing_of.values():
        pairs.update(combinations(sorted(citing), 2))
    return pairs


def communities(G: nx.DiGraph, seed: int = 42, resolution: float = 1.0) -> list[set[str]]:
    """Louvain communities of the book's works over references and co-citation (seeded)."""
    H = nx.Graph()
    H.add_nodes_from(_works(G, in_book=True))
    for u, v, d in G.edges(data=True):
        if d.get("type") == "references" and u in H and v in H:
            H.add_edge(u, v, weight=H.get_edge_data(u, v, {}).get("weight", 0) + 1)
    for (a, b), n in cocitation(G).items():
        H.add_edge(a, b, weight=H.get_edge_data(a, b, {}).get("weight", 0) + n)
    found = nx.community.louvain_communities(H, weight="weight", seed=seed, resolution=resolution)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def chapter_units(G: nx.DiGraph, depth: int = 1) -> dict[str, set[str]]:
    """Headings at `depth` -> the works cited in them or in their sections."""
    children: dict[str, list[str]] = defaultdict(list)
    cites: dict[str, set[str]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("type") == "contains":
            children[u].append(v)
        elif d.get("type") == "cites":
            cites[u].add(v)
    result = {}
    for n, d in G.nodes(data=True):
        if d.get("type") in HEADING_TYPES and d.get("depth") == depth:
            works, stack = set(), [n]
            while stack:
                node = stack.pop()
                works |= cites.get(node, set())
                stack.extend(children.get(node, ()))
            result[n] = works
    return result


def chapter_similarity(G: nx.DiGraph, depth: int = 1) -> list[tuple[str, str, float, int]]:
    """Pairs of chapters by shared works: (a, b, Jaccard of their cited works, coupling of their works)."""
    units = chapter_units(G, depth)
    couple = coupling(G)
    rows = []
    for a, b in combinations(sorted(units), 2):
        wa, wb = units[a], units[b]
        union = wa | wb
        jaccard = len(wa & wb) / len(union) if union else 0.0
        shared_refs = sum(n for (x, y), n in couple.items() if (x in wa and y in wb) or (x in wb and y in wa))
        rows.append((a, b, round(jaccard, 4), shared_refs))
    return sorted(rows, key=lambda r: (-r[2], -r[3], r[0], r[1]))


def timeline(G: nx.DiGraph, prefix: str = "") -> dict[str, dict[int, int]]:
    """Taxonomy node -> year -> number of the book's works labelled with it."""
    result: dict[str, Counter] = defaultdict(Counter)
    for u, v, d in G.edges(data=True):
        if d.get("type") == "labelled" and G.nodes[u].get("type") == "work" and v.startswith(f"taxonomy:{prefix}"):
            year = G.nodes[u].get("year")
            if year:
                result[v][year] += 1
    return {node: dict(sorted(years.items())) for node, years in sorted(result.items())}


def gaps(G: nx.DiGraph, limit: int = 20) -> list[dict]:
    """Works referenced by many of the book's works but cited by none of its chapters."""
    cited = citing_headings(G)
    by_target: dict[str, list[str]] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        if d.get("type") == "references" and G.nodes[u].get("in_book") and v not in cited:
            by_target[v].append(u)
    ranked = sorted(by_target.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"work": w, "title": G.nodes[w].get("label", ""), "year": G.nodes[w].get("year"),
             "referenced_by": len(refs), "referencing": sorted(refs)} for w, refs in ranked[:limit]]


def missing_prior_work(G: nx.DiGraph, depth: int = 1, min_references: int = 2) -> dict[str, list[dict]]:
    """Per chapter: works referenced by at least `min_references` of its works that it does not cite."""
    result = {}
    refs: dict[str, set[str]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("type") == "references":
            refs[u].add(v)
    for chapter, works in chapter_units(G, depth).items():
        counts: Counter = Counter(r for w in works for r in refs.get(w, ()) if r not in works)
        result[chapter] = [{"work": r, "title": G.nodes[r].get("label", ""), "referenced_by": n}
                           for r, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= min_references]
    return result


def stats(G: nx.DiGraph) -> dict:
    nodes = Counter(t for _, t in G.nodes(data="type"))
    edges = Counter(d.get("type") for _, _, d in G.edges(data=True))
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "node_types": dict(sorted(nodes.items())),
            "edge_types": dict(sorted(edges.items())),
            "book_works": len(_works(G, in_book=True)), "outside_works": len(_works(G, in_book=False)),
            "weakly_connected_components": nx.number_weakly_connected_components(G) if G.number_of_nodes() else 0}
