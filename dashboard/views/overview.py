"""Overview: the books and their counts, works per year by modality, the works most chapters cite."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import common, figures
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

left, right = st.columns(2)
with left:
    st.subheader("Cited works per publication year, by modality")
    rows = common.call(views.chapter_work_labels, book)
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
        st.caption(f"Each work counted once, in its year; a work of several modalities is striped in the second's "
                   f"colour.{f' {undated} works have no year.' if undated else ''}")
    else:
        st.info("No cited work has a year.")
with right:
    st.subheader("Works cited by the most chapters")
    top = common.call(api.list_works, book=book, sort="chapters", limit=15)
    if top:
        fig = px.bar(list(reversed(top)), x="chapters", y="title", orientation="h", hover_data=["year", "citations"])
        fig.update_layout(height=380, margin=dict(l=10, r=10, t=10, b=10), yaxis_title="", yaxis_tickfont_size=10)
        st.plotly_chart(fig, key="top")
common.table(common.call(api.list_works, book=book, sort="chapters", limit=50), "most-cited",
             ["keys", "title", "year", "chapters", "citations", "openalex_status"])

common.footer()
