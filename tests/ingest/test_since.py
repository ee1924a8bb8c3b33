"""`kb new`: the works citing a book's works after it, from the loopback OpenAlex server (synthetic works,
labelled so), ranked per chapter, batched, cached and bounded."""

from __future__ import annotations

import json
import math

import pytest
from sqlalchemy import select, text
from sqlmodel import Session
from typer.testing import CliRunner

from kb.api import KnowledgeBase
from kb.api.since import newer_works, score
from kb.cli import app
from kb.ingest.enrich import EnrichOptions, enrich
from kb.ingest.openalex import BudgetExhausted
from kb.ingest.pipeline import ingest
from kb.ingest.since import SinceOptions, since_book
from kb.models import Work
from tests.fake_openalex import make_work
from tests.ingest.test_enrich import config

BOOK = {
    "index.Rmd": "---\nbibliography: refs.bib\n---\n# Vision\n\nPictures [@a; @b].\n\n# Language\n\nWords [@c].\n",
    "refs.bib": """
@article{a, title={Generated study of lanterns and velvet}, author={Roe, Ann}, year={2018}, doi={10.5555/a}}
@article{b, title={Generated study of harbours and rope}, author={Poe, Bo}, year={2019}, doi={10.5555/b}}
@article{c, title={Generated study of meadows and copper}, author={Doe, Cy}, year={2018}, doi={10.5555/c}}
""",
}


def world() -> list[dict]:
    """The book's three works (W1-W3), works citing them before and after the book, and related works."""
    return [
        make_work("W1", "Generated study of lanterns and velvet", 2018, ["Ann Roe"], doi="10.5555/a",
                  related=["R1", "R2", "W2"]),
        make_work("W2", "Generated study of harbours and rope", 2019, ["Bo Poe"], doi="10.5555/b", related=["R1"]),
        make_work("W3", "Generated study of meadows and copper", 2018, ["Cy Doe"], doi="10.5555/c"),
        make_work("N1", "Newer work citing both vision works", 2021, ["Di Fox"], references=["W1", "W2"], cited_by=100),
        make_work("N2", "Newer work citing one vision work", 2022, ["Ed Fox"], references=["W1"], cited_by=1000),
        make_work("N3", "Newer work citing the language work", 2020, ["Fa Fox"], references=["W3"]),
        make_work("N4", "Newer work citing both chapters", 2021, ["Gu Fox"], references=["W3", "W1"]),
        make_work("O1", "Older work citing a vision work", 2018, ["Ho Fox"], references=["W1"], cited_by=5000),
        make_work("R1", "Related work the book does not cite", 2017, ["Io Fox"]),
        make_work("R2", "Another related work", 2016, ["Ju Fox"]),
    ]


@pytest.fixture
def enriched(engine, make_book, fake):
    server = fake(world())
    ingest(engine, make_book(BOOK), name="b")
    enrich(engine, EnrichOptions(), config(server))
    return engine, server


def test_newer_works_are_ranked_per_chapter_by_the_documented_score(enriched):
    engine, server = enriched
    report = since_book(engine, SinceOptions(), config(server))
    assert report.since == 2019  # the newest work the book cites
    assert report.newer == 4 and report.references == 6  # O1 came before the book
    result = newer_works(KnowledgeBase(engine=engine))
    vision, language = result["chapters"]
    assert [w["openalex_id"] for w in vision["newer"]] == ["N1", "N2", "N4"]
    n1 = vision["newer"][0]
    assert n1["cites_keys"] == ["a", "b"] and n1["cites"] == 2
    assert n1["score"] == pytest.approx(2 + 0.12 * math.log10(101) + 0.06 * 2, abs=1e-3)  # 2.361, by hand
    assert [w["openalex_id"] for w in language["newer"]] == ["N4", "N3"]
    assert vision["by_year"] == {2021: 2, 2022: 1}
    assert [(r["openalex_id"], r["listed_by"], r["title"]) for r in vision["related"]] == [
        ("R1", 2, "Related work the book does not cite"), ("R2", 1, "Another related work")]
    assert language["related"] == []


def test_the_score_weighs_chapter_works_then_citations_then_recency():
    assert score(2, 0, 2020, 2019) > score(1, 10_000, 2024, 2019)  # building on two works beats fame
    assert score(1, 1000, 2020, 2019) - score(1, 100, 2020, 2019) == pytest.approx(0.12, abs=2e-3)
    assert score(1, 0, 2030, 2019) == score(1, 0, 2024, 2019) == 1.3  # recency counts five years at most
    assert score(1, 10**9, 2024, 2019) < 2  # citations count up to 100,000


def test_a_chapter_of_250_works_costs_three_requests_plus_paging_and_a_rerun_sends_nothing(engine, make_book,
                                                                                          fake):
    n = 250
    bib = "\n".join(f"@article{{k{i}, title={{Generated item {i} of a long chapter}}, author={{Roe, Ann}}, "
                    f"year={{2019}}, doi={{10.5555/k{i}}}}}" for i in range(n))
    book = make_book({"index.Rmd": "---\nbibliography: refs.bib\n---\n# Long\n\n"
                      + " ".join(f"[@k{i}]" for i in range(n)) + "\n", "refs.bib": bib})
    works = [make_work(f"W{1000 + i}", f"Generated item {i} of a long chapter", 2019, ["Ann Roe"],
                       doi=f"10.5555/k{i}") for i in range(n)]
    # 260 newer works citing the first batch's works: more than one page of 200 for that batch
    works += [make_work(f"W{5000 + j}", f"Newer {j}", 2021, ["Bo Fox"], references=[f"W{1000 + j % 100}"],
                        cited_by=j) for j in range(260)]
    server = fake(works)
    ingest(engine, book, name="long")
    enrich(engine, EnrichOptions(), config(server))
    before = len(server.log)
    report = since_book(engine, SinceOptions(pages=2), config(server))
    sent = server.requests()[before:]
    assert len(sent) == 3 + 1  # 100 + 100 + 50 cited works, and a second page for the first batch
    assert all(len(r.params["filter"].split(",")[0].removeprefix("cites:").split("|")) <= 100 for r in sent)
    assert all(r.params["select"] and r.params["sort"] == "cited_by_count:desc" for r in sent)
    assert report.newer == 260 and report.cost_usd == pytest.approx(0.0004)
    again = since_book(engine, SinceOptions(pages=2), config(server))
    assert len(server.log) == before + 4 and again.requests == {} and again.cache_hits == n and again.newer == 260


def test_one_page_bounds_the_cost_and_keeps_the_most_cited(engine, make_book, fake):
    bib = "@article{k, title={Generated item of a bounded chapter}, author={Roe, Ann}, year={2019}, doi={10.5555/k}}"
    book = make_book({"index.Rmd": "---\nbibliography: refs.bib\n---\n# One\n\n[@k]\n", "refs.bib": bib})
    works = [make_work("W1", "Generated item of a bounded chapter", 2019, ["Ann Roe"], doi="10.5555/k")]
    works += [make_work(f"W{5000 + j}", f"Newer {j}", 2021, ["Bo Fox"], references=["W1"], cited_by=j)
              for j in range(300)]
    server = fake(works)
    ingest(engine, book, name="one")
    enrich(engine, EnrichOptions(), config(server))
    report = since_book(engine, SinceOptions(), config(server))
    assert report.requests == {"list": 1} and report.newer == 200
    kept = newer_works(KnowledgeBase(engine=engine), limit=0)["chapters"][0]["newer"]
    assert min(w["citations"] for w in kept) == 100  # the 200 most cited of 300


def test_dry_run_sends_nothing_and_a_budget_stop_keeps_what_arrived(enriched):
    engine, server = enriched
    before = len(server.log)
    plan = since_book(engine, SinceOptions(dry_run=True), config(server))
    assert len(server.log) == before and len(plan.planned) == 1 and plan.planned[0]["requests"] == 1
    server.faults.append(("budget",))
    with pytest.raises(BudgetExhausted):
        since_book(engine, SinceOptions(), config(server))
    report = since_book(engine, SinceOptions(), config(server))  # the next day
    assert report.newer == 4


def test_newer_works_are_stubs_of_their_own_origin_in_show_and_the_graph(enriched, tmp_path):
    engine, server = enriched
    since_book(engine, SinceOptions(), config(server))
    with Session(engine) as s:
        newer = s.execute(select(Work.openalex_id).where(Work.origin == "newer")).scalars().all()
    assert sorted(newer) == ["N1", "N2", "N3", "N4"]
    url = engine.url.render_as_string(hide_password=False)
    shown = CliRunner().invoke(app, ["show", "a", "--db", url, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["newer_citing"] == 3  # N1, N2, N4
    out = tmp_path / "g.json"
    exported = CliRunner().invoke(app, ["graph", "export", "--db", url, "--format", "json", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    nodes = json.loads(out.read_text())["nodes"]
    assert sorted(n.get("openalex_id") for n in nodes if n.get("origin") == "newer") == ["N1", "N2", "N3", "N4"]


def test_the_command_lists_and_says_when_openalex_cannot_be_reached(enriched):
    engine, server = enriched
    url = engine.url.render_as_string(hide_password=False)
    env = {"KB_OPENALEX_URL": server.url}
    listed = CliRunner().invoke(app, ["new", "--db", url, "--format", "json"], env=env)
    assert listed.exit_code == 0, listed.output
    assert [c["newer_count"] for c in json.loads(listed.stdout)["chapters"]] == [3, 2]
    csv_rows = CliRunner().invoke(app, ["new", "--db", url, "--format", "csv", "--chapter", "Language"], env=env)
    assert csv_rows.stdout.splitlines()[0].startswith("chapter,rank,score") and len(csv_rows.stdout.splitlines()) == 3
    with engine.begin() as conn:  # forget the answers, then ask a server that is not there
        conn.execute(text("DELETE FROM apilookup WHERE kind = 'cites'"))
    down = CliRunner().invoke(app, ["new", "--db", url, "--openalex-url", "http://127.0.0.1:9", "--timeout", "1",
                                    "--refresh"])
    assert down.exit_code == 1 and "Traceback" not in down.output
    errors = [line for line in down.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "cannot reach OpenAlex at http://127.0.0.1:9" in errors[0]
    enrich_down = CliRunner().invoke(app, ["enrich", "--db", url, "--openalex-url", "http://127.0.0.1:9",
                                           "--refresh"])  # the same for enrichment: at once, not after every retry
    assert enrich_down.exit_code == 1 and "cannot reach OpenAlex" in enrich_down.stderr


def test_the_reading_list_is_bibtex_that_bibtex_reads(enriched, tmp_path):
    import bibtexparser

    from tests.latex_oracle import bibtex_errors, need

    engine, server = enriched
    url = engine.url.render_as_string(hide_password=False)
    out = tmp_path / "next-edition.bib"
    result = CliRunner().invoke(app, ["new", "--db", url, "--bibtex", str(out), "--chapter", "Vision"],
                                env={"KB_OPENALEX_URL": server.url})
    assert result.exit_code == 0, result.output
    entries = {e.key: e for e in bibtexparser.parse_string(out.read_text()).entries}
    assert sorted(e["title"] for e in entries.values()) == sorted(
        ["Newer work citing both vision works", "Newer work citing one vision work", "Newer work citing both chapters"])
    assert entries["fox2022newer"]["year"] == "2022" and entries["fox2022newer"]["author"] == "Fox, Ed"
    need("pdflatex", "bibtex")
    assert bibtex_errors(out.read_text(), tmp_path / "latex") == []


def test_dry_run_offline_and_bad_options_of_the_command(enriched):
    engine, server = enriched
    url = engine.url.render_as_string(hide_password=False)
    env = {"KB_OPENALEX_URL": server.url}
    before = len(server.log)
    plan = CliRunner().invoke(app, ["new", "--db", url, "--dry-run", "--pages", "3"], env=env)
    assert plan.exit_code == 0, plan.output
    assert "Planned requests for `b` since 2019 (nothing sent)" in plan.stdout
    assert "+ at most 2 more pages per batch" in plan.stdout and len(server.log) == before
    offline = CliRunner().invoke(app, ["new", "--db", url, "--offline", "--format", "json"], env=env)
    assert offline.exit_code == 0 and len(server.log) == before  # nothing cached yet: nothing to show
    assert [c["newer_count"] for c in json.loads(offline.stdout)["chapters"]] == [0, 0]
    assert CliRunner().invoke(app, ["new", "--db", url], env=env).exit_code == 0
    sent = len(server.log)
    again = CliRunner().invoke(app, ["new", "--db", url, "--offline", "--format", "json"], env=env)
    assert [c["newer_count"] for c in json.loads(again.stdout)["chapters"]] == [3, 2] and len(server.log) == sent
    for bad in (["--pages", "0"], ["--limit", "-1"]):
        result = CliRunner().invoke(app, ["new", "--db", url, *bad], env=env)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
