"""Fixtures of the real-browser tests: one Chromium, one `kb dashboard` on a copy of the bundled knowledge base
(both for the whole module), and a fresh tab for each test."""

from __future__ import annotations

import os
import shutil

import pytest

from tests import browser
from tests.conftest import REPO


@pytest.fixture(scope="module")
def chromium():
    reason = browser.missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {reason}")
        pytest.skip(reason)
    with browser.browser() as b:
        yield b


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    db = tmp_path_factory.mktemp("bundled") / "papers.sqlite"
    shutil.copy(REPO / "data" / "papers.sqlite", db)
    return db


@pytest.fixture(scope="module")
def base(bundled):
    with browser.dashboard_server(bundled, browser.free_port()) as url:
        yield url


@pytest.fixture
def page(chromium):
    tab = chromium.new_page(viewport={"width": 1400, "height": 1000})
    yield tab
    tab.close()
