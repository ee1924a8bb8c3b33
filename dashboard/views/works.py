"""Works: a searchable, sortable, filterable table and everything about the selected work."""

from __future__ import annotations

import streamlit as st

from dashboard import common
from kb import api
from kb.errors import KbError

st.title("Works")
common.kb_or_stop()  # a message and stop when there is no usable knowledge base
books = common.call(api.list_books)
book = common.book_choice(books)
tax = common.taxonomy()

query = st.text_input("Search titles, abstracts, authors, venues and keys", common.param("q", ""), key="q",
                      placeholder="e.g. contrastive image text")
common.set_param("q", query.strip())
with st.expander("Filters", expanded=bool(common.param("label") or common.param("years") or common.param("venue"))):
    cols = st.columns(4)
    labels = [""] + sorted(tax.nodes)
    label = common.choose("Taxonomy node", labels, "label", format_func=lambda n: tax.nodes[n].label if n else "(any)",
                          where=cols[0])
    years = cols[1].text_input("Years (e.g. 2018..2021)", common.param("years", ""), key="years")
    common.set_param("years", years.strip())
    venue = cols[2].text_input("Venue contains", common.param("venue", ""), key="venue")
    common.set_param("venue", venue.strip())
    unresolved = cols[3].checkbox("Not matched to OpenAlex", common.param("unresolved") == "1", key="unresolved")
    common.set_param("unresolved", "1" if unresolved else None)
sort = common.choose("Sort by", ["citations", "chapters", "year", "title"], "sort", where=st.sidebar)

try:
    if query.strip():
        rows = common.call(api.search, query.strip(), limit=200, book=book)
        listed = {r["id"]: r for r in common.call(api.list_works, book=book)}
        rows = [{**listed.get(r["id"], {}), **r} for r in rows]
    else:
        rows = common.call(api.list_works, book=book, label=label or None, years=api.parse_years(years.strip() or None),
                           venue=venue.strip() or None, unresolved=unresolved, sort=sort)
except KbError as exc:
    st.warning(str(exc))
    rows = []
st.caption(f"{len(rows)} works" + (f" matching “{query.strip()}”" if query.strip() else ""))
columns = ["keys", "title", "year", "venue", "chapters", "citations", "openalex_status"] + \
    (["snippet"] if query.strip() else [])
picked = common.table(rows, "works", columns, select=True, key="works-table", height=380)
if picked is not None:
    common.set_param("work", rows[picked]["id"])
def show_work(work: int) -> None:
    """Everything about one work: metadata, abstract, keys, citing sentences, labels, references."""
    d = common.call(api.work_detail, work)
    st.divider()
    st.header(common.md(d["title"]), anchor=False)
    st.caption(f"{d['year'] or 'n.d.'} · {d['venue'] or ''} · {d['type'] or ''}")
    if d["authors"]:
        st.markdown(common.md("; ".join(d["authors"])))
    links = " · ".join(f"[{name}]({url})" for name, url in d["links"].items() if url.startswith(("https://", "http://")))
    if links:
        st.markdown(links)
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


work = common.param("work")
if not (work and work.isdigit()):
    st.caption("Select a row to see the work in full.")
else:
    show_work(int(work))

common.footer()
