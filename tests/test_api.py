"""The read API: the chapter-ID rule, labels with evidence, the handle, and one line for every user error."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading

import pytest
from typer.testing import CliRunner

from kb.api import KnowledgeBase, chapter_works, find_book, open_kb, resolve_chapter, work_detail
from kb.cli import app
from kb.errors import KbError
from tests.conftest import REPO, postgres_url

PUBLISHED = {
    "index.Rmd": "---\ntitle: Published\nbibliography: refs.bib\n---\n# Preface {-}\n\nHello.\n\n"
                 "# Vision {#vision}\n\nImages [@he2016].\n\n## Captions\n\nShow and tell [@cap2015].\n\n"
                 "# Language\n\nWords [@mikolov2013] and [@he2016].\n\n## Attention\n\nSee [@vaswani2017].\n\n"
                 "### Heads\n\nMore [@vaswani2017].\n",
    "refs.bib": "@inproceedings{he2016, author={He, Kaiming}, title={Deep Residual Learning for Image Recognition}, "
                "year={2016}}\n"
                "@article{cap2015, author={Vinyals, Oriol}, title={Show and tell: A neural image caption generator}, "
                "year={2015}}\n"
                "@article{mikolov2013, author={Mikolov, Tomas}, title={Efficient estimation of word representations "
                "in vector space}, year={2013}}\n"
                "@inproceedings{vaswani2017, author={Vaswani, Ashish}, title={Attention is all you need}, "
                "year={2017}}\n",
}
DRAFT = {
    "index.Rmd": "---\ntitle: Draft\nbibliography: refs.bib\n---\n# Vision draft\n\nImages [@he2016].\n\n"
                 "# Language draft\n\nWords [@mikolov2013].\n",
    "refs.bib": PUBLISHED["refs.bib"],
}


def run(*args, db=None):
    env = {"KB_DATABASE_URL": str(db)} if db else {}
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


@pytest.fixture
def two_books(make_book, tmp_path):
    db = tmp_path / "kb.sqlite"
    assert run("ingest", make_book(PUBLISHED, "published"), db=db).exit_code == 0
    assert run("ingest", make_book(DRAFT, "draft"), db=db).exit_code == 0
    return db


def one_error_line(result, code: int, fragment: str) -> str:
    """The result failed with `code` and said `fragment` on one `Error:` line, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0], lines[0]
    return lines[0]


# --- chapter IDs -----------------------------------------------------------------------------

def test_a_number_is_a_heading_number_in_the_chosen_book(two_books):
    with open_kb(str(two_books)) as kb:
        assert resolve_chapter(kb, "2.1.1", "published").title == "Heads"
        assert resolve_chapter(kb, "2", "published").title == "Language"
        assert resolve_chapter(kb, "2", "draft").title == "Language draft"
        assert resolve_chapter(kb, "1.1").title == "Captions"  # only one book has a 1.1
        with pytest.raises(KbError, match=r"`2` names headings in several books \(draft, published\); choose one "
                                          r"with --book"):
            resolve_chapter(kb, "2")
        with pytest.raises(KbError, match=r"no chapter or section `8` in published; numbers at that level: 1, 2"):
            resolve_chapter(kb, "8", "published")


def test_database_ids_are_never_matched_implicitly(two_books):
    with open_kb(str(two_books)) as kb:
        heads = resolve_chapter(kb, "2.1.1", "published")
        assert heads.id == 6  # the database id of "Heads": 6, which is no heading number
        with pytest.raises(KbError, match="no chapter or section `6`"):
            resolve_chapter(kb, str(heads.id), "published")
        assert resolve_chapter(kb, f"heading:{heads.id}").title == "Heads"  # a graph node id says what it is


def test_anchors_automatic_identifiers_files_and_title_words(two_books):
    with open_kb(str(two_books)) as kb:
        assert resolve_chapter(kb, "vision").title == "Vision"  # {#vision}
        assert resolve_chapter(kb, "language-draft").title == "Language draft"  # pandoc's automatic identifier
        assert resolve_chapter(kb, "preface").title == "Preface"
        assert resolve_chapter(kb, "index.Rmd", "published").title == "Preface"  # the file's first heading
        assert resolve_chapter(kb, "index", "draft").title == "Vision draft"
        assert resolve_chapter(kb, "captions").title == "Captions"
        assert resolve_chapter(kb, "Language", "published").depth == 1  # the chapter, not a section
        with pytest.raises(KbError, match="several books"):
            resolve_chapter(kb, "index.Rmd")
        with pytest.raises(KbError, match=r"no chapter or section `visoin`.*closest: vision \(1 Vision\)"):
            resolve_chapter(kb, "visoin", "published")


def test_every_command_agrees_on_chapter_ids(two_books, tmp_path):
    works = json.loads(run("works", "--chapter", "2.1", "--book", "published", "--format", "json",
                           db=two_books).stdout)
    assert [w["keys"] for w in works] == [["vaswani2017"]]
    chapter = run("chapter", "2", "--book", "draft", "--format", "json", db=two_books)
    assert [w["keys"] for w in json.loads(chapter.stdout)] == [["mikolov2013"]]
    bib = run("export", "bibtex", "--chapter", "1", "--book", "published", db=two_books)
    assert bib.exit_code == 0 and "@inproceedings{he2016," in bib.stdout and "cap2015" in bib.stdout
    graph = run("graph", "export", "-o", tmp_path / "g.graphml", "--chapter", "2", "--book", "published",
                db=two_books)
    assert graph.exit_code == 0 and "6 nodes" in graph.stderr  # Language, 2.1, 2.1.1 and three works
    one_error_line(run("chapter", "2", db=two_books), 1, "several books")
    one_error_line(run("works", "--chapter", "8", "--book", "published", db=two_books), 1,
                   "no chapter or section `8` in published")
    listed = json.loads(run("chapters", "--book", "published", "--format", "json", db=two_books).stdout)
    assert [h["id"] for h in listed] == ["preface", "vision", "captions", "language", "attention"]


# --- labels with evidence ---------------------------------------------------------------------

def test_show_has_the_labels_with_their_source_confidence_and_evidence(two_books):
    assert run("classify", db=two_books).exit_code == 0
    shown = json.loads(run("show", "he2016", "--format", "json", db=two_books).stdout)
    image = next(label for label in shown["labels"] if label["node"] == "modality.image")
    assert image["accepted"] and image["label"] == "Image"
    sources = {e["source"] for e in image["evidence"]}
    assert "rule" in sources and any("title: image" in e["text"] for e in image["evidence"])
    assert all(0 < e["confidence"] <= 1 for e in image["evidence"])
    text = run("show", "he2016", db=two_books).stdout
    assert "modality.image" in text and "title: image" in text


# --- the handle --------------------------------------------------------------------------------

def test_the_handle_reads_only_and_can_be_shared_by_threads(two_books):
    kb = open_kb(str(two_books))
    results, errors = [], []

    def read():
        try:
            results.append(len(chapter_works(kb, "1", "published")[1]))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and results == [2] * 8
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        kb._sqlite_connection().execute("DELETE FROM book")
    kb.close()


def test_a_reader_reads_while_a_writer_holds_a_transaction(two_books):
    """WAL: the dashboard keeps reading the last committed state while `kb ingest` writes."""
    writer = sqlite3.connect(two_books, timeout=1)
    assert writer.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM citation")
    with open_kb(str(two_books)) as kb:
        assert find_book(kb, "published").title == "Published"
        assert kb.value("SELECT count(*) FROM citation") == 8
    writer.rollback()
    writer.close()


def test_a_handle_on_an_engine_reads_the_same(two_books):
    from kb.db import make_engine

    with open_kb(str(two_books)) as file_kb:
        expected = work_detail(file_kb, 1)
    assert work_detail(KnowledgeBase(engine=make_engine(f"sqlite:///{two_books}")), 1) == expected


# --- one line for every user error ---------------------------------------------------------------

def _copy(source, target):
    """A consistent copy of an SQLite file (its WAL included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


@pytest.fixture
def broken_dbs(tmp_path, two_books):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(os.urandom(4096))
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    folder = tmp_path / "folder.sqlite"
    folder.mkdir()
    old = _copy(two_books, tmp_path / "old.sqlite")
    with sqlite3.connect(old) as conn:
        conn.execute("ALTER TABLE work DROP COLUMN venue")
    unversioned = _copy(two_books, tmp_path / "unversioned.sqlite")
    with sqlite3.connect(unversioned) as conn:  # as kb wrote them before it recorded a schema version
        conn.execute("DROP TABLE kbmeta")
        conn.execute("DROP TABLE alembic_version")
    return {"junk": junk, "empty": empty, "folder": folder, "old": old, "unversioned": unversioned}


@pytest.mark.parametrize("which, commands, fragment", [
    pytest.param("junk", ["overview", "graph stats", "show he2016", "works", "books", "classify", "export bibtex"],
                 "is not an SQLite database", id="not-sqlite"),
    pytest.param("empty", ["overview", "graph stats", "show he2016", "search deep"], "holds no book yet",
                 id="empty-file"),
    pytest.param("folder", ["overview", "show he2016", "ingest .", "classify"], "is a folder, not a knowledge base file",
                 id="directory"),
    pytest.param("old", ["show he2016", "works", "graph stats"],
                 "was written by an older kb (no such column", id="older-schema-column-missing"),
    pytest.param("old", ["classify", "upgrade"], "table work lacks venue", id="older-schema-on-write"),
    pytest.param("unversioned", ["show he2016", "overview", "works", "upgrade", "classify"], "too old to upgrade",
                 id="unversioned-schema"),
])
def test_database_errors_are_one_line(broken_dbs, which, commands, fragment):
    for command in commands:
        one_error_line(run(*command.split(), "--db", broken_dbs[which]), 1, fragment)


def _as_nobody(args: list[str]) -> subprocess.CompletedProcess:
    """Run kb as a user without write permission (root ignores file modes)."""
    command = [sys.executable, "-m", "kb.cli", *args]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "HOME": "/tmp", "KB_DATABASE_URL": ""})


def test_a_read_only_database_file_reads_but_refuses_writes_in_one_line(tmp_path_factory, two_books, make_book):
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot take write permission away")
    folder = tmp_path_factory.mktemp("readonly")
    folder.chmod(0o777)
    for parent in folder.parents:
        if str(parent).startswith("/tmp/"):
            parent.chmod(parent.stat().st_mode | 0o011)
    db = _copy(two_books, folder / "kb.sqlite")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
    db.chmod(0o444)
    book = make_book(DRAFT, "draft2")
    for parent in [book, *book.parents]:
        if str(parent).startswith("/tmp/"):
            parent.chmod(parent.stat().st_mode | 0o055)
    for args in (["classify"], ["resolve", "he2016", "--none", "--book", "published"], ["ingest", str(book)],
                 ["enrich", "--offline"], ["label", "he2016", "modality.text", "--book", "published"]):
        done = _as_nobody([*args, "--db", str(db)])
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith(f"Error: the knowledge base {db} is read-only"), done.stderr
    shown = _as_nobody(["show", "he2016", "--db", str(db), "--format", "json"])
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["year"] == 2016
    folder.chmod(0o555)  # a WAL database in a folder nobody may write still reads
    listed = _as_nobody(["books", "--db", str(db), "--format", "csv"])
    assert listed.returncode == 0 and listed.stdout.splitlines()[1].startswith("published,"), listed.stderr


def test_unreachable_postgresql_is_one_line():
    url = "postgresql+psycopg://someone:secret@127.0.0.1:9/nothing"
    for command in ("overview", "show he2016", "works", "classify", "enrich --offline", "graph stats"):
        line = one_error_line(run(*command.split(), "--db", url), 1, "cannot connect to the knowledge base")
        assert "secret" not in line


def test_an_empty_postgresql_database_is_one_line():
    from kb.db import drop_schema, make_engine

    url = postgres_url()
    drop_schema(make_engine(url))
    for command in ("overview", "show he2016", "works", "books"):
        one_error_line(run(*command.split(), "--db", url), 1, "holds no book yet")


@pytest.mark.parametrize("args, code, fragment", [
    pytest.param("export bibtex --book published -o {tmp}/no/such/dir/x.bib", 1,
                 "no/such/dir/x.bib: No such file or directory; the folder does not exist", id="export-missing-folder"),
    pytest.param("export bibtex --book published -o /dev/full", 1, "/dev/full: No space left on device",
                 id="export-disk-full"),
    pytest.param("export ris --book published --all --out-dir {db}", 1, "is a file; give a folder",
                 id="out-dir-is-a-file"),
    pytest.param("graph export -o {tmp}/no/such/dir/g.graphml", 1, "the folder does not exist",
                 id="graph-export-missing-folder"),
    pytest.param("enrich --timeout 0", 2, "--timeout must be more than 0", id="timeout-0"),
    pytest.param("enrich --workers 0", 2, "--workers must be at least 1", id="workers-0"),
    pytest.param("enrich --rate 0", 2, "--rate must be more than 0", id="rate-0"),
    pytest.param("works --limit -1", 2, "--limit must be 0 (no limit) or more", id="limit-negative"),
    pytest.param("search deep --limit -1", 2, "--limit must be 0 (no limit) or more", id="search-limit-negative"),
    pytest.param("graph top --limit -1", 2, "--limit must be 0 (no limit) or more", id="top-limit-negative"),
    pytest.param("works --year 2030..2020", 2, "is not a range from an earlier to a later year", id="year-backwards"),
    pytest.param("works --label modality.smell", 2, "no taxonomy node `modality.smell`", id="unknown-node"),
    pytest.param("graph timeline --node modality.smell", 2, "no taxonomy node `modality.smell`",
                 id="unknown-node-timeline"),
    pytest.param("export bibtex --book published --all --out-dir {tmp}/o --level 0", 2,
                 "--level 0: the book `published` has headings at levels 1, 2, 3", id="level-0"),
    pytest.param("export bibtex --book published --all --out-dir {tmp}/o --level 9", 2, "--level 9", id="level-9"),
    pytest.param("overview --depth -1", 2, "--depth must be 0", id="depth-negative"),
])
def test_option_and_file_errors_are_one_line(two_books, tmp_path, args, code, fragment):
    argv = args.format(tmp=tmp_path, db=two_books).split()
    one_error_line(run(*argv, "--db", two_books), code, fragment)


def test_a_missing_optional_driver_names_the_package(monkeypatch, tmp_path):
    from kb.db import make_engine

    with pytest.raises(KbError, match=r"needs the package `pymysql`: pip install \"pymysql\""):
        make_engine("mysql+pymysql://u@127.0.0.1/x")


def test_pagerank_without_scipy_is_an_error_naming_it(monkeypatch):
    import networkx as nx

    from kb.graph import metrics

    def no_scipy(*_args, **_kwargs):
        raise ModuleNotFoundError("No module named 'scipy'", name="scipy")

    monkeypatch.setattr(nx, "pagerank", no_scipy)
    G = nx.DiGraph()
    G.add_node("work:1", type="work")
    G.add_node("work:2", type="work")
    G.add_edge("work:1", "work:2", type="references")
    with pytest.raises(KbError, match="PageRank needs the package `scipy`: pip install scipy"):
        metrics.pagerank(G)


def test_every_runtime_import_is_a_declared_dependency():
    """Each third-party module kb and the dashboard import is installed by pyproject.toml's dependencies."""
    import ast
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    names = {d.split(">")[0].split("[")[0].split("<")[0].split("=")[0].strip().lower().replace("-", "_")
             for d in declared["dependencies"]}
    module_of = {"yaml": "pyyaml", "sqlalchemy": "sqlalchemy", "bibtexparser": "bibtexparser", "sklearn": "scikit_learn"}
    stdlib = set(sys.stdlib_module_names)
    missing = set()
    for path in [*(REPO / "kb").rglob("*.py"), *(REPO / "dashboard").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else []
            for module in modules:
                top = module.split(".")[0]
                if top in stdlib or top in ("kb", "dashboard", "psycopg"):
                    continue
                if module_of.get(top, top).lower() not in names:
                    missing.add(top)
    assert missing == set()
    assert "scipy" in names and "requests" in names
