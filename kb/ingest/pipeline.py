"""One call from a path to a stored book: read -> resolve -> store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Engine

from kb.ingest.book import read_book
from kb.ingest.resolve import ResolvedBook, resolve_book


@dataclass(frozen=True)
class IngestResult:
    name: str
    resolved: ResolvedBook
    counts: dict


# stems of main files that name no book: `thesis/main.tex` is the book `thesis`
_GENERIC_MAIN = frozenset({"main", "index", "book", "thesis", "root", "master", "document", "manuscript"})


def default_name(path: str | Path) -> str:
    """A book's default name: its folder's name, or the file's stem (a LaTeX main file with a generic name
    such as main.tex: its folder's name)."""
    from kb.ingest.latex import TEX_SUFFIXES

    p = Path(path).resolve()
    if p.is_file() and p.suffix.lower() in TEX_SUFFIXES and p.stem.lower() in _GENERIC_MAIN:
        return p.parent.name
    return p.stem if p.is_file() else p.name


def ingest(
    engine: Engine,
    path: str | Path,
    *,
    name: str | None = None,
    fmt: str | None = None,
    extra_bibliography: Iterable[str] = (),
    progress: Callable[[str, int, int], None] | None = None,
    aliases: str | Path | None = None,
) -> IngestResult:
    """Read the book at `path` and replace its rows in the knowledge base."""
    from kb.db import init_db, store_book

    started = datetime.now(timezone.utc)
    source = read_book(path, fmt, extra_bibliography=extra_bibliography, progress=progress)
    resolved = resolve_book(source)
    init_db(engine)
    name = name or default_name(path)
    from kb.ingest.mentions import find_mentions, load_aliases, work_names

    names = load_aliases(aliases)

    def mentions(works: list, cited: set) -> list:
        return find_mentions(source, work_names(works, names), cited)

    counts = store_book(engine, resolved, name, started_at=started, progress=progress, mentions=mentions)
    return IngestResult(name, resolved, counts)
