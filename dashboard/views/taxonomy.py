"""Taxonomy: the book's chapters against one dimension of its taxonomy (sunburst, treemap, heatmap,
Sankey). A click on a sector or a cell chooses that node (and chapter), and the works behind the
choice are listed with the evidence for each label."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import plotly.graph_objects as go
import streamlit as st

from dashboard import common, figures, state
from kb import api
from kb.api import views
from kb.graph.evidence import THRESHOLD

EVERY = "all"  # the chapter choice meaning every chapter

st.title("Taxonomy")
common.kb_or_stop()  # a message and stop when there is no usable knowledge base
books = common.call(api.list_books)
book = common.book_choice(books)
tax = common.taxonomy()
grouping = state.choose("Works in", ["chapters", "sections"], "group", where=st.sidebar, what="grouping",
                        help="The book's chapters, or its sections (a chapter's text before its first section "
                             "counts for the chapter)")
level = 2 if grouping == "sections" else 1
dimensions = common.call(views.taxonomy_cells, book, "modality", None, level)["dimensions"]
if not dimensions:
    st.info("No taxonomy labels yet: run `kb classify` (the taxonomy comes from kb/data/taxonomy.toml, or "
            "`kb classify --taxonomy FILE`).")
    state.done()

st.caption(f"A work counts for a node when its evidence together reaches a confidence of {THRESHOLD} (the chapter "
           "citing it alone never does); each work's evidence is listed below. Sizes are citations; hovers give "
           "works and citations.")


def name_of(node_id: str) -> str:
    return tax.nodes[node_id].label if node_id in tax.nodes else node_id


def _forget_choice(dim: str | None) -> None:  # another dimension: the node and chapter of the last mean nothing
    state.update({"dim": dim, "node": None, "cell": None})


dimension = state.choose("Dimension", dimensions, "dim", where=st.sidebar, what="taxonomy dimension",
                         then=_forget_choice, format_func=name_of)
view = state.choose("View", ["sunburst", "treemap", "heatmap", "sankey"], "view", format_func=str.capitalize,
                    where=st.sidebar, what="view")
order = state.choose("Hierarchy", ["node", "chapter"], "order", where=st.sidebar, what="hierarchy",
                     format_func=lambda o: {"chapter": "chapter → node", "node": "node → chapter"}[o])
found = common.call(views.taxonomy_cells, book, dimension, None, level)
nodes = [n["id"] for n in found["nodes"]]  # the largest first
node_size = {n["id"]: n["works"] for n in found["nodes"]}
chapters = [c["id"] for c in found["chapters"]]
chapter_label = {c["id"]: c["label"] for c in found["chapters"]}
cells = {(c["node"], c["chapter"]): c for c in found["cells"]}


def _clicked(key: str) -> None:
    """A sector or cell: choose its node, and its chapter (every chapter for a node's own sector)."""
    points = st.session_state[key]["selection"]["points"]
    if not points:
        return
    picked = parse_qs(points[0].get("id") or common.customdata(points[0]))
    state.update({**({"node": picked["node"][0]} if "node" in picked else {}),
                  "cell": picked["chapter"][0] if "chapter" in picked else None})


def hierarchy(kind: str) -> go.Figure:
    """Sunburst or treemap: nodes then chapters (or chapters then nodes), sized by citations."""
    ids, parents, names, values, hovers = [], [], [], [], []
    outer, inner = (nodes, chapters) if order == "node" else (chapters, nodes)
    for a in outer:
        pair = (lambda b: (a, b)) if order == "node" else (lambda b: (b, a))
        members = [b for b in inner if pair(b) in cells]
        top_id = urlencode({"node": a} if order == "node" else {"chapter": a})
        total_works = set().union(*(cells[pair(b)]["works"] for b in members))
        ids.append(top_id)
        parents.append("")
        names.append(name_of(a) if order == "node" else chapter_label[a])
        values.append(sum(cells[pair(b)]["citations"] for b in members))
        hovers.append(figures.hover_text(names[-1], f"{len(total_works)} works, {values[-1]} citations"))
        for b in members:
            n, c = pair(b)
            ids.append(urlencode({"node": n, "chapter": c}) if order == "node" else urlencode({"chapter": c, "node": n}))
            parents.append(top_id)
            names.append(chapter_label[c] if order == "node" else name_of(n))
            values.append(cells[(n, c)]["citations"])
            hovers.append(figures.hover_text(f"{name_of(n)} in {chapter_label[c]}",
                                             f"{len(cells[(n, c)]['works'])} works, {cells[(n, c)]['citations']} "
                                             "citations"))
    trace = go.Sunburst if kind == "sunburst" else go.Treemap
    fig = go.Figure(trace(ids=ids, parents=parents, labels=[figures.hover_text(x) for x in names], values=values,
                          branchvalues="total", hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
                          maxdepth=2))
    fig.update_layout(height=600, margin=dict(l=0, r=0, t=0, b=0), sunburstcolorway=figures.PALETTE,
                      treemapcolorway=figures.PALETTE)
    return fig


def heatmap() -> go.Figure:
    """Chapters x nodes as squares (a heatmap whose cells can be clicked): size and colour by works."""
    xs, ys, counts, data, hovers = [], [], [], [], []
    for c in chapters:
        for n in nodes:
            if (n, c) in cells:
                xs.append(name_of(n))
                ys.append(chapter_label[c])
                counts.append(len(cells[(n, c)]["works"]))
                data.append(urlencode({"node": n, "chapter": c}))
                hovers.append(figures.hover_text(chapter_label[c], f"{name_of(n)}: {counts[-1]} works, "
                                                 f"{cells[(n, c)]['citations']} citations"))
    top = max(counts, default=1)
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="markers", customdata=data, hovertext=hovers, hoverinfo="text",
                               marker=dict(symbol="square", size=[8 + 22 * (k / top) ** 0.5 for k in counts],
                                           color=counts, colorscale="Blues", cmin=0, showscale=True,
                                           colorbar=dict(title="works"), line=dict(width=0.5, color="#555"))))
    fig.update_layout(height=max(420, 26 * len(chapters) + 120), margin=dict(l=0, r=0, t=10, b=0),
                      xaxis=dict(categoryorder="array", categoryarray=[name_of(n) for n in nodes], side="top"),
                      yaxis=dict(categoryorder="array", categoryarray=[chapter_label[c] for c in reversed(chapters)]))
    return fig


def sankey() -> go.Figure:
    """The chosen dimension's nodes flowing into the chapters citing their works (widths: works)."""
    flows = [(i, len(nodes) + j, len(cells[(n, c)]["works"])) for i, n in enumerate(nodes)
             for j, c in enumerate(chapters) if (n, c) in cells]
    per_chapter = [len(set().union(*(cells[(n, c)]["works"] for n in nodes if (n, c) in cells))) for c in chapters]
    labels = [figures.hover_text(x) for x in [name_of(n) for n in nodes] + [chapter_label[c] for c in chapters]]
    fig = go.Figure(go.Sankey(
        node=dict(label=labels, pad=8, color=[figures.PALETTE[i % len(figures.PALETTE)] for i in range(len(nodes))]
                  + ["#888"] * len(chapters), customdata=[f"{node_size[n]} works" for n in nodes]
                  + [f"{k} works" for k in per_chapter], hovertemplate="%{label}: %{customdata}<extra></extra>"),
        link=dict(source=[a for a, _, _ in flows], target=[b for _, b, _ in flows], value=[v for _, _, v in flows],
                  hovertemplate="%{source.label} → %{target.label}: %{value} works<extra></extra>")))
    fig.update_layout(height=max(500, 22 * len(chapters)), margin=dict(l=0, r=0, t=10, b=10))
    return fig


node = state.choose("Taxonomy node", nodes, "node", what=f"node of {name_of(dimension)}",
                    format_func=lambda n: f"{name_of(n)} ({node_size[n]} works)")
chapter = state.choose("Chapter" if level == 1 else "Section", [EVERY] + [c for c in chapters if (node, c) in cells],
                       "cell", what=f"{grouping[:-1]} citing works labelled {name_of(node)}",
                       format_func=lambda c: f"(every {grouping[:-1]})" if c == EVERY else chapter_label[c])
if view in ("sunburst", "treemap"):
    st.plotly_chart(hierarchy(view), key=view, on_select=lambda: _clicked(view), selection_mode="points")
elif view == "heatmap":
    st.plotly_chart(heatmap(), key="heatmap", on_select=lambda: _clicked("heatmap"), selection_mode="points")
else:
    st.plotly_chart(sankey(), key="sankey")
st.caption("Click a sector or a square to list its works below." if view != "sankey" else
           f"{name_of(dimension)}: each node's works flowing into the {grouping} citing them.")

st.subheader("Works behind a node or a cell")
listing = common.call(views.node_works, book, node, None if chapter == EVERY else chapter, None, level)
st.caption(f"{len(listing)} works labelled {common.md(name_of(node))}"
           + ("" if chapter == EVERY else f" in {common.md(chapter_label[chapter])}"))
common.table(listing, f"taxonomy-{node}", ["title", "year", "citations", "confidence", "evidence"], shown=common.SHOWN)
