"""Inline the files a chapter pulls in: Quarto `{{< include file.qmd >}}` and knitr child chunks
(```` ```{r, child="file.Rmd"} ````), keeping for every line the file and line it came from."""

from __future__ import annotations

import re
from pathlib import Path

from kb.errors import WARNING, Problem
from kb.ingest.layout import relative_to_root

_INCLUDE = re.compile(r"^\s*\{\{<\s*include\s+(['\"]?)([^'\"\s>]+)\1\s*>\}\}\s*$")
_CHILD = re.compile(r"^ {0,3}(`{3,})\s*\{r[^}]*\bchild\s*=\s*(['\"])([^'\"]+)\2[^}]*\}\s*$")
MAX_DEPTH = 10

LineMap = list[tuple[str, int]]  # expanded line (0-based index) -> (file relative to the root, line)


def expand(text: str, rel: str, root: Path, read, depth: int = 0,
           main: str | None = None) -> tuple[str, LineMap, list[Problem]]:
    """`text` of file `rel` with its includes inlined; `read(path) -> str | None` loads a file.

    As Quarto and knitr resolve them, every include (nested ones too) is relative to the main
    document's folder (`main`, the chapter being read; `rel` itself at the top), and a path starting
    with `/` is relative to the project root."""
    main = main or rel
    out: list[str] = []
    where: LineMap = []
    problems: list[Problem] = []
    lines = text.split("\n")
    n = 0
    while n < len(lines):
        line = lines[n]
        include = _INCLUDE.match(line)
        child = _CHILD.match(line) if not include else None
        target = include.group(2) if include else (child.group(3) if child else None)
        if target is None:
            out.append(line)
            where.append((rel, n + 1))
            n += 1
            continue
        end = n
        if child:  # the chunk's own lines (options, closing fence) are replaced by the child document
            fence = child.group(1)
            end = next((k for k in range(n + 1, len(lines)) if lines[k].strip().startswith(fence)), n)
        path = root / target.lstrip("/") if target.startswith("/") else (root / main).parent / target
        included_rel = relative_to_root(path, root)
        body = read(path) if depth < MAX_DEPTH else None
        if body is None:
            why = "is nested too deeply" if depth >= MAX_DEPTH else "does not exist"
            problems.append(Problem(WARNING, "missing-include", f"includes `{target}`, which {why}; its citations "
                                    "are not read", rel, n + 1))
        else:
            inner, inner_where, inner_problems = expand(body, included_rel, root, read, depth + 1, main)
            out.extend(inner.split("\n"))
            where.extend(inner_where)
            problems.extend(inner_problems)
        n = end + 1
    return "\n".join(out), where, problems
