"""`kb check`: a bibliography linter for book authors, computed from the knowledge base."""

from __future__ import annotations

from collections import defaultdict

from kb import ids
from kb.api.books import find_book, heading_tree
from kb.api.handle import KnowledgeBase, decode_json
from kb.errors import CONTENT_ERROR_CODES, ERROR


def check_report(kb: KnowledgeBase, book_name: str | None = None) -> dict:
    """Everything a book's author should fix or look at, as one JSON-ready dict."""
    book = find_book(kb, book_name)
    problems = kb.rows("SELECT id, severity, code, message, file, line, key, suggestions FROM problem "
                       "WHERE book_id = :b ORDER BY id", b=book.id)
    for p in problems:
        p["suggestions"] = decode_json(p.suggestions) or []
    citations = kb.rows("SELECT key, entry_key, heading_id, file, line FROM citation WHERE book_id = :b "
                        "ORDER BY file, line, \"column\"", b=book.id)
    tree = heading_tree(kb, book.id)
    entries = kb.rows("SELECT key, fields, authors, file, line FROM bibentry WHERE book_id = :b ORDER BY file, line",
                      b=book.id)
    for e in entries:
        e["fields"], e["authors"] = decode_json(e.fields) or {}, decode_json(e.authors) or []
    keys = [(r.key, r.work_id) for r in kb.rows("SELECT key, work_id FROM workkey WHERE book_id = :b", b=book.id)]
    works = {w.id: w for w in kb.rows("SELECT id, title, year FROM work WHERE id IN "
                                      "(SELECT work_id FROM workkey WHERE book_id = :b)", b=book.id)}

    locations: dict[str, list[str]] = defaultdict(list)
    chapters_of_key: dict[str, set[str]] = defaultdict(set)
    cited_entry_keys: set[str] = set()
    for c in citations:
        locations[c.key].append(f"{c.file}:{c.line}")
        if c.entry_key:
            cited_entry_keys.add(c.entry_key)
            chapters_of_key[c.entry_key].add(tree.path_label(c.heading_id))

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

    # one rule: a problem's severity, decided where it was found, is what counts (errors fail `kb check`)
    errors = sum(1 for p in problems if p.severity == ERROR)
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


def _problem_dict(p) -> dict:
    return {"severity": p.severity, "code": p.code, "file": p.file, "line": p.line, "message": p.message}
