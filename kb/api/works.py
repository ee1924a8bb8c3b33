"""Works: finding one, one in full, listing with filters, and full-text search."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import defaultdict

from kb.api.books import find_book, heading_tree, resolve_chapter
from kb.api.handle import KnowledgeBase, decode_json
from kb.api.labels import evidence_of, labelled_works, labels_with_evidence
from kb.api.tree import CHAPTER, heading_label
from kb import ids
from kb.errors import KbError, UsageError
from kb.graph.taxonomy import load_taxonomy
from kb.schema import NEWER, SEARCH_TABLE


def _book_id(kb: KnowledgeBase, name: str | None) -> int | None:
    return find_book(kb, name).id if name is not None else None


def find_works(kb: KnowledgeBase, ref: str, book: str | None = None) -> list[int]:
    """Work ids for a key, DOI, arXiv id, OpenAlex id or title words (in that order of trust)."""
    bid = _book_id(kb, book)
    scope = " AND book_id = :bid" if bid else ""
    hits = kb.rows(f"SELECT DISTINCT work_id FROM workkey WHERE key = :ref{scope}", ref=ref, bid=bid)
    if not hits:
        hits = kb.rows(f"SELECT DISTINCT work_id FROM workkey WHERE lower(key) = lower(:ref){scope}", ref=ref, bid=bid)
    if hits:
        return sorted(h.work_id for h in hits)
    doi = ids.normalize_doi(ref)
    if doi:
        hits = kb.rows("SELECT id AS work_id FROM work WHERE doi = :doi UNION "
                       "SELECT work_id FROM workenrichment WHERE doi = :doi", doi=doi)
        if hits:
            return sorted({h.work_id for h in hits})
    arxiv = ids.normalize_arxiv(ref) or ids.arxiv_from_fields({"url": ref})
    if arxiv:
        hits = kb.rows("SELECT id AS work_id FROM work WHERE arxiv_id = :a", a=arxiv)
        if hits:
            return [h.work_id for h in hits]
    if re.fullmatch(r"(?:https://openalex\.org/)?[Ww]\d+", ref.strip()):
        hits = kb.rows("SELECT id AS work_id FROM work WHERE openalex_id = :o",
                       o=ref.strip().rsplit("/", 1)[-1].upper())
        if hits:
            return [h.work_id for h in hits]
    words = ids.normalize_title(ref).split()
    if not words:
        return []
    clauses = " AND ".join(f"norm_title LIKE :w{i}" for i in range(len(words)))
    params = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
    hits = kb.rows(f"SELECT id AS work_id FROM work WHERE origin = 'bib' AND {clauses} ORDER BY id", **params)
    return [h.work_id for h in hits]


def find_work(kb: KnowledgeBase, ref: str, book: str | None = None) -> int:
    """Exactly one work for REF, or an error (none: try search; several: the candidates)."""
    found = find_works(kb, ref, book)
    if not found:
        raise KbError(f"no work matches `{ref}`; try `kb search {ref}`")
    if len(found) > 1:
        names = "; ".join(f"{', '.join(w['keys'][:2])}: {w['title']}" for w in work_summaries(kb, found)[:5])
        raise KbError(f"`{ref}` matches {len(found)} works ({names}); give a key, DOI or OpenAlex id")
    return found[0]


def work_summaries(kb: KnowledgeBase, work_ids: list[int]) -> list[dict]:
    if not work_ids:
        return []
    rows = sorted(kb.rows_in("SELECT id, title, year, doi, arxiv_id, openalex_id FROM work WHERE id IN {ids}",
                             work_ids), key=lambda r: r.id)
    keys = defaultdict(set)
    for r in kb.rows_in("SELECT work_id, key FROM workkey WHERE work_id IN {ids}", work_ids):
        keys[r.work_id].add(r.key)
    return [{"id": r.id, "keys": sorted(keys[r.id]), "title": r.title, "year": r.year, "doi": r.doi,
             "arxiv": r.arxiv_id, "openalex_id": r.openalex_id} for r in rows]


MAX_ID = 2**63 - 1  # the largest id a database integer holds; a larger one names no work
WORK_DETAIL_COLUMNS = "id, title, year, authors, venue, entry_type, doi, arxiv_id, openalex_id, url, sources, origin"


def work_detail(kb: KnowledgeBase, work_id: int, taxonomy=None) -> dict:
    """Everything kb knows about one work: metadata, keys per book, the chapters and sentences
    citing it, labels with their evidence, references and cited-by in the books, OpenAlex data."""
    found = kb.rows(f"SELECT {WORK_DETAIL_COLUMNS} FROM work WHERE id = :w", w=work_id) if 0 < work_id <= MAX_ID else []
    if not found:
        raise KbError(f"no work with id {work_id}")
    w = found[0]
    keys = kb.rows("SELECT b.name AS book, k.key FROM workkey k JOIN book b ON b.id = k.book_id "
                   "WHERE k.work_id = :w ORDER BY b.id, k.key", w=work_id)
    cites = kb.rows("SELECT c.book_id, b.name AS book, c.key, c.heading_id, c.file, c.line, c.sentence "
                    "FROM citation c JOIN book b ON b.id = c.book_id WHERE c.work_id = :w "
                    "ORDER BY c.book_id, c.file, c.line, c.\"column\"", w=work_id)
    tree = heading_tree(kb)
    citations = [{"book": c.book, "key": c.key, "chapter": heading_label(tree.unit(c.heading_id)),
                  "heading": heading_label(tree.get(c.heading_id)),
                  "heading_id": tree.public_id(c.heading_id) if tree.get(c.heading_id) else None,
                  "location": f"{c.file}:{c.line}", "sentence": c.sentence} for c in cites]
    match = kb.rows("SELECT status, method, openalex_id, score, note, candidates, alternates FROM workmatch "
                    "WHERE work_id = :w", w=work_id)
    enrichment = kb.rows("SELECT doi, abstract, cited_by_count, venue_name, publication_year, oa_url, keywords "
                         "FROM workenrichment WHERE work_id = :w", w=work_id)
    refs_out = kb.rows("SELECT w.id, w.title, w.year, w.origin FROM reference r JOIN work w ON w.id = "
                       "r.cited_work_id WHERE r.citing_work_id = :w ORDER BY w.year, w.title", w=work_id)
    refs_in = kb.rows("SELECT w.id, w.title, w.year, w.origin FROM reference r JOIN work w ON w.id = "
                      "r.citing_work_id WHERE r.cited_work_id = :w ORDER BY w.year, w.title", w=work_id)
    topics = kb.rows("SELECT t.display_name AS topic, wt.score, wt.is_primary FROM worktopic wt JOIN topic t "
                     "ON t.id = wt.topic_id WHERE wt.work_id = :w ORDER BY wt.score DESC", w=work_id)
    authors = kb.rows("SELECT name, author_id, institutions FROM workauthor WHERE work_id = :w ORDER BY position",
                      w=work_id)
    bib_authors = decode_json(w.authors) or []
    links = {}
    if w.doi:
        links["doi"] = f"https://doi.org/{w.doi}"
    if w.arxiv_id:
        links["arxiv"] = f"https://arxiv.org/abs/{w.arxiv_id}"
    if w.openalex_id:
        links["openalex"] = f"https://openalex.org/{w.openalex_id}"
    if w.url:
        links["url"] = w.url
    detail = {
        "id": w.id, "title": w.title, "year": w.year,
        "authors": [", ".join(filter(None, [a.get("family"), a.get("given")])) for a in bib_authors],
        "venue": w.venue, "type": w.entry_type, "doi": w.doi, "arxiv": w.arxiv_id,
        "openalex_id": w.openalex_id, "keys": [dict(k) for k in keys], "sources": decode_json(w.sources) or {},
        "chapters": sorted({c["chapter"] for c in citations}), "citations": citations,
        "references_in_book": [dict(r) for r in refs_out if r.origin == "bib"],
        "references_outside": sum(1 for r in refs_out if r.origin != "bib"),
        "cited_by_in_book": [{k: r[k] for k in ("id", "title", "year")} for r in refs_in if r.origin != NEWER],
        "newer_citing": sum(1 for r in refs_in if r.origin == NEWER), "topics": [dict(t) for t in topics], "links": links,
        "labels": labels_with_evidence(evidence_of(kb, works=[work_id]).get(work_id, []), taxonomy or load_taxonomy()),
        "openalex_authors": [{"name": a.name, "openalex_id": a.author_id,
                              "institutions": [i.get("display_name") for i in decode_json(a.institutions) or []]}
                             for a in authors],
        "openalex_match": None, "abstract": None, "cited_by_count": None,
    }
    if match:
        m = match[0]
        detail["openalex_match"] = {k: (decode_json(v) if k in ("candidates", "alternates") else v)
                                    for k, v in m.items()}
    if enrichment:
        e = enrichment[0]
        detail["abstract"], detail["cited_by_count"] = e.abstract, e.cited_by_count
        detail["doi"] = detail["doi"] or e.doi
        if e.doi and "doi" not in links:
            links["doi"] = f"https://doi.org/{e.doi}"
        if e.oa_url:
            links.setdefault("open_access", e.oa_url)
    return detail


# --- full-text search ----------------------------------------------------------------------

def search(kb: KnowledgeBase, query: str, limit: int = 20, book: str | None = None) -> list[dict]:
    """Works matching `query` in title, abstract, authors, venue and keys, best first. The ranking rule:

    1. identifier: a query that is a DOI, an arXiv id or an OpenAlex id finds that work alone;
    2. exact: works one of whose keys (any letter case), whose whole title, or whose short name (the
       title's part before a colon: "GLIDE" in "GLIDE: Towards ...") is the query, the most cited first;
    3. words: the rest by relevance, title above keys above authors above abstract and venue (see below).

    Word search uses the index kept by kb.fulltext. SQLite: FTS5 with bm25 (column weights title 10,
    keys 6, authors 4, abstract 2, venue 2, topics 1) and snippets; a query that is not valid FTS syntax
    is searched as plain words. PostgreSQL: the query is read as web search syntax (words, "phrases",
    OR, -word) over the weighted tsvectors (title and keys A, authors B, topics and venue C, abstract
    D), ranked by ts_rank. Other databases: every word must appear somewhere (case-insensitive). Ranks
    are lower-is-better: exact matches EXACT_RANK, below every word match's rank."""
    if limit < 0:
        raise UsageError("--limit must be 0 (no limit) or more")
    limit = limit or 100_000
    bid = _book_id(kb, book)
    query = unicodedata.normalize("NFC", query)  # the index is NFC: a decomposed "Žídek" finds "Zidek" too
    by_identifier = _identifier_hits(kb, query)
    if by_identifier:
        return [{**w, "rank": 0.0, "snippet": w["title"]} for w in work_summaries(kb, by_identifier)][:limit]
    words = re.findall(r"\w+", query)
    if not words:
        return []
    kb.require_schema()  # a knowledge base of this schema has its search index
    exact = [{"id": w, "rank": EXACT_RANK, "snippet": None} for w in _exact_hits(kb, query, bid)]
    if kb.sqlite:
        rows = _fts(kb, query, limit * 5)
        if rows is None:  # FTS syntax error: quote every word
            rows = _fts(kb, " ".join(f'"{w}"' for w in words), limit * 5) or []
    elif kb.engine.dialect.name == "postgresql":
        rows = _tsvector_search(kb, query, limit * 5)
    else:
        rows = _like_search(kb, words, limit * 5)
    snippets = {r["id"]: r["snippet"] for r in rows}
    first = {r["id"] for r in exact}
    rows = [{**r, "snippet": snippets.get(r["id"])} for r in exact] + [r for r in rows if r["id"] not in first]
    if bid:
        allowed = {r.work_id for r in kb.rows("SELECT work_id FROM workkey WHERE book_id = :b", b=bid)}
        rows = [r for r in rows if r["id"] in allowed]
    rows = rows[:limit]
    summaries = {s["id"]: s for s in work_summaries(kb, [r["id"] for r in rows])}
    return [{**summaries[r["id"]], "rank": r["rank"], "snippet": r["snippet"] or summaries[r["id"]]["title"]}
            for r in rows if r["id"] in summaries]


EXACT_RANK = -1000.0  # the rank of an exact match: before every word match (bm25 and ts_rank ranks are above it)


def _exact_hits(kb: KnowledgeBase, query: str, book_id: int | None) -> list[int]:
    """Works one of whose keys (any case), whose whole title or whose short name (the title's part before a
    colon) is the query; the most cited first (in the book when given), then by id."""
    text = query.strip()
    found = {r.work_id for r in kb.rows("SELECT DISTINCT work_id FROM workkey WHERE lower(key) = lower(:q)", q=text)}
    norm = ids.normalize_title(text)
    if norm:
        found |= {r.id for r in kb.rows("SELECT id FROM work WHERE origin = 'bib' AND norm_title = :n", n=norm)}
        found |= {r.id for r in kb.rows("SELECT id, title FROM work WHERE origin = 'bib' AND norm_title LIKE :p",
                                         p=f"{norm} %") if ids.normalize_title(r.title.split(":", 1)[0]) == norm
                  and ":" in r.title}
    if not found:
        return []
    scope = " AND book_id = :b" if book_id else ""
    cited = {r.work_id: r.n for r in kb.rows_in(f"SELECT work_id, count(*) AS n FROM citation WHERE work_id IN {{ids}}"
                                                f"{scope} GROUP BY work_id", sorted(found), b=book_id)}
    return sorted(found, key=lambda w: (-cited.get(w, 0), w))


def _identifier_hits(kb: KnowledgeBase, query: str) -> list[int]:
    """Works whose DOI, arXiv id or OpenAlex id the query is (search finds them by identifier too)."""
    text = query.strip()
    if " " in text or not (ids.normalize_doi(text) or ids.normalize_arxiv(text)
                            or re.fullmatch(r"(?:https://openalex\.org/)?[Ww]\d+", text)):
        return []
    return find_works(kb, text)


def _fts(kb: KnowledgeBase, match: str, limit: int) -> list[dict] | None:
    sql = (f"SELECT rowid AS id, round(bm25({SEARCH_TABLE}, 10.0, 2.0, 4.0, 2.0, 6.0, 1.0), 3) AS rank, "
           f"snippet({SEARCH_TABLE}, -1, '[', ']', '…', 12) AS snippet FROM {SEARCH_TABLE} "
           f"WHERE {SEARCH_TABLE} MATCH :q ORDER BY rank LIMIT :n")
    try:
        return kb.execute(sql, {"q": match, "n": limit})
    except sqlite3.OperationalError:  # not valid FTS5 query syntax
        return None


def _tsvector_search(kb: KnowledgeBase, query: str, limit: int) -> list[dict]:
    from kb.ids import fold

    sql = (f"WITH q AS (SELECT websearch_to_tsquery('simple', :q) AS q), hits AS ("
           f"SELECT s.work_id, ts_rank(s.document, q.q) AS score FROM {SEARCH_TABLE} s, q "
           f"WHERE s.document @@ q.q ORDER BY score DESC, s.work_id LIMIT :n) "
           "SELECT h.work_id AS id, round(-h.score::numeric, 3)::float AS rank, "
           "ts_headline('simple', w.title || coalesce(' … ' || e.abstract, ''), "
           "websearch_to_tsquery('simple', :raw), 'StartSel=[, StopSel=], MaxWords=12, MinWords=4') AS snippet "
           "FROM hits h JOIN work w ON w.id = h.work_id LEFT JOIN workenrichment e ON e.work_id = w.id "
           "ORDER BY h.score DESC, h.work_id")
    return kb.execute(sql, {"q": fold(query), "raw": query.lower(), "n": limit})


def _like_search(kb: KnowledgeBase, words: list[str], limit: int) -> list[dict]:
    haystack = ("lower(coalesce(w.title, '') || ' ' || coalesce(e.abstract, '') || ' ' || "
                "coalesce(CAST(w.authors AS TEXT), '') || ' ' || coalesce(w.venue, '') || ' ' || "
                "coalesce((SELECT string_agg(k.key, ' ') FROM workkey k WHERE k.work_id = w.id), ''))")
    clauses = " AND ".join(f"{haystack} LIKE :w{i}" for i in range(len(words)))
    params = {f"w{i}": f"%{w.lower()}%" for i, w in enumerate(words)}
    rows = kb.rows(f"SELECT w.id, w.title FROM work w LEFT JOIN workenrichment e ON e.work_id = w.id "
                   f"WHERE w.origin = 'bib' AND {clauses} ORDER BY w.id LIMIT :n", n=limit, **params)
    return [{"id": r.id, "rank": 0.0, "snippet": r.title} for r in rows]


# --- listing works -------------------------------------------------------------------------

SORTS = ("title", "year", "citations", "chapters")
WORK_FIELDS = ["id", "keys", "title", "year", "venue", "doi", "arxiv", "openalex_id", "chapters", "citations",
               "openalex_status"]


def parse_years(value: str | None) -> tuple[int, int] | None:
    """`2018`, `2018..2021`, `..2020` or `2019..` as an inclusive range; a backwards range is an error."""
    if not value:
        return None
    parts = value.split("..")
    try:
        low = int(parts[0]) if parts[0] else 0
        high = int(parts[-1]) if parts[-1] else 9999
    except ValueError:
        raise UsageError(f"--year takes YEAR or FROM..TO (e.g. 2018..2021), not `{value}`") from None
    if len(parts) > 2 or low > high:
        raise UsageError(f"--year `{value}` is not a range from an earlier to a later year (e.g. 2018..2021)")
    return low, high


def list_works(kb: KnowledgeBase, *, book: str | None = None, chapter: str | None = None,
               heading_id: int | None = None, label: str | None = None, years: tuple | None = None,
               venue: str | None = None, min_chapters: int = 0, unresolved: bool = False, sort: str = "title",
               limit: int | None = None, taxonomy=None) -> list[dict]:
    """The cited works of the knowledge base (or one book/chapter) with their counts.

    `chapters` counts the chapters (headings at depth 1, see kb.api.tree) citing a work, `citations` its
    occurrences. `limit` None or 0: no limit."""
    if sort not in SORTS:
        raise UsageError(f"--sort takes one of {', '.join(SORTS)}")
    if limit is not None and limit < 0:
        raise UsageError("--limit must be 0 (no limit) or more")
    if min_chapters < 0:
        raise UsageError("--min-chapters must be 0 or more")
    if chapter is not None and heading_id is None:
        heading_id = resolve_chapter(kb, chapter, book).id
    bid = _book_id(kb, book)
    # counts per work in SQL: a citation's chapter is the heading at depth 1 on its way up (tree.unit, the
    # same rule), found by a recursive walk; citations outside every chapter count as one "chapter" together
    params: dict = {"b": bid, "h": heading_id, "level": CHAPTER}
    book_heading = "WHERE book_id = :b" if bid else ""
    ctes = [f"""up(id, anc, depth) AS (
        SELECT id, id, depth FROM heading {book_heading}
        UNION ALL
        SELECT up.id, p.id, p.depth FROM up JOIN heading h ON h.id = up.anc JOIN heading p ON p.id = h.parent_id
        WHERE NOT up.depth BETWEEN 1 AND :level)""",
            "unit(id, unit_id) AS (SELECT id, anc FROM up WHERE depth BETWEEN 1 AND :level)"]
    where = ["c.work_id IS NOT NULL"] + (["c.book_id = :b"] if bid else [])
    if heading_id is not None:
        ctes.append("""inside(id) AS (SELECT id FROM heading WHERE id = :h
            UNION ALL SELECT h.id FROM heading h JOIN inside ON h.parent_id = inside.id)""")
        where.append("c.heading_id IN (SELECT id FROM inside)")
    having = []
    outer = []
    if years:
        outer.append("w.year BETWEEN :y0 AND :y1")
        params.update(y0=years[0], y1=years[1])
    if venue:
        outer.append("LOWER(COALESCE(w.venue, '')) LIKE :v")
        params["v"] = f"%{venue.lower()}%"
    if unresolved:
        outer.append("(m.status IS NULL OR m.status <> 'matched')")
    if min_chapters:
        having.append("COUNT(DISTINCT COALESCE(u.unit_id, -1)) >= :mc")
        params["mc"] = min_chapters
    order = {"year": "COALESCE(w.year, 0), LOWER(w.title), w.id",
             "citations": "s.citations DESC, LOWER(w.title), w.id",
             "chapters": "s.chapters DESC, s.citations DESC, LOWER(w.title), w.id",
             "title": "LOWER(w.title), w.id"}[sort]
    labelled = labelled_works(kb, label, taxonomy) if label else None
    page = f" LIMIT {int(limit)}" if limit and labelled is None else ""
    sql = (f"WITH RECURSIVE {', '.join(ctes)}, "
           "stats(work_id, citations, chapters) AS (SELECT c.work_id, COUNT(*), COUNT(DISTINCT COALESCE(u.unit_id, -1)) "
           f"FROM citation c LEFT JOIN unit u ON u.id = c.heading_id WHERE {' AND '.join(where)} "
           f"GROUP BY c.work_id{' HAVING ' + ' AND '.join(having) if having else ''}) "
           "SELECT w.id, w.venue, m.status, s.citations, s.chapters FROM stats s JOIN work w ON w.id = s.work_id "
           "LEFT JOIN workmatch m ON m.work_id = w.id"
           f"{' WHERE ' + ' AND '.join(outer) if outer else ''} ORDER BY {order}{page}")
    found = kb.rows(sql, **params)
    if labelled is not None:
        found = [r for r in found if r.id in labelled][:limit or None]
    summaries = {r["id"]: r for r in work_summaries(kb, [r.id for r in found])}
    return [{**summaries[r.id], "venue": r.venue, "citations": r.citations, "chapters": r.chapters,
             "openalex_status": r.status or "not enriched"} for r in found]


def chapter_works(kb: KnowledgeBase, ref: str, book: str | None = None) -> tuple[dict, list[dict]]:
    """One chapter or section (by the chapter-ID rule) and the works cited in it, most cited first."""
    heading = resolve_chapter(kb, ref, book)
    return heading, list_works(kb, heading_id=heading.id, book=heading.book, sort="citations")
