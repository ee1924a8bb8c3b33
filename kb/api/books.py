"""Books, their heading trees with counts, and the one rule for chapter IDs."""

from __future__ import annotations

import difflib
import re

from kb.api.handle import KnowledgeBase, Record, decode_json
from kb.api.tree import HeadingTree, heading_label
from kb.errors import KbError

HEADING_COLUMNS = "id, book_id, parent_id, depth, position, kind, title, anchor, number, authors, file, line"


def all_books(kb: KnowledgeBase) -> list[Record]:
    return kb.rows("SELECT id, name, title, format, root FROM book ORDER BY id")


def find_book(kb: KnowledgeBase, name: str | None, *, required: bool = True) -> Record | None:
    """The book called `name`; with no name, the only book (several: an error asking for --book,
    unless `required` is false, which means "every book" and returns None)."""
    books = all_books(kb)
    if not books:
        raise KbError("the knowledge base holds no book yet; run `kb ingest PATH` first")
    if name is None:
        if len(books) == 1:
            return books[0]
        if not required:
            return None
        raise KbError(f"the knowledge base holds several books ({', '.join(b.name for b in books)}); "
                      "choose one with --book NAME")
    for book in books:
        if book.name == name:
            return book
    raise KbError(f"no book named `{name}`; known books: {', '.join(b.name for b in books)}")


def book_counts(kb: KnowledgeBase, book_id: int) -> dict:
    """A book's counts, each computed in SQL."""
    q = kb.value
    return {
        "headings": q("SELECT count(*) FROM heading WHERE book_id = :b", b=book_id),
        "chapters": q("SELECT count(*) FROM heading WHERE book_id = :b AND depth = 1", b=book_id),
        "citations": q("SELECT count(*) FROM citation WHERE book_id = :b", b=book_id),
        "cited_keys": q("SELECT count(DISTINCT key) FROM citation WHERE book_id = :b", b=book_id),
        "entries": q("SELECT count(*) FROM bibentry WHERE book_id = :b", b=book_id),
        "entry_works": q("SELECT count(DISTINCT work_id) FROM workkey WHERE book_id = :b", b=book_id),
        "cited_works": q("SELECT count(DISTINCT work_id) FROM citation WHERE book_id = :b", b=book_id),
        "broken_keys": q("SELECT count(DISTINCT key) FROM citation WHERE book_id = :b AND status = 'broken'",
                         b=book_id),
    }


def coverage(kb: KnowledgeBase, book_id: int) -> dict:
    """How many of a book's keys are merged into one work, and how many of its cited works are matched to
    OpenAlex and labelled (and how many references those works make)."""
    q = kb.value
    works = "SELECT DISTINCT work_id FROM citation WHERE book_id = :b AND work_id IS NOT NULL"
    return {
        "merged_clusters": q("SELECT count(*) FROM (SELECT work_id FROM workkey WHERE book_id = :b "
                             "GROUP BY work_id HAVING count(*) > 1) m", b=book_id),
        "enriched_works": q(f"SELECT count(*) FROM workmatch WHERE status = 'matched' AND work_id IN ({works})",
                            b=book_id),
        "labelled_works": q(f"SELECT count(DISTINCT work_id) FROM label WHERE work_id IN ({works})", b=book_id),
        "references": q(f"SELECT count(*) FROM reference WHERE citing_work_id IN ({works})", b=book_id),
    }


def list_books(kb: KnowledgeBase, *, with_coverage: bool = False) -> list[dict]:
    """One row per book with its counts (and enrichment/classification coverage when asked): `citations`
    (occurrences in the text), `cited_keys`, `cited_works` (the works the text cites, keys naming one work
    merged), `entries` (bibliography entries, cited or not) and `entry_works` (the works they name)."""
    rows = []
    for b in all_books(kb):
        row = {"name": b.name, "title": b.title, "format": b.format, **book_counts(kb, b.id)}
        if with_coverage:
            row.update(coverage(kb, b.id))
        rows.append(row)
    return rows


def heading_tree(kb: KnowledgeBase, book_id: int | None = None) -> HeadingTree:
    scope = "WHERE book_id = :b" if book_id is not None else ""
    rows = kb.rows(f"SELECT {HEADING_COLUMNS} FROM heading {scope}", b=book_id)
    for r in rows:
        r["authors"] = decode_json(r["authors"]) or []
    return HeadingTree(rows)


def headings(kb: KnowledgeBase, book: str | None = None, max_depth: int | None = None) -> tuple[Record, list[dict]]:
    """A book's heading tree in reading order, each with citations and distinct works in its subtree.

    Rows: id (anchor, else pandoc's automatic identifier), number, title, level, kind, authors,
    citations, works; and heading_id (the database id, for links inside one process)."""
    b = find_book(kb, book)
    tree = heading_tree(kb, b.id)
    # citations and distinct works in each heading's subtree, counted in SQL over (heading, ancestor) pairs
    counts, works = {}, {}
    for r in kb.rows("""WITH RECURSIVE anc(id, anc) AS (
            SELECT id, id FROM heading WHERE book_id = :b
            UNION ALL SELECT anc.id, h.parent_id FROM anc JOIN heading h ON h.id = anc.anc
            WHERE h.parent_id IS NOT NULL)
        SELECT a.anc AS heading_id, COUNT(*) AS citations, COUNT(DISTINCT c.work_id) AS works
        FROM citation c JOIN anc a ON a.id = c.heading_id WHERE c.book_id = :b GROUP BY a.anc""", b=b.id):
        counts[r.heading_id], works[r.heading_id] = r.citations, r.works
    rows = [{"id": tree.public_id(h["id"]), "number": h["number"], "title": h["title"], "level": h["depth"],
             "kind": h["kind"], "authors": list(h["authors"]), "citations": counts.get(h["id"], 0),
             "works": works.get(h["id"], 0), "heading_id": h["id"], "parent_id": h["parent_id"],
             "file": h["file"], "line": h["line"]}
            for h in tree if max_depth is None or h["depth"] <= max_depth]
    return b, rows


PUBLIC_HEADING_FIELDS = ("id", "number", "title", "level", "kind", "authors", "citations", "works")


def overview(kb: KnowledgeBase, book: str | None = None, max_depth: int = 2) -> list[dict]:
    """Books at a glance (every book, or the one named): counts and the heading tree with citations."""
    names = [book] if book else [b.name for b in all_books(kb)]
    if not names:
        find_book(kb, None)  # raises "no book yet"
    result = []
    for name in names:
        b, rows = headings(kb, name, max_depth=max_depth)
        result.append({"name": b.name, "title": b.title, "format": b.format, "counts": book_counts(kb, b.id),
                       "headings": [{k: r[k] for k in PUBLIC_HEADING_FIELDS} for r in rows]})
    return result


# --- chapter IDs ----------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_NODE = re.compile(r"heading:(\d+)")


def resolve_chapter(kb: KnowledgeBase, ref: str, book: str | None = None) -> Record:
    """The heading an ID names, by the one rule every command and the dashboard use.

    - a number (`2`, `4.4`, `2.1.3`) is the heading numbered so in the book;
    - otherwise the ID is tried as an anchor (`{#anchor}`, or pandoc's automatic identifier),
      a source file name (`01-intro.Rmd` or its stem: the file's first heading), a graph node
      id (`heading:12`, as `kb graph export` writes), then title words (exact title first;
      several matches at one depth are an error listing them).
    Without --book every book is searched; an ID found in several books asks for --book.
    Database ids are never matched implicitly. An unknown ID lists the closest candidates.
    """
    ref = ref.strip()
    b = find_book(kb, book, required=False)
    tree = heading_tree(kb, b.id if b else None)
    books = {r.id: r.name for r in all_books(kb)}
    node = _NODE.fullmatch(ref)
    if node:
        found = [h for h in tree if h["id"] == int(node.group(1))]
    elif _NUMBER.fullmatch(ref):
        found = [h for h in tree if h["number"] == ref]
    else:
        found = [h for h in tree if tree.public_id(h["id"]) == ref]
        if not found:
            found = _first_of_file(tree, ref)
        if not found:
            found = _by_title(tree, ref)
    in_books = sorted({books[h["book_id"]] for h in found})
    if len(in_books) > 1:
        raise KbError(f"`{ref}` names headings in several books ({', '.join(in_books)}); choose one with --book NAME")
    if len(found) == 1:
        return _heading_record(tree, found[0], books)
    if found:
        names = "; ".join(f"{tree.public_id(h['id'])} ({heading_label(h)})" for h in found[:8])
        raise KbError(f"`{ref}` names several headings: {names}; give one of these IDs")
    raise KbError(f"no chapter or section `{ref}`{' in ' + b.name if b else ''}" + _closest(tree, ref)
                  + "; `kb chapters` lists them")


def _heading_record(tree: HeadingTree, h: dict, books: dict[int, str]) -> Record:
    return Record({**h, "public_id": tree.public_id(h["id"]), "book": books[h["book_id"]], "label": heading_label(h)})


def _first_of_file(tree: HeadingTree, ref: str) -> list[dict]:
    hits: dict[int, dict] = {}
    for h in tree:
        name = (h["file"] or "").rsplit("/", 1)[-1]
        if ref in (h["file"], name, name.rsplit(".", 1)[0]):
            best = hits.get(h["book_id"])
            if best is None or (h["depth"], h["position"]) < (best["depth"], best["position"]):
                hits[h["book_id"]] = h
    return list(hits.values())


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _by_title(tree: HeadingTree, ref: str) -> list[dict]:
    exact = [h for h in tree if h["title"].strip().lower() == ref.lower()]
    if exact:
        return _shallowest(exact)
    words = _words(ref)
    if not words:
        return []
    hits = [h for h in tree if all(w in _words(h["title"]) for w in words)]
    return _shallowest(hits)


def _shallowest(hits: list[dict]) -> list[dict]:
    """Per book, the matches at the smallest depth (a chapter wins over its sections of the same name)."""
    best: dict[int, int] = {}
    for h in hits:
        best[h["book_id"]] = min(best.get(h["book_id"], 99), h["depth"])
    return [h for h in hits if h["depth"] == best[h["book_id"]]]


def _closest(tree: HeadingTree, ref: str) -> str:
    if _NUMBER.fullmatch(ref):
        level = ref.count(".")
        numbers = [h["number"] for h in tree if h["number"] and h["number"].count(".") == level]
        if not numbers:
            return ""
        shown = numbers if len(numbers) <= 12 else numbers[:6] + ["..."] + numbers[-3:]
        return f"; numbers at that level: {', '.join(shown)}"
    labels = {}
    for h in tree:
        for candidate in filter(None, [h["number"], tree.public_id(h["id"]), h["title"]]):
            labels.setdefault(candidate, h)
    close = difflib.get_close_matches(ref, list(labels), n=3, cutoff=0.5)
    if not close:
        return ""
    return "; closest: " + ", ".join(f"{tree.public_id(labels[c]['id'])} ({heading_label(labels[c])})" for c in close)
