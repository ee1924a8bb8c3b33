"""Since the book: per chapter, the newer works that build on what it cites (read side of `kb new`).

A newer work is one `kb new` found citing the book's works after SINCE (Work.origin `newer`).
Within a chapter it is ranked by

    score = n + 0.12 * min(log10(1 + citations), 5) + 0.06 * min(year - SINCE, 5)

where n is how many of the chapter's works it cites. Building on more of the chapter always ranks first
(the other two terms add at most 0.9); among works citing as many, each tenfold of citations adds 0.12
(up to 100,000 citations) and each year after SINCE 0.06 (up to five years). The chapter's
related works are those OpenAlex lists most often in the `related_works` of the chapter's works,
among works the book does not cite.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict

from kb.api.books import find_book, heading_tree, resolve_chapter
from kb.api.handle import KnowledgeBase, decode_json
from kb.api.tree import heading_label
from kb.schema import META_TABLE, NEWER


def since_key(book_name: str) -> str:
    """The kbmeta key under which `kb new` records its SINCE and when it ran, per book."""
    return f"since:{book_name}"


def since_of(kb: KnowledgeBase, book_name: str) -> dict | None:
    found = kb.rows(f"SELECT value FROM {META_TABLE} WHERE key = :k", k=since_key(book_name))
    return json.loads(found[0]["value"]) if found else None


def score(n: int, citations: int | None, year: int | None, since: int) -> float:
    recency = 0.06 * min(max((year or since) - since, 0), 5)
    return round(n + 0.12 * min(math.log10(1 + (citations or 0)), 5) + recency, 3)


def _units(kb: KnowledgeBase, book, chapter: str | None, tree=None) -> dict[int | None, dict]:
    """Chapter-level heading id -> {heading, works}: the works cited in each (or in the one chapter asked)."""
    tree = tree or heading_tree(kb, book.id)
    pairs = kb.tuples("SELECT DISTINCT heading_id, work_id FROM citation WHERE book_id = :b AND work_id IS NOT NULL",
                      b=book.id)
    units: dict[int | None, dict] = {}
    if chapter:
        heading = resolve_chapter(kb, chapter, book.name)
        inside = tree.subtree(heading.id)
        units[heading.id] = {"heading": tree.get(heading.id), "works": {w for h, w in pairs if h in inside}}
        return units
    for heading_id, work_id in pairs:
        unit = tree.unit(heading_id)
        key = unit["id"] if unit else None
        units.setdefault(key, {"heading": unit, "works": set()})["works"].add(work_id)
    order = {h["id"]: i for i, h in enumerate(tree)}
    return dict(sorted(units.items(), key=lambda kv: -1 if kv[0] is None else order.get(kv[0], 0)))


def _related_counts(kb: KnowledgeBase, book, units: dict) -> dict[int | None, Counter]:
    """Per unit: OpenAlex ids listed as related to its works, not cited by the book, with how many list each."""
    book_ids = {r[0] for r in kb.tuples(
        "SELECT w.openalex_id FROM work w JOIN workkey k ON k.work_id = w.id WHERE k.book_id = :b "
        "AND w.openalex_id IS NOT NULL UNION SELECT m.openalex_id FROM workmatch m JOIN workkey k "
        "ON k.work_id = m.work_id WHERE k.book_id = :b AND m.openalex_id IS NOT NULL", b=book.id)}
    all_works = sorted({w for u in units.values() for w in u["works"]})
    related = {r["work_id"]: r["related_works"] for r in kb.rows_in(
        "SELECT work_id, related_works FROM workenrichment WHERE work_id IN {ids}", all_works)}
    counts = {}
    for key, unit in units.items():
        c: Counter = Counter()
        for w in unit["works"]:
            c.update(set(decode_json(related.get(w)) or []) - book_ids)
        counts[key] = c
    return counts


def related_wanted(kb: KnowledgeBase, book: str | None, per_chapter: int) -> list[str]:
    """The related works whose metadata a chapter list shows (the writer fetches what the cache lacks)."""
    b = find_book(kb, book)
    counts = _related_counts(kb, b, _units(kb, b, None))
    return sorted({oid for c in counts.values() for oid, _ in c.most_common(per_chapter)})


def newer_works(kb: KnowledgeBase, book: str | None = None, chapter: str | None = None, limit: int = 10,
                related: int = 5) -> dict:
    """Per chapter: the newer works citing its works, best first (score above), with the chapter's works
    each cites; how many appeared per year; and the works most often listed as related that the book does
    not cite. `limit`/`related` 0 means all."""
    b = find_book(kb, book)
    ran = since_of(kb, b.name)
    result = {"book": b.name, "since": ran["since"] if ran else None, "fetched_at": ran["at"] if ran else None,
              "chapters": []}
    tree = heading_tree(kb, b.id)
    units = _units(kb, b, chapter, tree)
    edges = kb.tuples("SELECT r.citing_work_id, r.cited_work_id FROM reference r JOIN work w ON w.id = "
                      "r.citing_work_id WHERE w.origin = :o AND r.cited_work_id IN "
                      "(SELECT work_id FROM workkey WHERE book_id = :b)", o=NEWER, b=b.id)
    cites: dict[int, set[int]] = defaultdict(set)
    for citing, cited in edges:
        cites[citing].add(cited)
    info = {r["id"]: r for r in kb.rows_in(
        "SELECT w.id, w.title, w.year, w.doi, w.openalex_id, e.cited_by_count AS citations FROM work w "
        "LEFT JOIN workenrichment e ON e.work_id = w.id WHERE w.id IN {ids}", sorted(cites))}
    keys = dict(kb.tuples("SELECT work_id, min(key) FROM workkey WHERE book_id = :b GROUP BY work_id", b=b.id))
    related_counts = _related_counts(kb, b, units)
    wanted = sorted({oid for c in related_counts.values() for oid, _ in c.most_common(related or None)})
    records = {r["openalex_id"]: r["record"] for r in kb.rows_in(
        "SELECT openalex_id, record FROM openalexrecord WHERE openalex_id IN {ids}", wanted)}
    since = result["since"] or 0
    for key, unit in units.items():
        found = []
        for citing, cited in cites.items():
            shared = cited & unit["works"]
            if shared and citing in info:
                w = info[citing]
                found.append({"id": w["id"], "openalex_id": w["openalex_id"], "title": w["title"], "year": w["year"],
                              "doi": w["doi"], "citations": w["citations"] or 0, "cites": len(shared),
                              "score": score(len(shared), w["citations"], w["year"], since),
                              "cites_keys": sorted(keys[c] for c in shared if c in keys)})
        found.sort(key=lambda r: (-r["score"], -(r["citations"] or 0), r["id"]))
        heading = unit["heading"]
        rel = []
        for oid, n in related_counts[key].most_common(related or None):
            record = decode_json(records.get(oid)) or {}
            rel.append({"openalex_id": oid, "title": record.get("display_name") or record.get("title"),
                        "year": record.get("publication_year"), "listed_by": n})
        result["chapters"].append({
            "chapter": heading_label(heading) if heading else "(before the first heading)",
            "ref": tree.public_id(heading["id"]) if heading else None, "works": len(unit["works"]),
            "newer_count": len(found), "by_year": dict(sorted(Counter(r["year"] for r in found if r["year"]).items())),
            "newer": found[:limit or None], "related": rel})
    return result
