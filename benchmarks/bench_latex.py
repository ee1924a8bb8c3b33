"""kb's LaTeX reader against pandoc's (`pandoc -f latex -t json`) on a generated thesis.

The thesis is synthetic (seeded; labelled so in its own text): a book-class main file that \\include's
CHAPTERS chapter files of sections and paragraphs, each sentence with a natbib citation, a comment and a
footnote, and a .bib of the cited keys. Both readers run side by side, interleaved, and the script prints
their medians and ratio, and kb's citations per second. Target: kb reads the whole tree (files, headings,
every citation with its sentence, the .bib) in less time than pandoc takes only to parse it.

    python benchmarks/bench_latex.py [--chapters N] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from kb.ingest.book import read_book


def write_thesis(root: Path, chapters: int, seed: int = 7) -> int:
    """A synthetic thesis under `root`; returns how many citations it holds."""
    rng = random.Random(seed)
    keys = [f"synthetic{i}" for i in range(600)]
    (root / "chapters").mkdir(parents=True)
    (root / "refs.bib").write_text("".join(
        f"@article{{{k}, author={{Person, Synthetic {i}}}, title={{Synthetic work {i} for a benchmark}}, "
        f"journal={{Generated}}, year={{{2000 + i % 24}}}}}\n" for i, k in enumerate(keys)), encoding="utf-8")
    main = ["\\documentclass{book}", "\\usepackage{natbib}", "\\title{A synthetic thesis (generated for a benchmark)}",
            "\\begin{document}", "\\frontmatter", "\\chapter{Preface}", "Generated text.", "\\mainmatter"]
    cites = 0
    for c in range(chapters):
        main.append(f"\\include{{chapters/ch{c}}}")
        lines = [f"\\chapter{{Chapter {c} on \\emph{{generated}} things}}\\label{{ch:{c}}}"]
        for s in range(8):
            lines.append(f"\\section{{Section {c}.{s} with $\\alpha$}}")
            for _ in range(12):
                a, b = rng.sample(keys, 2)
                lines += [f"As \\citet{{{a}}} show, \\emph{{this}} holds~\\citep[p.~3]{{{b}, {a}}}. % \\cite{{fake}}",
                          f"It is known\\footnote{{See \\citealp{{{b}}}.}} that it works -- mostly.", ""]
                cites += 4
        (root / "chapters" / f"ch{c}.tex").write_text("\n".join(lines), encoding="utf-8")
    main += ["\\backmatter", "\\bibliographystyle{plainnat}", "\\bibliography{refs}", "\\end{document}"]
    (root / "main.tex").write_text("\n".join(main), encoding="utf-8")
    return cites


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "thesis"
        expected = write_thesis(root, args.chapters)
        book = read_book(root)
        assert len(book.citations) == expected, (len(book.citations), expected)
        size = sum(p.stat().st_size for p in root.rglob("*.tex"))
        kb_times, pandoc_times = [], []
        for _ in range(args.runs):
            kb_times.append(timed(lambda: read_book(root)))
            if pandoc:
                pandoc_times.append(timed(lambda: subprocess.run([pandoc, "-f", "latex", "-t", "json", "main.tex"],
                                                                 cwd=root, capture_output=True, check=True)))
    kb_median = statistics.median(kb_times)
    print(f"synthetic thesis: {args.chapters} chapters, {len(book.files)} files, {size / 1e6:.2f} MB, "
          f"{len(book.headings)} headings, {expected} citations; median of {args.runs} runs")
    print(f"  kb read_book (tree, headings, citations with sentences, .bib): {kb_median:8.3f} s "
          f"({expected / kb_median:,.0f} citations/s)")
    if pandoc_times:
        pandoc_median = statistics.median(pandoc_times)
        print(f"  pandoc -f latex -t json (parse only):                         {pandoc_median:8.3f} s")
        verdict = "met" if kb_median < pandoc_median else "NOT met"
        print(f"  kb / pandoc: {kb_median / pandoc_median:.2f}x; target under 1x: {verdict}")
    else:
        print("  pandoc is not installed: no side-by-side figure")


if __name__ == "__main__":
    main()
