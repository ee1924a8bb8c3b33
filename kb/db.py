"""Engines, schema, and storing a resolved book in one transaction.

Storing is idempotent: re-ingesting a book replaces its rows, and works keep their ids
(matched by the book's own keys first, then DOI, arXiv id, or title + first author + year),
so a second run leaves the same rows. Works are shared between books.
"""

from __future__ import annotations

import atexit
import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Engine, bindparam, create_engine, delete, event, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel

from kb import __version__, fulltext, ids
from kb.errors import CONTENT_ERROR_CODES, ERROR, WARNING, KbError, explain
from kb.ingest.records import BibRecord, Person
from kb.ingest.resolve import BROKEN, ResolvedBook, WorkCluster, build_cluster
from kb.models import (
    BibEntry,
    Book,
    BookProblem,
    Citation,
    Heading,
    IngestRun,
    Label,
    Mention,
    Reference,
    Work,
    WorkAuthor,
    WorkEnrichment,
    WorkKey,
    WorkMatch,
    WorkTopic,
)
from kb.schema import NEWER

_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()
BUSY_TIMEOUT_S = 30.0
DRIVERS = {"postgresql": "psycopg[binary]", "mysql": "pymysql"}


def make_engine(url: str, *, create: bool = True) -> Engine:
    """The engine for an SQLAlchemy URL, made once per URL and disposed at exit.

    For SQLite files the folder is created when `create`; SQLite runs in WAL mode with a busy
    timeout, so readers (the dashboard) and one writer (`kb ingest`, `kb enrich`) work at once."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        path = Path(url.removeprefix("sqlite:///"))
        if path.is_dir():
            raise KbError(f"{path} is a folder, not a knowledge base file; pass --db FILE")
        if not path.exists() and not create:
            raise KbError(f"no knowledge base at {path}; run `kb ingest BOOK` first or pass --db")
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise explain(exc) from None
    if url in ("sqlite://", "sqlite:///:memory:"):
        return _new_engine(url)  # a private in-memory database each time
    with _ENGINES_LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = _new_engine(url)
        return _ENGINES[url]


def _new_engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        scheme = url.split(":", 1)[0].split("+", 1)[0]
        package = DRIVERS.get(scheme, exc.name)
        raise KbError(f"the database URL needs the package `{exc.name}`: pip install \"{package}\" "
                      f"(or pip install -e \".[postgres]\")") from None
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise KbError(f"cannot use database URL {url.split('@')[-1]!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


@atexit.register
def dispose_engines() -> None:
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, open transactions: the module commits before
    # every DDL statement, so creating the schema cost one disk sync per table and index.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except Exception:  # noqa: BLE001 - a read-only file keeps its journal mode; writes then fail clearly
        pass
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def init_db(engine: Engine) -> int | None:
    """Create the schema in an empty database or upgrade an older knowledge base in place, keeping
    every row (kb.migrations); refuse one a newer kb wrote. Returns the schema version an upgrade
    started from, None when nothing was upgraded."""
    from sqlalchemy import inspect

    from kb.migrations import bring_up_to_date

    try:
        with engine.begin() as connection:
            before = bring_up_to_date(connection, _safe_name(engine))
            for table in SQLModel.metadata.sorted_tables:  # every migration must leave this true
                present = {c["name"] for c in inspect(connection).get_columns(table.name)}
                missing = [c.name for c in table.columns if c.name not in present]
                if missing:
                    raise KbError(f"the knowledge base {_safe_name(engine)} does not have the tables this kb needs "
                                  f"(table {table.name} lacks {', '.join(missing)}); rebuild it with "
                                  "`kb ingest BOOK --db NEW` for each book")
    except SQLAlchemyError as exc:
        raise explain(exc, where=_safe_name(engine)) or KbError(f"cannot open the knowledge base: {exc}") from None
    return before


def drop_schema(engine: Engine) -> None:
    """Drop every table kb made (the search index and Alembic's revision too), so tests and benchmarks
    start from an empty database."""
    from kb.schema import SEARCH_TABLE

    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    SQLModel.metadata.drop_all(engine)


def _safe_name(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True).removeprefix("sqlite:///")


def person_dicts(people: tuple[Person, ...]) -> list[dict]:
    return [p.as_dict() for p in people]


def record_from_row(row: BibEntry) -> BibRecord:
    authors = tuple(Person(**a) for a in row.authors or [])
    return BibRecord(key=row.key, entry_type=row.entry_type, fields=dict(row.fields), raw_fields=dict(row.raw_fields),
                     authors=authors, file=row.file, line=row.line)


def _work_values(cluster: WorkCluster) -> dict:
    return {
        "title": cluster.title,
        "norm_title": cluster.norm_title,
        "year": cluster.year,
        "authors": person_dicts(cluster.authors),
        "first_author": cluster.first_author,
        "venue": cluster.venue,
        "entry_type": cluster.entry_type,
        "doi": cluster.doi,
        "arxiv_id": cluster.arxiv_id,
        "url": cluster.url,
        "sources": cluster.sources,
        "origin": "bib",
    }


_WORK_COLUMNS = ("title", "norm_title", "year", "authors", "first_author", "venue", "entry_type", "doi", "arxiv_id",
                 "url", "sources", "origin")


class _WorkMatcher:
    """Finds the stored work a cluster is, so ids survive re-ingest and books share works."""

    def __init__(self, session: Session, previous_keys: dict[str, int]):
        self.previous_keys = previous_keys
        self.by_doi: dict[str, int] = {}
        self.by_arxiv: dict[str, int] = {}
        self.by_title: dict[str, list[tuple[int, str, int | None]]] = defaultdict(list)
        rows = session.execute(select(Work.id, Work.doi, Work.arxiv_id, Work.norm_title, Work.first_author, Work.year))
        for row in rows:
            self.add(row.id, row.doi, row.arxiv_id, row.norm_title, row.first_author, row.year)

    def add(self, work_id: int, doi, arxiv_id, norm_title, first_author, year) -> None:
        if doi:
            self.by_doi.setdefault(doi, work_id)
        if arxiv_id:
            self.by_arxiv.setdefault(arxiv_id, work_id)
        if ids.title_is_distinctive(norm_title or "") and first_author:
            self.by_title[norm_title].append((work_id, first_author, year))

    def match(self, cluster: WorkCluster) -> int | None:
        for key in cluster.keys:
            if key in self.previous_keys:
                return self.previous_keys[key]
        dois = {ids.normalize_doi(e.fields.get("doi")) for e in cluster.entries} - {None}
        for doi in sorted(dois):
            if doi in self.by_doi:
                return self.by_doi[doi]
        arxivs = {ids.arxiv_from_fields(e.fields) for e in cluster.entries} - {None}
        for arxiv_id in sorted(arxivs):
            if arxiv_id in self.by_arxiv:
                return self.by_arxiv[arxiv_id]
        for work_id, first_author, year in self.by_title.get(cluster.norm_title, []):
            if first_author == cluster.first_author and (
                year is None or cluster.year is None or abs(year - cluster.year) <= 2
            ):
                return work_id
        return None


Progress = Callable[[str, int, int], None]  # (what, done, total)
MentionFinder = Callable[[list, set], list]  # (works, cited) -> mention records


def store_book(
    engine: Engine,
    resolved: ResolvedBook,
    name: str,
    *,
    started_at: datetime | None = None,
    progress: Progress | None = None,
    mentions: MentionFinder | None = None,
) -> dict:
    """Replace book `name` with `resolved` in one transaction. Returns the summary counts.

    `mentions`, given by the pipeline, finds the works named without a citation: it is called
    with every bibliography work of the knowledge base (id, title, keys) and the (file, line,
    work id) of each citation, and returns records with heading, work_id, name, file, line and
    sentence."""
    started_at = started_at or datetime.now(timezone.utc)
    source = resolved.source
    with Session(engine) as session, session.begin():
        book = session.execute(select(Book).where(Book.name == name)).scalars().first()
        previous_keys: dict[str, int] = {}
        old_ids: dict[type, list[int]] = defaultdict(list)
        if book is None:
            book = Book(name=name, title=source.title, format=source.format, root=source.root)
            session.add(book)
            session.flush()
        else:
            previous_keys = dict(session.execute(select(WorkKey.key, WorkKey.work_id).where(WorkKey.book_id == book.id)).all())
            for table in (Citation, BookProblem, WorkKey, BibEntry, Heading, Mention):
                old_ids[table] = list(session.execute(select(table.id).where(table.book_id == book.id)
                                                      .order_by(table.id)).scalars())
            for table in (Citation, BookProblem, WorkKey, BibEntry, Mention):
                session.execute(delete(table).where(table.book_id == book.id))
            session.execute(delete(Label).where(Label.heading_id.in_(
                select(Heading.id).where(Heading.book_id == book.id))))
            session.execute(update(Heading).where(Heading.book_id == book.id).values(parent_id=None))
            session.execute(delete(Heading).where(Heading.book_id == book.id))
        book.title, book.format, book.root = source.title, source.format, source.root
        book.files, book.bib_files = list(source.files), list(source.bib_files)
        book.missing_bib_files = list(source.missing_bib_files)
        session.flush()
        book_id = book.id

        if progress:
            progress("storing works", 0, 3)
        work_ids = _store_works(session, resolved, previous_keys)
        if progress:
            progress("storing headings", 1, 3)
        heading_ids = _store_headings(session, book_id, source.headings, old_ids[Heading])
        if progress:
            progress("storing citations", 2, 3)
        insert_rows(session, WorkKey, [
            {"book_id": book_id, "key": key, "work_id": work_ids[idx]} for key, idx in resolved.cluster_of_key.items()
        ], old_ids[WorkKey])
        entry_rows = []
        for idx, cluster in enumerate(resolved.clusters):
            for e in cluster.entries:
                entry_rows.append({"book_id": book_id, "work_id": work_ids[idx], "key": e.key, "entry_type": e.entry_type,
                                   "fields": e.fields, "raw_fields": e.raw_fields, "authors": person_dicts(e.authors),
                                   "file": e.file, "line": e.line})
        entry_rows.sort(key=lambda r: (r["file"], r["line"]))
        insert_rows(session, BibEntry, entry_rows, old_ids[BibEntry])
        citation_rows = []
        for c in source.citations:
            res = resolved.resolutions[c.key]
            cluster = resolved.cluster_of_key.get(res.entry_key) if res.entry_key else None
            citation_rows.append({
                "book_id": book_id, "heading_id": heading_ids[c.heading] if c.heading is not None else None,
                "key": c.key, "entry_key": res.entry_key, "status": res.status,
                "work_id": work_ids[cluster] if cluster is not None else None, "file": c.file, "line": c.line,
                "column": c.column, "sentence": c.sentence, "narrative": c.narrative,
                "suppress_author": c.suppress_author,
            })
        insert_rows(session, Citation, citation_rows, old_ids[Citation])
        mentions = mentions(*_mention_inputs(session, resolved, work_ids)) if mentions else []
        insert_rows(session, Mention, [{
            "book_id": book_id, "heading_id": heading_ids.get(m.heading) if m.heading is not None else None,
            "work_id": m.work_id, "name": m.name, "file": m.file, "line": m.line, "sentence": m.sentence,
        } for m in mentions], old_ids[Mention])
        problem_rows = [{
            "book_id": book_id, "severity": p.severity, "code": p.code, "message": p.message, "file": p.file,
            "line": p.line, "key": p.key,
            "suggestions": [list(s) for s in resolved.resolutions[p.key].suggestions]
            if p.code in CONTENT_ERROR_CODES and p.key in resolved.resolutions else [],
        } for p in resolved.problems]
        insert_rows(session, BookProblem, problem_rows, old_ids[BookProblem])
        _delete_orphan_works(session)
        fulltext.update(session.connection(), set(previous_keys.values()) | set(work_ids))

        counts = {
            "headings": len(source.headings),
            "citations": len(source.citations),
            "cited_keys": len(resolved.resolutions),
            "entries": len(source.entries),
            "entry_works": len(set(work_ids)),
            "cited_works": len({r["work_id"] for r in citation_rows if r["work_id"] is not None}),
            "merged_clusters": sum(1 for c in resolved.clusters if len(c.keys) > 1),
            "broken_keys": sum(1 for r in resolved.resolutions.values() if r.status == BROKEN),
            "input_errors": sum(1 for p in resolved.problems if is_input_error(p)),
            "warnings": sum(1 for p in resolved.problems if p.severity == WARNING),
            "mentions": len(mentions),
        }
        session.add(IngestRun(book_name=name, path=source.root, format=source.format, started_at=started_at,
                              finished_at=datetime.now(timezone.utc), kb_version=__version__, counts=counts,
                              warnings=[str(p) for p in resolved.problems]))
    return counts


def is_input_error(problem) -> bool:
    """Input that could not be read (a malformed entry, a missing chapter): ingest exits 1.

    Broken keys are errors too, but of the book's content: they are stored, and `kb check`
    fails on them.
    """
    return problem.severity == ERROR and problem.code not in CONTENT_ERROR_CODES


def _mention_inputs(session: Session, resolved: ResolvedBook, work_ids: list[int]):
    """Every bibliography work with its keys, and where this book cites which work."""
    keys: dict[int, list[str]] = defaultdict(list)
    for key, work_id in session.execute(select(WorkKey.key, WorkKey.work_id)):
        keys[work_id].append(key)
    works = [(w.id, w.title, keys.get(w.id, [])) for w in session.execute(
        select(Work.id, Work.title).where(Work.origin == "bib"))]
    cited = set()
    for c in resolved.source.citations:
        cluster = resolved.cluster_for_citation(c.key)
        if cluster is not None:
            cited.add((c.file, c.line, work_ids[cluster]))
    return works, cited


def insert_rows(session: Session, model, rows: list[dict], reuse_ids: list[int] = ()) -> list[int]:
    """Bulk insert through SQLAlchemy Core (the ORM's bulk path costs more than the database).

    The first rows take the ids the book's previous rows had, so a re-ingest keeps ids on
    every database (PostgreSQL's sequences never hand an id out twice). Returns the ids.
    """
    if not rows:
        return []
    table, connection = model.__table__, session.connection()
    reused = min(len(rows), len(reuse_ids))
    for row, row_id in zip(rows, reuse_ids):  # noqa: B905 (fewer old ids than rows is normal)
        row["id"] = row_id
    if reused:
        connection.execute(table.insert(), rows[:reused])
    created: list[int] = []
    if rows[reused:]:
        statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        created = list(connection.execute(statement, rows[reused:]).scalars())
    return list(reuse_ids[:reused]) + created


def update_rows(session: Session, model, rows: list[dict]) -> None:
    """Bulk update by primary key through Core: each row is {"id": ..., column: value}."""
    if not rows:
        return
    table = model.__table__
    columns = [c for c in rows[0] if c != "id"]
    statement = table.update().where(table.c.id == bindparam("row_id")).values(
        {c: bindparam(f"new_{c}") for c in columns})
    session.connection().execute(statement, [{"row_id": r["id"], **{f"new_{c}": r[c] for c in columns}} for r in rows])


def _store_works(session: Session, resolved: ResolvedBook, previous_keys: dict[str, int]) -> list[int]:
    """Match every cluster to a stored work or create one; returns work ids by cluster index."""
    matcher = _WorkMatcher(session, previous_keys)
    work_ids: list[int | None] = [matcher.match(c) for c in resolved.clusters]
    new = [i for i, w in enumerate(work_ids) if w is None]
    if new:
        created = insert_rows(session, Work, [_work_values(resolved.clusters[i]) for i in new])
        for i, work_id in zip(new, created, strict=True):
            work_ids[i] = work_id
    # a work matched by several clusters, or also cited by other books, takes the best of all its entries
    clusters_of: dict[int, list[int]] = defaultdict(list)
    for i, work_id in enumerate(work_ids):
        clusters_of[work_id].append(i)
    new_ids = {work_ids[i] for i in new}
    matched = set(work_ids) - new_ids
    others: dict[int, list[BibRecord]] = defaultdict(list)
    for part in batches(sorted(matched)):
        for row in session.execute(select(BibEntry).where(BibEntry.work_id.in_(part))).scalars():
            others[row.work_id].append(record_from_row(row))
    stored = {}
    columns = [Work.__table__.c[name] for name in _WORK_COLUMNS]
    for part in batches(sorted(matched)):
        for row in session.connection().execute(select(Work.__table__.c.id, *columns).where(Work.id.in_(part))):
            stored[row.id] = {name: getattr(row, name) for name in _WORK_COLUMNS}
    updates = []
    for work_id, members in clusters_of.items():
        if work_id in new_ids:
            continue
        entries = [e for i in members for e in resolved.clusters[i].entries] + others.get(work_id, [])
        reasons = sorted({r for i in members for r in resolved.clusters[i].reasons})
        values = _work_values(build_cluster(entries, reasons))
        if values != stored.get(work_id):  # an unchanged re-ingest writes no work
            updates.append({"id": work_id, **values})
    if updates:
        update_rows(session, Work, updates)
    return work_ids  # type: ignore[return-value]


def _store_headings(session: Session, book_id: int, headings, reuse_ids: list[int]) -> dict[int, int]:
    rows = [{
        "book_id": book_id, "position": h.order, "depth": h.depth, "level": h.level, "kind": h.kind,
        "title": h.title, "anchor": h.anchor, "number": h.number, "numbered": h.numbered, "authors": list(h.authors),
        "supervisors": list(h.supervisors), "file": h.file, "line": h.line,
    } for h in headings]
    created = insert_rows(session, Heading, rows, reuse_ids)
    ids_by_order = {h.order: hid for h, hid in zip(headings, created, strict=True)}
    parents = [{"id": ids_by_order[h.order], "parent_id": ids_by_order[h.parent]} for h in headings if h.parent is not None]
    if parents:
        update_rows(session, Heading, parents)
    return ids_by_order


def _delete_orphan_works(session: Session) -> None:
    """Works no book names any more go, with their enrichment, and so do stubs only they cited and newer works
    that cited only them."""
    if delete_works(session, (Work.origin == "bib") & Work.id.not_in(select(WorkKey.work_id))):
        delete_works(session, (Work.origin == "openalex") & Work.id.not_in(select(Reference.cited_work_id)))
        # works found citing the books after them (`kb new`) that now cite none of their works
        delete_works(session, (Work.origin == NEWER) & Work.id.not_in(select(Reference.citing_work_id)))


def batches(values, size: int | None = None):
    """Consecutive slices of `values` of at most `size` (IN_BATCH): every IN list kb sends stays under the
    drivers' parameter limits (PostgreSQL: 65,535)."""
    from kb.api.handle import IN_BATCH

    values = list(values)
    size = size or IN_BATCH
    for start in range(0, len(values), size):
        yield values[start:start + size]


def delete_works(session: Session, condition) -> int:
    """Delete the works matching `condition` with every row that hangs off them; returns how many."""
    doomed = [w for (w,) in session.execute(select(Work.id).where(condition))]
    for part in batches(doomed):
        fulltext.remove(session.connection(), part)
        for table in (WorkMatch, WorkEnrichment, WorkAuthor, WorkTopic, Label, Mention):
            session.execute(delete(table).where(table.work_id.in_(part)))
        session.execute(delete(Reference).where(Reference.citing_work_id.in_(part) |
                                                Reference.cited_work_id.in_(part)))
        session.execute(delete(Work).where(Work.id.in_(part)))
    return len(doomed)
