"""Plain records the readers return. They know nothing of the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.errors import Problem

PART = "part"
CHAPTER = "chapter"
SECTION = "section"
APPENDIX = "appendix"


@dataclass(frozen=True)
class Heading:
    """One heading of the book, in reading order across all its files.

    `depth` places it in the tree: 0 for parts, 1 for chapters, 2+ for sections. `level`
    is the heading level as written (`#` = 1); a Markdown part heading keeps level 1.
    """

    order: int
    depth: int
    level: int
    kind: str  # part | chapter | section | appendix
    title: str
    anchor: str | None
    numbered: bool
    file: str
    line: int
    authors: tuple[str, ...] = ()
    supervisors: tuple[str, ...] = ()
    parent: int | None = None  # `order` of the parent heading
    number: str | None = None  # "2", "2.1", "A" as the book numbers it; None when unnumbered


@dataclass(frozen=True)
class CitationOccurrence:
    """One `@key` found in the text."""

    key: str
    file: str
    line: int
    column: int
    sentence: str
    heading: int | None = None  # `order` of the heading it falls under
    narrative: bool = False  # in-text `@key` rather than `[@key]`
    suppress_author: bool = False  # `[-@key]`
    # Readers that link citations themselves (rendered author-year text) set the entry key
    # they matched, or "" when they found none and reported why; None means "resolve `key`".
    entry_key: str | None = None


@dataclass(frozen=True)
class Person:
    family: str
    given: str = ""
    von: str = ""
    jr: str = ""

    @property
    def display(self) -> str:
        family = f"{self.von} {self.family}".strip()
        name = f"{family}, {self.given}" if self.given else family
        return f"{name}, {self.jr}" if self.jr else name

    def as_dict(self) -> dict:
        return {"family": self.family, "given": self.given, "von": self.von, "jr": self.jr}


@dataclass(frozen=True)
class BibRecord:
    """One entry of one .bib file: decoded fields (lower-case names) and the raw values."""

    key: str
    entry_type: str
    fields: dict[str, str]
    raw_fields: dict[str, str]
    authors: tuple[Person, ...]
    file: str
    line: int
    editors: tuple[Person, ...] = ()


@dataclass(frozen=True)
class Prose:
    """One file's text with everything but prose blanked (included files inlined)."""

    file: str
    text: str
    where: tuple[tuple[str, int], ...] = ()  # text line (0-based) -> (file, line); empty when one-to-one
    headings: tuple[tuple[int, int], ...] = ()  # (text line, heading order) of the headings in the text


@dataclass(frozen=True)
class BookSource:
    """Everything read from one book, before keys are resolved."""

    root: str
    format: str  # bookdown | quarto | pandoc | rendered
    title: str
    files: tuple[str, ...]
    bib_files: tuple[str, ...]  # declared, relative to root
    missing_bib_files: tuple[str, ...]
    headings: tuple[Heading, ...]
    citations: tuple[CitationOccurrence, ...]
    entries: tuple[BibRecord, ...]
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    prose: tuple[Prose, ...] = ()  # each file's prose, for finding mentions
