"""Identifier normalization."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb import ids


@pytest.mark.parametrize("value, expected", [
    ("10.1109/TPAMI.2018.2798607", "10.1109/tpami.2018.2798607"),
    ("https://doi.org/10.18653/v1/N19-1423", "10.18653/v1/n19-1423"),
    ("doi: 10.1007/978-3-030-58548-8\\_13.", "10.1007/978-3-030-58548-8_13"),
    ("not a doi", None),
    ("", None),
])
def test_normalize_doi(value, expected):
    assert ids.normalize_doi(value) == expected


@pytest.mark.parametrize("fields, expected", [
    ({"eprint": "1706.03762v5", "archiveprefix": "arXiv"}, "1706.03762"),
    ({"eprint": "2112.10741", "eprinttype": "arXiv"}, "2112.10741"),
    ({"eprint": "hep-th/9901001"}, "hep-th/9901001"),
    ({"doi": "10.48550/ARXIV.2101.03961"}, "2101.03961"),
    ({"url": "https://arxiv.org/pdf/1810.04805v2.pdf"}, "1810.04805"),
    ({"journal": "arXiv preprint arXiv:2202.03555"}, "2202.03555"),
    ({"journal": "CoRR", "volume": "abs/2010.11929"}, "2010.11929"),
    ({"eprint": "12345", "eprinttype": "pubmed"}, None),
    ({"journal": "Nature"}, None),
])
def test_arxiv_from_fields(fields, expected):
    assert ids.arxiv_from_fields(fields) == expected


def test_titles_and_names_fold_case_accents_and_punctuation():
    assert ids.normalize_title("{BERT}: Pre-training of Deep  Transformers!") == "bert pre training of deep transformers"
    assert ids.normalize_name("Baltrušaitis") == "baltrusaitis"
    assert ids.normalize_name("Aßenmacher") == "assenmacher"
    assert ids.title_is_distinctive("attention is all you need")
    assert not ids.title_is_distinctive("deep learning")
    assert ids.parse_year("2021-05-03") == 2021 and ids.parse_year("n.d.") is None


@given(st.text())
def test_title_normalization_is_idempotent(text):
    once = ids.normalize_title(text)
    assert ids.normalize_title(once) == once


@given(st.from_regex(r"10\.[0-9]{4,6}/[A-Za-z0-9._\-]{0,20}[A-Za-z0-9]", fullmatch=True))
def test_doi_normalization_is_idempotent_and_case_free(doi):
    norm = ids.normalize_doi(doi)
    assert norm is not None
    assert ids.normalize_doi(norm) == norm == ids.normalize_doi(doi.upper().replace("10.", "10.", 1))


@given(st.from_regex(r"[0-9]{4}\.[0-9]{5}", fullmatch=True), st.integers(1, 9))
def test_arxiv_versions_are_dropped(base, version):
    assert ids.normalize_arxiv(f"{base}v{version}") == base == ids.arxiv_from_doi(ids.arxiv_doi(base))


@pytest.mark.parametrize("a, b, same", [
    ("generative adversarial nets", "generative adversarial networks", True),
    ("neural machine translation by jointly learning to align and translate",
     "neural machine translation by jointly learning to align and translating", True),
    ("learning deep features for scene recognition", "learning deep features for scene recognition using places",
     True),  # a short suffix on a title of at least four words
    ("deep learning part i foundations of everything", "deep learning part ii foundations of everything", False),
    ("the pascal visual object classes challenge 2007", "the pascal visual object classes challenge 2012", False),
    ("attention is all you need", "attention is not all you need", False),  # an inserted word, not a suffix
    ("deep residual learning", "deep residual networks", False),  # too short to be distinctive
    ("generative adversarial nets", "generative adversarial imitation learning", False),
])
def test_title_variants(a, b, same):
    assert ids.titles_are_variants(a, b) is same
    assert ids.titles_are_variants(b, a) is same
