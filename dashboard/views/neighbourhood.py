"""Neighbourhood: one work in the middle, years left to right; what it builds on, what builds on it and
what is most like it, with the chapters citing each. A click re-centres on another work; back and
forward walk the trail (each centre is a URL)."""

from __future__ import annotations

import streamlit as st

from dashboard import common, figures, state
from kb import api
from kb.api.neighbourhood import neighbourhood

RELATION_COLOURS = {"prior": figures.PALETTE[0], "similar": figures.PALETTE[1], "derivative": figures.PALETTE[2]}
RELATION_NAMES = {"prior": "it builds on", "similar": "like it", "derivative": "builds on it"}

st.title("Neighbourhood")
common.kb_or_stop()
books = common.call(api.list_books)
book = common.book_choice(books)
limit = int(state.choose("Works per relation", ["10", "20", "40", "0"], "limit", default="20", where=st.sidebar,
                         format_func=lambda n: "all" if n == "0" else n, what="limit"))


def _centre(work_id: int) -> None:
    state.set_param("work", work_id)


def _find(query: str | None) -> None:
    hits = common.call(api.search, query, limit=1, book=book) if query else []
    state.update({"find": query, **({"work": hits[0]["id"]} if hits else {})})


def _clicked() -> None:
    for point in st.session_state["neighbourhood"]["selection"]["points"]:
        data = common.customdata(point)
        if data.startswith("work:"):
            _centre(int(data.removeprefix("work:")))
            return


def _row_picked() -> None:
    rows = st.session_state["neighbourhood-table"]["selection"]["rows"]
    if rows:
        _centre(st.session_state["kb-neighbourhood-ids"][rows[0]])


state.text("Centre on a work", "find", placeholder="title words, a key or a DOI", then=_find)
work = common.selected_work()
if work is None:
    top = common.call(api.list_works, book=book, sort="chapters", limit=8)
    st.info("Choose a work to centre on: find it above, click one below, or open it from the graph or the Works page.")
    for w in top:
        st.button(common.md(f"{w['title'][:90]} ({w['year'] or 'n.d.'}), cited in {w['chapters']} chapters"),
                  key=f"start-{w['id']}", on_click=_centre, args=(w["id"],), type="tertiary")
    state.done()

found = common.call(neighbourhood, work, book, limit=limit)
centre = found["work"]
st.header(common.md(centre["title"]), anchor=False)
cited = (f"cited {centre['citations']} times in {len(centre['chapters'])} chapters of `{book}`"
         if centre["in_book"] else f"not cited by `{book}`")
st.caption(f"{centre['year'] or 'n.d.'} · {cited} · keys: {common.md(', '.join(centre['keys']) or '-')}")
counts = {r: sum(1 for x in found["rows"] if x["relation"] == r) for r in RELATION_NAMES}
if not found["enriched"]:
    st.caption("Not enriched: what it builds on and what builds on it come from `kb enrich` (references) and "
               "`kb new` (newer works); until then its neighbours are the works most like it, by co-citation in "
               "the book and by their words.")
if not found["rows"]:
    st.info("No work is linked to this one or like it.")
else:
    st.plotly_chart(figures.neighbourhood_figure(found, RELATION_COLOURS), on_select=_clicked,
                    selection_mode="points", key="neighbourhood", config={"displaylogo": False})
    st.caption(" · ".join(f"{counts[r]} {RELATION_NAMES[r]}" for r in RELATION_NAMES)
               + " · click a work to centre on it; back returns")
    rows = [{**r, "relation": RELATION_NAMES[r["relation"]]} for r in found["rows"]]
    st.session_state["kb-neighbourhood-ids"] = [r["id"] for r in found["rows"]]
    common.table(rows, f"neighbourhood-{work}", ["relation", "title", "year", "why", "chapters", "citations"],
                 key="neighbourhood-table", select=True, on_select=_row_picked, height=360)
    common.reading_list(book, [r["id"] for r in found["rows"] if r["in_book"]] + ([work] if centre["in_book"] else []),
                        f"neighbourhood-{work}")
detail = common.call(api.work_detail, work)
common.work_links(detail, book)
