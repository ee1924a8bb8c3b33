"""Compare: two books side by side (a draft and the published book): works only in each and in both."""

from __future__ import annotations

import streamlit as st

from dashboard import common, state
from kb import api
from kb.api import compare

st.title("Compare")
common.kb_or_stop()  # a message and stop when there is no usable knowledge base
names = [b["name"] for b in common.call(api.list_books)]
if len(names) < 2:
    st.info("Comparing needs two books in the knowledge base: `kb ingest` a draft or another edition.")
    state.done()
cols = st.columns(2)
a = state.choose("Book A", names, "a", where=cols[0], what="book")
b = state.choose("Book B", [n for n in names if n != a], "b", where=cols[1], what="other book")
result = common.call(compare.compare_books, a, b)
metrics = st.columns(3)
metrics[0].metric(f"Only in {common.md(a)}", len(result["only_in_a"]))
metrics[1].metric(f"Only in {common.md(b)}", len(result["only_in_b"]))
metrics[2].metric("In both", len(result["in_both"]))
st.subheader("By chapter")
common.table([{"chapter A": c["chapter_a"], "chapter B": c["chapter_b"], "paired by": c["paired_by"],
               "only in A": len(c["only_in_a"]), "only in B": len(c["only_in_b"]), "in both": len(c["in_both"])}
              for c in result["by_chapter"]], "compare-chapters")
tabs = st.tabs([f"Only in {common.md(a)}", f"Only in {common.md(b)}", "In both"])
for tab, part in zip(tabs, ["only_in_a", "only_in_b", "in_both"], strict=True):
    with tab:
        common.table(result[part], f"compare-{part}", ["title", "year", "keys_a", "keys_b"])
