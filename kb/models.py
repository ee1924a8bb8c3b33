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
    origin: str = "bib"  # bib: from a bibliography; openalex: a reference outside the books (a stub)
    openalex_id: str | None = Field(default=None, index=True)


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


# --- OpenAlex enrichment ------------------------------------------------------------------

class WorkMatch(SQLModel, table=True):
    """How a work was matched to OpenAlex: accepted, needs review, mismatch, not found, rejected."""

    work_id: int = Field(foreign_key="work.id", primary_key=True)
    status: str  # matched | review | mismatch | not_found | rejected | failed
    method: str | None = None  # doi | arxiv | title | pin
    openalex_id: str | None = Field(default=None, index=True)
    score: float | None = None
    candidates: list = Field(default_factory=list, sa_column=Column(JSON))  # [{id, title, year, score, why}]
    alternates: list = Field(default_factory=list, sa_column=Column(JSON))  # other versions (preprint/published)
    note: str | None = None
    updated_at: datetime


class WorkEnrichment(SQLModel, table=True):
    """What OpenAlex says about a work (kept apart from the bibliography's fields)."""

    work_id: int = Field(foreign_key="work.id", primary_key=True)
    openalex_id: str = Field(index=True)
    doi: str | None = None
    title: str | None = None
    publication_year: int | None = None
    publication_date: str | None = None
    type: str | None = None
    language: str | None = None
    venue_name: str | None = None
    venue_type: str | None = None
    venue_issn: list = Field(default_factory=list, sa_column=Column(JSON))
    oa_url: str | None = None
    abstract: str | None = None
    cited_by_count: int | None = None
    counts_by_year: list = Field(default_factory=list, sa_column=Column(JSON))
    keywords: list = Field(default_factory=list, sa_column=Column(JSON))
    concepts: list = Field(default_factory=list, sa_column=Column(JSON))
    related_works: list = Field(default_factory=list, sa_column=Column(JSON))
    referenced_works_count: int | None = None
    fetched_at: datetime


class Author(SQLModel, table=True):
    id: str = Field(primary_key=True)  # OpenAlex author id, e.g. A5048491430
    display_name: str
    orcid: str | None = None


class WorkAuthor(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("work_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    work_id: int = Field(foreign_key="work.id", index=True)
    position: int
    author_id: str | None = Field(default=None, foreign_key="author.id", index=True)
    name: str
    institutions: list = Field(default_factory=list, sa_column=Column(JSON))  # [{id, display_name, country_code}]


class Topic(SQLModel, table=True):
    id: str = Field(primary_key=True)  # OpenAlex topic id, e.g. T10102
    display_name: str
    subfield: str | None = None
    field: str | None = None
    domain: str | None = None


class WorkTopic(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("work_id", "topic_id"),)
    id: int | None = Field(default=None, primary_key=True)
    work_id: int = Field(foreign_key="work.id", index=True)
    topic_id: str = Field(foreign_key="topic.id", index=True)
    score: float | None = None
    is_primary: bool = False


class Reference(SQLModel, table=True):
    """work -> work, from OpenAlex `referenced_works`: the citing work points at the cited one."""

    __table_args__ = (UniqueConstraint("citing_work_id", "cited_work_id"),)
    id: int | None = Field(default=None, primary_key=True)
    citing_work_id: int = Field(foreign_key="work.id", index=True)
    cited_work_id: int = Field(foreign_key="work.id", index=True)


class Pin(SQLModel, table=True):
    """A user's decision for a key: this OpenAlex work, or none. Survives re-ingest and re-enrichment."""

    __table_args__ = (UniqueConstraint("book_name", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    book_name: str = Field(index=True)
    key: str
    openalex_id: str | None = None  # None: the user rejected every match
    created_at: datetime


class ApiResponse(SQLModel, table=True):
    """The OpenAlex response cache: one row per request sent (URL without credentials)."""

    id: int | None = Field(default=None, primary_key=True)
    url: str
    kind: str  # singleton | list | search
    status: int
    cost_usd: float = 0.0
    fetched_at: datetime
    body: str


class ApiLookup(SQLModel, table=True):
    """What one identifier or title found (OpenAlex ids, possibly none), and which response said so."""

    __table_args__ = (UniqueConstraint("kind", "value"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # doi | title | id
    value: str
    openalex_ids: list = Field(default_factory=list, sa_column=Column(JSON))
    response_id: int | None = Field(default=None, foreign_key="apiresponse.id")
    fetched_at: datetime


class OpenAlexRecord(SQLModel, table=True):
    """The latest raw JSON of each OpenAlex work seen, so enrichment can be rebuilt offline."""

    openalex_id: str = Field(primary_key=True)
    record: dict = Field(default_factory=dict, sa_column=Column(JSON))
    response_id: int | None = Field(default=None, foreign_key="apiresponse.id")
    fetched_at: datetime


# --- taxonomy and mentions -------------------------------------------------------------------

class Label(SQLModel, table=True):
    """Evidence that a work or a heading belongs to a taxonomy node (one row per source)."""

    id: int | None = Field(default=None, primary_key=True)
    work_id: int | None = Field(default=None, foreign_key="work.id", index=True)
    heading_id: int | None = Field(default=None, foreign_key="heading.id", index=True)
    node_id: str = Field(index=True)
    source: str  # chapter | rule | topic | user
    confidence: float
    evidence: str


class UserLabel(SQLModel, table=True):
    """A user's label decision for a key (`kb label`); wins over every rule and survives re-ingest."""

    __table_args__ = (UniqueConstraint("book_name", "key", "node_id"),)
    id: int | None = Field(default=None, primary_key=True)
    book_name: str = Field(index=True)
    key: str
    node_id: str
    remove: bool = False
    created_at: datetime


class Mention(SQLModel, table=True):
    """A work named in the text without being cited there (heading -> work)."""

    id: int | None = Field(default=None, primary_key=True)
    book_id: int = Field(foreign_key="book.id", index=True)
    heading_id: int | None = Field(default=None, foreign_key="heading.id", index=True)
    work_id: int = Field(foreign_key="work.id", index=True)
    name: str
    file: str
    line: int
    sentence: str


class KbMeta(SQLModel, table=True):
    """Facts about the knowledge base itself: `schema_version` (kb.schema.SCHEMA_VERSION)."""

    __tablename__ = "kbmeta"
    key: str = Field(primary_key=True)
    value: str
