"""Overview: the books and their counts, works per year by modality, the works most chapters cite."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import common
from kb import api
from kb.api import views

st.title("Overview")
common.kb_or_stop()  # a message and stop when there is no usable knowledge base
books = common.call(api.list_books, with_coverage=True)
for b in books:
    works = b["works"] or 1
    b["enriched"] = f"{100 * b['enriched_works'] / works:.0f}%"
    b["classified"] = f"{100 * b['labelled_works'] / works:.0f}%"
st.subheader("Books")
common.table(books, "books", ["name", "title", "format", "chapters", "headings", "citations", "works",
                              "merged_clusters", "broken_keys", "enriched", "classified"])
book = common.book_choice(books)
current = next(b for b in books if b["name"] == book)
if not current["enriched_works"]:
    st.info(f"`{book}` is not enriched from OpenAlex yet: run `kb enrich --book {book}` for abstracts, "
            "references, PageRank and gaps.")
if not current["labelled_works"]:
    st.info("No taxonomy labels yet: run `kb classify` to see works by modality, task and architecture.")

left, right = st.columns(2)
with left:
    st.subheader("Works per publication year, by modality")
    rows = common.call(views.chapter_work_labels, book)
    by_work: dict[int, dict] = {}
    for r in rows:
        entry = by_work.setdefault(r["work_id"], {"year": r["year"], "modality": set()})
        if r["dimension"] == "modality":
            entry["modality"].add(r["node_label"])
    counts: dict[tuple[int, str], int] = {}
    for w in by_work.values():
        if not w["year"]:
            continue
        for m in sorted(w["modality"]) or ["unlabelled"]:
            counts[(w["year"], m)] = counts.get((w["year"], m), 0) + 1
    data = [{"year": y, "modality": m, "works": n} for (y, m), n in sorted(counts.items())]
    if data:
        fig = px.bar(data, x="year", y="works", color="modality", barmode="stack")
        fig.update_layout(height=380, margin=dict(l=10, r=10, t=10, b=10), legend_title_text="")
        st.plotly_chart(fig, key="years")
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
