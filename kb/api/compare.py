"""`kb compare`: the works two books cite, overall and chapter by chapter.

Works are shared between books, so a paper cited in both (under any keys) is one work.
Chapters are paired by title: numbering prefixes ("Chapter 2 ...") and spelling variants
("Multi-purpose" / "Multipurpose") are tolerated; generic titles ("Chapter 1", "title")
pair with nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from kb import ids
from kb.api.books import find_book, heading_tree
from kb.api.handle import KnowledgeBase, Record

CHAPTER_MATCH_CUTOFF = 85.0
_GENERIC_TITLES = frozenset({"", "title", "untitled", "chapter", "section", "intro"})


@dataclass
class _BookView:
    name: str
    title: str
    cited: set[int]  # work ids
    keys: dict[int, list[str]]  # work id -> this book's keys for it
    chapters: list[tuple[Record, set[int]]]  # chapter-level headings (depth 1-2), works cited below each


def _load(kb: KnowledgeBase, name: str) -> _BookView:
    book = find_book(kb, name)
    tree = heading_tree(kb, book.id)
    cites = kb.rows("SELECT heading_id, work_id FROM citation WHERE book_id = :b AND work_id IS NOT NULL", b=book.id)
    _, below = tree.rollup((c.heading_id, c.work_id) for c in cites)
    keys: dict[int, list[str]] = defaultdict(list)
    for r in kb.rows("SELECT key, work_id FROM workkey WHERE book_id = :b", b=book.id):
        keys[r.work_id].append(r.key)
    chapters = [(Record(h), below.get(h["id"], set())) for h in tree if h["depth"] in (1, 2)]
    return _BookView(book.name, book.title, {c.work_id for c in cites}, keys, chapters)


def chapter_title_key(title: str) -> str:
    """`Chapter 2 Multimodal architectures` -> `multimodal architectures`; `Multi-purpose` -> `multipurpose`."""
    text = ids.normalize_title(title)
    text = re.sub(r"^(?:chapter|part|section|kapitel)?\s*\d+(?:\s+\d+)*\s*", "", text)
    return text


def _authors_key(heading: Record) -> frozenset[str]:
    return frozenset(ids.normalize_name(a) for a in heading.authors or [] if ids.normalize_name(a))


def pair_chapters(a: list[Record], b: list[Record]) -> list[tuple[Record, Record, str]]:
    """Best-first pairing of chapters, each heading at most once: by title above the cutoff, then,
    for what is left, by identical author lists (a draft's "Chapter 1" by the same authors)."""
    scored = []
    for ha in a:
        ka = chapter_title_key(ha.title)
        for hb in b:
            kb_ = chapter_title_key(hb.title)
            if ka in _GENERIC_TITLES or kb_ in _GENERIC_TITLES:
                score = 0.0
            else:
                score = max(fuzz.ratio(ka, kb_), fuzz.ratio(ka.replace(" ", ""), kb_.replace(" ", "")))
                if min(len(ka.split()), len(kb_.split())) >= 2:  # "Further Modalities" in "Including Further ..."
                    score = max(score, fuzz.token_set_ratio(ka, kb_) - 5)
            if score >= CHAPTER_MATCH_CUTOFF:
                scored.append((1, score, -abs(ha.depth - hb.depth), -ha.position, -hb.position, ha, hb, "title"))
            elif _authors_key(ha) and _authors_key(ha) == _authors_key(hb):
                scored.append((0, 0.0, -abs(ha.depth - hb.depth), -ha.position, -hb.position, ha, hb, "authors"))
    scored.sort(key=lambda s: s[:5], reverse=True)
    used_a, used_b, pairs = set(), set(), []
    for *_, ha, hb, how in scored:
        if ha.id not in used_a and hb.id not in used_b:
            used_a.add(ha.id)
            used_b.add(hb.id)
            pairs.append((ha, hb, how))
    return sorted(pairs, key=lambda p: p[0].position)


def compare_books(kb: KnowledgeBase, book_a: str, book_b: str) -> dict:
    """Works only in A, only in B and in both, overall and per paired chapter (JSON-ready)."""
    a, b = _load(kb, book_a), _load(kb, book_b)
    all_ids = sorted(a.cited | b.cited)
    works = {w.id: w for w in kb.rows_in("SELECT id, title, year FROM work WHERE id IN {ids}", all_ids)}

    def describe(work_ids: set[int]) -> list[dict]:
        rows = [{"id": w, "title": works[w].title, "year": works[w].year,
                 "keys": sorted(set(a.keys.get(w, [])) | set(b.keys.get(w, []))),
                 "keys_a": sorted(a.keys.get(w, [])), "keys_b": sorted(b.keys.get(w, []))} for w in work_ids]
        return sorted(rows, key=lambda r: (r["title"].lower(), r["id"]))

    def diff(wa: set[int], wb: set[int]) -> dict:
        return {"only_in_a": describe(wa - wb), "only_in_b": describe(wb - wa), "in_both": describe(wa & wb)}

    pairs = pair_chapters([h for h, _ in a.chapters], [h for h, _ in b.chapters])
    works_a = {h.id: w for h, w in a.chapters}
    works_b = {h.id: w for h, w in b.chapters}
    paired_a, paired_b = {p[0].id for p in pairs}, {p[1].id for p in pairs}
    by_chapter = [{"chapter_a": ha.title, "chapter_b": hb.title, "paired_by": how,
                   **diff(works_a[ha.id], works_b[hb.id])}
                  for ha, hb, how in pairs if works_a[ha.id] or works_b[hb.id]]
    by_chapter += [{"chapter_a": h.title, "chapter_b": None, "paired_by": None, **diff(w, set())}
                   for h, w in a.chapters if h.id not in paired_a and w and h.depth == 1]
    by_chapter += [{"chapter_a": None, "chapter_b": h.title, "paired_by": None, **diff(set(), w)}
                   for h, w in b.chapters if h.id not in paired_b and w and h.depth == 1]
    return {"book_a": a.name, "book_b": b.name, **diff(a.cited, b.cited), "by_chapter": by_chapter}
