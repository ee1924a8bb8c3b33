"""`kb enrich`: match every work to OpenAlex, cheapest first, and store what OpenAlex knows.

Phases: (0) pinned ids, one free singleton each; (1) DOIs and arXiv DOIs in OR-filter
batches of up to 100 values within the URL limit; (2) one title search for each work that
is still unmatched. Every response is cached (raw JSON, per-identifier lookups, one record
per OpenAlex work) and committed as it arrives, so an interrupted run resumes where it
stopped and a warm cache sends nothing. Matching and storing are then computed from the
cache alone, which is also how `--offline` rebuilds the enriched rows.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from pyalex import Works
from sqlalchemy import Engine, delete, select, update
from sqlmodel import Session

from kb import fulltext, ids
from kb.db import batches, delete_works, init_db, insert_rows, update_rows
from kb.errors import KbError
from kb.ingest.match import Decision, Target, assess, decide_search, short_openalex_id, verify_id_hit
from kb.ingest.openalex import (
    COST_USD,
    MAX_OR_VALUES,
    MAX_URL_BYTES,
    OpenAlexClient,
    OpenAlexConfig,
    OpenAlexError,
    Response,
    Stopped,
    query_path,
    request_kind,
    sent_length,
)
from kb.ingest.resolve import is_preprint_venue
from kb.models import (
    ApiLookup,
    ApiResponse,
    Author,
    Book,
    OpenAlexRecord,
    Pin,
    Reference,
    Topic,
    Work,
    WorkAuthor,
    WorkEnrichment,
    WorkKey,
    WorkMatch,
    WorkTopic,
)

Progress = Callable[[str, int, int], None]
SEARCH_PER_PAGE = 10
_UNBATCHABLE = re.compile(r"[,&]")
BREAKER = 20  # this many failed requests in a row, and nothing else answering: stop the run


class RunStopped(OpenAlexError):
    """A run that only sees failures: stopped, with what arrived before kept and applied."""


@dataclass
class EnrichOptions:
    book: str | None = None
    refresh: bool = False
    older_than_days: float | None = None
    expand: bool = False
    dry_run: bool = False
    offline: bool = False


@dataclass
class Job:
    path: str
    kind: str  # lookup kind the values belong to: doi | title | id | cites
    values: list[str]
    max_pages: int | None = None  # None: every page of an identifier batch; a title search keeps its first


@dataclass
class EnrichReport:
    works: int = 0
    matched: dict = field(default_factory=lambda: {"pin": 0, "doi": 0, "arxiv": 0, "title": 0})
    warnings: int = 0  # accepted, with a note (e.g. OpenAlex's year differs)
    mismatch: int = 0
    review: int = 0
    not_found: int = 0
    rejected: int = 0
    failed: int = 0
    cache_hits: int = 0
    requests: dict = field(default_factory=dict)
    cost_usd: float = 0.0
    stubs: int = 0
    references: int = 0
    failures: list[str] = field(default_factory=list)
    planned: list[dict] = field(default_factory=list)  # --dry-run

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


def now() -> datetime:
    return datetime.now(timezone.utc)


# -----------------------------------------------------------------------------------------
# targets
# -----------------------------------------------------------------------------------------

def load_targets(session: Session, book_name: str | None) -> tuple[list[Target], dict[int, str | None]]:
    """The works to enrich, and the pins that apply to them (work id -> OpenAlex id or None)."""
    books = session.execute(select(Book).order_by(Book.id)).scalars().all()
    if book_name:
        books = [b for b in books if b.name == book_name]
        if not books:
            raise KbError(f"no book named `{book_name}`")
    if not books:
        raise KbError("the knowledge base holds no book yet; run `kb ingest PATH` first")
    book_ids = [b.id for b in books]
    names = {b.id: b.name for b in books}
    keys = session.execute(select(WorkKey.book_id, WorkKey.key, WorkKey.work_id)
                           .where(WorkKey.book_id.in_(book_ids))).all()
    pins_by_key = {(p.book_name, p.key): p for p in session.execute(select(Pin)).scalars()}
    pins: dict[int, str | None] = {}
    for book_id, key, work_id in keys:
        pin = pins_by_key.get((names[book_id], key))
        if pin is not None:
            pins[work_id] = pin.openalex_id
    works = session.execute(select(Work).where(Work.id.in_(select(WorkKey.work_id).where(WorkKey.book_id.in_(book_ids))))
                            .order_by(Work.id)).scalars().all()
    targets = []
    for w in works:
        doi = w.doi if w.doi and not ids.is_arxiv_doi(w.doi) else None
        surnames = tuple(ids.normalize_name(a.get("family")) for a in w.authors or [])
        prefers_preprint = doi is None and (is_preprint_venue(w.venue) or (not w.venue and bool(w.arxiv_id)))
        thesis = (w.entry_type or "").lower() in ("phdthesis", "mastersthesis", "thesis")
        targets.append(Target(w.id, w.title, w.year, surnames, w.venue, doi, w.arxiv_id, prefers_preprint, thesis))
    return targets, pins


# -----------------------------------------------------------------------------------------
# the cache
# -----------------------------------------------------------------------------------------

class Cache:
    """Lookups and records already fetched (read once per phase from the database)."""

    def __init__(self, session: Session, options: EnrichOptions):
        self.session = session
        cutoff = None
        if options.older_than_days is not None:
            cutoff = now() - timedelta(days=options.older_than_days)
        self.refresh = options.refresh
        self.cutoff = cutoff
        self.started = now()

    def fresh_lookups(self, kind: str) -> dict[str, list[str]]:
        rows = self.session.execute(select(ApiLookup).where(ApiLookup.kind == kind)).scalars()
        result = {}
        for row in rows:
            fetched = row.fetched_at if row.fetched_at.tzinfo else row.fetched_at.replace(tzinfo=timezone.utc)
            stale = (self.refresh and fetched < self.started) or (self.cutoff is not None and fetched < self.cutoff)
            if not stale:
                result[row.value] = list(row.openalex_ids)
        return result

    def records(self, openalex_ids: set[str]) -> dict[str, dict]:
        found = {}
        for part in batches(sorted(openalex_ids)):
            rows = self.session.execute(select(OpenAlexRecord).where(OpenAlexRecord.openalex_id.in_(part)))
            found.update({r.openalex_id: r.record for r in rows.scalars()})
        return found


def _doi_of(record: dict) -> str | None:
    return ids.normalize_doi(record.get("doi"))


QUERY_FIELDS = ("relevance_score",)  # what a search says of a hit, not of the work: kept only in the response


def save_response(session: Session, response, job: Job) -> None:
    """Store one response, its records and what each requested value found; commit."""
    body = response.json()
    results = body.get("results") if "results" in body else [body]
    stamp = now()
    old = [r for (r,) in session.execute(select(ApiResponse.id).where(ApiResponse.url == response.url))]
    row = ApiResponse(url=response.url, kind=response.kind, status=response.status, cost_usd=response.cost_usd,
                      fetched_at=stamp, body=response.body)
    session.add(row)
    session.flush()
    if old:  # a refreshed answer replaces the cached one instead of piling up beside it
        for table in (ApiLookup, OpenAlexRecord):
            session.execute(update(table).where(table.response_id.in_(old)).values(response_id=row.id))
        session.execute(delete(ApiResponse).where(ApiResponse.id.in_(old)))
    found: dict[str, list[str]] = defaultdict(list)
    fresh: dict[str, dict] = {}
    partial = {}  # a `select=` answer holds some fields: they update the record kept, not replace it
    if job.kind == "cites":
        partial = Cache(session, EnrichOptions()).records({short_openalex_id(r.get("id")) for r in results} - {None})
    for record in results:
        oid = short_openalex_id(record.get("id"))
        if not oid:
            continue
        record = {k: v for k, v in {**partial.get(oid, {}), **record}.items() if k not in QUERY_FIELDS}
        fresh[oid] = {"openalex_id": oid, "record": record, "response_id": row.id, "fetched_at": stamp}
        if job.kind == "doi":
            doi = _doi_of(record)
            if doi:
                found[doi].append(oid)
        elif job.kind == "title":
            found[job.values[0]].append(oid)
        elif job.kind == "cites":  # values are `W>YEAR`: a work found under each cited work it references
            cites = {short_openalex_id(r) for r in record.get("referenced_works") or []}
            for value in job.values:
                if value.split(">", 1)[0] in cites:
                    found[value].append(oid)
        elif "results" not in body and len(job.values) == 1:  # a singleton, perhaps redirected to a merged id
            found[job.values[0]].append(oid)
        else:
            found[oid].append(oid)
    for part in batches(sorted(fresh)):  # replace the records in bulk (Core), not one ORM merge each
        session.execute(delete(OpenAlexRecord).where(OpenAlexRecord.openalex_id.in_(part)))
    if fresh:
        session.connection().execute(OpenAlexRecord.__table__.insert(), list(fresh.values()))
    _save_lookups(session, job, found, row.id, stamp)
    session.commit()


def save_not_found(session: Session, job: Job) -> None:
    """A 404 for a singleton: the value exists nowhere in OpenAlex (remembered, so not asked again)."""
    _save_lookups(session, job, {}, None, now())
    session.commit()


def _save_lookups(session: Session, job: Job, found: dict[str, list[str]], response_id: int | None,
                  stamp: datetime) -> None:
    session.execute(delete(ApiLookup).where(ApiLookup.kind == job.kind, ApiLookup.value.in_(job.values)))
    session.add_all(ApiLookup(kind=job.kind, value=v, openalex_ids=found.get(v, []), response_id=response_id,
                              fetched_at=stamp) for v in job.values)


# -----------------------------------------------------------------------------------------
# planning requests
# -----------------------------------------------------------------------------------------

def doi_jobs(values: list[str], base_url: str) -> list[Job]:
    """OR-filter batches of DOIs: at most 100 values, and URLs within OpenAlex's limit."""
    def path_for(dois: list[str]) -> str:
        return query_path(Works().filter_or(doi=dois)) + f"&per-page={MAX_OR_VALUES}"

    def fit(batch: list[str]) -> list[Job]:
        """The batch as one job when its URL as sent fits, else its halves (one URL measured per job)."""
        path = path_for(batch)
        if len(batch) == 1 or sent_length(base_url, path) <= MAX_URL_BYTES:
            return [Job(path, "doi", batch)]
        half = len(batch) // 2
        return fit(batch[:half]) + fit(batch[half:])

    ordered = sorted(values)
    return [job for start in range(0, len(ordered), MAX_OR_VALUES)
            for job in fit(ordered[start:start + MAX_OR_VALUES])]


def id_jobs(values: list[str], base_url: str) -> list[Job]:
    """Batches of OpenAlex ids (for --expand), like DOI batches."""
    jobs = []
    for start in range(0, len(values), MAX_OR_VALUES):
        chunk = sorted(values)[start: start + MAX_OR_VALUES]
        jobs.append(Job(query_path(Works().filter_or(openalex_id=chunk)) + f"&per-page={MAX_OR_VALUES}", "id",
                        chunk))
    return jobs


def title_job(norm_title: str) -> Job:
    return Job(query_path(Works().search_filter(title=norm_title)) + f"&per-page={SEARCH_PER_PAGE}", "title",
               [norm_title])


def singleton_job(openalex_id: str) -> Job:
    return Job(f"/works/{openalex_id}", "id", [openalex_id])


def _lookup_values(target: Target) -> list[tuple[str, str]]:
    """(method, DOI) pairs to look up for a target: its published DOI, then its arXiv DOI."""
    values = []
    if target.doi and not _UNBATCHABLE.search(target.doi):  # `,` splits filters, `&` the query: found by title
        values.append(("doi", target.doi))
    if target.arxiv_id:
        values.append(("arxiv", ids.arxiv_doi(target.arxiv_id)))
    return values


# -----------------------------------------------------------------------------------------
# running
# -----------------------------------------------------------------------------------------

def fetch_all(client: OpenAlexClient, path: str, every_page: bool = True, max_pages: int | None = None) -> Response | None:
    """One answer for a job, with every page of an identifier batch: when `meta.count` says it holds more
    results than the first page (a DOI with two records in a batch of 100), the next pages are fetched and
    merged, up to `max_pages`. A title search keeps its first page (the best candidates)."""
    first = client.get(path)
    if first is None or first.kind == "singleton" or not every_page:
        return first
    body = first.json()
    results, count = list(body.get("results") or []), (body.get("meta") or {}).get("count") or 0
    page, cost = 1, first.cost_usd
    while len(results) < count and body.get("results") and (max_pages is None or page < max_pages):
        page += 1
        more = client.get(f"{path}&page={page}")
        if more is None:
            break
        body = more.json()
        results += body.get("results") or []
        cost += more.cost_usd
    if page == 1:
        return first
    merged = {**first.json(), "results": results}
    return Response(first.url, first.kind, 200, json.dumps(merged), cost)


def run_jobs(session: Session, client: OpenAlexClient, jobs: list[Job], report: EnrichReport,
             progress: Progress | None, label: str) -> None:
    """Send jobs from a few worker threads; store each answer as it arrives (main thread, committed at
    once). Daemon threads and a stop flag make Ctrl-C immediate: nothing more is sent, and a request
    in flight is abandoned. BREAKER failures in a row stop the run."""
    import queue
    import threading

    if not jobs:
        return
    todo: queue.Queue = queue.Queue()
    for job in jobs:
        todo.put(job)
    answers: queue.Queue = queue.Queue()

    def work() -> None:
        while not client.stopping.is_set():
            try:
                job = todo.get_nowait()
            except queue.Empty:
                return
            try:
                answers.put((job, fetch_all(client, job.path, job.kind != "title", job.max_pages), None))
            except BaseException as exc:  # handed to the main thread
                answers.put((job, None, exc))

    for _ in range(min(len(jobs), max(1, client.config.workers))):
        threading.Thread(target=work, daemon=True).start()
    done, failed_in_a_row = 0, 0
    try:
        while done < len(jobs):
            try:
                job, response, error = answers.get(timeout=0.2)
            except queue.Empty:
                continue
            done += 1
            if isinstance(error, Stopped):
                continue
            if error is not None:
                if not isinstance(error, OpenAlexError) or error.fatal:  # a spent budget or a refused key
                    raise error
                report.failures.append(str(error))
                failed_in_a_row += 1
                if failed_in_a_row >= BREAKER:
                    raise RunStopped(f"OpenAlex failed {failed_in_a_row} requests in a row (last: {error}); "
                                     "stopping. Answers received so far are kept: run `kb enrich` again later")
            elif response is None:
                failed_in_a_row = 0
                save_not_found(session, job)
            else:
                failed_in_a_row = 0
                save_response(session, response, job)
            if progress:
                progress(label, done, len(jobs))
    finally:
        if done < len(jobs):  # stopped early: the workers send nothing more
            client.stop()


def enrich(engine: Engine, options: EnrichOptions, config: OpenAlexConfig | None = None,
           progress: Progress | None = None) -> EnrichReport:
    """Match the books' works to OpenAlex and store the results. See the module docstring."""
    init_db(engine)
    report = EnrichReport()
    config = config or OpenAlexConfig.from_env()
    client = None if options.offline or options.dry_run else OpenAlexClient(config)
    config.check()
    stopped: BaseException | None = None
    try:
        with Session(engine, expire_on_commit=False) as session:
            targets, pins = load_targets(session, options.book)
            report.works = len(targets)
            cache = Cache(session, options)
            try:
                _fetch(session, client, config, cache, targets, pins, options, report, progress)
            except (OpenAlexError, KeyboardInterrupt) as exc:  # a spent budget, a refused key, only failures,
                stopped = exc  # Ctrl-C: what arrived is cached; apply it before saying so
            if options.dry_run:
                return report
            session.rollback()
            apply_matches(session, targets, pins, report)
            if options.expand and stopped is None:
                _expand(session, client, config, cache, options, report, progress)
            _store_report_totals(session, report)
            fulltext.update(session.connection(), [t.work_id for t in targets])  # abstracts and topics too
            session.commit()
    finally:
        close_run(client, report)
    if stopped is not None:
        raise_stopped(stopped, report)
    return report


def close_run(client: OpenAlexClient | None, report) -> None:
    """Record the run's requests and cost in its report, and close the client."""
    if client:
        report.requests = dict(client.requests_by_kind)
        report.cost_usd = round(client.cost_usd, 6)
        client.close()


def raise_stopped(stopped: BaseException, report) -> None:
    """Raise what stopped a run (a spent budget, a refused key, failures, Ctrl-C), carrying its report."""
    if isinstance(stopped, OpenAlexError):
        stopped.report = report
    raise stopped


def _fetch(session, client, config, cache, targets, pins, options, report, progress) -> None:
    fresh_ids = cache.fresh_lookups("id")
    pin_values = sorted({pins[t.work_id] for t in targets if pins.get(t.work_id)} - set(fresh_ids))
    report.cache_hits += len({pins[t.work_id] for t in targets if pins.get(t.work_id)}) - len(pin_values)
    fresh_dois = cache.fresh_lookups("doi")
    wanted = {value for t in targets if t.work_id not in pins for _, value in _lookup_values(t)}
    report.cache_hits += len(wanted & set(fresh_dois))
    doi_batches = doi_jobs(sorted(wanted - set(fresh_dois)), config.base_url)
    singles = [singleton_job(v) for v in pin_values]
    if options.dry_run:
        report.planned += [_plan(j) for j in singles + doi_batches]
        fresh_titles = cache.fresh_lookups("title")
        for t in targets:
            if t.work_id not in pins and not _lookup_values(t) and t.norm_title not in fresh_titles:
                report.planned.append(_plan(title_job(t.norm_title)))
        report.planned.append({"kind": "search", "requests": "+1 per DOI/arXiv miss", "cost_usd": COST_USD["search"],
                               "path": "(a title search for each work its identifiers do not match)"})
        return
    if client:
        run_jobs(session, client, singles, report, progress, "pinned works")
        run_jobs(session, client, doi_batches, report, progress, "DOI and arXiv batches")
    # which works still need a title search, judged from what the identifiers found
    fresh_dois = cache.fresh_lookups("doi")
    records = cache.records({oid for v in fresh_dois.values() for oid in v})
    fresh_titles = cache.fresh_lookups("title")
    searches = []
    for t in targets:
        if t.work_id in pins or _decide_by_ids(t, fresh_dois, records).status == "matched":
            continue
        if any(value not in fresh_dois for _, value in _lookup_values(t)):
            continue  # its DOI lookup failed: the next run tries that again before paying for a search
        if t.norm_title and t.norm_title not in fresh_titles:
            searches.append(title_job(t.norm_title))
        elif t.norm_title:
            report.cache_hits += 1
    searches = list({j.values[0]: j for j in searches}.values())
    if client:
        run_jobs(session, client, searches, report, progress, "title searches")
    # a title nothing matched is searched once more by its part before the colon ("Bleu", "GLUE")
    fresh_titles = cache.fresh_lookups("title")
    records = cache.records({oid for v in fresh_titles.values() for oid in v})
    retries = []
    for t in targets:
        if t.work_id in pins or not t.head_title or t.norm_title not in fresh_titles or t.head_title in fresh_titles:
            continue
        found = [records[o] for o in fresh_titles[t.norm_title] if o in records]
        if decide_search(t, found).status == "not_found":
            retries.append(title_job(t.head_title))
    retries = list({j.values[0]: j for j in retries}.values())
    if client and retries:
        run_jobs(session, client, retries, report, progress, "title searches before the colon")


def _plan(job: Job) -> dict:
    kind = request_kind(job.path)
    return {"kind": kind, "requests": 1, "values": len(job.values), "cost_usd": COST_USD[kind], "path": job.path}


def _decide_by_ids(target: Target, lookups: dict[str, list[str]], records: dict[str, dict]) -> Decision:
    """The best verdict the DOI and arXiv lookups give (matched beats mismatch beats nothing)."""
    verdict = Decision("not_found")
    matched: list[Decision] = []
    for method, value in _lookup_values(target):
        for oid in lookups.get(value, []):
            if oid in records:
                decision = verify_id_hit(target, records[oid], method)
                if decision.status == "matched":
                    matched.append(decision)
                elif not matched:
                    verdict = decision
    if matched:  # the published DOI and the arXiv DOI both verified: one work, the other record a version
        best = matched[0]
        best.alternates = [d.chosen for d in matched[1:] if d.chosen.openalex_id != best.chosen.openalex_id]
        return best
    return verdict


# -----------------------------------------------------------------------------------------
# applying: from the cache to enriched rows
# -----------------------------------------------------------------------------------------

def apply_matches(session: Session, targets: list[Target], pins: dict[int, str | None], report: EnrichReport) -> None:
    """Decide every target from cached data and (re)write its match and enrichment in one transaction."""
    dois, titles, singles = (Cache(session, EnrichOptions()).fresh_lookups(k) for k in ("doi", "title", "id"))
    wanted = {oid for v in list(dois.values()) + list(titles.values()) + list(singles.values()) for oid in v}
    wanted |= {p for p in pins.values() if p} | {o for p in pins.values() if p for o in singles.get(p, [])}
    records = Cache(session, EnrichOptions()).records(wanted)
    for work_ids in batches([t.work_id for t in targets]):
        for table in (WorkMatch, WorkEnrichment, WorkAuthor, WorkTopic):
            session.execute(delete(table).where(table.work_id.in_(work_ids)))
        session.execute(delete(Reference).where(Reference.citing_work_id.in_(work_ids)))
        session.execute(update(Work).where(Work.id.in_(work_ids)).values(openalex_id=None))
    stamp = now()
    chosen: dict[int, dict] = {}
    versions: dict[int, list[dict]] = {}
    matches: list[dict] = []
    for t in targets:
        decision = _decide(t, pins, dois, titles, records, singles)
        if decision.status == "matched":
            versions[t.work_id] = [records[a.openalex_id] for a in decision.alternates if a.openalex_id in records]
        report.mismatch += decision.id_mismatch and decision.status != "mismatch"
        if decision.status == "matched":
            report.matched[decision.method] += 1
            report.warnings += bool(decision.note)
            chosen[t.work_id] = records[decision.chosen.openalex_id]
        elif decision.status == "rejected":
            report.rejected += 1
        else:
            setattr(report, decision.status, getattr(report, decision.status) + 1)
        matches.append({
            "work_id": t.work_id, "status": decision.status, "method": decision.method,
            "openalex_id": decision.chosen.openalex_id if decision.chosen else None,
            "score": round(decision.chosen.score, 1) if decision.chosen else None,
            "candidates": [c.as_dict() for c in decision.candidates],
            "alternates": [a.as_dict() for a in decision.alternates], "note": decision.note, "updated_at": stamp})
    for part in batches(matches, 2000):
        session.connection().execute(WorkMatch.__table__.insert(), part)
    _store_records(session, chosen, stamp, versions)
    session.commit()


def _decide(t: Target, pins, dois, titles, records, singles=None) -> Decision:
    singles = singles or {}
    if t.work_id in pins:
        pinned = pins[t.work_id]
        if pinned is None:
            return Decision("rejected", "pin", note="rejected by the user (kb resolve --none)")
        current = (singles.get(pinned) or [pinned])[0]  # OpenAlex may have merged it into another id
        if current not in records:
            return Decision("failed", "pin", note=f"pinned {pinned} was not found in OpenAlex (or not fetched yet)")
        return Decision("matched", "pin", assess(t, records[current]),
                        note=None if current == pinned else f"OpenAlex merged {pinned} into {current}")
    by_ids = _decide_by_ids(t, dois, records)
    if by_ids.status == "matched":
        return by_ids
    found = [records[o] for o in titles.get(t.norm_title, []) if o in records]
    if t.norm_title in titles:
        searched = decide_search(t, found)
        if searched.status == "not_found" and t.head_title in titles:
            head = decide_search(t, [records[o] for o in titles[t.head_title] if o in records], head_only=True)
            if head.status != "not_found":
                head.note = "; ".join(filter(None, [f"found by the title before its colon ({t.head_title})",
                                                    head.note]))
                searched = head
        if by_ids.status == "mismatch":
            if searched.status == "not_found":
                return by_ids
            searched.id_mismatch = True
            searched.note = "; ".join(filter(None, [by_ids.note, searched.note]))
        return searched
    if by_ids.status == "mismatch":
        return by_ids
    return Decision("failed", None, note="not looked up: its request failed or the run stopped first; "
                                         "run `kb enrich` again")


def _store_records(session: Session, chosen: dict[int, dict], stamp: datetime,
                   versions: dict[int, list[dict]] | None = None) -> None:
    """Enrichment, authors, topics and references for the matched works; stubs for outside references.
    A matched work's other versions (its preprint or published record) are the work: references to them
    count for it, and their own references are its references, so gaps and rankings see one work."""
    if not chosen:
        return
    versions = versions or {}
    by_openalex: dict[str, int] = {}
    for work_id, record in sorted(chosen.items()):
        by_openalex.setdefault(short_openalex_id(record["id"]), work_id)
    for work_id, others in sorted(versions.items()):
        for other in others:
            by_openalex.setdefault(short_openalex_id(other["id"]), work_id)
    update_rows(session, Work, [{"id": work_id, "openalex_id": short_openalex_id(record["id"])}
                                for work_id, record in sorted(chosen.items())])
    # stubs that turned out to be book works are folded into them
    stubs = {w.openalex_id: w for w in session.execute(
        select(Work).where(Work.origin == "openalex", Work.openalex_id.is_not(None))).scalars()}
    for oid, work_id in by_openalex.items():
        stub = stubs.pop(oid, None)
        if stub is not None:
            session.execute(update(Reference).where(Reference.cited_work_id == stub.id).values(cited_work_id=work_id))
            delete_works(session, Work.id == stub.id)
    known = {**{oid: w.id for oid, w in stubs.items()}, **by_openalex}
    authors_seen = {a for (a,) in session.execute(select(Author.id))}
    topics_seen = {t for (t,) in session.execute(select(Topic.id))}
    enrichments, authors, work_authors, topics, work_topics, cited_by = [], [], [], [], [], {}
    for work_id, record in chosen.items():
        enrichments.append({"work_id": work_id, "fetched_at": stamp, **enrichment_fields(record)})
        for position, authorship in enumerate(record.get("authorships") or []):
            author = authorship.get("author") or {}
            author_id = short_openalex_id(author.get("id"))
            if author_id and author_id not in authors_seen:
                authors_seen.add(author_id)
                authors.append({"id": author_id, "display_name": author.get("display_name") or "",
                                "orcid": author.get("orcid")})
            work_authors.append({"work_id": work_id, "position": position, "author_id": author_id,
                                 "name": author.get("display_name") or authorship.get("raw_author_name") or "",
                                 "institutions": [{k: i.get(k) for k in ("id", "display_name", "country_code")}
                                                  for i in authorship.get("institutions") or []]})
        primary = short_openalex_id((record.get("primary_topic") or {}).get("id"))
        for topic in record.get("topics") or []:
            topic_id = short_openalex_id(topic.get("id"))
            if not topic_id:
                continue
            if topic_id not in topics_seen:
                topics_seen.add(topic_id)
                topics.append({"id": topic_id, "display_name": topic.get("display_name") or "",
                               "subfield": (topic.get("subfield") or {}).get("display_name"),
                               "field": (topic.get("field") or {}).get("display_name"),
                               "domain": (topic.get("domain") or {}).get("display_name")})
            work_topics.append({"work_id": work_id, "topic_id": topic_id, "score": topic.get("score"),
                                "is_primary": topic_id == primary})
        cited = [*(record.get("referenced_works") or []),
                 *(r for other in versions.get(work_id, []) for r in other.get("referenced_works") or [])]
        cited_by[work_id] = [short_openalex_id(ref) for ref in dict.fromkeys(cited)]
    # stubs for the referenced works outside the books: one bulk insert, ids read back in order
    new_stubs = sorted({oid for refs in cited_by.values() for oid in refs if oid and oid not in known})
    stub_ids = insert_rows(session, Work, [{"title": "", "norm_title": "", "origin": "openalex", "openalex_id": oid,
                                           "entry_type": "", "sources": {}, "authors": [], "first_author": ""}
                                          for oid in new_stubs])
    known.update(zip(new_stubs, stub_ids, strict=True))
    references = sorted({(work_id, known[oid]) for work_id, refs in cited_by.items() for oid in refs
                         if oid and known[oid] != work_id})
    for model, rows in ((Author, authors), (Topic, topics), (WorkEnrichment, enrichments),
                        (WorkAuthor, work_authors), (WorkTopic, work_topics),
                        (Reference, [{"citing_work_id": a, "cited_work_id": b} for a, b in references])):
        for part in batches(rows, 2000):  # Core executemany: no ORM objects, no ids read back
            session.connection().execute(model.__table__.insert(), part)
    session.flush()
    delete_works(session, (Work.origin == "openalex") & Work.id.not_in(select(Reference.cited_work_id)))


def enrichment_fields(record: dict) -> dict:
    from pyalex.api import invert_abstract

    location = record.get("primary_location") or {}
    source = location.get("source") or {}
    open_access = record.get("open_access") or {}
    best = record.get("best_oa_location") or {}
    return {
        "openalex_id": short_openalex_id(record.get("id")),
        "doi": ids.normalize_doi(record.get("doi")),
        "title": record.get("display_name") or record.get("title"),
        "publication_year": record.get("publication_year"),
        "publication_date": record.get("publication_date"),
        "type": record.get("type"),
        "language": record.get("language"),
        "venue_name": source.get("display_name"),
        "venue_type": source.get("type"),
        "venue_issn": source.get("issn") or ([source["issn_l"]] if source.get("issn_l") else []),
        "oa_url": open_access.get("oa_url") or best.get("pdf_url") or best.get("landing_page_url"),
        "abstract": invert_abstract(record["abstract_inverted_index"]) if record.get("abstract_inverted_index") else None,
        "cited_by_count": record.get("cited_by_count"),
        "counts_by_year": record.get("counts_by_year") or [],
        "keywords": [{"name": k.get("display_name"), "score": k.get("score")} for k in record.get("keywords") or []],
        "concepts": [{"name": c.get("display_name"), "level": c.get("level"), "score": c.get("score")}
                     for c in record.get("concepts") or []],
        "related_works": [short_openalex_id(r) for r in record.get("related_works") or []],
        "referenced_works_count": record.get("referenced_works_count", len(record.get("referenced_works") or [])),
    }


def _expand(session, client, config, cache, options, report, progress) -> None:
    """Fetch the metadata of referenced works outside the books (stubs), 100 ids a request."""
    stubs = {w.openalex_id: w for w in session.execute(
        select(Work).where(Work.origin == "openalex", Work.openalex_id.is_not(None))).scalars()}
    fresh = cache.fresh_lookups("id")
    missing = sorted(set(stubs) - set(fresh))
    report.cache_hits += len(set(stubs) & set(fresh))
    if client:
        run_jobs(session, client, id_jobs(missing, config.base_url), report, progress, "referenced works")
    records = cache.records(set(stubs))
    stamp = now()
    for part in batches([w.id for w in stubs.values()]):
        session.execute(delete(WorkEnrichment).where(WorkEnrichment.work_id.in_(part)))
    for oid, stub in stubs.items():
        record = records.get(oid)
        if not record:
            continue
        fields = enrichment_fields(record)
        title = fields["title"] or ""
        authors = [{"family": (a.get("author") or {}).get("display_name", "").split()[-1:][0]
                    if (a.get("author") or {}).get("display_name") else "", "given": "", "von": "", "jr": ""}
                   for a in record.get("authorships") or []]
        session.execute(update(Work).where(Work.id == stub.id).values(
            title=title, norm_title=ids.normalize_title(title), year=fields["publication_year"], doi=fields["doi"],
            authors=authors, first_author=ids.normalize_name(authors[0]["family"]) if authors else "",
            venue=fields["venue_name"], entry_type=fields["type"] or "", sources={"*": f"openalex:{oid}"}))
        session.add(WorkEnrichment(work_id=stub.id, fetched_at=stamp, **fields))
    session.commit()


def _store_report_totals(session: Session, report: EnrichReport) -> None:
    report.stubs = len(session.execute(select(Work.id).where(Work.origin == "openalex")).all())
    report.references = len(session.execute(select(Reference.id)).all())


def pin(engine: Engine, book_name: str | None, key: str, openalex_id: str | None) -> dict:
    """Pin a key to an OpenAlex work (or to none); the next `kb enrich` applies it."""
    from kb.api import KnowledgeBase, find_book

    init_db(engine)
    if openalex_id is not None:
        oid = short_openalex_id(openalex_id.strip())
        if not oid or not oid.startswith("W") or not oid[1:].isdigit():
            raise KbError(f"`{openalex_id}` is not an OpenAlex work id (W followed by digits)")
        openalex_id = oid
    book = find_book(KnowledgeBase(engine=engine), book_name)
    with Session(engine) as session:
        exists = session.execute(select(WorkKey.work_id).where(WorkKey.book_id == book.id, WorkKey.key == key)).first()
        if not exists:
            raise KbError(f"`{key}` is not a key of the book `{book.name}`; `kb check` lists its keys")
        session.execute(delete(Pin).where(Pin.book_name == book.name, Pin.key == key))
        session.add(Pin(book_name=book.name, key=key, openalex_id=openalex_id, created_at=now()))
        session.commit()
        return {"book": book.name, "key": key, "openalex_id": openalex_id, "work_id": exists[0]}


def dump_json(report: EnrichReport) -> str:
    return json.dumps(report.as_dict(), indent=2)
