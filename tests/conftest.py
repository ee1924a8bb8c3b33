"""Shared fixtures: tiny books written into temporary folders, and the shared book when present."""

from __future__ import annotations

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


@pytest.fixture
def engine(tmp_path):
    from kb.db import init_db, make_engine

    eng = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite'}")
    init_db(eng)
    return eng


def dump_rows(engine, skip_columns=("book.root",)) -> dict[str, list[tuple]]:
    """Every table's rows (sorted), without ingest provenance, for comparing two databases."""
    from sqlalchemy import inspect, text

    tables = {}
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            if table == "ingestrun":
                continue
            columns = [c["name"] for c in inspect(conn).get_columns(table) if f"{table}.{c['name']}" not in skip_columns]
            rows = conn.execute(text(f"SELECT {', '.join(columns)} FROM {table}")).all()
            tables[table] = sorted((tuple(str(v) for v in r) for r in rows))
    return tables
