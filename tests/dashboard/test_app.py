"""The dashboard through Streamlit's AppTest: every page on the bundled knowledge base and on small
ones the tests build (enriched from the loopback OpenAlex server, classified or not), filters,
selections, the view kept in the URL, and messages instead of tracebacks."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import REPO

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

APP = str(REPO / "dashboard" / "app.py")
BUNDLED = REPO / "data" / "papers.sqlite"
SCHEMA2_BUNDLED = REPO / "tests" / "data" / "kb-schema2-bundled.sqlite"  # the bundled knowledge base as schema 2 wrote it
PAGES = {
    "overview": ("Overview", ["Books", "Cited works per publication year, by modality", "Works cited by the most chapters"]),
    "taxonomy": ("Taxonomy", ["Works behind a node or a cell"]),
    "graph": ("Citation graph", ["Selected work"]),
    "neighbourhood": ("Neighbourhood", []),
    "works": ("Works", []),
    "chapters": ("Chapters", ["Works cited here", "Taxonomy mix", "Most similar chapters",
                              "Bibliography of this chapter"]),
    "quality": ("Quality", ["Broken keys", "Duplicate clusters (keys naming one work)", "Uncited entries",
                            "OpenAlex: not matched or needing review"]),
    "compare": ("Compare", ["By chapter"]),
}
PLOTS = {"overview": 2, "taxonomy": 1, "graph": 1, "neighbourhood": 1, "chapters": 1}

BOOK = {
    "index.Rmd": "---\ntitle: Small\nbibliography: refs.bib\n---\n# Vision {#vision}\n\n"
                 "Residual nets [@he2016] and captions [@cap2015; @he2016].\n\n## Captions\n\n"
                 "Show and tell [@cap2015] with attention [@vaswani2017].\n\n# Language {#language}\n\n"
                 "Words [@mikolov2013] and attention [@vaswani2017; @mikolov2013].\n\n"
                 "# Safety\n\nA hostile title [@evil].\n",
    "refs.bib": "@inproceedings{he2016, author={He, Kaiming}, title={Deep Residual Learning for Image Recognition}, "
                "year={2016}, doi={10.1109/cvpr.2016.90}}\n"
                "@article{cap2015, author={Vinyals, Oriol}, title={Show and tell: A neural image caption generator}, "
                "year={2015}}\n"
                "@article{mikolov2013, author={Mikolov, Tomas}, title={Efficient estimation of word representations "
                "in vector space}, year={2013}}\n"
                "@inproceedings{vaswani2017, author={Vaswani, Ashish}, title={Attention is all you need}, "
                "year={2017}}\n"
                "@misc{evil, author={Mallory, Eve}, title={<script>alert(1)</script> <b>Bold</b> **claims**}, "
                "year={2020}}\n",
}


def make_kb(make_book, tmp_path, *, classify: bool = True, enrich: bool = False) -> str:
    from typer.testing import CliRunner

    from kb.cli import app

    db = tmp_path / "small.sqlite"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(make_book(BOOK, "small")), "--db", str(db)]).exit_code == 0
    if enrich:
        from tests.fake_openalex import FakeOpenAlex, make_work

        server = FakeOpenAlex([
            make_work("W1", "Deep Residual Learning for Image Recognition", 2016, ["Kaiming He"],
                      doi="10.1109/cvpr.2016.90", abstract="We present a residual learning framework.",
                      references=["W4"]),
            make_work("W2", "Show and tell: A neural image caption generator", 2015, ["Oriol Vinyals"],
                      references=["W1", "W9"]),
            make_work("W3", "Attention is all you need", 2017, ["Ashish Vaswani"], references=["W1", "W4", "W9"]),
            make_work("W4", "Efficient estimation of word representations in vector space", 2013, ["Tomas Mikolov"]),
            make_work("W9", "An outside classic", 2010, ["Some One"]),
        ]).start()
        try:
            done = runner.invoke(app, ["enrich", "--db", str(db), "--openalex-url", server.url, "--rate", "200",
                                       "--expand"])
            assert done.exit_code in (0, 1), done.output
        finally:
            server.stop()
    if classify:
        assert runner.invoke(app, ["classify", "--db", str(db)]).exit_code == 0
    return f"sqlite:///{db}"


@pytest.fixture
def small_kb(make_book, tmp_path):
    return make_kb(make_book, tmp_path, enrich=True)


def work_id(url: str, key: str, book: str | None = None) -> str:
    from kb.api import find_work, open_kb

    with open_kb(url) as kb:
        return str(find_work(kb, key, book))


def page(url: str, name: str, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("KB_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if name != "overview":
        at.switch_page(f"views/{name}.py")
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
    return at


def check_page(at: AppTest, name: str) -> None:
    title, subheaders = PAGES[name]
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [title]
    shown = {s.value for s in at.subheader}
    assert set(subheaders) <= shown, shown
    assert len(at.get("plotly_chart")) >= PLOTS.get(name, 0)
    assert len(at.dataframe) >= (0 if name == "graph" else 1)  # the graph's works are in its chart and its CSV


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_on_the_bundled_knowledge_base(name, monkeypatch, tmp_path):
    db = tmp_path / "bundled.sqlite"
    shutil.copy(BUNDLED, db)
    centre = {"work": work_id(f"sqlite:///{db}", "CLIP", "multimodal-dl")} if name == "neighbourhood" else {}
    at = page(f"sqlite:///{db}", name, monkeypatch, book="multimodal-dl", **centre)
    check_page(at, name)
    assert not at.warning, [w.value for w in at.warning]


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_on_a_small_enriched_knowledge_base(name, small_kb, monkeypatch, make_book, tmp_path):
    if name == "compare":
        from typer.testing import CliRunner

        from kb.cli import app

        second = dict(BOOK, **{"index.Rmd": BOOK["index.Rmd"].replace("# Safety", "# Other")})
        db = small_kb.removeprefix("sqlite:///")
        assert CliRunner().invoke(app, ["ingest", str(make_book(second, "second")), "--db", db]).exit_code == 0
    centre = {"work": work_id(small_kb, "he2016")} if name == "neighbourhood" else {}
    at = page(small_kb, name, monkeypatch, **centre)
    check_page(at, name)


def test_overview_counts_and_the_enrichment_hint(small_kb, monkeypatch):
    at = page(small_kb, "overview", monkeypatch)
    books = at.dataframe[0].value
    assert list(books["name"]) == ["small"] and list(books["citations"]) == [9]
    assert list(books["enriched"]) == ["80%"]  # 4 of 5 works matched (the hostile misc entry is not in OpenAlex)
    assert not any("kb enrich" in i.value for i in at.info)
    csv = [b for b in at.get("download_button")]
    assert csv, "every table has a CSV download"


def drawn(at: AppTest, url: str) -> set[str]:
    """The titles of the works the graph page draws (read from the chart's own data)."""
    import json

    from kb.api import open_kb, work_summaries

    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    ids = {int(d.removeprefix("work:")) for t in spec["data"] if t.get("name") != "selected"
           for d in t.get("customdata") or [] if str(d).startswith("work:")}
    with open_kb(url) as kb:
        return {w["title"] for w in work_summaries(kb, sorted(ids))}


def test_graph_year_filter_from_the_url(small_kb, monkeypatch):
    at = page(small_kb, "graph", monkeypatch, **{"from": "2016", "to": "2017"})
    assert not at.exception
    assert drawn(at, small_kb) == {"Deep Residual Learning for Image Recognition", "Attention is all you need"}


def test_graph_uses_references_and_pagerank_once_enriched(small_kb, monkeypatch):
    import json

    at = page(small_kb, "graph", monkeypatch, size="pagerank")
    assert at.selectbox(key="choose-size@graph").value == "pagerank"
    from kb.api import open_kb
    from kb.api.graph import citation_network

    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    size = {d: s for t in spec["data"] if t.get("name") not in ("chapters", "selected", "links", "selected links")
            for d, s in zip(t["customdata"], t["marker"]["size"], strict=True)}
    with open_kb(small_kb) as kb:
        pagerank = {w["id"]: w["pagerank"] for w in citation_network(kb)["works"]}
    assert max(size, key=size.get) == max(pagerank, key=pagerank.get)  # the largest marker: the highest PageRank
    assert all(size[a] >= size[b] for a in size for b in size if pagerank[a] > pagerank[b])  # ordered as PageRank
    assert "co-citations" not in " ".join(c.value for c in at.caption)


def test_graph_filters_change_what_is_shown(small_kb, monkeypatch):
    at = page(small_kb, "graph", monkeypatch)
    everything = len(drawn(at, small_kb))
    at.selectbox(key="choose-chapter@graph").set_value("language").run()
    assert not at.exception
    language = drawn(at, small_kb)
    assert language == {"Efficient estimation of word representations in vector space", "Attention is all you need"}
    assert len(language) < everything
    assert at.query_params["chapter"] == ["language"] or at.query_params["chapter"] == "language"
    at.selectbox(key="choose-min@graph").set_value("3").run()  # Language cites mikolov2013 twice, vaswani2017 once
    assert not at.exception
    assert [i.value for i in at.info] == ["No work matches these filters."]


def test_the_work_in_the_url_is_shown_in_full(small_kb, monkeypatch):
    """(Choosing a row with the mouse is tested in a real browser, tests/dashboard/test_browser.py.)"""
    at = page(small_kb, "works", monkeypatch, work=work_id(small_kb, "he2016"))
    assert not at.exception
    assert [h.value for h in at.header] == [r"Deep Residual Learning for Image Recognition"]
    assert "residual learning framework" in " ".join(m.value for m in at.markdown)  # the abstract from OpenAlex
    assert {s.value for s in at.subheader} >= {"Keys in each book", "Labels and their evidence",
                                               "References and cited-by in the books"}


def test_search_and_filters_on_the_works_page(small_kb, monkeypatch):
    at = page(small_kb, "works", monkeypatch)
    assert len(at.dataframe[0].value) == 5
    at.text_input(key="text-q@works").set_value("attention").run()
    assert list(at.dataframe[0].value["keys"]) == ["vaswani2017"]
    assert at.query_params["q"] in ("attention", ["attention"])
    again = page(small_kb, "works", monkeypatch, years="2015..2016")
    assert sorted(again.dataframe[0].value["keys"]) == ["cap2015", "he2016"]


@pytest.mark.parametrize("view, trace", [("sunburst", "sunburst"), ("treemap", "treemap"), ("heatmap", "scatter"),
                                         ("sankey", "sankey")])
def test_taxonomy_views(view, trace, small_kb, monkeypatch):
    import json

    at = page(small_kb, "taxonomy", monkeypatch, view=view)
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    assert [d["type"] for d in spec["data"]] == [trace]
    if view == "heatmap":  # chapters x modalities: Vision cites image works
        assert "Image" in spec["data"][0]["x"] and "1 Vision" in spec["data"][0]["y"]


def test_taxonomy_choice_lists_works_with_evidence(small_kb, monkeypatch):
    at = page(small_kb, "taxonomy", monkeypatch, node="modality.image")
    listing = at.dataframe[-1].value
    assert "Deep Residual Learning for Image Recognition" in set(listing["title"])
    assert all("rule" in e or "chapter" in e for e in listing["evidence"])


def test_chapter_downloads_are_the_export_bytes(small_kb, monkeypatch):
    from kb.api import open_kb
    from kb.api.exports import export_files

    at = page(small_kb, "chapters", monkeypatch, chapter="vision")
    assert not at.exception
    with open_kb(small_kb) as kb:
        (expected,) = export_files(kb, "bibtex", chapter="vision")
    assert expected.entries == 3
    labels = [b.label for b in at.get("download_button")]
    assert "bibtex (3 entries)" in labels and "csljson (3 entries)" in labels and "ris (3 entries)" in labels


def test_html_in_titles_is_shown_as_text(small_kb, monkeypatch):
    from kb.api import find_work, open_kb

    with open_kb(small_kb) as kb:
        evil = find_work(kb, "evil")
    at = page(small_kb, "works", monkeypatch, work=str(evil))
    (header,) = at.header
    assert "<script>" not in header.value and r"\<script\>" in header.value  # escaped, so shown as written
    assert r"\*\*claims\*\*" in header.value
    assert all(not getattr(m.proto, "allow_html", False) for m in at.markdown)


@pytest.mark.parametrize("case, fragment", [
    ("missing", "no knowledge base at"),
    ("empty", "holds no book yet"),
    ("older", "run `kb upgrade`"),
    ("not-sqlite", "is not an SQLite database"),
])
def test_a_broken_knowledge_base_is_a_message_not_a_traceback(case, fragment, tmp_path, monkeypatch):
    db = tmp_path / "kb.sqlite"
    if case == "empty":
        db.write_bytes(b"")
    elif case == "older":
        shutil.copy(SCHEMA2_BUNDLED, db)
    elif case == "not-sqlite":
        db.write_bytes(b"not a database at all" * 100)
    for name in PAGES:
        at = page(f"sqlite:///{db}", name, monkeypatch)
        assert not at.exception, (name, [e.value for e in at.exception])
        assert any(fragment in w.value for w in at.warning), (name, [w.value for w in at.warning])


def test_not_classified_says_which_command_to_run(make_book, tmp_path, monkeypatch):
    url = make_kb(make_book, tmp_path, classify=False)
    at = page(url, "taxonomy", monkeypatch)
    assert not at.exception
    assert any("kb classify" in i.value for i in at.info)
    overview = page(url, "overview", monkeypatch)
    assert any("kb enrich" in i.value for i in overview.info)
    quality = page(url, "quality", monkeypatch)
    assert any("kb enrich" in i.value for i in quality.info)


def test_a_large_graph_draws_every_work_in_one_webgl_trace(make_book, tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from kb.cli import app

    n = 1100  # above the page's WEBGL_FROM
    bib = "\n".join(f"@article{{w{i}, title={{Synthetic work number {i}}}, author={{Writer{i}, A.}}, year={{2000}}}}"
                    for i in range(n))
    text = "---\nbibliography: refs.bib\n---\n" + "\n".join(
        f"# Chapter {c}\n\n" + " ".join(f"See [@w{i}]." for i in range(c, n, 4)) for c in range(4))
    book = make_book({"index.Rmd": text, "refs.bib": bib}, "large")
    db = tmp_path / "large.sqlite"
    assert CliRunner().invoke(app, ["ingest", str(book), "--db", str(db)]).exit_code == 0
    at = page(f"sqlite:///{db}", "graph", monkeypatch, drawn="all")
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    works = [t for t in spec["data"] if t.get("name") == "works"]
    assert len(works) == 1 and works[0]["type"] == "scattergl" and len(works[0]["x"]) == n
    links = next(t for t in spec["data"] if t.get("name") == "links")
    assert len(links.get("x", [])) == 0  # the 1,100 chapter -> work links are not drawn; no work cites another
    assert f"4 chapters citing {n} works, {n} links" in " ".join(c.value for c in at.caption)
    default = page(f"sqlite:///{db}", "graph", monkeypatch)  # by default the 500 most cited, and it says so
    works = next(t for t in json.loads(default.get("plotly_chart")[0].proto.spec)["data"] if t.get("name") == "works")
    assert len(works["x"]) == 500
    assert f"4 chapters citing 500 works (the 500 most cited of {n:,};" in " ".join(c.value for c in default.caption)


def test_cached_queries_refresh_when_the_knowledge_base_changes(small_kb, monkeypatch, make_book):
    from typer.testing import CliRunner

    from kb.cli import app

    at = page(small_kb, "overview", monkeypatch)
    assert list(at.dataframe[0].value["name"]) == ["small"]
    second = make_book(DRAFT_BOOK, "later")
    assert CliRunner().invoke(app, ["ingest", str(second), "--db", small_kb.removeprefix("sqlite:///")]).exit_code == 0
    at.run()
    assert list(at.dataframe[0].value["name"]) == ["small", "later"]


DRAFT_BOOK = {"index.Rmd": "---\nbibliography: refs.bib\n---\n# Only\n\nWords [@mikolov2013].\n",
              "refs.bib": BOOK["refs.bib"]}


def test_every_page_on_postgresql(make_book, monkeypatch):
    from typer.testing import CliRunner

    from kb.cli import app
    from kb.db import drop_schema, make_engine
    from tests.conftest import postgres_url

    url = postgres_url()
    drop_schema(make_engine(url))
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(make_book(BOOK, "pg")), "--db", url]).exit_code == 0
    assert runner.invoke(app, ["classify", "--db", url]).exit_code == 0
    for name in PAGES:
        if name == "compare":
            continue  # one book
        centre = {"work": work_id(url, "he2016")} if name == "neighbourhood" else {}
        check_page(page(url, name, monkeypatch, **centre), name)


def test_compare_with_a_single_book_says_what_to_ingest(make_book, tmp_path, monkeypatch):
    url = make_kb(make_book, tmp_path, classify=False)
    at = page(url, "compare", monkeypatch)
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Comparing needs two books in the knowledge base: `kb ingest` a draft or another edition."]


# --- since the book --------------------------------------------------------------------------------------

def test_since_the_book_says_which_commands_fill_it(monkeypatch, tmp_path):
    db = tmp_path / "bundled.sqlite"
    shutil.copy(BUNDLED, db)
    at = page(f"sqlite:///{db}", "since", monkeypatch, book="multimodal-dl")
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Since the book"]
    assert any("kb new --book multimodal-dl" in i.value and "kb enrich" in i.value for i in at.info)


def test_since_the_book_lists_newer_works_per_chapter_with_a_reading_list(small_kb, monkeypatch):
    from typer.testing import CliRunner

    from kb.cli import app
    from tests.fake_openalex import FakeOpenAlex, make_work

    server = FakeOpenAlex([
        make_work("W1", "Deep Residual Learning for Image Recognition", 2016, ["Kaiming He"],
                  doi="10.1109/cvpr.2016.90"),
        make_work("W3", "Attention is all you need", 2017, ["Ashish Vaswani"]),
        make_work("N1", "A newer work on residual attention", 2021, ["Ann Roe"], references=["W1", "W3"], cited_by=50),
        make_work("N2", "A newer work on attention alone", 2022, ["Bo Poe"], references=["W3"], cited_by=5),
    ]).start()
    try:
        done = CliRunner().invoke(app, ["new", "--db", small_kb, "--openalex-url", server.url])
    finally:
        server.stop()
    assert done.exit_code == 0, done.output
    at = page(small_kb, "since", monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    assert {"Newer works per year, by chapter", "Building most on 1 Vision"} <= {s.value for s in at.subheader}, \
        [s.value for s in at.subheader]
    assert len(at.get("plotly_chart")) == 1
    shown = at.dataframe[0].value
    # the chapter cites he2016 and cap2015, and vaswani2017 in its section 1.1: N1 builds on two of them, N2 on one
    assert list(shown["title"]) == ["A newer work on residual attention", "A newer work on attention alone"]
    assert list(shown["cites_keys"]) == ["he2016; vaswani2017", "vaswani2017"]
    assert any(b.proto.label == "Download reading list (BibTeX)" for b in at.get("download_button"))


@pytest.mark.parametrize("name", ["overview", "chapters", "quality"])
def test_pages_on_a_latex_book(name, make_book, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from kb.cli import app
    from tests.ingest.latex_books import THESIS

    db = tmp_path / "latex.sqlite"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(make_book(THESIS, "thesis")), "--db", str(db)]).exit_code == 0
    assert runner.invoke(app, ["classify", "--db", str(db)]).exit_code == 0
    at = page(f"sqlite:///{db}", name, monkeypatch)
    check_page(at, name)
    shown = " ".join(str(df.value.to_dict()) for df in at.dataframe)
    if name == "chapters":
        assert "Deep Residual Learning for Image Recognition" in shown  # a work the first chapter cites
    if name == "quality":
        assert "he2061" in shown  # the broken key of chapters/method.tex


# --- the taxonomy page: the largest node first, the Sankey of the chosen dimension, hovers with names and counts

def test_taxonomy_starts_with_the_largest_node_and_the_sankey_follows_the_dimension(small_kb, monkeypatch):
    import json

    from kb.api import open_kb
    from kb.api.views import chapter_work_labels

    with open_kb(small_kb) as kb:
        rows = [r for r in chapter_work_labels(kb) if r["dimension"] == "task"]
    works: dict[str, set] = {}
    for r in rows:
        works.setdefault(r["node"], set()).add(r["work_id"])
    largest = max(works, key=lambda n: (len(works[n]), -sorted(works).index(n)))
    at = page(small_kb, "taxonomy", monkeypatch, dim="task", view="sankey")
    assert not at.exception
    assert at.selectbox(key="choose-node@taxonomy").value == largest
    (chart,) = at.get("plotly_chart")
    sankey = json.loads(chart.proto.spec)["data"][0]
    assert sankey["type"] == "sankey"
    from kb.graph.taxonomy import load_taxonomy

    names = {load_taxonomy().nodes[n].label for n in works}
    assert names <= set(sankey["node"]["label"])  # the task nodes, not the modalities
    assert not any(label.startswith("modality") or label == "Image" for label in sankey["node"]["label"])
    assert "%{value} works" in sankey["link"]["hovertemplate"]


def test_taxonomy_hovers_name_nodes_and_count_works(small_kb, monkeypatch):
    import json

    at = page(small_kb, "taxonomy", monkeypatch, view="sunburst")
    sunburst = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert sunburst["hovertemplate"] == "%{hovertext}<extra></extra>"
    assert any(h.startswith("Image<br>") and " works, " in h for h in sunburst["hovertext"])
    assert not any("labels=" in h or "parent=" in h for h in sunburst["hovertext"])


def test_the_works_page_hands_out_the_filtered_works_as_the_export_writes_them(small_kb, monkeypatch):
    from kb.api import list_works, open_kb
    from kb.api.exports import export_files

    at = page(small_kb, "works", monkeypatch, years="2015..2016")
    with open_kb(small_kb) as kb:
        ids = tuple(sorted(w["id"] for w in list_works(kb, years=(2015, 2016))))
        (expected,) = export_files(kb, "bibtex", works=ids)
    assert expected.entries == 2  # he2016 and cap2015
    buttons = {b.proto.label: b for b in at.get("download_button")}
    assert {"BibTeX (2 works)", "CSL-JSON (2 works)", "RIS (2 works)"} <= set(buttons)  # bytes: browser test
