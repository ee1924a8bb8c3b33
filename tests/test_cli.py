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
                                         "entries": 3, "entry_works": 3, "cited_works": 2, "merged_clusters": 0,
                                         "broken_keys": 1,
                                         "input_errors": 0, "warnings": 1, "mentions": 0}
    assert "error index.Rmd:13: `@nokey` has no bibliography entry" in result.stderr
    assert "warning index.Rmd:9: `@Smith2020` differs only in case" in result.stderr

    books = run("books", "--format", "csv", db=db)
    assert books.exit_code == 0
    assert books.stdout == ("name,title,format,headings,chapters,citations,cited_keys,entries,entry_works,cited_works,"
                            "broken_keys\ntiny,Tiny,bookdown,2,1,4,4,3,3,2,1\n")

    overview = run("overview", "--format", "json", db=db)
    (tiny,) = json.loads(overview.stdout)
    assert tiny["headings"] == [
        {"id": "one", "number": "1", "title": "One", "level": 1, "kind": "chapter", "authors": ["Ann Lee"],
         "citations": 4, "works": 2},
        {"id": "two", "number": "1.1", "title": "Two", "level": 2, "kind": "section", "authors": [], "citations": 2,
         "works": 1},
    ]
    csv_rows = run("overview", "--format", "csv", db=db).stdout.splitlines()
    assert csv_rows == ["book,id,number,title,level,kind,citations,works", "tiny,one,1,One,1,chapter,4,2",
                        "tiny,two,1.1,Two,2,section,2,1"]


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
    result = run("check", db=db)
    assert result.exit_code == 1
    assert "several books (one, two); choose one with --book NAME" in result.stderr
    both = json.loads(run("overview", "--format", "json", db=db).stdout)
    assert [b["name"] for b in both] == ["one", "two"]
    two = json.loads(run("overview", "--book", "two", "--format", "json", db=db).stdout)
    assert [b["name"] for b in two] == ["two"]


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
    assert [(b["name"], b["citations"], b["entry_works"]) for b in json.loads(books.stdout)] == [("tiny", 4, 3)]
    check = CliRunner().invoke(app, ["check", "--db", db_url, "--format", "json"])
    assert check.exit_code == 1
    assert [b["key"] for b in json.loads(check.stdout)["broken_keys"]] == ["nokey"]


PUBLISHED = {
    "index.Rmd": "---\nbibliography: refs.bib\n---\n# Methods\n\nTransformers [@vaswani2017].\n\n"
                 "# Data\n\nImages [@lin2014coco].\n",
    "refs.bib": "@inproceedings{vaswani2017, title={Attention Is All You Need}, author={Vaswani, Ashish and "
                "Shazeer, Noam and Parmar, Niki}, year={2017}, booktitle={NeurIPS}}\n"
                "@inproceedings{lin2014coco, title={Microsoft COCO: Common Objects in Context}, author={Lin, "
                "Tsung-Yi and Maire, Michael and Belongie, Serge}, year={2014}, booktitle={ECCV}}\n",
}
DRAFT = """
# 1

## *Methods*

Transformers (Vaswani et al., 2017) and words (Mikolov et al., 2013); also (Doe et al., 2001).

## Bibliography

- Mikolov, T., Chen, K., and Dean, J. (2013). Efficient estimation of word representations in vector space.
- Vaswani, A., Shazeer, N., and Parmar, N. (2017). Attention is all you need. *NeurIPS*, 30.
"""


def test_rendered_draft_ingest_check_and_compare_word_for_word(make_book, db):
    assert run("ingest", str(make_book(PUBLISHED, name="pub")), "--name", "pub", db=db).exit_code == 0
    draft = make_book({"draft.md": DRAFT}, name="draftdir") / "draft.md"
    ingest_draft = run("ingest", str(draft), "--output", "json", db=db)
    assert ingest_draft.exit_code == 0, ingest_draft.output
    assert json.loads(ingest_draft.stdout)["broken_keys"] == 1
    assert "error draft.md:5: `Doe et al., 2001` matches no bibliography entry" in ingest_draft.stderr

    check = run("check", "--book", "draft", "--format", "json", db=db)
    assert check.exit_code == 1
    assert json.loads(check.stdout)["broken_keys"] == [{
        "key": "Doe et al., 2001", "locations": ["draft.md:5"],
        "message": "`Doe et al., 2001` matches no bibliography entry; add the entry or correct the citation",
        "suggestions": []}]

    result = run("compare", "pub", "draft", "--format", "json", db=db)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    work = {"title": "Attention Is All You Need", "year": 2017, "keys": ["vaswani2017", "vaswani2017attention"],
            "keys_a": ["vaswani2017"], "keys_b": ["vaswani2017attention"]}
    assert [{k: w[k] for k in work} for w in data["in_both"]] == [work]
    assert [w["keys"] for w in data["only_in_a"]] == [["lin2014coco"]]
    assert [w["keys"] for w in data["only_in_b"]] == [["mikolov2013efficient"]]
    assert [(c["chapter_a"], c["chapter_b"], c["paired_by"], len(c["only_in_a"]), len(c["only_in_b"]),
             len(c["in_both"])) for c in data["by_chapter"]] == [
        ("Methods", "Methods", "title", 0, 1, 1), ("Data", None, None, 1, 0, 0)]
    text = run("compare", "pub", "draft", db=db).stdout
    assert text.startswith("pub (A) vs draft (B): 1 works only in A, 1 only in B, 1 in both\n")
    assert "  Methods <-> Methods: 0 / 1 / 1" in text


def test_enrich_and_resolve_from_the_command_line(make_book, db):
    from tests.fake_openalex import FakeOpenAlex, make_work

    server = FakeOpenAlex([make_work("W7", "A study of things", 2020, ["Ann Smith"], doi="10.1000/x1"),
                           make_work("W8", "Another study", 2021, ["Bo Lee"])]).start()
    try:
        assert run("ingest", str(make_book(GOOD)), db=db).exit_code == 0
        planned = run("enrich", "--openalex-url", server.url, "--dry-run", db=db)
        assert planned.exit_code == 0 and server.log == []
        assert planned.stdout.startswith("Planned requests (nothing sent):\n  list")
        result = run("enrich", "--openalex-url", server.url, "--format", "json", db=db)
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["matched"] == {"pin": 0, "doi": 1, "arxiv": 0, "title": 1}
        assert report["not_found"] == 1 and report["requests"] == {"list": 1, "search": 2}
        text = run("enrich", "--openalex-url", server.url, db=db).stdout
        assert "requests: none; cost $0.0000; cache hits: 3" in text
        pinned = run("resolve", "spare", "W8", db=db)
        assert pinned.stdout == "book: spare -> W8; run `kb enrich` to apply\n"
        assert run("resolve", "spare", db=db).exit_code == 2  # neither an id nor --none
        report = json.loads(run("enrich", "--openalex-url", server.url, "--format", "json", db=db).stdout)
        assert report["matched"]["pin"] == 1
        sent = len(server.log)
        offline = json.loads(run("enrich", "--offline", "--format", "json", db=db).stdout)
        assert offline["matched"]["pin"] == 1 and offline["requests"] == {} and len(server.log) == sent
        expanded = json.loads(run("enrich", "--openalex-url", server.url, "--expand", "--workers", "1", "--rate",
                                  "50", "--older-than", "1", "--format", "json", db=db).stdout)
        assert expanded["failures"] == [] and len(server.log) == sent  # nothing referenced outside, nothing stale
        server.faults.append(("budget",))
        spent = run("enrich", "--openalex-url", server.url, "--refresh", db=db)
        assert spent.exit_code == 1
        assert spent.stderr.startswith("Error: the OpenAlex daily budget is exhausted; it resets at ")
    finally:
        server.stop()


def test_remaining_flags(make_book, db, tmp_path):
    paper = make_book({"paper.md": "# Intro\n\nSee [@smith2020] and [@lee2021].\n\n## More\n\n[@lee2021]\n",
                       "extra.bib": GOOD["refs.bib"]}, name="paper")
    quiet = run("ingest", str(paper / "paper.md"), "--bib", str(paper / "extra.bib"), "--quiet", "--format", "pandoc",
                "--name", "p", db=db)
    assert quiet.exit_code == 0 and quiet.stderr == ""
    forced = run("ingest", str(paper / "paper.md"), "--format", "rendered", "--name", "r", db=db)
    assert forced.exit_code == 1 and "no Bibliography/References section" in forced.stderr  # headings still kept
    # read as a rendered book, the leading "# Intro" is its title page; "## More" stays a heading
    assert json.loads(run("overview", "--book", "r", "--format", "json", db=db).stdout)[0]["counts"]["headings"] == 1
    check = run("check", str(paper / "paper.md"), "--source-format", "pandoc", "--format", "json")
    assert check.exit_code == 1 and json.loads(check.stdout)["errors"] == 2  # no bibliography: both keys broken
    overview = json.loads(run("overview", "--book", "p", "--depth", "1", "--format", "json", db=db).stdout)
    assert [h["title"] for h in overview[0]["headings"]] == ["Intro"]
    out = tmp_path / "intro.ris"
    assert run("export", "ris", "--book", "p", "--part", "Intro", "-o", str(out), db=db).exit_code == 0
    assert out.read_text().count("ER  - ") == 2
    sections = tmp_path / "sections"
    assert run("export", "bibtex", "--book", "p", "--all", "--level", "2", "--out-dir", str(sections), db=db).exit_code == 0
    assert sorted(p.name for p in sections.iterdir()) == ["01-intro.bib", "01.01-more.bib"]  # the intro has its file
    top = json.loads(run("graph", "top", "--by", "citations", "--book", "p", "--format", "json", db=db).stdout)
    assert [(r["label"], r["score"]) for r in top] == [("Another study", 2), ("A study of things", 1)]
    assert run("graph", "top", "--by", "pagerank", "--book", "p", db=db).exit_code == 1  # no references yet


def test_missing_or_broken_aliases_and_taxonomy_files(make_book, db, tmp_path):
    book = str(make_book(GOOD))
    missing = run("ingest", book, "--aliases", str(tmp_path / "nope.toml"), db=db)
    assert missing.exit_code == 1 and "aliases file" in missing.stderr and "does not exist" in missing.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text("[aliases\n")
    assert "not valid TOML" in run("ingest", book, "--aliases", str(broken), db=db).stderr
    assert run("ingest", book, db=db).exit_code == 0
    assert "taxonomy file" in run("classify", "--taxonomy", str(tmp_path / "nope.toml"), db=db).stderr


def test_openalex_settings_from_the_environment(make_book, db):
    from tests.fake_openalex import FakeOpenAlex, make_work

    server = FakeOpenAlex([make_work("W7", "A study of things", 2020, ["Ann Smith"], doi="10.1000/x1")],
                          api_key="env-key").start()
    try:
        assert run("ingest", str(make_book(GOOD)), db=db).exit_code == 0
        env = {"KB_DATABASE_URL": f"sqlite:///{db}", "KB_OPENALEX_URL": server.url, "KB_OPENALEX_API_KEY": "env-key",
               "KB_OPENALEX_EMAIL": "me@example.org"}
        result = CliRunner().invoke(app, ["enrich", "--format", "json"], env=env)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["matched"]["doi"] == 1
        assert server.log and all(r.authorized for r in server.log)
        assert "env-key" not in result.output and "me@example.org" not in result.output
    finally:
        server.stop()


def test_every_command_takes_the_same_heading_ids(make_book, db):
    assert run("ingest", str(make_book(GOOD)), db=db).exit_code == 0
    listed = json.loads(run("chapters", "--format", "json", db=db).stdout)[1]["id"]
    assert listed == "two"  # no {#anchor}: pandoc's automatic identifier
    for ref in ("1.1", "Two", "two", "TWO"):
        works = json.loads(run("works", "--chapter", ref, "--format", "json", db=db).stdout)
        assert [w["keys"] for w in works] == [["lee2021"]], ref
        bib = run("export", "bibtex", "--chapter", ref, db=db)
        assert bib.exit_code == 0 and "@article{lee2021," in bib.stdout, ref
        assert run("chapter", ref, "--format", "json", db=db).exit_code == 0, ref
        exported = run("graph", "export", "-o", str(db.parent / "g.graphml"), "--chapter", ref, db=db)
        assert exported.exit_code == 0 and "2 nodes, 1 edges" in exported.stderr, ref  # section + lee2021
    missing = run("export", "bibtex", "--chapter", "nowhere", db=db)
    assert missing.exit_code == 1 and "no chapter or section `nowhere`" in missing.stderr


def test_check_exit_code_follows_severity_alone(make_book, db):
    """A declared but missing .bib (bookdown's generated packages.bib) is a warning: in the JSON, in the
    counts and in the exit code alike; a broken key is an error."""
    files = {"index.Rmd": "---\nbibliography: [r.bib, packages.bib]\n---\n# A\n\nSee [@a2020].\n",
             "r.bib": "@article{a2020, title={Title of paper A here}, author={Xu, Al}, year={2020}, doi={10.1/a}}\n"}
    clean = run("check", str(make_book(files, "clean")), "--format", "json", db=db)
    report = json.loads(clean.stdout)
    assert [(p["severity"], p["code"]) for p in report["missing_files"]] == [("warning", "missing-bib")]
    assert (report["errors"], report["warnings"], clean.exit_code) == (0, 1, 0)
    broken = dict(files, **{"index.Rmd": files["index.Rmd"].replace("@a2020", "@a2020; @nokey")})
    failing = run("check", str(make_book(broken, "broken")), "--format", "json", db=db)
    assert (json.loads(failing.stdout)["errors"], failing.exit_code) == (1, 1)


def test_a_repeated_warning_is_printed_once_with_a_count(make_book, db):
    chapters = {f"c{i}.qmd": f"# C{i}\n\n{{{{< include _gone.qmd >}}}}\n" for i in range(3)}
    root = make_book({"_quarto.yml": "book:\n  chapters:\n    - c0.qmd\n    - c1.qmd\n    - c2.qmd\n"
                                     "bibliography: r.bib\n",
                      "r.bib": "@article{a2020, title={A}, author={Xu, Al}, year={2020}}\n", **chapters}, "rep")
    result = run("ingest", str(root), db=db)
    lines = [line for line in result.stderr.splitlines() if "_gone.qmd" in line]
    assert lines == ["warning c0.qmd:3: includes `_gone.qmd`, which does not exist; its citations are not read "
                     "(3 times; also c1.qmd:3, c2.qmd:3)"]


def test_version_short_help_global_db_and_completion(make_book, db):
    from kb import __version__

    assert run("--version").stdout == f"kb {__version__}\n"
    assert run("-h").exit_code == 0 and "Usage: kb" in run("-h").stdout
    assert "Usage: kb books" in run("books", "-h").stdout
    assert "--install-completion" in run("--help").stdout
    assert run("ingest", str(make_book(GOOD, "tiny")), db=db).exit_code == 0
    before = CliRunner().invoke(app, ["--db", str(db), "books", "--format", "csv"], env={"KB_DATABASE_URL": ""})
    assert before.exit_code == 0 and before.stdout.splitlines()[1].startswith("tiny,")


def test_limit_zero_means_every_row_and_search_finds_identifiers_and_decomposed_accents(make_book, db):
    files = dict(GOOD, **{"refs.bib": GOOD["refs.bib"] + "@article{zidek2021, author={\u017d\u00eddek, Augustin}, "
                                                         "title={Protein structure prediction}, year={2021}, "
                                                         "eprint={2107.00001}}\n",
                          "index.Rmd": GOOD["index.Rmd"] + "\nAnd [@zidek2021].\n"})
    assert run("ingest", str(make_book(files, "tiny")), db=db).exit_code == 0
    every = json.loads(run("works", "--limit", "0", "--format", "json", db=db).stdout)
    assert len(every) == 3
    ranked = json.loads(run("graph", "top", "--by", "citations", "--limit", "0", "--format", "json", db=db).stdout)
    assert len(ranked) == 3
    decomposed = "Z\u030ci\u0301dek"  # Ž and í written as a letter and a combining accent
    for query in (decomposed, "Zidek", "\u017d\u00eddek", "10.1000/x1", "2107.00001", "arXiv:2107.00001"):
        found = run("search", query, "--format", "json", db=db)
        assert found.exit_code == 0, query
        keys = [r["keys"] for r in json.loads(found.stdout)]
        assert keys == ([["smith2020"]] if query == "10.1000/x1" else [["zidek2021"]]), query


def test_an_ambiguous_show_lists_its_candidates_as_json(make_book, db):
    assert run("ingest", str(make_book(GOOD, "tiny")), db=db).exit_code == 0
    result = run("show", "study", "--format", "json", db=db)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ambiguous"] == "study" and sorted(c["keys"][0] for c in data["candidates"]) == ["lee2021", "smith2020"]


def test_a_table_sent_to_a_pipe_is_tsv_and_never_clipped(make_book, db):
    assert run("ingest", str(make_book(GOOD, "tiny")), db=db).exit_code == 0
    piped = run("books", db=db)  # the test runner's stdout is not a terminal, like `kb books | cat`
    header, row = piped.stdout.splitlines()
    assert header.split("\t") == ["name", "title", "format", "chapters", "citations", "cited_works", "entries",
                                   "broken_keys"]
    assert row.split("\t") == ["tiny", "Tiny", "bookdown", "1", "4", "2", "3", "1"]
    done = subprocess.run([sys.executable, "-m", "kb.cli", "works", "--db", str(db)], capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert done.stdout.splitlines()[1].split("\t")[:2] == ["smith2020", "A study of things"]
