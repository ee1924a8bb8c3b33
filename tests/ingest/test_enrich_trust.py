"""Honest failures and the API's limits, against the loopback OpenAlex (synthetic records, labelled so)."""

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from kb.errors import UsageError
from kb.ingest.enrich import BREAKER, EnrichOptions, enrich
from kb.ingest.openalex import BudgetExhausted, OpenAlexConfig, _retry_after
from kb.ingest.pipeline import ingest
from kb.models import ApiLookup, ApiResponse
from tests.conftest import REPO
from tests.fake_openalex import make_work
from tests.ingest.test_enrich import config, match_of, write_book


def _book(tmp_path, n: int, with_doi: bool = True, doi_len: int = 12, prefix: str = "h"):
    works, entries = [], []
    for i in range(n):
        doi = f"10.5555/{'y' * (doi_len - 6)}{i:06d}"
        title = f"Honest study number {i} of {'abcdefghij'[i % 10]} things {i * 7}"
        works.append(make_work(f"W{5000 + i}", title, 2021, [f"Ann{i} Roe"], doi=doi))
        entries.append(f"@article{{{prefix}{i}, title={{{title}}}, author={{Roe, Ann{i}}}, year={{2021}}"
                       + (f", doi={{{doi}}}" if with_doi else "") + "}")
    return works, write_book(tmp_path / "b", entries)


def test_only_failures_stop_the_run_and_are_recorded_as_failures(fake, engine, tmp_path):
    works, book = _book(tmp_path, 30, with_doi=False)
    server = fake(works)
    server.faults.extend([("500",)] * 1000)
    ingest(engine, book, name="b")
    with pytest.raises(Exception, match=f"failed {BREAKER} requests in a row") as caught:
        enrich(engine, EnrichOptions(), config(server, retries=1))
    assert len(server.log) <= (BREAKER + 4) * 2  # stopped: not 30 searches x retries
    assert match_of(engine, "h0")["status"] == "failed"  # never "not_found"
    report = caught.value.report
    assert report.failed == 30 and report.not_found == 0
    assert sum(report.requests.values()) == len(server.log)  # every request sent is counted


def test_a_budget_stop_applies_every_answer_received(fake, engine, tmp_path):
    works, book = _book(tmp_path, 4)
    server = fake(works)
    server.faults.extend([("ok",), ("budget",)])  # the DOI batch answers; everything after is refused
    ingest(engine, book, name="b")
    enrich(engine, EnrichOptions(), config(server))  # one batch: all four DOIs arrive
    assert match_of(engine, "h3")["status"] == "matched"
    works2, book2 = _book(tmp_path / "more", 6, with_doi=False, prefix="c")
    server2 = fake(works + works2)
    server2.faults.extend([("ok",), ("budget",)] + [("budget",)] * 10)
    ingest(engine, book2, name="c")
    with pytest.raises(BudgetExhausted) as caught:
        enrich(engine, EnrichOptions(book="c"), config(server2, workers=1))
    statuses = [match_of(engine, f"c{i}")["status"] for i in range(6)]
    assert statuses.count("matched") >= 1 and "not_found" not in statuses  # received: applied; the rest: failed
    assert caught.value.report.matched["title"] >= 1


def test_url_length_is_counted_as_sent_and_truncated_batches_are_paged(fake, engine, tmp_path):
    works, book = _book(tmp_path, 100, doi_len=32)  # ~39-byte DOIs: 100 fit in 4000 bytes unless `|` is %7C
    twin = make_work("W9999", "A second record of the same DOI", 2021, ["Zed Twin"], doi=works[0]["doi"][16:])
    server = fake(works + [twin])
    ingest(engine, book, name="b")
    enrich(engine, EnrichOptions(), config(server))
    assert [r for r in server.log if r.status == 400] == []
    assert len(server.requests("list")) >= 2  # split by the sent length, or paged
    with Session(engine) as s:
        empty = s.execute(select(func.count()).select_from(ApiLookup).where(ApiLookup.kind == "doi")
                          .where(func.json_array_length(ApiLookup.openalex_ids) == 0)).scalar_one()
    assert empty == 0  # every DOI was found: none cached as absent
    assert all(match_of(engine, f"h{i}")["status"] == "matched" for i in range(100))


def test_refresh_replaces_the_cached_answers(fake, engine, tmp_path):
    works, book = _book(tmp_path, 3)
    server = fake(works)
    ingest(engine, book, name="b")
    enrich(engine, EnrichOptions(), config(server))
    with Session(engine) as s:
        before = s.execute(select(func.count()).select_from(ApiResponse)).scalar_one()
    enrich(engine, EnrichOptions(refresh=True), config(server))
    with Session(engine) as s:
        assert s.execute(select(func.count()).select_from(ApiResponse)).scalar_one() == before


@pytest.mark.parametrize("values", [{"workers": 0}, {"rate": 0}])
def test_invalid_workers_and_rate_are_usage_errors(engine, values):
    with pytest.raises(UsageError):
        enrich(engine, EnrichOptions(), OpenAlexConfig(base_url="http://127.0.0.1:9", **values))


def test_retry_after_in_seconds_or_as_an_http_date():
    class Reply:
        def __init__(self, value):
            self.headers = {"Retry-After": value}

    assert _retry_after(Reply("7")) == 7.0
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= _retry_after(Reply(later)) <= 31
    assert _retry_after(Reply("soon")) is None


def test_ctrl_c_stops_within_two_seconds_and_sends_nothing_more(fake, tmp_path):
    works, book = _book(tmp_path, 40, with_doi=False)
    server = fake(works, latency=5.0)  # every answer takes 5 s
    db = tmp_path / "kb.sqlite"
    env = {**os.environ, "KB_OPENALEX_URL": server.url}
    assert subprocess.run([sys.executable, "-m", "kb.cli", "ingest", str(book), "--db", str(db)], env=env,
                          capture_output=True, cwd=REPO, check=False).returncode == 0
    # a shell running the tests in the background hands its children SIGINT ignored, and Python then installs
    # no KeyboardInterrupt handler: the child gets SIGINT's default back, as a terminal's Ctrl-C finds it
    proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "enrich", "--db", str(db), "--workers", "4"],
                            env={**env, "PYTHONFAULTHANDLER": "1"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=REPO, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    waited = time.monotonic()
    while not server.log and time.monotonic() - waited < 60:  # requests in flight (however slow the start-up)
        time.sleep(0.05)
    time.sleep(0.3)
    sent = len(server.log)
    assert sent >= 1
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # say where it hangs: faulthandler prints every thread on SIGABRT
        proc.send_signal(signal.SIGABRT)
        proc.wait(timeout=10)
        pytest.fail("kb enrich did not stop after Ctrl-C:\n" + proc.stderr.read().decode()[-8000:])
    assert time.monotonic() - start < 2.0
    time.sleep(0.5)
    assert len(server.log) == sent  # nothing sent after Ctrl-C
    assert "Traceback" not in proc.stderr.read().decode()


def test_a_merged_pin_follows_the_redirect_and_odd_dois_go_by_title(fake, engine, tmp_path):
    from kb.ingest.enrich import pin

    works, book = _book(tmp_path, 2)
    odd = make_work("W7000", "A study whose DOI holds a comma", 2019, ["Cy Odd"], doi="10.1002/(sici)1,2&3")
    server = fake([*works, odd], merged={"W4999": "W5000"})
    root = write_book(tmp_path / "odd", [
        "@article{odd, title={A study whose DOI holds a comma}, author={Odd, Cy}, year={2019}, "
        "doi={10.1002/(SICI)1,2&3}}"])
    ingest(engine, book, name="b")
    ingest(engine, root, name="o")
    pin(engine, "b", "h0", "W4999")
    enrich(engine, EnrichOptions(), config(server))
    m = match_of(engine, "h0")
    assert (m["status"], m["openalex_id"]) == ("matched", "W5000") and "merged" in m["note"]
    assert [r.status for r in server.log if r.status in (400, 403)] == []  # the odd DOI is never put in a URL
    assert match_of(engine, "odd")["status"] == "matched"


def test_versions_of_a_work_count_as_the_work(fake, engine, tmp_path):
    """A book work matched to its published record; its preprint is a version: the other book work that
    cites the preprint cites the book's work, and the preprint's references are the work's."""
    published = make_work("W1", "Visual genome connecting language and vision", 2017, ["Ranjay Krishna"],
                          venue="IJCV", references=["W50"])
    preprint = make_work("W2", "Visual genome connecting language and vision", 2016, ["Ranjay Krishna"],
                         venue="arXiv", work_type="preprint", references=["W60"])
    citing = make_work("W3", "Scene graphs from images and words", 2019, ["Ann Other"], references=["W2"])
    server = fake([published, preprint, citing])
    ingest(engine, write_book(tmp_path / "v", [
        "@article{vg, title={Visual Genome: Connecting Language and Vision}, author={Krishna, Ranjay}, year={2017}, "
        "journal={IJCV}}",
        "@article{sg, title={Scene graphs from images and words}, author={Other, Ann}, year={2019}}"]), name="v")
    enrich(engine, EnrichOptions(), config(server))
    assert (match_of(engine, "vg")["openalex_id"], match_of(engine, "sg")["openalex_id"]) == ("W1", "W3")
    from kb.models import Reference, Work, WorkKey

    with Session(engine) as s:
        work = dict(s.execute(select(WorkKey.key, WorkKey.work_id)).all())
        refs = set(s.execute(select(Reference.citing_work_id, Reference.cited_work_id)).all())
        stubs = {oid for (oid,) in s.execute(select(Work.openalex_id).where(Work.origin == "openalex"))}
    assert (work["sg"], work["vg"]) in refs  # W3 cites the preprint W2: that is the book's work
    assert "W2" not in stubs and {"W50", "W60"} <= stubs  # both versions' references are the work's


def test_kb_show_says_why_a_candidate_was_taken_or_not(fake, engine, tmp_path):
    from kb.api import KnowledgeBase
    from kb.api.works import find_work, work_detail
    from kb.render import format_work_text

    paper = make_work("W1", "Attention is all you need", 2017, ["Ashish Vaswani"])
    erratum = make_work("W2", "Correction: Attention is all you need", 2017, ["Ashish Vaswani"])
    server = fake([paper, erratum])
    ingest(engine, write_book(tmp_path / "s", [
        "@article{att, title={Attention is all you need}, author={Vaswani, Ashish}, year={2017}}"]), name="s")
    enrich(engine, EnrichOptions(), config(server))
    kb = KnowledgeBase(engine=engine)
    text = format_work_text(work_detail(kb, find_work(kb, "att")))
    assert "OpenAlex: matched by title, W1" in text
    assert "candidate W1:" in text and "first author agrees" in text
    assert "candidate W2:" in text and "not the cited work: a correction (title)" in text


def test_offline_without_answers_says_failed_and_exits_1(tmp_path):
    from typer.testing import CliRunner

    from kb.cli import app

    _, book = _book(tmp_path, 2)
    db = tmp_path / "kb.sqlite"
    assert CliRunner().invoke(app, ["ingest", str(book), "--db", str(db)]).exit_code == 0
    result = CliRunner().invoke(app, ["enrich", "--offline", "--db", str(db)])
    assert result.exit_code == 1
    assert "failed: 2" in result.stdout and "2 work(s) not looked up yet" in result.stderr
    timeout = CliRunner().invoke(app, ["enrich", "--timeout", "0", "--db", str(db)])
    assert timeout.exit_code == 2 and "--timeout must be more than 0" in timeout.stderr
