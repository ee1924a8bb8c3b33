"""Whole books: file order, the heading tree, bibliographies, and bad input per format."""

import pytest

from kb.errors import KbError
from kb.ingest.book import read_book

BIB = """
@article{smith2020, author={Smith, Ann}, title={A study of things}, year={2020}}
@article{lee2021, author={Lee, Bo}, title={Another study}, year={2021}}
"""


def test_bookdown_uses_rmd_files_order_and_index_yaml_bibliography(make_book):
    root = make_book({
        "_bookdown.yml": """
            book_filename: x
            rmd_files: ["index.Rmd", "b.Rmd", "a.Rmd"]
        """,
        "index.Rmd": """
            ---
            title: "My Book"
            bibliography: [refs.bib, packages.bib]
            ---
            # Preface {-}
            *Author: Ann Smith*
        """,
        "a.Rmd": "# Second {#ch-a}\n\nCites [@lee2021].\n",
        "b.Rmd": "# First {#ch-b}\n\n## Section one\n\nCites @smith2020.\n",
        "refs.bib": BIB,
    })
    book = read_book(root)
    assert book.format == "bookdown"
    assert book.title == "My Book"
    assert book.files == ("index.Rmd", "b.Rmd", "a.Rmd")
    assert [(h.title, h.kind, h.depth, h.parent) for h in book.headings] == [
        ("Preface", "chapter", 1, None), ("First", "chapter", 1, None), ("Section one", "section", 2, 1),
        ("Second", "chapter", 1, None)]
    assert [(c.key, c.file, c.line, c.heading) for c in book.citations] == [
        ("smith2020", "b.Rmd", 5, 2), ("lee2021", "a.Rmd", 3, 3)]
    assert book.bib_files == ("refs.bib", "packages.bib")
    assert book.missing_bib_files == ("packages.bib",)
    (problem,) = book.problems
    assert (problem.code, problem.file, problem.line) == ("missing-bib", "index.Rmd", 3)
    assert "packages.bib" in problem.message


def test_bookdown_default_order_is_index_first_then_names_and_skips_underscore(make_book):
    root = make_book({
        "02-b.Rmd": "# B\n", "01-a.Rmd": "# A\n", "index.Rmd": "# Index\n", "_draft.Rmd": "# Draft\n",
    })
    assert read_book(root).files == ("index.Rmd", "01-a.Rmd", "02-b.Rmd")


def test_bookdown_parts_appendix_and_text_carried_across_files(make_book):
    root = make_book({
        "index.Rmd": "---\nbibliography: refs.bib\n---\n# (PART) Basics {-}\n\n# One\n",
        "02.Rmd": "More text of chapter one [@smith2020].\n\n# (APPENDIX) Appendix {-}\n\n# Extra\n",
        "refs.bib": BIB,
    })
    book = read_book(root)
    assert [(h.title, h.kind, h.depth, h.parent) for h in book.headings] == [
        ("Basics", "part", 0, None), ("One", "chapter", 1, 0), ("Appendix", "part", 0, None),
        ("Extra", "appendix", 1, 2)]
    assert [(c.key, c.heading) for c in book.citations] == [("smith2020", 1)]


def test_missing_chapter_in_bookdown_yml_names_file_and_line_and_keeps_the_rest(make_book):
    root = make_book({
        "_bookdown.yml": 'rmd_files:\n  - index.Rmd\n  - gone.Rmd\n',
        "index.Rmd": "---\nbibliography: refs.bib\n---\n# Only [@smith2020]\n",
        "refs.bib": BIB,
    })
    book = read_book(root)
    assert book.files == ("index.Rmd",)
    (problem,) = book.problems
    assert (problem.code, problem.file, problem.line) == ("missing-chapter", "_bookdown.yml", 3)
    assert "`gone.Rmd`" in problem.message
    assert [c.key for c in book.citations] == ["smith2020"]


def test_quarto_book_parts_nested_paths_appendices_and_crossrefs(make_book):
    root = make_book({
        "_quarto.yml": """
            project:
              type: book
            book:
              title: "Q Book"
              chapters:
                - index.qmd
                - part: "Methods"
                  chapters:
                    - chapters/chapter3/x.qmd
                - part: p2.qmd
                  chapters:
                    - y.qmd
              appendices:
                - app.qmd
            bibliography: references.bib
        """,
        "index.qmd": "# Preface {.unnumbered}\n\nSee @fig-one and [@smith2020].\n",
        "chapters/chapter3/x.qmd": "# Method X {#sec-x}\n\nAs in @sec-x and @lee2021.\n",
        "p2.qmd": "# Results part\n",
        "y.qmd": "# Y\n\n## Y.1\n",
        "app.qmd": "# Extra data\n\n@tbl-a shows [@smith2020].\n",
        "references.bib": BIB,
    })
    book = read_book(root)
    assert book.format == "quarto"
    assert book.title == "Q Book"
    assert book.files == ("index.qmd", "chapters/chapter3/x.qmd", "p2.qmd", "y.qmd", "app.qmd")
    assert [(h.title, h.kind, h.depth, h.parent) for h in book.headings] == [
        ("Preface", "chapter", 1, None), ("Methods", "part", 0, None), ("Method X", "chapter", 1, 1),
        ("Results part", "part", 0, None), ("Y", "chapter", 1, 3), ("Y.1", "section", 2, 4),
        ("Appendices", "part", 0, None), ("Extra data", "appendix", 1, 6)]
    assert [c.key for c in book.citations] == ["smith2020", "lee2021", "smith2020"]
    assert book.problems == ()


def test_quarto_bibliography_in_front_matter_relative_to_the_file(make_book):
    root = make_book({
        "_quarto.yml": "book:\n  chapters:\n    - ch/a.qmd\n",
        "ch/a.qmd": "---\nbibliography: local.bib\n---\n# A\n\n[@smith2020]\n",
        "ch/local.bib": BIB,
    })
    book = read_book(root)
    assert book.bib_files == ("ch/local.bib",)
    assert [e.key for e in book.entries] == ["smith2020", "lee2021"]


def test_pandoc_single_file_and_folder(make_book):
    root = make_book({
        "paper.md": "---\ntitle: Paper\nbibliography: refs.bib\n---\n# Intro\n\n[@lee2021]\n",
        "refs.bib": BIB,
    })
    book = read_book(root / "paper.md")
    assert (book.format, book.title, book.files) == ("pandoc", "Paper", ("paper.md",))
    assert [c.key for c in book.citations] == ["lee2021"]
    folder = make_book({"b.md": "# B\n[@x]\n", "a.md": "---\nbibliography: r.bib\n---\n# A\n", "r.bib": BIB},
                       name="folder")
    assert read_book(folder).files == ("a.md", "b.md")


@pytest.mark.parametrize("files, message", [
    pytest.param({}, "holds no book sources", id="empty-folder"),
    pytest.param({"notes.txt": "hello"}, "holds no book sources", id="no-markdown"),
])
def test_no_book_at_all_is_a_clear_error(make_book, files, message):
    root = make_book(files)
    root.mkdir(exist_ok=True)
    with pytest.raises(KbError, match=message):
        read_book(root)


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(KbError, match="does not exist"):
        read_book(tmp_path / "nope")


def test_non_utf8_and_binary_files_are_reported_and_the_rest_ingested(make_book):
    root = make_book({
        "index.Rmd": "---\nbibliography: refs.bib\n---\n# One\n\n[@smith2020]\n",
        "02-latin1.Rmd": "# Caf\xe9 [@lee2021]\n\nline two\n".encode("latin-1"),
        "03-binary.Rmd": b"\x89PNG\r\n\x1a\n\x00\x00",
        "refs.bib": BIB,
    })
    book = read_book(root)
    assert [(p.code, p.file, p.line, p.severity) for p in book.problems] == [
        ("not-utf8", "02-latin1.Rmd", 1, "warning"), ("binary-file", "03-binary.Rmd", 3, "error")]
    assert [h.title for h in book.headings] == ["One", "Caf\ufffd [@lee2021]"]
    assert [c.key for c in book.citations] == ["smith2020", "lee2021"]


def test_quarto_chapter_that_does_not_exist_names_the_project_file_line(make_book):
    root = make_book({
        "_quarto.yml": "book:\n  chapters:\n    - index.qmd\n    - missing/ch.qmd\nbibliography: r.bib\n",
        "index.qmd": "# One\n\n[@smith2020]\n",
        "r.bib": BIB,
    })
    book = read_book(root)
    assert [(p.code, p.file, p.line) for p in book.problems] == [("missing-chapter", "_quarto.yml", 4)]
    assert [c.key for c in book.citations] == ["smith2020"]


def test_a_non_markdown_file_is_refused_with_a_hint(make_book):
    root = make_book({"refs.bib": BIB})
    with pytest.raises(KbError, match="is not a Markdown, LaTeX or text file"):
        read_book(root / "refs.bib")


def test_extra_bib_from_the_command_line_is_relative_to_the_working_folder(make_book, monkeypatch):
    root = make_book({"ch.md": "# A\n\n[@lee2021]\n", "elsewhere/extra.bib": BIB})
    monkeypatch.chdir(root / "elsewhere")
    book = read_book(root / "ch.md", extra_bibliography=["extra.bib"])
    assert book.bib_files == ("elsewhere/extra.bib",)
    assert [e.key for e in book.entries] == ["smith2020", "lee2021"]
    assert [p.code for p in book.problems] == []


def test_quarto_includes_and_knitr_child_documents_are_read_in_place(make_book):
    root = make_book({
        "_quarto.yml": "book:\n  chapters:\n    - index.qmd\nbibliography: r.bib\n",
        "index.qmd": "# One\n\nBefore [@smith2020].\n\n{{< include parts/_inner.qmd >}}\n\nAfter [@lee2021].\n\n"
                     "{{< include _gone.qmd >}}\n",
        "parts/_inner.qmd": "## Inner section\n\nInside [@lee2021] and GLIDE.\n",
        "r.bib": BIB,
    })
    book = read_book(root)
    assert [(h.title, h.file, h.line, h.parent) for h in book.headings] == [
        ("One", "index.qmd", 1, None), ("Inner section", "parts/_inner.qmd", 1, 0)]
    assert [(c.key, c.file, c.line, c.heading) for c in book.citations] == [
        ("smith2020", "index.qmd", 3, 0), ("lee2021", "parts/_inner.qmd", 3, 1), ("lee2021", "index.qmd", 7, 1)]
    (problem,) = book.problems
    assert (problem.code, problem.file, problem.line) == ("missing-include", "index.qmd", 9)
    bookdown = make_book({
        "index.Rmd": "---\nbibliography: r.bib\n---\n# Main\n\n```{r, child='_child.Rmd'}\n```\n\nEnd [@smith2020].\n",
        "_child.Rmd": "Child text [@lee2021].\n",  # bookdown skips files starting with _
        "r.bib": BIB,
    }, name="bd")
    book = read_book(bookdown)
    assert [(c.key, c.file, c.line) for c in book.citations] == [("lee2021", "_child.Rmd", 1),
                                                                ("smith2020", "index.Rmd", 9)]


@pytest.mark.parametrize("newline", [pytest.param("\r\n", id="crlf"), pytest.param("\r", id="cr")])
def test_windows_and_old_mac_line_ends_read_like_unix_ones(make_book, newline):
    chapter = ("---\nbibliography: refs.bib\n---\n# Vision {#vision}\n\n*Author: Ann Smith*\n\nSee [@smith2020].\n\n"
               "```{r}\nx <- 1 # not @lee2021\n```\n\n## Details {-}\n\nAnd @lee2021.\n")
    unix = read_book(make_book({"index.Rmd": chapter, "refs.bib": BIB}, "unix"))
    other = read_book(make_book({"index.Rmd": chapter.replace("\n", newline).encode(),
                                 "refs.bib": BIB.replace("\n", newline).encode()}, "other"))
    assert [(h.title, h.anchor, h.numbered, h.authors, h.line) for h in other.headings] == [
        ("Vision", "vision", True, ("Ann Smith",), 4), ("Details", None, False, (), 14)]
    assert [(c.key, c.line) for c in other.citations] == [("smith2020", 8), ("lee2021", 16)]
    assert [(h.title, h.anchor, h.line) for h in other.headings] == [(h.title, h.anchor, h.line) for h in unix.headings]
    assert [(c.key, c.line, c.column) for c in other.citations] == [(c.key, c.line, c.column) for c in unix.citations]
    assert [e.key for e in other.entries] == ["smith2020", "lee2021"]
    assert other.problems == unix.problems == ()


def test_a_quarto_chapter_titled_only_in_its_front_matter_is_a_chapter(make_book):
    root = make_book({
        "_quarto.yml": "project:\n  type: book\nbook:\n  title: Q\n  chapters:\n    - index.qmd\n    - a.qmd\n"
                       "    - b.qmd\nbibliography: references.bib\n",
        "index.qmd": "# Preface {.unnumbered}\n\nHello [@smith2020].\n",
        "a.qmd": "---\ntitle: \"Methods in YAML\"\nid: sec-methods\n---\n\nIntro [@lee2021].\n\n## Details\n\n"
                 "More [@smith2020].\n",
        "b.qmd": "---\ntitle: Ignored as a chapter title\n---\n\n# Results\n\nSee [@lee2021].\n",
        "references.bib": BIB,
    })
    book = read_book(root)
    assert [(h.title, h.depth, h.anchor, h.file, h.line) for h in book.headings] == [
        ("Preface", 1, None, "index.qmd", 1), ("Methods in YAML", 1, "sec-methods", "a.qmd", 2),
        ("Details", 2, None, "a.qmd", 8), ("Results", 1, None, "b.qmd", 5)]
    titles = [h.title for h in book.headings]
    assert [(c.key, titles[c.heading]) for c in book.citations] == [
        ("smith2020", "Preface"), ("lee2021", "Methods in YAML"), ("smith2020", "Details"), ("lee2021", "Results")]


def test_nested_includes_resolve_from_the_main_document_and_slash_from_the_project_root(make_book):
    root = make_book({
        "_quarto.yml": "book:\n  chapters:\n    - chapters/one.qmd\nbibliography: r.bib\n",
        "chapters/one.qmd": "# One\n\n{{< include parts/_a.qmd >}}\n",
        # Quarto resolves this nested include from chapters/ (the main document), not chapters/parts/
        "chapters/parts/_a.qmd": "A [@smith2020].\n\n{{< include parts/_b.qmd >}}\n\n{{< include /shared/_c.qmd >}}\n",
        "chapters/parts/_b.qmd": "B [@lee2021].\n",
        "shared/_c.qmd": "C [@smith2020].\n",
        "r.bib": BIB,
    })
    book = read_book(root)
    assert [(c.key, c.file) for c in book.citations] == [
        ("smith2020", "chapters/parts/_a.qmd"), ("lee2021", "chapters/parts/_b.qmd"), ("smith2020", "shared/_c.qmd")]
    assert book.problems == ()
