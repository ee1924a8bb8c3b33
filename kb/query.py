"""Read-only queries over the knowledge base: books, the heading tree with counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from kb.errors import KbError
from kb.models import BibEntry, Book, Citation, Heading, WorkKey


def find_book(session: Session, name: str | None) -> Book:
    """The book called `name`, or the only book when no name is given."""
    books = session.execute(select(Book).order_by(Book.id)).scalars().all()
    if not books:
        raise KbError("the knowledge base holds no book yet; run `kb ingest PATH` first")
    if name is None:
        if len(books) > 1:
            names = ", ".join(b.name for b in books)
            raise KbError(f"the knowledge base holds several books ({names}); choose one with --book NAME")
        return books[0]
    for book in books:
        if book.name == name:
            return book
    raise KbError(f"no book named `{name}`; known books: {', '.join(b.name for b in books)}")


def list_books(engine: Engine) -> list[dict]:
    """One row per book with its main counts."""
    with Session(engine) as session:
        books = session.execute(select(Book).order_by(Book.id)).scalars().all()
        rows = []
        for book in books:
            rows.append({
                "name": book.name,
                "title": book.title,
                "format": book.format,
                **book_counts(session, book.id),
            })
        return rows


def book_counts(session: Session, book_id: int) -> dict:
    def count(stmt) -> int:
        return session.execute(stmt).scalar_one()

    return {
        "headings": count(select(func.count()).select_from(Heading).where(Heading.book_id == book_id)),
        "chapters": count(select(func.count()).select_from(Heading).where(Heading.book_id == book_id,
                                                                           Heading.depth == 1)),
        "citations": count(select(func.count()).select_from(Citation).where(Citation.book_id == book_id)),
        "cited_keys": count(select(func.count(func.distinct(Citation.key))).where(Citation.book_id == book_id)),
        "entries": count(select(func.count()).select_from(BibEntry).where(BibEntry.book_id == book_id)),
        "works": count(select(func.count(func.distinct(WorkKey.work_id))).where(WorkKey.book_id == book_id)),
        "cited_works": count(select(func.count(func.distinct(Citation.work_id))).where(Citation.book_id == book_id)),
        "broken_keys": count(select(func.count(func.distinct(Citation.key))).where(
            Citation.book_id == book_id, Citation.status == "broken")),
    }


@dataclass(frozen=True)
class HeadingRow:
    id: int
    position: int
    depth: int
    kind: str
    title: str
    anchor: str | None
    number: str | None
    authors: tuple[str, ...]
    citations: int  # occurrences under this heading and its descendants
    works: int  # distinct works cited there
    parent_id: int | None

    def as_dict(self) -> dict:
        return {"id": self.anchor or str(self.id), "number": self.number, "title": self.title, "level": self.depth,
                "kind": self.kind,
                "authors": list(self.authors), "citations": self.citations, "works": self.works}


def heading_rows(engine: Engine, book_name: str | None = None, max_depth: int | None = None) -> tuple[Book, list[HeadingRow]]:
    """The heading tree in reading order, each with citations and distinct works in its subtree."""
    with Session(engine) as session:
        book = find_book(session, book_name)
        headings = session.execute(select(Heading).where(Heading.book_id == book.id).order_by(Heading.position)).scalars().all()
        cites = session.execute(select(Citation.heading_id, Citation.work_id).where(Citation.book_id == book.id)).all()
    parent = {h.id: h.parent_id for h in headings}
    counts: dict[int, int] = defaultdict(int)
    works: dict[int, set] = defaultdict(set)
    for heading_id, work_id in cites:
        node = heading_id
        while node is not None:
            counts[node] += 1
            if work_id is not None:
                works[node].add(work_id)
            node = parent.get(node)
    rows = [
        HeadingRow(h.id, h.position, h.depth, h.kind, h.title, h.anchor, h.number, tuple(h.authors or ()), counts[h.id],
                   len(works[h.id]), h.parent_id)
        for h in headings
        if max_depth is None or h.depth <= max_depth
    ]
    return book, rows


def overview(engine: Engine, book_name: str | None = None, max_depth: int = 2) -> list[dict]:
    """Books at a glance (all of them, or the one named): counts and the heading tree with citations."""
    with Session(engine) as session:
        names = [book_name] if book_name else [b.name for b in session.execute(
            select(Book).order_by(Book.id)).scalars()]
        if not names:
            find_book(session, None)  # raises the "no book yet" error
    result = []
    for name in names:
        book, rows = heading_rows(engine, name, max_depth=max_depth)
        with Session(engine) as session:
            counts = book_counts(session, book.id)
        result.append({"name": book.name, "title": book.title, "format": book.format, "counts": counts,
                       "headings": [r.as_dict() for r in rows]})
    return result
