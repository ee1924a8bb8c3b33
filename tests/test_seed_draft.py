"""Integration: the rendered draft of the shared book, and its comparison with the published book."""

from collections import Counter

import pytest

from kb.api import KnowledgeBase
from kb.api.compare import compare_books
from kb.db import make_engine
from kb.ingest.book import read_book
from kb.ingest.pipeline import ingest
from tests.conftest import SHARED
from tests.test_shared_book import TRANSFORMER_KEYS

SEED = SHARED / "seed" / "multimodal-dl-draft.md"

# every distinct in-text citation of the draft and the entry it must link to
EXPECTED_LINKS = {
    "R Core Team, 2018": "rcoreteam2018r", "Mikolov et al., 2013": "mikolov2013efficient",
    "Bojanowski et al., 2016": "bojanowski2016enriching", "Sutskever et al., 2014": "sutskever2014sequence",
    "Bahdanau et al., 2014": "bahdanau2014neural", "Vaswani et al., 2017": "vaswani2017attention",
    "Devlin et al., 2018": "devlin2018bert", "Raffel et al., 2019": "raffel2019exploring",
    "Brown et al., 2020": "brown2020language", "He et al., 2015": "he2015deep",
    "Tan and Le, 2019": "tan2019efficientnet", "Chen et al., 2020": "chen2020simple",
    "Caron et al., 2020": "caron2020unsupervised", "Grill et al., 2020": "grill2020bootstrap",
    "Dosovitskiy et al., 2020": "dosovitskiy2020image", "Lin et al., 2014": "lin2014microsoft",
    "Cornia et al., 2020": "cornia2020meshed", "Ramesh et al., 2021": "ramesh2021zero",
    "Nichol et al., 2021": "nichol2021glide", "Harnad, 1990": "harnad1990symbol",
    "Bordes et al., 2020": "bordes2020incorporating", "Silberer and Lapata, 2012": "silberer2012grounded",
    "Radford et al., 2021": "radford2021learning", "Baevski et al., 2022": "baevski2022data2vec",
    "Silberer et al., 2014": None,  # the figure caption's citation: no entry, reported
}


@pytest.fixture(scope="module")
def draft():
    if not SEED.is_file():
        pytest.skip(f"the seed draft is not at {SEED} (../shared is only present on project machines)")
    return read_book(SEED)


def test_detected_as_rendered_with_its_chapter_tree(draft):
    assert (draft.format, draft.title) == ("rendered", "Multimodal Deep Learning")
    chapters = [(h.number, h.title) for h in draft.headings if h.depth == 1]
    assert chapters == [
        (None, "Preface"), (None, "Foreword"), ("1", "Introduction"), ("2", "Chapter 1"),
        ("3", "Resources and Benchmarks for NLP, CV and multimodal tasks"), ("4", "Chapter 1"),
        ("5", "title"), ("6", "title"), ("7", "title"), ("8", "title"), ("9", "title"), ("10", "title"),
        ("11", "Chapter 2 Multimodal architectures"), ("12", "Further Topics"), ("13", "Further Modalities"),
        ("14", "Strucutered + Unstrucutered Data"), ("15", "Multi-purpose Models"), ("16", "title"),
        ("17", "Epilogue"), ("18", "Acknowledgements")]
    by_anchor = {h.number: h for h in draft.headings if h.number}
    assert by_anchor["2"].authors == ("Cem Akkus", "Vladana Djakovic", "Christopher Benjamin Marquardt")
    assert by_anchor["2"].supervisors == ("Matthias Aßenmacher",)
    assert by_anchor["3"].supervisors == ("Christian Heumann",)
    assert by_anchor["1"].authors == () and by_anchor["1"].supervisors == ()
    assert [h.number for h in draft.headings if h.depth > 1 and h.number][:6] == [
        "1.1", "1.2", "2.1", "2.2", "3.0.1", "3.0.1.1"]
    assert by_anchor["17.1"].title == "test"


def test_every_bibliography_entry_parsed(draft):
    assert len(draft.entries) == 24
    for entry in draft.entries:
        assert entry.authors and entry.fields["title"] and entry.fields["year"].isdigit(), entry.key
    assert not [p for p in draft.problems if p.code == "unparsed-entry"]


def test_every_in_text_citation_linked_and_the_caption_one_reported(draft):
    links = {c.key: (c.entry_key or None) for c in draft.citations}
    assert links == EXPECTED_LINKS
    assert len(draft.citations) == 33
    assert Counter(c.key for c in draft.citations)["Baevski et al., 2022"] == 3
    (unmatched,) = [p for p in draft.problems if p.code == "unmatched-citation"]
    assert (unmatched.key, unmatched.line) == ("Silberer et al., 2014", 379)


def test_compared_with_the_published_book(draft, shared_book, tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite'}")
    ingest(engine, shared_book, name="published")
    ingest(engine, SEED, name="draft")
    result = compare_books(KnowledgeBase(engine=engine), "published", "draft")
    assert [w["keys_b"] for w in result["only_in_b"]] == [["silberer2012grounded"]]
    assert len(result["in_both"]) == 23 and len(result["only_in_a"]) == 283  # the GAN paper is one work (3 keys)
    transformer = next(w for w in result["in_both"] if "vaswani2017attention" in w["keys_b"])
    assert set(transformer["keys_a"]) == TRANSFORMER_KEYS
    pairs = {(c["chapter_a"], c["chapter_b"]): c for c in result["by_chapter"]}
    assert ("Multimodal architectures", "Chapter 2 Multimodal architectures") in pairs
    assert ("Introducing the modalities", "Chapter 1") in pairs  # paired by identical author lists
    assert pairs[("Introducing the modalities", "Chapter 1")]["paired_by"] == "authors"
    assert ("Multipurpose Models", "Multi-purpose Models") in pairs
    assert len(pairs[("Multimodal architectures", "Chapter 2 Multimodal architectures")]["in_both"]) == 10
    # works the draft names without citing them, found through the published book's bibliography
    from sqlalchemy import select
    from sqlmodel import Session

    from kb.models import Book, Mention

    with Session(engine) as session:
        book_id = session.execute(select(Book.id).where(Book.name == "draft")).scalar_one()
        names = {m.name for m in session.execute(select(Mention).where(Mention.book_id == book_id)).scalars()}
    assert {"Data2vec", "Perceiver", "Pathways", "PaLM", "UniT"} <= names
