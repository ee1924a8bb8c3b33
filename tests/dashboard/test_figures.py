"""The dashboard's figures as data (dashboard/figures.py, kb/graph/layout.py): colours that tell groups apart,
a work of two modalities showing both, chapter labels outside the circle of works, hovers as plain text,
works counted once per year."""

from __future__ import annotations

import math

from dashboard import figures
from kb.graph.layout import WORKS_WITHIN, chapter_layout


def test_every_colour_of_the_palette_differs_and_groups_get_them_in_order():
    assert len(set(figures.PALETTE)) == len(figures.PALETTE) >= figures.MAX_GROUPS
    assert figures.UNLABELLED not in figures.PALETTE and figures.OTHER not in figures.PALETTE
    colours = figures.colour_map(["Text", "Image", "Video"])
    assert list(colours.values()) == figures.PALETTE[:3]


def test_a_work_of_two_modalities_shows_both_colours():
    colours = figures.colour_map(["Text", "Image", "Video"])
    works = [{"modalities": ["Text", "Image"]}, {"modalities": ["Image"]}, {"modalities": ["Text", "Image"]},
             {"modalities": []}]
    groups = {g["name"]: g for g in figures.work_groups(works, "modality", colours)}
    assert (groups["Text + Image"]["fill"], groups["Text + Image"]["line"]) == (colours["Text"], colours["Image"])
    assert (groups["Image"]["fill"], groups["Image"]["line"]) == (colours["Image"], "#FFFFFF")
    assert groups["unlabelled"]["fill"] == figures.UNLABELLED
    assert [g["name"] for g in figures.work_groups(works, "modality", colours)] == ["Text + Image", "Image",
                                                                                    "unlabelled"]


def test_beyond_the_largest_groups_the_rest_share_one_colour():
    works = [{"community_name": f"c{i}"} for i in range(figures.MAX_GROUPS) for _ in range(figures.MAX_GROUPS - i)]
    works += [{"community_name": "last"}]
    groups = figures.work_groups(works, "community", {})
    assert len(groups) == figures.MAX_GROUPS
    assert groups[-1]["name"] == "other groups (2)" and groups[-1]["fill"] == figures.OTHER
    assert len({g["fill"] for g in groups}) == figures.MAX_GROUPS


def test_beyond_the_largest_combinations_of_modalities_the_rest_share_grey_and_unlabelled_stays_apart():
    names = [f"M{i}" for i in range(8)]
    works = [{"modalities": [names[i], names[j]]} for i in range(8) for j in range(i + 1, 8) for _ in range(8 - i)]
    works += [{"modalities": []}]
    groups = figures.work_groups(works, "modality", figures.colour_map(names))
    assert len(groups) == figures.MAX_GROUPS
    assert groups[-1]["name"] == "unlabelled" and groups[-2]["name"].startswith("other combinations (")
    assert sum(len(g["works"]) for g in groups) == len(works)


def test_chapter_labels_point_away_from_the_works():
    assert figures.chapter_label_positions([(1, 0), (-1, 0), (0.1, 1), (-0.1, -1)]) == [
        "middle right", "middle left", "top right", "bottom left"]


def test_works_lie_inside_the_circle_of_chapters():
    chapters = [f"chapter:{i}" for i in range(6)]
    links = {f"work:{w}": [(chapters[w % 6], 1.0), (chapters[(w + 3) % 6], 1.0)] for w in range(60)}
    pos = chapter_layout(chapters, links)
    assert all(abs(math.hypot(*pos[c]) - 1.0) < 1e-9 for c in chapters)
    assert max(math.hypot(*pos[w]) for w in links) <= WORKS_WITHIN + 1e-9


def test_hover_text_is_shown_as_written():
    assert figures.hover_text("<a href='x'>A & B</a>", "2021") == "&lt;a href='x'&gt;A &amp; B&lt;/a&gt;<br>2021"


def test_works_per_year_counts_each_work_once():
    years = {1: 2020, 2: 2020, 3: 2021, 4: None}
    modalities = {1: ["Text", "Image"], 2: ["Image"], 3: []}
    fig = figures.works_per_year(years, modalities, figures.colour_map(["Text", "Image"]), ["Text", "Image"])
    bars = {trace.name: dict(zip(trace.x, trace.y, strict=True)) for trace in fig.data}
    assert bars == {"Text + Image": {2020: 1}, "Image": {2020: 1}, "unlabelled": {2021: 1}}
    both = next(t for t in fig.data if t.name == "Text + Image")
    assert (both.marker.color, both.marker.line.color) == (figures.PALETTE[0], figures.PALETTE[1])


def test_past_the_largest_combinations_the_rest_are_counted_together():
    names = [f"M{i}" for i in range(6)]
    modalities, years, work = {}, {}, 0
    for i in range(len(names)):  # 6 single modalities and 15 pairs: 21 combinations, the singles most frequent
        for j in range(i, len(names)):
            for _ in range(3 if i == j else 1):
                work += 1
                modalities[work], years[work] = ([names[i]] if i == j else [names[i], names[j]]), 2020
    years[work + 1] = 2021  # and one work without a modality
    fig = figures.works_per_year(years, modalities, figures.colour_map(names), names)
    assert len(fig.data) == figures.MAX_GROUPS + 1
    assert [t.name for t in fig.data[:6]] == names
    assert fig.data[-2].name == f"other combinations ({21 - figures.MAX_GROUPS + 1})" and fig.data[-1].name == "unlabelled"
    assert sum(sum(t.y) for t in fig.data) == work + 1  # every work once
