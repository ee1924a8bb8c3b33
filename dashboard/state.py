"""The state of the view: the URL is the truth, and the session remembers it for every page.

A page reads its choices from the query string (`?book=…&chapter=…`), so back, forward, reload and a
bookmark all show the same view. A change made on the page writes the URL in the widget's callback,
before the page runs again, so the browser records one history entry per change; when the URL
changes under a widget (back, forward), the widget follows the URL.

The session remembers the book and the selected work (shared by every page) and each page's own
choices (per book). The sidebar's links carry them, so moving to another page and back keeps the
book, the filters and the selection.

A query parameter that names nothing (an unknown book, chapter or node, a work id that does not
exist) is one line on the page naming the value and the choices; the page then shows its default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlparse

import streamlit as st


class PageDone(Exception):
    """Ends a page early where `st.stop()` would: app.py catches it and still draws the sidebar's links
    (nothing can be drawn after `st.stop()`)."""


def done():
    """End the page here (what it has drawn stays)."""
    raise PageDone


SHARED = ("book", "work")  # carried to every page; every other parameter belongs to its page
_MEMORY = "kb-memory"
_PAGE = "kb-page"


def _memory() -> dict:
    return st.session_state.setdefault(_MEMORY, {"shared": {}, "pages": {}})


def set_page(name: str) -> None:
    """The page this run shows (app.py says it before the page runs)."""
    st.session_state[_PAGE] = name


def param(name: str) -> str | None:
    return st.query_params.get(name)


def set_param(name: str, value) -> None:
    """Write (or, for None and "", remove) a query parameter and remember it for this page."""
    update({name: value})


def update(values: dict) -> None:
    """Write several query parameters at once (None or "" removes one): one history entry for one change."""
    wanted = dict(st.query_params.to_dict())
    for name, value in values.items():
        text = None if value is None or value == "" else str(value)
        if text is None:
            wanted.pop(name, None)
        else:
            wanted[name] = text
        remember(name, text)
    if wanted != st.query_params.to_dict():
        st.query_params.from_dict(wanted)


def remember(name: str, text: str | None) -> None:
    """Keep a parameter's value (None: its default) for the links to this page and, if shared, to every page."""
    memory = _memory()
    if name in SHARED:
        target = memory["shared"]
    else:
        key = f"{st.session_state.get(_PAGE, '')}|{memory['shared'].get('book') or ''}"
        target = memory["pages"].setdefault(key, {})
    if text is None:
        target.pop(name, None)
    else:
        target[name] = text


def link_params(page: str) -> dict[str, str]:
    """The query string a link to `page` carries: that page's last choices for the current book, and the
    shared ones (book, work)."""
    memory = _memory()
    shared = memory["shared"]
    return {**memory["pages"].get(f"{page}|{shared.get('book') or ''}", {}), **shared}


def names_nothing(name: str, value: str, choices: Sequence[str], what: str, shown: str | None) -> None:
    """One line: the parameter's value names nothing; the choices; what is shown instead."""
    choices = [c for c in choices if c]  # "" is the choice of everything, shown instead
    listed = ", ".join(f"`{c}`" for c in choices[:12]) + (f" and {len(choices) - 12} more" if len(choices) > 12 else "")
    instead = f"; showing {shown}" if shown else ""
    st.warning(f"`?{name}={clip(value)}` names no {what}; choose one of {listed or 'none (there are none)'}{instead}.",
               icon=":material/link_off:")


def clip(value: str, limit: int = 60) -> str:
    """A value from the address, short and safe inside a Markdown code span (no backtick can end it)."""
    value = value.replace("`", "'")
    return value if len(value) <= limit else value[:limit] + "…"


# --- widgets whose value lives in the URL ----------------------------------------------------------


def widget_key(kind: str, name: str) -> str:
    """A widget's key, different on each page: Streamlit then forgets a page's widgets when another page runs,
    so that coming back builds them afresh from the URL (a key shared by two pages keeps a value the browser
    no longer shows)."""
    return f"{kind}-{name}@{st.session_state.get(_PAGE, '')}"


def _on_change(name: str, key: str, default: str | None, encode: Callable, then: Callable | None = None) -> None:
    """A widget changed: write its value to the URL, or let `then` write it (with whatever else goes with it,
    in one update) when given."""
    text = encode(st.session_state[key])
    value = None if text == default else text
    if then is None:
        set_param(name, value)
    else:
        then(value)


def _follow(key: str, value) -> None:
    """Let the widget show `value` (from the URL) when it shows something else (back, forward, a link)."""
    if st.session_state.get(key, _MISSING) != value:
        st.session_state[key] = value


_MISSING = object()


def choose(label: str, options: Sequence, name: str, *, default=None, format_func: Callable = str, where=st,
           what: str | None = None, key: str | None = None, then: Callable | None = None, **widget):
    """A selectbox whose choice lives in the URL (?name=value). A value that is not among the options is
    said in one line (`what` names the kind of thing: "book", "chapter"); the default is shown then.
    `then(value)`, when given, writes a change to the URL instead (value None: the default)."""
    options = list(options)
    if not options:
        return None
    values = [str(o) for o in options]
    fallback = options[values.index(str(default))] if default is not None and str(default) in values else options[0]
    asked = param(name)
    if asked is None:
        value = fallback
    elif asked in values:
        value = options[values.index(asked)]
    else:
        names_nothing(name, asked, values, what or label.lower(), str(format_func(fallback)))
        value = fallback
    remember(name, None if value == fallback else str(value))
    key = key or widget_key("choose", name)
    _follow(key, value)
    return where.selectbox(label, options, format_func=format_func, key=key, on_change=_on_change,
                           args=(name, key, str(fallback), str, then), **widget)


def text(label: str, name: str, *, where=st, key: str | None = None, then: Callable | None = None, **widget) -> str:
    """A text input whose text lives in the URL (?name=text); returns the text stripped. `then(text)`, when
    given, writes a change to the URL instead."""
    value = param(name) or ""
    remember(name, value or None)
    key = key or widget_key("text", name)
    _follow(key, value)
    return where.text_input(label, key=key, on_change=_on_change, args=(name, key, "", str.strip, then),
                            **widget).strip()


def flag(label: str, name: str, *, where=st, key: str | None = None, **widget) -> bool:
    """A checkbox whose state lives in the URL (?name=1 when ticked)."""
    value = param(name) == "1"
    remember(name, "1" if value else None)
    key = key or widget_key("flag", name)
    _follow(key, value)
    return where.checkbox(label, key=key, on_change=_on_change, args=(name, key, "0", lambda v: "1" if v else "0"),
                          **widget)


def link(page: str, name: str, label: str, *, where=st, **params) -> None:
    """A link to another page (`page` its file, `name` its URL path) carrying its remembered state and `params`."""
    where.page_link(page, label=label, query_params={**link_params(name), **{k: str(v) for k, v in params.items()}})


def navigation(pages: Sequence) -> None:
    """The sidebar's links to every page, each carrying that page's remembered state."""
    for page in pages:
        st.page_link(page, label=page.title, query_params=link_params(page.url_path) or None)


def unknown_path(known: Sequence[str]) -> None:
    """One line when the browser asked for a page that does not exist (Streamlit shows the first page then)."""
    url = st.context.url
    if not url:
        return
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    path = urlparse(url).path.strip("/")
    name = path[len(base):].strip("/") if base and path.startswith(base) else path
    if name and name not in known:
        pages = ", ".join(f"`/{k}`" for k in known)
        st.warning(f"No page `/{clip(name)}`; the pages are {pages}; showing the first.", icon=":material/link_off:")
