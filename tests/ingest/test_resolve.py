"""Dedup into works and key resolution."""

from kb.ingest.bibtex import parse_bibtex
from kb.ingest.records import BookSource, CitationOccurrence
from kb.ingest.resolve import build_cluster, cluster_entries, resolve_book, suggest_keys


def entries(text: str):
    records, problems = parse_bibtex(text, "b.bib")
    assert problems == []
    return records


def groups(text: str) -> list[list[str]]:
    recs = entries(text)
    return sorted(sorted(recs[i].key for i in members) for members, _ in cluster_entries(recs))


TRANSFORMER = r"""
@inproceedings{vaswani2017attention, title={Attention is all you need}, author={Vaswani, Ashish and Shazeer, Noam},
  booktitle={Advances in Neural Information Processing Systems}, pages={5998--6008}, year={2017}}
@article{Vaswani2017, title={Attention Is All You Need}, author={Vaswani, Ashish}, journal={CoRR},
  volume={abs/1706.03762}, year={2017}}
@misc{attention, title={Attention Is All You Need}, author={Ashish Vaswani and Noam Shazeer and Niki Parmar},
  eprint={1706.03762v5}, archivePrefix={arXiv}, year={2017}}
@misc{AttentionIsAllYouNeed2017, doi={10.48550/ARXIV.1706.03762}, url={https://arxiv.org/abs/1706.03762},
  author={Vaswani, Ashish}, title={Attention Is All You Need}, publisher={arXiv}, year={2017}}
@misc{arxivurl, url={https://arxiv.org/pdf/1706.03762v2.pdf}, title={Attention}, author={A. Vaswani}, year={2017}}
"""


def test_keys_of_one_work_merge_by_arxiv_id_in_every_spelling_and_by_title():
    assert groups(TRANSFORMER) == [
        ["AttentionIsAllYouNeed2017", "Vaswani2017", "arxivurl", "attention", "vaswani2017attention"]]


def test_canonical_work_takes_published_venue_fullest_authors_and_records_sources():
    recs = entries(TRANSFORMER)
    (members, reasons), = cluster_entries(recs)
    work = build_cluster([recs[i] for i in members], reasons)
    assert work.venue == "Advances in Neural Information Processing Systems"
    assert work.year == 2017
    assert [a.family for a in work.authors] == ["Vaswani", "Shazeer", "Parmar"]
    assert work.arxiv_id == "1706.03762"
    assert work.doi == "10.48550/arxiv.1706.03762"
    assert work.sources["venue"] == "b.bib:vaswani2017attention"
    assert work.sources["authors"] == "b.bib:attention"
    assert "title, first author and year" in work.reasons


def test_published_doi_beats_arxiv_doi_and_merge_by_doi_is_case_insensitive():
    recs = entries("""
        @misc{pre, doi={10.48550/arXiv.1810.04805}, title={BERT: Pre-training of Deep Bidirectional Transformers},
              author={Devlin, Jacob}, year={2018}}
        @inproceedings{pub, doi={https://doi.org/10.18653/V1/N19-1423}, title={{BERT}: Pre-training of Deep
              Bidirectional Transformers}, author={Devlin, Jacob and Chang, Ming-Wei}, booktitle={NAACL}, year={2019}}
    """)
    ((members, _),) = cluster_entries(recs)
    work = build_cluster([recs[i] for i in members])
    assert work.doi == "10.18653/v1/n19-1423"
    assert work.year == 2019
    assert work.venue == "NAACL"


def test_generic_titles_different_authors_far_years_and_conflicting_dois_never_merge():
    assert groups("""
        @article{a, title={Introduction}, author={Smith, Ann}, year={2020}}
        @article{b, title={Introduction}, author={Smith, Ann}, year={2020}}
        @article{c, title={Deep learning for everything today}, author={LeCun, Yann}, year={2015}}
        @book{d, title={Deep learning for everything today}, author={Goodfellow, Ian}, year={2016}}
        @article{e, title={A long and specific title here}, author={Roe, Jo}, year={2001}}
        @article{f, title={A long and specific title here}, author={Roe, Jo}, year={2011}}
        @article{g, title={Same title of two papers}, author={Poe, E}, year={2020}, doi={10.1000/aaa}}
        @article{h, title={Same title of two papers}, author={Poe, E}, year={2020}, doi={10.1000/bbb}}
    """) == [["a"], ["b"], ["c"], ["d"], ["e"], ["f"], ["g"], ["h"]]


def _book(cited: list[str], bib: str, missing=()):
    recs = entries(bib)
    cites = tuple(CitationOccurrence(key=k, file="ch.md", line=i + 1, column=1, sentence=f"s{i}")
                  for i, k in enumerate(cited))
    return BookSource(root=".", format="pandoc", title="t", files=("ch.md",), bib_files=("b.bib",),
                      missing_bib_files=tuple(missing), headings=(), citations=cites, entries=tuple(recs))


EFFICIENT = """
@article{EfficientNet, title={EfficientNet: Rethinking Model Scaling}, author={Tan, Mingxing}, year={2019}}
@article{effecient, title={EfficientNet: Rethinking Model Scaling}, author={Tan, Mingxing}, year={2019}}
@article{ResNet, title={Deep Residual Learning for Image Recognition}, author={He, Kaiming}, year={2016}}
@article{krizhevsky2012imagenet, title={ImageNet Classification}, author={Krizhevsky, Alex}, year={2012}}
"""


def test_key_resolution_exact_case_and_broken_with_suggestions():
    book = resolve_book(_book(["ResNet", "resnet", "efficient", "efficient", "krizhevsky2012alexnet", "zzz"],
                              EFFICIENT, missing=["packages.bib"]))
    res = book.resolutions
    assert (res["ResNet"].status, res["ResNet"].entry_key) == ("exact", "ResNet")
    assert (res["resnet"].status, res["resnet"].entry_key) == ("case", "ResNet")
    assert res["efficient"].status == "broken"
    assert [k for k, _ in res["efficient"].suggestions][:2] == ["effecient", "EfficientNet"]
    assert res["krizhevsky2012alexnet"].suggestions[0] == ("krizhevsky2012imagenet", "similar key")
    assert res["zzz"].suggestions == ()
    by_key = {(p.code, p.key): p for p in book.problems}
    broken = by_key[("broken-key", "efficient")]
    assert (broken.severity, broken.line) == ("error", 3)
    assert "(2 citations)" in broken.message and "packages.bib, which is missing" in broken.message
    case = by_key[("case-mismatch", "resnet")]
    assert (case.severity, case.line) == ("warning", 2)
    assert book.cluster_for_citation("resnet") == book.cluster_for_citation("ResNet") is not None
    assert book.cluster_for_citation("efficient") is None


def test_suggestions_by_title_words_and_author_year():
    recs = entries(EFFICIENT)
    assert ("EfficientNet", "title: EfficientNet: Rethinking Model Scaling") in suggest_keys("modelScaling", recs)
    assert suggest_keys("he2016", recs)[0] == ("ResNet", "author and year: He 2016")


def test_a_shared_identifier_with_another_title_and_first_author_is_a_conflict_not_a_merge():
    recs = entries("""
        @inproceedings{clip, title={Learning Transferable Visual Models From Natural Language Supervision},
          author={Radford, Alec}, year={2021}, url={https://arxiv.org/abs/2103.00020}}
        @misc{laion, title={LAION-400M: Open Dataset of CLIP-Filtered 400 Million Image-Text Pairs},
          author={Schuhmann, Christoph}, year={2021}, url={https://arxiv.org/abs/2103.00020}}
        @article{clipagain, title={Learning transferable visual models from natural language supervision},
          author={Radford, A.}, year={2021}, eprint={2103.00020}}
        @article{again, doi={10.18653/v1/n19-1423}, title={BERT: Pre-training}, author={Devlin, J}, year={2019}}
        @article{pasted, doi={10.18653/V1/N19-1423}, title={Other title}, author={X, Y}, year={2019}}
    """)
    conflicts = []
    grouped = sorted(sorted(recs[i].key for i in members) for members, _ in cluster_entries(recs, conflicts))
    assert grouped == [["again"], ["clip", "clipagain"], ["laion"], ["pasted"]]
    assert [(recs[a].key, recs[b].key, what) for a, b, what in conflicts] == [
        ("again", "pasted", "DOI 10.18653/v1/n19-1423"), ("clip", "laion", "arXiv id 2103.00020")]
    source = BookSource(root=".", format="pandoc", title="t", files=(), bib_files=("b.bib",), missing_bib_files=(),
                        entries=tuple(recs), citations=(), headings=(), problems=())
    problems = [p for p in resolve_book(source).problems if p.code == "identifier-conflict"]
    assert [(p.severity, p.key, p.line) for p in problems] == [("warning", "pasted", 9), ("warning", "laion", 4)]
    assert "share the arXiv id 2103.00020 but not their title or first author" in problems[1].message


def test_title_variants_by_the_same_first_author_in_the_same_year_are_one_work():
    assert groups("""
        @inproceedings{gan, title={Generative Adversarial Nets}, author={Goodfellow, Ian}, year={2014}}
        @article{gan2, title={Generative adversarial networks}, author={Goodfellow, Ian J. and Pouget-Abadie, Jean},
          year={2014}}
        @article{gan2020, title={Generative adversarial networks}, author={Goodfellow, Ian}, year={2020},
          journal={Communications of the ACM}, doi={10.1145/3422622}}
        @article{other, title={Generative adversarial networks}, author={Creswell, Antonia}, year={2014}}
        @article{p1, title={Deep learning part I: foundations of it}, author={Smith, Ann}, year={2019}}
        @article{p2, title={Deep learning part II: foundations of it}, author={Smith, Ann}, year={2019}}
    """) == [["gan", "gan2"], ["gan2020"], ["other"], ["p1"], ["p2"]]
