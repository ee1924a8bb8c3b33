"""Shared fixtures: tiny books written into temporary folders, and the shared book when present."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SHARED_BOOK = SHARED / "books" / "multimodal-dl"


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text, dedented, or raw bytes) below `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def make_book(tmp_path):
    def make(files: dict[str, str | bytes], name: str = "book") -> Path:
        return write_files(tmp_path / name, files)

    return make


@pytest.fixture(scope="session")
def shared_book() -> Path:
    if not (SHARED_BOOK / "book.bib").is_file():
        pytest.skip(f"the shared book is not at {SHARED_BOOK} (../shared is only present on project machines)")
    return SHARED_BOOK


POSTGRES_ENV = "KB_TEST_POSTGRES_URL"


def postgres_url() -> str:
    """The test PostgreSQL (`.ci/postgres` starts one). CI must have it; elsewhere tests skip."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test PostgreSQL: set {POSTGRES_ENV} (see .ci/run)")
        pytest.skip(f"no PostgreSQL configured: run `export {POSTGRES_ENV}=$(.ci/postgres)` to include it")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """An empty knowledge base URL on each supported database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kb.sqlite'}"

    import kb.models  # noqa: F401  (registers the tables)
    from kb.db import drop_schema, make_engine

    url = postgres_url()
    eng = make_engine(url)
    drop_schema(eng)
    eng.dispose()
    return url


@pytest.fixture
def engine(db_url):
    from kb.db import init_db, make_engine

    eng = make_engine(db_url)
    init_db(eng)
    yield eng
    eng.dispose()


def dump_rows(engine, skip_columns=("book.root",)) -> dict[str, list[tuple]]:
    """Every table's rows (sorted), without ingest provenance, for comparing two databases."""
    from sqlalchemy import MetaData, select

    metadata = MetaData()
    metadata.reflect(engine, only=lambda name, _: not name.startswith("work_search"))  # FTS5 index tables
    tables = {}
    with engine.connect() as conn:
        for name, table in sorted(metadata.tables.items()):
            if name == "ingestrun" and skip_columns:
                continue
            columns = [c for c in table.columns if f"{name}.{c.name}" not in skip_columns]
            rows = conn.execute(select(*columns)).all()
            tables[name] = sorted(tuple(str(v) for v in r) for r in rows)
    return tables


@pytest.fixture(scope="session", autouse=True)
def no_server_left_behind():
    """After the suite, no process that a test's server started is still running (`kb dashboard` and Streamlit)."""
    yield
    from tests.browser import marked_processes

    left = marked_processes()
    assert not left, f"processes left running by the tests: {left}"
