"""The citation network the graph page draws (kb.api.graph.citation_network), on a small made-up book: works
capped to the most cited at the edge of `limit`, every node placed, modalities in the taxonomy's order,
communities named by their words, chapters or sections as the squares."""

from __future__ import annotations

import math

import pytest

from kb.api import open_kb
from kb.api.graph import citation_network
from kb.graph.layout import WORKS_WITHIN


@pytest.fixture
def small(make_book, tmp_path):
    from tests.dashboard.test_app import make_kb

    return make_kb(make_book, tmp_path)  # four works cited twice, one (evil) once


def test_the_limit_keeps_the_most_cited_works(small):
    with open_kb(small) as kb:
        every = citation_network(kb)
        n = len(every["works"])
        assert every["matching"] == n == 5
        assert [w["citations"] for w in every["works"]] == sorted((w["citations"] for w in every["works"]), reverse=True)
        same = citation_network(kb, limit=n)
        fewer = citation_network(kb, limit=n - 1)
    assert [w["id"] for w in same["works"]] == [w["id"] for w in every["works"]]
    assert [w["id"] for w in fewer["works"]] == [w["id"] for w in every["works"][:n - 1]]
    assert fewer["matching"] == n
    dropped = every["works"][-1]["id"]
    assert all(dropped not in (e["source"], e["target"]) for e in fewer["edges"])


def test_every_node_is_placed_and_the_works_sit_inside_the_chapters(small):
    with open_kb(small) as kb:
        network = citation_network(kb)
    pos = network["positions"]
    assert {c["id"] for c in network["chapters"]} | {w["id"] for w in network["works"]} == set(pos)
    assert all(abs(math.hypot(*pos[c["id"]]) - 1) < 1e-3 for c in network["chapters"])
    assert all(math.hypot(*pos[w["id"]]) <= WORKS_WITHIN + 1e-3 for w in network["works"])


def test_modalities_follow_the_taxonomy_and_communities_have_names(small):
    with open_kb(small) as kb:
        works = {w["label"]: w for w in citation_network(kb)["works"]}
    captions = works["Show and tell: A neural image caption generator"]
    assert captions["modalities"] == ["Text", "Image"]  # the taxonomy lists Text before Image
    assert captions["modality"] == "Text + Image"
    assert all(w["community_name"].startswith(f"{w['community']}: ") for w in works.values())


def test_sections_as_the_squares(small):
    with open_kb(small) as kb:
        chapters = [c["label"] for c in citation_network(kb)["chapters"]]
        sections = [c["label"] for c in citation_network(kb, level=2)["chapters"]]
    assert chapters == ["1 Vision", "2 Language", "3 Safety"]
    assert sections == ["1 Vision", "1.1 Captions", "2 Language", "3 Safety"]
