"""Every metric on a six-work toy graph whose values are worked out by hand below.

    book
     ├── H1 (chapter, depth 1) cites A, B, C          references: A -> C, A -> D, A -> E
     │    └── H1.1 (section, depth 2) cites C (twice)              B -> C, B -> E
     └── H2 (chapter, depth 1) cites C, D                          D -> E
    E and F are outside the book (stubs); F is referenced by nobody.
    Years: A 2020, B 2021, C 2017, D 2019; A and B are labelled modality.image, C modality.text.
"""

import networkx as nx
import pytest

from kb.graph import metrics


@pytest.fixture
def toy() -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_node("book:b", type="book")
    G.add_node("heading:1", type="chapter", depth=1, label="H1")
    G.add_node("heading:2", type="section", depth=2, label="H1.1")
    G.add_node("heading:3", type="chapter", depth=1, label="H2")
    for w, year in (("A", 2020), ("B", 2021), ("C", 2017), ("D", 2019)):
        G.add_node(f"work:{w}", type="work", in_book=True, year=year, label=w)
    for w in ("E", "F"):
        G.add_node(f"work:{w}", type="work", in_book=False, label=w)
    G.add_edge("book:b", "heading:1", type="contains")
    G.add_edge("heading:1", "heading:2", type="contains")
    G.add_edge("book:b", "heading:3", type="contains")
    for h, works in (("heading:1", "ABC"), ("heading:2", "C"), ("heading:3", "CD")):
        for w in works:
            G.add_edge(h, f"work:{w}", type="cites", weight=2 if h == "heading:2" else 1)
    for a, b in (("A", "C"), ("A", "D"), ("A", "E"), ("B", "C"), ("B", "E"), ("D", "E")):
        G.add_edge(f"work:{a}", f"work:{b}", type="references")
    G.add_node("taxonomy:modality.image", type="taxonomy")
    G.add_node("taxonomy:modality.text", type="taxonomy")
    for w, node in (("A", "image"), ("B", "image"), ("C", "text")):
        G.add_edge(f"work:{w}", f"taxonomy:modality.{node}", type="labelled", confidence=0.8)
    return G


def test_in_book_citation_count(toy):
    # C is cited by H1, H1.1 and H2; the others by one heading each
    assert metrics.in_book_citation_count(toy) == {"work:A": 1, "work:B": 1, "work:C": 3, "work:D": 1}


def test_in_degree(toy):
    # C <- A, B; D <- A; E <- A, B, D
    assert metrics.in_degree(toy) == {"work:A": 0, "work:B": 0, "work:C": 2, "work:D": 1, "work:E": 3, "work:F": 0}


def test_pagerank_on_a_two_node_chain():
    # A -> B with B dangling, alpha 0.85: a = 0.15/2 + 0.85 * b/2 and a + b = 1, so a = 0.5/1.425
    G = nx.DiGraph()
    G.add_node("work:A", type="work")
    G.add_node("work:B", type="work")
    G.add_edge("work:A", "work:B", type="references")
    ranks = metrics.pagerank(G)
    assert ranks["work:A"] == pytest.approx(0.5 / 1.425, abs=1e-6)
    assert ranks["work:B"] == pytest.approx(1 - 0.5 / 1.425, abs=1e-6)


def test_pagerank_of_the_toy_sums_to_one_and_ranks_e_first(toy):
    ranks = metrics.pagerank(toy)
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert max(ranks, key=ranks.get) == "work:E"  # referenced by three works, one of them itself referenced


def test_cocitation(toy):
    # H1 cites {A, B, C}: pairs AB, AC, BC; H1.1 cites {C}: none; H2 cites {C, D}: CD
    assert metrics.cocitation(toy) == {("work:A", "work:B"): 1, ("work:A", "work:C"): 1,
                                       ("work:B", "work:C"): 1, ("work:C", "work:D"): 1}


def test_coupling(toy):
    # refs A = {C, D, E}, B = {C, E}, D = {E}: A-B share C and E, A-D share E, B-D share E
    assert metrics.coupling(toy) == {("work:A", "work:B"): 2, ("work:A", "work:D"): 1, ("work:B", "work:D"): 1}


def test_chapter_similarity(toy):
    # H1 (with H1.1) cites {A, B, C}, H2 cites {C, D}: Jaccard 1/4; coupled pairs across them:
    # (A, D) 1 and (B, D) 1 = 2, (A, B) lies inside H1 only
    assert metrics.chapter_similarity(toy) == [("heading:1", "heading:3", 0.25, 2)]


def test_gaps_and_missing_prior_work(toy):
    # E is referenced by A, B and D and cited by no heading; C and D are cited
    assert metrics.gaps(toy) == [{"work": "work:E", "title": "E", "year": None, "referenced_by": 3,
                                  "referencing": ["work:A", "work:B", "work:D"]}]
    # H1's works A, B reference E twice and D once (D is not cited in H1); H2's works: D -> E once
    missing = metrics.missing_prior_work(toy, min_references=2)
    assert missing["heading:1"] == [{"work": "work:E", "title": "E", "referenced_by": 2}]
    assert missing["heading:3"] == []


def test_timeline(toy):
    assert metrics.timeline(toy, "modality") == {"taxonomy:modality.image": {2020: 1, 2021: 1},
                                                 "taxonomy:modality.text": {2017: 1}}


def test_communities_split_two_cliques_joined_by_one_edge():
    G = nx.DiGraph()
    for w in "ABCDEF":
        G.add_node(f"work:{w}", type="work", in_book=True)
    for a, b in (("A", "B"), ("A", "C"), ("B", "C"), ("D", "E"), ("D", "F"), ("E", "F"), ("C", "D")):
        G.add_edge(f"work:{a}", f"work:{b}", type="references")
    found = metrics.communities(G, seed=7)
    assert found == [{"work:A", "work:B", "work:C"}, {"work:D", "work:E", "work:F"}]
    assert metrics.communities(G, seed=7) == found  # seeded: the same every time


def test_stats(toy):
    s = metrics.stats(toy)
    assert s["node_types"] == {"book": 1, "chapter": 2, "section": 1, "taxonomy": 2, "work": 6}
    assert s["edge_types"] == {"cites": 6, "contains": 3, "labelled": 3, "references": 6}
    assert (s["book_works"], s["outside_works"]) == (4, 2)
