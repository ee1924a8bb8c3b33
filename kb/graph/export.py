"""Writing the graph for other tools: GraphML, GEXF (Gephi), node-link JSON, CSV node/edge lists."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

FORMATS = ("graphml", "gexf", "json", "csv")


SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".csv": "csv"}
# Edge attributes renamed in files: GEXF reserves an edge's `type` for directed/undirected and Gephi's CSV
# import reads a `Type` column the same way; `source` would clash with the edge's own endpoint column.
EDGE_RENAMES = {"type": "relation", "source": "label_source"}


def format_of(path: Path, fmt: str | None = None) -> str | None:
    """The file format: `fmt` when given, else the one the file name's extension names."""
    return fmt or SUFFIXES.get(Path(path).suffix.lower())


def _plain(G: nx.DiGraph) -> nx.DiGraph:
    """A copy whose attributes GraphML/GEXF can hold: no None, lists and dicts as JSON text, and the
    edge attributes renamed (EDGE_RENAMES)."""
    H = nx.DiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **_clean(d))
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, **{EDGE_RENAMES.get(k, k): value for k, value in _clean(d).items()})
    return H


def _clean(attrs: dict) -> dict:
    out = {}
    for k, v in attrs.items():
        if v is None:
            continue
        out[k] = json.dumps(v) if isinstance(v, (list, dict, set, tuple)) else v
    return out


def write_graph(G: nx.DiGraph, fmt: str, path: Path) -> list[Path]:
    """Write `G` as `fmt` to `path` (CSV: `<stem>.nodes.csv` and `<stem>.edges.csv`). Returns the files."""
    path = Path(path)
    if fmt == "graphml":
        nx.write_graphml(_plain(G), path)
        return [path]
    if fmt == "gexf":
        nx.write_gexf(_plain(G), path, version="1.3")
        return [path]
    if fmt == "json":
        path.write_text(json.dumps(nx.node_link_data(_plain(G), edges="edges"), ensure_ascii=False, indent=1),
                        encoding="utf-8")
        return [path]
    if fmt == "csv":
        nodes, edges = path.with_suffix(".nodes.csv"), path.with_suffix(".edges.csv")
        node_keys = sorted({k for _, d in G.nodes(data=True) for k in d} - {"type", "label"})
        with nodes.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "type", "label", *node_keys])
            for n, d in G.nodes(data=True):
                w.writerow([n, d.get("type"), d.get("label", ""), *(_cell(d.get(k)) for k in node_keys)])
        edge_keys = sorted({k for _, _, d in G.edges(data=True) for k in d} - {"type"})
        with edges.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["source", "target", "relation", *(EDGE_RENAMES.get(k, k) for k in edge_keys)])
            for u, v, d in G.edges(data=True):
                w.writerow([u, v, d.get("type"), *(_cell(d.get(k)) for k in edge_keys)])
        return [nodes, edges]
    raise ValueError(f"unknown graph format {fmt}")


def _cell(value) -> str:
    if value is None:
        return ""
    return json.dumps(value) if isinstance(value, (list, dict)) else str(value)


def keep_node_types(G: nx.DiGraph, keep: set[str]) -> nx.DiGraph:
    """The graph with only the node types in `keep`; citations and mentions of a dropped heading count
    for its nearest kept ancestor (sections roll up into their chapter), adding their weights."""
    from kb.graph.metrics import HEADING_TYPES

    H = G.subgraph([n for n, t in G.nodes(data="type") if t in keep]).copy()
    if not (keep & HEADING_TYPES):
        return H
    parent = {v: u for u, v, t in G.edges(data="type") if t == "contains" and G.nodes[v].get("type") in HEADING_TYPES}
    for u, v, d in G.edges(data=True):
        if d.get("type") not in ("cites", "mentions") or u in H or v not in H:
            continue
        up = parent.get(u)
        while up is not None and up not in H:
            up = parent.get(up)
        if up is None or G.nodes[up].get("type") not in HEADING_TYPES:
            continue
        if H.has_edge(up, v):
            edge = H.edges[up, v]
            edge["weight"] = edge.get("weight", 1) + d.get("weight", 1)
            if edge.get("type") == "mentions" and d.get("type") == "cites":
                edge["type"] = "cites"
        else:
            H.add_edge(up, v, **d)
    return H


def subgraph_for(G: nx.DiGraph, chapter: str | None = None) -> nx.DiGraph:
    """One heading's neighbourhood: its sections, the works they cite, and those works' references,
    labels and topics."""
    if chapter is None:
        return G
    keep = {chapter}
    stack = [chapter]
    while stack:
        node = stack.pop()
        for child in G.successors(node):
            kind = G.edges[node, child].get("type")
            if kind == "contains" and child not in keep:
                keep.add(child)
                stack.append(child)
    works = {v for h in list(keep) for v in G.successors(h) if G.nodes[v].get("type") == "work"}
    keep |= works
    for w in works:
        keep |= set(G.successors(w))
    return G.subgraph(keep).copy()
