"""Scan one pandoc/R Markdown/Quarto file: front matter, headings, author lines, citations.

The scanner first masks everything that is not prose (YAML front matter, fenced code,
HTML comments, inline code, math, URLs) with spaces, keeping every newline, so line and
column numbers in the masked text are those of the file. Headings and citations are then
found in the masked text only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import yaml

from kb.errors import ERROR, WARNING, Problem

# Quarto cross-reference prefixes: `@fig-x` is a figure, not a work.
QUARTO_CROSSREF_PREFIXES = (
    "fig", "tbl", "lst", "tip", "nte", "wrn", "imp", "cau", "thm", "lem", "cor", "prp",
    "cnj", "def", "exm", "exr", "sol", "rem", "alg", "eq", "sec",
)  # fmt: skip

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A knitr/Quarto chunk header: ```{engine options}. knitr reads it with its own rule, so backticks in
# the options (fig.cap="uses `code`") do not stop it being a fence, as they would in CommonMark.
_CHUNK_HEADER = re.compile(r"^[ \t>]*`{3,}\s*\{[A-Za-z0-9_]+(?:[ ,].*)?\}\s*$")
# Captions among chunk options are Markdown in the rendered book (bookdown's HTML, Quarto): their
# citations count. knitr: fig.cap="..." in the header; Quarto: `#| fig-cap: ...` lines opening the chunk.
_CHUNK_CAPTION = re.compile(r"\b(?:fig\.cap|fig\.scap|tab\.cap)\s*=\s*([\"'])((?:\\.|(?!\1).)*)\1")
_QUARTO_OPTION = re.compile(r"^\s*#\|")
_QUARTO_CAPTION = re.compile(r"^\s*#\|\s*(?:fig-cap|tbl-cap|fig-scap|lst-cap)\s*:\s*(?:([\"'])(.*)\1|(.*?))\s*$")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# Patterns start with a literal so `re` can jump to candidates; lookbehinds come after it.
_INLINE_CODE = re.compile(r"(`+)(?!`)(?:[^`\n]|\n(?![ \t]*\n)|`(?!\1))+?(?<!`)\1(?!`)")
# Display math as pandoc reads it: `$$` not escaped, then escapes (`\\`, `\$`) taken two characters at a
# time, no blank line, up to the next `$$`.
_DISPLAY_MATH = re.compile(r"\$\$(?<!\\\$\$)(?:[^$\\\n]|\\(?:[^\n]|\n(?![ \t]*\n))|\n(?![ \t]*\n)|\$(?!\$))*\$\$")
_MATH_ENV = re.compile(
    r"\\begin\{(equation|align|alignat|gather|multline|eqnarray|math|displaymath|split)(\*?)\}"
    r".*?\\end\{\1\2\}",
    re.DOTALL,
)
_INLINE_MATH = re.compile(r"\$(?<![\\$\w]\$)(?![\s$])(?:[^$\\\n]|\\.|\n(?![ \t]*\n))+?(?<![\s\\])\$(?![\d$])")
_URLS = (
    re.compile(r"https?://[^\s<>\]\)\"']+"),
    re.compile(r"ftp://[^\s<>\]\)\"']+"),
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # link targets
    re.compile(r"<[^<>\s@]+@[^<>\s]+>"),  # e-mail autolinks
)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$")
# pandoc's fenced divs: `::: {attributes}` (or `::: class`) opens, a line of colons alone closes.
_DIV_OPEN = re.compile(r"^ {0,3}:{3,}[ \t]*(\{[^{}]*\}|[^\s{}:]+)[ \t]*:*[ \t]*$")
_DIV_CLOSE = re.compile(r"^ {0,3}:{3,}[ \t]*$")
# Divs whose first heading is their title (Quarto callouts; theorem-like cross-reference divs) and divs
# whose headings are tab labels (Quarto tabsets): none of these headings is a section of the book.
_TITLED_DIV = re.compile(r"\.callout(?:-[\w-]+)?\b|#(?:thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg)-|"
                         r"\.(?:theorem|lemma|corollary|proposition|conjecture|definition|example|exercise|"
                         r"solution|remark|proof|algorithm)\b")
_TABSET_DIV = re.compile(r"\.panel-tabset\b")
_SETEXT = re.compile(r"^(?:=+|-{2,})$")  # a heading's underline: "Title" over "=====" or "-----"
_NOT_SETEXT = re.compile(r"^\s*(?:[-*+>|]|\d+[.)])\s|^\s{4}")  # list items, quotes, tables, indented text
_HEADING_ATTRS = re.compile(r"[ \t]*\{([^{}]*)\}[ \t]*$")
ROLE_LINE = re.compile(
    r"^[ \t]*(?:\*{1,2}|_{1,2})[ \t]*(Authors?|Supervisors?)[ \t]*:[ \t]*(.*?)[ \t]*(?:\*{1,2}|_{1,2})[ \t]*$",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
# A citation: `@` not preceded by a word character or a backslash (e-mail addresses,
# `\@ref(...)` and `\@` escapes are not citations), then a braced key or a key that
# starts with a letter, digit or `_` and may hold internal punctuation.
_CITE = re.compile(
    r"@(?<![\w\\@]@)(?:\{(?P<braced>[^{}\n]+)\}|(?P<key>\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*))"
)
_SPACED_CITE = re.compile(r"\[[^\[\]\n]{0,300}?(?<![\w\\@])-?@[ \t]+(\w[\w:.\-/]*)[^\[\]\n]{0,300}\]")
_ABBREVIATIONS = frozenset(
    "al e.g i.e etc vs cf fig figs eq eqs sec ch chap pp p no vol resp approx ca et dr mr ms prof st".split()
)


@dataclass
class RawHeading:
    """A heading as found in one file, before the book's tree is known."""

    level: int
    title: str
    anchor: str | None
    numbered: bool
    line: int
    part: bool = False  # `# (PART) Title {-}`
    appendix_marker: bool = False  # `# (APPENDIX) Appendix {-}`
    authors: tuple[str, ...] = ()
    supervisors: tuple[str, ...] = ()


@dataclass
class RawCitation:
    key: str
    line: int
    column: int
    sentence: str
    heading: int | None  # index into the file's headings, None = before the first heading
    narrative: bool
    suppress_author: bool


@dataclass
class ScannedFile:
    file: str
    front_matter: dict = field(default_factory=dict)
    front_matter_lines: dict = field(default_factory=dict)  # top-level key -> line
    headings: list[RawHeading] = field(default_factory=list)
    citations: list[RawCitation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    masked: str = ""


def decode_source(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Decode a text file as UTF-8 with `\n` line ends (CRLF and CR count as one line end, as they do
    for pandoc and BibTeX); binary files give None, bad bytes are replaced."""
    text, problems = _decode(data, file)
    return (normalize_line_ends(text) if text is not None else None), problems


def normalize_line_ends(text: str) -> str:
    """CRLF and CR as `\n`, as pandoc, TeX and BibTeX count lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [
            Problem(ERROR, "binary-file", "binary file (NUL byte), skipped; remove it from the book's "
                    "file list or replace it with the text source", file, line)
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return data.decode("utf-8", errors="replace"), [
            Problem(WARNING, "not-utf8", "not valid UTF-8; bad bytes were replaced with U+FFFD; "
                    "re-save the file as UTF-8", file, line)
        ]


def _keep_only(line: str, spans: list[tuple[int, int]]) -> str:
    """The line blanked out but for the given (start, end) spans."""
    kept = [" "] * len(line)
    for start, end in spans:
        kept[start:end] = line[start:end]
    return "".join(kept)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def split_front_matter(text: str, file: str) -> tuple[dict, dict, int, list[Problem]]:
    """Parse a leading YAML block. Returns (metadata, key -> line, lines it spans, problems)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, {}, 0, []
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        return {}, {}, 0, [Problem(WARNING, "front-matter", "YAML front matter is never closed with "
                                   "`---`; it is read as text", file, 1)]
    block = "\n".join(lines[1:end])
    try:
        node = yaml.compose(block)
        meta = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        return {}, {}, end + 1, [Problem(ERROR, "front-matter", f"YAML front matter does not parse "
                                        f"({getattr(exc, 'problem', exc)}); fix the YAML", file, line)]
    key_lines: dict = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return (meta if isinstance(meta, dict) else {}), key_lines, end + 1, []


def mask_non_prose(text: str, front_matter_lines: int, file: str) -> tuple[str, list[Problem]]:
    """Blank out front matter, code, comments, math and URLs, keeping every newline."""
    problems: list[Problem] = []
    lines = text.split("\n")
    out: list[str] = []
    fence: tuple[str, int, int] | None = None  # (char, length, opening line)
    chunk_options = False  # inside a chunk's leading `#|` option lines
    for number, line in enumerate(lines, start=1):
        if number <= front_matter_lines:
            out.append("")
            continue
        if fence:
            close = re.match(r"^ {0,3}(`{3,}|~{3,})[ \t]*$", line)
            if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= fence[1]:
                fence = None
            chunk_options = chunk_options and fence is not None and bool(_QUARTO_OPTION.match(line))
            caption = _QUARTO_CAPTION.match(line) if chunk_options else None
            spans = [caption.span(2) if caption.group(2) is not None else caption.span(3)] if caption else []
            out.append(_keep_only(line, spans))
            continue
        opening = _FENCE_OPEN.match(line)
        chunk = _CHUNK_HEADER.match(line)
        if opening and (chunk or not (opening.group(1)[0] == "`" and "`" in line[opening.end():])):
            fence = (opening.group(1)[0], len(opening.group(1)), number)
            chunk_options = bool(chunk)
            out.append(_keep_only(line, [m.span(2) for m in _CHUNK_CAPTION.finditer(line)] if chunk else []))
            continue
        out.append(line)
    if fence:
        problems.append(Problem(WARNING, "unclosed-fence", "code fence is never closed; the rest of "
                                "the file is read as code; close it with a matching fence", file, fence[2]))
    masked = "\n".join(out)
    for pattern in (_COMMENT, _INLINE_CODE, _DISPLAY_MATH, _MATH_ENV, _INLINE_MATH, *_URLS):
        masked = pattern.sub(_blank, masked)
    return masked, problems


_HONORIFICS = re.compile(r"^(?:(?:Prof|Dr|Mr|Mrs|Ms|PD)\.?(?:\s+|$)|(?:rer\. nat\.|habil\.)\s*)+", re.IGNORECASE)


def split_names(value: str) -> tuple[str, ...]:
    """`Prof. Dr. Ann Lee, Bo Chen and Cy Dee` -> ("Ann Lee", "Bo Chen", "Cy Dee")."""
    names = (_HONORIFICS.sub("", n.strip(" *_")).strip() for n in _NAME_SPLIT.split(value))
    return tuple(n for n in names if n)


def _parse_heading(level: int, text: str, line: int) -> RawHeading:
    anchor = None
    numbered = True
    attrs = _HEADING_ATTRS.search(text)
    if attrs:
        text = text[: attrs.start()]
        for token in attrs.group(1).split():
            if token.startswith("#"):
                anchor = token[1:]
            elif token in ("-", ".unnumbered"):
                numbered = False
    text = re.sub(r"[ \t]+#+$", "", text).strip()
    part = appendix = False
    marker = re.match(r"^\((PART\*?|APPENDIX)\)\s*", text)
    if marker:
        part = marker.group(1).startswith("PART")
        appendix = not part
        text = text[marker.end():]
    return RawHeading(level, text, anchor, numbered, line, part=part, appendix_marker=appendix)


class LineIndex:
    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based."""
        row = bisect_right(self.starts, offset) - 1
        return row + 1, offset - self.starts[row] + 1


_BOUNDARY = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[*_]?[A-Z0-9@])")
_LAST_WORD = re.compile(r"([\w.]+)[.!?][\"')\]]*$")


class Sentences:
    """Finds the sentence around a position of the original text; paragraphs are split once."""

    def __init__(self, lines: list[str], boundaries: list[str] | None = None, sentence_end: re.Pattern = _BOUNDARY):
        """`lines` give the text; `boundaries` (the masked lines) say where paragraphs end, so a
        code chunk or comment right above a paragraph is not part of its sentences; `sentence_end` finds
        where a sentence may end (LaTeX's sentences may start with a command)."""
        self.sentence_end = sentence_end
        self.lines = lines
        self.gaps = boundaries or lines
        self.cache: dict[int, tuple[int, str, list[int]]] = {}
        self.sentences: dict[tuple[int, int], str] = {}

    def _paragraph(self, row: int) -> tuple[int, str, list[int]]:
        first = row
        while first > 0 and self.gaps[first - 1].strip():
            first -= 1
        if first not in self.cache:
            last = row
            while last + 1 < len(self.lines) and self.gaps[last + 1].strip():
                last += 1
            text = "\n".join(self.lines[first: last + 1])
            starts = [0]
            for m in self.sentence_end.finditer(text):
                word = _LAST_WORD.search(text[max(0, m.start() - 30): m.start() + 1])
                token = (word.group(1) if word else "").lower().rstrip(".")
                if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                    continue
                starts.append(m.end())
            self.cache[first] = (first, text, starts)
        return self.cache[first]

    def around(self, line: int, column: int) -> str:
        first, text, starts = self._paragraph(line - 1)
        offset = sum(len(self.lines[i]) + 1 for i in range(first, line - 1)) + column - 1
        at = bisect_right(starts, offset) - 1
        if (first, at) not in self.sentences:  # every citation of one sentence shares it
            end = starts[at + 1] if at + 1 < len(starts) else len(text)
            sentence = " ".join(text[starts[at]:min(end, starts[at] + 2000)].split())
            self.sentences[(first, at)] = sentence if len(sentence) <= 600 else sentence[:597] + "..."
        return self.sentences[(first, at)]


def scan_markdown(
    text: str, file: str, *, crossref_prefixes: tuple[str, ...] = ()
) -> ScannedFile:
    """Read headings, author lines and citations from one Markdown file's text."""
    result = ScannedFile(file=file)
    meta, key_lines, fm_lines, problems = split_front_matter(text, file)
    result.front_matter, result.front_matter_lines = meta, key_lines
    result.problems.extend(problems)
    masked, problems = mask_non_prose(text, fm_lines, file)
    result.problems.extend(problems)
    result.masked = masked
    original_lines = text.split("\n")
    masked_lines = masked.split("\n")

    heading_lines: list[int] = []
    divs: list[list] = []  # open fenced divs: [kind, title still possible]
    for number, mline in enumerate(masked_lines, start=1):
        opening = _DIV_OPEN.match(mline)
        if opening:
            attrs = opening.group(1)
            kind = "titled" if _TITLED_DIV.search(attrs if attrs.startswith("{") else "." + attrs) else \
                "tabs" if _TABSET_DIV.search(attrs if attrs.startswith("{") else "." + attrs) else "plain"
            divs.append([kind, kind == "titled"])
            continue
        if divs and _DIV_CLOSE.match(mline):
            divs.pop()
            continue
        m = _HEADING.match(mline)
        if divs and divs[-1][1] and mline.strip():
            divs[-1][1] = False
            if m:
                continue  # the callout's (or theorem's) title
        if m and any(kind == "tabs" for kind, _ in divs):
            continue  # a tab's label
        if m:
            written = _HEADING.match(original_lines[number - 1]) or m
            result.headings.append(_parse_heading(len(m.group(1)), written.group(2), number))
            heading_lines.append(number)
            continue
        underline = masked_lines[number].strip() if number < len(masked_lines) else ""
        if (_SETEXT.match(underline) and mline.strip() and not _NOT_SETEXT.match(mline)
                and (number == 1 or not masked_lines[number - 2].strip())):
            level = 1 if underline.startswith("=") else 2
            result.headings.append(_parse_heading(level, original_lines[number - 1].strip(), number))
            heading_lines.append(number)
            continue
        role = ROLE_LINE.match(mline)
        if role and result.headings:
            current = result.headings[-1]
            names = split_names(role.group(2))
            if role.group(1).lower().startswith("author") and not current.authors:
                current.authors = names
            elif role.group(1).lower().startswith("supervisor") and not current.supervisors:
                current.supervisors = names

    index = LineIndex(masked)
    sentences = Sentences(original_lines, masked_lines)
    crossref = tuple(p + "-" for p in crossref_prefixes)
    for m in _CITE.finditer(masked):
        key = (m.group("braced") or m.group("key")).strip()
        if crossref and key.startswith(crossref):
            continue
        line, column = index.locate(m.start())
        suppress = m.start() > 0 and masked[m.start() - 1] == "-"
        before = masked[max(0, m.start() - 400): m.start()]
        after = masked[m.end(): m.end() + 400]
        open_at, close_at = before.rfind("["), before.rfind("]")
        narrative = not (open_at > close_at and "]" in after and "\n\n" not in before[open_at:])
        result.citations.append(
            RawCitation(
                key=key,
                line=line,
                column=column,
                sentence=sentences.around(line, column),
                heading=bisect_right(heading_lines, line) - 1 if heading_lines and heading_lines[0] <= line else None,
                narrative=narrative,
                suppress_author=suppress,
            )
        )
    for m in _SPACED_CITE.finditer(masked):
        line, _ = index.locate(m.start())
        result.problems.append(
            Problem(WARNING, "spaced-citation", f"`{m.group(0)}` has a space after `@`, so pandoc does not "
                    f"read it as a citation; write `@{m.group(1)}`", file, line, key=m.group(1))
        )
    return result
