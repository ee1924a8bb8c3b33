"""Overview: the books and their counts, works per year by modality, the works most chapters cite."""

from __future__ import annotations

import functools

import streamlit as st

from dashboard import common, figures, state
from kb import api
from kb.api import views

st.title("Overview")
common.kb_or_stop()  # a message and stop when there is no usable knowledge base
books = common.call(api.list_books, with_coverage=True)
tax = common.taxonomy()
for b in books:
    cited = b["cited_works"] or 1
    b["enriched"] = f"{100 * b['enriched_works'] / cited:.0f}%"
    b["classified"] = f"{100 * b['labelled_works'] / cited:.0f}%"
st.subheader("Books")
common.table([{common.HEADERS.get(k, k): v for k, v in b.items()} for b in books], "books",
             [common.HEADERS.get(k, k) for k in ["name", "title", "format", "chapters", "citations", "cited_works",
                                                 "entries", "merged_clusters", "broken_keys", "enriched", "classified"]])
st.caption("Cited works: the works the text cites (keys naming one work merged); bibliography entries: the entries "
           "of its .bib files or reference list, cited or not. Enriched and classified: shares of the cited works.")
book = common.book_choice(books)
current = next(b for b in books if b["name"] == book)
if not current["enriched_works"]:
    st.info(f"`{book}` is not enriched from OpenAlex yet: run `kb enrich --book {book}` for abstracts, "
            "references, PageRank and gaps.")
if not current["labelled_works"]:
    st.info("No taxonomy labels yet: run `kb classify` to see works by modality, task and architecture.")

def _picked() -> None:
    points = st.session_state["top"]["selection"]["points"]
    if points:
        state.set_param("work", int(common.customdata(points[0]).removeprefix("work:")))


left, right = st.columns(2)
with left:
    st.subheader("Cited works per publication year, by modality")
    rows = common.shared(views.chapter_work_labels, book)
    modalities: dict[int, list[str]] = {}
    years: dict[int, int] = {}
    order = [n.label for n in tax.children("modality")]
    for r in rows:
        years[r["work_id"]] = r["year"]
        found = modalities.setdefault(r["work_id"], [])
        if r["dimension"] == "modality" and r["node_label"] not in found:
            found.append(r["node_label"])
    undated = sum(1 for y in years.values() if not y)
    if any(years.values()):
        colours = figures.colour_map(order)
        st.plotly_chart(figures.works_per_year(years, modalities, colours, order), key="years")
        st.caption(f"Each work counted once, in its year; a work of several modalities is outlined in the second's "
                   f"colour.{f' {undated} works have no year.' if undated else ''}")
    else:
        st.info("No cited work has a year.")
with right:
    st.subheader("Works cited by the most chapters")
    top = common.call(api.list_works, book=book, sort="chapters", limit=50)
    if top:
        st.plotly_chart(figures.most_cited(top[:15]), key="top", on_select=_picked, selection_mode="points",
                        config={"displayModeBar": False})  # nothing to zoom: the toolbar would hide the top bar
        st.caption("Click a bar for the work.")
        st.download_button(f"The {len(top)} works most chapters cite, as CSV", functools.partial(
            common.to_csv, top, ["keys", "title", "year", "chapters", "citations", "openalex_status"]),
            file_name=f"{book}-most-cited.csv", mime="text/csv", on_click="ignore", key="csv-most-cited")
work = common.selected_work()
if work is not None:
    detail = common.call(api.work_detail, work)
    here = sorted({c["chapter"] for c in detail["citations"] if c["book"] == book})
    st.markdown(f"**{common.md(detail['title'])}** ({detail['year'] or 'n.d.'}), cited in {len(here)} chapters of "
                f"`{book}`: {common.md('; '.join(here))}")
    common.work_links(detail, book)
