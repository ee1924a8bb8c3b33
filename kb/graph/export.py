"""Writing the graph for other tools: GraphML, GEXF (Gephi), node-link JSON, CSV node/edge lists."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

FORMATS = ("graphml", "gexf", "json", "csv")


def _plain(G: nx.DiGraph) -> nx.DiGraph:
    """A copy whose attributes GraphML/GEXF can hold: no None, lists and dicts as JSON text."""
    H = nx.DiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **_clean(d))
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, **_clean(d))
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
        nx.write_gexf(_plain(G), path)
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
            w.writerow(["source", "target", "type", *edge_keys])
            for u, v, d in G.edges(data=True):
                w.writerow([u, v, d.get("type"), *(_cell(d.get(k)) for k in edge_keys)])
        return [nodes, edges]
    raise ValueError(f"unknown graph format {fmt}")


def _cell(value) -> str:
    if value is None:
        return ""
    return json.dumps(value) if isinstance(value, (list, dict)) else str(value)


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
