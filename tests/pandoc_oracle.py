"""pandoc as the oracle for the Markdown reader: the citations (and headings) pandoc's own reader
finds in a file, after the preparation knitr and Quarto do before pandoc sees it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

from kb.ingest.markdown import QUARTO_CROSSREF_PREFIXES

PANDOC = shutil.which("pandoc")
_CHUNK = re.compile(r"^([ \t>]*)(`{3,})\s*\{[A-Za-z0-9_]+(?:[ ,].*)?\}\s*$")
_KNITR_CAPTION = re.compile(r"\b(?:fig\.cap|fig\.scap|tab\.cap)\s*=\s*([\"'])((?:\\.|(?!\1).)*)\1")
_QUARTO_CAPTION = re.compile(r"^\s*#\|\s*(?:fig-cap|tbl-cap|fig-scap|lst-cap)\s*:\s*(?:([\"'])(.*)\1|(.*?))\s*$")


def knit(text: str) -> str:
    """What knitr/Quarto hand to pandoc, as far as citations go: chunk headers become plain fences,
    and a chunk's caption options become a paragraph where the chunk stands (they are Markdown in the
    rendered book)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        chunk = _CHUNK.match(lines[i])
        if not chunk:
            out.append(lines[i])
            i += 1
            continue
        captions = [m.group(2) for m in _KNITR_CAPTION.finditer(lines[i])]
        fence = chunk.group(2)
        body = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i])
            i += 1
        for line in body:
            if not line.lstrip().startswith("#|"):
                break
            caption = _QUARTO_CAPTION.match(line)
            if caption:
                captions.append(caption.group(2) if caption.group(2) is not None else caption.group(3))
        out += [""] + [c for caption in captions for c in (caption, "")] + [fence, *body, fence]
        i += 1
    return "\n".join(out)


def pandoc_ast(text: str) -> dict:
    done = subprocess.run([PANDOC, "-f", "markdown", "-t", "json"], input=text, capture_output=True, text=True,
                          check=True, timeout=60)
    return json.loads(done.stdout)


def _walk(node, found: list[str]) -> None:
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            found.extend(c["citationId"] for c in node["c"][0])
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk(value, found)


def pandoc_citations(text: str, quarto: bool = False) -> list[str]:
    """The cited keys, in order, that pandoc reads in a chapter's text (Quarto: cross-references such
    as @fig-x are not citations)."""
    found: list[str] = []
    _walk(pandoc_ast(knit(text))["blocks"], found)
    if quarto:
        found = [k for k in found if not k.startswith(tuple(p + "-" for p in QUARTO_CROSSREF_PREFIXES))]
    return found


def cited_ids(node) -> list[str]:
    """Every citation id in a pandoc AST node (blocks, or a whole document with its metadata), in order."""
    found: list[str] = []
    _walk(node, found)
    return found


def stringify(inlines, *, math=None, cites: bool = True) -> str:
    """Inlines as plain text; `math(tex)` renders math (default: its TeX); `cites=False` leaves citations out.
    Notes are left out."""
    parts = []
    for node in inlines:
        t = node.get("t")
        if t == "Str":
            parts.append(node["c"])
        elif t in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif t == "Code" or (t == "Math" and math is None):
            parts.append(node["c"][1])
        elif t == "Math":
            parts.append(math(node["c"][1]))
        elif t in ("Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Underline"):
            parts.append(stringify(node["c"], math=math, cites=cites))
        elif t in ("Link", "Span", "Quoted") or (t == "Cite" and cites):
            parts.append(stringify(node["c"][1], math=math, cites=cites))
    return "".join(parts)


def unicode_math(tex: str) -> str:
    """Math as a LaTeX book's readable titles give it (`\\alpha` -> α), by pylatexenc."""
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text").latex_to_text(tex)


def relative(levels: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Heading levels counted from the first heading (pandoc shifts every level when a \\part exists)."""
    return [(level - levels[0][0], title) for level, title in levels] if levels else []


def header_levels(ast: dict) -> list[tuple[int, str]]:
    """(level, title) of every header of a LaTeX document read by pandoc, in order; titles as kb makes them
    (math as Unicode, citations left out, one space between words)."""
    found: list[tuple[int, str]] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Header":
                found.append((node["c"][0], " ".join(stringify(node["c"][2], math=unicode_math,
                                                                cites=False).split())))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(ast.get("blocks", []))
    return found


_TITLED = re.compile(r"^callout|^(?:theorem|lemma|corollary|proposition|conjecture|definition|example|exercise|"
                     r"solution|remark|proof|algorithm)$")
_TITLED_ID = re.compile(r"^(?:thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg)-")


def pandoc_headings(text: str) -> list[str]:
    """Heading titles as pandoc reads them, less what Quarto makes of divs: a callout's or theorem's
    first heading is its title, headings in a tabset are tab labels."""
    titles: list[str] = []

    def blocks(items, in_tabs: bool) -> None:
        for block in items:
            if block["t"] == "Header" and not in_tabs:
                titles.append(stringify(block["c"][2]).strip())
            elif block["t"] == "Div":
                (ident, classes, _), inner = block["c"]
                titled = any(_TITLED.match(c) for c in classes) or bool(_TITLED_ID.match(ident))
                tabs = in_tabs or "panel-tabset" in classes
                if titled and inner and inner[0]["t"] == "Header":
                    inner = inner[1:]
                blocks(inner, tabs)
            elif block["t"] in ("BlockQuote",):
                blocks(block["c"], in_tabs)

    blocks(pandoc_ast(knit(text))["blocks"], False)
    return titles
