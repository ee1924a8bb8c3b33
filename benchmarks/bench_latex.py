"""kb's LaTeX reader against pandoc's (`pandoc -f latex -t json`) on a generated thesis.

The thesis is synthetic (seeded; labelled so in its own text): a book-class main file that \\include's
CHAPTERS chapter files of sections and paragraphs, each sentence with a natbib citation, a comment and a
footnote, and a .bib of the cited keys. Both readers run side by side, interleaved, and the script prints
their medians and ratio, and kb's citations per second. Target: kb reads the whole tree (files, headings,
every citation with its sentence, the .bib) in less time than pandoc takes only to parse it.

With --corpus DIR it reads instead every LaTeX document under DIR (for instance TeX Live's own
documentation sources, /usr/share/doc/texlive-doc) with kb and with pandoc, and prints how many kb read
without an error, and on how many the cited keys and the headings (titles, relative levels) agree with
pandoc's. A disagreement is listed, for reading: pandoc 2.17 is not always right (it drops \\parencite*,
\\citenum, KOMA's \\addsec and unknown environments' contents).

    python benchmarks/bench_latex.py [--chapters N] [--runs N]
    python benchmarks/bench_latex.py --corpus DIR
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb.errors import KbError
from kb.ingest.book import read_book
from tests.pandoc_oracle import cited_ids, header_levels, relative


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


def corpus(folder: Path, pandoc: str | None) -> None:
    documents = sorted(p for p in folder.rglob("*.tex") if b"\\documentclass" in p.read_bytes()[:20000])
    read = errors = keys_same = heads_same = compared = pandoc_failed = 0
    citations = headings = 0
    for path in documents:
        try:
            book = read_book(path)
        except KbError:
            errors += 1
            continue
        read += 1
        citations += len(book.citations)
        headings += len(book.headings)
        if not pandoc:
            continue
        done = subprocess.run([pandoc, "-f", "latex", "-t", "json", path.name], cwd=path.parent, capture_output=True,
                              text=True, errors="replace", timeout=120, check=False)
        if done.returncode:
            pandoc_failed += 1
            continue
        compared += 1
        ast = json.loads(done.stdout)
        theirs, their_headings = cited_ids(ast), header_levels(ast)
        every = list(dict.fromkeys(e.key for e in book.entries))  # \\nocite{*}: each key once
        theirs = [k for key in theirs for k in (every if key == "*" else [key])]
        ours = [c.key for c in book.citations]
        keys_same += Counter(ours) == Counter(theirs)
        same_headings = relative([(h.depth, h.title) for h in book.headings]) == relative(their_headings)
        heads_same += same_headings
        if Counter(ours) != Counter(theirs) or not same_headings:
            only_kb, only_pandoc = Counter(ours) - Counter(theirs), Counter(theirs) - Counter(ours)
            print(f"  differs: {path.relative_to(folder)}: keys only kb {dict(list(only_kb.items())[:3])}, only "
                  f"pandoc {dict(list(only_pandoc.items())[:3])}; headings {'same' if same_headings else 'differ'}")
    print(f"corpus {folder}: {len(documents)} LaTeX documents; kb read {read} ({citations} citations, {headings} "
          f"headings), refused {errors}")
    if pandoc:
        print(f"  pandoc read {compared} (failed on {pandoc_failed}); the same cited keys on {keys_same}/{compared}, "
              f"the same headings on {heads_same}/{compared}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, help="compare kb with pandoc on every LaTeX document under this folder")
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    if args.corpus:
        corpus(args.corpus, pandoc)
        return
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
