"""The knowledge base's tables (SQLModel). Every table class lives here.

Edges point citing -> cited: a Citation row goes from a heading to a work.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Book(SQLModel, table=True):
    """One ingested book. `name` identifies it; re-ingesting under the same name replaces it."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    title: str
    format: str  # bookdown | quarto | pandoc
    root: str  # the path the book was read from
    files: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    bib_files: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    missing_bib_files: list[str] = Field(default_factory=list, sa_column=Column(JSON))


class Heading(SQLModel, table=True):
    """A part, chapter or section. `position` is the reading order within the book."""

    __table_args__ = (Index("ix_heading_book_position", "book_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    book_id: int = Field(foreign_key="book.id")
    parent_id: int | None = Field(default=None, foreign_key="heading.id")
    position: int
    depth: int  # 0 part, 1 chapter, 2+ section
    level: int  # Markdown heading level as written (0 for a part declared in a project file)
    kind: str  # part | chapter | section | appendix
    title: str
    anchor: str | None = None
    number: str | None = None  # "2.1" as the book numbers it
    numbered: bool = True
    authors: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    supervisors: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    file: str
    line: int


class Work(SQLModel, table=True):
    """The canonical paper behind one or more bibliography keys, shared by all books."""

    id: int | None = Field(default=None, primary_key=True)
    title: str
    norm_title: str = Field(index=True)
    year: int | None = None
    authors: list[dict] = Field(default_factory=list, sa_column=Column(JSON))  # [{family, given, von, jr}]
    first_author: str = ""  # normalized surname, for matching
    venue: str | None = None
    entry_type: str = "misc"
    doi: str | None = Field(default=None, index=True)
    arxiv_id: str | None = Field(default=None, index=True)
    url: str | None = None
    sources: dict = Field(default_factory=dict, sa_column=Column(JSON))  # field -> "file:key"
    origin: str = "bib"  # where the work first came from


class WorkKey(SQLModel, table=True):
    """A key a book uses for a work; many keys may name one work."""

    __table_args__ = (UniqueConstraint("book_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    book_id: int = Field(foreign_key="book.id", index=True)
    key: str
    work_id: int = Field(foreign_key="work.id", index=True)


class BibEntry(SQLModel, table=True):
    """One entry of one .bib file, as written (raw) and decoded."""

    __table_args__ = (UniqueConstraint("book_id", "file", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    book_id: int = Field(foreign_key="book.id", index=True)
    work_id: int | None = Field(default=None, foreign_key="work.id", index=True)
    key: str
    entry_type: str
    fields: dict = Field(default_factory=dict, sa_column=Column(JSON))
    raw_fields: dict = Field(default_factory=dict, sa_column=Column(JSON))
    authors: list[dict] = Field(default_factory=list, sa_column=Column(JSON))
    file: str
    line: int


class Citation(SQLModel, table=True):
    """One citation occurrence: heading -> work. `work_id` is null when the key is broken."""

    __table_args__ = (Index("ix_citation_book_key", "book_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    book_id: int = Field(foreign_key="book.id")
    heading_id: int | None = Field(default=None, foreign_key="heading.id", index=True)
    key: str  # as written
    entry_key: str | None = None  # the bibliography key it resolved to
    status: str  # exact | case | broken
    work_id: int | None = Field(default=None, foreign_key="work.id", index=True)
    file: str
    line: int
    column: int
    sentence: str
    narrative: bool = False
    suppress_author: bool = False


class BookProblem(SQLModel, table=True):
    """A problem found in the book at its last ingest (what `kb check` reports)."""

    __tablename__ = "problem"
    id: int | None = Field(default=None, primary_key=True)
    book_id: int = Field(foreign_key="book.id", index=True)
    severity: str
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    key: str | None = None
    suggestions: list = Field(default_factory=list, sa_column=Column(JSON))


class IngestRun(SQLModel, table=True):
    """Provenance: one row per `kb ingest`, kept when the book is replaced."""

    id: int | None = Field(default=None, primary_key=True)
    book_name: str = Field(index=True)
    path: str
    format: str
    started_at: datetime
    finished_at: datetime
    kb_version: str
    counts: dict = Field(default_factory=dict, sa_column=Column(JSON))
    warnings: list[str] = Field(default_factory=list, sa_column=Column(JSON))
