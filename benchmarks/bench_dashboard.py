"""Time to a complete render in a real browser (Debian's chromium through Playwright), side by side in one
run: a minimal Streamlit page with one plotly chart; every dashboard page on the bundled knowledge base and
on a synthetic one of 5,000 works; and two interactions on each, timed from a real mouse click to the
page rendered again: a click on a work of the citation graph (its detail shown) and a click on a work of
a neighbourhood (re-centred on it). Each figure's ratio to the minimal page.

A render is complete when the page shows its title and its last element, its plotly charts are drawn and
Streamlit runs nothing. Pages open in a new tab on a warm server (one untimed visit of each first);
interactions start from a rendered page. Target: every page and interaction within 1.5x of the minimal page.

    python benchmarks/bench_dashboard.py [--runs N] [--works N] [--only WORDS]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kb.api import find_work, list_works, open_kb  # noqa: E402
from tests import browser  # noqa: E402

PAGES = [("", "Overview", 2), ("taxonomy", "Taxonomy", 1), ("graph", "Citation graph", 1),
         ("neighbourhood", "Neighbourhood", 1), ("works", "Works", 0), ("chapters", "Chapters", 1),
         ("quality", "Quality", 0), ("compare", "Compare", 0), ("since", "Since the book", 0)]
TARGET = 1.5


def synthetic_book(folder: Path, works: int, seed: int = 7) -> Path:
    """A generated book (labelled synthetic): 20 chapters of 10 sections citing `works` entries."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    words = ["image", "text", "video", "audio", "transformer", "contrastive", "diffusion", "retrieval", "caption",
             "speech", "graph", "tabular", "network", "learning", "generation", "model", "vision", "language"]
    entries = []
    for i in range(works):
        title = " ".join(rng.choice(words) for _ in range(6)).capitalize() + f" {i}"
        entries.append(f"@article{{w{i}, title={{{title}}}, author={{Author{i % 997}, A.}}, year={{{1990 + i % 34}}}, "
                       f"journal={{Synthetic Journal}}}}")
    (folder / "refs.bib").write_text("% synthetic entries made by benchmarks/bench_dashboard.py\n"
                                     + "\n".join(entries) + "\n")
    lines = ["---", "title: Synthetic book (generated)", "bibliography: refs.bib", "---"]
    order = list(range(works))
    rng.shuffle(order)
    per_section = max(1, works // 200)
    k = 0
    for c in range(20):
        lines.append(f"\n# Chapter {c + 1}\n")
        for s in range(10):
            lines.append(f"\n## Section {c + 1}.{s + 1}\n")
            cited = order[k:k + per_section] + [rng.randrange(works) for _ in range(per_section // 4)]
            k += per_section
            lines.append(" ".join(f"Work [@w{w}]." for w in cited))
    (folder / "index.Rmd").write_text("\n".join(lines) + "\n")
    return folder


def well_cited(db: Path, book: str) -> int:
    """The work a neighbourhood is centred on: the one most chapters cite."""
    with open_kb(f"sqlite:///{db}") as kb:
        return list_works(kb, book=book, sort="chapters", limit=1)[0]["id"]


def load(chromium, url: str, title: str, charts: int) -> float:
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        return browser.render(page, url, title, charts)
    except Exception as exc:
        shown = page.evaluate("() => document.body.innerText.slice(0, 300)")
        raise RuntimeError(f"{url} did not render ({exc.__class__.__name__}); it shows: {shown!r}") from None
    finally:
        page.close()


CHANGED = """(before) => {
    const now = new URLSearchParams(document.location.search).get('work');
    return now !== null && now !== before; }"""


def click(chromium, url: str, title: str, charts: int) -> float:
    """Open `url`, then time a real click on a work (one no other marker touches, if there is one) until the
    page shows the work the click chose."""
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        browser.render(page, url, title, charts)
        before = page.evaluate("() => new URLSearchParams(document.location.search).get('work')")
        free = browser.free_points(page)
        _, x, y = free[0] if free else next(p for p in browser.all_points(page, "work:") if p[4]
                                            and p[0] != f"work:{before}")[:3]
        start = time.perf_counter()
        page.mouse.click(x, y)
        page.wait_for_function(CHANGED, arg=before, timeout=60_000, polling=20)
        browser.shown(page, title, charts)
        return time.perf_counter() - start
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--works", type=int, default=5000)
    parser.add_argument("--only", default="", help="comma-separated words: measure only what has one in its name")
    args = parser.parse_args()
    reason = browser.missing()
    if reason:
        sys.exit(f"cannot run: {reason}")
    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-dashboard-"))
    bundled = tmp / "papers.sqlite"
    shutil.copy(REPO / "data" / "papers.sqlite", bundled)
    big = tmp / "synthetic.sqlite"
    kb = [sys.executable, "-m", "kb.cli"]
    book = synthetic_book(tmp / "synthetic-book", args.works)
    subprocess.run([*kb, "ingest", str(book), "--db", str(big), "-q", "--output", "json"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([*kb, "classify", "--db", str(big)], check=True, stdout=subprocess.DEVNULL)
    with open_kb(f"sqlite:///{bundled}") as handle:
        clip = find_work(handle, "CLIP", "multimodal-dl")
    sets = [("bundled", bundled, "multimodal-dl", clip), (f"{args.works:,} works", big, "synthetic-book",
                                                          well_cited(big, "synthetic-book"))]
    ports = [browser.free_port() for _ in range(3)]
    with browser.streamlit_server(REPO / "benchmarks" / "minimal_app.py", ports[0]) as minimal, \
            browser.dashboard_server(bundled, ports[1]) as dash, browser.dashboard_server(big, ports[2]) as synth, \
            browser.browser() as chromium:
        targets = {"minimal page": (load, f"{minimal}/", "Minimal", 1)}
        for (label, _, name, centre), base in zip(sets, (dash, synth), strict=True):
            for path, title, charts in PAGES:
                extra = f"&work={centre}" if path == "neighbourhood" else ""
                targets[f"{title} ({label})"] = (load, f"{base}/{path}?book={name}{extra}", title, charts)
            targets[f"click a work in the graph ({label})"] = (click, f"{base}/graph?book={name}", "Citation graph", 1)
            targets[f"re-centre a neighbourhood ({label})"] = (click, f"{base}/neighbourhood?book={name}&work={centre}",
                                                               "Neighbourhood", 1)
        if args.only:
            wanted = [w.strip().lower() for w in args.only.split(",")]
            targets = {n: t for n, t in targets.items() if n == "minimal page" or any(w in n.lower() for w in wanted)}
        first = {name: how(chromium, *rest) for name, (how, *rest) in targets.items()}  # cold: imports, caches
        times: dict[str, list[float]] = {name: [] for name in targets}
        for _ in range(args.runs):
            for name, (how, *rest) in targets.items():
                times[name].append(how(chromium, *rest))
    base_time = statistics.median(times["minimal page"])
    print(f"time to a complete render in headless Chromium, median of {args.runs} interleaved runs "
          f"(first, cold, in brackets)")
    worst = ("", 0.0)
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / base_time
        print(f"  {name:<44} {median * 1000:7.0f} ms  {ratio:5.2f}x   [{first[name] * 1000:6.0f} ms]")
        if name != "minimal page" and ratio > worst[1]:
            worst = (name, ratio)
    print(f"target: every page and interaction within {TARGET}x of the minimal page -> "
          f"{'met' if worst[1] <= TARGET else 'NOT met'} (worst {worst[1]:.2f}x: {worst[0]})")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
