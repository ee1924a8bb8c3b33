"""Citation graph: the book's chapters and works as an interactive network (WebGL), coloured and
sized as chosen, filtered, with the details of a selected work beside it."""

from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboard import common
from kb import api
from kb.api import graph as kb_graph
from kb.graph.layout import chapter_layout

MAX_COLOURS = 12
WEBGL_FROM = 1000  # works; below this the markers are SVG

st.title("Citation graph")
common.kb_or_stop()  # a message and stop when there is no usable knowledge base
books = common.call(api.list_books)
book = common.book_choice(books)
tax = common.taxonomy()

with st.sidebar:
    st.markdown("**Filters**")
    heads = common.call(api.headings, book, 2)[1]
    chapter_ids = [""] + [h["id"] for h in heads if h["level"] in (1, 2)]
    labels = {h["id"]: " ".join(filter(None, [h["number"], h["title"]])) for h in heads}
    chapter = common.choose("Chapter", chapter_ids, "chapter", format_func=lambda c: labels.get(c, "(every chapter)"),
                            where=st)
    nodes = [""] + sorted(tax.nodes)
    node = common.choose("Taxonomy node", nodes, "node", format_func=lambda n: tax.nodes[n].label if n else "(any)",
                         where=st)
    years_known = sorted({w["year"] for w in common.call(api.list_works, book=book) if w["year"]})
    span = [str(y) for y in years_known] or ["1950", "2030"]
    low = int(common.choose("From year", span, "from", default=span[0], where=st))
    high = int(common.choose("To year", [y for y in span if int(y) >= low], "to", default=span[-1], where=st))
    min_citations = int(common.choose("Minimum citations", ["1", "2", "3", "5", "10", "20"], "min", default="1",
                                      where=st))
    filtered_years = (low, high) if (str(low), str(high)) != (span[0], span[-1]) else None

network = common.call(kb_graph.citation_network, book, chapter=chapter or None, node=node or None,
                      years=filtered_years, min_citations=min_citations)
works, chapters, edges = network["works"], network["chapters"], network["edges"]
if not works:
    st.info("No work matches these filters.")
    st.stop()

color_by = common.choose("Colour by", ["modality", "chapter", "community"], "color", where=st.sidebar)
sizes = ["citations", "chapters"] + (["pagerank"] if network["enriched"] else [])
size_by = common.choose("Size by", sizes, "size", where=st.sidebar)
if not network["enriched"]:
    st.caption("Not enriched: edges between works are co-citations (cited together in a section at least twice). "
               "Run `kb enrich` for references and PageRank.")


@st.cache_data(show_spinner=False, max_entries=32)
def positions(chapter_keys: tuple, links: tuple, extra: tuple) -> dict:
    """The layout, computed once for each set of chapters and links (its arguments are its cache key)."""
    grouped: dict[str, list] = {}
    for work, chapter_id, weight in links:
        grouped.setdefault(work, []).append((chapter_id, weight))
    return chapter_layout(list(chapter_keys), grouped, edges=extra)


cites = tuple((e["target"], e["source"], e["weight"]) for e in edges if e["kind"] == "cites")
others = tuple((e["source"], e["target"]) for e in edges if e["kind"] != "cites")
pos = positions(tuple(c["id"] for c in chapters), cites, others)

pos = {k: (round(x, 4), round(y, 4)) for k, (x, y) in pos.items()}  # a smaller figure to send
# a large graph draws only the links between works: its works already sit around the chapters citing them
drawn = edges if len(works) <= WEBGL_FROM else [e for e in edges if e["kind"] != "cites"]
edge_x, edge_y = [], []
for e in drawn:
    if e["source"] in pos and e["target"] in pos:
        (x0, y0), (x1, y1) = pos[e["source"]], pos[e["target"]]
        edge_x += [x0, x1, None]
        edge_y += [y0, y1, None]
fig = go.Figure()
# links as one SVG path (WebGL lines with gaps draw slowly without a GPU); the nodes in WebGL
fig.add_trace(go.Scatter(x=edge_x, y=edge_y, mode="lines", line=dict(width=0.5, color="rgba(120,120,120,0.35)"),
                         hoverinfo="skip", name="links", showlegend=False))
fig.add_trace(go.Scatter(x=[pos[c["id"]][0] for c in chapters], y=[pos[c["id"]][1] for c in chapters],
                           mode="markers+text", text=[c["label"] for c in chapters], textposition="top center",
                           textfont=dict(size=9), marker=dict(symbol="square", size=14, color="#333"),
                           customdata=[c["id"] for c in chapters], name="chapters",
                           hovertext=[f"{c['label']}: {c['works']} works" for c in chapters], hoverinfo="text"))
values = [w[size_by] or 0 for w in works]
top = max(values) or 1
groups: dict[str, list[dict]] = {}
for w in works:
    groups.setdefault(str(w.get(color_by) if w.get(color_by) is not None else "none"), []).append(w)
ranked = sorted(groups.items(), key=lambda kv: -len(kv[1]))
if len(ranked) > MAX_COLOURS:  # the smallest groups share one colour
    ranked = ranked[:MAX_COLOURS - 1] + [("other", [w for _, members in ranked[MAX_COLOURS - 1:] for w in members])]
def hover(w: dict) -> str:
    return f"{w['label'][:80]} ({w['year'] or 'n.d.'}), {w['citations']} citations"


def size(w: dict) -> float:
    return round(6 + 22 * ((w[size_by] or 0) / top) ** 0.5, 1)


if len(works) <= WEBGL_FROM:  # SVG, one trace per colour: quick for a few hundred points
    for group, members in ranked:
        fig.add_trace(go.Scatter(
            x=[pos[w["id"]][0] for w in members], y=[pos[w["id"]][1] for w in members], mode="markers", name=group,
            marker=dict(size=[size(w) for w in members], opacity=0.85), customdata=[w["id"] for w in members],
            hovertext=[hover(w) for w in members], hoverinfo="text"))
else:  # WebGL, one trace for every work (fewer draw calls) and legend-only entries for the colours
    palette = px.colors.qualitative.Plotly + px.colors.qualitative.Safe
    colour = {group: palette[i % len(palette)] for i, (group, _) in enumerate(ranked)}
    members = [(w, group) for group, ws in ranked for w in ws]
    fig.add_trace(go.Scattergl(
        x=[pos[w["id"]][0] for w, _ in members], y=[pos[w["id"]][1] for w, _ in members], mode="markers",
        marker=dict(size=[size(w) for w, _ in members], color=[colour[g] for _, g in members], opacity=0.85),
        customdata=[w["id"] for w, _ in members], hovertext=[hover(w) for w, _ in members], hoverinfo="text",
        showlegend=False, name="works"))
    for group, _ in ranked:
        fig.add_trace(go.Scattergl(x=[None], y=[None], mode="markers", name=group,
                                   marker=dict(size=8, color=colour[group])))
fig.update_layout(height=720, margin=dict(l=0, r=0, t=10, b=0), xaxis=dict(visible=False), yaxis=dict(visible=False),
                  legend=dict(itemsizing="constant", font=dict(size=10)), dragmode="select", clickmode="event+select")
left, right = st.columns([3, 1])
with left:
    event = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="network")
    st.caption(f"{len(chapters)} chapters, {len(works)} works, {len(edges)} links"
               + ("" if drawn is edges else f" ({len(drawn)} links between works drawn; each work sits near the "
                                            "chapters citing it)"))
selected = None
points = event.selection.points if event and event.selection else []
for p in points:
    data = p.get("customdata")
    if isinstance(data, list):
        data = data[0] if data else None
    if isinstance(data, str) and data.startswith("work:"):
        selected = int(data.split(":", 1)[1])
        break
if selected is not None:
    common.set_param("work", selected)
elif common.param("work", "").isdigit():
    selected = int(common.param("work"))
with right:
    st.subheader("Selected work")
    if selected is None:
        st.caption("Select a work in the graph (click it, or draw a box) to see it here.")
    else:
        detail = common.call(api.work_detail, selected)
        st.markdown(f"**{common.md(detail['title'])}** ({detail['year'] or 'n.d.'})")
        st.caption(common.md("; ".join(detail["authors"][:6])))
        st.markdown(f"{len(detail['citations'])} citations in {len(detail['chapters'])} chapters")
        for name, url in detail["links"].items():
            st.markdown(f"[{name}]({url})")
        accepted = [x["label"] for x in detail["labels"] if x["accepted"]]
        if accepted:
            st.markdown("Labels: " + common.md(", ".join(accepted)))
        st.page_link("views/works.py", label="Open in Works", query_params={"work": str(selected), "book": book})
with st.expander(f"The {len(works)} works in the graph, as a table"):
    common.table(works, "graph-works", ["label", "year", "citations", "chapters", "modality", "chapter", "community",
                                        "pagerank"])

common.footer()
