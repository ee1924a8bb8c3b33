"""The dashboard in a real browser: `kb dashboard` on 127.0.0.1, every page opened in headless
Chromium, no error box, the key headings and charts drawn; a screenshot per page is kept in
artifacts/screenshots/ (not committed)."""

from __future__ import annotations

import os
import shutil

import pytest

from tests import browser
from tests.conftest import REPO

SHOTS = REPO / "artifacts" / "screenshots"
PAGES = [  # url path, title, plotly charts drawn, a heading that must be there
    ("", "Overview", 2, "Works cited by the most chapters"),  # the default page lives at /
    ("taxonomy", "Taxonomy", 1, "Works behind a node or a cell"),
    ("graph", "Citation graph", 1, "Selected work"),
    ("works", "Works", 0, None),
    ("chapters", "Chapters", 1, "Bibliography of this chapter"),
    ("quality", "Quality", 0, "Duplicate clusters (keys naming one work)"),
    ("compare", "Compare", 0, "By chapter"),
    ("since", "Since the book", 0, None),  # the bundled knowledge base is not enriched: the commands to run
]


@pytest.fixture(scope="module")
def chromium():
    reason = browser.missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {reason}")
        pytest.skip(reason)
    with browser.browser() as b:
        yield b


def test_every_page_renders_in_a_real_browser(chromium, tmp_path):
    db = tmp_path / "papers.sqlite"
    shutil.copy(REPO / "data" / "papers.sqlite", db)
    SHOTS.mkdir(parents=True, exist_ok=True)
    port = browser.free_port()
    with browser.dashboard_server(db, port) as base:
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        for path, title, charts, heading in PAGES:
            browser.render(page, f"{base}/{path}?book=multimodal-dl", title, charts)
            assert page.locator('[data-testid="stException"]').count() == 0, path
            assert page.get_by_text("Page not found").count() == 0, path
            if heading:
                assert page.get_by_role("heading", name=heading).count() >= 1, (path, heading)
            page.screenshot(path=str(SHOTS / f"{path or 'overview'}.png"), full_page=True)
        links = page.locator('[data-testid="stSidebarNav"] a')
        assert links.count() == len(PAGES)
        links.nth(3).click()  # navigation by the sidebar keeps working
        page.wait_for_url("**/works**")
        page.close()
    assert {p.name for p in SHOTS.glob("*.png")} >= {f"{p[0] or 'overview'}.png" for p in PAGES}


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
