"""Make the documentation's screenshots from the bundled knowledge base, in Debian's Chromium:
docs/dashboard.png (the citation graph, grouped by sections, with CLIP selected and its links highlighted) and
docs/neighbourhood.png (CLIP's neighbourhood).

    python -m tests.screenshots
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from kb.api import find_work, open_kb
from tests import browser
from tests.conftest import REPO

BOOK = "multimodal-dl"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "papers.sqlite"
        shutil.copy(REPO / "data" / "papers.sqlite", db)
        with open_kb(f"sqlite:///{db}") as kb:
            clip = find_work(kb, "CLIP", BOOK)
        with browser.dashboard_server(db, browser.free_port()) as base, browser.browser() as chromium:
            page = chromium.new_page(viewport={"width": 1400, "height": 1000})
            browser.render(page, f"{base}/graph?book={BOOK}&work={clip}&group=sections", "Citation graph", 1)
            page.wait_for_timeout(500)
            page.screenshot(path=str(REPO / "docs" / "dashboard.png"))
            browser.render(page, f"{base}/neighbourhood?book={BOOK}&work={clip}", "Neighbourhood", 1)
            page.wait_for_timeout(500)
            page.screenshot(path=str(REPO / "docs" / "neighbourhood.png"))
    print("docs/dashboard.png, docs/neighbourhood.png")


if __name__ == "__main__":
    main()
