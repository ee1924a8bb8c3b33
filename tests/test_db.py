"""Storing books: one transaction, idempotent, works shared between books."""

from sqlalchemy import select
from sqlmodel import Session

from kb.ingest.pipeline import ingest
from kb.models import BibEntry, Book, BookProblem, Citation, Heading, IngestRun, Work, WorkKey
from tests.conftest import dump_rows

BOOK_A = {
    "index.Rmd": "---\ntitle: Book A\nbibliography: refs.bib\n---\n# One {#one}\n\n*Author: Ann Lee*\n\n"
                 "## Part of one\n\nAttention [@vaswani2017] and again [@attention]. Broken [@nokey].\n",
    "refs.bib": """
        @inproceedings{vaswani2017, title={Attention is all you need}, author={Vaswani, Ashish}, year={2017},
          booktitle={NeurIPS}, eprint={1706.03762}, archivePrefix={arXiv}}
        @misc{attention, title={Attention Is All You Need}, author={Vaswani, A.}, year={2017},
          doi={10.48550/arXiv.1706.03762}}
        @article{uncited, title={Never cited anywhere at all}, author={Roe, Jo}, year={2001}}
    """,
}


def rows(engine, model):
    with Session(engine) as s:
        return s.execute(select(model)).scalars().all()


def test_book_rows_heading_tree_citations_and_keys(engine, make_book):
    result = ingest(engine, make_book(BOOK_A), name="a")
    assert result.counts == {"headings": 2, "citations": 3, "cited_keys": 3, "entries": 3, "entry_works": 2,
                             "cited_works": 1, "merged_clusters": 1, "broken_keys": 1, "input_errors": 0,
                             "warnings": 0, "mentions": 0}
    (book,) = rows(engine, Book)
    assert (book.name, book.title, book.format, book.bib_files) == ("a", "Book A", "bookdown", ["refs.bib"])
    one, part = sorted(rows(engine, Heading), key=lambda h: h.position)
    assert (one.title, one.anchor, one.authors, one.parent_id) == ("One", "one", ["Ann Lee"], None)
    assert (part.title, part.parent_id, part.depth) == ("Part of one", one.id, 2)
    cites = sorted(rows(engine, Citation), key=lambda c: c.column)
    assert [(c.key, c.status, c.heading_id, c.line) for c in cites] == [
        ("vaswani2017", "exact", part.id, 11), ("attention", "exact", part.id, 11), ("nokey", "broken", part.id, 11)]
    assert cites[0].work_id == cites[1].work_id is not None and cites[2].work_id is None
    assert cites[0].sentence == "Attention [@vaswani2017] and again [@attention]."
    keys = {k.key: k.work_id for k in rows(engine, WorkKey)}
    assert keys["vaswani2017"] == keys["attention"] != keys["uncited"]
    transformer = next(w for w in rows(engine, Work) if w.id == keys["attention"])
    assert (transformer.venue, transformer.arxiv_id, transformer.doi) == ("NeurIPS", "1706.03762",
                                                                         "10.48550/arxiv.1706.03762")
    assert {e.key: e.line for e in rows(engine, BibEntry)} == {"vaswani2017": 1, "attention": 3, "uncited": 5}
    (problem,) = rows(engine, BookProblem)
    assert (problem.code, problem.key, problem.line) == ("broken-key", "nokey", 11)


def test_reingest_leaves_an_identical_database_and_logs_each_run(engine, make_book):
    root = make_book(BOOK_A)
    ingest(engine, root, name="a")
    first = dump_rows(engine)
    ingest(engine, root, name="a")
    assert dump_rows(engine) == first
    assert [r.counts["citations"] for r in rows(engine, IngestRun)] == [3, 3]


def test_books_share_works_and_replacing_one_leaves_the_other(engine, make_book):
    ingest(engine, make_book(BOOK_A, name="a"), name="a")
    book_b = {
        "paper.md": "---\nbibliography: b.bib\n---\n# B\n\nTransformers [@Vaswani17].\n",
        "b.bib": "@article{Vaswani17, title={Attention Is All You Need}, author={Vaswani, Ashish and Shazeer, Noam},"
                 " journal={CoRR}, volume={abs/1706.03762}, year={2017}}\n",
    }
    ingest(engine, make_book(book_b, name="b") / "paper.md", name="b")
    keys = {(k.book_id, k.key): k.work_id for k in rows(engine, WorkKey)}
    assert len(set(keys.values())) == 2  # the transformer, shared, and book A's uncited entry
    shared = keys[(1, "attention")]
    assert keys[(2, "Vaswani17")] == shared
    work = next(w for w in rows(engine, Work) if w.id == shared)
    assert [a["family"] for a in work.authors] == ["Vaswani", "Shazeer"]  # fullest list across both books
    # book A drops its citations and bibliography: the shared work stays for book B
    ingest(engine, make_book({"index.Rmd": "# Empty\n"}, name="a2"), name="a")
    assert {w.id for w in rows(engine, Work)} == {shared}
    assert {(k.book_id, k.key) for k in rows(engine, WorkKey)} == {(2, "Vaswani17")}
