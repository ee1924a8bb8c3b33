"""kb works / show / search / chapters / chapter and the exports, on a small knowledge base."""

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kb.cli import app
from kb.ingest.bibtex import parse_bibtex
from tests.latex_oracle import need

BOOK = {
    "index.Rmd": """---
title: Small
bibliography: refs.bib
---
# Vision {#vision}

Residual nets [@he2016; @resnet2016] and attention [@vaswani2017].

## Captions {#captions}

Captioning uses attention [@attention] and COCO [@lin2014]; see also [@nokey].

# Language {#language}

Words [@mikolov2013; @vaswani2017].
""",
    "refs.bib": r"""
@inproceedings{he2016, title={Deep Residual Learning for Image Recognition}, author={He, Kaiming and Zhang, Xiangyu},
  booktitle={CVPR}, year={2016}, pages={770--778}, doi={10.1109/CVPR.2016.90}}
@article{resnet2016, title={Deep residual learning for image recognition}, author={He, Kaiming}, journal={CoRR},
  volume={abs/1512.03385}, year={2015}}
@inproceedings{vaswani2017, title={Attention is All you Need}, author={Vaswani, Ashish and Shazeer, Noam},
  booktitle={NeurIPS}, year={2017}, eprint={1706.03762}, archivePrefix={arXiv}}
@misc{attention, title={Attention Is All You Need}, author={Vaswani, Ashish}, year={2017},
  doi={10.48550/arXiv.1706.03762}}
@inproceedings{lin2014, title={Microsoft {COCO}: Common Objects in Context}, author={Lin, Tsung-Yi}, year={2014},
  booktitle={ECCV}}
@article{mikolov2013, title={Efficient Estimation of Word Representations in Vector Space}, author={Mikolov, Tom{\'a}s},
  journal={arXiv preprint arXiv:1301.3781}, year={2013}}
""",
}


def ingested(tmp_path, book) -> Path:
    """A knowledge base in tmp_path made by `kb ingest` of the book folder."""
    path = tmp_path / "kb.sqlite"
    result = CliRunner().invoke(app, ["ingest", str(book), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def db(tmp_path, make_book):
    return ingested(tmp_path, make_book(BOOK, name="small"))


def run(db, *args):
    return CliRunner().invoke(app, [*args, "--db", str(db)])


def test_works_json_and_csv_word_for_word(db):
    rows = json.loads(run(db, "works", "--format", "json", "--sort", "chapters").stdout)
    assert [(r["keys"], r["chapters"], r["citations"]) for r in rows] == [
        (["attention", "vaswani2017"], 2, 3), (["he2016", "resnet2016"], 1, 2), (["mikolov2013"], 1, 1),
        (["lin2014"], 1, 1)]
    assert rows[0] == {"id": rows[0]["id"], "keys": ["attention", "vaswani2017"], "title": "Attention is All you Need",
                       "year": 2017, "venue": "NeurIPS", "doi": "10.48550/arxiv.1706.03762", "arxiv": "1706.03762",
                       "openalex_id": None, "chapters": 2, "citations": 3, "openalex_status": "not enriched"}
    csv_out = run(db, "works", "--format", "csv", "--year", "2013..2014").stdout
    assert csv_out.splitlines() == [
        "id,keys,title,year,venue,doi,arxiv,openalex_id,chapters,citations,openalex_status",
        "4,mikolov2013,Efficient Estimation of Word Representations in Vector Space,2013,arXiv preprint "
        "arXiv:1301.3781,,1301.3781,,1,1,not enriched",
        "3,lin2014,Microsoft COCO: Common Objects in Context,2014,ECCV,,,,1,1,not enriched"]
    assert [r["keys"] for r in json.loads(run(db, "works", "--chapter", "captions", "--format", "json").stdout)] == [
        ["attention", "vaswani2017"], ["lin2014"]]
    assert run(db, "works", "--venue", "nowhere").exit_code == 1
    assert run(db, "papers", "--format", "json").exit_code == 0
    assert run(db, "works", "--year", "20x").exit_code == 2


def test_show_by_key_doi_arxiv_title_and_ambiguity(db):
    detail = json.loads(run(db, "show", "attention", "--format", "json").stdout)
    assert (detail["title"], detail["keys"], detail["chapters"]) == (
        "Attention is All you Need", [{"book": "small", "key": "attention"}, {"book": "small", "key": "vaswani2017"}],
        ["1 Vision", "2 Language"])  # chapters: a section's citations count for its chapter
    assert [(c["location"], c["key"]) for c in detail["citations"]] == [
        ("index.Rmd:7", "vaswani2017"), ("index.Rmd:11", "attention"), ("index.Rmd:15", "vaswani2017")]
    assert detail["links"] == {"doi": "https://doi.org/10.48550/arxiv.1706.03762",
                               "arxiv": "https://arxiv.org/abs/1706.03762"}
    for ref in ("10.1109/cvpr.2016.90", "https://doi.org/10.1109/CVPR.2016.90", "1706.03762", "microsoft coco"):
        assert run(db, "show", ref).exit_code == 0, ref
    text = run(db, "show", "arXiv:1706.03762").stdout
    assert text.startswith("Attention is All you Need (2017)\nVaswani, Ashish; Shazeer, Noam\nNeurIPS · inproceedings")
    several = run(db, "show", "tion")  # Attention, Recognition, Estimation
    assert several.exit_code == 1 and "matches 3 works" in several.stderr
    assert run(db, "show", "no such thing at all").exit_code == 1


def test_search_ranks_snippets_and_survives_bad_syntax(db):
    rows = json.loads(run(db, "search", "residual learning", "--format", "json").stdout)
    assert [r["keys"] for r in rows] == [["he2016", "resnet2016"]]
    assert "[Residual]" in rows[0]["snippet"] and rows[0]["rank"] < 0
    rows = json.loads(run(db, "search", "vaswani", "--format", "json").stdout)  # authors are indexed
    assert rows[0]["keys"] == ["attention", "vaswani2017"]
    rows = json.loads(run(db, "search", "tomas", "--format", "json").stdout)  # accents folded
    assert rows[0]["keys"] == ["mikolov2013"]
    for broken in ('"unclosed', "AND OR", "title:(", "coco*"):
        result = run(db, "search", broken, "--format", "json")
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, broken
    assert run(db, "search", "zebra").exit_code == 1


def test_chapters_and_chapter(db):
    rows = json.loads(run(db, "chapters", "--format", "json").stdout)
    assert [(r["id"], r["number"], r["title"], r["level"], r["citations"], r["works"]) for r in rows] == [
        ("vision", "1", "Vision", 1, 6, 3), ("captions", "1.1", "Captions", 2, 3, 2), ("language", "2", "Language", 1, 2, 2)]
    rows = json.loads(run(db, "chapter", "1.1", "--format", "json").stdout)
    assert [r["keys"] for r in rows] == [["attention", "vaswani2017"], ["lin2014"]]
    assert run(db, "chapter", "nope").exit_code == 1


def _parse(text: str):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return {e.key: e for e in library.entries}


def test_export_bibtex_per_chapter_has_exactly_the_keys_cited_there(db, tmp_path):
    out = tmp_path / "bib"
    result = run(db, "export", "bibtex", "--all", "--out-dir", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["01-vision.bib", "02-language.bib"]
    assert sorted(_parse((out / "01-vision.bib").read_text())) == ["attention", "he2016", "lin2014", "resnet2016",
                                                                  "vaswani2017"]
    assert sorted(_parse((out / "02-language.bib").read_text())) == ["mikolov2013", "vaswani2017"]
    assert "1 cited key(s) have no entry and are left out: nokey" in result.stderr
    section = _parse(run(db, "export", "bibtex", "--chapter", "captions").stdout)
    assert sorted(section) == ["attention", "lin2014"]
    assert section["attention"].fields_dict["eprint"].value == "1706.03762"  # completed from the work
    canonical = _parse(run(db, "export", "bibtex", "--keys", "canonical").stdout)
    assert sorted(canonical) == ["he2016", "lin2014", "mikolov2013", "vaswani2017"]
    assert run(db, "export", "bibtex", "--all").exit_code == 2  # needs --out-dir


def test_export_csljson_and_ris(db):
    items = {i["id"]: i for i in json.loads(run(db, "export", "csljson").stdout)}
    assert items["he2016"] == {"id": "he2016", "type": "paper-conference",
                               "title": "Deep Residual Learning for Image Recognition",
                               "author": [{"family": "He", "given": "Kaiming"}, {"family": "Zhang", "given": "Xiangyu"}],
                               "issued": {"date-parts": [[2016]]}, "container-title": "CVPR", "page": "770-778",
                               "DOI": "10.1109/CVPR.2016.90",
                               # the work's arXiv version (resnet2016 names the same work)
                               "URL": "https://arxiv.org/abs/1512.03385", "archive": "arXiv",
                               "archive_location": "1512.03385"}
    ris = run(db, "export", "ris", "--chapter", "language").stdout
    assert ris.split("ER  - ")[0].splitlines() == [
        "TY  - JOUR", "ID  - mikolov2013", "AU  - Mikolov, Tomás",
        "TI  - Efficient Estimation of Word Representations in Vector Space",
        "T2  - arXiv preprint arXiv:1301.3781", "PY  - 2013", "UR  - https://arxiv.org/abs/1301.3781",
        "AN  - arXiv:1301.3781"]


ESCAPES = r"""
@article{amp, title={Deep {\&} Wide: 100{\%} of {GPT-3}_{large}}, author={M{\"u}ller, J{\"o}rg and {R Core Team}},
  journal={Journal of {A} \& {B}}, year={2020}, url={https://example.org/a_b%20c}}
@article{math, title={On $\alpha$-divergences and the {ImageNet} benchmark}, author={Ng, Andrew Y.}, year={2019},
  journal={J}}
@article{brace, title={Sets \{a, b\} and ~tildes}, author={O'Neil, Cathy}, year={2016}, journal={J}}
"""


def test_escaping_round_trip_and_compiles_with_biber(tmp_path, make_book):
    root = make_book({"index.Rmd": "---\nbibliography: r.bib\n---\n# A\n\n[@amp; @math; @brace]\n", "r.bib": ESCAPES})
    db = tmp_path / "e.sqlite"
    assert CliRunner().invoke(app, ["ingest", str(root), "--db", str(db)]).exit_code == 0
    text = run(db, "export", "bibtex").stdout
    assert r"title = {Deep {\&} Wide: 100{\%} of {GPT-3}_{large}}" in text  # the source's text, unchanged
    assert r"On $\alpha$-divergences and the {ImageNet} benchmark" in text
    assert r"author = {M{\"u}ller, J{\"o}rg and {R Core Team}}" in text
    original, _ = parse_bibtex(ESCAPES, "r.bib")
    exported, problems = parse_bibtex(text, "out.bib")
    assert problems == []
    before = {e.key: e for e in original}
    for entry in exported:
        for name in ("title", "journal", "year"):
            assert entry.fields[name] == before[entry.key].fields[name], (entry.key, name)
        assert entry.authors == before[entry.key].authors
    _biber(tmp_path, text)


def _biber(tmp_path, text: str) -> None:
    need("biber")
    (tmp_path / "x.bib").write_text(text, encoding="utf-8")
    proc = subprocess.run(["biber", "--tool", "--output-file", str(tmp_path / "y.bib"), str(tmp_path / "x.bib")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0 and "ERROR" not in proc.stdout, proc.stdout[-2000:]


def test_shared_book_round_trip_bib_ingest_export_parse(shared_book, tmp_path):
    db = tmp_path / "s.sqlite"
    assert CliRunner().invoke(app, ["ingest", str(shared_book), "--db", str(db)]).exit_code == 0
    text = run(db, "export", "bibtex").stdout
    exported, problems = parse_bibtex(text, "out.bib")
    assert problems == []
    original = {e.key: e for e in parse_bibtex((shared_book / "book.bib").read_text(encoding="utf-8"), "book.bib")[0]}
    assert len(exported) == 352  # every cited key that has an entry
    for entry in exported:
        source = original[entry.key]
        for name in ("title", "year", "volume", "number", "publisher"):
            if name in source.fields:  # LaTeX writes U+2212 as math minus, which reads back as a hyphen
                assert entry.fields[name] == unicodedata.normalize("NFC", source.fields[name]).replace("\u2212", "-"), \
                    (entry.key, name)
        # composed: `ı` + U+0301 (a PDF's spelling of \'\i) is í
        assert [a.family for a in entry.authors] == [unicodedata.normalize("NFC", a.family.replace("\u0131\u0301", "i\u0301"))
                                                     for a in source.authors], entry.key
    _biber(tmp_path, text)


_text = st.text(alphabet=st.sampled_from(list("abcXYZ &%_$#{}~^\\äé-:") + [" ", "2"]), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(title=_text, journal=_text)
def test_export_parse_export_is_stable(title, journal):
    from kb.export import Item, to_bibtex
    from kb.models import Work

    work = Work(id=1, title=title, norm_title="", year=2020, authors=[], sources={})
    item = Item("k", "article", {"title": title, "journal": journal, "year": "2020"},
                [{"family": "Doe", "given": "Jane", "von": "", "jr": ""}], work, None)
    once = to_bibtex([item])
    (parsed,), problems = parse_bibtex(once, "x.bib")
    assert problems == []
    again = Item("k", parsed.entry_type, parsed.fields, [p.as_dict() for p in parsed.authors], work, None)
    assert to_bibtex([again]) == once


def test_show_and_search_start_without_heavy_imports(db):
    probe = ("import sys; from kb.cli import app\n"
             "try:\n    app(['show', 'he2016', '--db', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
             "try:\n    app(['search', 'residual', '--db', sys.argv[1], '--format', 'json'])\nexcept SystemExit:\n    pass\n"
             "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'streamlit', 'plotly', 'pyalex', 'sqlmodel', "
             "'sqlalchemy', 'networkx', 'bibtexparser'})\nprint('HEAVY', heavy)")
    proc = subprocess.run([sys.executable, "-c", probe, str(db)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("HEAVY []")
    assert "Deep Residual Learning for Image Recognition (2016)" in proc.stdout
