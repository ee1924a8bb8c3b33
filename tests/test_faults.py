"""`kb ingest` killed at random points (seeded) leaves a consistent database that a re-run completes, and a
reader running during an ingest sees the old book or the new one, never a half-written one."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from kb.api import KnowledgeBase
from kb.api.books import book_counts, find_book
from kb.db import make_engine
from kb.models import Citation
from tests.conftest import REPO, dump_rows

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
