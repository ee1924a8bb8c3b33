"""The `kb` command line. Each command is a thin call of one library function.

stdout carries only data; progress, warnings and errors go to stderr. Exit codes: 0 ok,
1 problems in the input or nothing found, 2 usage.
"""

from __future__ import annotations

import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kb.errors import CONTENT_ERROR_CODES, KbError

app = typer.Typer(
    name="kb",
    help="A literature knowledge base and citation graph built from a book's chapters.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", envvar="KB_DATABASE_URL", show_envvar=True,
                 help="SQLAlchemy URL or SQLite file of the knowledge base [default: data/papers.sqlite]."),
]
BookOption = Annotated[Optional[str], typer.Option("--book", help="Book name (needed when the knowledge base holds several).")]


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


class ReportFormat(str, Enum):
    text = "text"
    json = "json"


class SourceFormat(str, Enum):
    bookdown = "bookdown"
    quarto = "quarto"
    pandoc = "pandoc"
    rendered = "rendered"


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def user_errors(func):
    """Turn a `KbError` into one `Error: ...` line on stderr and exit 1 (2 for usage)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from kb.errors import UsageError

        try:
            return func(*args, **kwargs)
        except KbError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from None

    return wrapper


def _engine(db: str | None, *, create: bool):
    from kb.config import database_url
    from kb.db import make_engine

    return make_engine(database_url(db), create=create)


def _print_problems(problems, limit: int = 30) -> None:
    from rich.text import Text

    console = _stderr()
    for p in problems[:limit]:
        line = Text(p.severity, style="red" if p.severity == "error" else "yellow")
        line.append(f" {p.location + ': ' if p.location else ''}{p.message}")
        console.print(line, soft_wrap=True)
    if len(problems) > limit:
        console.print(f"... and {len(problems) - limit} more; `kb check` lists them all")


@app.command()
@user_errors
def ingest(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="Book folder (bookdown, Quarto) or Markdown file/folder.")],
    db: DbOption = None,
    name: Annotated[Optional[str], typer.Option(help="Name to store the book under [default: folder name].")] = None,
    fmt: Annotated[Optional[SourceFormat], typer.Option("--format", help="Force the source format instead of detecting it.")] = None,
    bib: Annotated[Optional[list[Path]], typer.Option("--bib", help="Extra .bib file(s), beside those the book declares.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or problem lines on stderr.")] = False,
    output: Annotated[ReportFormat, typer.Option("--output", "-o", help="Summary as a text table or JSON.")] = ReportFormat.text,
    aliases: Annotated[Optional[Path], typer.Option("--aliases", help="TOML file of names by which the text mentions works "
                                                    "(key = [\"Name\"]) [default: the one kb ships].")] = None,
) -> None:
    """Read a book's chapters and bibliography into the knowledge base.

    Detects bookdown (_bookdown.yml/index.Rmd), Quarto (_quarto.yml), plain pandoc
    Markdown, or a rendered manuscript (a book turned into Markdown or text, with
    author-year citations and a Bibliography section). Re-ingesting a book replaces its rows in one transaction. Exits 1 when part
    of the input could not be read (malformed entries, missing chapter files); broken
    citation keys are stored and reported by `kb check`.
    """
    from rich.progress import BarColumn, Progress, TextColumn

    from kb.ingest.pipeline import ingest as run_ingest

    engine = _engine(db, create=True)
    console = _stderr()
    progress_bar = Progress(TextColumn("{task.description:<40}"), BarColumn(), console=console, transient=True,
                            disable=quiet or not console.is_terminal)
    with progress_bar:
        task = progress_bar.add_task("reading", total=None)

        def step(what: str, done: int, total: int) -> None:
            progress_bar.update(task, description=what, completed=done, total=total)

        result = run_ingest(engine, path, name=name, fmt=fmt.value if fmt else None,
                            extra_bibliography=[str(b) for b in bib or []], progress=step, aliases=aliases)
    problems = [p for p in result.resolved.problems if p.code not in CONTENT_ERROR_CODES]
    broken = [p for p in result.resolved.problems if p.code in CONTENT_ERROR_CODES]
    if not quiet:
        _print_problems(problems + broken)
    counts = result.counts
    if output == ReportFormat.json:
        from kb.output import write_json

        write_json({"book": result.name, **counts})
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=result.name, show_header=True)
        table.add_column("")
        table.add_column("count", justify="right")
        labels = [("headings", "headings"), ("citations", "citations"), ("cited keys", "cited_keys"),
                  ("bibliography entries", "entries"), ("works", "works"),
                  ("duplicate clusters merged", "merged_clusters"), ("broken keys", "broken_keys"),
                  ("mentions without a citation", "mentions"), ("input errors", "input_errors"),
                  ("warnings", "warnings")]
        for label, key in labels:
            table.add_row(label, str(counts[key]))
        Console(highlight=False).print(table)
    if counts["input_errors"]:
        raise typer.Exit(1)


@app.command()
@user_errors
def check(
    path: Annotated[Optional[Path], typer.Argument(metavar="[PATH]", help="Book to lint from its sources; omit to lint a stored book.")] = None,
    book: BookOption = None,
    db: DbOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text for people, json for scripts.")] = ReportFormat.text,
    source_format: Annotated[Optional[SourceFormat], typer.Option("--source-format", help="Force the source format.")] = None,
) -> None:
    """Lint a book's citations and bibliography.

    Lists broken keys (with file:line and suggestions), keys differing only in case,
    duplicate clusters (keys that name one work, with the chapters using each), uncited
    entries, entries lacking DOI/arXiv id, year or authors, malformed entries and missing
    files. Exits 1 when there are errors (broken keys, malformed entries, missing files),
    so a book's own CI can run it.
    """
    from kb.check import check_report, format_check_text

    if path is not None:
        from kb.db import make_engine
        from kb.ingest.pipeline import ingest as run_ingest

        engine = make_engine("sqlite://")
        book = run_ingest(engine, path, fmt=source_format.value if source_format else None).name
    else:
        engine = _engine(db, create=False)
    report = check_report(engine, book)
    if fmt == ReportFormat.json:
        from kb.output import write_json

        write_json(report)
    else:
        typer.echo(format_check_text(report))
    if report["errors"]:
        raise typer.Exit(1)


@app.command()
@user_errors
def compare(
    book_a: Annotated[str, typer.Argument(metavar="BOOK_A", help="Name of the first book (e.g. the published one).")],
    book_b: Annotated[str, typer.Argument(metavar="BOOK_B", help="Name of the second book (e.g. a draft).")],
    db: DbOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text for people, json for scripts.")] = ReportFormat.text,
) -> None:
    """Compare the works two books cite: added, removed and kept, overall and per chapter.

    Works are shared between books, so a paper cited in both under different keys counts as
    in both. Chapters are paired by title (or, for placeholder titles, by identical author
    lists). JSON: an object with `only_in_a`, `only_in_b`, `in_both` (each work with id,
    title, year and keys) and `by_chapter`.
    """
    from kb.compare import compare_books, format_compare_text

    result = compare_books(_engine(db, create=False), book_a, book_b)
    if fmt == ReportFormat.json:
        from kb.output import write_json

        write_json(result)
    else:
        typer.echo(format_compare_text(result))


@app.command()
@user_errors
def books(
    db: DbOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
) -> None:
    """List the books in the knowledge base with their counts."""
    from kb.output import render_rows
    from kb.query import list_books

    rows = list_books(_engine(db, create=False))
    if not rows:
        typer.echo("Error: the knowledge base holds no book yet; run `kb ingest PATH` first", err=True)
        raise typer.Exit(1)
    columns = ["name", "title", "format", "chapters", "citations", "works", "broken_keys"] \
        if fmt == ListFormat.table else None
    render_rows(rows, fmt.value, columns)


@app.command()
@user_errors
def overview(
    book: BookOption = None,
    db: DbOption = None,
    depth: Annotated[int, typer.Option(help="Deepest heading level to list (0 parts, 1 chapters, 2 sections).")] = 2,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
) -> None:
    """Books at a glance: counts and the chapter tree with citations and works per chapter.

    Shows every book in the knowledge base, or the one named with --book. JSON is a list
    of books, each with `name`, `title`, `format`, `counts` and `headings`; CSV/TSV rows
    carry the book's name in their first column.
    """
    from kb.output import render_rows, write_json
    from kb.query import overview as books_overview

    data = books_overview(_engine(db, create=False), book, max_depth=depth)
    if fmt == ListFormat.json:
        write_json(data)
        return
    if fmt != ListFormat.table:
        rows = [{"book": b["name"], **h} for b in data for h in b["headings"]]
        render_rows(rows, fmt.value, ["book", "id", "number", "title", "level", "kind", "citations", "works"])
        return
    for b in data:
        c = b["counts"]
        title = (f"{b['title']} ({b['name']}, {b['format']}): {c['chapters']} chapters, "
                 f"{c['citations']} citations of {c['cited_keys']} keys, {c['entries']} entries, "
                 f"{c['works']} works, {c['broken_keys']} broken keys")
        rows = [{**h, "title": "  " * max(h["level"] - 1, 0) + " ".join(filter(None, [h["number"], h["title"]]))}
                for h in b["headings"]]
        render_rows(rows, "table", ["id", "title", "citations", "works"], title=title)


@app.command()
@user_errors
def enrich(
    book: BookOption = None,
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Requests in flight at once.")] = 4,
    rate: Annotated[Optional[float], typer.Option(help="Requests per second, all workers together "
                                                  "[default: 28 with an API key, 8 without].")] = None,
    expand: Annotated[bool, typer.Option("--expand", help="Also fetch the works the book's works reference.")] = False,
    refresh: Annotated[bool, typer.Option("--refresh", help="Ask OpenAlex again even where the cache has an answer.")] = False,
    older_than: Annotated[Optional[float], typer.Option("--older-than", metavar="DAYS", help="Refresh cached answers older than DAYS.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the planned requests and their cost; send none.")] = False,
    offline: Annotated[bool, typer.Option("--offline", help="Rebuild matches and enriched rows from the cache only.")] = False,
    api_key: Annotated[Optional[str], typer.Option("--api-key", envvar="KB_OPENALEX_API_KEY", show_default=False,
                                                   help="OpenAlex API key (sent as a header, never stored).")] = None,
    email: Annotated[Optional[str], typer.Option("--email", envvar="KB_OPENALEX_EMAIL", show_default=False,
                                                 help="Contact e-mail for OpenAlex (sent as a header, never stored).")] = None,
    openalex_url: Annotated[Optional[str], typer.Option("--openalex-url", envvar="KB_OPENALEX_URL",
                                                        help="OpenAlex base URL [default: https://api.openalex.org].")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for one response.")] = 30.0,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="Summary as text or JSON.")] = ReportFormat.text,
) -> None:
    """Match every work to OpenAlex and store ids, abstracts, authors, venues, topics, counts and references.

    Cheapest first: DOIs and arXiv ids in OR-filter batches of up to 100, then one title
    search per work still unmatched. Every match is verified against the bibliography
    (title, first author, year): a record that disagrees is reported, not accepted. Every
    response is cached in the knowledge base, so a re-run sends nothing and an interrupted
    run resumes; `kb resolve` pins or rejects matches by hand. Exits 1 when the daily budget
    is exhausted or requests failed (what finished is kept).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kb.ingest.enrich import EnrichOptions
    from kb.ingest.enrich import enrich as run_enrich
    from kb.ingest.openalex import OpenAlexConfig

    config = OpenAlexConfig.from_env(base_url=openalex_url, api_key=api_key, email=email, workers=workers, rate=rate,
                                     timeout=timeout)
    options = EnrichOptions(book=book, refresh=refresh, older_than_days=older_than, expand=expand, dry_run=dry_run,
                            offline=offline)
    console = _stderr()
    bar = Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), console=console,
                   transient=True, disable=not console.is_terminal)
    try:
        with bar:
            task = bar.add_task("enriching", total=None)
            report = run_enrich(_engine(db, create=False), options, config,
                                progress=lambda what, done, total: bar.update(task, description=what, completed=done,
                                                                              total=total))
    except KeyboardInterrupt:
        typer.echo("Interrupted: every answer received so far is saved; run `kb enrich` again to resume.", err=True)
        raise typer.Exit(130) from None
    data = report.as_dict()
    if fmt == ReportFormat.json:
        from kb.output import write_json

        write_json(data)
    else:
        typer.echo(format_enrich_text(data, dry_run))
    for failure in report.failures[:20]:
        console.print(f"[red]error[/red] {failure}", highlight=False)
    if report.failures:
        raise typer.Exit(1)


def format_enrich_text(data: dict, dry_run: bool) -> str:
    if dry_run:
        lines = ["Planned requests (nothing sent):"]
        total = 0.0
        for plan in data["planned"]:
            lines.append(f"  {plan['kind']:<9} {plan['requests']!s:>22}  ${plan['cost_usd']:.4f}  {plan['path'][:90]}")
            total += plan["cost_usd"] if isinstance(plan["requests"], int) else 0
        lines.append(f"at least ${total:.4f}; cache hits: {data['cache_hits']}")
        return "\n".join(lines)
    m = data["matched"]
    requests = ", ".join(f"{k} {v}" for k, v in sorted(data["requests"].items())) or "none"
    return "\n".join([
        f"works: {data['works']}",
        f"matched: {sum(m.values())} (DOI {m['doi']}, arXiv {m['arxiv']}, title {m['title']}, pinned {m['pin']});"
        f" {data['warnings']} with warnings",
        f"verified mismatches: {data['mismatch']}; needs review: {data['review']}; not found: {data['not_found']};"
        f" rejected: {data['rejected']}; failed: {data['failed']}",
        f"requests: {requests}; cost ${data['cost_usd']:.4f}; cache hits: {data['cache_hits']}",
        f"references: {data['references']} (works outside the books: {data['stubs']})",
    ])


@app.command()
@user_errors
def resolve(
    key: Annotated[str, typer.Argument(metavar="KEY", help="A bibliography key of the book.")],
    openalex_id: Annotated[Optional[str], typer.Argument(metavar="[OPENALEX_ID]", help="The OpenAlex work, e.g. W2741809807.")] = None,
    none: Annotated[bool, typer.Option("--none", help="Reject every OpenAlex match for this key.")] = False,
    book: BookOption = None,
    db: DbOption = None,
) -> None:
    """Pin a key to an OpenAlex work, or reject its matches with --none.

    Pins live in the knowledge base, survive re-ingest and re-enrichment, and are applied
    by the next `kb enrich` (a pinned work costs one free lookup).
    """
    from kb.errors import UsageError
    from kb.ingest.enrich import pin

    if none == (openalex_id is not None):
        raise UsageError("give either an OPENALEX_ID or --none")
    result = pin(_engine(db, create=False), book, key, None if none else openalex_id)
    target = result["openalex_id"] or "no OpenAlex work"
    typer.echo(f"{result['book']}: {key} -> {target}; run `kb enrich` to apply")


def _reader(db: str | None):
    from kb.config import database_url
    from kb.read import Reader

    return Reader(database_url(db))


def _heading_id(db: str | None, ref: str, book: str | None) -> int:
    """The one rule every command uses for ID: anchor, number (2.1), database id, graph node id
    (heading:12) or title."""
    from kb.read import book_id, find_heading

    with _reader(db) as reader:
        return find_heading(reader, ref, book_id(reader, book))["id"]


def _years(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    from kb.errors import UsageError

    parts = value.split("..")
    try:
        low = int(parts[0]) if parts[0] else 0
        high = int(parts[-1]) if parts[-1] else 9999
    except ValueError:
        raise UsageError(f"--year takes YEAR or FROM..TO (e.g. 2018..2021), not `{value}`") from None
    return low, high


class SortBy(str, Enum):
    title = "title"
    year = "year"
    citations = "citations"
    chapters = "chapters"


def _short_keys(keys: list[str]) -> str:
    return keys[0] + (f" (+{len(keys) - 1})" if len(keys) > 1 else "") if keys else ""


WORK_COLUMNS = ["id", "keys", "title", "year", "venue", "doi", "arxiv", "openalex_id", "chapters", "citations",
                "openalex_status"]


@app.command("works")
@user_errors
def works_command(
    book: BookOption = None,
    chapter: Annotated[Optional[str], typer.Option(help="Only works cited in this chapter/section (id, anchor, number or title).")] = None,
    label: Annotated[Optional[str], typer.Option(help="Only works labelled with this taxonomy node or one below it (after `kb classify`).")] = None,
    year: Annotated[Optional[str], typer.Option(help="A year or a range FROM..TO, e.g. 2018..2021.")] = None,
    venue: Annotated[Optional[str], typer.Option(help="Venue contains this text (case-insensitive).")] = None,
    min_chapters: Annotated[int, typer.Option(help="Cited in at least N chapters/sections.")] = 0,
    unresolved: Annotated[bool, typer.Option("--unresolved", help="Only works not matched to OpenAlex.")] = False,
    sort: Annotated[SortBy, typer.Option(help="Sort order.")] = SortBy.title,
    limit: Annotated[Optional[int], typer.Option(help="At most N rows.")] = None,
    db: DbOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
) -> None:
    """List the cited works with their keys, identifiers and counts (alias: kb papers).

    `chapters` counts the chapter-level headings (depth 1-2) that cite a work, `citations`
    its citation occurrences. JSON rows carry id, keys, title, year, venue, doi, arxiv,
    openalex_id, chapters, citations and openalex_status. Exits 1 when nothing matches.
    """
    from kb.output import render_rows
    from kb.read import list_works

    with _reader(db) as reader:
        rows = list_works(reader, book=book, chapter=chapter, label=label, years=_years(year), venue=venue,
                          min_chapters=min_chapters, unresolved=unresolved, sort=sort.value, limit=limit)
    if not rows:
        typer.echo("No works match.", err=True)
        raise typer.Exit(1)
    if fmt == ListFormat.table:
        rows = [{**r, "keys": _short_keys(r["keys"])} for r in rows]
        render_rows(rows, "table", ["keys", "title", "year", "chapters", "citations"])
    else:
        render_rows(rows, fmt.value, WORK_COLUMNS)


app.command("papers", help="Alias of `kb works`: list the cited works with their keys, identifiers and counts.")(works_command)


@app.command()
@user_errors
def show(
    ref: Annotated[str, typer.Argument(metavar="REF", help="A key, DOI, arXiv id, OpenAlex id, or title words.")],
    book: BookOption = None,
    db: DbOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text for people, json for scripts.")] = ReportFormat.text,
) -> None:
    """Show one work: metadata, keys, the chapters and sentences citing it, links.

    REF is tried as a key, then a DOI, an arXiv id, an OpenAlex id, then title words. When
    several works match, they are listed and the exit code is 1.
    """
    from kb.read import find_works, work_detail, work_summaries

    with _reader(db) as reader:
        found = find_works(reader, ref, book)
        if not found:
            typer.echo(f"Error: no work matches `{ref}`; try `kb search {ref}`", err=True)
            raise typer.Exit(1)
        if len(found) > 1:
            typer.echo(f"`{ref}` matches {len(found)} works; be more specific:", err=True)
            for w in work_summaries(reader, found)[:20]:
                typer.echo(f"  {', '.join(w['keys'][:3])}: {w['title']} ({w['year']})", err=True)
            raise typer.Exit(1)
        detail = work_detail(reader, found[0])
    if fmt == ReportFormat.json:
        from kb.output import write_json

        write_json(detail)
    else:
        typer.echo(format_work_text(detail))


def format_work_text(d: dict) -> str:
    lines = [f"{d['title']} ({d['year'] or 'n.d.'})"]
    if d["authors"]:
        lines.append("; ".join(d["authors"]))
    lines.append(" · ".join(filter(None, [d["venue"], d["type"]])))
    keys = _keys_by_book(d["keys"])
    lines.append(f"keys: {keys}")
    match = d["openalex_match"]
    if match:
        lines.append(f"OpenAlex: {match['status']}" + (f" by {match['method']}" if match["method"] else "")
                     + (f", {match['openalex_id']}" if match["openalex_id"] else "")
                     + (f" ({match['note']})" if match["note"] else ""))
    else:
        lines.append("OpenAlex: not enriched (run `kb enrich`)")
    if d["cited_by_count"] is not None:
        lines.append(f"cited by {d['cited_by_count']} works (OpenAlex)")
    if d["topics"]:
        lines.append("topics: " + ", ".join(t["topic"] for t in d["topics"][:5]))
    lines.append(f"chapters ({len(d['chapters'])}): " + "; ".join(d["chapters"]))
    lines.append(f"citations ({len(d['citations'])}):")
    for c in d["citations"]:
        lines.append(f"  {c['location']} [{c['book']}: {c['heading']}] @{c['key']}")
        lines.append(f"    {c['sentence']}")
    if d["references_in_book"] or d["references_outside"]:
        lines.append(f"references: {len(d['references_in_book'])} in the books, {d['references_outside']} outside")
        lines.extend(f"  -> {r['title']} ({r['year']})" for r in d["references_in_book"])
    if d["cited_by_in_book"]:
        lines.append(f"cited by in the books ({len(d['cited_by_in_book'])}):")
        lines.extend(f"  <- {r['title']} ({r['year']})" for r in d["cited_by_in_book"])
    if d["abstract"]:
        lines.append(f"abstract: {d['abstract']}")
    lines.extend(f"{name}: {url}" for name, url in d["links"].items())
    return "\n".join(lines)


def _keys_by_book(keys: list[dict]) -> str:
    books: dict[str, list[str]] = {}
    for k in keys:
        books.setdefault(k["book"], []).append(k["key"])
    return "; ".join(f"{b}: {', '.join(ks)}" for b, ks in books.items())


@app.command()
@user_errors
def search(
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Words; FTS syntax (\"phrases\", OR, prefix*) welcome.")],
    book: BookOption = None,
    limit: Annotated[int, typer.Option(help="At most N results.")] = 20,
    db: DbOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
) -> None:
    """Full-text search over titles, abstracts, authors, venues and keys, best first.

    On SQLite this uses the FTS5 index (bm25 ranking, snippets with [matches]); a query that
    is not valid FTS syntax is searched as plain words. Exits 1 when nothing is found.
    """
    from kb.output import render_rows
    from kb.read import search as run_search

    with _reader(db) as reader:
        rows = run_search(reader, query, limit=limit, book=book)
    if not rows:
        typer.echo("Nothing found.", err=True)
        raise typer.Exit(1)
    if fmt == ListFormat.table:
        rows = [{**r, "keys": _short_keys(r["keys"])} for r in rows]
        render_rows(rows, "table", ["keys", "title", "year", "snippet"])
    else:
        render_rows(rows, fmt.value, ["id", "keys", "title", "year", "doi", "arxiv", "openalex_id", "rank", "snippet"])


@app.command()
@user_errors
def chapters(
    book: BookOption = None,
    depth: Annotated[int, typer.Option(help="Deepest level listed (1 chapters, 2 sections, ...).")] = 2,
    db: DbOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
) -> None:
    """List a book's chapters and sections with citations and distinct works in each.

    JSON rows carry id (anchor, or database id), number, title, level, kind, authors,
    citations and works.
    """
    from kb.output import render_rows
    from kb.query import heading_rows

    _, rows = heading_rows(_engine(db, create=False), book, max_depth=depth)
    data = [r.as_dict() for r in rows]
    if not data:
        typer.echo("No headings.", err=True)
        raise typer.Exit(1)
    columns = ["id", "number", "title", "citations", "works"] if fmt == ListFormat.table else \
        ["id", "number", "title", "level", "kind", "authors", "citations", "works"]
    render_rows(data, fmt.value, columns)


@app.command()
@user_errors
def chapter(
    ref: Annotated[str, typer.Argument(metavar="ID", help="Anchor, number (2.1), id or title of a chapter or section.")],
    book: BookOption = None,
    db: DbOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
) -> None:
    """The works one chapter or section cites (with its subsections), most cited first."""
    from kb.output import render_rows
    from kb.read import book_id, find_heading, heading_label, list_works

    with _reader(db) as reader:
        heading = find_heading(reader, ref, book_id(reader, book))
        rows = list_works(reader, heading_id=heading["id"], sort="citations")
    if fmt == ListFormat.table:
        _stderr().print(f"{heading_label(heading)} ({heading['file']}:{heading['line']})", highlight=False)
    if not rows:
        typer.echo("No works cited here.", err=True)
        raise typer.Exit(1)
    if fmt == ListFormat.table:
        rows = [{**r, "keys": _short_keys(r["keys"])} for r in rows]
        render_rows(rows, "table", ["keys", "title", "year", "citations"])
    else:
        render_rows(rows, fmt.value, WORK_COLUMNS)


export_app = typer.Typer(help="Export what a book, part or chapter cites: BibTeX, CSL-JSON, RIS.",
                         no_args_is_help=True)
app.add_typer(export_app, name="export")


class KeyStyle(str, Enum):
    original = "original"
    canonical = "canonical"


def _export(kind: str, book, chapter, part, all_, level, out, out_dir, keys, db) -> None:
    import json as _json
    from pathlib import Path as _Path

    from kb.errors import UsageError
    from kb.export import select_items, to_bibtex, to_csljson, to_ris

    if sum(bool(x) for x in (chapter, part, all_)) > 1:
        raise UsageError("choose one of --chapter, --part and --all")
    if all_ and not out_dir:
        raise UsageError("--all writes one file per chapter: pass --out-dir DIR")
    heading = "*" if all_ else (_heading_id(db, chapter or part, book) if chapter or part else None)
    selections = select_items(_engine(db, create=False), book, heading, keys.value, level)
    suffix = {"bibtex": ".bib", "csljson": ".json", "ris": ".ris"}[kind]
    for sel in selections:
        if kind == "bibtex":
            text = to_bibtex(sel.items)
        elif kind == "csljson":
            text = _json.dumps(to_csljson(sel.items), ensure_ascii=False, indent=2) + "\n"
        else:
            text = to_ris(sel.items)
        if sel.missing:
            typer.echo(f"warning: {sel.label}: {len(sel.missing)} cited key(s) have no entry and are left out: "
                       f"{', '.join(sel.missing[:10])}", err=True)
        if out_dir:
            target = _Path(out_dir) / f"{sel.label}{suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            typer.echo(f"{target}: {len(sel.items)} entries", err=True)
        elif out:
            _Path(out).write_text(text, encoding="utf-8")
            typer.echo(f"{out}: {len(sel.items)} entries", err=True)
        else:
            sys.stdout.write(text)


ChapterOption = Annotated[Optional[str], typer.Option("--chapter", help="One chapter/section (anchor, number, id or title) and its subsections.")]
PartOption = Annotated[Optional[str], typer.Option("--part", help="One part (anchor, number, id or title) and everything in it.")]
AllOption = Annotated[bool, typer.Option("--all", help="One file per chapter (see --level) into --out-dir.")]
LevelOption = Annotated[int, typer.Option(help="With --all: the heading depth that makes a file (1 chapters, 2 sections).")]
OutOption = Annotated[Optional[Path], typer.Option("-o", "--output", help="Write to FILE instead of stdout.")]
OutDirOption = Annotated[Optional[Path], typer.Option("--out-dir", help="Folder for --all.")]
KeysOption = Annotated[KeyStyle, typer.Option("--keys", help="original: the book's keys; canonical: one key per work.")]


def _export_command(kind: str, summary: str):
    """Register `kb export KIND` with the shared selection options."""

    @export_app.command(kind, help=summary)
    @user_errors
    def command(book: BookOption = None, chapter: ChapterOption = None, part: PartOption = None,
                all_: AllOption = False, level: LevelOption = 1, output: OutOption = None,
                out_dir: OutDirOption = None, keys: KeysOption = KeyStyle.original, db: DbOption = None) -> None:
        _export(kind, book, chapter, part, all_, level, output, out_dir, keys, db)

    return command


_export_command("bibtex", "BibTeX holding exactly the keys cited (whole book, one part/chapter, or one file per "
                          "chapter); every key the text uses gets its entry, so the chapter still compiles.")
_export_command("csljson", "CSL-JSON (for pandoc --citeproc and Zotero) of the keys cited.")
_export_command("ris", "RIS (for reference managers) of the keys cited.")


TaxonomyOption = Annotated[Optional[Path], typer.Option("--taxonomy", help="Taxonomy TOML file [default: the one kb ships].")]


@app.command()
@user_errors
def classify(
    taxonomy: TaxonomyOption = None,
    db: DbOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="Summary as text or JSON.")] = ReportFormat.text,
) -> None:
    """Label every work and heading with taxonomy nodes, keeping source, confidence and evidence.

    Evidence: the chapters citing a work (chapter patterns of the taxonomy), terms and
    patterns in its title, abstract and venue, its OpenAlex topics and keywords, and `kb label`
    decisions, which win. Replaces the previous labels.
    """
    from kb.graph.classify import classify as run_classify
    from kb.graph.taxonomy import load_taxonomy

    result = run_classify(_engine(db, create=False), load_taxonomy(taxonomy))
    if fmt == ReportFormat.json:
        from kb.output import write_json

        write_json(result)
    else:
        typer.echo(f"{result['labelled_works']} of {result['works']} works labelled; {result['headings']} headings; "
                   f"{result['labels']} pieces of evidence stored")


@app.command()
@user_errors
def label(
    key: Annotated[str, typer.Argument(metavar="WORK", help="A bibliography key of the book.")],
    node: Annotated[str, typer.Argument(metavar="NODE", help="A taxonomy node id, e.g. modality.image.")],
    remove: Annotated[bool, typer.Option("--remove", help="Take the label away instead.")] = False,
    book: BookOption = None,
    taxonomy: TaxonomyOption = None,
    db: DbOption = None,
) -> None:
    """Label a work by hand (or remove a label); user labels win and survive re-ingest."""
    from kb.graph.classify import classify as run_classify
    from kb.graph.classify import set_user_label
    from kb.graph.taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    engine = _engine(db, create=False)
    result = set_user_label(engine, book, key, node, tax, remove=remove)
    run_classify(engine, tax)
    typer.echo(f"{result['book']}: {key} {'without' if remove else 'labelled'} {node}")


@app.command("taxonomy")
@user_errors
def taxonomy_command(
    taxonomy: TaxonomyOption = None,
    db: DbOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
) -> None:
    """The taxonomy tree with the number of works and headings labelled with each node.

    Counts come from the last `kb classify`; JSON rows carry id, label, parent, depth, works
    and headings.
    """
    from kb.graph.classify import heading_labels_of, work_labels
    from kb.graph.taxonomy import load_taxonomy
    from kb.output import render_rows

    tax = load_taxonomy(taxonomy)
    engine = _engine(db, create=False)
    works, headings = work_labels(engine), heading_labels_of(engine)
    if not works:
        typer.echo("No labels yet: run `kb classify` first.", err=True)
    rows = []

    def visit(parent, depth):
        for node in tax.children(parent):
            rows.append({"id": node.id, "label": "  " * depth + node.label if fmt == ListFormat.table else node.label,
                         "parent": node.parent, "depth": depth,
                         "works": sum(1 for labels in works.values() if _under_node(labels, node.id, tax)),
                         "headings": sum(1 for labels in headings.values() if _under_node(labels, node.id, tax))})
            visit(node.id, depth + 1)

    visit(None, 0)
    render_rows(rows, fmt.value, ["id", "label", "works", "headings"] if fmt == ListFormat.table else None)


def _under_node(labels: dict, node_id: str, tax) -> bool:
    for n in labels:
        while n:
            if n == node_id:
                return True
            n = tax.nodes[n].parent if n in tax.nodes else None
    return False


graph_app = typer.Typer(help="The citation and topic graph: statistics, rankings, neighbours, paths, "
                             "communities, similar chapters, gaps, exports.", no_args_is_help=True)
app.add_typer(graph_app, name="graph")


def _graph(db, book, authors: bool = False, taxonomy=None):
    from kb.graph.build import build_graph
    from kb.graph.taxonomy import load_taxonomy

    return build_graph(_engine(db, create=False), book=book, authors=authors, taxonomy=load_taxonomy(taxonomy))


def _work_node(db, ref: str, book) -> str:
    from kb.errors import KbError
    from kb.read import find_works

    with _reader(db) as reader:
        found = find_works(reader, ref, book)
    if len(found) != 1:
        raise KbError(f"`{ref}` matches {len(found)} works; give a key, DOI or OpenAlex id (`kb show` helps)")
    return f"work:{found[0]}"


def _node_row(G, n: str) -> dict:
    d = G.nodes[n]
    return {"node": n, "type": d.get("type"), "label": d.get("label", ""), "year": d.get("year")}


@graph_app.command("stats")
@user_errors
def graph_stats(book: BookOption = None, db: DbOption = None,
                fmt: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.text) -> None:
    """Nodes and edges by type, the book's works and the works outside it."""
    from kb.graph.metrics import stats

    result = stats(_graph(db, book))
    if fmt == ReportFormat.json:
        from kb.output import write_json

        write_json(result)
        return
    typer.echo(f"nodes: {result['nodes']} ({', '.join(f'{k} {v}' for k, v in result['node_types'].items())})")
    typer.echo(f"edges: {result['edges']} ({', '.join(f'{k} {v}' for k, v in result['edge_types'].items())})")
    typer.echo(f"works in the books: {result['book_works']}; outside: {result['outside_works']}; "
               f"weakly connected components: {result['weakly_connected_components']}")


class RankBy(str, Enum):
    pagerank = "pagerank"
    citations = "citations"
    chapters = "chapters"
    in_degree = "in-degree"


@graph_app.command("top")
@user_errors
def graph_top(by: Annotated[RankBy, typer.Option("--by", help="Ranking.")] = RankBy.chapters,
              limit: Annotated[int, typer.Option(help="At most N rows.")] = 20,
              book: BookOption = None, db: DbOption = None,
              fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """The most central works: by PageRank or in-degree on references (needs `kb enrich`),
    by citation occurrences, or by the number of chapters/sections citing them."""
    from kb.graph import metrics
    from kb.output import render_rows

    G = _graph(db, book)
    if by in (RankBy.pagerank, RankBy.in_degree) and not any(t == "references" for _, _, t in G.edges(data="type")):
        typer.echo(f"Ranking by {by.value} needs references between works: run `kb enrich` first.", err=True)
        raise typer.Exit(1)
    if by == RankBy.pagerank:
        scores = metrics.pagerank(G)
    elif by == RankBy.in_degree:
        scores = metrics.in_degree(G)
    elif by == RankBy.chapters:
        scores = metrics.in_book_citation_count(G)
    else:
        scores = {}
        for _, v, d in G.edges(data=True):
            if d.get("type") == "cites":
                scores[v] = scores.get(v, 0) + d.get("weight", 1)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    rows = [{**_node_row(G, n), "score": round(v, 6) if isinstance(v, float) else v} for n, v in ranked if v]
    if not rows:
        typer.echo("Nothing to rank.", err=True)
        raise typer.Exit(1)
    render_rows(rows, fmt.value, ["label", "year", "score"] if fmt == ListFormat.table else None)


@graph_app.command("neighbors")
@user_errors
def graph_neighbors(work: Annotated[str, typer.Argument(metavar="WORK", help="Key, DOI, arXiv/OpenAlex id or title words.")],
                    book: BookOption = None, db: DbOption = None,
                    fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """Everything linked to a work: the headings citing or mentioning it, the works it references
    and that reference it, its labels and topics."""
    from kb.output import render_rows

    G = _graph(db, book)
    node = _work_node(db, work, book)
    if node not in G:
        raise KbError(f"`{work}` is not in this book's graph")
    rows = [{"direction": "out", "edge": d.get("type"), **_node_row(G, v)} for _, v, d in G.out_edges(node, data=True)]
    rows += [{"direction": "in", "edge": d.get("type"), **_node_row(G, u)} for u, _, d in G.in_edges(node, data=True)]
    render_rows(rows, fmt.value, ["direction", "edge", "type", "label", "year"])


@graph_app.command("path")
@user_errors
def graph_path(a: Annotated[str, typer.Argument(metavar="A")], b: Annotated[str, typer.Argument(metavar="B")],
               book: BookOption = None, db: DbOption = None,
               fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """The shortest chain linking two works (through chapters, citations, references and labels)."""
    import networkx as nx

    from kb.output import render_rows

    G = _graph(db, book)
    source, target = _work_node(db, a, book), _work_node(db, b, book)
    try:
        path = nx.shortest_path(G.to_undirected(as_view=True), source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        typer.echo("No path links them.", err=True)
        raise typer.Exit(1) from None
    render_rows([{"step": i, **_node_row(G, n)} for i, n in enumerate(path)], fmt.value, ["step", "type", "label", "year"])


@graph_app.command("communities")
@user_errors
def graph_communities(seed: Annotated[int, typer.Option(help="Random seed (Louvain).")] = 42,
                      book: BookOption = None, db: DbOption = None,
                      fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """Louvain communities of the book's works over references and co-citation (seeded)."""
    from kb.graph import metrics
    from kb.output import render_rows

    G = _graph(db, book)
    chapters = metrics.in_book_citation_count(G)
    rows = []
    for i, members in enumerate(metrics.communities(G, seed=seed), start=1):
        top = sorted(members, key=lambda n: (-chapters.get(n, 0), n))[:3]
        rows.append({"community": i, "size": len(members),
                     "works": [G.nodes[n].get("label", n) for n in top] if fmt != ListFormat.json else sorted(members)})
    render_rows(rows, fmt.value)


@graph_app.command("similar-chapters")
@user_errors
def graph_similar_chapters(depth: Annotated[int, typer.Option(help="Heading depth compared (1 chapters, 2 sections).")] = 1,
                           limit: Annotated[int, typer.Option(help="At most N pairs.")] = 20,
                           book: BookOption = None, db: DbOption = None,
                           fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """Pairs of chapters citing the same works (Jaccard) and whose works share references."""
    from kb.graph.metrics import chapter_similarity
    from kb.output import render_rows

    G = _graph(db, book)
    rows = [{"a": G.nodes[a].get("label"), "b": G.nodes[b].get("label"), "shared_works": j, "coupling": c}
            for a, b, j, c in chapter_similarity(G, depth)[:limit]]
    render_rows(rows, fmt.value)


@graph_app.command("gaps")
@user_errors
def graph_gaps(chapter: Annotated[Optional[str], typer.Option(help="Missing prior work of one chapter (its node id, e.g. heading:12, or anchor).")] = None,
               limit: Annotated[int, typer.Option(help="At most N rows.")] = 20,
               book: BookOption = None, db: DbOption = None,
               fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """Works referenced by many of the book's works but cited by none of its chapters (needs `kb enrich`)."""
    from kb.graph import metrics
    from kb.output import render_rows

    G = _graph(db, book)
    if chapter:
        node = f"heading:{_heading_id(db, chapter, book)}"
        if node not in G:
            raise KbError(f"no chapter `{chapter}` in this book's graph")
        rows = metrics.missing_prior_work(G, depth=G.nodes[node].get("depth", 1)).get(node, [])[:limit]
    else:
        rows = metrics.gaps(G, limit)
    if not rows:
        typer.echo("No gaps found (gaps need references: run `kb enrich`).", err=True)
        raise typer.Exit(1)
    render_rows(rows, fmt.value, ["title", "year", "referenced_by"] if fmt == ListFormat.table and not chapter
                else (["title", "referenced_by"] if fmt == ListFormat.table else None))


@graph_app.command("timeline")
@user_errors
def graph_timeline(node: Annotated[str, typer.Option(help="Taxonomy node (and the nodes below it), e.g. modality.")] = "modality",
                   book: BookOption = None, db: DbOption = None,
                   fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """Works per year for each taxonomy node (after `kb classify`): how the literature grew."""
    from kb.graph.metrics import timeline
    from kb.output import render_rows

    G = _graph(db, book)
    series = timeline(G, node)
    if not series:
        typer.echo(f"No labelled works under `{node}` (run `kb classify`).", err=True)
        raise typer.Exit(1)
    rows = [{"node": n.removeprefix("taxonomy:"), "year": year, "works": count}
            for n, years in series.items() for year, count in years.items()]
    render_rows(rows, fmt.value)


class GraphFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"


@graph_app.command("export")
@user_errors
def graph_export(output: Annotated[Path, typer.Option("-o", "--output", help="File to write (CSV: FILE.nodes.csv and FILE.edges.csv).")],
                 fmt: Annotated[GraphFormat, typer.Option("--format", help="File format.")] = GraphFormat.graphml,
                 chapter: Annotated[Optional[str], typer.Option(help="Only this heading's part of the graph (anchor, number or node id).")] = None,
                 node_types: Annotated[Optional[str], typer.Option("--node-types", help="Comma-separated node types to keep.")] = None,
                 authors: Annotated[bool, typer.Option("--authors", help="Add author nodes (from OpenAlex).")] = False,
                 book: BookOption = None, db: DbOption = None) -> None:
    """Write the graph for Gephi, Cytoscape or scripts, with titles, years and labels as attributes."""
    from kb.graph.export import subgraph_for, write_graph

    G = _graph(db, book, authors=authors)
    if chapter:
        node = f"heading:{_heading_id(db, chapter, book)}"
        if node not in G:
            raise KbError(f"no chapter `{chapter}` in this book's graph")
        G = subgraph_for(G, node)
    if node_types:
        from kb.graph.build import NODE_TYPES

        keep = {t.strip() for t in node_types.split(",")}
        unknown = keep - set(NODE_TYPES)
        if unknown:
            raise KbError(f"unknown node type(s) {', '.join(sorted(unknown))}; use {', '.join(NODE_TYPES)}")
        G = G.subgraph([n for n, t in G.nodes(data="type") if t in keep]).copy()
    for written in write_graph(G, fmt.value, output):
        typer.echo(f"{written}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges", err=True)


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
