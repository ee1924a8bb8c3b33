"""BibTeX reading: decoding, names, macros, and keeping the good part of bad files."""

import textwrap

import pytest
from bibtexparser.middlewares.names import parse_single_name_into_parts
from hypothesis import given
from hypothesis import strategies as st

from kb.ingest.bibtex import _SIMPLE_NAME, decode_latex, parse_bibtex, persons


def parse(text: str):
    return parse_bibtex(textwrap.dedent(text).lstrip("\n"), "refs.bib")


def test_fields_are_lower_cased_decoded_and_raw_values_kept():
    (entry,), problems = parse(r"""
        @ARTICLE{Urb2022,
          AUTHOR = {Urba{\'n}czyk, Karol and Aßenmacher, Matthias},
          TITLE = {{GLIDE:} Diffusion {\&} More},
          PAGES = {4467--4480},
          URL = {https://x.org/a\_b%20c},
          YEAR = {2022},
        }
    """)
    assert problems == []
    assert entry.entry_type == "article"
    assert entry.fields["title"] == "GLIDE: Diffusion & More"
    assert entry.raw_fields["title"] == r"{GLIDE:} Diffusion {\&} More"
    assert entry.fields["pages"] == "4467\u20134480"
    assert entry.fields["url"] == "https://x.org/a_b%20c"
    assert [(p.family, p.given) for p in entry.authors] == [("Urbańczyk", "Karol"), ("Aßenmacher", "Matthias")]
    assert entry.line == 1


def test_string_macros_comments_and_preambles():
    entries, problems = parse("""
        @string{neurips = "Advances in Neural Information Processing Systems"}
        @preamble{"\\newcommand{\\noop}[1]{}"}
        @comment{ignore me}
        @inproceedings{v17, title={Attention is all you need}, booktitle=neurips, year=2017,
                        author={Ashish Vaswani and Noam Shazeer and others}}
    """)
    assert problems == []
    (entry,) = entries
    assert entry.fields["booktitle"] == "Advances in Neural Information Processing Systems"
    assert [p.family for p in entry.authors] == ["Vaswani", "Shazeer", "others"]
    assert entry.line == 4


@pytest.mark.parametrize(
    "text, code, line, fragment",
    [
        pytest.param("@article{ok1, title={A}}\n\n@article{bad, title={unbalanced, year=2020\n\n@article{ok2, title={B}}\n",
                     "malformed-entry", 3, "check its braces", id="unbalanced-brace"),
        pytest.param("@article{ok1, title={A}}\n@article{ok1, title={B}}\n@article{ok2, title={C}}\n",
                     "malformed-entry", 2, "duplicate key `ok1`", id="duplicate-key"),
    ],
)
def test_bad_blocks_are_reported_with_line_and_the_rest_is_kept(text, code, line, fragment):
    entries, problems = parse_bibtex(text, "refs.bib")
    assert [e.key for e in entries] == ["ok1", "ok2"]
    (problem,) = problems
    assert (problem.code, problem.file, problem.line) == (code, "refs.bib", line)
    assert fragment in problem.message


def test_von_particles_and_braced_corporate_names():
    people = persons(r"de la Fontaine, Jean and {R Core Team} and van der Maaten, Laurens")
    assert [(p.von, p.family, p.given) for p in people] == [
        ("de la", "Fontaine", "Jean"), ("", "R Core Team", ""), ("van der", "Maaten", "Laurens")]


@pytest.mark.parametrize("value, expected", [
    ("plain title", "plain title"),
    ("{BERT}: Pre-training", "BERT: Pre-training"),
    (r"Schr{\"o}dinger", "Schrödinger"),
    (r"$\alpha$-divergence", r"$\alpha$-divergence"),
    ("pages 1--2 and 3---4", "pages 1\u20132 and 3\u20144"),
])
def test_decode_latex(value, expected):
    assert decode_latex(value) == expected


_word = st.text(alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZÀÉ"), min_size=1, max_size=1).flatmap(
    lambda first: st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß'", min_size=0, max_size=8).map(lambda r: first + r))


@given(family=st.lists(_word, min_size=1, max_size=3).map(" ".join),
       given_names=st.lists(st.tuples(_word, st.sampled_from(["", "."])).map("".join), min_size=1, max_size=3).map(" ".join))
def test_fast_name_path_agrees_with_bibtexparser(family, given_names):
    name = f"{family}, {given_names}"
    assert _SIMPLE_NAME.match(name)
    (ours,) = persons(name)
    theirs = parse_single_name_into_parts(name, strict=False)
    assert (ours.family, ours.given, ours.von) == (" ".join(theirs.last), " ".join(theirs.first), " ".join(theirs.von))


def test_a_repeated_field_keeps_the_entry_with_its_first_value_and_warns():
    entries, problems = parse("""
        @string{nips = "Advances in Neural Information Processing Systems"}
        @article{ok, title={Before}, year={2019}}
        @inproceedings{twice, title={{BERT}: Pre-training}, doi={10.18653/v1/N19-1423},
          booktitle=nips, DOI={10.18653/v1/N19-1423}, year={2019}, year={2018}}
        @article{after, title={After}, year={2021}}
    """)
    assert [e.key for e in entries] == ["ok", "twice", "after"]
    twice = entries[1]
    assert twice.fields["doi"] == "10.18653/v1/N19-1423"
    assert twice.fields["year"] == "2019"  # the first value, as pandoc and biber read it
    assert twice.fields["title"] == "BERT: Pre-training"
    assert twice.fields["booktitle"] == "Advances in Neural Information Processing Systems"  # the macro resolved
    assert twice.line == 3
    (problem,) = problems
    assert (problem.severity, problem.code, problem.line, problem.key) == ("warning", "repeated-field", 3, "twice")
    assert "doi (the same value)" in problem.message and "year (different values: 2019 / 2018)" in problem.message


def test_crossref_children_inherit_from_their_parent_as_biber_does():
    from kb.ingest.bibtex import apply_crossrefs

    entries, problems = parse("""
        @inproceedings{child, author={Lee, Bo}, title={A paper in the proceedings}, crossref={procs}, pages={1--9}}
        @inproceedings{own, author={Kim, Al}, title={Has its own year}, year={2001}, crossref={PROCS}}
        @article{orphan, author={Xu, Y}, title={Lost}, crossref={nowhere}}
        @proceedings{procs, title={Proceedings of the Thirty Conference}, year={2020}, editor={Ed, Itor},
          publisher={ACM}, doi={10.1/procs}}
    """)
    assert problems == []
    completed, problems = apply_crossrefs(entries)
    child, own, orphan, procs = completed
    assert child.fields["booktitle"] == "Proceedings of the Thirty Conference"
    assert child.fields["title"] == "A paper in the proceedings"
    assert (child.fields["year"], child.fields["publisher"], child.fields["pages"]) == ("2020", "ACM", "1\u20139")
    assert "doi" not in child.fields  # the proceedings' DOI is not the paper's
    assert [p.family for p in child.editors] == ["Ed"] and [p.family for p in child.authors] == ["Lee"]
    assert own.fields["year"] == "2001"  # the child's own field wins; keys compare without case
    assert orphan.fields == entries[2].fields
    (problem,) = problems
    assert (problem.code, problem.line, problem.key) == ("missing-crossref", 3, "orphan")


def test_crossref_in_a_book_fills_year_and_booktitle(make_book):
    from kb.ingest.book import read_book

    book = read_book(make_book({
        "index.Rmd": "---\nbibliography: refs.bib\n---\n# A\n\nSee [@child].\n",
        "refs.bib": "@inproceedings{child, author={Lee, Bo}, title={A paper}, crossref={procs}}\n"
                    "@proceedings{procs, title={Proc. of Things}, year={2020}}\n"}))
    (child, _) = book.entries
    assert (child.fields["year"], child.fields["booktitle"]) == ("2020", "Proc. of Things")
