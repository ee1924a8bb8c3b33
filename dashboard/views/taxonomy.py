"""Taxonomy: the book's chapters against one dimension of its taxonomy (sunburst, treemap, heatmap,
Sankey). A click on a sector or a cell chooses that node (and chapter), and the works behind the
choice are listed with the evidence for each label."""

from __future__ import annotations

from collections import defaultdict
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
rows = common.call(views.chapter_work_labels, book, None, 2 if grouping == "sections" else 1)
labelled = [r for r in rows if r["node"]]
if not labelled:
    st.info("No taxonomy labels yet: run `kb classify` (the taxonomy comes from kb/data/taxonomy.toml, or "
            "`kb classify --taxonomy FILE`).")
    common.footer()
    state.done()

st.caption(f"A work counts for a node when its evidence together reaches a confidence of {THRESHOLD} (the chapter "
           "citing it alone never does); each work's evidence is listed below. Sizes are citations; hovers give "
           "works and citations.")


def _forget_choice(dim: str | None) -> None:  # another dimension: the node and chapter of the last mean nothing
    state.update({"dim": dim, "node": None, "cell": None})


dimensions = sorted({r["dimension"] for r in labelled}, key=lambda d: list(tax.nodes).index(d) if d in tax.nodes else 0)
dimension = state.choose("Dimension", dimensions, "dim", where=st.sidebar, what="taxonomy dimension", then=_forget_choice,
                         format_func=lambda d: tax.nodes[d].label if d in tax.nodes else d)
view = state.choose("View", ["sunburst", "treemap", "heatmap", "sankey"], "view", format_func=str.capitalize,
                    where=st.sidebar, what="view")
order = state.choose("Hierarchy", ["node", "chapter"], "order", where=st.sidebar, what="hierarchy",
                     format_func=lambda o: {"chapter": "chapter → node", "node": "node → chapter"}[o])
picked = [r for r in labelled if r["dimension"] == dimension]

# counts: distinct works and citations per node, per chapter and per (node, chapter) cell
cell_works: dict[tuple[str, str], set] = defaultdict(set)
cell_citations: dict[tuple[str, str], int] = defaultdict(int)
chapter_label, chapter_position = {}, {}
for r in picked:
    chapter_id = r["chapter_id"] or "front"
    cell_works[(r["node"], chapter_id)].add(r["work_id"])
    cell_citations[(r["node"], chapter_id)] += r["citations"]
    chapter_label[chapter_id], chapter_position[chapter_id] = r["chapter"], r["chapter_position"]
node_works: dict[str, set] = defaultdict(set)
for (n, _), ws in cell_works.items():
    node_works[n] |= ws
nodes = sorted(node_works, key=lambda n: (-len(node_works[n]), n))  # the largest first
chapters = sorted(chapter_label, key=chapter_position.get)


def name_of(node_id: str) -> str:
    return tax.nodes[node_id].label if node_id in tax.nodes else node_id


def _clicked(key: str) -> None:
    """A sector or cell: choose its node, and its chapter (every chapter for a node's own sector)."""
    points = st.session_state[key]["selection"]["points"]
    if not points:
        return
    found = parse_qs(points[0].get("id") or common.customdata(points[0]))
    state.update({**({"node": found["node"][0]} if "node" in found else {}),
                  "cell": found["chapter"][0] if "chapter" in found else None})


def hierarchy(kind: str) -> go.Figure:
    """Sunburst or treemap: nodes then chapters (or chapters then nodes), sized by citations."""
    ids, parents, names, values, hovers = [], [], [], [], []
    outer, inner = (nodes, chapters) if order == "node" else (chapters, nodes)
    for a in outer:
        pair = (lambda b: (a, b)) if order == "node" else (lambda b: (b, a))
        members = [b for b in inner if cell_works.get(pair(b))]
        top_id = urlencode({"node": a} if order == "node" else {"chapter": a})
        total_works = set().union(*(cell_works[pair(b)] for b in members))
        ids.append(top_id)
        parents.append("")
        names.append(name_of(a) if order == "node" else chapter_label[a])
        values.append(sum(cell_citations[pair(b)] for b in members))
        hovers.append(figures.hover_text(names[-1], f"{len(total_works)} works, {values[-1]} citations"))
        for b in members:
            n, c = pair(b)
            ids.append(urlencode({"node": n, "chapter": c}) if order == "node" else urlencode({"chapter": c, "node": n}))
            parents.append(top_id)
            names.append(chapter_label[c] if order == "node" else name_of(n))
            values.append(cell_citations[(n, c)])
            hovers.append(figures.hover_text(f"{name_of(n)} in {chapter_label[c]}",
                                             f"{len(cell_works[(n, c)])} works, {cell_citations[(n, c)]} citations"))
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
            if cell_works.get((n, c)):
                xs.append(name_of(n))
                ys.append(chapter_label[c])
                counts.append(len(cell_works[(n, c)]))
                data.append(urlencode({"node": n, "chapter": c}))
                hovers.append(figures.hover_text(chapter_label[c], f"{name_of(n)}: {counts[-1]} works, "
                                                 f"{cell_citations[(n, c)]} citations"))
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
    left = [name_of(n) for n in nodes]
    right = [chapter_label[c] for c in chapters]
    flows = [(i, len(nodes) + j, len(cell_works[(n, c)])) for i, n in enumerate(nodes) for j, c in enumerate(chapters)
             if cell_works.get((n, c))]
    labels = [figures.hover_text(x) for x in left + right]
    fig = go.Figure(go.Sankey(
        node=dict(label=labels, pad=8, color=[figures.PALETTE[i % len(figures.PALETTE)] for i in range(len(left))]
                  + ["#888"] * len(right), customdata=[f"{len(node_works[n])} works" for n in nodes]
                  + [f"{len(set().union(*(cell_works.get((n, c), set()) for n in nodes)))} works" for c in chapters],
                  hovertemplate="%{label}: %{customdata}<extra></extra>"),
        link=dict(source=[a for a, _, _ in flows], target=[b for _, b, _ in flows], value=[v for _, _, v in flows],
                  hovertemplate="%{source.label} → %{target.label}: %{value} works<extra></extra>")))
    fig.update_layout(height=max(500, 22 * len(chapters)), margin=dict(l=0, r=0, t=10, b=10))
    return fig


node = state.choose("Taxonomy node", nodes, "node", what=f"node of {name_of(dimension)}",
                    format_func=lambda n: f"{name_of(n)} ({len(node_works[n])} works)")
cells = [EVERY] + [c for c in chapters if cell_works.get((node, c))]
chapter = state.choose("Chapter", cells, "cell", what=f"chapter citing works labelled {name_of(node)}",
                       format_func=lambda c: "(every chapter)" if c == EVERY else chapter_label[c])
if view in ("sunburst", "treemap"):
    st.plotly_chart(hierarchy(view), key=view, on_select=lambda: _clicked(view), selection_mode="points")
elif view == "heatmap":
    st.plotly_chart(heatmap(), key="heatmap", on_select=lambda: _clicked("heatmap"), selection_mode="points")
else:
    st.plotly_chart(sankey(), key="sankey")
st.caption("Click a sector or a square to list its works below." if view != "sankey" else
           f"{name_of(dimension)}: each node's works flowing into the chapters citing them.")

st.subheader("Works behind a node or a cell")
chosen = [r for r in picked if r["node"] == node and (chapter == EVERY or (r["chapter_id"] or "front") == chapter)]
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
st.caption(f"{len(listing)} works labelled {common.md(name_of(node))}"
           + ("" if chapter == EVERY else f" in {common.md(chapter_label[chapter])}"))
common.table(sorted(listing, key=lambda r: -r["citations"]), f"taxonomy-{node}",
             ["title", "year", "citations", "confidence", "evidence"])

common.footer()
