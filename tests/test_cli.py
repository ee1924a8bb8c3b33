"""The command line: output word for word on a small book, bad input, exit codes, help."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from tests.conftest import REPO

GOOD = {
    "index.Rmd": "---\ntitle: Tiny\nbibliography: refs.bib\n---\n# One {#one}\n\n*Author: Ann Lee*\n\n"
                 "Cites [@smith2020] and @Smith2020.\n\n## Two\n\nAlso [@lee2021; @nokey].\n",
    "refs.bib": "@article{smith2020, author={Smith, Ann}, title={A study of things}, year={2020}, doi={10.1000/x1}}\n"
                "@article{lee2021, author={Lee, Bo}, title={Another study}, year={2021}}\n"
                "@article{spare, title={Spare entry}}\n",
}


def run(*args, db: Path | None = None):
    env = {"KB_DATABASE_URL": f"sqlite:///{db}"} if db else {}
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "kb.sqlite"


def test_ingest_summary_json_and_stored_book_listing(make_book, db):
    book = make_book(GOOD, name="tiny")
    result = run("ingest", str(book), "--output", "json", db=db)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"book": "tiny", "headings": 2, "citations": 4, "cited_keys": 4,
                                         "entries": 3, "works": 3, "merged_clusters": 0, "broken_keys": 1,
                                         "input_errors": 0, "warnings": 1}
    assert "error index.Rmd:13: `@nokey` has no bibliography entry" in result.stderr
    assert "warning index.Rmd:9: `@Smith2020` differs only in case" in result.stderr

    books = run("books", "--format", "csv", db=db)
    assert books.exit_code == 0
    assert books.stdout == ("name,title,format,headings,chapters,citations,cited_keys,entries,works,cited_works,"
                            "broken_keys\ntiny,Tiny,bookdown,2,1,4,4,3,3,2,1\n")

    overview = run("overview", "--format", "json", db=db)
    assert json.loads(overview.stdout)["headings"] == [
        {"id": "one", "title": "One", "level": 1, "kind": "chapter", "authors": ["Ann Lee"], "citations": 4,
         "works": 2},
        {"id": "2", "title": "Two", "level": 2, "kind": "section", "authors": [], "citations": 2, "works": 1},
    ]


def test_ingest_table_goes_to_stdout_without_colour(make_book, db):
    result = run("ingest", str(make_book(GOOD)), db=db)
    assert result.exit_code == 0
    assert re.search(r"duplicate clusters merged\s*│\s*0", result.stdout)
    assert "\x1b[" not in result.stdout


def test_check_json_report_word_for_word_and_exit_code(make_book, db):
    result = run("check", str(make_book(GOOD)), "--format", "json", db=db)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["broken_keys"] == [{"key": "nokey", "locations": ["index.Rmd:13"],
                                      "message": "`@nokey` has no bibliography entry (1 citation)",
                                      "suggestions": []}]
    assert report["case_mismatches"] == [{"key": "Smith2020", "entry_key": "smith2020", "locations": ["index.Rmd:9"]}]
    assert report["uncited_entries"] == [{"key": "spare", "file": "refs.bib", "line": 3, "work_cited_as": []}]
    assert report["incomplete_entries"] == [
        {"key": "lee2021", "file": "refs.bib", "line": 2, "missing": ["doi or arxiv id"]},
        {"key": "spare", "file": "refs.bib", "line": 3, "missing": ["doi or arxiv id", "year", "authors"]}]
    assert (report["errors"], report["warnings"]) == (1, 1)
    assert not db.exists()  # checking sources does not touch the knowledge base


def test_check_text_on_stored_book_and_clean_book_exits_0(make_book, db):
    clean = {"index.Rmd": "---\nbibliography: r.bib\n---\n# A\n\n[@a2020; @b2020]\n",
             "r.bib": "@article{a2020, title={Title of paper A here}, author={Xu, Al}, year={2020}, doi={10.1000/a}}\n"
                      "@article{b2020, title={Title of paper A here}, author={Xu, Al}, year={2020}, eprint={2001.00001}}\n"}
    assert run("ingest", str(make_book(clean, name="clean")), db=db).exit_code == 0
    result = run("check", "--book", "clean", db=db)
    assert result.exit_code == 0
    assert "Duplicate clusters (keys naming one work) (1)\n  Title of paper A here (2020): a2020 [A]; b2020 [A]" \
        in result.stdout
    assert result.stdout.rstrip().endswith("clean: 0 error(s), 0 warning(s)")


BIB_OK = "@article{ok, title={Fine entry title}, author={Ok, Al}, year={2020}}\n"


@pytest.mark.parametrize("files, where, fragment", [
    pytest.param({"index.Rmd": "---\nbibliography: r.bib\n---\n# A [@ok]\n",
                  "r.bib": BIB_OK + "\n@article{bad, title={open brace, year=2020\n"},
                 "r.bib:3", "malformed entry skipped", id="unbalanced-brace"),
    pytest.param({"index.Rmd": "---\nbibliography: r.bib\n---\n# A [@ok]\n", "r.bib": BIB_OK + BIB_OK},
                 "r.bib:2", "duplicate key `ok`", id="duplicate-key"),
    pytest.param({"_bookdown.yml": "rmd_files: [index.Rmd, missing.Rmd]\n",
                  "index.Rmd": "---\nbibliography: r.bib\n---\n# A [@ok]\n", "r.bib": BIB_OK},
                 "_bookdown.yml:1", "lists `missing.Rmd`, which does not exist", id="missing-chapter"),
    pytest.param({"index.Rmd": "---\nbibliography: r.bib\n---\n# A [@ok]\n", "r.bib": BIB_OK,
                  "02.Rmd": b"GIF89a\x00\x01"}, "02.Rmd:1", "binary file", id="binary-file"),
])
def test_bad_input_one_clear_line_exit_1_and_the_good_part_kept(make_book, db, files, where, fragment):
    result = run("ingest", str(make_book(files)), "--output", "json", db=db)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = [l for l in result.stderr.splitlines() if fragment in l]
    assert line.startswith(f"error {where}: ")
    assert json.loads(result.stdout)["citations"] == 1  # the valid chapter was ingested
    stored = run("books", "--format", "json", db=db)
    assert json.loads(stored.stdout)[0]["entries"] == 1


def test_non_utf8_chapter_is_a_warning_and_ingest_succeeds(make_book, db):
    files = {"index.Rmd": "---\nbibliography: r.bib\n---\n# A\n\nok\n\n# Caf\xe9 [@ok]\n".encode("latin-1"),
             "r.bib": BIB_OK}
    result = run("ingest", str(make_book(files)), db=db)
    assert result.exit_code == 0
    assert "warning index.Rmd:8: not valid UTF-8" in result.stderr


@pytest.mark.parametrize("args, code, message", [
    pytest.param(["ingest", "/no/such/book"], 1, "Error: /no/such/book does not exist", id="missing-path"),
    pytest.param(["overview"], 1, "Error: no knowledge base at", id="no-database"),
    pytest.param(["ingest"], 2, "Missing argument", id="usage"),
])
def test_errors_are_one_line_with_exit_code(args, code, message, db):
    result = run(*args, db=db)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_empty_folder_is_an_error(tmp_path, db):
    (tmp_path / "empty").mkdir()
    result = run("ingest", str(tmp_path / "empty"), db=db)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "holds no book sources" in result.stderr


def test_several_books_need_book_option(make_book, db):
    run("ingest", str(make_book(GOOD, name="one")), db=db)
    run("ingest", str(make_book(GOOD, name="two")), db=db)
    result = run("overview", db=db)
    assert result.exit_code == 1
    assert "several books (one, two); choose one with --book NAME" in result.stderr
    assert run("overview", "--book", "two", "--format", "csv", db=db).exit_code == 0


def test_console_script_runs_as_a_subprocess(make_book, tmp_path):
    env = {**os.environ, "KB_DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite'}"}
    proc = subprocess.run([sys.executable, "-m", "kb.cli", "ingest", str(make_book(GOOD)), "--output", "json"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["citations"] == 4


def test_every_command_has_help_and_appears_in_the_readme():
    import typer.main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help and len(command.help) > 40, name
        assert f"kb {name}" in readme, f"README does not show `kb {name}`"


def test_any_sqlalchemy_url_through_the_db_option(make_book, db_url):
    book = make_book(GOOD, name="tiny")
    ingest = CliRunner().invoke(app, ["ingest", str(book), "--db", db_url, "--output", "json"])
    assert ingest.exit_code == 0, ingest.output
    again = CliRunner().invoke(app, ["ingest", str(book), "--db", db_url, "--output", "json"])
    assert again.stdout == ingest.stdout
    books = CliRunner().invoke(app, ["books", "--db", db_url, "--format", "json"])
    assert [(b["name"], b["citations"], b["works"]) for b in json.loads(books.stdout)] == [("tiny", 4, 3)]
    check = CliRunner().invoke(app, ["check", "--db", db_url, "--format", "json"])
    assert check.exit_code == 1
    assert [b["key"] for b in json.loads(check.stdout)["broken_keys"]] == ["nokey"]
