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

from kb.errors import CONTENT_ERROR_CODES, KbError, UsageError

app = typer.Typer(
    name="kb",
    help="A literature knowledge base and citation graph built from a book's chapters.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from kb import __version__

        typer.echo(f"kb {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    db: Annotated[Optional[str], typer.Option("--db", help="Knowledge base for the command that follows "
                                              "(the same as the command's own --db).", show_default=False)] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print kb's version and exit.")] = False,
) -> None:
    """A literature knowledge base and citation graph built from a book's chapters."""
    if db:  # `kb --db X books` as well as `kb books --db X`: the command's --db reads $KB_DATABASE_URL
        import os

        before = os.environ.get("KB_DATABASE_URL")
        os.environ["KB_DATABASE_URL"] = db

        def restore() -> None:
            if before is None:
                os.environ.pop("KB_DATABASE_URL", None)
            else:
                os.environ["KB_DATABASE_URL"] = before

        ctx.call_on_close(restore)

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", envvar="KB_DATABASE_URL", show_envvar=True,
                 help="SQLAlchemy URL or SQLite file of the knowledge base [default: data/papers.sqlite]."),
]
BookOption = Annotated[Optional[str], typer.Option("--book", help="Book name (needed when the knowledge base holds several).")]
# OpenAlex settings, shared by every command that sends requests
WorkersOption = Annotated[int, typer.Option("--workers", help="Requests in flight at once.")]
RateOption = Annotated[Optional[float], typer.Option("--rate", help="Requests per second, all workers together, to start "
                                                     "with [default: OpenAlex's documented 100/s]; a 429 halves it "
                                                     "for a while.")]
ApiKeyOption = Annotated[Optional[str], typer.Option("--api-key", envvar="KB_OPENALEX_API_KEY", show_default=False,
                                                     help="OpenAlex API key (sent as a header, never stored).")]
EmailOption = Annotated[Optional[str], typer.Option("--email", envvar="KB_OPENALEX_EMAIL", show_default=False,
                                                    help="Contact e-mail for OpenAlex (sent as a header, never stored).")]
OpenAlexUrlOption = Annotated[Optional[str], typer.Option("--openalex-url", envvar="KB_OPENALEX_URL",
                                                          help="OpenAlex base URL [default: https://api.openalex.org].")]
TimeoutOption = Annotated[float, typer.Option("--timeout", help="Seconds to wait for one response.")]


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
    latex = "latex"


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _openalex_run(label: str, command: str, run, format_report):
    """Run an OpenAlex job with a progress bar on a terminal. Ctrl-C says what was kept; an error carrying the
    job's report (a spent budget, a refused key, a run of failures) prints that report before the error."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = _stderr()
    bar = Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), console=console,
                   transient=True, disable=not console.is_terminal)
    try:
        with bar:
            task = bar.add_task(label, total=None)
            return run(lambda what, done, total: bar.update(task, description=what, completed=done, total=total))
    except KeyboardInterrupt:
        typer.echo(f"Interrupted: every answer received so far is saved and applied; run `{command}` again to "
                   "resume.", err=True)
        raise typer.Exit(130) from None
    except KbError as exc:
        if getattr(exc, "report", None) is not None:
            typer.echo(format_report(exc.report.as_dict(), False))
        raise


def user_errors(func):
    """Turn a `KbError` into one `Error: ...` line on stderr and exit 1 (2 for usage)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from kb.errors import UsageError, explain

        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - user errors become one line; a bug keeps its traceback
            error = explain(exc, where=_database_name(kwargs.get("db")))
            if error is None:
                raise
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(2 if isinstance(error, UsageError) else 1) from None
        finally:
            if "kb.db" in sys.modules:  # close the command's connections (SQLite checkpoints its WAL)
                sys.modules["kb.db"].dispose_engines()

    return wrapper


def _database_name(db: str | None) -> str:
    """The knowledge base --db names, for messages (no password)."""
    from kb.api.handle import safe_url
    from kb.config import database_url

    return safe_url(database_url(db)).removeprefix("sqlite:///")


def _engine(db: str | None, *, create: bool):
    from kb.config import database_url
    from kb.db import make_engine

    return make_engine(database_url(db), create=create)


def _kb(db: str | None):
    """The read handle (kb.api) on --db."""
    from kb.api import open_kb

    return open_kb(db)


def _print_problems(problems, limit: int = 30) -> None:
    """One line per distinct problem; the same message at several places is printed once, with a count."""
    from rich.text import Text

    console = _stderr()
    grouped: dict[tuple[str, str], list] = {}
    for p in problems:
        grouped.setdefault((p.severity, p.message), []).append(p)
    for (severity, message), same in list(grouped.items())[:limit]:
        line = Text(severity, style="red" if severity == "error" else "yellow")
        line.append(f" {same[0].location + ': ' if same[0].location else ''}{message}")
        if len(same) > 1:
            others = ", ".join(p.location for p in same[1:4] if p.location)
            line.append(f" ({len(same)} times; also {others}{', ...' if len(same) > 4 else ''})")
        console.print(line, soft_wrap=True)
    if len(grouped) > limit:
        console.print(f"... and {len(grouped) - limit} more; `kb check` lists them all")


@app.command()
@user_errors
def ingest(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="Book folder (bookdown, Quarto, LaTeX), Markdown "
                                         "file/folder, or a LaTeX main file.")],
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
    Markdown, a LaTeX book (a .tex main file, or a folder holding one: its \\input,
    \\include, \\subfile and \\import tree, natbib and biblatex citations, and the .bib files
    of \\bibliography/\\addbibresource), or a rendered manuscript (a book turned into Markdown
    or text, with author-year citations and a Bibliography section). Re-ingesting a book replaces its rows in one transaction. Exits 1 when part
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
                  ("cited works", "cited_works"), ("bibliography entries", "entries"),
                  ("works the entries name", "entry_works"),
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
    files. Exits 1 when any problem is an error (broken keys, malformed entries, missing
    chapter files, binary files, unreadable front matter); warnings (a declared .bib that
    does not exist, such as bookdown's generated packages.bib, keys differing only in case)
    never change the exit code. A book's own CI can run it.
    """
    from kb.api import KnowledgeBase
    from kb.api.check import check_report
    from kb.render import format_check_text

    if path is not None:
        from kb.db import make_engine
        from kb.ingest.pipeline import ingest as run_ingest

        engine = make_engine("sqlite://")
        book = run_ingest(engine, path, fmt=source_format.value if source_format else None).name
        kb = KnowledgeBase(engine=engine)
    else:
        kb = _kb(db)
    report = check_report(kb, book)
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
    from kb.api.compare import compare_books
    from kb.render import format_compare_text

    result = compare_books(_kb(db), book_a, book_b)
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
    """List the books in the knowledge base with their counts: chapters, citations (occurrences in the text),
    cited works (keys naming one work merged), bibliography entries (cited or not) and broken keys."""
    from kb.api import list_books
    from kb.output import render_rows

    rows = list_books(_kb(db))
    if not rows:
        raise KbError("the knowledge base holds no book yet; run `kb ingest PATH` first")
    columns = ["name", "title", "format", "chapters", "citations", "cited_works", "entries", "broken_keys"] \
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
    from kb.api import overview as books_overview
    from kb.output import render_rows, write_json

    if depth < 0:
        raise UsageError("--depth must be 0 (parts) or more")
    data = books_overview(_kb(db), book, max_depth=depth)
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
                 f"{c['citations']} citations of {c['cited_keys']} keys naming {c['cited_works']} cited works, "
                 f"{c['entries']} bibliography entries, {c['broken_keys']} broken keys")
        rows = [{**h, "title": "  " * max(h["level"] - 1, 0) + " ".join(filter(None, [h["number"], h["title"]]))}
                for h in b["headings"]]
        render_rows(rows, "table", ["id", "title", "citations", "works"], title=title)


@app.command()
@user_errors
def enrich(
    book: BookOption = None,
    db: DbOption = None,
    workers: WorkersOption = 4,
    rate: RateOption = None,
    expand: Annotated[bool, typer.Option("--expand", help="Also fetch the works the book's works reference.")] = False,
    refresh: Annotated[bool, typer.Option("--refresh", help="Ask OpenAlex again even where the cache has an answer.")] = False,
    older_than: Annotated[Optional[float], typer.Option("--older-than", metavar="DAYS", help="Refresh cached answers older than DAYS.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the planned requests and their cost; send none.")] = False,
    offline: Annotated[bool, typer.Option("--offline", help="Rebuild matches and enriched rows from the cache only.")] = False,
    api_key: ApiKeyOption = None,
    email: EmailOption = None,
    openalex_url: OpenAlexUrlOption = None,
    timeout: TimeoutOption = 30.0,
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
    from kb.ingest.enrich import EnrichOptions
    from kb.ingest.enrich import enrich as run_enrich
    from kb.ingest.openalex import OpenAlexConfig

    if older_than is not None and older_than < 0:
        raise UsageError("--older-than must be 0 days or more")

    config = OpenAlexConfig.from_env(base_url=openalex_url, api_key=api_key, email=email, workers=workers, rate=rate,
                                     timeout=timeout)
    config.check()  # --workers, --rate, --timeout: usage errors before anything is opened
    options = EnrichOptions(book=book, refresh=refresh, older_than_days=older_than, expand=expand, dry_run=dry_run,
                            offline=offline)
    from kb.render import format_enrich_text

    console = _stderr()
    report = _openalex_run("enriching", "kb enrich", lambda progress: run_enrich(
        _engine(db, create=False), options, config, progress=progress), format_enrich_text)
    data = report.as_dict()
    if fmt == ReportFormat.json:
        from kb.output import write_json

        write_json(data)
    else:
        typer.echo(format_enrich_text(data, dry_run))
    for failure in report.failures[:20]:
        console.print(f"[red]error[/red] {failure}", highlight=False)
    if report.failed and not report.failures:
        console.print(f"[red]error[/red] {report.failed} work(s) not looked up yet (a request failed or a run "
                      "stopped); run `kb enrich` again", highlight=False)
    if report.failures or report.failed:
        raise typer.Exit(1)


@app.command("new")
@user_errors
def new(
    book: BookOption = None,
    chapter: Annotated[Optional[str], typer.Option("--chapter", help="Only this chapter or section (number, "
                                                   "identifier or title words).")] = None,
    since: Annotated[Optional[int], typer.Option("--since", metavar="YEAR", help="Works published after YEAR "
                                                 "[default: the year of the newest work the book cites].")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Newer works listed per chapter (0: all).")] = 10,
    related: Annotated[int, typer.Option("--related", help="Related works the book does not cite, per chapter.")] = 5,
    pages: Annotated[int, typer.Option("--pages", help="Pages of 200 citing works (the most cited first) per 100 "
                                       "of the book's works; bounds the cost.")] = 1,
    refresh: Annotated[bool, typer.Option("--refresh", help="Ask OpenAlex again even where the cache has an answer.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the planned requests and their cost; send none.")] = False,
    offline: Annotated[bool, typer.Option("--offline", help="Show what the cache holds; send nothing.")] = False,
    db: DbOption = None,
    workers: WorkersOption = 4,
    rate: RateOption = None,
    api_key: ApiKeyOption = None,
    email: EmailOption = None,
    openalex_url: OpenAlexUrlOption = None,
    timeout: TimeoutOption = 30.0,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
    bibtex: Annotated[Optional[Path], typer.Option("--bibtex", metavar="FILE", help="Also write the listed newer "
                                                   "works as BibTeX: a reading list for the next edition.")] = None,
) -> None:
    """Since the book: per chapter, the works published after it that cite what the chapter cites.

    Needs `kb enrich` first (the book's works' OpenAlex ids). One request per 100 of the book's works
    asks OpenAlex for the works citing them after SINCE, the most cited first (`--pages` bounds the
    paging); answers are cached, so a re-run sends nothing. Each chapter lists its newer works by
    score = works of the chapter cited + 0.12 x log10(1 + citations) (at most 0.6) + 0.06 per year
    after SINCE (at most 0.3), with the keys each cites, and the works OpenAlex lists most often as
    related to the chapter's works that the book does not cite.
    """
    from kb.api import open_kb
    from kb.api.since import newer_works
    from kb.ingest.openalex import OpenAlexConfig
    from kb.ingest.since import SinceOptions, since_book
    from kb.render import format_since_text

    if limit < 0 or related < 0:
        raise UsageError("--limit and --related must be 0 or more")
    config = OpenAlexConfig.from_env(base_url=openalex_url, api_key=api_key, email=email, workers=workers, rate=rate,
                                     timeout=timeout)
    config.check()
    options = SinceOptions(book=book, since=since, pages=pages, related=related, refresh=refresh, dry_run=dry_run,
                           offline=offline)
    report = _openalex_run("works citing the book", "kb new", lambda progress: since_book(
        _engine(db, create=False), options, config, progress=progress), format_since_text)
    if dry_run:
        typer.echo(format_since_text(report.as_dict(), True))
        return
    console = _stderr()
    if report.failures and not report.newer:
        raise KbError(f"OpenAlex could not be reached ({report.failures[0]}); run `kb new` again when online, or "
                      "pass --offline to show what the cache holds")
    with open_kb(db) as kb:
        data = newer_works(kb, book, chapter, limit, related)
        if bibtex is not None:
            from kb.api.exports import reading_list

            text = reading_list(kb, "bibtex", book, chapter, limit)
            try:
                bibtex.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise KbError(f"cannot write {bibtex}: {exc.strerror}; choose another --bibtex FILE") from None
            console.print(f"wrote {sum(line.startswith('@') for line in text.splitlines())} newer works to {bibtex}", highlight=False)
    if fmt == ListFormat.json:
        from kb.output import write_json

        write_json(data)
    elif fmt in (ListFormat.csv, ListFormat.tsv):
        from kb.output import render_rows

        render_rows([{"chapter": c["chapter"], "rank": i, **{k: w[k] for k in NEWER_FIELDS}}
                     for c in data["chapters"] for i, w in enumerate(c["newer"], 1)], fmt.value,
                    ["chapter", "rank", *NEWER_FIELDS])
    else:
        typer.echo(format_since_text({**report.as_dict(), "result": data}, False))
    for failure in report.failures[:20]:
        console.print(f"[red]error[/red] {failure}", highlight=False)
    if report.failures:
        raise typer.Exit(1)


NEWER_FIELDS = ["score", "year", "citations", "cites", "title", "openalex_id", "doi", "cites_keys"]


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
    from kb.ingest.enrich import pin

    if none == (openalex_id is not None):
        raise UsageError("give either an OPENALEX_ID or --none")
    result = pin(_engine(db, create=False), book, key, None if none else openalex_id)
    target = result["openalex_id"] or "no OpenAlex work"
    typer.echo(f"{result['book']}: {key} -> {target}; run `kb enrich` to apply")


@app.command()
@user_errors
def upgrade(db: DbOption = None) -> None:
    """Bring a knowledge base written by an older kb up to date in place, keeping every row.

    Runs the schema migrations (Alembic) in one transaction: the OpenAlex response cache, pins,
    labels and books are kept, and an interrupted upgrade leaves the knowledge base as it was.
    `kb ingest`, `kb enrich`, `kb new`, `kb classify`, `kb label` and `kb resolve` upgrade on their own;
    the read-only commands and the dashboard ask for this command instead.
    """
    from kb.config import database_url
    from kb.db import init_db
    from kb.schema import SCHEMA_VERSION

    before = init_db(_engine(db, create=False))
    name = database_url(db).removeprefix("sqlite:///")
    if before is None:
        typer.echo(f"{name}: up to date (schema {SCHEMA_VERSION})", err=True)
    else:
        typer.echo(f"{name}: upgraded from schema {before} to {SCHEMA_VERSION}, every row kept", err=True)


def _short_keys(keys: list[str]) -> str:
    return keys[0] + (f" (+{len(keys) - 1})" if len(keys) > 1 else "") if keys else ""


class SortBy(str, Enum):
    title = "title"
    year = "year"
    citations = "citations"
    chapters = "chapters"


def _short_keys(keys: list[str]) -> str:
    return keys[0] + (f" (+{len(keys) - 1})" if len(keys) > 1 else "") if keys else ""




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
    limit: Annotated[Optional[int], typer.Option(help="At most N rows (0: all).")] = None,
    db: DbOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
) -> None:
    """List the cited works with their keys, identifiers and counts (alias: kb papers).

    `chapters` counts the chapter-level headings (depth 1-2) that cite a work, `citations`
    its citation occurrences. JSON rows carry id, keys, title, year, venue, doi, arxiv,
    openalex_id, chapters, citations and openalex_status. Exits 1 when nothing matches.
    """
    from kb.api import list_works, parse_years
    from kb.output import render_rows

    taxonomy = None
    if label:
        from kb.graph.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    with _kb(db) as kb:
        rows = list_works(kb, book=book, chapter=chapter, label=label, years=parse_years(year), venue=venue,
                          min_chapters=min_chapters, unresolved=unresolved, sort=sort.value, limit=limit,
                          taxonomy=taxonomy)
    if not rows:
        typer.echo("No works match.", err=True)
        raise typer.Exit(1)
    if fmt == ListFormat.table:
        rows = [{**r, "keys": _short_keys(r["keys"])} for r in rows]
        render_rows(rows, "table", ["keys", "title", "year", "chapters", "citations"])
    else:
        from kb.api.works import WORK_FIELDS

        render_rows(rows, fmt.value, WORK_FIELDS)


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
    from kb.api import find_works, work_detail, work_summaries

    with _kb(db) as kb:
        found = find_works(kb, ref, book)
        if not found:
            raise KbError(f"no work matches `{ref}`; try `kb search {ref}`")
        if len(found) > 1:
            candidates = work_summaries(kb, found)
            typer.echo(f"`{ref}` matches {len(found)} works; be more specific:", err=True)
            if fmt == ReportFormat.json:  # the candidates, for scripts
                from kb.output import write_json

                write_json({"ambiguous": ref, "candidates": candidates})
            else:
                for w in candidates[:20]:
                    typer.echo(f"  {', '.join(w['keys'][:3])}: {w['title']} ({w['year']})", err=True)
            raise typer.Exit(1)
        detail = work_detail(kb, found[0], _taxonomy_or_none())
    if fmt == ReportFormat.json:
        from kb.output import write_json

        write_json(detail)
    else:
        from kb.render import format_work_text

        typer.echo(format_work_text(detail))


def _taxonomy_or_none():
    """The default taxonomy, for node labels (None if its file cannot be read)."""
    from kb.graph.taxonomy import load_taxonomy

    try:
        return load_taxonomy()
    except KbError:
        return None


@app.command()
@user_errors
def search(
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Words; FTS syntax (\"phrases\", OR, prefix*) welcome.")],
    book: BookOption = None,
    limit: Annotated[int, typer.Option(help="At most N results (0: all).")] = 20,
    db: DbOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
) -> None:
    """Full-text search over titles, abstracts, authors, venues and keys, best first.

    On SQLite this uses the FTS5 index (bm25 ranking, snippets with [matches]); a query that
    is not valid FTS syntax is searched as plain words. Exits 1 when nothing is found.
    """
    from kb.api import search as run_search
    from kb.output import render_rows

    with _kb(db) as kb:
        rows = run_search(kb, query, limit=limit, book=book)
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

    JSON rows carry id (the anchor, else pandoc's automatic identifier: what `kb chapter`
    takes), number, title, level, kind, authors, citations and works.
    """
    from kb.api import headings
    from kb.output import render_rows

    if depth < 0:
        raise UsageError("--depth must be 0 (parts) or more")
    _, data = headings(_kb(db), book, max_depth=depth)
    if not data:
        typer.echo("No headings.", err=True)
        raise typer.Exit(1)
    columns = ["id", "number", "title", "citations", "works"] if fmt == ListFormat.table else \
        ["id", "number", "title", "level", "kind", "authors", "citations", "works"]
    render_rows(data, fmt.value, columns)


@app.command()
@user_errors
def chapter(
    ref: Annotated[str, typer.Argument(metavar="ID", help="Number (2.1), anchor, source file or title words of a chapter or section.")],
    book: BookOption = None,
    db: DbOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
) -> None:
    """The works one chapter or section cites (with its subsections), most cited first."""
    from kb.api import chapter_works
    from kb.output import render_rows

    with _kb(db) as kb:
        heading, rows = chapter_works(kb, ref, book)
    if fmt == ListFormat.table:
        _stderr().print(f"{heading.label} [{heading.book}: {heading.public_id}] ({heading.file}:{heading.line})",
                        highlight=False, markup=False)
    if not rows:
        typer.echo("No works cited here.", err=True)
        raise typer.Exit(1)
    if fmt == ListFormat.table:
        rows = [{**r, "keys": _short_keys(r["keys"])} for r in rows]
        render_rows(rows, "table", ["keys", "title", "year", "citations"])
    else:
        from kb.api.works import WORK_FIELDS

        render_rows(rows, fmt.value, WORK_FIELDS)


export_app = typer.Typer(help="Export what a book, part or chapter cites: BibTeX, CSL-JSON, RIS.",
                         no_args_is_help=True)
app.add_typer(export_app, name="export")


class KeyStyle(str, Enum):
    original = "original"
    canonical = "canonical"


class Encoding(str, Enum):
    latex = "latex"
    utf8 = "utf8"


def _export(kind: str, book, chapter, part, all_, level, out, out_dir, keys, db, encoding=None,
            key_map_file=None) -> None:
    from kb.api.exports import export_files, key_map, write_files, write_key_map

    if all_ and not out_dir:
        raise UsageError("--all writes one file per chapter: pass --out-dir DIR")
    if out and out_dir:
        raise UsageError("choose one of -o and --out-dir")
    if not all_ and level != 1:
        raise UsageError("--level chooses the files of --all; add --all")
    kb = _kb(db)
    files = export_files(kb, kind, book=book, chapter=chapter, part=part, every=all_, level=level,
                         keys=keys.value, encoding=(encoding or Encoding.latex).value)
    for f in files:
        if f.missing:
            typer.echo(f"warning: {f.name}: {len(f.missing)} cited key(s) have no entry and are left out: "
                       f"{', '.join(f.missing[:10])}", err=True)
        if f.unencodable:
            typer.echo(f"warning: {f.name}: no LaTeX form for {f.unencodable!r}, left as UTF-8 "
                       "(use --encoding utf8 with biber, or a Unicode engine)", err=True)
    if key_map_file:
        rows = write_key_map(key_map(kb, files[0].book), key_map_file)
        typer.echo(f"{key_map_file}: {rows} keys", err=True)
    if out_dir:
        for path, f in zip(write_files(files, out_dir=out_dir), files, strict=True):
            typer.echo(f"{path}: {f.entries} entries", err=True)
    elif out:
        (path,) = write_files(files, out=out)
        typer.echo(f"{path}: {sum(f.entries for f in files)} entries", err=True)
    else:
        for f in files:
            sys.stdout.write(f.text)


ChapterOption = Annotated[Optional[str], typer.Option("--chapter", help="One chapter/section (number, anchor, file or title) and its subsections.")]
PartOption = Annotated[Optional[str], typer.Option("--part", help="One part (number, anchor, file or title) and everything in it.")]
AllOption = Annotated[bool, typer.Option("--all", help="One file per heading at --level into --out-dir; text before a heading's first subheading gets its own file, so every citation lands in exactly one file.")]
LevelOption = Annotated[int, typer.Option(help="With --all: the heading depth that makes a file (0 parts, 1 chapters, 2 sections).")]
OutOption = Annotated[Optional[Path], typer.Option("-o", "--output", help="Write to FILE instead of stdout.")]
OutDirOption = Annotated[Optional[Path], typer.Option("--out-dir", help="Folder for --all.")]
KeysOption = Annotated[KeyStyle, typer.Option("--keys", help="original: the keys the text uses; canonical: one key per work, the others listed in `ids` (biblatex aliases).")]
EncodingOption = Annotated[Encoding, typer.Option("--encoding", help="latex: every non-ASCII character as a LaTeX macro (bibtex, pdflatex); utf8: UTF-8 (biber).")]
KeyMapOption = Annotated[Optional[Path], typer.Option("--key-map", help="Also write every key of the text with its canonical key (CSV, or TSV for .tsv) to rewrite the text.")]


def _export_command(kind: str, summary: str):
    """Register `kb export KIND` with the shared selection options."""

    if kind == "bibtex":
        @export_app.command(kind, help=summary)
        @user_errors
        def command(book: BookOption = None, chapter: ChapterOption = None, part: PartOption = None,
                    all_: AllOption = False, level: LevelOption = 1, output: OutOption = None,
                    out_dir: OutDirOption = None, keys: KeysOption = KeyStyle.original,
                    encoding: EncodingOption = Encoding.latex, key_map_file: KeyMapOption = None,
                    db: DbOption = None) -> None:
            _export(kind, book, chapter, part, all_, level, output, out_dir, keys, db, encoding, key_map_file)
    else:
        @export_app.command(kind, help=summary)
        @user_errors
        def command(book: BookOption = None, chapter: ChapterOption = None, part: PartOption = None,
                    all_: AllOption = False, level: LevelOption = 1, output: OutOption = None,
                    out_dir: OutDirOption = None, keys: KeysOption = KeyStyle.original, db: DbOption = None) -> None:
            _export(kind, book, chapter, part, all_, level, output, out_dir, keys, db)

    return command


_export_command("bibtex", "BibTeX holding exactly the keys cited (whole book, one part/chapter, or one file per "
                          "chapter); every key the text uses gets its entry, so the chapter still compiles. "
                          "Fields keep the source's LaTeX; completed fields come only from data of the same meaning.")
_export_command("csljson", "CSL-JSON (for pandoc --citeproc and Zotero) of the keys cited.")
_export_command("ris", "RIS (for reference managers) of the keys cited.")


TaxonomyOption = Annotated[Optional[Path], typer.Option("--taxonomy", help="Taxonomy TOML file [default: the one kb ships].")]


@app.command()
@user_errors
def classify(
    taxonomy: TaxonomyOption = None,
    names: Annotated[Optional[list[Path]], typer.Option("--names", help="A names file ([[name]] names, kind, nodes) "
                                                        "added to the names kb ships; repeatable.")] = None,
    db: DbOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="Summary as text or JSON.")] = ReportFormat.text,
) -> None:
    """Label every work and heading with taxonomy nodes, keeping source, confidence and evidence.

    Evidence: the taxonomy's terms and patterns in a work's title, the bibliography's abstract and
    keywords, and OpenAlex's abstract, topics and keywords; model, method and dataset names
    (names.toml) in its title and right before its citations; the book's sentences around its
    citations; the chapters citing it (weak: never enough alone); and `kb label` decisions, which
    win. A label is accepted (shown by default) at a combined confidence of 0.5. Replaces the
    previous labels.
    """
    from kb.graph.classify import classify as run_classify
    from kb.graph.taxonomy import load_taxonomy

    result = run_classify(_engine(db, create=False), load_taxonomy(taxonomy, names or []))
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
    from kb.api import taxonomy_counts
    from kb.api.labels import has_labels
    from kb.graph.taxonomy import load_taxonomy
    from kb.output import render_rows

    tax = load_taxonomy(taxonomy)
    kb = _kb(db)
    rows = taxonomy_counts(kb, tax)
    if not has_labels(kb):
        typer.echo("No labels yet: run `kb classify` first.", err=True)
    if fmt == ListFormat.table:
        rows = [{**r, "label": "  " * r["depth"] + r["label"]} for r in rows]
    render_rows(rows, fmt.value, ["id", "label", "works", "headings"] if fmt == ListFormat.table else None)


graph_app = typer.Typer(help="The citation and topic graph: statistics, rankings, neighbours, paths, "
                             "communities, similar chapters, gaps, exports.", no_args_is_help=True)
app.add_typer(graph_app, name="graph")


@graph_app.command("stats")
@user_errors
def graph_stats(book: BookOption = None, db: DbOption = None,
                fmt: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.text) -> None:
    """Nodes and edges by type, the book's works and the works outside it."""
    from kb.api.graph import stats

    result = stats(_kb(db), book)
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
    from kb.api.graph import rank
    from kb.output import render_rows

    rows = rank(_kb(db), by.value, limit, book)
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
    from kb.api.graph import neighbors
    from kb.output import render_rows

    render_rows(neighbors(_kb(db), work, book), fmt.value, ["direction", "edge", "type", "label", "year"])


@graph_app.command("neighbourhood")
@user_errors
def graph_neighbourhood(
    work: Annotated[str, typer.Argument(metavar="WORK", help="Key, DOI, arXiv/OpenAlex id or title words.")],
    limit: Annotated[int, typer.Option(help="At most N works per relation (0: all).")] = 20,
    book: BookOption = None, db: DbOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
) -> None:
    """A work's neighbourhood, as the dashboard's Neighbourhood page shows it: the works it references
    (prior), the works citing it (derivative, newer ones after `kb new`), and the works most like it by
    co-citation, bibliographic coupling and the words of their titles, abstracts and citing sentences
    (similar: the three cosines add up to at least 0.1). Before `kb enrich` only similarity is known."""
    from kb.api import find_work
    from kb.api.neighbourhood import neighbourhood
    from kb.output import render_rows

    kb = _kb(db)
    found = neighbourhood(kb, find_work(kb, work, book), book, limit=limit)
    centre = found["work"]
    typer.echo(f"{centre['title']} ({centre['year'] or 'n.d.'}), cited {centre['citations']} times in "
               f"{len(centre['chapters'])} chapters", err=True)
    if not found["enriched"]:
        typer.echo("Not enriched: prior and derivative works come from `kb enrich`; similarity only.", err=True)
    render_rows(found["rows"], fmt.value, ["relation", "title", "year", "score", "why", "chapters"] if fmt == ListFormat.table
                else ["relation", "id", "keys", "title", "year", "score", "why", "chapters", "citations", "origin",
                      "doi", "openalex_id"])


@graph_app.command("path")
@user_errors
def graph_path(a: Annotated[str, typer.Argument(metavar="A")], b: Annotated[str, typer.Argument(metavar="B")],
               book: BookOption = None, db: DbOption = None,
               fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """The shortest chain linking two works (through chapters, citations, references and labels)."""
    from kb.api.graph import path
    from kb.output import render_rows

    rows = path(_kb(db), a, b, book)
    if not rows:
        typer.echo("No path links them.", err=True)
        raise typer.Exit(1)
    render_rows(rows, fmt.value, ["step", "type", "label", "year"])


@graph_app.command("communities")
@user_errors
def graph_communities(seed: Annotated[int, typer.Option(help="Random seed (Louvain).")] = 42,
                      book: BookOption = None, db: DbOption = None,
                      fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """Louvain communities of the book's works over references and co-citation (seeded)."""
    from kb.api.graph import communities
    from kb.output import render_rows

    rows = [{"community": r["community"], "size": r["size"],
             "works": r["members"] if fmt == ListFormat.json else r["top"]} for r in communities(_kb(db), seed, book)]
    render_rows(rows, fmt.value)


@graph_app.command("similar-chapters")
@user_errors
def graph_similar_chapters(depth: Annotated[int, typer.Option(help="Heading depth compared (1 chapters, 2 sections).")] = 1,
                           limit: Annotated[int, typer.Option(help="At most N pairs.")] = 20,
                           book: BookOption = None, db: DbOption = None,
                           fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """Pairs of chapters citing the same works (Jaccard) and whose works share references."""
    from kb.api.graph import similar_chapters
    from kb.output import render_rows

    render_rows(similar_chapters(_kb(db), depth, limit, book), fmt.value, ["a", "b", "shared_works", "coupling"])


@graph_app.command("gaps")
@user_errors
def graph_gaps(chapter: Annotated[Optional[str], typer.Option(help="Missing prior work of one chapter (number, anchor, file or title).")] = None,
               limit: Annotated[int, typer.Option(help="At most N rows.")] = 20,
               book: BookOption = None, db: DbOption = None,
               fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """Works referenced by many of the book's works but cited by none of its chapters (needs `kb enrich`)."""
    from kb.api.graph import gaps
    from kb.output import render_rows

    rows = gaps(_kb(db), chapter, limit, book)
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
    from kb.api.graph import timeline
    from kb.graph.taxonomy import load_taxonomy
    from kb.output import render_rows

    if node not in load_taxonomy().nodes:
        raise UsageError(f"no taxonomy node `{node}`; `kb taxonomy` lists them")
    rows = timeline(_kb(db), node, book)
    if not rows:
        typer.echo(f"No labelled works under `{node}` (run `kb classify`).", err=True)
        raise typer.Exit(1)
    render_rows(rows, fmt.value)


class GraphFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"


@graph_app.command("export")
@user_errors
def graph_export(output: Annotated[Path, typer.Option("-o", "--output", help="File to write (CSV: FILE.nodes.csv and FILE.edges.csv).")],
                 fmt: Annotated[Optional[GraphFormat], typer.Option("--format", help="File format [default: from the file's extension].")] = None,
                 chapter: Annotated[Optional[str], typer.Option(help="Only this heading's part of the graph (number, anchor, file, title or node id).")] = None,
                 node_types: Annotated[Optional[str], typer.Option("--node-types", help="Comma-separated node types to keep.")] = None,
                 authors: Annotated[bool, typer.Option("--authors", help="Add author nodes (from OpenAlex).")] = False,
                 book: BookOption = None, db: DbOption = None) -> None:
    """Write the graph for Gephi, Cytoscape or scripts, with titles, years and labels as attributes.

    The format comes from the file's extension (.graphml, .gexf, .json, .csv) unless --format says
    otherwise; GEXF is version 1.3. In files the edge type is the attribute `relation` and a label's
    provenance `label_source`. With --node-types, citations of dropped sections count for their chapter.
    """
    from kb.api.graph import export_graph

    written, G = export_graph(_kb(db), output, fmt.value if fmt else None, chapter=chapter, node_types=node_types, authors=authors,
                              book=book)
    for path in written:
        typer.echo(f"{path}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges", err=True)


@app.command()
@user_errors
def dashboard(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it on this machine.")] = "127.0.0.1",
) -> None:
    """Explore the knowledge base in the browser: taxonomy, citation graph, works, chapters, quality, compare.

    Starts a Streamlit server on http://HOST:PORT that reads the knowledge base (read-only)
    through the same read API as the CLI. This process becomes the server: Ctrl-C, SIGTERM or
    SIGHUP stop it, and nothing is left running. A port in use is refused before anything starts.
    """
    from dashboard.launch import become_server, check_port
    from kb.config import database_url

    if not 0 < port < 65536:
        raise UsageError("--port must be between 1 and 65535")
    url = database_url(db)
    check_port(host, port)
    typer.echo(f"kb dashboard on http://{host}:{port} reading {_database_name(db)} (Ctrl-C stops it)", err=True)
    become_server(host, port, url)


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
