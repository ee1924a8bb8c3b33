"""Quality: what `kb check` reports, the works OpenAlex did not match or that need review, and the gaps."""

from __future__ import annotations

import streamlit as st

from dashboard import common
from kb import api
from kb.api import check
from kb.api import graph as kb_graph

st.title("Quality")
common.kb_or_stop()  # a message and stop when there is no usable knowledge base
books = common.call(api.list_books)
book = common.book_choice(books)
report = common.call(check.check_report, book)
cols = st.columns(5)
cols[0].metric("Errors", report["errors"])
cols[1].metric("Warnings", report["warnings"])
cols[2].metric("Broken keys", len(report["broken_keys"]))
cols[3].metric("Duplicate clusters", len(report["duplicate_clusters"]))
cols[4].metric("Uncited entries", len(report["uncited_entries"]))

st.subheader("Broken keys")
common.table([{"key": b["key"], "where": b["locations"], "suggestions": [f"{s['key']} ({s['reason']})"
                                                                        for s in b["suggestions"]]}
              for b in report["broken_keys"]], "broken-keys", ["key", "where", "suggestions"])
st.subheader("Duplicate clusters (keys naming one work)")
common.table([{"title": d["title"], "year": d["year"],
               "keys": [f"{k['key']} [{', '.join(k['chapters']) or 'uncited'}]" for k in d["keys"]]}
              for d in report["duplicate_clusters"]], "duplicate-clusters", ["title", "year", "keys"])
left, right = st.columns(2)
with left:
    st.subheader("Uncited entries")
    common.table(report["uncited_entries"], "uncited", ["key", "file", "line", "work_cited_as"])
with right:
    st.subheader("Entries lacking DOI/arXiv id, year or authors")
    common.table(report["incomplete_entries"], "incomplete", ["key", "file", "line", "missing"])
if report["malformed_entries"] or report["missing_files"] or report["other_problems"]:
    st.subheader("Other problems")
    common.table(report["malformed_entries"] + report["missing_files"] + report["other_problems"], "problems",
                 ["severity", "code", "file", "line", "message"])

st.subheader("OpenAlex: not matched or needing review")
works = common.shared(api.list_works, book=book, unresolved=True, sort="citations")
if all(w["openalex_status"] == "not enriched" for w in works):
    st.info(f"`{book}` is not enriched yet: run `kb enrich --book {book}`.")
else:
    common.table([w for w in works if w["openalex_status"] != "not enriched"], "unmatched",
                 ["keys", "title", "year", "openalex_status", "citations"])

st.subheader("Gaps: works the book's references cite often but the book does not")
gaps = common.call(kb_graph.gaps, None, 30, book)
if gaps:
    common.table(gaps, "gaps", ["title", "year", "referenced_by"])
else:
    st.info("No gaps known: gaps come from the references of the book's works (`kb enrich`).")
