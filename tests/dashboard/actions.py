"""What a person does in the dashboard, for the real-browser tests: read the address, wait for what a click
did, choose from a selectbox with the mouse, read the messages a page shows."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from kb.api import find_work, open_kb, work_summaries
from tests import browser

BOOK = "multimodal-dl"
DRAFT = "multimodal-dl-draft"


def query(page) -> dict[str, str]:
    """The query string the page shows now (read from the document: Playwright's page.url can lag behind
    the history entries Streamlit pushes)."""
    return {k: v[0] for k, v in parse_qs(urlparse(page.evaluate("() => document.location.href")).query).items()}


def after(page, title: str, charts: int = 0, **params) -> None:
    """Wait for what a click, a choice, back or forward does: the address shows `params` (None: absent, "":
    any value), then the page has rendered."""
    for name, value in params.items():
        browser.wait_query(page, name, value)
    browser.shown(page, title, charts)


def titles(db, ids) -> dict[int, str]:
    with open_kb(f"sqlite:///{db}") as kb:
        return {w["id"]: w["title"] for w in work_summaries(kb, sorted(ids))}


def work_of(db, key: str) -> int:
    with open_kb(f"sqlite:///{db}") as kb:
        return find_work(kb, key, BOOK)


def warnings(page) -> list[str]:
    return [re.sub(r"^\w+\s*\n+", "", w.inner_text()).strip()  # the icon's name comes first in the text
            for w in page.locator('[data-testid="stAlertContentWarning"]').all()]


def choose(page, label: str, option: str, where=None) -> None:
    """Open a selectbox by its label with the mouse, type the option's words (a long list shows only the options
    in view) and click the option."""
    box = (where or page).locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True))
    box.locator('[data-baseweb="select"], button[aria-haspopup="listbox"]').first.click()
    box.locator('input[role="combobox"]').first.press_sequentially(option)
    page.get_by_role("option", name=option, exact=True).click()


def selectbox_value(page, label: str, where=None) -> str:
    box = (where or page).locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True))
    return box.locator('input[role="combobox"]').first.input_value()
