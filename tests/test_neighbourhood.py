"""A work's neighbourhood (kb.api.neighbourhood): co-citation and coupling as Salton's cosine, computed here
by hand on tiny made-up books; references as prior and derivative works; the similarity threshold at its
edge; the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kb.api import KnowledgeBase, find_work, open_kb
from kb.api.neighbourhood import SIMILAR_FROM, neighbourhood, similar_enough
from kb.cli import app
from kb.ingest.pipeline import ingest
from tests.conftest import write_files

# Every work has words of its own (titles and the sentences citing it), so words make no work alike here
COCITED = {
    "index.Rmd": """---
bibliography: refs.bib
---
# One

## First

Alpha [@ka]. Bravo [@kb].

## Second

Charlie [@ka]. Delta [@kb]. Echo [@kc].

## Third

Foxtrot [@kc]. Golf [@kd].
""",
    "refs.bib": """
@article{ka, title={Velvet lanterns}, author={Roe, Ann}, year={2001}, journal={J}}
@article{kb, title={Copper meadows}, author={Poe, Bo}, year={2002}, journal={J}}
@article{kc, title={Silver orchards}, author={Doe, Cy}, year={2003}, journal={J}}
@article{kd, title={Amber valleys}, author={Loe, Di}, year={2004}, journal={J}}
""",
}


@pytest.fixture
def cocited(engine, tmp_path):
    ingest(engine, write_files(tmp_path / "book", COCITED), name="book")
    return KnowledgeBase(engine=engine)


def scores(found: dict) -> dict[str, tuple[str, float, str]]:
    return {r["keys"][0]: (r["relation"], r["score"], r["why"]) for r in found["rows"]}


def test_cocitation_is_saltons_cosine_of_the_headings_citing_each(cocited):
    ka = find_work(cocited, "ka")
    # ka is cited in First and Second, kb in First and Second: 2 / sqrt(2 x 2) = 1.0;
    # kc in Second and Third: 1 / sqrt(2 x 2) = 0.5; kd only in Third: nothing shared
    assert scores(neighbourhood(cocited, ka)) == {"kb": ("similar", 1.0, "co-citation 1.00"),
                                                  "kc": ("similar", 0.5, "co-citation 0.50")}
    kd = find_work(cocited, "kd")
    assert scores(neighbourhood(cocited, kd)) == {"kc": ("similar", 0.707, "co-citation 0.71")}  # 1 / sqrt(1 x 2)


def test_the_centre_carries_its_chapters_and_citations(cocited):
    found = neighbourhood(cocited, find_work(cocited, "kc"), "book")
    assert (found["work"]["title"], found["work"]["citations"], found["work"]["chapters"]) == (
        "Silver orchards", 2, ["1 One"])  # both sections belong to chapter 1
    assert found["enriched"] is False and found["book"] == "book"


def test_the_similarity_threshold_edges():
    assert similar_enough({"co-citation": SIMILAR_FROM})
    assert similar_enough({"text": SIMILAR_FROM / 2, "coupling": SIMILAR_FROM / 2})
    assert not similar_enough({"text": round(SIMILAR_FROM - 0.001, 3)})
    assert SIMILAR_FROM == 0.1


def test_words_make_works_alike(engine, tmp_path):
    book = dict(COCITED, **{"refs.bib": COCITED["refs.bib"].replace("Amber valleys", "Velvet lanterns at dusk")})
    ingest(engine, write_files(tmp_path / "worded", book), name="worded")
    kb = KnowledgeBase(engine=engine)
    found = scores(neighbourhood(kb, find_work(kb, "kd")))
    assert found["ka"][0] == "similar" and found["ka"][2].startswith("text 0.")  # shares "velvet lanterns"
    assert "kb" not in found  # shares neither a heading nor a word


def test_references_make_prior_and_derivative_works_and_coupling(make_book, tmp_path):
    from tests.dashboard.test_app import make_kb

    url = make_kb(make_book, tmp_path, enrich=True)  # W2 and W3 reference W1; W1 references W4; W2 -> W9, W3 -> W9
    with open_kb(url) as kb:
        he = neighbourhood(kb, find_work(kb, "he2016"))
        assert {r["keys"][0]: r["relation"] for r in he["rows"] if r["relation"] != "similar"} == {
            "mikolov2013": "prior", "cap2015": "derivative", "vaswani2017": "derivative"}
        cap = neighbourhood(kb, find_work(kb, "cap2015"))
    assert he["enriched"] is True
    # cap2015 references W1 and W9, vaswani2017 W1, W4 and W9: coupling 2 / sqrt(2 x 3) = 0.816
    vaswani = next(r for r in cap["rows"] if r["keys"] == ["vaswani2017"])
    assert vaswani["relation"] == "similar" and "coupling 0.82" in vaswani["why"]
    prior = {r["title"] for r in cap["rows"] if r["relation"] == "prior"}
    assert prior == {"Deep Residual Learning for Image Recognition", "An outside classic"}


def test_kb_graph_neighbourhood_lists_the_rows(cocited, engine):
    url = str(engine.url)
    result = CliRunner().invoke(app, ["graph", "neighbourhood", "ka", "--format", "json", "--db", url])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["keys"], r["relation"], r["score"]) for r in rows] == [(["kb"], "similar", 1.0), (["kc"], "similar", 0.5)]
    assert "Not enriched" in result.stderr
    assert CliRunner().invoke(app, ["graph", "neighbourhood", "ka", "--limit", "-1", "--db", url]).exit_code == 2
    missing = CliRunner().invoke(app, ["graph", "neighbourhood", "nothing-like-it", "--db", url])
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: no work matches `nothing-like-it`")
