"""The full-text index is kept per work: writers re-index only the works they changed, and what they
changed is searchable at once, on SQLite (FTS5) and PostgreSQL (tsvector + GIN)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from kb.api import KnowledgeBase
from kb.api.works import search
from kb.ingest.enrich import EnrichOptions, enrich
from kb.ingest.pipeline import ingest
from kb.schema import SEARCH_TABLE
from tests.fake_openalex import FakeOpenAlex, make_work
from tests.ingest.test_enrich import config


def write(root, entries: dict[str, str]):
    """A one-chapter book citing every entry; `entries` maps key -> title (generated, not real works)."""
    root.mkdir(parents=True, exist_ok=True)
    bib = "\n".join(f"@article{{{k}, title={{{t}}}, author={{Roe, Ann}}, year={{2020}}, journal={{J}}}}"
                    for k, t in entries.items())
    (root / "refs.bib").write_text(bib + "\n", encoding="utf-8")
    (root / "index.Rmd").write_text("---\nbibliography: refs.bib\n---\n# One\n\n"
                                    + " ".join(f"[@{k}]" for k in entries) + "\n", encoding="utf-8")
    return root


def found(engine, query: str) -> set[str]:
    kb = KnowledgeBase(engine=engine)
    return {k for w in search(kb, query, limit=0) for k in w["keys"]}


def tamper(engine, work_key: str) -> None:
    """Overwrite one work's index row behind kb's back, to see whether a writer re-indexes it."""
    with engine.begin() as conn:
        work_id = conn.execute(text("SELECT work_id FROM workkey WHERE key = :k"), {"k": work_key}).scalar_one()
        if engine.dialect.name == "sqlite":
            conn.execute(text(f"UPDATE {SEARCH_TABLE} SET title = 'tampered' WHERE rowid = :w"), {"w": work_id})
        else:
            conn.execute(text(f"UPDATE {SEARCH_TABLE} SET document = to_tsvector('simple', 'tampered') "
                              "WHERE work_id = :w"), {"w": work_id})


def indexed(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {SEARCH_TABLE}")).scalar_one()


def test_an_ingest_reindexes_its_own_works_and_leaves_other_books_alone(engine, tmp_path):
    ingest(engine, write(tmp_path / "a", {"a1": "Velvet lanterns", "a2": "Quiet harbours"}), name="a")
    ingest(engine, write(tmp_path / "b", {"b1": "Copper meadows"}), name="b")
    tamper(engine, "a1")
    tamper(engine, "b1")
    ingest(engine, write(tmp_path / "b", {"b1": "Copper meadows revisited", "b2": "Silver orchards"}), name="b")
    assert found(engine, "tampered") == {"a1"}  # book a was not re-indexed; b1's row was rebuilt
    assert found(engine, "revisited") == {"b1"} and found(engine, "orchards") == {"b2"}
    assert indexed(engine) == 4
    ingest(engine, write(tmp_path / "a", {"a2": "Quiet harbours"}), name="a")  # a1 is no longer cited
    assert found(engine, "tampered") == set() and found(engine, "velvet") == set()
    assert indexed(engine) == 3


def test_a_work_shared_by_two_books_is_found_by_the_keys_of_both_until_one_drops_it(engine, tmp_path):
    shared = "Velvet lanterns}, doi={10.5555/gen.7"  # one DOI: one work under two keys
    ingest(engine, write(tmp_path / "a", {"lantern2020": shared}), name="a")
    ingest(engine, write(tmp_path / "b", {"roe2020velvet": shared}), name="b")
    assert found(engine, "lantern2020") == found(engine, "roe2020velvet") == {"lantern2020", "roe2020velvet"}
    ingest(engine, write(tmp_path / "b", {"other": "Silver orchards"}), name="b")
    assert found(engine, "roe2020velvet") == set() and found(engine, "lantern2020") == {"lantern2020"}


def test_accents_are_folded_in_the_text_and_in_the_query(engine, tmp_path):
    ingest(engine, write(tmp_path / "a", {"z": "Žídek on Baltrušaitis"}), name="a")
    assert found(engine, "zidek") == found(engine, "Žídek") == found(engine, "baltrusaitis") == {"z"}


def test_enrichment_makes_abstracts_and_topics_searchable(engine, tmp_path):
    book = write(tmp_path / "a", {"k0": "Velvet lanterns", "k1": "Quiet harbours"})
    (book / "refs.bib").write_text(
        "@article{k0, title={Velvet lanterns}, author={Roe, Ann}, year={2020}, doi={10.5555/gen.0}}\n"
        "@article{k1, title={Quiet harbours}, author={Roe, Ann}, year={2020}, doi={10.5555/gen.1}}\n")
    ingest(engine, book, name="a")
    server = FakeOpenAlex([
        make_work("W1", "Velvet lanterns", 2020, ["Ann Roe"], doi="10.5555/gen.0",
                  abstract="Glowing marmalade in the dark", topic=("T1", "Luminous preserves")),
        make_work("W2", "Quiet harbours", 2020, ["Ann Roe"], doi="10.5555/gen.1"),
    ]).start()
    try:
        assert found(engine, "marmalade") == set()
        tamper(engine, "k1")  # not enriched with anything new, but a target: re-indexed all the same
        enrich(engine, EnrichOptions(), config(server))
    finally:
        server.stop()
    assert found(engine, "marmalade") == found(engine, "luminous") == {"k0"}
    assert found(engine, "tampered") == set() and found(engine, "harbours") == {"k1"}


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite reads FTS5 syntax (tests/test_cli.py)
def test_postgresql_reads_web_search_syntax(engine, tmp_path):
    ingest(engine, write(tmp_path / "a", {"v": "Velvet lanterns at night", "q": "Quiet lanterns",
                                          "h": "Quiet harbours at night"}), name="a")
    assert found(engine, "lanterns") == {"v", "q"}
    assert found(engine, '"quiet lanterns"') == {"q"}
    assert found(engine, "lanterns -velvet") == {"q"}
    assert found(engine, "velvet or harbours") == {"v", "h"}
    kb = KnowledgeBase(engine=engine)
    (best, *_rest) = search(kb, "night lanterns", limit=0)
    assert best["keys"] == ["v"] and "[lanterns]" in best["snippet"].lower()
