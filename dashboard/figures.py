"""Plotly figures of the dashboard built from the read API's rows (no data access here): colours that
tell groups apart, the citation network with a selection highlighted, a work's neighbourhood by year."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go

# Okabe and Ito's colour-blind-safe set first, then Paul Tol's muted set: every colour apart from the others
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#332288", "#117733",
           "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77"]
UNLABELLED = "#BBBBBB"
OTHER = "#7F7F7F"
MAX_GROUPS = 12  # colour groups drawn apart; the smaller ones share OTHER
WEBGL_FROM = 400  # works; below this the markers are SVG (one trace per group), above one WebGL trace
STACK = (0.0, 0.17, -0.17, 0.34, -0.34)  # offsets of the works sharing a year in a neighbourhood row
LABEL_CHARS = 30  # a chapter's label beside its square; the full title is in its hover


def colour_map(names: Iterable[str]) -> dict[str, str]:
    """A colour for each name, in the order given (which should not depend on filters: the taxonomy's order
    for modalities, reading order for chapters)."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def hover_text(*lines: str) -> str:
    """Hover text shown as written: plotly reads `<`, `>` and `&` in hover text as markup."""
    return "<br>".join(line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in lines)


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def work_groups(works: Sequence[dict], colour_by: str, modality_colours: dict[str, str]) -> list[dict]:
    """The works grouped for drawing: each group has a name, a fill and an outline colour and its works.
    By modality a work shows its first modality as fill and its second as outline, so both are seen."""
    groups: dict[str, dict] = {}
    for w in works:
        if colour_by == "modality":
            mods = w.get("modalities") or []
            name = " + ".join(mods) or "unlabelled"
            fill = modality_colours.get(mods[0], OTHER) if mods else UNLABELLED
            line = modality_colours.get(mods[1], OTHER) if len(mods) > 1 else "#FFFFFF"
        else:
            name = str(w.get("community_name") if colour_by == "community" else w.get(colour_by)) or "none"
            fill = line = None
        groups.setdefault(name, {"name": name, "fill": fill, "line": line, "works": []})["works"].append(w)
    ranked = sorted(groups.values(), key=lambda g: (g["name"] == "unlabelled", -len(g["works"]), g["name"]))
    if len(ranked) > MAX_GROUPS:  # the smallest groups share one grey (by modality: unlabelled stays apart)
        keep = [g for g in ranked if colour_by == "modality" and g["name"] == "unlabelled"]
        named = [g for g in ranked if g not in keep]
        cut = MAX_GROUPS - 1 - len(keep)
        rest = named[cut:]
        word = "combinations" if colour_by == "modality" else "groups"
        ranked = named[:cut] + [{"name": f"other {word} ({len(rest)})", "works": [w for g in rest for w in g["works"]],
                                 "fill": OTHER, "line": "#FFFFFF"}] + keep
    if colour_by != "modality":
        for i, g in enumerate(ranked):
            g["fill"] = g["fill"] or PALETTE[i % len(PALETTE)]
            g["line"] = g["line"] or "#FFFFFF"
    return ranked


def chapter_label_positions(points: Sequence[tuple[float, float]]) -> list[str]:
    """Where each chapter's label goes: outside the circle the chapters sit on, away from the works inside."""
    places = []
    for x, y in points:
        angle = math.atan2(y, x)
        if math.cos(angle) > 0.35:
            places.append("middle right")
        elif math.cos(angle) < -0.35:
            places.append("middle left")
        else:  # above or below the circle: leaning away from the neighbour on the other side
            places.append(("top" if y > 0 else "bottom") + (" left" if x < 0 else " right"))
    return places


def network_figure(network: dict, pos: dict, *, colour_by: str, size_by: str, modality_colours: dict[str, str],
                   selected: set[str], highlighted: set[str], view: tuple | None, revision: str) -> go.Figure:
    """The chapters (squares on a circle, labelled outside it) and the works (inside, near the chapters citing
    them). With a selection, the selected works are ringed, they and their neighbours keep their colour and
    everything else is dimmed. `view`: (x0, x1, y0, y1) to show, else everything. Built from plain dicts
    without plotly's checks of every array (thousands of works would take a good part of a second)."""
    works, chapters, edges = network["works"], network["chapters"], network["edges"]
    focus = bool(selected)
    drawn = edges if len(works) <= WEBGL_FROM else [e for e in edges if e["kind"] != "cites"]
    traces = []
    for name, chosen, colour, width in (
            ("links", [e for e in drawn if not (focus and (e["source"] in selected or e["target"] in selected))],
             "rgba(120,120,120,0.10)" if focus else "rgba(120,120,120,0.35)", 0.5),
            ("selected links", [e for e in drawn if focus and (e["source"] in selected or e["target"] in selected)],
             "rgba(40,40,40,0.75)", 1.2)):
        xs, ys = [], []
        for e in chosen:
            if e["source"] in pos and e["target"] in pos:
                (x0, y0), (x1, y1) = pos[e["source"]], pos[e["target"]]
                xs += [x0, x1, None]
                ys += [y0, y1, None]
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(width=width, color=colour),
                           hoverinfo="skip", name=name, showlegend=False))
    points = [pos[c["id"]] for c in chapters]
    many = len(chapters) > 24  # then only the numbers beside the squares; titles in the hover
    traces.append(dict(
        type="scatter", x=[p[0] for p in points], y=[p[1] for p in points], mode="markers+text", name="chapters",
        text=[hover_text(c["label"].split(" ", 1)[0] if many and c["label"][:1].isdigit() else _short(c["label"]))
              for c in chapters],
        textposition=chapter_label_positions(points), textfont=dict(size=10, color="#333"),
        marker=dict(symbol="square", size=13, color="#333"), customdata=[c["id"] for c in chapters],
        hovertext=[hover_text(c["label"], f"{c['works']} works, {c['citations']} citations", "click: this chapter only")
                   for c in chapters], hoverinfo="text"))
    values = [w.get(size_by) or 0 for w in works]
    top = max(values, default=0) or 1

    def size(w: dict) -> float:
        return round(7 + 21 * ((w.get(size_by) or 0) / top) ** 0.5, 1)

    large = len(works) > WEBGL_FROM

    def hover(w: dict) -> str:  # shorter for thousands of works: hovers are most of what is sent
        if large:
            return hover_text(f"{_short(w['label'], 40)} ({w['year'] or 'n.d.'})")
        group = w.get("community_name") if colour_by == "community" else w.get("chapter") if colour_by == "chapter" \
            else w.get("modality")
        return hover_text(_short(w["label"], 70), f"{w['year'] or 'n.d.'} · {w['citations']} citations · {group}")

    def opacity(w: dict) -> float:
        return 0.9 if not focus or w["id"] in highlighted else 0.12

    groups = work_groups(works, colour_by, modality_colours)
    if len(works) <= WEBGL_FROM:
        for g in groups:
            members = g["works"]
            traces.append(dict(
                type="scatter", x=[pos[w["id"]][0] for w in members], y=[pos[w["id"]][1] for w in members],
                mode="markers", name=g["name"], customdata=[w["id"] for w in members],
                hovertext=[hover(w) for w in members], hoverinfo="text",
                marker=dict(size=[size(w) for w in members], color=g["fill"], opacity=[opacity(w) for w in members],
                            line=dict(color=g["line"], width=2.5 if g["line"] != "#FFFFFF" else 0.5))))
    else:
        members = [(w, g) for g in groups for w in g["works"]]
        traces.append(dict(
            type="scattergl", x=[pos[w["id"]][0] for w, _ in members], y=[pos[w["id"]][1] for w, _ in members],
            mode="markers", customdata=[w["id"] for w, _ in members], hovertext=[hover(w) for w, _ in members],
            hoverinfo="text", showlegend=False, name="works",
            marker=dict(size=[size(w) for w, _ in members], color=[g["fill"] for _, g in members],
                        opacity=[opacity(w) for w, _ in members] if focus else 0.9,
                        line=dict(color=[g["line"] for _, g in members], width=1.5))))
        traces += [dict(type="scattergl", x=[None], y=[None], mode="markers", name=g["name"],  # legend entries only
                        marker=dict(size=9, color=g["fill"], line=dict(color=g["line"], width=2))) for g in groups]
    ringed = [w for w in works if w["id"] in selected]
    if ringed:
        traces.append(dict(type="scatter", x=[pos[w["id"]][0] for w in ringed], y=[pos[w["id"]][1] for w in ringed],
                           mode="markers", name="selected", showlegend=False, hoverinfo="skip",
                           marker=dict(symbol="circle-open", size=[size(w) + 10 for w in ringed], color="#000",
                                       line=dict(width=3))))
    x_range, y_range = ([view[0], view[1]], [view[2], view[3]]) if view else ([-1.75, 1.75], [-1.2, 1.2])
    layout = dict(height=720, margin=dict(l=0, r=0, t=10, b=0), uirevision=revision, hovermode="closest",
                  xaxis=dict(visible=False, range=x_range),
                  yaxis=dict(visible=False, range=y_range, scaleanchor="x", scaleratio=1),
                  legend=dict(itemsizing="constant", font=dict(size=10), title=dict(text=f"{colour_by}: "),
                              orientation="h", yanchor="top", y=-0.01, x=0))
    return go.Figure(data=traces, layout=layout, _validate=False)


def neighbourhood_figure(found: dict, colours: dict[str, str]) -> go.Figure:
    """A work's neighbourhood with years left to right: the centre in the middle row, what it builds on and
    what is like it around it, what builds on it after it; a line from the centre to each; a click picks a work."""
    centre = found["work"]
    rows = found["rows"]
    known = sorted(r["year"] for r in rows if r["year"])
    cx, cy = centre["year"] or (known[len(known) // 2] if known else 0), 0.0  # a work without a year: the middle
    bands = {"prior": -1.1, "similar": 0.0, "derivative": 1.1}  # rows: built on (below), alike, building on it
    fig = go.Figure()
    stacked: dict[tuple[str, float], int] = {}
    points = {}
    for r in rows:  # the works of one year in one row stack up and down from the row's middle
        year = r["year"] or cx
        k = stacked.get((r["relation"], year), 1 if r["relation"] == "similar" and year == cx else 0)
        stacked[(r["relation"], year)] = k + 1
        column, place = divmod(k, len(STACK))  # five to a column; the next five a little to the right
        points[r["id"]] = (year + 0.3 * column, bands[r["relation"]] + STACK[place])
    xs, ys = [], []
    for r in rows:
        x, y = points[r["id"]]
        xs += [cx, x, None]
        ys += [cy, y, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(width=0.7, color="rgba(90,90,90,0.35)"),
                             hoverinfo="skip", showlegend=False, name="links"))
    top = max([r["citations"] for r in rows] + [centre["citations"], 1])
    for relation in ("prior", "similar", "derivative"):
        members = [r for r in rows if r["relation"] == relation]
        if not members:
            continue
        fig.add_trace(go.Scatter(
            x=[points[r["id"]][0] for r in members], y=[points[r["id"]][1] for r in members], mode="markers",
            name={"prior": "it builds on", "similar": "like it", "derivative": "builds on it"}[relation],
            customdata=[f"work:{r['id']}" for r in members],
            marker=dict(size=[9 + 17 * (r["citations"] / top) ** 0.5 for r in members], color=colours[relation],
                        line=dict(width=0.5, color="#fff"), opacity=0.9),
            hovertext=[hover_text(r["title"][:90], f"{r['year'] or 'n.d.'} · {r['why']}",
                                  "cited in " + (", ".join(c.split(" ", 1)[0] for c in r["chapters"]) or "no chapter"),
                                  "click: its neighbourhood") for r in members], hoverinfo="text"))
    fig.add_trace(go.Scatter(x=[cx], y=[cy], mode="markers", name="this work", customdata=[f"work:{centre['id']}"],
                             marker=dict(size=26, color="#000", symbol="diamond"), hoverinfo="text",
                             hovertext=[hover_text(centre["title"][:90], f"{centre['year'] or 'n.d.'}")]))
    years = [p[0] for p in points.values()] + [cx]
    rows_used = [bands[r] for r in ("prior", "similar", "derivative") if any(x["relation"] == r for x in rows)] or [0.0]
    low, high = min(rows_used + [cy]) - 0.55, max(rows_used + [cy]) + 0.55  # only the rows with works
    fig.update_layout(height=int(140 + 190 * (high - low)), margin=dict(l=10, r=10, t=30, b=10), hovermode="closest",
                      xaxis=dict(title="year", range=[min(years) - 1, max(years) + 1], dtick=1 if max(years) -
                                 min(years) < 16 else 5, showgrid=True),
                      yaxis=dict(visible=False, range=[low, high]),
                      legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    return fig


def works_per_year(years: dict[int, int], modalities: dict[int, list[str]], colours: dict[str, str],
                   order: Sequence[str]) -> go.Figure:
    """Stacked bars of works per year, each work once, grouped by its modalities: filled with the first modality's
    colour and outlined in the second's when it has two or more, as on the graph (pattern fills would cost a
    good part of a second to draw); past MAX_GROUPS - 1 combinations, the rarest together in grey; works without
    a modality last."""
    counts: dict[tuple[str, ...], dict[int, int]] = {}
    for work, year in years.items():
        if year:
            key = tuple(sorted(modalities.get(work, []), key=lambda m: order.index(m) if m in order else len(order)))
            per_year = counts.setdefault(key, {})
            per_year[year] = per_year.get(year, 0) + 1
    ranked = sorted((k for k in counts if k), key=lambda k: (-sum(counts[k].values()), k))
    groups = [(" + ".join(k), colours.get(k[0], OTHER), colours.get(k[1], OTHER) if len(k) > 1 else None, counts[k])
              for k in ranked[:MAX_GROUPS - 1]]
    if len(ranked) > MAX_GROUPS - 1:
        rest: dict[int, int] = {}
        for k in ranked[MAX_GROUPS - 1:]:
            for year, n in counts[k].items():
                rest[year] = rest.get(year, 0) + n
        groups.append((f"other combinations ({len(ranked) - MAX_GROUPS + 1})", OTHER, None, rest))
    if () in counts:
        groups.append(("unlabelled", UNLABELLED, None, counts[()]))
    fig = go.Figure()
    for name, fill, stripes, per_year in groups:
        shown = sorted(per_year.items())
        fig.add_trace(go.Bar(x=[y for y, _ in shown], y=[n for _, n in shown], name=hover_text(name),
                             marker=dict(color=fill, line=dict(color=stripes or "#FFFFFF", width=2.5 if stripes else 0.5)),
                             hovertemplate="%{x}: %{y} works<extra>" + hover_text(name) + "</extra>"))
    fig.update_layout(barmode="stack", height=380, margin=dict(l=10, r=10, t=10, b=10), legend_title_text="",
                      yaxis_title="cited works", xaxis_title=None)
    return fig


def most_cited(works: Sequence[dict]) -> go.Figure:
    """Horizontal bars: the works cited by the most chapters (the most at the top), a click carrying the work."""
    shown = list(reversed(works))
    return go.Figure(go.Bar(
        x=[w["chapters"] for w in shown], y=list(range(len(shown))), orientation="h",
        customdata=[f"work:{w['id']}" for w in shown], marker_color=PALETTE[0],
        hovertext=[hover_text(w["title"], f"{w['year'] or 'n.d.'} · {w['chapters']} chapters, {w['citations']} "
                              "citations") for w in shown], hoverinfo="text"),
        layout=dict(height=380, margin=dict(l=10, r=10, t=10, b=10), xaxis_title="chapters citing it",
                    yaxis=dict(tickfont_size=10, tickvals=list(range(len(shown))),
                               ticktext=[hover_text(_short(w["title"], 60)) for w in shown])))
