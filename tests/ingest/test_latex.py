"""The LaTeX reader: the \\include tree, LaTeX's numbering, natbib and biblatex citations, what TeX never
reads as a citation, bibliographies; pandoc's LaTeX reader is the oracle of the keys each file cites."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from kb.errors import KbError
from kb.ingest.book import read_book
from kb.ingest.latex import find_main, readable
from kb.ingest.pipeline import default_name
from tests.ingest.latex_books import (
    ARTICLE,
    ARTICLE_PARTS,
    DETECTION,
    EDGES,
    INCLUDEONLY,
    INCLUDES,
    LATIN1_UNDECLARED,
    MACRO_KEYS,
    MEMOIR,
    NOCITE_ALL,
    NOT_FOR_PANDOC,
    ORACLE,
    OWN_MACROS,
    PARTS,
    THEBIBLIOGRAPHY,
    THESIS,
)
from tests.pandoc_oracle import cited_ids, header_levels, relative

PANDOC = shutil.which("pandoc")


def headings(book) -> list[tuple]:
    return [(h.depth, h.kind, h.number, h.title, h.anchor, h.file, h.line) for h in book.headings]


def cited(book) -> list[tuple]:
    return [(c.key, c.file, c.line, c.narrative, c.suppress_author) for c in book.citations]


def test_a_thesis_of_included_chapters(make_book):
    book = read_book(make_book(THESIS, "thesis"))
    assert book.format == "latex"
    assert book.title == "Learning from Many Modalities"
    assert book.files == ("main.tex", "chapters/intro.tex", "chapters/method.tex", "chapters/extra.tex")
    assert book.bib_files == ("refs.bib", "more.bib")
    assert headings(book) == [
        (1, "chapter", None, "Preface", None, "main.tex", 8),  # \frontmatter: chapters are not numbered
        (1, "chapter", "1", "Introduction", "ch:intro", "chapters/intro.tex", 1),
        (2, "section", "1.1", "Background", "sec:bg", "chapters/intro.tex", 4),  # \label on the next line
        (3, "section", "1.1.1", "Details", None, "chapters/intro.tex", 11),
        (4, "section", None, "Not numbered in a book", None, "chapters/intro.tex", 16),  # secnumdepth 2
        (2, "section", None, "Notes", None, "chapters/intro.tex", 18),  # \section*
        (1, "chapter", "2", "Our Method with α-Nets", None, "chapters/method.tex", 1),  # the long title
        (1, "appendix", "A", "Proofs", None, "chapters/extra.tex", 1),
        (2, "section", "A.1", "A Lemma", None, "chapters/extra.tex", 2),
    ]
    assert [h.parent for h in book.headings] == [None, None, 1, 2, 3, 1, None, None, 7]
    assert cited(book) == [
        ("he2016", "main.tex", 9, True, False),
        ("he2016", "chapters/intro.tex", 2, False, False),
        ("vaswani2017", "chapters/intro.tex", 3, True, False),
        ("mikolov2013", "chapters/intro.tex", 3, False, False),  # \mycite{...}, a wrapper of \citep
        ("devlin2019", "chapters/intro.tex", 6, False, False),  # \bert{}, a macro with a fixed citation
        ("devlin2019", "chapters/intro.tex", 6, False, False),  # in a footnote
        ("radford2019", "chapters/intro.tex", 6, False, False),
        ("he2016", "chapters/intro.tex", 14, True, False),  # in a caption
        ("vaswani2017", "chapters/intro.tex", 17, False, True),  # \citeyearpar
        ("radford2019", "chapters/intro.tex", 19, False, False),  # after 50\%, before a comment
        ("vaswani2017", "chapters/method.tex", 5, True, False),
        ("mikolov2013", "chapters/method.tex", 5, True, False),
        ("he2061", "chapters/method.tex", 7, False, False),
        ("he2016", "chapters/extra.tex", 3, False, False),
        ("listed2020", "chapters/extra.tex", 3, False, False),  # \nocite
        ("radford2019", "chapters/extra.tex", 4, True, False),  # in a macro's argument
    ]
    assert not any(c.key.startswith("fake_") for c in book.citations)
    by_key = {(c.key, c.line): c for c in book.citations}
    assert by_key["he2016", 2].column == 19
    assert by_key["he2016", 2].heading == 1 and by_key["he2016", 9].heading == 0
    assert by_key["vaswani2017", 3].sentence == "@vaswani2017 introduced attention; words came first [@mikolov2013]."
    assert by_key["devlin2019", 6].sentence.startswith("BERT [@devlin2019] is pre-trained.")
    assert by_key["he2016", 14].sentence == "A figure from @he2016."
    assert by_key["listed2020", 3].sentence == ""
    assert by_key["radford2019", 4].sentence == "As @radford2019 put it."
    assert {e.key for e in book.entries} == {"he2016", "vaswani2017", "mikolov2013", "devlin2019", "radford2019",
                                             "listed2020"}
    assert not [p for p in book.problems if p.severity == "error"]


def test_a_book_in_parts_with_biblatex(make_book):
    book = read_book(make_book(PARTS, "parts") / "book.tex")
    assert headings(book) == [
        (0, "part", "I", "Foundations", "part:f", "book.tex", 8),
        (1, "chapter", "1", "Vision", None, "book.tex", 9),
        (2, "section", "1.1", "Sub", None, "book.tex", 11),
        (3, "section", "1.1.1", "Subsub", None, "book.tex", 12),
        (4, "section", "1.1.1.1", "Numbered at depth three", None, "book.tex", 13),  # \setcounter{secnumdepth}{3}
        (0, "part", "II", "Language", None, "book.tex", 15),
        (1, "chapter", "2", "Words", None, "book.tex", 16),  # chapters run on across parts
        (1, "chapter", None, "Interlude", None, "book.tex", 19),
        (1, "chapter", "3", "Sentences", None, "book.tex", 20),
        (1, "appendix", "A", "Data", None, "book.tex", 23),
    ]
    keys = [(c.key, c.line) for c in book.citations]
    assert keys[:6] == [("he2016", 10), ("vaswani2017", 10), ("he2016", 14), ("mikolov2013", 14), ("he2016", 14),
                        ("he2016", 14)]
    assert keys[6:14] == [("mikolov2013", 17), ("vaswani2017", 17),  # \cites(pre)(post)[pre][post]{a}[post]{b}
                          ("mikolov2013", 18), ("he2016", 18), ("he2016", 18), ("vaswani2017", 18),
                          ("mikolov2013", 21), ("vaswani2017", 21)]
    assert sorted(keys[14:]) == [("he2016", 24), ("mikolov2013", 24), ("vaswani2017", 24)]  # \nocite{*}
    assert all(c.heading == 9 for c in book.citations[14:])
    assert [c.narrative for c in book.citations[:2]] == [True, False]  # \textcite, \parencite
    remote = [p for p in book.problems if p.code == "remote-bib"]
    assert [(p.file, p.line, p.severity) for p in remote] == [("book.tex", 4, "warning")]
    assert "http://example.org/remote.bib" in remote[0].message


def test_an_article_of_input_subfile_and_subimport_in_latin1(make_book):
    book = read_book(make_book(ARTICLE, "article"))
    assert book.files == ("paper.tex", "sections/one.tex", "sub/three.tex", "parts/four.tex", "parts/five.tex")
    # no chapters in an article: sections are the chapters of the tree; \appendix letters them
    assert headings(book) == [
        (1, "chapter", "1", "Café", None, "paper.tex", 6),
        (2, "section", "1.1", "Über", None, "sections/one.tex", 1),  # Latin-1, as inputenc declares
        (1, "chapter", "2", "Three", None, "sub/three.tex", 3),  # a subfile's body only
        (1, "chapter", "3", "Four", None, "parts/four.tex", 1),
        (1, "appendix", "A", "Extra", None, "paper.tex", 12),
    ]
    assert [(c.key, c.file, c.line) for c in book.citations] == [
        ("vaswani2017", "sections/one.tex", 2), ("mikolov2013", "sub/three.tex", 4),
        ("he2016", "parts/five.tex", 1),  # \input{five} inside parts/ resolves there, as import makes it
        ("he2016", "paper.tex", 13)]
    assert book.citations[0].sentence == "Gödel and @vaswani2017."
    unreadable = [p for p in book.problems if p.code == "unreadable-macro"]
    assert [(p.file, p.line) for p in unreadable] == [("paper.tex", 10)]  # two uses, reported once
    assert "\\citeby" in unreadable[0].message and "paper.tex:4" in unreadable[0].message
    assert not [p for p in book.problems if p.code == "not-utf8"]
    goedel = next(e for e in book.entries if e.key == "goedel1931")
    assert (goedel.authors[0].family, goedel.fields["title"]) == ("Gödel", "Über formal unentscheidbare Sätze")


def test_missing_and_cyclic_includes_are_reported_and_the_rest_is_read(make_book):
    root = make_book(INCLUDES)
    book = read_book(root)
    assert [(c.key, c.file, c.line) for c in book.citations] == [
        ("inloop", "loop.tex", 1), ("bare", "chapters/bare.tex", 1), ("spaced", "chapters/with space.tex", 1),
        ("after", "main.tex", 9)]
    found = {(p.code, p.severity, p.file, p.line) for p in book.problems}
    assert ("missing-include", "error", "main.tex", 4) in found  # \input of a missing file stops LaTeX
    assert ("missing-include", "warning", "main.tex", 5) in found  # \include of one is a LaTeX warning
    assert ("include-cycle", "error", "loop.tex", 2) in found
    assert ("unreadable-include", "warning", "main.tex", 10) in found  # \input{\chapterfile}


def test_includeonly_leaves_out_what_latex_leaves_out(make_book):
    root = make_book(INCLUDEONLY)
    book = read_book(root)
    assert [c.key for c in book.citations] == ["two"]
    assert [(p.code, p.line) for p in book.problems if p.code == "not-included"] == [("not-included", 4)]


def test_the_main_file_is_found_as_latex_tools_find_it(make_book, tmp_path):
    root = make_book(DETECTION)
    assert find_main(root) == root / "thesis.tex"
    assert default_name(root / "thesis.tex") == root.name  # a generic main file is named by its folder
    assert find_main(root / "chapters" / "intro.tex") == (root / "thesis.tex").resolve()  # the magic comment
    assert read_book(root).format == "latex"  # a README beside it does not make it a Markdown book
    two = make_book({"a.tex": THESIS["main.tex"], "b.tex": THESIS["main.tex"]}, "two")
    with pytest.raises(KbError, match=r"several LaTeX main files \(a.tex, b.tex\)"):
        read_book(two)  # detected as LaTeX, then told which files to choose from
    (two / "latexmkrc").write_text("@default_files = ('b.tex');\n")
    assert find_main(two) == two / "b.tex"


def test_latin1_without_a_declaration_is_read_with_a_warning(make_book):
    root = make_book(LATIN1_UNDECLARED)
    book = read_book(root)
    assert book.headings[0].title == "Café"
    assert [(p.code, p.line) for p in book.problems if p.code == "not-utf8"] == [("not-utf8", 3)]
    assert [c.key for c in book.citations] == ["k"]


def test_titles_as_readable_text():
    assert readable(r"On \emph{Deep} \textbf{Nets}~and G\"odel's $\alpha$-Loss\footnote{x \cite{a}}",
                    title=True) == "On Deep Nets and Gödel's α-Loss"
    assert readable(r"\texorpdfstring{$L^2$}{L2} norms") == "L2 norms"
    assert readable(r"as \citet{a} and \citep[p.~2]{b,c} show") == "as @a and [@b; @c] show"


def test_commands_pandoc_cannot_read_are_read(make_book):
    """Forms pandoc 2.17's LaTeX reader drops or fails on, so no oracle here: capitalised natbib commands,
    \\citenum, \\fullcite, \\citetitle and apacite's commands are silently not citations to it, and
    \\mintinline and a bare `\\input file` stop it with a parse error."""
    root = make_book(NOT_FOR_PANDOC)
    assert [(c.key, c.narrative) for c in read_book(root).citations] == [
        ("a", True), ("b", False), ("c", False), ("d", False), ("e", False), ("f", True), ("g", False),
        ("h", False)]


def test_nocite_star_in_an_ingested_book_cites_every_entry(make_book, tmp_path):
    from sqlalchemy import create_engine

    from kb.ingest.pipeline import ingest

    root = make_book(NOCITE_ALL)
    result = ingest(create_engine(f"sqlite:///{tmp_path / 'kb.sqlite'}"), root)
    assert result.counts["cited_keys"] == 6 and result.counts["broken_keys"] == 0


# --------------------------------------------------------------------------------------------- pandoc oracle
def pandoc_ast(text: str, cwd: Path) -> dict:
    """pandoc's LaTeX reader on `text`, run where no included file can be found, so each file is read alone."""
    done = subprocess.run([PANDOC, "-f", "latex", "-t", "json"], input=text, capture_output=True, text=True,
                          check=True, timeout=60, cwd=cwd)
    return json.loads(done.stdout)


def oracle_text(files: dict, rel: str, main: str, encoding: str) -> str:
    """A file as pandoc should read it alone: the book's own .sty files (pandoc does not load packages) and the
    main file's preamble, so the book's macros are defined, then the file's text (a subfile: its body, as
    LaTeX reads it)."""
    def text(name: str) -> str:
        data = files[name]
        return (data.decode(encoding) if isinstance(data, bytes) else data).replace("\r\n", "\n")

    packages = "".join(text(name) for name in files if name.endswith(".sty"))
    body = text(rel)
    if rel == main:
        return packages + body
    if "\\begin{document}" in body:
        body = body.split("\\begin{document}", 1)[1].split("\\end{document}", 1)[0]
    preamble = text(main).split("\\begin{document}", 1)[0]
    return packages + preamble + "\\begin{document}\n" + body + "\n\\end{document}\n"


# where pandoc's headings are not LaTeX's (KOMA's \addpart, \addchap and \addsec are unknown to pandoc too)
HEADINGS_DIFFER = {"article-parts": "pandoc puts a chapter level between an article's \\part and \\section; "
                                    "LaTeX has none (test_numbers_are_latexs_own)"}


@pytest.mark.parametrize("name", list(ORACLE))
def test_keys_per_file_equal_pandocs(name, make_book, tmp_path):
    """Every test book, file by file: the keys kb cites there are the keys pandoc's LaTeX reader cites in that
    file read alone, and its headings have pandoc's titles and relative levels. What pandoc cannot read is cut
    or left out, and ORACLE says why."""
    if PANDOC is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the pandoc oracle: apt-get install pandoc (.ci/run does)")
        pytest.skip("pandoc is not installed (apt-get install pandoc)")
    files, main, encoding, cannot = ORACLE[name]
    book = read_book(make_book(files, name))
    alone = tmp_path / "alone"
    alone.mkdir()
    entries = [e.key for e in book.entries]
    compared = left_out = headings = 0
    for rel in files:
        if not rel.endswith(".tex"):
            continue
        got = [c.key for c in book.citations if c.file == rel]
        if isinstance(cannot.get(rel), str):  # the reason is in ORACLE
            left_out += len(got)
            continue
        text = oracle_text(files, rel, main, encoding)
        if rel in cannot:
            cut, _reason = cannot[rel]
            assert cut in text, (rel, cut)
            text = text.replace(cut, "")
        ast = pandoc_ast(text, alone)
        expected = [k for key in cited_ids(ast) for k in (entries if key == "*" else [key])]  # \nocite{*}
        assert Counter(got) == Counter(expected), rel
        compared += len(got)
        if not re.search(r"\\add(?:part|chap|sec)\b", text) and name not in HEADINGS_DIFFER:
            ours = relative([(h.depth, h.title) for h in book.headings if h.file == rel])
            assert ours == relative(header_levels(ast)), rel
            headings += len(ours)
    assert compared + left_out == len(book.citations)  # every citation kb found was checked or explained
    assert compared > 0 or name in ("not-for-pandoc", "edges")
    assert headings > 0 or not book.headings or name in ("not-for-pandoc", "memoir", "edges", *HEADINGS_DIFFER)


def test_keys_held_by_a_macro_are_its_value(make_book):
    book = read_book(make_book(MACRO_KEYS))
    assert [c.key for c in book.citations] == ["he2016", "mikolov2013"]
    assert [(p.code, p.line) for p in book.problems if p.code == "unreadable-key"] == [("unreadable-key", 5)]


def test_ingest_check_chapters_and_exports_work_on_a_latex_book(make_book, tmp_path):
    from typer.testing import CliRunner

    from kb.cli import app

    runner = CliRunner()
    db = str(tmp_path / "kb.sqlite")
    root = make_book(THESIS, "thesis")
    done = runner.invoke(app, ["ingest", str(root), "--db", db, "--output", "json", "--format", "latex"])
    assert done.exit_code == 0, done.output
    counts = json.loads(done.stdout[done.stdout.index("{"):])
    assert (counts["headings"], counts["citations"], counts["broken_keys"]) == (9, 16, 1)
    check = runner.invoke(app, ["check", "--db", db])
    assert check.exit_code == 1 and "chapters/method.tex:7" in check.output and "he2016" in check.output
    rows = json.loads(runner.invoke(app, ["chapters", "--db", db, "--format", "json"]).stdout)
    assert [(r["id"], r["number"], r["kind"], r["citations"]) for r in rows] == [
        ("preface", None, "chapter", 1), ("ch:intro", "1", "chapter", 9), ("sec:bg", "1.1", "section", 5),
        ("notes", None, "section", 1), ("our-method-with-α-nets", "2", "chapter", 3), ("proofs", "A", "appendix", 3),
        ("a-lemma", "A.1", "section", 3)]
    bib = runner.invoke(app, ["export", "bibtex", "--db", db, "--chapter", "ch:intro"]).stdout
    assert sorted(line.split("{", 1)[1].rstrip(",") for line in bib.splitlines() if line.startswith("@")) == [
        "devlin2019", "he2016", "mikolov2013", "radford2019", "vaswani2017"]
    missing = make_book({"main.tex": THESIS["main.tex"].replace("\\include{chapters/method}\n", "\\input{nothere}\n"),
                         **{k: v for k, v in THESIS.items() if k != "main.tex"}}, "broken")
    done = runner.invoke(app, ["ingest", str(missing), "--db", db, "--name", "broken"])
    assert done.exit_code == 1 and "main.tex:12" in done.output and "Traceback" not in done.output
    rows = json.loads(runner.invoke(app, ["chapters", "--db", db, "--book", "broken", "--format", "json"]).stdout)
    assert [r["id"] for r in rows] == ["preface", "ch:intro", "sec:bg", "notes", "proofs", "a-lemma"]


def test_koma_memoir_appendices_package_local_macros_and_missing_bibliographies(make_book):
    root = make_book(MEMOIR)
    assert find_main(root) == root / "thesis.tex"
    book = read_book(root)
    assert [(h.number, h.kind, h.title) for h in book.headings] == [
        ("1", "chapter", "One"), ("1.1", "section", "Numbered"), (None, "section", "Not in memoir"),
        (None, "chapter", "Unnumbered"), ("A", "appendix", "Extra")]
    assert [(c.key, c.narrative, c.heading) for c in book.citations] == [("a", True, 3)]
    assert [(p.code, p.file, p.line) for p in book.problems if p.code == "missing-bib"] == [
        ("missing-bib", "thesis.tex", 12)]


def test_the_books_own_macros_read_as_text_in_titles_and_sentences(make_book):
    root = make_book(OWN_MACROS)
    book = read_book(root)
    assert [(h.title, h.number, h.anchor, h.line) for h in book.headings] == [
        ("Why Ours works with Res-Net and", "1", None, 7),  # a macro calling itself: dropped
        ("Second Le-Net", "2", "sec:two", 9)]  # a macro that makes a heading, used over two lines
    assert [(c.key, c.line, c.heading, c.sentence) for c in book.citations] == [
        ("x", 8, 0, "Ours beats @x."), ("y", 10, 1, "Then [@y].")]


def test_a_hand_written_bibliography_gives_the_entries(make_book, tmp_path):
    from sqlalchemy import create_engine

    from kb.ingest.pipeline import ingest

    root = make_book(THEBIBLIOGRAPHY)
    book = read_book(root)
    entries = {e.key: e for e in book.entries}
    assert list(entries) == ["he2016", "smith"]
    he = entries["he2016"]
    assert ([p.family for p in he.authors], he.fields["year"], he.fields["title"]) == (
        ["He", "Zhang"], "2016", "Deep residual learning for image recognition")
    assert (entries["smith"].fields["title"], entries["smith"].line) == (
        "J. Smith. A numeric-style title. Journal, 2020.", 7)  # not parsed: kept whole, so the key still resolves
    assert not [p for p in book.problems if p.code == "no-bibliography"]
    counts = ingest(create_engine(f"sqlite:///{tmp_path / 'kb.sqlite'}"), root).counts
    assert (counts["cited_keys"], counts["broken_keys"], counts["entry_works"], counts["cited_works"]) == (2, 0, 2, 2)


def test_files_of_the_tex_installation_are_not_the_books(make_book):
    from tests.latex_oracle import need

    need("kpsewhich")  # CI installs TeX Live; glyphtounicode.tex comes with pdfTeX
    root = make_book({"main.tex": "\\documentclass{article}\n\\input{glyphtounicode}\n\\begin{document}\n"
                                  "\\input{chapter}\n\\end{document}\n"})
    book = read_book(root)
    assert [(p.code, p.line) for p in book.problems if p.code == "missing-include"] == [("missing-include", 4)]
    assert book.files == ("main.tex",)


def test_an_unclosed_title_is_reported_and_the_rest_is_read(make_book):
    root = make_book({"main.tex": "\\documentclass{article}\n\\begin{document}\n\\section{Broken \\cite{a}\n\n"
                                  "Text \\cite{b\n\nmore}.\n\\section{Fine}\nAnd \\cite{c}.\n\\end{document}\n"})
    book = read_book(root)
    assert [(p.code, p.severity, p.line) for p in book.problems if p.code == "runaway-argument"] == [
        ("runaway-argument", "error", 3)]
    assert [h.title for h in book.headings] == ["Fine"]
    assert [(c.key, c.line) for c in book.citations] == [("a", 3), ("c", 9)]  # \cite{b ... is no citation either


def test_an_articles_sections_run_on_across_parts(make_book):
    assert [(h.depth, h.number, h.title) for h in read_book(make_book(ARTICLE_PARTS)).headings] == [
        (0, "I", "One"), (1, "1", "A"), (2, "1.1", "A1"), (0, None, "Two"), (1, "2", "B"), (0, "II", "Three"),
        (1, "3", "C"), (3, "3.0.1", "C1"), (4, None, "Not numbered"), (1, "A", "D")]


# --------------------------------------------------------------------------------------------- LaTeX as oracle
_CONTENTS = re.compile(r"\\@writefile\{toc\}\{\\contentsline \{(\w+)\}\{(?:\\numberline \{([^}]*)\}|"
                       r"([IVXLC]+)\\hspace)?|\\@input\{([^}]+)\}")


def latex_numbers(folder: Path, aux: str) -> list[tuple[str, str]]:
    """(level, number) of every numbered heading LaTeX wrote to the table of contents, in reading order (the
    main .aux, with each \\include'd file's .aux where it is input)."""
    found = []
    for m in _CONTENTS.finditer((folder / aux).read_text(encoding="utf-8", errors="replace")):
        if m.group(4):
            found += latex_numbers(folder, m.group(4))
        elif m.group(2) or m.group(3):
            found.append((m.group(1), m.group(2) or m.group(3)))
    return found


@pytest.mark.parametrize("files, main", [(THESIS, "main.tex"), (PARTS, "book.tex"), (ARTICLE_PARTS, "main.tex")],
                         ids=["thesis", "parts", "article-parts"])
def test_numbers_are_latexs_own(files, main, make_book):
    """pdflatex typesets the book (errors of packages the test books do not load are passed over) and its
    .aux files say which headings LaTeX numbered, and how: kb must number the same ones the same way."""
    from tests.latex_oracle import need

    need("pdflatex")
    root = make_book(files, "numbered")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", main], cwd=root, capture_output=True, timeout=300,
                   check=False)
    expected = latex_numbers(root, main.replace(".tex", ".aux"))
    levels = {0: "chapter", 1: "section", 2: "subsection", 3: "subsubsection"}
    book = read_book(root)
    top = 0 if "chapter" in {level for level, _ in expected} else 1  # an article's sections are kb's depth 1
    ours = [("part" if h.depth == 0 else levels[h.depth - 1 + top], h.number) for h in book.headings if h.number]
    assert expected and ours == expected


def test_let_aliases_xparse_counters_urls_and_what_is_left_open(make_book):
    book = read_book(make_book(EDGES))
    assert [(h.number, h.title) for h in book.headings] == [("5", "Five"), (None, "Unnumbered now")]
    assert [(c.key, c.narrative, c.line) for c in book.citations] == [("a", True, 9), ("b", False, 9)]
    assert book.citations[1].sentence == "See and @a, [@b]."  # the URL is not prose
    found = {(p.code, p.line) for p in book.problems}
    assert {("unclosed-verbatim", 10), ("no-end-document", 4)} <= found
