"""Chapters: one chapter's works, its taxonomy mix, the chapters most like it, and its bibliography files."""

from __future__ import annotations

import functools
from collections import Counter

import plotly.express as px
import streamlit as st

from dashboard import common, state
from kb import api
from kb.api import exports, views
from kb.api import graph as kb_graph

st.title("Chapters")
common.kb_or_stop()  # a message and stop when there is no usable knowledge base
books = common.call(api.list_books)
book = common.book_choice(books)
_, heads = common.call(api.headings, book, None)
common.table([{**h, "cited works": h["works"]} for h in heads], "chapters",
             ["id", "number", "title", "level", "citations", "cited works"], height=260)
st.caption("Level 0 is a part, 1 a chapter, 2 and below sections; citations and cited works count the heading "
           "and everything below it.")
labels = {h["id"]: "  " * max(h["level"] - 1, 0) + " ".join(filter(None, [h["number"], h["title"]])) for h in heads}
chapter = state.choose("Chapter or section", [h["id"] for h in heads], "chapter", what="chapter or section",
                        default=next((h["id"] for h in heads if h["citations"]), heads[0]["id"] if heads else None),
                        format_func=lambda c: labels[c])
if chapter is None:
    st.info("This book has no headings.")
    state.done()
heading, works = common.call(api.chapter_works, chapter, book)
st.header(common.md(heading["label"]), anchor=False)
st.caption(f"{heading['file']}:{heading['line']} · {len(works)} cited works · "
           f"{sum(w['citations'] for w in works)} citations")

left, right = st.columns([3, 2])
with left:
    st.subheader("Works cited here")
    common.table(works, f"chapter-{chapter}-works", ["keys", "title", "year", "citations", "chapters"])
with right:
    st.subheader("Taxonomy mix")
    ids = {w["id"] for w in works}
    mix = Counter()
    for r in common.shared(views.chapter_work_labels, book):
        if r["work_id"] in ids and r["node"] and (r["work_id"], r["node"]) not in mix:
            mix[(r["work_id"], r["node"])] = 1
    nodes = Counter(node for _, node in mix)
    tax = common.taxonomy()
    if nodes:
        data = [{"node": tax.nodes[n].label if n in tax.nodes else n, "dimension": n.split(".")[0], "works": c}
                for n, c in nodes.most_common()]
        fig = px.bar(data, x="works", y="node", color="dimension", orientation="h")
        fig.update_layout(height=max(260, 22 * len(data)), margin=dict(l=0, r=0, t=10, b=0), yaxis_title="")
        st.plotly_chart(fig, key="mix")
    else:
        st.caption("No labels: run `kb classify`.")
    st.subheader("Most similar chapters")
    depth = heading["depth"] if heading["depth"] >= 1 else 1
    pairs = common.call(kb_graph.similar_chapters, depth, 200, book)
    node_id = f"heading:{heading['id']}"
    similar = [{"chapter": p["b"] if p["a_node"] == node_id else p["a"], "shared works (Jaccard)": p["shared_works"],
                "coupling": p["coupling"]} for p in pairs if node_id in (p["a_node"], p["b_node"])]
    common.table(similar[:8], f"chapter-{chapter}-similar")

st.subheader("Bibliography of this chapter")
cols = st.columns(3)
for col, (kind, mime) in zip(cols, [("bibtex", "application/x-bibtex"), ("csljson", "application/json"),
                                    ("ris", "application/x-research-info-systems")], strict=True):
    files = common.call(exports.export_files, kind, book=book, chapter=chapter)
    for f in files:  # the text is handed over when the button is clicked, not on every run of the page
        col.download_button(f"{kind} ({f.entries} entries)", functools.partial(str, f.text), file_name=f.name,
                            mime=mime, on_click="ignore", key=f"download-{kind}")
