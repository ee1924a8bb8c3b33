"""Entry point of the dashboard: `kb dashboard` runs `streamlit run` on this file."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

if __package__ in (None, ""):  # streamlit runs this file as a script: make `dashboard` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

st.set_page_config(page_title="kb — the literature of a book", page_icon=":books:", layout="wide")

HERE = Path(__file__).resolve().parent
PAGES = [
    st.Page(HERE / "views" / "overview.py", title="Overview", url_path="overview", default=True),
    st.Page(HERE / "views" / "taxonomy.py", title="Taxonomy", url_path="taxonomy"),
    st.Page(HERE / "views" / "graph.py", title="Citation graph", url_path="graph"),
    st.Page(HERE / "views" / "works.py", title="Works", url_path="works"),
    st.Page(HERE / "views" / "chapters.py", title="Chapters", url_path="chapters"),
    st.Page(HERE / "views" / "quality.py", title="Quality", url_path="quality"),
    st.Page(HERE / "views" / "compare.py", title="Compare", url_path="compare"),
    st.Page(HERE / "views" / "since.py", title="Since the book", url_path="since"),
]
st.navigation(PAGES).run()
