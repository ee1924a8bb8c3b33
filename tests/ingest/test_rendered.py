"""Rendered manuscripts: headings, author-year bibliographies and in-text citations."""

import textwrap

import pytest

from kb.ingest.book import read_book
from kb.ingest.rendered import parse_authors, parse_entry, read_rendered

BIBLIOGRAPHY = """
## ***Bibliography***

- Bahdanau, D., Cho, K., and Bengio, Y. (2014). Neural machine translation by jointly learning to align and translate.
- Brown, T., Mann, B., Ryder, N., et al. (2020). Language models are few-shot learners. *Advances in neural information processing systems*, 33:1877–1901.
- Chen, T., Kornblith, S., Norouzi, M., and Hinton, G. E. (2020a). A simple framework for contrastive learning of visual representations. *CoRR*, abs/2002.05709.
- Chen, X., Fan, H., Girshick, R., and He, K. (2020b). Improved baselines with momentum contrastive learning. *arXiv preprint arXiv:2003.04297*.
- Harnad, S. (1990). The symbol grounding problem. *Physica D: Nonlinear Phenomena*, 42(1-3):335–346. doi:10.1016/0167-2789(90)90087-6.
- He, K., Zhang, X., Ren, S., and Sun, J. (2015). Deep residual learning for image recognition. *CoRR*, abs/1512.03385.
- Lin, T.-Y., Maire, M., Belongie, S., and Zitnick, C. L. (2014). Microsoft coco: Common objects in context. In Fleet, D. and Pajdla, T., editors, *Computer Vision – ECCV 2014*, pages 740–755, Cham. Springer International Publishing.
- R Core Team (2018). *R: A Language and Environment for Statistical Computing*. R Foundation for Statistical Computing, Vienna, Austria.
- Silberer, C. and Lapata, M. (2012). Grounded models of semantic representation. In *Proceedings of EMNLP-CoNLL*, pages 1423–1433.
- Tan, M. and Le, Q. V. (2019). Efficientnet: Rethinking model scaling for convolutional neural networks. *CoRR*, abs/1905.11946.
- Mikolov, T., Chen, K., Corrado, G., and Dean, J. (2013). Efficient estimation of word representations in vector space.
"""

MANUSCRIPT = """
# *A Rendered Book*

# *Contents*

| Preface | v |
| 1 Introduction | 3 |

## *Preface*

Text of the preface.

# Foreword

*Author: Jane Doe*

## Technical Setup

Made with R ([R Core Team, 2018](#)).

# 1

---

## *Introduction*

*Author:*

*Supervisor:*

### 1.1 Word vectors

Embeddings ([Mikolov et al. \\(2013\\)](#)) and attention [Bahdanau et al. \\(2014\\)](#) matter.
Residual nets (He et al., 2015) and EfficientNets (Tan and Le, 2019) too (Lin et al., 2014; Chen et al., 2020a).
GPT-style pre-training (e. g. GPT-n, Generative Pre-trained Transformer; Brown et al., 2020) is common.
Grounding matters (see the “symbol grounding problem”; [Harnad, 1990](#)).
Silberer and Lapata (2012) use autoencoders, R Core Team (2018) is software, Chen et al. (2020b) improve.

**FIGURE 1.1:** Left, Silberer et al., 2014: autoencoders. Right, Brown et al., 2020: a model.

2

*Second chapter*

*Authors: Prof. Dr. Ann Lee, Bo Chen*

2.1 A plain numbered section

Nothing cited here, but see `code (Foo et al., 2010)` and $x (Bar, 2011)$.
""" + BIBLIOGRAPHY


@pytest.fixture(scope="module")
def book():
    return read_rendered(textwrap.dedent(MANUSCRIPT).lstrip("\n"), "draft.md")


def test_heading_tree_title_toc_front_matter_numbers_and_roles(book):
    assert book.title == "A Rendered Book"
    assert [(h.depth, h.title, h.number, h.parent) for h in book.headings] == [
        (1, "Preface", None, None), (1, "Foreword", None, None), (2, "Technical Setup", None, 1),
        (1, "Introduction", "1", None), (2, "Word vectors", "1.1", 3),
        (1, "Second chapter", "2", None), (2, "A plain numbered section", "2.1", 5)]
    assert book.headings[1].authors == ("Jane Doe",)
    assert (book.headings[3].authors, book.headings[3].supervisors) == ((), ())  # empty template values
    assert book.headings[5].authors == ("Ann Lee", "Bo Chen")


def test_bibliography_entries_are_parsed_with_keys_and_containers(book):
    entries = {e.key: e for e in book.entries}
    assert list(entries) == [
        "bahdanau2014neural", "brown2020language", "chen2020simple", "chen2020improved", "harnad1990symbol",
        "he2015deep", "lin2014microsoft", "rcoreteam2018r", "silberer2012grounded", "tan2019efficientnet",
        "mikolov2013efficient"]
    brown = entries["brown2020language"]
    assert [p.family for p in brown.authors] == ["Brown", "Mann", "Ryder", "others"]
    assert (brown.entry_type, brown.fields["journal"], brown.fields["volume"], brown.fields["pages"]) == (
        "article", "Advances in neural information processing systems", "33", "1877–1901")
    assert entries["chen2020simple"].fields["yearlabel"] == "2020a"
    assert entries["chen2020simple"].fields["eprint"] == "2002.05709"
    assert entries["chen2020improved"].fields["eprint"] == "2003.04297"
    assert entries["harnad1990symbol"].fields["doi"] == "10.1016/0167-2789(90)90087-6"
    assert (entries["harnad1990symbol"].fields["number"], entries["harnad1990symbol"].fields["pages"]) == (
        "1-3", "335–346")
    lin = entries["lin2014microsoft"]
    assert (lin.entry_type, lin.fields["booktitle"], lin.fields["pages"], lin.fields["publisher"]) == (
        "incollection", "Computer Vision – ECCV 2014", "740–755", "Springer International Publishing")
    r = entries["rcoreteam2018r"]
    assert ([p.family for p in r.authors], r.fields["title"], r.fields["publisher"]) == (
        ["R Core Team"], "R: A Language and Environment for Statistical Computing",
        "R Foundation for Statistical Computing, Vienna, Austria")
    assert [(p.family, p.given) for p in entries["tan2019efficientnet"].authors] == [("Tan", "M."), ("Le", "Q. V.")]
    assert entries["bahdanau2014neural"].fields["title"] == "Neural machine translation by jointly learning to align and translate"


def test_every_citation_form_is_linked_to_its_entry(book):
    linked = [(c.key, c.entry_key, c.narrative) for c in book.citations]
    assert linked == [
        ("R Core Team, 2018", "rcoreteam2018r", False),
        ("Mikolov et al., 2013", "mikolov2013efficient", True),
        ("Bahdanau et al., 2014", "bahdanau2014neural", True),
        ("He et al., 2015", "he2015deep", False),
        ("Tan and Le, 2019", "tan2019efficientnet", False),
        ("Lin et al., 2014", "lin2014microsoft", False),
        ("Chen et al., 2020a", "chen2020simple", False),
        ("Brown et al., 2020", "brown2020language", False),
        ("Harnad, 1990", "harnad1990symbol", False),
        ("Silberer and Lapata, 2012", "silberer2012grounded", True),
        ("R Core Team, 2018", "rcoreteam2018r", True),
        ("Chen et al., 2020b", "chen2020improved", True),
        ("Silberer et al., 2014", "", False),  # in a figure caption, with no entry
        ("Brown et al., 2020", "brown2020language", False),
    ]
    unmatched = [p for p in book.problems if p.code == "unmatched-citation"]
    assert [(p.key, p.line) for p in unmatched] == [("Silberer et al., 2014", 38)]
    assert [c.heading for c in book.citations[:4]] == [2, 4, 4, 4]  # Technical Setup, then Word vectors
    assert book.citations[1].sentence.startswith("Embeddings (Mikolov et al. (2013)")


def test_same_surname_and_year_without_suffix_is_ambiguous_and_not_guessed():
    text = textwrap.dedent("""
        # 1

        ## Chapter

        As shown (Smith et al., 2020) and by Smith and Jones (2020).

        # References

        - Smith, A., Lee, B., and Roe, C. (2020). First paper on things.
        - Smith, A., Lee, B., and Poe, D. (2020). Second paper on things.
        - Smith, A. and Jones, B. (2020). Third paper on things.
    """)
    book = read_rendered(text, "m.md")
    assert [(c.key, c.entry_key) for c in book.citations] == [
        ("Smith et al., 2020", ""), ("Smith and Jones, 2020", "smith2020third")]
    (problem,) = [p for p in book.problems if p.code == "ambiguous-citation"]
    assert (problem.key, problem.line) == ("Smith et al., 2020", 6)
    assert "smith2020first, smith2020second" in problem.message


def test_unparsable_entry_is_kept_as_raw_text_with_a_warning():
    text = "# 1\n\n## Ch\n\nText (Doe, 2001).\n\n# Bibliography\n\n- Doe, J. (2001). A fine paper.\n- Something odd without a year\n"
    book = read_rendered(text, "m.md")
    assert [e.key for e in book.entries] == ["doe2001fine", "somethingraw10"]
    assert book.entries[1].fields["title"] == "Something odd without a year"
    (problem,) = book.problems
    assert (problem.code, problem.line, problem.severity) == ("unparsed-entry", 10, "warning")


def test_no_bibliography_section_is_reported_and_headings_kept():
    book = read_rendered("# 1\n\n## Chapter\n\nText (Doe, 2001).\n", "m.md")
    assert [h.title for h in book.headings] == ["Chapter"]
    assert [p.code for p in book.problems] == ["no-bibliography-section", "unmatched-citation"]


@pytest.mark.parametrize("text, people", [
    ("Baevski, A., Hsu, W.-N., Xu, Q., and Auli, M.", [("Baevski", "A."), ("Hsu", "W.-N."), ("Xu", "Q."),
                                                       ("Auli", "M.")]),
    ("Vaswani, A., Shazeer, N., & Kaiser, Ł.", [("Vaswani", "A."), ("Shazeer", "N."), ("Kaiser", "Ł.")]),
    ("Vaswani A, Shazeer N, Parmar N", [("Vaswani", "A"), ("Shazeer", "N"), ("Parmar", "N")]),
    ("R Core Team", [("R Core Team", "")]),
])
def test_author_lists(text, people):
    assert [(p.family, p.given) for p in parse_authors(text)] == people


def test_harvard_entry_without_period_after_year():
    entry, problem = parse_entry("Vaswani, A. et al. (2017) Attention is all you need. *NeurIPS*, 30.", "f", 1)
    assert problem is None
    assert (entry.record.key, entry.record.fields["journal"], entry.year_label) == (
        "vaswani2017attention", "NeurIPS", "2017")


def test_detection_and_forcing_the_rendered_format(make_book):
    root = make_book({"draft.md": MANUSCRIPT, "notes.md": "# Notes\n\nNo bibliography here.\n"})
    book = read_book(root / "draft.md")
    assert book.format == "rendered"
    assert len(book.entries) == 11 and len(book.citations) == 14
    assert read_book(root / "notes.md").format == "pandoc"
    forced = read_book(root / "notes.md", "rendered")
    assert forced.format == "rendered"
    assert [p.code for p in forced.problems] == ["no-bibliography-section"]


def test_binary_manuscript_is_an_error_not_a_crash(make_book):
    root = make_book({"draft.md": b"\x00\x01binary"})
    book = read_book(root / "draft.md", "rendered")
    assert [(p.code, p.severity) for p in book.problems] == [("binary-file", "error")]
    assert book.citations == () and book.entries == ()


def test_plain_text_manuscript_from_a_pdf(make_book):
    text = textwrap.dedent("""
        1

        *Introduction*

        Word vectors (Mikolov et al., 2013) changed NLP.

        1.1 Background

        As Harnad (1990) argued.

        References

        Harnad, S. (1990). The symbol grounding problem. Physica D, 42:335–346.

        Mikolov, T., Chen, K., Corrado, G., and Dean, J. (2013). Efficient estimation of word
        representations in vector space. arXiv preprint arXiv:1301.3781.
    """).lstrip("\\n")
    root = make_book({"book.txt": text})
    book = read_book(root / "book.txt")
    assert book.format == "rendered"
    assert [(h.number, h.title) for h in book.headings] == [("1", "Introduction"), ("1.1", "Background")]
    assert [(c.key, c.entry_key) for c in book.citations] == [
        ("Mikolov et al., 2013", "mikolov2013efficient"), ("Harnad, 1990", "harnad1990symbol")]
    mikolov = book.entries[1]
    assert mikolov.fields["title"] == "Efficient estimation of word representations in vector space"
    assert mikolov.fields["eprint"] == "1301.3781"


from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_pieces = st.sampled_from([
    "Smith", "Smith et al.", "and Lee", " (2020)", " (2020a, 2021)", "(Smith, 2019; Lee and Roe, 2020)", "[Harnad, 1990](#)",
    "\\(2013\\)", "# 2", "## Chapter 1", "### 2.1 Intro", "7", "*title*", "*Author: A B*", "\n", "\n\n", " ",
    "## Bibliography", "- Smith, J. (2020). A title. *Journal*, 1(2):3--4.", "- R Core Team (2018). *R*. Vienna.",
    "$x$", "`code`", "(", ")", ",", ";", "e. g.", "van der Berg", "Müller", "---", "References"])


@settings(deadline=1000, max_examples=200)
@example("Smith, " * 2000 + "and Lee (2020)")  # an unbounded author list used to backtrack for seconds
@example("Smith Jones Brown " * 2000 + "(2020)")
@given(st.lists(_pieces, max_size=40).map("".join))
def test_the_rendered_reader_never_crashes_and_links_only_real_entries(text):
    book = read_rendered(text, "x.md")
    keys = {e.key for e in book.entries}
    for c in book.citations:
        assert c.entry_key == "" or c.entry_key in keys
    lines = text.split("\n")
    for h in book.headings:
        assert 1 <= h.line <= len(lines)
