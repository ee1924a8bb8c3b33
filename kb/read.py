"""Fast read-only queries for `kb show`, `kb search` and `kb works`.

These commands must start quickly, so on SQLite this module talks to the database with the
standard library's sqlite3 (importing SQLAlchemy and SQLModel costs more than the whole query);
any other URL goes through SQLAlchemy Core. Only plain SQL over the tables in kb/models.py.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from pathlib import Path

from kb.errors import KbError

SEARCH_TABLE = "work_search"


def _json(value):
    if isinstance(value, (str, bytes)):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class Reader:
    """Run parameterised SQL (`:name` placeholders) and get rows as dicts."""

    def __init__(self, url: str):
        self.url = url
        self.sqlite = url.startswith("sqlite:///")
        if self.sqlite:
            path = Path(url.removeprefix("sqlite:///"))
            if not path.is_file():
                raise KbError(f"no knowledge base at {path}; run `kb ingest BOOK` first or pass --db")
            self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            self.conn.row_factory = sqlite3.Row
        else:
            from kb.db import make_engine

            self.engine = make_engine(url, create=False)
            self.conn = self.engine.connect()

    def rows(self, sql: str, **params) -> list[dict]:
        try:
            if self.sqlite:
                return [dict(r) for r in self.conn.execute(sql, params)]
            from sqlalchemy import text

            return [dict(r) for r in self.conn.execute(text(sql), params).mappings()]
        except sqlite3.OperationalError as exc:
            if f"no such table: {SEARCH_TABLE}" in str(exc):
                raise KbError("the knowledge base has no search index; re-run `kb ingest` to build it") from None
            if "no such table" in str(exc):
                raise KbError("the knowledge base holds no book yet; run `kb ingest PATH` first") from None
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _in(name: str, values: list) -> tuple[str, dict]:
    """An IN list with one named parameter per value (portable across DB-API drivers)."""
    names = {f"{name}{i}": v for i, v in enumerate(values)}
    return "(" + (", ".join(f":{n}" for n in names) or "NULL") + ")", names


def book_id(reader: Reader, name: str | None) -> int | None:
    if name is None:
        return None
    found = reader.rows("SELECT id FROM book WHERE name = :name", name=name)
    if not found:
        known = ", ".join(r["name"] for r in reader.rows("SELECT name FROM book ORDER BY id"))
        raise KbError(f"no book named `{name}`; known books: {known or 'none'}")
    return found[0]["id"]


# --- finding a work ------------------------------------------------------------------------

def find_works(reader: Reader, ref: str, book: str | None = None) -> list[int]:
    """Work ids for a key, DOI, arXiv id, OpenAlex id or title words (in that order of trust)."""
    from kb import ids

    bid = book_id(reader, book)
    scope = " AND book_id = :bid" if bid else ""
    hits = reader.rows(f"SELECT DISTINCT work_id FROM workkey WHERE key = :ref{scope}", ref=ref, bid=bid)
    if not hits:
        hits = reader.rows(f"SELECT DISTINCT work_id FROM workkey WHERE lower(key) = lower(:ref){scope}",
                           ref=ref, bid=bid)
    if hits:
        return [h["work_id"] for h in hits]
    doi = ids.normalize_doi(ref)
    if doi:
        hits = reader.rows("SELECT id AS work_id FROM work WHERE doi = :doi UNION "
                           "SELECT work_id FROM workenrichment WHERE doi = :doi", doi=doi)
        if hits:
            return sorted({h["work_id"] for h in hits})
    arxiv = ids.normalize_arxiv(ref) or ids.arxiv_from_fields({"url": ref})
    if arxiv:
        hits = reader.rows("SELECT id AS work_id FROM work WHERE arxiv_id = :a", a=arxiv)
        if hits:
            return [h["work_id"] for h in hits]
    if re.fullmatch(r"(?:https://openalex\.org/)?[Ww]\d+", ref.strip()):
        hits = reader.rows("SELECT id AS work_id FROM work WHERE openalex_id = :o",
                           o=ref.strip().rsplit("/", 1)[-1].upper())
        if hits:
            return [h["work_id"] for h in hits]
    words = ids.normalize_title(ref).split()
    if not words:
        return []
    clauses = " AND ".join(f"norm_title LIKE :w{i}" for i in range(len(words)))
    params = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
    hits = reader.rows(f"SELECT id AS work_id FROM work WHERE origin = 'bib' AND {clauses} ORDER BY id", **params)
    return [h["work_id"] for h in hits]


def work_summaries(reader: Reader, work_ids: list[int]) -> list[dict]:
    if not work_ids:
        return []
    where, params = _in("w", work_ids)
    rows = reader.rows(f"SELECT id, title, year, doi, arxiv_id, openalex_id FROM work WHERE id IN {where} "
                       "ORDER BY id", **params)
    keys = defaultdict(list)
    for r in reader.rows(f"SELECT work_id, key FROM workkey WHERE work_id IN {where} ORDER BY key", **params):
        keys[r["work_id"]].append(r["key"])
    return [{"id": r["id"], "keys": sorted(set(keys[r["id"]])), "title": r["title"], "year": r["year"],
             "doi": r["doi"], "arxiv": r["arxiv_id"], "openalex_id": r["openalex_id"]} for r in rows]


def _chapter_units(reader: Reader, book: int | None = None) -> tuple[dict, dict]:
    """Heading rows by id, and for each heading the chapter-level heading it belongs to (depth 1-2)."""
    scope = "WHERE book_id = :b" if book else ""
    headings = {h["id"]: h for h in reader.rows(
        f"SELECT id, book_id, parent_id, depth, title, anchor, number FROM heading {scope}", b=book)}
    unit = {}
    for hid, h in headings.items():
        node, best = h, None
        while node is not None:
            if node["depth"] in (1, 2):
                best = best if best and best["depth"] > node["depth"] else node
            node = headings.get(node["parent_id"])
        unit[hid] = best
    return headings, unit


def heading_label(h: dict | None) -> str:
    if not h:
        return "(before the first heading)"
    return " ".join(filter(None, [h.get("number"), h["title"]]))


def work_detail(reader: Reader, work_id: int) -> dict:
    """Everything kb knows about one work, for `kb show`."""
    (w,) = reader.rows("SELECT * FROM work WHERE id = :w", w=work_id)
    keys = reader.rows("SELECT b.name AS book, k.key FROM workkey k JOIN book b ON b.id = k.book_id "
                       "WHERE k.work_id = :w ORDER BY b.id, k.key", w=work_id)
    cites = reader.rows("SELECT c.book_id, b.name AS book, c.key, c.heading_id, c.file, c.line, c.sentence "
                        "FROM citation c JOIN book b ON b.id = c.book_id WHERE c.work_id = :w "
                        "ORDER BY c.book_id, c.file, c.line, c.\"column\"", w=work_id)
    headings, unit = _chapter_units(reader)
    citations = [{"book": c["book"], "key": c["key"], "chapter": heading_label(unit.get(c["heading_id"])),
                  "heading": heading_label(headings.get(c["heading_id"])), "location": f"{c['file']}:{c['line']}",
                  "sentence": c["sentence"]} for c in cites]
    match = reader.rows("SELECT status, method, openalex_id, score, note, candidates, alternates FROM workmatch "
                        "WHERE work_id = :w", w=work_id)
    enrichment = reader.rows("SELECT * FROM workenrichment WHERE work_id = :w", w=work_id)
    refs_out = reader.rows("SELECT w.id, w.title, w.year, w.origin FROM reference r JOIN work w ON w.id = "
                           "r.cited_work_id WHERE r.citing_work_id = :w ORDER BY w.year, w.title", w=work_id)
    refs_in = reader.rows("SELECT w.id, w.title, w.year FROM reference r JOIN work w ON w.id = r.citing_work_id "
                          "WHERE r.cited_work_id = :w ORDER BY w.year, w.title", w=work_id)
    topics = reader.rows("SELECT t.display_name AS topic, wt.score, wt.is_primary FROM worktopic wt JOIN topic t "
                         "ON t.id = wt.topic_id WHERE wt.work_id = :w ORDER BY wt.score DESC", w=work_id)
    authors = _json(w["authors"]) or []
    links = {}
    if w["doi"]:
        links["doi"] = f"https://doi.org/{w['doi']}"
    if w["arxiv_id"]:
        links["arxiv"] = f"https://arxiv.org/abs/{w['arxiv_id']}"
    if w["openalex_id"]:
        links["openalex"] = f"https://openalex.org/{w['openalex_id']}"
    if w["url"]:
        links["url"] = w["url"]
    detail = {
        "id": w["id"], "title": w["title"], "year": w["year"],
        "authors": [", ".join(filter(None, [a.get("family"), a.get("given")])) for a in authors],
        "venue": w["venue"], "type": w["entry_type"], "doi": w["doi"], "arxiv": w["arxiv_id"],
        "openalex_id": w["openalex_id"], "keys": keys, "sources": _json(w["sources"]) or {},
        "chapters": sorted({c["chapter"] for c in citations}), "citations": citations,
        "references_in_book": [r for r in refs_out if r["origin"] == "bib"],
        "references_outside": sum(1 for r in refs_out if r["origin"] != "bib"),
        "cited_by_in_book": refs_in, "topics": topics, "links": links, "labels": [],
        "openalex_match": None, "abstract": None, "cited_by_count": None,
    }
    if match:
        m = match[0]
        detail["openalex_match"] = {k: (_json(v) if k in ("candidates", "alternates") else v) for k, v in m.items()}
    if enrichment:
        e = enrichment[0]
        detail["abstract"], detail["cited_by_count"] = e["abstract"], e["cited_by_count"]
        detail["doi"] = detail["doi"] or e["doi"]
        if e["doi"] and "doi" not in links:
            links["doi"] = f"https://doi.org/{e['doi']}"
    return detail


# --- full-text search ----------------------------------------------------------------------

def search(reader: Reader, query: str, limit: int = 20, book: str | None = None) -> list[dict]:
    """Works matching `query` in title, abstract, authors, venue and keys, best first.

    SQLite: FTS5 with bm25 and snippets; a query that is not valid FTS syntax is searched as
    plain words. Other databases: every word must appear somewhere (case-insensitive).
    """
    bid = book_id(reader, book)
    words = re.findall(r"\w+", query)
    if not words:
        return []
    if reader.sqlite:
        rows = _fts(reader, query, limit * 5) if query.strip() else []
        if rows is None:  # FTS syntax error: quote every word
            rows = _fts(reader, " ".join(f'"{w}"' for w in words), limit * 5) or []
    else:
        rows = _like_search(reader, words, limit * 5)
    if bid:
        allowed = {r["work_id"] for r in reader.rows("SELECT work_id FROM workkey WHERE book_id = :b", b=bid)}
        rows = [r for r in rows if r["id"] in allowed]
    rows = rows[:limit]
    summaries = {s["id"]: s for s in work_summaries(reader, [r["id"] for r in rows])}
    return [{**summaries[r["id"]], "rank": r["rank"], "snippet": r["snippet"]} for r in rows if r["id"] in summaries]


def _fts(reader: Reader, match: str, limit: int) -> list[dict] | None:
    try:
        return reader.rows(
            f"SELECT rowid AS id, round(bm25({SEARCH_TABLE}, 10.0, 2.0, 4.0, 2.0, 6.0), 3) AS rank, "
            f"snippet({SEARCH_TABLE}, -1, '[', ']', '…', 12) AS snippet FROM {SEARCH_TABLE} "
            f"WHERE {SEARCH_TABLE} MATCH :q ORDER BY rank LIMIT :n", q=match, n=limit)
    except sqlite3.OperationalError:  # not valid FTS5 query syntax
        return None


def _like_search(reader: Reader, words: list[str], limit: int) -> list[dict]:
    haystack = ("lower(coalesce(w.title, '') || ' ' || coalesce(e.abstract, '') || ' ' || "
                "coalesce(CAST(w.authors AS TEXT), '') || ' ' || coalesce(w.venue, '') || ' ' || "
                "coalesce((SELECT string_agg(k.key, ' ') FROM workkey k WHERE k.work_id = w.id), ''))")
    clauses = " AND ".join(f"{haystack} LIKE :w{i}" for i in range(len(words)))
    params = {f"w{i}": f"%{w.lower()}%" for i, w in enumerate(words)}
    rows = reader.rows(f"SELECT w.id, w.title FROM work w LEFT JOIN workenrichment e ON e.work_id = w.id "
                       f"WHERE w.origin = 'bib' AND {clauses} ORDER BY w.id LIMIT :n", n=limit, **params)
    return [{"id": r["id"], "rank": 0.0, "snippet": r["title"]} for r in rows]


# --- listing works -------------------------------------------------------------------------

SORTS = ("year", "citations", "chapters", "title")


def list_works(reader: Reader, *, book: str | None = None, chapter: str | None = None, heading_id: int | None = None,
               label: str | None = None, years: tuple | None = None,
               venue: str | None = None, min_chapters: int = 0, unresolved: bool = False, sort: str = "title",
               limit: int | None = None) -> list[dict]:
    """The cited works of the knowledge base (or one book/chapter) with their counts."""
    bid = book_id(reader, book)
    headings, unit = _chapter_units(reader, bid)
    scope = "AND c.book_id = :b" if bid else ""
    cites = reader.rows(f"SELECT c.work_id, c.heading_id FROM citation c WHERE c.work_id IS NOT NULL {scope}", b=bid)
    if chapter is not None and heading_id is None:
        heading_id = find_heading(reader, chapter, bid)["id"]
    if heading_id is not None:
        inside = {hid for hid in headings if _under(headings, hid, heading_id)}
        cites = [c for c in cites if c["heading_id"] in inside]
    per_work: dict[int, dict] = defaultdict(lambda: {"citations": 0, "chapters": set()})
    for c in cites:
        per_work[c["work_id"]]["citations"] += 1
        u = unit.get(c["heading_id"])
        per_work[c["work_id"]]["chapters"].add(u["id"] if u else None)
    rows = work_summaries(reader, sorted(per_work))
    where, params = _in("x", sorted(per_work))
    extra = {r["id"]: r for r in reader.rows(
        "SELECT w.id, w.venue, m.status FROM work w LEFT JOIN workmatch m ON m.work_id = w.id "
        f"WHERE w.id IN {where}", **params)} if per_work else {}
    labelled = _labelled_works(reader, label) if label else None
    result = []
    for r in rows:
        if labelled is not None and r["id"] not in labelled:
            continue
        stats = per_work[r["id"]]
        row = {**r, "venue": extra[r["id"]]["venue"], "citations": stats["citations"],
               "chapters": len(stats["chapters"]), "openalex_status": extra[r["id"]]["status"] or "not enriched"}
        if years and not (r["year"] and years[0] <= r["year"] <= years[1]):
            continue
        if venue and venue.lower() not in (row["venue"] or "").lower():
            continue
        if row["chapters"] < min_chapters:
            continue
        if unresolved and row["openalex_status"] == "matched":
            continue
        result.append(row)
    keyfunc = {"year": lambda r: (r["year"] or 0, r["title"].lower()),
               "citations": lambda r: (-r["citations"], r["title"].lower()),
               "chapters": lambda r: (-r["chapters"], -r["citations"], r["title"].lower()),
               "title": lambda r: r["title"].lower()}[sort]
    result.sort(key=keyfunc)
    return result[:limit] if limit else result


def _labelled_works(reader: Reader, node: str) -> set[int]:
    """Works whose accepted labels include `node` or a node below it (modality -> modality.text)."""
    from kb.graph.evidence import Evidence, accepted

    evidence: dict[int, list] = defaultdict(list)
    for r in reader.rows("SELECT work_id, node_id, source, confidence, evidence FROM label "
                         "WHERE work_id IS NOT NULL AND (node_id = :n OR node_id LIKE :p)", n=node, p=f"{node}.%"):
        evidence[r["work_id"]].append(Evidence(r["node_id"], r["source"], r["confidence"], r["evidence"]))
    if not evidence and not reader.rows("SELECT 1 FROM label LIMIT 1"):
        raise KbError("no work has labels yet: run `kb classify` first")
    return {w for w, items in evidence.items() if accepted(items)}


def _under(headings: dict, hid: int, ancestor: int) -> bool:
    node = headings.get(hid)
    while node is not None:
        if node["id"] == ancestor:
            return True
        node = headings.get(node["parent_id"])
    return False


def find_heading(reader: Reader, ref: str, book: int | None) -> dict:
    """A heading by anchor, number (2.1), database id (also as graph node `heading:12`) or title
    (exact, then unique substring). Every command that takes a chapter ID resolves it here."""
    scope = "AND book_id = :b" if book else ""
    ref = ref.removeprefix("heading:") if re.fullmatch(r"heading:\d+", ref) else ref
    for column in ("anchor", "number"):
        rows = reader.rows(f"SELECT * FROM heading WHERE {column} = :r {scope} ORDER BY id", r=ref, b=book)
        if len(rows) == 1:
            return rows[0]
    if ref.isdigit():
        rows = reader.rows(f"SELECT * FROM heading WHERE id = :r {scope}", r=int(ref), b=book)
        if rows:
            return rows[0]
    rows = reader.rows(f"SELECT * FROM heading WHERE lower(title) = lower(:r) {scope} ORDER BY id", r=ref, b=book)
    if not rows:
        rows = reader.rows(f"SELECT * FROM heading WHERE lower(title) LIKE lower(:r) {scope} ORDER BY depth, id",
                           r=f"%{ref}%", b=book)
    if len(rows) == 1 or (rows and rows[0]["depth"] < rows[min(1, len(rows) - 1)]["depth"]):
        return rows[0]
    if not rows:
        raise KbError(f"no chapter or section `{ref}`; `kb chapters` lists them")
    names = "; ".join(f"{r['id']} {heading_label(r)}" for r in rows[:8])
    raise KbError(f"`{ref}` names several headings ({names}); pass the id or anchor, or --book")
