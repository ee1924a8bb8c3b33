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
from sqlalchemy import Engine, select
from sqlmodel import Session

from kb import ids
from kb.models import Citation, Heading, Work, WorkKey
from kb.query import find_book

CHAPTER_MATCH_CUTOFF = 85.0
_GENERIC_TITLES = frozenset({"", "title", "untitled", "chapter", "section", "intro"})


@dataclass
class _BookView:
    name: str
    title: str
    cited: set[int]  # work ids
    keys: dict[int, list[str]]  # work id -> this book's keys for it
    chapters: list[tuple[Heading, set[int]]]  # chapter-level headings (depth 1-2), works cited below each


def _load(session: Session, name: str) -> _BookView:
    book = find_book(session, name)
    headings = {h.id: h for h in session.execute(select(Heading).where(Heading.book_id == book.id)).scalars()}
    cites = session.execute(select(Citation.heading_id, Citation.work_id)
                            .where(Citation.book_id == book.id, Citation.work_id.is_not(None))).all()
    below: dict[int, set[int]] = defaultdict(set)
    for heading_id, work_id in cites:
        node = headings.get(heading_id)
        while node is not None:
            below[node.id].add(work_id)
            node = headings.get(node.parent_id) if node.parent_id else None
    keys: dict[int, list[str]] = defaultdict(list)
    for key, work_id in session.execute(select(WorkKey.key, WorkKey.work_id).where(WorkKey.book_id == book.id)):
        keys[work_id].append(key)
    chapters = [(h, below[h.id]) for h in sorted(headings.values(), key=lambda h: h.position) if h.depth in (1, 2)]
    return _BookView(book.name, book.title, {w for _, w in cites}, keys, chapters)


def chapter_title_key(title: str) -> str:
    """`Chapter 2 Multimodal architectures` -> `multimodal architectures`; `Multi-purpose` -> `multipurpose`."""
    text = ids.normalize_title(title)
    text = re.sub(r"^(?:chapter|part|section|kapitel)?\s*\d+(?:\s+\d+)*\s*", "", text)
    return text


def _authors_key(heading: Heading) -> frozenset[str]:
    return frozenset(ids.normalize_name(a) for a in heading.authors or [] if ids.normalize_name(a))


def pair_chapters(a: list[Heading], b: list[Heading]) -> list[tuple[Heading, Heading, str]]:
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


def compare_books(engine: Engine, book_a: str, book_b: str) -> dict:
    """Works only in A, only in B and in both, overall and per paired chapter (JSON-ready)."""
    with Session(engine) as session:
        a, b = _load(session, book_a), _load(session, book_b)
        all_ids = a.cited | b.cited
        works = {w.id: w for w in session.execute(select(Work).where(Work.id.in_(all_ids))).scalars()} if all_ids else {}

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


def format_compare_text(result: dict) -> str:
    a, b = result["book_a"], result["book_b"]
    out = [f"{a} (A) vs {b} (B): {len(result['only_in_a'])} works only in A, {len(result['only_in_b'])} only in B, "
           f"{len(result['in_both'])} in both", ""]

    def works(title: str, rows: list[dict]) -> None:
        out.append(f"{title} ({len(rows)})")
        out.extend(f"  {r['title']} ({r['year'] or 'n.d.'}) [{', '.join(r['keys'])}]" for r in rows)
        out.append("")

    works(f"Only in {b}", result["only_in_b"])
    works("In both", result["in_both"])
    works(f"Only in {a}", result["only_in_a"])
    out.append("By chapter (A <-> B: only in A / only in B / in both)")
    for ch in result["by_chapter"]:
        out.append(f"  {ch['chapter_a'] or '-'} <-> {ch['chapter_b'] or '-'}: "
                   f"{len(ch['only_in_a'])} / {len(ch['only_in_b'])} / {len(ch['in_both'])}")
    return "\n".join(out)
