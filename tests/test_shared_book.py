"""Integration: the shared *Multimodal Deep Learning* book (skipped where ../shared is absent)."""

from collections import Counter

import pytest
from sqlalchemy import select
from sqlmodel import Session

from kb.db import make_engine
from kb.ingest.book import read_book
from kb.ingest.pipeline import ingest
from kb.ingest.resolve import resolve_book
from kb.models import Heading, Work, WorkKey
from tests.conftest import REPO, SHARED, dump_rows

TRANSFORMER_KEYS = {"vaswani2017attention", "NIPS2017_3f5ee243", "attention", "DBLP:conf/nips/VaswaniSPUJGKP17",
                    "AttentionIsAllYouNeed2017", "Vaswani2017"}


@pytest.fixture(scope="module")
def resolved(request):
    book = request.getfixturevalue("shared_book")
    return resolve_book(read_book(book))


def test_counts_broken_keys_and_warnings(resolved):
    source = resolved.source
    assert source.format == "bookdown"
    assert source.title == "Multimodal Deep Learning"
    assert len(source.files) == 21 and source.files[0] == "index.Rmd" and source.files[-1] == "99-references.Rmd"
    assert len(source.entries) == 399 and {e.file for e in source.entries} == {"book.bib"}
    assert len(source.citations) == 759  # pandoc: 751 in the prose, 8 in fig.cap chunk options
    assert len(resolved.resolutions) == 355
    assert "misc" not in resolved.resolutions  # the BibTeX snippet in index.Rmd's code block
    broken = {k: r for k, r in resolved.resolutions.items() if r.status == "broken"}
    assert set(broken) == {"efficient", "TRANSFORMERS_NLP", "renet"}
    assert [k for k, _ in broken["efficient"].suggestions][:2] == ["effecient", "EfficientNet"]
    assert source.missing_bib_files == ("packages.bib",)
    codes = Counter(p.code for p in resolved.problems)
    assert codes == {"spaced-citation": 8, "missing-bib": 1, "broken-key": 3}


def test_transformer_is_one_work_under_six_keys(resolved):
    cluster = resolved.clusters[resolved.cluster_of_key["attention"]]
    assert set(cluster.keys) == TRANSFORMER_KEYS
    assert cluster.arxiv_id == "1706.03762"
    assert cluster.year == 2017
    assert len(resolved.clusters) == 342
    assert sum(1 for c in resolved.clusters if len(c.keys) > 1) == 36
    gan = resolved.clusters[resolved.cluster_of_key["GAN"]]  # "Generative Adversarial Nets" / "... Networks"
    assert set(gan.keys) == {"GAN", "GAN2014", "NIPS2014_5ca3e9b1"}


def test_heading_tree(resolved):
    headings = resolved.source.headings
    assert len(headings) == 206
    chapters = [h.title for h in headings if h.depth == 1]
    assert chapters == ["Preface", "Foreword", "Introduction", "Introducing the modalities", "Multimodal architectures",
                        "Further Topics", "Conclusion", "Epilogue", "Acknowledgements"]
    by_anchor = {h.anchor: h for h in headings if h.anchor}
    part2 = by_anchor["c02-00-multimodal"]
    assert [h.anchor for h in headings if h.parent == part2.order] == [
        "c02-01-img2text", "c02-02-text2img", "c02-03-img-support-text", "c02-04-text-support-img",
        "c02-05-text-plus-img"]
    text2img = by_anchor["c02-02-text2img"]
    assert (text2img.title, text2img.authors, text2img.supervisors, text2img.file, text2img.line) == (
        "Text2Image", ("Karol Urbańczyk",), ("Jann Goschenhofer",), "02-02-text2img.Rmd", 1)
    assert part2.authors == ("Luyang Chu", "Karol Urbanczyk", "Giacomo Loss", "Max Schneider", "Steffen Jauch-Walser")


def test_ingest_is_idempotent_and_the_bundled_knowledge_base_is_reproducible(shared_book, tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite'}")
    ingest(engine, shared_book, name="multimodal-dl")
    first = dump_rows(engine)
    ingest(engine, shared_book, name="multimodal-dl")
    assert dump_rows(engine) == first
    with Session(engine) as session:
        keys = session.execute(select(WorkKey.key, WorkKey.work_id)).all()
        work_ids = {w for k, w in keys if k in TRANSFORMER_KEYS}
        assert len(work_ids) == 1
        (work,) = session.execute(select(Work).where(Work.id.in_(work_ids))).scalars().all()
        assert work.title == "Attention is All you Need"
        assert session.execute(select(Heading).where(Heading.anchor == "c02-01-img2text")).scalars().one().depth == 2
    # the bundled knowledge base: the published book, then its rendered draft
    draft = SHARED / "seed" / "multimodal-dl-draft.md"
    if not draft.is_file():
        pytest.skip(f"the seed draft is not at {draft}")
    ingest(engine, draft, name="multimodal-dl-draft")
    from kb.graph.classify import classify
    from kb.graph.taxonomy import load_taxonomy

    classify(engine, load_taxonomy())
    bundled = REPO / "data" / "papers.sqlite"
    assert bundled.is_file(), "data/papers.sqlite is missing: build it as the README says"
    assert dump_rows(make_engine(f"sqlite:///{bundled}", create=False)) == dump_rows(engine)
