"""Citation graph: the book's chapters and works as a network, coloured and sized as chosen, filtered;
a click selects a work (a box or a lasso several), which is ringed and shown beside the graph with its
neighbours highlighted; a search box finds a work and centres the view on it."""

from __future__ import annotations

import functools

import streamlit as st

from dashboard import common, figures, state
from kb import api
from kb.api import graph as kb_graph

MAX_SELECTED = 500  # works a box or lasso keeps in the URL
CENTRE_SPAN = (0.55, 0.4)  # half the width and height of the view centred on a found work

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
    chapter = state.choose("Chapter", chapter_ids, "chapter", format_func=lambda c: labels.get(c, "(every chapter)"),
                           what="chapter")
    nodes = [""] + sorted(tax.nodes)
    node = state.choose("Taxonomy node", nodes, "node", what="taxonomy node",
                        format_func=lambda n: tax.nodes[n].label if n in tax.nodes else "(any)")
    years_known = sorted({w["year"] for w in common.shared(api.list_works, book=book) if w["year"]})
    span = [str(y) for y in years_known] or ["1950", "2030"]
    low = int(state.choose("From year", span, "from", default=span[0], what="year"))
    high = int(state.choose("To year", [y for y in span if int(y) >= low], "to", default=span[-1], what="year"))
    min_citations = int(state.choose("Minimum citations", ["1", "2", "3", "5", "10", "20"], "min", default="1",
                                     what="choice"))
    drawn_at_most = state.choose("Works drawn", ["500", "1000", "2000", "all"], "drawn", default="500",
                                 what="number of works", format_func=lambda n: n if n == "all" else f"the {n} most cited")
    grouping = state.choose("Works around", ["chapters", "sections"], "group", what="grouping",
                            help="The squares: the book's chapters, or its sections (a chapter's text before its "
                                 "first section counts for the chapter)")
    filtered_years = (low, high) if (str(low), str(high)) != (span[0], span[-1]) else None

network = common.shared(kb_graph.citation_network, book, chapter=chapter or None, node=node or None,
                        years=filtered_years, min_citations=min_citations, level=2 if grouping == "sections" else 1,
                        limit=None if drawn_at_most == "all" else int(drawn_at_most))
works, chapters, edges = network["works"], network["chapters"], network["edges"]
colour_by = state.choose("Colour by", ["modality", "chapter", "community"], "color", where=st.sidebar, what="colouring")
sizes = ["citations", "chapters"] + (["pagerank"] if network["enriched"] else [])
size_by = state.choose("Size by", sizes, "size", where=st.sidebar, what="size")
# the zoom is kept until a filter changes
revision = "|".join(map(str, (book, chapter, node, filtered_years, min_citations, grouping, drawn_at_most)))


def _find(query: str | None) -> None:
    """The search box: the best match becomes the selected work and the view centres on it."""
    query = query or ""
    hits = common.call(api.search, query, limit=6, book=book) if query else []
    state.update({"find": query, **({"work": hits[0]["id"], "sel": None} if hits else {})})
    if hits:
        st.session_state["kb-centre"] = (revision, hits[0]["id"])


def _select(ids: list[int]) -> None:
    state.update({"work": ids[0] if len(ids) == 1 else None,
                  "sel": ",".join(map(str, ids[:MAX_SELECTED])) if len(ids) > 1 else None})


def _on_select() -> None:
    """A click, box or lasso on the graph: works become the selection; a chapter's square alone filters the
    graph to that chapter; an empty selection clears it."""
    points = st.session_state["network"]["selection"]["points"]
    picked = [common.customdata(p) for p in points]
    ids = [int(d.removeprefix("work:")) for d in picked if d.startswith("work:")]
    squares = [d.removeprefix("chapter:") for d in picked if d.startswith("chapter:")]
    if ids or not squares:
        _select(ids)
    elif squares[0] != "front":
        state.set_param("chapter", squares[0])


query = state.text("Find a work", "find", placeholder="title words, a key or a DOI; Enter selects the best match",
                   then=_find)
if query:
    hits = common.call(api.search, query, limit=6, book=book)
    if not hits:
        st.caption(f"No work of `{book}` matches “{common.md(query)}”.")
    else:
        cols = st.columns(min(len(hits), 3))
        for i, hit in enumerate(hits[:3]):
            cols[i].button(common.md(f"{hit['title'][:70]} ({hit['year'] or 'n.d.'})"), key=f"hit-{hit['id']}",
                           type="tertiary",
                           on_click=_select, args=([hit["id"]],), help="Select this work")
if not works:
    st.info("No work matches these filters.")
    state.done()
if not network["enriched"]:
    st.caption("Not enriched: edges between works are co-citations (cited together in a section at least twice). "
               "Run `kb enrich` for references and PageRank.")

selection = common.selected_works("sel")
work = common.selected_work()
focus = selection or ([work] if work is not None else [])
selected = {f"work:{w}" for w in focus}
neighbours = {e["target"] if e["source"] in selected else e["source"] for e in edges
              if e["source"] in selected or e["target"] in selected}
highlighted = selected | neighbours
pos = network["positions"]
centre = st.session_state.get("kb-centre")
view = None
if centre and centre[0] == revision and f"work:{centre[1]}" in pos:
    x, y = pos[f"work:{centre[1]}"]
    view = (x - CENTRE_SPAN[0], x + CENTRE_SPAN[0], y - CENTRE_SPAN[1], y + CENTRE_SPAN[1])
modality_colours = figures.colour_map(n.label for n in tax.children("modality"))
fig = figures.network_figure(network, pos, colour_by=colour_by, size_by=size_by, modality_colours=modality_colours,
                             selected=selected, highlighted=highlighted, view=view, revision=revision)
left, right = st.columns([3, 1])
with left:
    st.plotly_chart(fig, on_select=_on_select, selection_mode=("points", "box", "lasso"), key="network",
                    config={"displaylogo": False, "scrollZoom": True})
    fewer = f" (the {len(works):,} most cited of {network['matching']:,}; 'Works drawn' shows more)" \
        if network["matching"] > len(works) else ""
    st.caption(f"{len(chapters)} {grouping} citing {len(works)} works{fewer}, {len(edges)} links · click a work to "
               "select it, drag a box or a lasso (toolbar, top right) for several; scroll to zoom, double-click to see "
               "everything")
by_id = {w["id"]: w for w in works}
with right:
    if selection:
        st.subheader(f"{len(selection)} works selected")
        chosen = [by_id.get(f"work:{w}") or {"label": f"work {w}", "year": None, "citations": None} for w in selection]
        common.table([{"title": w["label"], "year": w["year"], "citations": w["citations"]} for w in chosen],
                     "graph-selection", ["title", "year", "citations"], height=300)
        common.reading_list(book, selection, "selection", narrow=True)
        st.button("Clear the selection", on_click=_select, args=([],), key="clear")
    elif work is not None:
        detail = common.call(api.work_detail, work)
        st.subheader("Selected work")
        st.markdown(f"**{common.md(detail['title'])}** ({detail['year'] or 'n.d.'})")
        st.caption(common.md("; ".join(detail["authors"][:6])))
        shown = f"work:{work}" in by_id
        here = [c for c in detail["citations"] if c["book"] == book]
        st.markdown(f"{len(here)} citations in {len({c['chapter'] for c in here})} chapters of `{book}`"
                    + ("" if shown else " · not in the graph with these filters"))
        accepted = [x["label"] for x in detail["labels"] if x["accepted"]]
        if accepted:
            st.markdown("Labels: " + common.md(", ".join(accepted)))
        linked = sorted((by_id[n] for n in neighbours if n in by_id), key=lambda w: -w["citations"])
        if linked:
            st.markdown(f"**Linked in this graph** ({len(linked)}):")
            st.markdown("\n".join(f"- {common.md(w['label'][:80])} ({w['year'] or 'n.d.'})" for w in linked[:8]))
        common.work_links(detail, book)
        st.button("Clear the selection", on_click=_select, args=([],), key="clear")
    else:
        st.subheader("Selected work")
        st.caption("Click a work in the graph to see it here, or find one by name above.")
with left:
    st.download_button(f"The graph's {len(works)} works as CSV", functools.partial(common.to_csv, works, [
        "label", "year", "citations", "chapters", "modality", "chapter", "community_name", "pagerank"]),
        file_name=f"{book}-graph-works.csv", mime="text/csv", on_click="ignore", key="csv-graph-works")
