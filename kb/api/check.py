"""`kb check`: a bibliography linter for book authors, computed from the knowledge base."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine, select
from sqlmodel import Session

from kb import ids
from kb.errors import CONTENT_ERROR_CODES
from kb.models import BibEntry, BookProblem, Citation, Heading, Work, WorkKey
from kb.query import find_book

# Problems that make `kb check` fail (exit 1): the book does not build as written.
ERROR_CODES = CONTENT_ERROR_CODES | {"malformed-entry", "missing-bib", "missing-chapter", "binary-file",
                                     "front-matter", "project-file", "no-bibliography-section"}


def _chapter_label(heading_id: int | None, headings: dict[int, Heading]) -> str:
    """`Chapter / Section` for the chapter-level ancestors of a heading (depth 1 and 2)."""
    path = []
    node = headings.get(heading_id) if heading_id is not None else None
    while node is not None:
        if node.depth in (1, 2):
            path.append(node.title)
        node = headings.get(node.parent_id) if node.parent_id else None
    return " / ".join(reversed(path)) or "(before the first heading)"


def check_report(engine: Engine, book_name: str | None = None) -> dict:
    """Everything a book's author should fix or look at, as one JSON-ready dict."""
    with Session(engine) as session:
        book = find_book(session, book_name)
        problems = session.execute(select(BookProblem).where(BookProblem.book_id == book.id)
                                   .order_by(BookProblem.id)).scalars().all()
        citations = session.execute(select(Citation).where(Citation.book_id == book.id)
                                    .order_by(Citation.file, Citation.line, Citation.column)).scalars().all()
        headings = {h.id: h for h in session.execute(select(Heading).where(Heading.book_id == book.id)).scalars()}
        entries = session.execute(select(BibEntry).where(BibEntry.book_id == book.id)
                                  .order_by(BibEntry.file, BibEntry.line)).scalars().all()
        keys = session.execute(select(WorkKey.key, WorkKey.work_id).where(WorkKey.book_id == book.id)).all()
        work_ids = {w for _, w in keys}
        works = {w.id: w for w in session.execute(select(Work).where(Work.id.in_(work_ids))).scalars()} if work_ids else {}

    locations: dict[str, list[str]] = defaultdict(list)
    chapters_of_key: dict[str, set[str]] = defaultdict(set)
    cited_entry_keys: set[str] = set()
    for c in citations:
        locations[c.key].append(f"{c.file}:{c.line}")
        if c.entry_key:
            cited_entry_keys.add(c.entry_key)
            chapters_of_key[c.entry_key].add(_chapter_label(c.heading_id, headings))

    broken, case, malformed, missing_files, other = [], [], [], [], []
    for p in problems:
        if p.code in CONTENT_ERROR_CODES:
            broken.append({"key": p.key, "locations": locations.get(p.key, []), "message": p.message,
                           "suggestions": [{"key": k, "reason": why} for k, why in p.suggestions]})
        elif p.code == "case-mismatch":
            target = next((c.entry_key for c in citations if c.key == p.key), None)
            case.append({"key": p.key, "entry_key": target, "locations": locations.get(p.key, [])})
        elif p.code in ("malformed-entry",):
            malformed.append(_problem_dict(p))
        elif p.code in ("missing-bib", "missing-chapter", "binary-file"):
            missing_files.append(_problem_dict(p))
        else:
            other.append(_problem_dict(p))

    keys_of_work: dict[int, list[str]] = defaultdict(list)
    for key, work_id in sorted(keys):
        keys_of_work[work_id].append(key)
    duplicates = [
        {"work_id": work_id, "title": works[work_id].title, "year": works[work_id].year,
         "keys": [{"key": k, "chapters": sorted(chapters_of_key.get(k, ()))} for k in ks]}
        for work_id, ks in sorted(keys_of_work.items(), key=lambda item: item[1][0].lower())
        if len(ks) > 1
    ]
    cited_works = {w for k, w in keys if k in cited_entry_keys}
    work_of_key = dict(keys)
    uncited, lacking = [], []
    for e in entries:
        if e.key not in cited_entry_keys:
            also = [k for k in keys_of_work[work_of_key.get(e.key)] if k in cited_entry_keys] \
                if work_of_key.get(e.key) in cited_works else []
            uncited.append({"key": e.key, "file": e.file, "line": e.line, "work_cited_as": also})
        missing = []
        if not ids.normalize_doi(e.fields.get("doi")) and not ids.arxiv_from_fields(e.fields):
            missing.append("doi or arxiv id")
        if not (ids.parse_year(e.fields.get("year")) or ids.parse_year(e.fields.get("date"))):
            missing.append("year")
        if not e.authors:
            missing.append("authors")
        if missing:
            lacking.append({"key": e.key, "file": e.file, "line": e.line, "missing": missing})

    errors = sum(1 for p in problems if p.code in ERROR_CODES)
    return {
        "book": book.name,
        "errors": errors,
        "warnings": len(problems) - errors,
        "broken_keys": broken,
        "case_mismatches": case,
        "malformed_entries": malformed,
        "missing_files": missing_files,
        "duplicate_clusters": duplicates,
        "uncited_entries": uncited,
        "incomplete_entries": lacking,
        "other_problems": other,
    }


def _problem_dict(p: BookProblem) -> dict:
    return {"severity": p.severity, "code": p.code, "file": p.file, "line": p.line, "message": p.message}


def _where(item: dict) -> str:
    return f"{item['file']}:{item['line']}" if item.get("line") else (item.get("file") or "")


def format_check_text(report: dict) -> str:
    """The report as plain text, errors first, one finding per line with file:line."""
    out: list[str] = []

    def section(title: str, items: list, render) -> None:
        if items:
            out.append(f"{title} ({len(items)})")
            out.extend(f"  {render(item)}" for item in items)
            out.append("")

    section("Broken keys and unmatched citations", report["broken_keys"], lambda b: (
        f"{b['locations'][0] if b['locations'] else ''}: {b['key'] if ' ' in b['key'] else '@' + b['key']}"
        + (f" (also {', '.join(b['locations'][1:])})" if len(b["locations"]) > 1 else "")
        + (f"; did you mean {', '.join(s['key'] + ' (' + s['reason'] + ')' for s in b['suggestions'])}?"
           if b["suggestions"] else "; no similar key")))
    section("Malformed entries", report["malformed_entries"], lambda p: f"{_where(p)}: {p['message']}")
    section("Missing files", report["missing_files"], lambda p: f"{_where(p)}: {p['message']}")
    section("Keys differing only in case", report["case_mismatches"],
            lambda c: f"{', '.join(c['locations'])}: @{c['key']} -> {c['entry_key']}")
    section("Duplicate clusters (keys naming one work)", report["duplicate_clusters"], lambda d: (
        f"{d['title']} ({d['year']}): " + "; ".join(
            f"{k['key']} [{', '.join(k['chapters']) or 'uncited'}]" for k in d["keys"])))
    section("Uncited entries", report["uncited_entries"], lambda u: (
        f"{_where(u)}: {u['key']}" + (f" (its work is cited as {', '.join(u['work_cited_as'])})"
                                       if u["work_cited_as"] else "")))
    section("Entries lacking DOI/arXiv id, year or authors", report["incomplete_entries"],
            lambda i: f"{_where(i)}: {i['key']} lacks {', '.join(i['missing'])}")
    section("Other warnings", report["other_problems"], lambda p: f"{_where(p)}: {p['message']}")
    out.append(f"{report['book']}: {report['errors']} error(s), {report['warnings']} warning(s)")
    return "\n".join(out)
