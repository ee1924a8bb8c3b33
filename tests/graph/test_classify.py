"""What each work is about: names, the book's citing sentences, term rules, and the weak chapter prior."""

import pytest
from typer.testing import CliRunner

from kb.api import KnowledgeBase, accepted_labels
from kb.api.labels import evidence_of
from kb.cli import app
from kb.errors import KbError
from kb.graph.classify import citation_clauses, classify
from kb.graph.taxonomy import load_taxonomy
from kb.ingest.mentions import NameMatcher
from kb.ingest.pipeline import ingest

BOOK = {
    "index.Rmd": """---
bibliography: refs.bib
---
# Computer Vision

Large language models such as GPT-3 [@brown2020] write. A CNN encoder and an LSTM [@vinyals] caption images.

Knowledge is distilled into small networks [@hinton2015].

Multimodal work in this area [@grounded2012] pairs pictures with words in many ways.

@stackgan2016 stacks two generators.

# Natural Language Processing

Summaries are scored [@nothing2004].

While @gp2017 use Gaussian processes for yields, @sirko2021 apply CNNs to detect buildings.
@critic2021 points out that CNNs see textures. @rival2019 outperforms recurrent networks on this.
""",
    "refs.bib": """
@article{brown2020, title={Language Models are Few-Shot Learners}, author={Brown, Tom}, year={2020}, journal={NeurIPS}}
@inproceedings{vinyals, title={Show and tell: A neural image caption generator}, author={Vinyals, Oriol}, year={2015},
  booktitle={CVPR}}
@article{hinton2015, title={Distilling the Knowledge in a Neural Network}, author={Hinton, Geoffrey}, year={2015},
  journal={arXiv}}
@article{grounded2012, title={Grounded models of semantic representation}, author={Silberer, Carina}, year={2012},
  journal={EMNLP}}
@article{stackgan2016, title={StackGAN: Text to Photo-realistic Image Synthesis}, author={Zhang, Han}, year={2016},
  journal={ICCV}}
@article{gp2017, title={A crop study}, author={You, Jiaxuan}, year={2017}, journal={AAAI}}
@article{sirko2021, title={Continental-scale building detection}, author={Sirko, Wojciech}, year={2021},
  journal={arXiv}}
@article{critic2021, title={A study of shapes}, author={Geirhos, Robert}, year={2021}, journal={ICLR}}
@article{rival2019, title={A sequence study}, author={Roe, Ann}, year={2019}, journal={ICML}}
@article{nothing2004, title={A package}, author={Lin, Chin-Yew}, year={2004}, journal={ACL},
  abstract={We evaluate automatic summarization with n-gram overlap.}}
""",
}


@pytest.fixture
def labelled(engine, make_book):
    ingest(engine, make_book(BOOK), name="b")
    classify(engine, load_taxonomy())
    kb = KnowledgeBase(engine=engine)
    keys = dict(kb.tuples("SELECT work_id, key FROM workkey"))
    return {keys[w]: set(nodes) for w, nodes in accepted_labels(kb).items()}, kb, keys


def test_a_name_next_to_its_citation_says_what_the_work_is(labelled):
    labels, _, _ = labelled
    assert {"architecture.transformer", "modality.text"} <= labels["brown2020"]  # "such as GPT-3 [@brown2020]"
    assert {"architecture.cnn", "architecture.rnn"} <= labels["vinyals"]  # the title's own name: Show and Tell
    assert {"architecture.gan", "modality.image", "modality.text"} <= labels["stackgan2016"]


def test_what_a_narrative_citation_does_says_what_the_work_is(labelled):
    labels, _, _ = labelled
    assert "architecture.cnn" in labels["sirko2021"]  # "@sirko2021 apply CNNs to detect buildings"
    # not what it reports on, nor what it is compared with; and not what the clause before it does
    assert "architecture.cnn" not in labels.get("critic2021", set())  # "points out that CNNs ..."
    assert "architecture.rnn" not in labels.get("rival2019", set())  # "outperforms recurrent networks"
    assert "architecture.cnn" not in labels.get("gp2017", set())


def test_the_chapter_prior_never_labels_alone(labelled):
    labels, kb, keys = labelled
    # cited only in Computer Vision, about distillation: the prior is kept as evidence below the threshold
    assert not {n for n in labels.get("hinton2015", set()) if n.startswith("modality.")}
    work = next(w for w, k in keys.items() if k == "hinton2015")
    prior = [e for e in evidence_of(kb)[work] if e.source == "chapter" and e.node_id == "modality.image"]
    assert len(prior) == 1 and prior[0].confidence < 0.5
    # a weak title word ("grounded") supported by the chapter prior and the citing sentence is enough
    assert "modality.image" in labels["grounded2012"]


def test_bibliography_abstract_is_evidence(labelled):
    labels, _, _ = labelled
    assert "modality.text" in labels["nothing2004"]  # "summarization" in its abstract field


def test_terms_that_mislead_alone_follow_their_rules():
    taxonomy = load_taxonomy()
    diffusion, transformer = taxonomy.nodes["architecture.diffusion"], taxonomy.nodes["architecture.transformer"]
    assert diffusion.term_hits("BART: Denoising Sequence-to-Sequence Pre-training") == []
    assert diffusion.term_hits("Denoising Diffusion Probabilistic Models") == ["diffusion", "denoising"]
    assert transformer.term_hits("Attention on Attention for Image Captioning") == []
    assert transformer.term_hits("Analyzing Multi-Head Self-Attention") == ["self-attention"]
    assert transformer.term_hits("Attention heads of a transformer") == ["transformer", "attention"]
    tabular = taxonomy.nodes["modality.tabular"]
    assert "satellite" not in tabular.term_hits("Building Detection from Satellite Imagery")


def test_names_are_whole_tokens_and_digits_fold_case():
    matcher = NameMatcher({"BERT": 1, "GPT-3": 2, "CLIP": 3})
    found = lambda text: [name for _, name, _ in matcher.find(text)]  # noqa: E731
    assert found("ViLBERT and BERT-like models beat BERT") == ["BERT"]
    assert found("gpt-3 and GPT-3") == ["GPT-3", "GPT-3"]
    assert found("a clip of CLIP-filtered pairs") == []


def test_citation_clauses_stop_at_earlier_citations():
    sentence = "Transformer architectures like BERT [@Devlin2018], T5 [@Raffel2019] or GPT-3 [@brown2020]."
    assert [c[0] for c in citation_clauses(sentence, "Raffel2019")] == [", T5"]
    assert citation_clauses("In @brown2020, few-shot performance scales.", "brown2020") == [
        ("In", ", few-shot performance scales", True)]


def test_names_files_are_checked_and_extend_the_default(tmp_path, engine, make_book):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[name]]\nnames = ["Foo"]\nkind = "model"\nnodes = ["architecture.nothing"]\n')
    with pytest.raises(KbError, match="architecture.nothing"):
        load_taxonomy(names=[bad])
    extra = tmp_path / "extra.toml"
    extra.write_text('[[name]]\nnames = ["DistillNet"]\nkind = "model"\nnodes = ["architecture.cnn"]\n')
    assert load_taxonomy(names=[extra]).names["DistillNet"] == ("architecture.cnn",)
    book = make_book({**BOOK, "index.Rmd": BOOK["index.Rmd"].replace("distilled into small networks",
                                                                      "distilled into DistillNet")})
    db = tmp_path / "x.sqlite"
    assert CliRunner().invoke(app, ["ingest", str(book), "--db", str(db)]).exit_code == 0
    result = CliRunner().invoke(app, ["classify", "--names", str(extra), "--db", str(db)])
    assert result.exit_code == 0, result.output
    shown = CliRunner().invoke(app, ["show", "hinton2015", "--format", "json", "--db", str(db)]).stdout
    assert '"node": "architecture.cnn"' in shown.replace("\n", "").replace("  ", "")
