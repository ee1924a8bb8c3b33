"""`kb ingest` and `kb enrich` killed at random points (seeded) leave a consistent database that a re-run
completes with the rows of an uninterrupted run, and a reader running during an ingest sees the old book
or the new one, never a half-written one."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import DateTime, Integer, MetaData, func, select, text
from sqlmodel import Session

from kb.api import KnowledgeBase
from kb.api.books import book_counts, find_book
from kb.db import make_engine
from kb.models import Citation
from tests.conftest import REPO, dump_rows
from tests.fake_openalex import FakeOpenAlex, make_work
from tests.ingest.test_enrich import _pseudo_words

N = 1500


def write_book(root: Path, n: int, chapters: int = 15) -> Path:
    """A book of n works over a few chapters (generated titles, no real data)."""
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(3)
    syllables = ["ka", "lo", "mi", "nu", "pe", "ra", "so", "tu", "vi", "ze"]
    entries = []
    for i in range(n):
        title = " ".join("".join(rng.choice(syllables) for _ in range(3)) for _ in range(5)) + f" {i}"
        entries.append(f"@article{{w{i}, title={{{title}}}, author={{Roe{i % 50}, Ann}}, year={{{2000 + i % 20}}}, "
                       f"journal={{J}}}}")
    per = -(-n // chapters)
    text = "".join(f"# Part {c}\n\nSee [{'; '.join(f'@w{i}' for i in range(c * per, min(n, (c + 1) * per)))}].\n\n"
                   for c in range(chapters))
    (root / "refs.bib").write_text("\n".join(entries) + "\n", encoding="utf-8")
    (root / "index.Rmd").write_text("---\nbibliography: refs.bib\n---\n" + text, encoding="utf-8")
    return root


def ingest_process(book: Path, url: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kb.cli", "ingest", str(book), "--db", url, "--quiet"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "KB_DATABASE_URL": ""})


def citations(url: str) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return s.execute(select(func.count()).select_from(Citation)).scalar_one()
    except Exception:  # noqa: BLE001 - killed before the tables were created
        return 0
    finally:
        engine.dispose()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_during_ingest_leaves_a_consistent_database_that_a_rerun_completes(db_url, tmp_path, seed):
    book = write_book(tmp_path / "book", N)
    clean = f"sqlite:///{tmp_path / 'clean.sqlite'}"
    assert ingest_process(book, clean).wait(timeout=300) == 0
    full = citations(clean)
    proc = ingest_process(book, db_url)
    time.sleep(random.Random(seed).uniform(0.3, 2.0))  # somewhere in reading, resolving or writing
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert citations(db_url) in (0, full)  # the book's one transaction: nothing or everything
    if db_url.startswith("sqlite"):
        path = db_url.removeprefix("sqlite:///")
        if Path(path).exists():
            assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert ingest_process(book, db_url).wait(timeout=300) == 0
    if db_url.startswith("sqlite"):  # ids included: a killed transaction consumed none
        assert dump_rows(make_engine(db_url)) == dump_rows(make_engine(clean))
    assert citations(db_url) == full


def test_a_reader_during_an_ingest_sees_the_old_book_or_the_new_one(db_url, tmp_path):
    old_book = write_book(tmp_path / "book", N)
    assert ingest_process(old_book, db_url).wait(timeout=300) == 0
    kb = KnowledgeBase(engine=make_engine(db_url)) if not db_url.startswith("sqlite") else KnowledgeBase(db_url)
    before = book_counts(kb, find_book(kb, None).id)["citations"]
    new_book = write_book(tmp_path / "book", N + 300)  # the same book, grown
    proc = ingest_process(new_book, db_url)
    seen = set()
    while proc.poll() is None:
        seen.add(book_counts(kb, find_book(kb, None).id)["citations"])
    assert proc.returncode == 0, proc.stderr.read().decode()
    after = book_counts(kb, find_book(kb, None).id)["citations"]
    assert after == N + 300 and before == N
    assert seen <= {before, after} and len(seen) >= 1


# --- kb enrich ---------------------------------------------------------------------------------------

ENRICH_N = 300  # half with DOIs (OR-filter batches), half found by title (a search each)


def write_enrich_book(root: Path) -> list[dict]:
    """A book whose works the fake OpenAlex server knows (generated titles and records, labelled synthetic)."""
    root.mkdir(parents=True, exist_ok=True)
    records, entries = [], []
    for i in range(ENRICH_N):
        title = f"Synthetic study of {_pseudo_words(i)}"
        doi = f"10.5555/kill.{i:05d}" if i % 2 == 0 else None
        records.append(make_work(f"W{5000 + i}", title, 2020, [f"Ann Roe{i}"], doi=doi,
                                 references=[f"W{5000 + (i + 1) % ENRICH_N}"], abstract=f"About {title}.",
                                 topic=("T77", "Generated topic")))
        entries.append(f"@article{{k{i}, title={{{title}}}, author={{Roe{i}, Ann}}, year={{2020}}"
                       + (f", doi={{{doi}}}" if doi else "") + "}")
    (root / "refs.bib").write_text("\n".join(entries) + "\n", encoding="utf-8")
    (root / "index.Rmd").write_text("---\nbibliography: refs.bib\n---\n# One\n\n"
                                    + " ".join(f"[@k{i}]" for i in range(ENRICH_N)) + "\n", encoding="utf-8")
    return records


def enrich_process(url: str, server: FakeOpenAlex) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kb.cli", "enrich", "--db", url, "--openalex-url", server.url,
                             "--rate", "1000", "--workers", "2", "--timeout", "10"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "KB_DATABASE_URL": "", "KB_OPENALEX_API_KEY": "",
                                 "KB_OPENALEX_EMAIL": ""})


def enriched_rows(url: str) -> dict[str, list[tuple]]:
    """What enrichment produced, comparable between runs and databases: no timestamps, no surrogate ids
    (PostgreSQL's sequences advance in a killed transaction), no response ids or response rows (a resumed
    run asks for what was missing in other batches than one uninterrupted run)."""
    engine = make_engine(url)
    metadata = MetaData()
    metadata.reflect(engine, only=lambda name, _: not name.startswith(("work_search", "alembic")))
    skip = {f"{t.name}.{c.name}" for t in metadata.tables.values() for c in t.columns
            if isinstance(c.type, DateTime) or c.name == "response_id"
            or (c.name == "id" and isinstance(c.type, Integer) and t.name not in ("work", "book", "heading"))}
    rows = dump_rows(engine, skip_columns=tuple(skip) or ("none",))
    rows.pop("apiresponse")
    return rows


def integrity(url: str) -> None:
    """The database's own check (SQLite), and no row pointing at a missing one (both)."""
    engine = make_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        for child, column, parent in (("workmatch", "work_id", "work"), ("workenrichment", "work_id", "work"),
                                      ("reference", "cited_work_id", "work"), ("apilookup", "response_id",
                                                                              "apiresponse")):
            orphans = conn.execute(text(f"SELECT count(*) FROM {child} c WHERE c.{column} IS NOT NULL AND NOT EXISTS "
                                        f"(SELECT 1 FROM {parent} p WHERE p.id = c.{column})")).scalar()
            assert orphans == 0, (child, column)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_during_enrich_leaves_a_consistent_database_that_a_rerun_completes(db_url, tmp_path, seed):
    records = write_enrich_book(tmp_path / "book")
    server = FakeOpenAlex(records, latency=0.004).start()
    try:
        clean = f"sqlite:///{tmp_path / 'clean.sqlite'}"
        for url in (clean, db_url):
            assert ingest_process(tmp_path / "book", url).wait(timeout=300) == 0
        started = time.monotonic()
        assert enrich_process(clean, server).wait(timeout=300) == 0
        took = time.monotonic() - started
        proc = enrich_process(db_url, server)
        time.sleep(random.Random(seed).uniform(0.3, 0.98) * took)  # fetching, applying or committing
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        integrity(db_url)
        assert enrich_process(db_url, server).wait(timeout=300) == 0
    finally:
        server.stop()
    integrity(db_url)
    expected = enriched_rows(clean)
    assert len(expected["workmatch"]) == ENRICH_N and len(expected["workenrichment"]) == ENRICH_N
    assert enriched_rows(db_url) == expected
