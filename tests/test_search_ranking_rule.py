"""The search ranking rule (kb.api.works.search), on SQLite and PostgreSQL: an exact key, whole title or
short name (the title before its colon) ranks before every word match, the most cited exact match first;
what only contains the query is a word match. The book and its titles are made up for these tests."""

from __future__ import annotations

import pytest

from kb.api import KnowledgeBase
from kb.api.works import EXACT_RANK, search
from kb.ingest.pipeline import ingest
from tests.conftest import write_files

BIB = """
@article{SPARK, title={Learning Transferable Lanterns From Quiet Supervision}, author={Roe, Ann}, year={2021}, journal={J}}
@misc{sparkblog, title={SPARK: Lanterns and Harbours}, author={Poe, Bo}, year={2021}}
@article{sparkv2, title={SPARK-V2: Brighter Lanterns}, author={Doe, Cy}, year={2022}, journal={J}}
@article{spark2021, title={How Much Can SPARK Help Harbours?}, author={Loe, Di}, year={2021}, journal={J}}
@article{twin, title={Quiet Harbours}, author={Moe, Ed}, year={2019}, journal={J}}
@article{harbours, title={Quiet Harbours and Quiet Harbours Again}, author={Noe, Fa}, year={2020}, journal={J}}
"""
TEXT = """---
bibliography: refs.bib
---
# One

Lanterns [@SPARK] and [@SPARK; @sparkv2] and once more [@SPARK]. Blogs [@sparkblog]; help [@spark2021].
Harbours [@twin] and [@harbours; @harbours].
"""


@pytest.fixture
def kb(engine, tmp_path):
    ingest(engine, write_files(tmp_path / "book", {"index.Rmd": TEXT, "refs.bib": BIB}), name="book")
    return KnowledgeBase(engine=engine)


def keys(rows) -> list[str]:
    return [r["keys"][0] for r in rows]


def test_an_exact_key_ranks_first_then_the_short_name_then_words(kb):
    rows = search(kb, "spark", limit=0)
    # SPARK: its key, cited 3 times; sparkblog: its short name ("SPARK: ..."), cited once; then word matches
    assert keys(rows)[:2] == ["SPARK", "sparkblog"]
    assert [r["rank"] for r in rows[:2]] == [EXACT_RANK, EXACT_RANK]
    assert all(r["rank"] > EXACT_RANK for r in rows[2:])


def test_what_only_contains_the_query_is_a_word_match(kb):
    rows = {r["keys"][0]: r["rank"] for r in search(kb, "spark", limit=0)}
    # "SPARK-V2: ..." has a longer short name, "spark2021" a longer key, "How Much Can SPARK ..." the word
    assert rows["sparkv2"] > EXACT_RANK and rows["spark2021"] > EXACT_RANK


def test_a_whole_title_is_exact_and_a_title_containing_it_is_not(kb):
    rows = search(kb, "quiet harbours", limit=0)
    assert keys(rows)[0] == "twin" and rows[0]["rank"] == EXACT_RANK
    # bm25 alone prefers the title saying it twice; the rule puts the exact title first
    assert "harbours" in keys(rows[1:]) and rows[1]["rank"] > EXACT_RANK


def test_among_exact_matches_the_most_cited_comes_first(kb, engine, tmp_path):
    more = TEXT.replace("Blogs [@sparkblog]", "Blogs [@sparkblog; @sparkblog] [@sparkblog] [@sparkblog]")
    ingest(engine, write_files(tmp_path / "again", {"index.Rmd": more, "refs.bib": BIB}), name="book")
    assert keys(search(KnowledgeBase(engine=engine), "SPARK", limit=0))[:2] == ["sparkblog", "SPARK"]
