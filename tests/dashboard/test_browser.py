"""The dashboard in a real browser, used as a person uses it: `kb dashboard` on 127.0.0.1, Debian's Chromium
driven by Playwright with real mouse events at the screen position of what is clicked. Every page renders;
a click on a work shows that work; a box selects the works inside it; the neighbourhood re-centres on a click
and back returns; a book chosen on one page is still chosen on the next; a query parameter naming nothing is
one line. A screenshot per page is kept in artifacts/screenshots/ (not committed)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import bibtexparser
import pytest

from kb.api import open_kb
from tests import browser
from tests.conftest import REPO
from tests.dashboard.actions import BOOK, DRAFT, after, choose, query, selectbox_value, titles, warnings, work_of

SHOTS = REPO / "artifacts" / "screenshots"
PAGES = [  # url path, title, plotly charts drawn, a heading that must be there
    ("", "Overview", 2, "Works cited by the most chapters"),  # the default page lives at /
    ("taxonomy", "Taxonomy", 1, "Works behind a node or a cell"),
    ("graph", "Citation graph", 1, "Selected work"),
    ("neighbourhood", "Neighbourhood", 0, None),  # with no work chosen: where to start
    ("works", "Works", 0, None),
    ("chapters", "Chapters", 1, "Bibliography of this chapter"),
    ("quality", "Quality", 0, "Duplicate clusters (keys naming one work)"),
    ("compare", "Compare", 0, "By chapter"),
    ("since", "Since the book", 0, None),  # the bundled knowledge base is not enriched: the commands to run
]


def test_every_page_renders_in_a_real_browser(page, base):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for path, title, charts, heading in PAGES:
        browser.render(page, f"{base}/{path}?book={BOOK}", title, charts)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        assert page.get_by_text("Page not found").count() == 0, path
        assert warnings(page) == [], (path, warnings(page))
        if heading:
            assert page.get_by_role("heading", name=heading).count() >= 1, (path, heading)
        page.screenshot(path=str(SHOTS / f"{path or 'overview'}.png"), full_page=True)
    links = page.locator('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]')
    assert links.all_inner_texts() == [title for _, title, _, _ in PAGES]
    links.nth(4).click()  # navigation by the sidebar
    page.wait_for_url("**/works**")
    browser.shown(page, "Works")
    assert selectbox_value(page, "Book", page.locator('[data-testid="stSidebar"]')) == BOOK


def test_a_click_on_a_work_selects_it_and_rings_it(page, base, bundled):
    browser.render(page, f"{base}/graph?book={BOOK}", "Citation graph", 1)
    data, x, y = browser.free_points(page)[0]  # a work no other marker touches
    chosen = int(data.removeprefix("work:"))
    page.mouse.click(x, y)
    after(page, "Citation graph", 1, work=str(chosen))
    panel = page.locator('[data-testid="stColumn"]').filter(has=page.get_by_role("heading", name="Selected work"))
    assert titles(bundled, [chosen])[chosen][:40] in panel.inner_text().replace("\\", "")
    ringed = page.evaluate("""() => document.querySelector('.js-plotly-plot')._fullData
        .filter(t => t.name === 'selected').map(t => t.x.length)""")
    assert ringed == [1]
    panel.get_by_role("button", name="Clear the selection").click()
    after(page, "Citation graph", 1, work=None)
    assert page.evaluate("""() => document.querySelector('.js-plotly-plot')._fullData
        .filter(t => t.name === 'selected').length""") == 0


def test_a_box_selects_the_works_inside_it_and_offers_them_as_bibtex(page, base, bundled):
    browser.render(page, f"{base}/graph?book={BOOK}", "Citation graph", 1)
    page.locator('.modebar-btn[data-title="Box Select"]').click()
    area = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    x0, y0 = area["x"] + area["width"] * 0.42, area["y"] + area["height"] * 0.40
    x1, y1 = area["x"] + area["width"] * 0.58, area["y"] + area["height"] * 0.60
    inside = {int(d.removeprefix("work:")) for d, x, y, _, _ in browser.all_points(page, "work:")
              if x0 <= x <= x1 and y0 <= y <= y1}
    assert len(inside) >= 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    for k in range(1, 11):
        page.mouse.move(x0 + (x1 - x0) * k / 10, y0 + (y1 - y0) * k / 10)
    page.mouse.up()
    after(page, "Citation graph", 1, sel="")
    assert {int(i) for i in query(page)["sel"].split(",")} == inside
    assert page.get_by_role("heading", name=f"{len(inside)} works selected").count() == 1
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"^BibTeX \(\d+ works\)$")).click()
    library = bibtexparser.parse_string(open(download.value.path(), encoding="utf-8").read())
    with open_kb(f"sqlite:///{bundled}") as kb:
        keys = {k for w in inside for k in find_keys(kb, w)}
    assert {e.key for e in library.entries} <= keys and len(library.entries) >= len(inside)
    page.go_back()  # the selection before the box: none
    after(page, "Citation graph", 1, sel=None)
    assert page.get_by_role("heading", name="Selected work").count() == 1


def find_keys(kb, work: int) -> set[str]:
    return {r.key for r in kb.rows("SELECT key FROM workkey WHERE work_id = :w", w=work)}


def test_the_search_box_selects_the_work_and_centres_on_it(page, base, bundled):
    clip = work_of(bundled, "CLIP")
    browser.render(page, f"{base}/graph?book={BOOK}", "Citation graph", 1)
    box = page.get_by_label("Find a work")
    box.click()
    box.fill("CLIP")
    box.press("Enter")
    after(page, "Citation graph", 1, work="")
    assert query(page)["work"] == str(clip)
    x, y = browser.point_position(page, f"work:{clip}")
    area = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    assert abs(x - (area["x"] + area["width"] / 2)) < area["width"] * 0.1  # in the middle of the view
    assert abs(y - (area["y"] + area["height"] / 2)) < area["height"] * 0.1


def test_the_neighbourhood_recentres_on_a_click_and_back_returns(page, base, bundled):
    clip = work_of(bundled, "CLIP")
    browser.render(page, f"{base}/neighbourhood?book={BOOK}&work={clip}", "Neighbourhood", 1)
    header = page.locator('[data-testid="stHeading"] h2')
    assert header.inner_text() == titles(bundled, [clip])[clip]
    data, x, y = browser.free_points(page)[0]
    other = int(data.removeprefix("work:"))
    page.mouse.click(x, y)
    after(page, "Neighbourhood", 1, work=str(other))
    assert header.inner_text() == titles(bundled, [other])[other]
    page.go_back()
    after(page, "Neighbourhood", 1, work=str(clip))
    assert header.inner_text() == titles(bundled, [clip])[clip]
    page.go_forward()
    after(page, "Neighbourhood", 1, work=str(other))
    assert header.inner_text() == titles(bundled, [other])[other]


def test_a_book_chosen_on_one_page_is_still_chosen_on_the_next_and_after_back(page, base):
    browser.render(page, f"{base}/", "Overview", 2)
    sidebar = page.locator('[data-testid="stSidebar"]')
    choose(page, "Book", DRAFT, sidebar)
    after(page, "Overview", 2, book=DRAFT)
    sidebar.locator('a[data-testid="stPageLink-NavLink"]', has_text="Works").click()
    page.wait_for_url("**/works**")
    after(page, "Works", book=DRAFT)
    assert selectbox_value(page, "Book", sidebar) == DRAFT
    assert page.get_by_text(re.compile(r"^24 cited works")).count() == 1  # the draft's, not the book's 306
    page.go_back()
    page.wait_for_url(re.compile(r"/\?book="))
    after(page, "Overview", 2, book=DRAFT)
    assert selectbox_value(page, "Book", sidebar) == DRAFT


def test_back_restores_a_filter_and_the_sidebar_keeps_it(page, base):
    browser.render(page, f"{base}/graph?book={BOOK}", "Citation graph", 1)
    sidebar = page.locator('[data-testid="stSidebar"]')
    choose(page, "Minimum citations", "3", sidebar)
    after(page, "Citation graph", 1, min="3")
    sidebar.locator('a[data-testid="stPageLink-NavLink"]', has_text="Works").click()
    page.wait_for_url("**/works**")
    browser.shown(page, "Works")
    sidebar.locator('a[data-testid="stPageLink-NavLink"]', has_text="Citation graph").click()
    page.wait_for_url("**/graph**")
    after(page, "Citation graph", 1, min="3")  # the sidebar's link carries the page's filters
    assert selectbox_value(page, "Minimum citations", sidebar) == "3"
    page.go_back()
    page.wait_for_url("**/works**")
    browser.shown(page, "Works")
    page.go_back()
    page.wait_for_url("**/graph**")
    after(page, "Citation graph", 1, min="3")
    assert selectbox_value(page, "Minimum citations", sidebar) == "3"
    page.go_back()  # before the filter was chosen
    after(page, "Citation graph", 1, min=None)
    assert selectbox_value(page, "Minimum citations", sidebar) == "1"


def test_a_row_clicked_in_the_works_table_opens_that_work(page, base, bundled):
    browser.render(page, f"{base}/works?book={BOOK}&sort=title", "Works")
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 35 * 2 + 17)  # the third row's selection box
    after(page, "Works", work="")
    chosen = int(query(page)["work"])
    with open_kb(f"sqlite:///{bundled}") as kb:
        from kb.api import list_works

        third = list_works(kb, book=BOOK, sort="title")[2]
    assert chosen == third["id"]
    shown = page.locator('[data-testid="stHeading"] h2').inner_text()
    assert " ".join(shown.split()) == " ".join(third["title"].split())  # Markdown folds runs of spaces


def test_a_click_on_the_taxonomy_chooses_its_node_and_chapter(page, base):
    browser.render(page, f"{base}/taxonomy?book={BOOK}&view=heatmap", "Taxonomy", 1)
    data, x, y = browser.free_points(page, "node=")[-1]
    cell = parse_qs(data)
    page.mouse.click(x, y)
    after(page, "Taxonomy", 1, cell=cell["chapter"][0])
    assert query(page)["node"] == cell["node"][0]
    assert re.match(r"^\d+ works labelled .+ in .+", page.get_by_text(re.compile(r"works labelled")).inner_text())
    browser.render(page, f"{base}/taxonomy?book={BOOK}&view=sunburst&order=node", "Taxonomy", 1)
    sector, x, y = next(p for p in browser.slice_points(page) if "chapter" in parse_qs(p[0]))  # a node in a chapter
    chosen = parse_qs(sector)
    page.mouse.click(x, y)
    after(page, "Taxonomy", 1, node=chosen["node"][0], cell=chosen["chapter"][0])
    assert re.match(r"^\d+ works labelled .+ in .+", page.get_by_text(re.compile(r"works labelled")).inner_text())


@pytest.mark.parametrize("path, said", [
    ("works?work=99999999999999999999999", "`?work=99999999999999999999999` names no work in this knowledge base"),
    ("graph?work=99999999999999999999999", "`?work=99999999999999999999999` names no work in this knowledge base"),
    ("works?book=nope", "`?book=nope` names no book; choose one of `multimodal-dl`, `multimodal-dl-draft`"),
    (f"graph?book={BOOK}&chapter=nope", "`?chapter=nope` names no chapter; choose one of `preface`"),
    (f"taxonomy?book={BOOK}&node=nope", "`?node=nope` names no node of Modalities; choose one of `modality.image`"),
    (f"graph?book={BOOK}&sel=139,abc", "`?sel=` names 1 ids that are no work in this knowledge base (`abc`)"),
    ("nonsense", "No page `/nonsense`; the pages are `/overview`, `/taxonomy`"),
], ids=["work-too-large", "graph-work", "book", "chapter", "node", "selection", "page"])
def test_a_query_parameter_naming_nothing_is_one_line(page, base, path, said):
    title = {"works": "Works", "graph": "Citation graph", "taxonomy": "Taxonomy"}.get(path.split("?")[0], "Overview")
    browser.render(page, f"{base}/{path}", title)
    assert page.locator('[data-testid="stException"]').count() == 0
    found = [w for w in warnings(page) if w.startswith(said.replace("`", ""))]
    assert len(found) == 1 and "\n" not in found[0], warnings(page)


def test_overview_has_its_own_address(page, base):
    browser.render(page, f"{base}/overview?book={DRAFT}", "Overview", 2)
    assert page.get_by_text("Page not found").count() == 0
    assert selectbox_value(page, "Book", page.locator('[data-testid="stSidebar"]')) == DRAFT


def test_dashboard_binds_loopback_by_default():
    from typer.testing import CliRunner

    from kb.cli import app

    help_text = " ".join(CliRunner().invoke(app, ["dashboard", "--help"]).stdout.split())
    assert "[default: 127.0.0.1]" in help_text and "[default: 8501]" in help_text


def test_dashboard_refuses_a_port_out_of_range():
    from typer.testing import CliRunner

    from kb.cli import app

    result = CliRunner().invoke(app, ["dashboard", "--port", "0"])
    assert result.exit_code == 2 and "Error: --port must be between 1 and 65535" in result.stderr
