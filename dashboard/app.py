"""Entry point of the dashboard: `kb dashboard` runs `streamlit run` on this file."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

if __package__ in (None, ""):  # streamlit runs this file as a script: make `dashboard` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import common, state  # noqa: E402

st.set_page_config(page_title="kb — the literature of a book", page_icon=":books:", layout="wide")

HERE = Path(__file__).resolve().parent
VIEWS = HERE / "views"
PAGES = [  # the default page is served at /; its url_path only has to be unique
    st.Page(VIEWS / "overview.py", title="Overview", url_path="home", default=True),
    st.Page(VIEWS / "taxonomy.py", title="Taxonomy", url_path="taxonomy"),
    st.Page(VIEWS / "graph.py", title="Citation graph", url_path="graph"),
    st.Page(VIEWS / "neighbourhood.py", title="Neighbourhood", url_path="neighbourhood"),
    st.Page(VIEWS / "works.py", title="Works", url_path="works"),
    st.Page(VIEWS / "chapters.py", title="Chapters", url_path="chapters"),
    st.Page(VIEWS / "quality.py", title="Quality", url_path="quality"),
    st.Page(VIEWS / "compare.py", title="Compare", url_path="compare"),
    st.Page(VIEWS / "since.py", title="Since the book", url_path="since"),
]
OVERVIEW = st.Page(VIEWS / "overview.py", title="Overview", url_path="overview", visibility="hidden")  # /overview too

page = st.navigation([*PAGES, OVERVIEW], position="hidden")  # the sidebar's own links carry the state
state.set_page("" if page is OVERVIEW else page.url_path)
links = st.sidebar.container()
try:
    state.unknown_path([p.url_path or "overview" for p in PAGES])
    page.run()
except state.PageDone:  # the page ended early, on purpose
    pass
common.footer()
with links:  # after the page has made its choices, so that the links carry them
    state.navigation(PAGES)
    st.divider()
