"""Since the book: the works published after it that cite the works it cites (`kb new`).

For a book's works matched to OpenAlex (`kb enrich` first), one request per 100 of them asks
`filter=cites:W1|...|W100,publication_year:>SINCE` sorted by `cited_by_count:desc`, with `select=`
only the fields kb stores and at most `pages` pages of 200 each, so the cost of a book is bounded
whatever its field became. Every response is cached with enrichment's (a lookup per cited work and
year), so a re-run sends nothing and an interrupted run resumes; failures and a spent budget stop as
enrichment does. The works found are stored as works of origin `newer` (with their OpenAlex metadata)
and a `reference` row to each of the book's works they cite. The read side (ranking per chapter, and
the works OpenAlex lists as related that the book does not cite) is kb.api.since.

SINCE defaults to the year of the newest work the book cites: a book cannot cite what came after it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Engine, delete, func, select
from sqlmodel import Session

from kb import ids
from kb.db import batches, delete_works, init_db, insert_rows
from kb.errors import KbError, UsageError
from kb.ingest.enrich import (
    Cache,
    EnrichOptions,
    Job,
    _plan,
    close_run,
    enrichment_fields,
    id_jobs,
    now,
    raise_stopped,
    run_jobs,
)
from kb.ingest.openalex import (
    MAX_OR_VALUES,
    OpenAlexClient,
    OpenAlexConfig,
    OpenAlexError,
)
from kb.models import KbMeta, Reference, Work, WorkEnrichment, WorkKey, WorkMatch
from kb.schema import NEWER

PER_PAGE = 200
FIELDS = ("id,doi,display_name,publication_year,publication_date,cited_by_count,referenced_works,authorships,"
          "primary_location,type")


@dataclass
class SinceOptions:
    book: str | None = None
    since: int | None = None
    pages: int = 1  # pages of 200 per batch of 100 cited works (the most cited first)
    related: int = 10  # related works per chapter whose metadata is fetched
    refresh: bool = False
    dry_run: bool = False
    offline: bool = False


@dataclass
class SinceReport:
    book: str = ""
    since: int = 0
    works: int = 0  # the book's works with an OpenAlex id (what can be asked about)
    unmatched: int = 0  # the book's works without one (run `kb enrich`)
    newer: int = 0  # works found citing them after SINCE
    references: int = 0
    cache_hits: int = 0
    requests: dict = field(default_factory=dict)
    cost_usd: float = 0.0
    failures: list[str] = field(default_factory=list)
    planned: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def cites_jobs(openalex_ids: list[str], since: int, pages: int) -> list[Job]:
    """One request per 100 cited works: the works citing any of them after `since`, the most cited first."""
    jobs = []
    ordered = sorted(openalex_ids)
    for start in range(0, len(ordered), MAX_OR_VALUES):
        chunk = ordered[start:start + MAX_OR_VALUES]
        path = (f"/works?filter=cites:{'|'.join(chunk)},publication_year:>{since}&sort=cited_by_count:desc"
                f"&per-page={PER_PAGE}&select={FIELDS}")
        jobs.append(Job(path, "cites", [lookup_value(o, since) for o in chunk], max_pages=pages))
    return jobs


def lookup_value(openalex_id: str, since: int) -> str:
    """The cache key of 'works citing W after SINCE'."""
    return f"{openalex_id}>{since}"


def default_since(session: Session, book_id: int) -> int | None:
    """The year of the newest work the book cites."""
    return session.execute(select(func.max(Work.year)).where(Work.id.in_(select(WorkKey.work_id).where(
        WorkKey.book_id == book_id)))).scalar()


def since_book(engine: Engine, options: SinceOptions, config: OpenAlexConfig | None = None,
               progress=None) -> SinceReport:
    """Fetch and store the works citing the book's works after SINCE. See the module docstring."""
    from kb.api import KnowledgeBase, find_book
    from kb.api.since import related_wanted, since_key

    if options.pages < 1:
        raise UsageError("--pages must be 1 or more")
    init_db(engine)
    config = config or OpenAlexConfig.from_env()
    config.check()
    book = find_book(KnowledgeBase(engine=engine), options.book)
    report = SinceReport(book=book.name)
    client = None if options.offline or options.dry_run else OpenAlexClient(config)
    stopped: BaseException | None = None
    try:
        with Session(engine, expire_on_commit=False) as session:
            since = options.since or default_since(session, book.id)
            if since is None:
                raise KbError(f"the book `{book.name}` cites no work with a year; pass --since YEAR")
            report.since = since
            cited = book_openalex_ids(session, book.id)
            report.works = len(cited)
            report.unmatched = len(session.execute(select(WorkKey.work_id).where(
                WorkKey.book_id == book.id).distinct()).all()) - len(set(cited.values()))
            if not cited:
                raise KbError(f"no work of `{book.name}` has an OpenAlex id yet; run `kb enrich` first")
            cache = Cache(session, EnrichOptions(refresh=options.refresh))
            fresh = cache.fresh_lookups("cites")
            missing = [o for o in cited if lookup_value(o, since) not in fresh]
            report.cache_hits = len(cited) - len(missing)
            jobs = cites_jobs(missing, since, options.pages)
            if options.dry_run:
                report.planned = [_plan(j) for j in jobs]
                if jobs and options.pages > 1:
                    report.planned.append({"kind": "list", "requests": f"+ at most {options.pages - 1} more pages "
                                           "per batch", "cost_usd": report.planned[0]["cost_usd"],
                                           "path": "(further pages of a batch with more than 200 citing works)"})
                return report
            try:
                if client:
                    run_jobs(session, client, jobs, report, progress, "works citing the book")
            except (OpenAlexError, KeyboardInterrupt) as exc:
                stopped = exc  # what arrived is cached; store it before saying so
            session.rollback()
            store_newer(session, book.id, cited, since, cache, report)
            session.merge(KbMeta(key=since_key(book.name), value=json.dumps({"since": since, "at": now().isoformat()})))
            session.commit()
            if client and stopped is None:
                related = sorted(set(related_wanted(KnowledgeBase(engine=engine), book.name, options.related))
                                 - set(cache.fresh_lookups("id")))
                try:
                    run_jobs(session, client, id_jobs(related, config.base_url), report, progress, "related works")
                except (OpenAlexError, KeyboardInterrupt) as exc:
                    stopped = exc
    finally:
        close_run(client, report)
    if stopped is not None:
        raise_stopped(stopped, report)
    return report


def book_openalex_ids(session: Session, book_id: int) -> dict[str, int]:
    """OpenAlex id -> work id, for the book's works matched to OpenAlex."""
    rows = session.execute(select(WorkMatch.openalex_id, WorkMatch.work_id).where(
        WorkMatch.status == "matched", WorkMatch.openalex_id.is_not(None),
        WorkMatch.work_id.in_(select(WorkKey.work_id).where(WorkKey.book_id == book_id))))
    return dict(rows.all())


def store_newer(session: Session, book_id: int, cited: dict[str, int], since: int, cache: Cache,
                report: SinceReport) -> None:
    """Store what the cached answers say: the newer works (stubs with metadata) and their references to the
    book's works. The book's earlier answers (another SINCE) are replaced."""
    lookups = cache.fresh_lookups("cites")
    edges = {(citing, cited[o]) for o in cited for citing in lookups.get(lookup_value(o, since), [])}
    citing_ids = sorted({c for c, _ in edges})
    records = cache.records(set(citing_ids))
    existing: dict[str, int] = {}  # works already in the knowledge base (another book's, say)
    stubs: dict[str, int] = {}  # newer works stored by an earlier run
    for part in batches(citing_ids):
        for oid, work_id, origin in session.execute(select(Work.openalex_id, Work.id, Work.origin).where(
                Work.openalex_id.in_(part))):
            (stubs if origin == NEWER else existing)[oid] = work_id
    book_works = select(WorkKey.work_id).where(WorkKey.book_id == book_id)
    newer_works = select(Work.id).where(Work.origin == NEWER)
    session.execute(delete(Reference).where(Reference.citing_work_id.in_(newer_works),
                                            Reference.cited_work_id.in_(book_works)))
    stamp = now()
    fresh = [oid for oid in citing_ids if oid not in existing and oid not in stubs and oid in records]
    stub_rows = [_stub(oid, records[oid]) for oid in fresh]
    stubs.update(zip(fresh, insert_rows(session, Work, stub_rows), strict=True))
    for part in batches([stubs[o] for o in citing_ids if o in stubs and o in records]):
        session.execute(delete(WorkEnrichment).where(WorkEnrichment.work_id.in_(part)))
    enriched = [{"work_id": stubs[o], "fetched_at": stamp, **enrichment_fields(records[o])}
                for o in citing_ids if o in stubs and o in records]
    if enriched:
        session.connection().execute(WorkEnrichment.__table__.insert(), enriched)
    work_of = {**stubs, **existing}
    rows = [{"citing_work_id": work_of[c], "cited_work_id": w} for c, w in sorted(edges) if c in work_of]
    if rows:
        session.connection().execute(Reference.__table__.insert(), rows)
    delete_works(session, (Work.origin == NEWER) & Work.id.not_in(select(Reference.citing_work_id)))
    report.newer = len({r["citing_work_id"] for r in rows})
    report.references = len(rows)


def _stub(openalex_id: str, record: dict) -> dict:
    fields = enrichment_fields(record)
    title = fields["title"] or ""
    authors = []
    for a in record.get("authorships") or []:
        name = ((a.get("author") or {}).get("display_name") or a.get("raw_author_name") or "").split()
        authors.append({"family": name[-1] if name else "", "given": " ".join(name[:-1]), "von": "", "jr": ""})
    return {"title": title, "norm_title": ids.normalize_title(title), "year": fields["publication_year"],
            "authors": authors, "first_author": ids.normalize_name(authors[0]["family"]) if authors else "",
            "venue": fields["venue_name"], "entry_type": _ENTRY_TYPES.get(fields["type"] or "", "misc"),
            "doi": fields["doi"], "sources": {"*": f"openalex:{openalex_id}"}, "origin": NEWER,
            "openalex_id": openalex_id}


_ENTRY_TYPES = {"article": "article", "book-chapter": "incollection", "book": "book", "dissertation": "phdthesis",
                "preprint": "misc", "proceedings-article": "inproceedings"}

