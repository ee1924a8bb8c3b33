"""Read a whole book: its files in order, the heading tree, every citation, every .bib entry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kb.errors import WARNING, Problem
from kb.ingest.bibtex import apply_crossrefs, parse_bibtex
from kb.ingest.includes import expand
from kb.ingest.layout import (
    LATEX,
    QUARTO,
    RENDERED,
    DeclaredBib,
    Layout,
    as_list,
    discover,
    relative_to_root,
)
from kb.ingest.markdown import (
    QUARTO_CROSSREF_PREFIXES,
    ScannedFile,
    decode_source,
    scan_markdown,
)
from kb.ingest.records import (
    APPENDIX,
    CHAPTER,
    PART,
    SECTION,
    BibRecord,
    BookSource,
    CitationOccurrence,
    Heading,
    Prose,
)
from kb.ingest.rendered import RenderedBook, read_rendered

Progress = Callable[[str, int, int], None]  # (what, done, total)
_AUTO = object()


class _TreeBuilder:
    """Turns per-file headings into one tree: parts at depth 0, chapters 1, sections 2+."""

    def __init__(self) -> None:
        self.headings: list[Heading] = []
        self.stack: list[Heading] = []
        self.in_appendix = False
        self.chapters = 0  # numbered chapters so far
        self.appendices = 0
        self.chapter_label: str | None = None  # the current chapter's number, None when unnumbered
        self.sections: list[int] = []  # counters of depth 2, 3, ... within the chapter

    def number(self, depth: int, kind: str, numbered: bool) -> str | None:
        """Number a heading as bookdown/pandoc do: chapters 1, 2 (appendices A, B), sections 2.1, 2.1.1."""
        if kind == PART:
            return None
        if depth == 1:
            self.sections = []
            if not numbered:
                self.chapter_label = None
            elif kind == APPENDIX:
                self.appendices += 1
                self.chapter_label = chr(ord("A") + self.appendices - 1) if self.appendices <= 26 else str(self.appendices)
            else:
                self.chapters += 1
                self.chapter_label = str(self.chapters)
            return self.chapter_label
        if not numbered or self.chapter_label is None:
            return None
        del self.sections[depth - 1:]
        self.sections.extend([0] * (depth - 1 - len(self.sections)))
        self.sections[depth - 2] += 1
        return ".".join([self.chapter_label, *map(str, self.sections)])

    def add(self, *, depth: int, level: int, kind: str, title: str, anchor: str | None, numbered: bool,
            file: str, line: int, authors: tuple[str, ...] = (), supervisors: tuple[str, ...] = (),
            number: str | None | object = _AUTO) -> int:
        """Add a heading under the last one of lower depth; numbered as bookdown does unless `number` is given
        (LaTeX books number themselves)."""
        while self.stack and self.stack[-1].depth >= depth:
            self.stack.pop()
        parent = self.stack[-1].order if self.stack else None
        heading = Heading(order=len(self.headings), depth=depth, level=level, kind=kind, title=title,
                          anchor=anchor, numbered=numbered, file=file, line=line, authors=authors,
                          supervisors=supervisors, parent=parent,
                          number=self.number(depth, kind, numbered) if number is _AUTO else number)
        self.headings.append(heading)
        self.stack.append(heading)
        return heading.order


def _add_file_headings(tree: _TreeBuilder, layout: Layout, scanned: ScannedFile, where) -> list[int]:
    """Add one file's headings (includes inlined) to the tree; returns their global orders."""
    orders = []
    for position, raw in enumerate(scanned.headings):
        as_part = raw.part or (position == 0 and raw.level == 1 and scanned.file in layout.part_files)
        if raw.appendix_marker:
            tree.in_appendix = True
            depth, kind = 0, PART
        elif as_part:
            depth, kind = 0, PART
        elif raw.level == 1:
            appendix = tree.in_appendix or scanned.file in layout.appendix_files
            depth, kind = 1, APPENDIX if appendix else CHAPTER
        else:
            depth, kind = raw.level, SECTION
        orders.append(tree.add(depth=depth, level=raw.level, kind=kind, title=raw.title, anchor=raw.anchor,
                               numbered=raw.numbered and not raw.part, file=where[raw.line - 1][0],
                               line=where[raw.line - 1][1],
                               authors=raw.authors, supervisors=raw.supervisors))
    return orders


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    """An included file's text (None when it is missing or binary; decoding problems are recorded)."""
    if not path.is_file():
        return None
    text, decode_problems = decode_source(path.read_bytes(), path.name)
    problems.extend(decode_problems)
    return text


def _relocate_problem(problem: Problem, where) -> Problem:
    """A problem found in the expanded text, pointed back at the file and line it came from."""
    if problem.line and problem.line <= len(where):
        file, line = where[problem.line - 1]
        return Problem(problem.severity, problem.code, problem.message, file, line, problem.key)
    return problem


def _read_bibliographies(
    layout: Layout, declared: Iterable[DeclaredBib], problems: list[Problem], decode=decode_source
) -> tuple[list[str], list[str], list[BibRecord]]:
    """Every declared .bib file's entries; `decode(bytes, file)` reads a file (a LaTeX book's .bib files are in
    the encoding its inputenc declares, as BibTeX copies their bytes into the document)."""
    seen: set[str] = set()
    bib_files: list[str] = []
    missing: list[str] = []
    entries: list[BibRecord] = []
    for bib in declared:
        rel = relative_to_root(bib.path, layout.root)
        if rel in seen:
            continue
        seen.add(rel)
        bib_files.append(rel)
        if not bib.path.is_file():
            missing.append(rel)
            problems.append(Problem(WARNING, "missing-bib", f"declares bibliography `{bib.written}`, which does not "
                                    "exist (a file generated at build time?); keys it would define are reported as "
                                    "unresolved", bib.declared_in or rel, bib.line))
            continue
        text, decode_problems = decode(bib.path.read_bytes(), rel)
        problems.extend(decode_problems)
        if text is None:
            continue
        records, bib_problems = parse_bibtex(text, rel)
        entries.extend(records)
        problems.extend(bib_problems)
    entries, crossref_problems = apply_crossrefs(entries)
    problems.extend(crossref_problems)
    return bib_files, missing, entries


def _title_from_front_matter(scanned) -> None:
    """A Quarto chapter may be titled by `title:` in its front matter instead of a `#` heading: when the
    file has no `#` heading, that title is the chapter's level-1 heading, at the line of `title:`, and
    the text before the file's first `##` heading belongs to it."""
    from dataclasses import replace

    from kb.ingest.markdown import RawHeading

    title = scanned.front_matter.get("title")
    if not isinstance(title, str) or not title.strip() or any(h.level == 1 for h in scanned.headings):
        return
    line = scanned.front_matter_lines.get("title") or 1
    anchor = scanned.front_matter.get("id") if isinstance(scanned.front_matter.get("id"), str) else None
    scanned.headings.insert(0, RawHeading(level=1, title=title.strip(), anchor=anchor, numbered=True, line=line))
    scanned.citations[:] = [replace(c, heading=0 if c.heading is None else c.heading + 1) for c in scanned.citations]


def read_book(
    path: str | Path,
    fmt: str | None = None,
    *,
    extra_bibliography: Iterable[str | Path] = (),
    progress: Progress | None = None,
) -> BookSource:
    """Read a book from its sources. Never touches a database.

    Raises `KbError` only when there is no book at all; every other problem is returned in
    `BookSource.problems` next to what could be read.
    """
    layout = discover(Path(path), fmt)
    if layout.format == RENDERED:
        return _read_rendered_book(layout, extra_bibliography, progress)
    if layout.format == LATEX:
        return _read_latex_book(layout, extra_bibliography, progress)
    problems: list[Problem] = list(layout.problems)
    tree = _TreeBuilder()
    citations: list[CitationOccurrence] = []
    prose: list[Prose] = []
    declared: list[DeclaredBib] = list(layout.bibliography)
    title = layout.title
    prefixes = QUARTO_CROSSREF_PREFIXES if layout.format == QUARTO else ()
    parts_before = {spec.before: spec for spec in layout.parts}
    current: int | None = None  # heading that text at the top of the next file belongs to

    for done, rel in enumerate(layout.files):
        if progress:
            progress(f"reading {rel}", done, len(layout.files) + 1)
        if rel in parts_before:
            spec = parts_before[rel]
            tree.in_appendix = tree.in_appendix or spec.appendix
            current = tree.add(depth=0, level=0, kind=PART, title=spec.title, anchor=None, numbered=False,
                               file=spec.file, line=spec.line)
        text, decode_problems = decode_source((layout.root / rel).read_bytes(), rel)
        problems.extend(decode_problems)
        if text is None:
            continue
        text, where, include_problems = expand(text, rel, layout.root, lambda p: _read_text(p, problems))
        problems.extend(include_problems)
        scanned = scan_markdown(text, rel, crossref_prefixes=prefixes)
        problems.extend(_relocate_problem(p, where) for p in scanned.problems)
        if layout.format == QUARTO:
            _title_from_front_matter(scanned)

        meta = scanned.front_matter
        if title is None and isinstance(meta.get("title"), str) and meta["title"].strip():
            title = meta["title"].strip()
        for bib in as_list(meta.get("bibliography")):  # relative to the file that declares it
            declared.append(DeclaredBib(bib, (layout.root / rel).parent / bib, rel,
                                        scanned.front_matter_lines.get("bibliography")))
        orders = _add_file_headings(tree, layout, scanned, where)
        prose.append(Prose(rel, scanned.masked, tuple(where),
                           tuple((raw.line, order) for raw, order in zip(scanned.headings, orders, strict=True))))
        for cite in scanned.citations:
            heading = orders[cite.heading] if cite.heading is not None else current
            file, line = where[cite.line - 1]
            citations.append(CitationOccurrence(key=cite.key, file=file, line=line, column=cite.column,
                                                sentence=cite.sentence, heading=heading, narrative=cite.narrative,
                                                suppress_author=cite.suppress_author))
        if orders:
            current = orders[-1]

    if progress:
        progress("reading bibliographies", len(layout.files), len(layout.files) + 1)
    declared.extend(DeclaredBib(str(bib), Path(bib).resolve(), None, None) for bib in extra_bibliography)
    if not declared:
        problems.append(Problem(WARNING, "no-bibliography", "no `bibliography:` is declared in the book's "
                                "metadata; every citation is unresolved (pass --bib FILE to add one)",
                                layout.files[0] if layout.files else None))
    bib_files, missing, entries = _read_bibliographies(layout, declared, problems)
    return BookSource(
        root=str(layout.root),
        format=layout.format,
        title=title or layout.root.resolve().name,
        files=tuple(layout.files),
        bib_files=tuple(bib_files),
        missing_bib_files=tuple(missing),
        headings=tuple(tree.headings),
        citations=tuple(citations),
        entries=tuple(entries),
        problems=tuple(problems),
        prose=tuple(prose),
    )


def _read_rendered_book(layout: Layout, extra_bibliography: Iterable[str | Path],
                        progress: Progress | None) -> BookSource:
    """A rendered manuscript: one file whose headings, bibliography and citations are read from the text."""
    rel = layout.files[0]
    if progress:
        progress(f"reading {rel}", 0, 1)
    text, problems = decode_source((layout.root / rel).read_bytes(), rel)
    rendered = read_rendered(text, rel) if text is not None else RenderedBook(title=None)
    problems = problems + rendered.problems
    entries = list(rendered.entries)
    bib_files: list[str] = []
    if extra_bibliography:  # entries from .bib files join those of the rendered bibliography
        declared = [DeclaredBib(str(b), Path(b).resolve(), None, None) for b in extra_bibliography]
        bib_files, _, extra = _read_bibliographies(layout, declared, problems)
        entries.extend(extra)
    return BookSource(
        root=str(layout.root), format=RENDERED, title=rendered.title or Path(rel).stem, files=(rel,),
        bib_files=tuple(bib_files), missing_bib_files=(), headings=tuple(rendered.headings),
        citations=tuple(rendered.citations), entries=tuple(entries), problems=tuple(problems),
        prose=(Prose(rel, rendered.prose, (), tuple((h.line, h.order) for h in rendered.headings)),)
        if rendered.prose else (),
    )


def _read_latex_book(layout: Layout, extra_bibliography: Iterable[str | Path], progress: Progress | None) -> BookSource:
    """A LaTeX book: the main file's tree of files, LaTeX's own numbering, natbib/biblatex citations, and the
    .bib files of `\\bibliography`/`\\addbibresource`; `\\nocite{*}` cites every entry."""
    from kb.ingest.latex import decode_tex, scan_latex

    if progress:
        progress(f"reading {layout.files[0]}", 0, 2)
    book = scan_latex(layout.root / layout.files[0])  # the main file, as discover found it
    problems = list(book.problems)
    tree = _TreeBuilder()
    orders = [tree.add(depth=h.depth, level=h.depth, kind=h.kind, title=h.title, anchor=h.anchor,
                       numbered=h.number is not None, file=h.file, line=h.line, number=h.number)
              for h in book.headings]
    if progress:
        progress("reading bibliographies", 1, 2)
    declared = [DeclaredBib(b.written, b.path, b.file, b.line) for b in book.bibliographies]
    declared += [DeclaredBib(str(bib), Path(bib).resolve(), None, None) for bib in extra_bibliography]
    if not declared and not book.entries:
        problems.append(Problem(WARNING, "no-bibliography", "no `\\bibliography{...}` or `\\addbibresource{...}` "
                                "is declared; every citation is unresolved (pass --bib FILE to add one)", book.main))
    bib_files, missing, entries = _read_bibliographies(layout, declared, problems,
                                                       lambda data, rel: decode_tex(data, rel, book.encoding))
    entries = list(book.entries) + entries  # a hand-written thebibliography's, then the .bib files
    citations = []
    for c in book.citations:
        heading = orders[c.heading] if c.heading is not None else None
        keys = [e.key for e in entries] if c.key == "*" else [c.key]  # \nocite{*}: every entry is cited
        citations += [CitationOccurrence(key=key, file=c.file, line=c.line, column=c.column, sentence=c.sentence,
                                         heading=heading, narrative=c.narrative, suppress_author=c.suppress_author)
                      for key in dict.fromkeys(keys)]
    return BookSource(
        root=str(layout.root), format=LATEX, title=book.title or layout.root.resolve().name, files=tuple(book.files),
        bib_files=tuple(bib_files), missing_bib_files=tuple(missing), headings=tuple(tree.headings),
        citations=tuple(citations), entries=tuple(entries), problems=tuple(problems),
        prose=(Prose(book.main, book.prose, tuple(book.where),
                     tuple((h.text_line, order) for h, order in zip(book.headings, orders, strict=True))),),
    )
