"""What every dashboard page shares: the cached read handle, cached API calls, the book and
filter choices kept in the URL, tables with a CSV download, and messages instead of tracebacks.

Every read goes through kb.api; cached results are keyed by the knowledge base's state token,
so they refresh when `kb ingest`, `kb enrich` or `kb classify` change it."""

from __future__ import annotations

import csv
import io
import re

import streamlit as st

from kb import api
from kb.config import database_url
from kb.errors import KbError


def db_url() -> str:
    return database_url(None)


@st.cache_resource(show_spinner=False)
def _handle(url: str) -> api.KnowledgeBase:
    return api.KnowledgeBase(url)


@st.cache_data(show_spinner=False, max_entries=8)
def _checked(url: str, state_key: str) -> str:  # noqa: ARG001 (state_key: cache key)
    """Check the schema once per knowledge-base state (not on every call); returns the state."""
    _handle(url).check_schema()
    return state_key


def kb_or_stop() -> tuple[api.KnowledgeBase, str]:
    """The read handle and its state token, or a short message with the command to run (the page stops)."""
    url = db_url()
    try:
        kb = _handle(url)
        return kb, _checked(url, kb.state())
    except KbError as exc:
        _handle.clear()
        st.warning(f"{exc}")
        st.caption("The dashboard reads the knowledge base that `kb dashboard --db URL` (or $KB_DATABASE_URL) names; "
                   "`kb ingest BOOK` creates one.")
        st.stop()
        raise  # st.stop() ends the run; this line keeps type checkers honest


def call(function, *args, **kwargs):
    """Call a read-API function through the cache (keyed by the knowledge base's state)."""
    _, state_key = kb_or_stop()
    try:
        return _cached(f"{function.__module__}.{function.__qualname__}", db_url(), state_key, args,
                       tuple(sorted(kwargs.items())))
    except KbError as exc:
        st.warning(str(exc))
        st.stop()
        raise


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(name: str, url: str, state_key: str, args: tuple, kwargs: tuple):  # noqa: ARG001 (state_key: cache key)
    import importlib

    module, _, qualname = name.rpartition(".")
    function = getattr(importlib.import_module(module), qualname)
    return function(_handle(url), *args, **dict(kwargs))


@st.cache_resource(show_spinner=False)
def taxonomy():
    from kb.graph.taxonomy import load_taxonomy

    return load_taxonomy()


# --- state in the URL ---------------------------------------------------------------------

def param(name: str, default: str | None = None) -> str | None:
    return st.query_params.get(name, default)


def set_param(name: str, value) -> None:
    if value in (None, "", [], ()):
        if name in st.query_params:
            del st.query_params[name]
    else:
        st.query_params[name] = str(value)


def choose(label: str, options: list, name: str, *, default=None, format_func=str, where=st, key=None):
    """A selectbox whose choice lives in the URL (?name=value), so the view can be bookmarked."""
    if not options:
        return None
    current = param(name)
    values = [str(o) for o in options]
    index = values.index(current) if current in values else (values.index(str(default)) if default in options else 0)
    chosen = where.selectbox(label, options, index=index, format_func=format_func, key=key or f"choose-{name}")
    set_param(name, chosen if chosen != default or current is not None else None)
    return chosen


def book_choice(books: list[dict]) -> str:
    """The book shown (sidebar; ?book=NAME)."""
    names = [b["name"] for b in books]
    return choose("Book", names, "book", where=st.sidebar)


# --- output ---------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def md(text) -> str:
    """Text (titles, abstracts, sentences) escaped for st.markdown: shown as written, never as HTML."""
    return _MD_SPECIAL.sub(r"\\\1", str(text if text is not None else ""))


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    columns = columns or (list(rows[0]) if rows else [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow(["; ".join(map(str, v)) if isinstance(v, (list, tuple)) else ("" if v is None else v)
                         for v in (r.get(c) for c in columns)])
    return out.getvalue()


def table(rows: list[dict], name: str, columns: list[str] | None = None, *, key: str | None = None,
          select: bool = False, height: int | None = None):
    """A table with a CSV download of exactly what it shows; with `select`, one row can be chosen
    (returns its index)."""
    columns = columns or (list(rows[0]) if rows else [])
    shown = [{c: ("; ".join(map(str, r.get(c))) if isinstance(r.get(c), (list, tuple)) else r.get(c))
              for c in columns} for r in rows]
    options = {"hide_index": True, "key": key or f"table-{name}"}
    if height:
        options["height"] = height
    if select:
        event = st.dataframe(shown, on_select="rerun", selection_mode="single-row", **options)
    else:
        st.dataframe(shown, **options)
        event = None
    st.download_button("Download CSV", to_csv(rows, columns), file_name=f"{name}.csv", mime="text/csv", on_click="ignore",
                       key=f"csv-{key or name}")
    if event is not None and event.selection.rows:
        return event.selection.rows[0]
    return None


FOOTER = "Read from"  # tests/browser.py waits for this text


def footer() -> None:
    """The last element of every page: where the data comes from (the browser test waits for it)."""
    from kb import __version__

    kb = _handle(db_url())
    st.divider()
    st.caption(f"{FOOTER} {kb.name} · kb {__version__} · read-only")
