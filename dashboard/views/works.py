"""Works: the cited works, searchable, sortable and filterable, as a table and as a reading list; and
everything about the selected work."""

from __future__ import annotations

import streamlit as st

from dashboard import common, state
from kb import api
from kb.errors import KbError

st.title("Works")
common.kb_or_stop()  # a message and stop when there is no usable knowledge base
books = common.call(api.list_books)
book = common.book_choice(books)
tax = common.taxonomy()

query = state.text("Search titles, abstracts, authors, venues and keys", "q", placeholder="e.g. contrastive image text")
FILTERS = ("chapter", "label", "years", "venue", "unresolved")
with st.expander("Filters", expanded=any(state.param(f) for f in FILTERS)):
    cols = st.columns(5)
    heads = common.call(api.headings, book, 2)[1]
    titles = {h["id"]: " ".join(filter(None, [h["number"], h["title"]])) for h in heads}
    chapter = state.choose("Chapter or section", [""] + [h["id"] for h in heads if h["level"] >= 1], "chapter",
                           where=cols[0], what="chapter", format_func=lambda c: titles.get(c, "(every chapter)"))
    labels = [""] + sorted(tax.nodes)
    label = state.choose("Taxonomy node", labels, "label", where=cols[1], what="taxonomy node",
                         format_func=lambda n: tax.nodes[n].label if n in tax.nodes else "(any)")
    years = state.text("Years (e.g. 2018..2021)", "years", where=cols[2])
    venue = state.text("Venue contains", "venue", where=cols[3])
    unresolved = state.flag("Not matched to OpenAlex", "unresolved", where=cols[4])
sort = state.choose("Sort by", ["citations", "chapters", "year", "title"], "sort", where=st.sidebar, what="order")

try:
    rows = common.shared(api.list_works, book=book, chapter=chapter or None, label=label or None,
                         years=api.parse_years(years or None), venue=venue or None, unresolved=unresolved, sort=sort)
    if query:
        listed = {r["id"]: r for r in rows}
        rows = [{**listed[r["id"]], **r} for r in common.call(api.search, query, limit=200, book=book)
                if r["id"] in listed]
except KbError as exc:
    st.warning(str(exc))
    rows = []
st.session_state["kb-works-ids"] = [r["id"] for r in rows]


def _picked() -> None:
    chosen = st.session_state["works-table"]["selection"]["rows"]
    if chosen:
        state.set_param("work", st.session_state["kb-works-ids"][chosen[0]])


filtered = bool(query or chapter or label or years or venue or unresolved)
st.caption(f"{len(rows)} cited works" + (f" matching “{common.md(query)}”" if query else "")
           + (" with these filters" if filtered and not query else "") + " · select a row to see the work in full")
columns = ["keys", "title", "year", "venue", "chapters", "citations", "openalex_status"] + (["snippet"] if query else [])
common.table(rows, "works", columns, select=True, on_select=_picked, key="works-table", height=380)
if rows:
    st.markdown("**These works as a reading list**" + (" (filtered)" if filtered else ""))
    common.reading_list(book, [r["id"] for r in rows], "works")


def show_work(work: int) -> None:
    """Everything about one work: metadata, abstract, keys, citing sentences, labels, references."""
    d = common.call(api.work_detail, work)
    st.divider()
    st.header(common.md(d["title"]), anchor=False)
    st.caption(common.md(f"{d['year'] or 'n.d.'} · {d['venue'] or ''} · {d['type'] or ''}"))
    if d["authors"]:
        st.markdown(common.md("; ".join(d["authors"])))
    common.work_links(d, book)
    match = d["openalex_match"]
    st.markdown("**OpenAlex:** " + (common.md(f"{match['status']} by {match['method']}" + (
        f", {match['openalex_id']}" if match["openalex_id"] else "")) if match else "not enriched (run `kb enrich`)"))
    if d["abstract"]:
        with st.expander("Abstract", expanded=True):
            st.markdown(common.md(d["abstract"]))
    left, right = st.columns(2)
    with left:
        st.subheader("Keys in each book")
        common.table(d["keys"], f"work-{work}-keys", ["book", "key"])
        st.subheader(f"Cited in {len(d['chapters'])} chapters")
        common.table(d["citations"], f"work-{work}-citations", ["book", "chapter", "heading", "location", "key", "sentence"])
    with right:
        st.subheader("Labels and their evidence")
        if d["labels"]:
            common.table([{**x, "evidence": [f"{e['source']} {e['confidence']:.2f}: {e['text']}" for e in x["evidence"]]}
                          for x in d["labels"]], f"work-{work}-labels", ["label", "confidence", "accepted", "evidence"])
        else:
            st.caption("No labels: run `kb classify`.")
        st.subheader("References and cited-by in the books")
        if d["references_in_book"] or d["cited_by_in_book"]:
            common.table([{**r, "direction": "references"} for r in d["references_in_book"]]
                         + [{**r, "direction": "cited by"} for r in d["cited_by_in_book"]],
                         f"work-{work}-references", ["direction", "title", "year"])
        else:
            st.caption("None known: references come from OpenAlex (`kb enrich`).")


work = common.selected_work()
if work is not None:
    show_work(work)
