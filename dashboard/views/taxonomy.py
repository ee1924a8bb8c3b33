"""Taxonomy: the book's chapters against its taxonomy (sunburst, treemap, heatmap, Sankey), and the
works behind any node or cell with the evidence for each label."""

from __future__ import annotations

from collections import defaultdict

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboard import common
from kb import api
from kb.api import views
from kb.graph.evidence import THRESHOLD

st.title("Taxonomy")
common.kb_or_stop()  # a message and stop when there is no usable knowledge base
books = common.call(api.list_books)
book = common.book_choice(books)
tax = common.taxonomy()
rows = common.call(views.chapter_work_labels, book)
labelled = [r for r in rows if r["node"]]
if not labelled:
    st.info("No taxonomy labels yet: run `kb classify` (the taxonomy comes from kb/data/taxonomy.toml, or "
            "`kb classify --taxonomy FILE`).")
    st.stop()

st.caption(f"A work counts for a node when its evidence together reaches a confidence of {THRESHOLD} (the chapter "
           "citing it alone never does); each work's evidence is listed below.")
dimensions = sorted({r["dimension"] for r in labelled})
dimension = common.choose("Dimension", dimensions, "dim", default="modality" if "modality" in dimensions else None,
                          format_func=lambda d: tax.nodes[d].label if d in tax.nodes else d, where=st.sidebar)
picked = [r for r in labelled if r["dimension"] == dimension]

view = common.choose("View", ["sunburst", "treemap", "heatmap", "sankey"], "view", format_func=str.capitalize,
                     where=st.sidebar)
order = common.choose("Hierarchy", ["chapter", "node"], "order",
                      format_func=lambda o: {"chapter": "chapter → node → work", "node": "node → chapter → work"}[o],
                      where=st.sidebar)
path = ["chapter", "node_label", "title"] if order == "chapter" else ["node_label", "chapter", "title"]
if view == "sunburst":  # one chart at a time: plotly draws every chart on the page, hidden or not
    fig = px.sunburst(picked, path=path, values="citations", maxdepth=2)  # click a sector for its works
    fig.update_layout(height=600, margin=dict(l=0, r=0, t=0, b=0))
    st.plotly_chart(fig, key="sunburst")
elif view == "treemap":
    fig = px.treemap(picked, path=path, values="citations", maxdepth=2)
    fig.update_layout(height=600, margin=dict(l=0, r=0, t=0, b=0))
    st.plotly_chart(fig, key="treemap")
elif view == "heatmap":
    cells: dict[tuple[str, str], set] = defaultdict(set)
    chapter_pos = {}
    for r in picked:
        cells[(r["chapter"], r["node_label"])].add(r["work_id"])
        chapter_pos[r["chapter"]] = r["chapter_position"]
    chapters = sorted(chapter_pos, key=chapter_pos.get)
    nodes = sorted({n for _, n in cells})
    z = [[len(cells.get((c, n), ())) for n in nodes] for c in chapters]
    fig = go.Figure(go.Heatmap(z=z, x=nodes, y=chapters, colorscale="Blues", hovertemplate="%{y}<br>%{x}: %{z} works"))
    fig.update_layout(height=max(400, 22 * len(chapters)), margin=dict(l=0, r=0, t=10, b=0),
                      yaxis=dict(autorange="reversed"))
    st.plotly_chart(fig, key="heatmap")
else:
    by_work: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    chapters_of: dict[int, set] = defaultdict(set)
    for r in labelled:
        by_work[r["work_id"]][r["dimension"]].add(r["node_label"])
        chapters_of[r["work_id"]].add(r["chapter"])
    flows: dict[tuple[str, str], int] = defaultdict(int)
    for w, dims in by_work.items():
        for m in dims.get("modality", ()):
            for t in dims.get("task", ()):
                flows[(f"modality: {m}", f"task: {t}")] += 1
        for t in dims.get("task", ()):
            for c in chapters_of[w]:
                flows[(f"task: {t}", c)] += 1
    if flows:
        labels = sorted({a for a, _ in flows} | {b for _, b in flows})
        index = {name: i for i, name in enumerate(labels)}
        fig = go.Figure(go.Sankey(node=dict(label=labels, pad=8), link=dict(
            source=[index[a] for a, _ in flows], target=[index[b] for _, b in flows], value=list(flows.values()))))
        fig.update_layout(height=700, margin=dict(l=0, r=0, t=10, b=10))
        st.plotly_chart(fig, key="sankey")
    else:
        st.info("No work has both a modality and a task label.")

st.subheader("Works behind a node or a cell")
node_ids = sorted({r["node"] for r in picked})
node = common.choose("Taxonomy node", node_ids, "node", format_func=lambda n: tax.nodes[n].label if n in tax.nodes else n)
chapter_names = ["(every chapter)"] + sorted({r["chapter"] for r in picked}, key=lambda c: min(
    r["chapter_position"] for r in picked if r["chapter"] == c))
chapter = common.choose("Chapter", chapter_names, "cell")
chosen = [r for r in picked if r["node"] == node and (chapter == "(every chapter)" or r["chapter"] == chapter)]
work_ids = sorted({r["work_id"] for r in chosen})
evidence = common.call(api.evidence_of, works=work_ids)
listing = []
for w in work_ids:
    first = next(r for r in chosen if r["work_id"] == w)
    pieces = [e for e in evidence.get(w, []) if e.node_id == node]
    listing.append({"title": first["title"], "year": first["year"],
                    "citations": sum(r["citations"] for r in chosen if r["work_id"] == w),
                    "confidence": first["confidence"],
                    "evidence": [f"{e.source} {e.confidence:.2f}: {e.evidence}" for e in pieces]})
st.caption(f"{len(listing)} works labelled {tax.nodes[node].label if node in tax.nodes else node}"
           + ("" if chapter == "(every chapter)" else f" in {chapter}"))
common.table(sorted(listing, key=lambda r: -r["citations"]), f"taxonomy-{node}",
             ["title", "year", "citations", "confidence", "evidence"])

common.footer()
