"""Since the book: per chapter, the works published after it that build on what it cites (`kb new`)."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import common, state
from kb import api
from kb.api import exports, since

st.title("Since the book")
common.kb_or_stop()
books = common.call(api.list_books)
book = common.book_choice(books)
result = common.call(since.newer_works, book, None, 0, 10)
if result["since"] is None:
    st.info(f"Nothing found since `{book}` yet: `kb new --book {book}` asks OpenAlex for the works citing its "
            f"works after it (after `kb enrich --book {book}`, which matches them to OpenAlex).")
    state.done()
st.caption(f"Works published after {result['since']} citing the works of `{book}`, as OpenAlex listed them on "
           f"{str(result['fetched_at'])[:10]}. Ranked per chapter: the chapter's works each cites, then its "
           "citations and recency (`kb new --help`).")
per_year = [{"chapter": c["chapter"], "year": year, "works": n}
            for c in result["chapters"] for year, n in c["by_year"].items()]
st.subheader("Newer works per year, by chapter")
if per_year:
    figure = px.bar(per_year, x="year", y="works", color="chapter", labels={"works": "newer works"})
    figure.update_layout(legend={"title": None}, margin={"t": 10})
    st.plotly_chart(figure, width="stretch")
chapters = [c for c in result["chapters"] if c["newer"] or c["related"]]
if not chapters:
    st.info("No work citing the book's works after it was found.")
    state.done()
labels = [c["chapter"] for c in chapters]
chosen = state.choose("Chapter", labels, "chapter", default=labels[0], what="chapter")
chapter = chapters[labels.index(chosen)]
st.subheader(f"Building most on {chapter['chapter']}")
common.table(chapter["newer"], "newer-works", ["score", "year", "citations", "cites", "title", "cites_keys",
                                               "openalex_id", "doi"])
st.download_button("Download reading list (BibTeX)",
                   common.call(exports.reading_list, "bibtex", book, chapter["ref"], 0),
                   file_name=f"since-{book}-{chapter['ref'] or 'book'}.bib", mime="application/x-bibtex",
                   on_click="ignore", key="reading-list")
st.subheader("Related works the book does not cite")
if chapter["related"]:
    common.table(chapter["related"], "related-works", ["title", "year", "listed_by", "openalex_id"])
else:
    st.info("OpenAlex lists no related work outside the book for this chapter's works.")
