"""The seven questions a reader brings to the dashboard, each asked from the home page with real clicks in
Chromium, counting them, and each answer checked against the read API: the works most chapters cite; what a
chapter cites that is about video; the architecture families and their counts; the neighbourhood of CLIP; one
chapter's BibTeX; the broken and unmatched keys; how two books differ."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import bibtexparser

from kb.api import list_works, open_kb
from kb.api.check import check_report
from kb.api.compare import compare_books
from kb.api.exports import export_files
from kb.api.views import taxonomy_cells
from tests import browser
from tests.dashboard.actions import BOOK, DRAFT, after, choose, query, titles, work_of


class Clicks:
    """Counts the clicks a question takes (a selectbox choice is two: open it, pick)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def at(self, x: float, y: float) -> None:
        self.count += 1
        self.page.mouse.click(x, y)

    def on(self, locator) -> None:
        self.count += 1
        locator.click()

    def choose(self, label: str, option: str, where=None) -> None:
        self.count += 2
        choose(self.page, label, option, where)

    def nav(self, title: str, path: str) -> None:
        self.on(self.page.locator('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]', has_text=title))
        self.page.wait_for_url(f"**/{path}**")


def home(page, base) -> Clicks:
    browser.render(page, f"{base}/", "Overview", 2)
    return Clicks(page)


def test_the_works_most_chapters_cite_are_on_the_home_page(page, base, bundled):
    clicks = home(page, base)
    with open_kb(f"sqlite:///{bundled}") as kb:
        top = list_works(kb, book=BOOK, sort="chapters", limit=15)
    shown = page.evaluate("""() => { const bar = [...document.querySelectorAll('.js-plotly-plot')][1]._fullData[0];
        return bar.customdata.slice().reverse(); }""")
    assert shown == [f"work:{w['id']}" for w in top]  # read on the home page: no click
    _, x, y = next(p for p in bars(page) if p[0] == f"work:{top[0]['id']}")
    clicks.at(x, y)  # one click for the work itself
    after(page, "Overview", 2, work=str(top[0]["id"]))
    assert page.get_by_text(re.compile(f"cited in {top[0]['chapters']} chapters")).count() == 1
    assert clicks.count == 1


def bars(page) -> list[tuple[str, float, float]]:
    return page.evaluate("""() => { const gd = [...document.querySelectorAll('.js-plotly-plot')][1];
        return [...gd.querySelectorAll('.bars .point')].map((p, i) => {
            const box = p.getBoundingClientRect();
            return [gd._fullData[0].customdata[i], box.left + box.width * 0.3, box.top + box.height / 2]; }); }""")


def test_what_a_chapter_cites_about_video_takes_three_clicks(page, base, bundled):
    clicks = home(page, base)
    clicks.nav("Taxonomy", "taxonomy")
    browser.shown(page, "Taxonomy", 1)
    _, x, y = next(p for p in browser.slice_points(page) if p[0] == "node=modality.video")
    clicks.at(x, y)
    after(page, "Taxonomy", 1, node="modality.video")
    page.wait_for_timeout(800)  # the sunburst's own zoom into Video
    sector, x, y = next(p for p in browser.slice_points(page) if p[0].startswith("node=modality.video&chapter="))
    clicks.at(x, y)
    chapter = parse_qs(sector)["chapter"][0]
    after(page, "Taxonomy", 1, cell=chapter)
    with open_kb(f"sqlite:///{bundled}") as kb:
        cell = next(c for c in taxonomy_cells(kb, BOOK, "modality")["cells"]
                    if (c["node"], c["chapter"]) == ("modality.video", chapter))
    listed = page.get_by_text(re.compile(r"^\d+ works labelled Video in ")).inner_text()
    assert listed.startswith(f"{len(cell['works'])} works labelled Video in ")
    assert clicks.count == 3


def test_the_architecture_families_and_their_counts_take_three_clicks(page, base, bundled):
    clicks = home(page, base)
    clicks.nav("Taxonomy", "taxonomy")
    browser.shown(page, "Taxonomy", 1)
    clicks.choose("Dimension", "Architecture families", page.locator('[data-testid="stSidebar"]'))
    after(page, "Taxonomy", 1, dim="architecture")
    with open_kb(f"sqlite:///{bundled}") as kb:
        nodes = taxonomy_cells(kb, BOOK, "architecture")["nodes"]
    hovers = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullData[0].hovertext")
    for n in nodes:  # each family's sector says its works
        assert any(h.startswith(f"{n['label']}<br>{n['works']} works, ") for h in hovers), n
    assert clicks.count == 3


def test_the_neighbourhood_of_clip_takes_two_clicks_and_a_word(page, base, bundled):
    clicks = home(page, base)
    clicks.nav("Neighbourhood", "neighbourhood")
    browser.shown(page, "Neighbourhood")
    box = page.get_by_label("Centre on a work")
    clicks.on(box)
    box.fill("CLIP")
    box.press("Enter")
    clip = work_of(bundled, "CLIP")
    after(page, "Neighbourhood", 1, work=str(clip))
    assert page.locator('[data-testid="stHeading"] h2').inner_text() == titles(bundled, [clip])[clip]
    assert clicks.count == 2


def test_one_chapters_bibtex_takes_four_clicks(page, base, bundled):
    clicks = home(page, base)
    clicks.nav("Chapters", "chapters")
    browser.shown(page, "Chapters", 1)
    clicks.choose("Chapter or section", "3 Multimodal architectures")
    after(page, "Chapters", 1, chapter="c02-00-multimodal")
    with page.expect_download() as download:
        clicks.on(page.get_by_role("button", name=re.compile(r"^bibtex \(\d+ entries\)$")))
    with open_kb(f"sqlite:///{bundled}") as kb:
        (expected,) = export_files(kb, "bibtex", book=BOOK, chapter="c02-00-multimodal")
    assert open(download.value.path(), encoding="utf-8").read() == expected.text
    assert len(bibtexparser.parse_string(expected.text).entries) == expected.entries > 0
    assert clicks.count == 4


def metrics(page) -> dict[str, str]:
    """The page's metrics, label -> value as shown."""
    return dict(zip(page.locator('[data-testid="stMetricLabel"]').all_inner_texts(),
                    page.locator('[data-testid="stMetricValue"]').all_inner_texts(), strict=True))


def test_the_broken_and_unmatched_keys_take_one_click(page, base, bundled):
    clicks = home(page, base)
    clicks.nav("Quality", "quality")
    browser.shown(page, "Quality")
    with open_kb(f"sqlite:///{bundled}") as kb:
        report = check_report(kb, BOOK)
    assert metrics(page)["Broken keys"] == str(len(report["broken_keys"])) == "3"
    grid = page.locator('[data-testid="stDataFrame"]').first  # the broken keys' table: one row per key
    assert grid.locator('[role="grid"]').get_attribute("aria-rowcount") == str(len(report["broken_keys"]) + 1)
    assert page.get_by_text(f"{BOOK} is not enriched yet").count() == 1  # what OpenAlex did not match: enrich first
    assert clicks.count == 1


def test_how_two_books_differ_takes_one_click(page, base, bundled):
    clicks = home(page, base)
    clicks.nav("Compare", "compare")
    browser.shown(page, "Compare")
    with open_kb(f"sqlite:///{bundled}") as kb:
        result = compare_books(kb, BOOK, DRAFT)
    assert metrics(page) == {f"Only in {BOOK}": str(len(result["only_in_a"])), f"Only in {DRAFT}": str(len(result["only_in_b"])),
                       "In both": str(len(result["in_both"]))}
    assert clicks.count == 1
    assert query(page) == {}
