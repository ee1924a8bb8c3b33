"""Set-valued queries of any size: no IN list ever exceeds a driver's parameter limit (PostgreSQL: 65,535)."""

from sqlmodel import Session

from kb.api import KnowledgeBase
from kb.api.works import work_summaries
from kb.db import delete_works
from kb.ingest.enrich import Cache, EnrichOptions
from kb.ingest.pipeline import ingest
from kb.models import Work

MANY = 70_000  # above PostgreSQL's 65,535 bind parameters per statement

BOOK = {
    "index.Rmd": "---\nbibliography: r.bib\n---\n# One\n\n[@a] and [@b].\n",
    "r.bib": "@article{a, title={Alpha study}, author={Ann, A}, year={2020}}\n"
             "@article{b, title={Beta study}, author={Bee, B}, year={2021}}\n",
}


def test_read_api_takes_more_ids_than_a_statement_can_bind(engine, make_book):
    ingest(engine, make_book(BOOK), name="s")
    kb = KnowledgeBase(engine=engine)
    ids = [r.id for r in kb.rows("SELECT id FROM work ORDER BY id")]
    wanted = list(range(-MANY, 0)) + ids  # tens of thousands that match nothing, then the real ones
    assert [r.id for r in kb.rows_in("SELECT id FROM work WHERE id IN {ids}", wanted)] == ids
    assert [w["keys"] for w in work_summaries(kb, wanted)] == [["a"], ["b"]]


def test_enrichment_cache_and_deletes_take_any_number_of_ids(engine, make_book):
    ingest(engine, make_book(BOOK), name="s")
    with Session(engine) as session:
        cache = Cache(session, EnrichOptions())
        assert cache.records({f"W{i}" for i in range(MANY)}) == {}
        assert delete_works(session, Work.id < 0) == 0
        session.add_all(Work(title="", norm_title="", origin="openalex", openalex_id=f"W{i}", entry_type="",
                             sources={}) for i in range(1000))
        session.flush()
        assert delete_works(session, Work.origin == "openalex") == 1000  # deleted in batches
        session.commit()


def test_search_runs_on_every_backend(engine, make_book):
    from kb.api.works import search

    ingest(engine, make_book(BOOK), name="s")
    kb = KnowledgeBase(engine=engine)
    assert [r["keys"] for r in search(kb, "alpha")] == [["a"]]
    assert sorted(r["keys"][0] for r in search(kb, "study", book="s")) == ["a", "b"]
    assert search(kb, "nothing like this") == []
