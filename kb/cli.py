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
    from kb.db import database_url, make_engine

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
                            extra_bibliography=[str(b) for b in bib or []], progress=step)
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
                  ("input errors", "input_errors"), ("warnings", "warnings")]
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


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
