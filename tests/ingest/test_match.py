"""Which OpenAlex record is the cited work: the traps a real index holds (synthetic records, labelled so)."""

from kb import ids
from kb.ingest.match import Target, decide_search, title_similarity, verify_id_hit
from tests.fake_openalex import make_work

PAPER = Target(1, "Attention is all you need", 2017, ("vaswani", "shazeer"), "NeurIPS", None, None, False)


def _ids(decision):
    return decision.chosen.openalex_id if decision.chosen else None


def test_an_erratum_or_a_comment_is_never_the_paper():
    paper = make_work("W1", "Attention is all you need", 2017, ["Ashish Vaswani"])
    erratum = make_work("W2", "Correction: Attention is all you need", 2017, ["Ashish Vaswani"])
    typed = make_work("W3", "Attention is all you need", 2017, ["Ashish Vaswani"], work_type="erratum")
    assert _ids(decide_search(PAPER, [erratum, paper])) == "W1"
    assert _ids(decide_search(PAPER, [typed, paper])) == "W1"
    alone = decide_search(PAPER, [erratum])
    assert alone.status == "review" and "correction" in alone.note


def test_a_same_title_paper_by_other_authors_is_not_accepted():
    other = make_work("W4", "Attention is all you need", 2017, ["Jane Doe"])
    decision = decide_search(PAPER, [other])
    assert decision.status == "review" and "first author differs" in decision.note


def test_containment_is_not_identity():
    laion = Target(2, "LAION-400M: Open Dataset of CLIP-Filtered 400 Million Image-Text Pairs", 2021,
                   ("schuhmann",), None, None, None, False)
    page = make_work("W5", "Laion-400-Million Open Dataset", 2021, ["Christoph Schuhmann"])
    assert decide_search(laion, [page]).status != "matched"
    # a title cut short in the .bib is still the same title
    short = ids.normalize_title("BERT: Pre-training of deep bidirectional transformers")
    full = ids.normalize_title("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding")
    assert title_similarity(short, full) >= 90


def test_a_clear_winner_is_not_hidden_by_a_score_cap():
    paper = make_work("W1", "Attention is all you need", 2017, ["Ashish Vaswani"])
    thesis = make_work("W6", "Attention is all you need", 2018, ["Ashish Vaswani"], work_type="dissertation")
    next_year = make_work("W7", "Attention is all you need", 2018, ["Ashish Vaswani"], work_type="article")
    assert _ids(decide_search(PAPER, [thesis, paper])) == "W1"
    decision = decide_search(PAPER, [next_year, paper])  # both titles exact: the year breaks the tie
    assert _ids(decision) == "W1"
    assert decision.chosen.score > next(c for c in decision.candidates if c.openalex_id == "W7").score


def test_an_identifier_hit_with_the_title_before_the_colon_is_the_work():
    bleu = Target(3, "Bleu: a Method for Automatic Evaluation of Machine Translation", 2002, ("papineni",), None,
                  "10.3115/1073083.1073135", None, False)
    record = make_work("W8", "Bleu", 2002, ["Kishore Papineni"], doi="10.3115/1073083.1073135")
    assert verify_id_hit(bleu, record, "doi").status == "matched"
    stranger = make_work("W9", "Bleu", 2002, ["Someone Else"], doi="10.3115/1073083.1073135")
    assert verify_id_hit(bleu, stranger, "doi").status == "mismatch"
    # the search for the part before the colon accepts only that title with the same author and year
    assert _ids(decide_search(bleu, [record], head_only=True)) == "W8"
    assert decide_search(bleu, [make_work("W10", "Bleu cheese", 2002, ["Kishore Papineni"])],
                         head_only=True).status != "matched"


def test_every_decision_says_why():
    paper = make_work("W1", "Attention is all you need", 2017, ["Ashish Vaswani"])
    decision = decide_search(PAPER, [paper])
    assert decision.status == "matched"
    assert decision.candidates[0].as_dict()["why"] == "title 100, first author agrees"
    assert decision.candidates[0].as_dict()["author_agrees"] is True
