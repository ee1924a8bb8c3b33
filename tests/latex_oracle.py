"""The real LaTeX tool chain as the oracle of the BibTeX exports: pdflatex + bibtex with a classic
style (plain; natbib + apalike), biber with biblatex, pandoc --citeproc.

Each function returns the tools' complaints as a list of lines; an empty list means the tools
accepted the file. The tests skip where a tool is absent, and fail on CI, which installs them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

STYLES = {"plain": ("", "plain"), "apalike": ("\\usepackage{natbib}\n", "apalike")}


def need(*tools: str) -> None:
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the real tools: install {', '.join(missing)} (see .ci/run)")
        pytest.skip(f"{', '.join(missing)} not installed (Debian: texlive-latex-base, texlive-bibtex-extra, "
                    "biber, pandoc); CI installs them")


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=300)


def bibtex_errors(bib_text: str, folder: Path, style: str = "plain") -> list[str]:
    """pdflatex, bibtex, pdflatex twice over a document citing every entry with `style`: the errors of
    bibtex and of pdflatex (lines starting with `!`, with the line after them)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib_text, encoding="utf-8")
    package, bst = STYLES[style]
    (folder / "doc.tex").write_text("\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{url}\n" + package +
                                    "\\begin{document}\n\\nocite{*}\n\\bibliographystyle{" + bst + "}\n"
                                    "\\bibliography{refs}\n\\end{document}\n", encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    _run(latex, folder)
    bib = _run(["bibtex", "doc"], folder)
    problems = [line for line in bib.stdout.splitlines()
                if re.search(r"error message|I couldn't open|I was expecting|illegal|Repeated entry", line)]
    _run(latex, folder)
    final = _run(latex, folder)
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace").splitlines() \
        if (folder / "doc.log").exists() else ["no log: " + final.stdout[-500:]]
    problems += [" ".join(log[i:i + 2]) for i, line in enumerate(log) if line.startswith("!")]
    return problems


def biber_warnings(bib_text: str, folder: Path, cite_keys: list[str]) -> list[str]:
    """biblatex + biber over a document citing `cite_keys` (aliases in `ids` resolve there): biber's
    WARN and ERROR lines, and citations LaTeX reports undefined."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib_text, encoding="utf-8")
    (folder / "doc.tex").write_text("\\documentclass{article}\n\\usepackage[backend=biber]{biblatex}\n"
                                    "\\addbibresource{refs.bib}\n\\begin{document}\n\\nocite{*}\n"
                                    "\\cite{" + ",".join(cite_keys) + "}\n\\printbibliography\n\\end{document}\n",
                                    encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "doc.tex"]
    _run(latex, folder)
    biber = _run(["biber", "doc"], folder)
    problems = [line for line in biber.stdout.splitlines() if re.match(r"(WARN|ERROR) - ", line)]
    _run(latex, folder)
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
    problems += re.findall(r"Citation '[^']+' [^\n]*undefined", log)
    return problems
