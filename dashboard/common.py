"""What every dashboard page shares: the cached read handle, cached API calls, the book and
filter choices kept in the URL, tables with a CSV download, and messages instead of tracebacks.

Every read goes through kb.api; cached results are keyed by the knowledge base's state token,
so they refresh when `kb ingest`, `kb enrich` or `kb classify` change it."""

from __future__ import annotations

import csv
import functools
import importlib
import io
import re
from urllib.parse import quote

import streamlit as st

from dashboard import state
from kb import __version__, api
from kb.api import exports
from kb.api.handle import safe_url
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
        state.done()


def call(function, *args, **kwargs):
    """Call a read-API function through the cache (keyed by the knowledge base's state); each run gets a copy."""
    return _through(_cached, function, args, kwargs)


def shared(function, *args, **kwargs):
    """`call` for large results that pages only read (a network, every work of a book): the same object is
    handed to every run and session instead of a copy (unpickling thousands of rows costs more than the page)."""
    return _through(_shared, function, args, kwargs)


def _through(cache, function, args: tuple, kwargs: dict):
    _, state_key = kb_or_stop()
    try:
        return cache(f"{function.__module__}.{function.__qualname__}", db_url(), state_key, args,
                     tuple(sorted(kwargs.items())))
    except KbError as exc:
        st.warning(str(exc))
        state.done()


@st.cache_resource(show_spinner=False, max_entries=16)
def _shared(name: str, url: str, state_key: str, args: tuple, kwargs: tuple):  # noqa: ARG001 (state_key: cache key)
    return _run(name, url, args, kwargs)


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(name: str, url: str, state_key: str, args: tuple, kwargs: tuple):  # noqa: ARG001 (state_key: cache key)
    return _run(name, url, args, kwargs)


def _run(name: str, url: str, args: tuple, kwargs: tuple):
    """The read-API function called `name` (module.qualname: a cacheable key) on the handle for `url`."""
    module, _, qualname = name.rpartition(".")
    return getattr(importlib.import_module(module), qualname)(_handle(url), *args, **dict(kwargs))


@st.cache_resource(show_spinner=False)
def taxonomy():
    from kb.graph.taxonomy import load_taxonomy

    return load_taxonomy()


# --- the book and the work the view is about --------------------------------------------------

def book_choice(books: list[dict]) -> str:
    """The book shown (sidebar; ?book=NAME, kept across pages)."""
    return state.choose("Book", [b["name"] for b in books], "book", where=st.sidebar, what="book")


def selected_work() -> int | None:
    """The work named by ?work=ID, or None; an id that names no work is one line on the page."""
    raw = state.param("work")
    if raw is None or raw == "":
        return None
    if raw.isdigit() and 0 < int(raw) <= api.MAX_ID and call(api.work_summaries, [int(raw)]):
        return int(raw)
    st.warning(f"`?work={state.clip(raw, 40)}` names no work in this knowledge base; choose one in a table, the graph "
               "or the search box.", icon=":material/link_off:")
    return None


def selected_works(name: str) -> list[int]:
    """The works named by ?name=ID,ID,... (a selection of several); ids that name no work are one line."""
    raw = state.param(name)
    if not raw:
        return []
    asked = [part.strip() for part in raw.split(",") if part.strip()]
    numbers = [int(a) for a in asked if a.isdigit() and 0 < int(a) <= api.MAX_ID]
    known = {w["id"] for w in call(api.work_summaries, sorted(set(numbers)))}
    wrong = [a for a in asked if not (a.isdigit() and int(a) in known)]
    if wrong:
        st.warning(f"`?{name}=` names {len(wrong)} ids that are no work in this knowledge base "
                   f"({', '.join(f'`{state.clip(w, 20)}`' for w in wrong[:5])}); the others are kept.",
                   icon=":material/link_off:")
    return list(dict.fromkeys(int(a) for a in asked if a.isdigit() and int(a) in known))


def customdata(point: dict) -> str:
    """The id a chart point carries (plotly hands a scalar or a one-element list)."""
    data = point.get("customdata")
    if isinstance(data, list):
        data = data[0] if data else None
    return str(data) if data is not None else ""


EXPORT_KINDS = (("bibtex", "BibTeX", "application/x-bibtex"), ("csljson", "CSL-JSON", "application/json"),
                ("ris", "RIS", "application/x-research-info-systems"))


def reading_list(book: str, work_ids, name: str, *, narrow: bool = False) -> None:
    """Download buttons for these works as BibTeX, CSL-JSON and RIS: the bytes `kb export` writes, under
    the keys the book cites them by (one under the other when `narrow`). A file is made when its button
    is clicked, not on every run of the page."""
    ids = tuple(sorted(work_ids))
    cols = [st] * len(EXPORT_KINDS) if narrow else st.columns(len(EXPORT_KINDS))
    for col, (kind, label, mime) in zip(cols, EXPORT_KINDS, strict=True):
        col.download_button(f"{label} ({len(ids)} works)", functools.partial(_export_text, db_url(), kind, book, ids),
                            file_name=f"{book}-{name}{exports.KINDS[kind]}", mime=mime, on_click="ignore",
                            key=f"download-{name}-{kind}", disabled=not ids)


def _export_text(url: str, kind: str, book: str, work_ids: tuple[int, ...]) -> str:
    (file,) = exports.export_files(_handle(url), kind, book=book, works=work_ids)
    return file.text


def work_links(detail: dict, book: str) -> None:
    """Links from a work to its full record and to its neighbourhood, and to the web (DOI, arXiv, OpenAlex)."""
    state.link("views/works.py", "works", "Open in Works", work=detail["id"], book=book)
    state.link("views/neighbourhood.py", "neighbourhood", "Its neighbourhood", work=detail["id"], book=book)
    web = " · ".join(f"[{name}]({link_target(url)})" for name, url in detail["links"].items()
                     if url.startswith(("https://", "http://")))
    if web:
        st.markdown(web)


def link_target(url: str) -> str:
    """A URL as a Markdown link target that cannot end early or become more markup (brackets, parentheses,
    spaces, angle brackets and backticks percent-encoded)."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


HEADERS = {"cited_works": "cited works", "entries": "bibliography entries", "merged_clusters": "merged clusters",
           "broken_keys": "broken keys"}  # column names for people


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


SHOWN = 200  # rows a long table shows (its CSV holds them all)


def table(rows: list[dict], name: str, columns: list[str] | None = None, *, key: str | None = None,
          select: bool = False, on_select=None, height: int | None = None, shown: int | None = None):
    """A table with a CSV download of its rows; with `select`, one row can be chosen (returns its index;
    `on_select` is called when the choice changes, before the page runs again). With `shown`, only the
    first `shown` rows are drawn, and the caption says so; the CSV still has them all."""
    columns = columns or (list(rows[0]) if rows else [])
    drawn = rows if shown is None else rows[:shown]
    shown_rows = [{c: ("; ".join(map(str, r.get(c))) if isinstance(r.get(c), (list, tuple)) else r.get(c))
                   for c in columns} for r in drawn]
    options = {"hide_index": True, "key": key or f"table-{name}"}
    if height:
        options["height"] = height
    if select:
        event = st.dataframe(shown_rows, on_select=on_select or "rerun", selection_mode="single-row", **options)
    else:
        st.dataframe(shown_rows, **options)
        event = None
    if len(drawn) < len(rows):
        st.caption(f"The first {len(drawn):,} of {len(rows):,} rows; the CSV has them all.")
    st.download_button("Download CSV", functools.partial(to_csv, rows, columns), file_name=f"{name}.csv",
                       mime="text/csv", on_click="ignore", key=f"csv-{key or name}")
    if event is not None and event.selection.rows:
        return event.selection.rows[0]
    return None


FOOTER = "Read from"  # tests/browser.py waits for this text


def footer() -> None:
    """The last element of every page (app.py draws it after the page): where the data comes from."""
    st.divider()
    st.caption(f"{FOOTER} {safe_url(db_url()).removeprefix('sqlite:///')} · kb {__version__} · read-only")
