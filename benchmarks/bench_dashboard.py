"""Time to a complete render in a real browser (Debian's chromium through Playwright): a minimal
Streamlit page with one plotly chart, then every dashboard page on the bundled knowledge base, and
the citation-graph page on a synthetic knowledge base of 5,000 works; each page's ratio to the
minimal page, all measured side by side in one run.

A render is complete when the page shows its title and its last element, its plotly charts are
drawn and Streamlit runs nothing. Each measurement opens the page in a new browser tab on a warm
server (one untimed visit per page first). Targets: every page within 1.5x of the minimal page,
the 5,000-work graph page within 2x.

    python benchmarks/bench_dashboard.py [--runs N] [--works N]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests import browser  # noqa: E402

PAGES = [("", "Overview", 2), ("taxonomy", "Taxonomy", 1), ("graph", "Citation graph", 1), ("works", "Works", 0),
         ("chapters", "Chapters", 1), ("quality", "Quality", 0), ("compare", "Compare", 0)]


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


def measure(chromium, url: str, title: str, charts: int) -> float:
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        return browser.render(page, url, title, charts)
    except Exception as exc:
        shown = page.evaluate("() => document.body.innerText.slice(0, 300)")
        raise RuntimeError(f"{url} did not render ({exc.__class__.__name__}); it shows: {shown!r}") from None
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--works", type=int, default=5000)
    parser.add_argument("--only", default="", help="comma-separated words: measure only pages whose name has one")
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
    ports = [browser.free_port() for _ in range(3)]
    with browser.streamlit_server(REPO / "benchmarks" / "minimal_app.py", ports[0]) as minimal, \
            browser.dashboard_server(bundled, ports[1]) as dash, browser.dashboard_server(big, ports[2]) as synth, \
            browser.browser() as chromium:
        targets = {"minimal page": (minimal, "Minimal", 1)}
        targets.update({f"{title} (bundled)": (f"{dash}/{path}", title, charts) for path, title, charts in PAGES})
        targets[f"Citation graph ({args.works:,} works)"] = (f"{synth}/graph", "Citation graph", 1)
        if args.only:
            wanted = [w.strip().lower() for w in args.only.split(",")]
            targets = {n: t for n, t in targets.items() if n == "minimal page" or any(w in n.lower() for w in wanted)}
        first = {name: measure(chromium, *t) for name, t in targets.items()}  # cold: imports, caches
        times: dict[str, list[float]] = {name: [] for name in targets}
        for _ in range(args.runs):
            for name, t in targets.items():
                times[name].append(measure(chromium, *t))
    base = statistics.median(times["minimal page"])
    print(f"time to a complete render in headless Chromium, median of {args.runs} interleaved runs "
          f"(first visit in brackets)")
    worst, graph_ratio = 0.0, 0.0
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / base
        print(f"  {name:<32} {median * 1000:7.0f} ms  {ratio:5.2f}x   [{first[name] * 1000:6.0f} ms]")
        if name.endswith("(bundled)"):
            worst = max(worst, ratio)
        elif name.startswith("Citation graph ("):
            graph_ratio = ratio
    print(f"target: every page within 1.5x of the minimal page -> {'met' if worst <= 1.5 else 'NOT met'} "
          f"(worst {worst:.2f}x); {args.works:,}-work graph within 2x -> "
          f"{'met' if graph_ratio <= 2 else 'NOT met'} ({graph_ratio:.2f}x)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
