"""Read a LaTeX book or thesis: its `\\input`/`\\include` tree, sectioning, natbib and biblatex citations.

The main file is found (or given), then every file it pulls in is inlined where LaTeX would read it,
keeping for each line the file and line it came from. Before anything is searched, each file is masked
as TeX reads it: comments, verbatim-like environments, `\\verb`, `\\iffalse ... \\fi` and URLs are
blanked (newlines kept), so nothing in them is taken for a heading or a citation. Macro definitions
are read and blanked: a user macro whose expansion cites (`\\newcommand{\\mycite}[1]{\\citep{#1}}`) is
expanded at each use. Headings are numbered with LaTeX's own counters (secnumdepth, \\frontmatter,
\\appendix). Nothing here touches the database.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kb.errors import ERROR, WARNING, KbError, Problem
from kb.ingest.markdown import LineIndex, Sentences, decode_source, normalize_line_ends
from kb.ingest.records import APPENDIX, CHAPTER, PART, SECTION

TEX_SUFFIXES = (".tex", ".ltx", ".latex")
MAX_DEPTH = 20

# ---------------------------------------------------------------------------------------------- citations
NORMAL, NARRATIVE, YEAR, NOCITE = "normal", "narrative", "year", "nocite"
# natbib, biblatex, apacite and LaTeX's own citation commands: how each cites (starred forms cite alike)
CITE_COMMANDS = {
    "cite": NORMAL, "Cite": NORMAL, "citep": NORMAL, "Citep": NORMAL, "citealp": NORMAL, "Citealp": NORMAL,
    "citet": NARRATIVE, "Citet": NARRATIVE, "citealt": NARRATIVE, "Citealt": NARRATIVE,
    "citeauthor": NARRATIVE, "Citeauthor": NARRATIVE, "citeyear": YEAR, "citeyearpar": YEAR,
    "citenum": NORMAL, "parencite": NORMAL, "Parencite": NORMAL, "textcite": NARRATIVE, "Textcite": NARRATIVE,
    "autocite": NORMAL, "Autocite": NORMAL, "footcite": NORMAL, "footcitetext": NORMAL, "smartcite": NORMAL,
    "Smartcite": NORMAL, "fullcite": NORMAL, "footfullcite": NORMAL, "supercite": NORMAL, "citetitle": NORMAL,
    "Citetitle": NORMAL, "citedate": YEAR, "citeurl": NORMAL, "nocite": NOCITE,
    # apacite
    "citeA": NARRATIVE, "citeNP": NORMAL, "citeyearNP": YEAR, "shortcite": NORMAL, "shortciteA": NARRATIVE,
    "shortciteNP": NORMAL, "fullciteA": NARRATIVE, "fullciteNP": NORMAL,
}  # fmt: skip
# biblatex's multi-cite commands: \cites(pre)(post)[pre][post]{a}[post]{b}...
MULTI_CITE_COMMANDS = {
    "cites": NORMAL, "Cites": NORMAL, "parencites": NORMAL, "Parencites": NORMAL, "footcites": NORMAL,
    "footcitetexts": NORMAL, "smartcites": NORMAL, "Smartcites": NORMAL, "autocites": NORMAL,
    "Autocites": NORMAL, "supercites": NORMAL, "textcites": NARRATIVE, "Textcites": NARRATIVE,
}  # fmt: skip

# ---------------------------------------------------------------------------------------------- structure
# LaTeX's sectioning levels (book classes: \part -1, \chapter 0, \section 1, ...); KOMA's \add... are unnumbered
SECTIONING = {"part": -1, "chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3, "paragraph": 4,
              "subparagraph": 5, "addpart": -1, "addchap": 0, "addsec": 1}
MATTER = ("frontmatter", "mainmatter", "backmatter", "appendix")
# classes with chapters, and their default secnumdepth (article-like classes: 3)
BOOK_CLASSES = {"book": 2, "report": 2, "scrbook": 2, "scrreprt": 2, "memoir": 1, "amsbook": 3, "thesis": 2}
BIB_COMMANDS = ("bibliography", "addbibresource", "addglobalbib", "addsectionbib")

# ---------------------------------------------------------------------------------------------- masking
VERBATIM_ENVIRONMENTS = ("verbatim", "Verbatim", "BVerbatim", "LVerbatim", "spverbatim", "lstlisting", "minted",
                         "comment", "filecontents")
_MASK = re.compile(
    r"(?P<esc>\\[^A-Za-z\n])"  # \% \\ \{ ... are characters, never comments
    r"|(?P<comment>%[^\n]*)"
    r"|(?P<verb>\\verb\*?(?P<d1>[^A-Za-z\s*])[^\n]*?(?P=d1))"
    r"|(?P<lst>\\lstinline\s*(?:\[[^\]\n]*\])?(?:\{[^}\n]*\}|(?P<d2>[^A-Za-z\s{\[])[^\n]*?(?P=d2)))"
    r"|(?P<mint>\\mintinline\s*(?:\[[^\]\n]*\])?\s*\{[^}\n]*\}(?:\{[^}\n]*\}|(?P<d3>[^A-Za-z\s{])[^\n]*?(?P=d3)))"
    r"|(?P<url>\\(?:url|path|nolinkurl|href)\s*\{[^}\n]*\})"
    r"|(?P<env>\\begin\s*\{(?P<env_name>(?:" + "|".join(VERBATIM_ENVIRONMENTS) + r")\*?)\}"
    r"(?s:.*?)(?:\\end\s*\{(?P=env_name)\}|(?P<open_env>\Z)))"
    r"|(?P<iffalse>\\iffalse(?![A-Za-z])(?s:.*?)(?:\\fi(?![A-Za-z])|\Z))"
)
_CONTROL_WORD = re.compile(r"\\([A-Za-z@]+)(\*?)")
_INPUTENC = re.compile(r"\\usepackage\s*\[([^\]]*)\]\s*\{inputenc\}")
_CODECS = {"utf8": "utf-8", "utf8x": "utf-8", "latin1": "latin-1", "latin9": "iso8859-15", "latin2": "iso8859-2",
           "ansinew": "cp1252", "cp1252": "cp1252", "cp1250": "cp1250", "applemac": "mac_roman", "cp850": "cp850",
           "cp437": "cp437"}
_MAGIC_ROOT = re.compile(r"^%\s*!\s*tex\s+root\s*=\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def mask_tex(text: str, file: str) -> tuple[str, list[Problem]]:
    """`text` with comments, verbatim material, `\\iffalse` blocks and URLs blanked (newlines kept)."""
    problems: list[Problem] = []

    def replace(m: re.Match) -> str:
        if m.group("esc"):
            return m.group(0)
        if m.group("url") and m.group(0).startswith("\\href"):  # the link text is prose; only the URL goes
            return m.group(0)[:m.group(0).index("{") + 1] + _blank(m.group(0)[m.group(0).index("{") + 1:-1]) + "}"
        if m.group("open_env") is not None and m.group("env"):
            line = text.count("\n", 0, m.start()) + 1
            problems.append(Problem(WARNING, "unclosed-verbatim", f"`\\begin{{{m.group('env_name')}}}` is never "
                                    "ended; the rest of the file is read as verbatim; add its `\\end`", file, line))
        return _blank(m.group(0))

    return _MASK.sub(replace, text), problems


def declared_encoding(text: str) -> str | None:
    """The Python codec of the encoding `\\usepackage[...]{inputenc}` declares, if any."""
    for m in _INPUTENC.finditer(text):
        if text.rfind("%", text.rfind("\n", 0, m.start()) + 1, m.start()) >= 0:
            continue  # commented out
        for option in (o.strip() for o in m.group(1).split(",")):
            if option in _CODECS:
                return _CODECS[option]
    return None


def decode_tex(data: bytes, file: str, encoding: str | None) -> tuple[str | None, list[Problem]]:
    """A TeX source as text: in the encoding the book declares (inputenc), else UTF-8; a file that is not
    valid UTF-8 and declares nothing is read as Windows-1252 (Latin-1), with a warning."""
    if b"\x00" in data or encoding in (None, "utf-8"):
        try:
            if b"\x00" not in data:
                data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            text = normalize_line_ends(data.decode("cp1252", errors="replace"))
            return text, [Problem(WARNING, "not-utf8", "not valid UTF-8, and no `\\usepackage[...]{inputenc}` "
                                  "names another encoding; read as Latin-1 (Windows-1252); declare the encoding "
                                  "or re-save the file as UTF-8", file, line)]
        return decode_source(data, file)
    return normalize_line_ends(data.decode(encoding, errors="replace")), []


# ---------------------------------------------------------------------------------------------- arguments
def skip_space(text: str, i: int) -> int:
    """Past spaces and at most one line end, as TeX skips them between a command and its arguments."""
    n = len(text)
    while i < n and text[i] in " \t":
        i += 1
    if i < n and text[i] == "\n":
        j = i + 1
        while j < n and text[j] in " \t":
            j += 1
        if j < n and text[j] != "\n":  # a blank line is a paragraph end, not a space
            return j
    return i


def group(text: str, i: int, open_: str = "{", close: str = "}", long: bool = False) -> tuple[str, int] | None:
    """The balanced group starting at `text[i]` (`{...}`, or `[...]` with `{...}` nested): (content, end). Only
    a `long` argument (a macro's definition) runs past a blank line: elsewhere TeX stops there with "Runaway
    argument", and so does this (None)."""
    if i >= len(text) or text[i] != open_:
        return None
    depth, j, n = 0, i, len(text)
    while j < n:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if open_ == "{":
                depth -= 1
                if depth == 0:
                    return text[i + 1:j], j + 1
            else:
                depth -= 1
        elif ch == close and open_ != "{" and depth == 0:
            return text[i + 1:j], j + 1
        elif ch == "\n" and not long and re.match(r"\n[ \t]*\n", text[j:j + 80]):
            return None  # an argument does not run past a paragraph
        j += 1
    return None


def optional(text: str, i: int) -> tuple[str, int] | None:
    return group(text, skip_space(text, i), "[", "]")


@dataclass(frozen=True)
class Cite:
    keys: tuple[str, ...]
    mode: str
    start: int
    end: int


def split_keys(value: str) -> tuple[str, ...]:
    return tuple(k for k in (part.strip() for part in value.split(",")) if k)


def _past_notes(text: str, i: int, open_: str = "[", close: str = "]") -> int:
    """Where up to two notes (`[pre][post]`, or biblatex's `(pre)(post)`) from `i` end."""
    for _ in range(2):
        note = group(text, skip_space(text, i), open_, close)
        if note is None:
            break
        i = note[1]
    return i


def parse_cite(text: str, name: str, star: str, start: int, end: int) -> Cite | None:
    """The citation command `\\name` (already matched from `start` to `end`) with its arguments."""
    if name in CITE_COMMANDS:
        mode = YEAR if name == "parencite" and star else CITE_COMMANDS[name]
        keys = group(text, skip_space(text, _past_notes(text, end)))
        return Cite(split_keys(keys[0]), mode, start, keys[1]) if keys else None
    i, keys_found = _past_notes(text, end, "(", ")"), []  # the whole list's (pre)(post) notes
    while (keys := group(text, skip_space(text, _past_notes(text, i)))) is not None:
        keys_found.extend(split_keys(keys[0]))
        i = keys[1]
    if not keys_found and i == end:
        return None
    return Cite(tuple(keys_found), MULTI_CITE_COMMANDS[name], start, i)


def find_cites(text: str, start: int = 0, end: int | None = None) -> list[Cite]:
    """Every natbib/biblatex citation command in `text[start:end]`, in order."""
    found = []
    for m in _CONTROL_WORD.finditer(text, start, len(text) if end is None else end):
        name = m.group(1)
        if name in CITE_COMMANDS or name in MULTI_CITE_COMMANDS:
            cite = parse_cite(text, name, m.group(2), m.start(), m.end())
            if cite:
                found.append(cite)
    return found


def pandoc_form(cite: Cite) -> str:
    """A citation as pandoc Markdown writes it (`@a`, `[@a; @b]`, `[-@a]`), for the sentences kb keeps."""
    if cite.mode == NOCITE:
        return ""
    if cite.mode == NARRATIVE:
        return " and ".join(f"@{k}" for k in cite.keys)
    prefix = "-@" if cite.mode == YEAR else "@"
    return "[" + "; ".join(prefix + k for k in cite.keys) + "]"


# ---------------------------------------------------------------------------------------------- readable text
@lru_cache(maxsize=1)
def _text_converter():
    from pylatexenc.latex2text import (
        LatexNodes2Text,
        MacroTextSpec,
        get_default_latex_context_db,
    )

    context = get_default_latex_context_db()
    context.add_context_category("kb-latex", prepend=True, macros=[
        MacroTextSpec(name, simplify_repl="[%s]") for name in ("ref", "eqref", "autoref", "cref", "Cref", "pageref",
                                                                 "nameref", "vref")
    ] + [MacroTextSpec("label", simplify_repl=""), MacroTextSpec("index", simplify_repl=""),
         MacroTextSpec("texorpdfstring", simplify_repl="%(2)s"), MacroTextSpec("includegraphics", simplify_repl=""),
         MacroTextSpec("centering", simplify_repl=""),
         MacroTextSpec("texttt", simplify_repl="%s")])  # pylatexenc's own drops a \textbackslash inside
    logging.getLogger("pylatexenc.latex2text").setLevel(logging.ERROR)  # broken LaTeX is kept as it is
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_braced_groups=False)


_FONT = re.compile(r"\\(?:emph|textbf|textit|textsl|texttt|textsc|textrm|textsf|textup|textmd|textnormal|underline|"
                   r"mbox)\s*\{([^{}\\$]*)\}")
_FOOTNOTE_TEXT = re.compile(r"\\footnote\s*\{([^{}\\$]*)\}")
_NEEDS_CONVERTER = re.compile(r"[\\${}^_&#]")
_PLAIN_SPECIALS = (("~", " "), ("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"))


@lru_cache(maxsize=1)
def _walker_context():
    from pylatexenc.latexwalker import get_default_latex_context_db

    return get_default_latex_context_db()


_FOOTNOTE = re.compile(r"\\(?:footnote|thanks|label|index)\s*(?=[\[{])")


def readable(latex: str, *, title: bool = False, cites=find_cites, expand=None) -> str:
    """LaTeX as readable text: the book's own macros expanded (`expand`), citations (as `cites(text)` finds
    them) in pandoc's form, macros and math as Unicode, on one line. A `title` leaves out footnotes, labels
    and citations: a heading is named by its words."""
    if expand is not None:
        latex = expand(latex)
    found = cites(latex)
    if found:
        out, at = [], 0
        for cite in found:
            if cite.start >= at:  # a citation inside another's note stays part of that note
                out.append(latex[at:cite.start])
                at = cite.end
            elif cite.end != at:
                continue
            out.append("" if title else pandoc_form(cite))
        latex = "".join(out) + latex[at:]
    if title:
        while (m := _FOOTNOTE.search(latex)) is not None:
            i = m.end()
            opt = group(latex, i, "[", "]")
            i = opt[1] if opt else i
            body = group(latex, i)
            latex = latex[:m.start()] + (latex[body[1]:] if body else latex[m.end():])
    previous = None
    while previous != latex:  # font switches around plain words, as pylatexenc reads them, without its parser
        previous, latex = latex, _FONT.sub(r"\1", _FOOTNOTE_TEXT.sub(r"[\1]", latex))
    if not _NEEDS_CONVERTER.search(latex):  # plain prose: what pylatexenc would do, a hundred times faster
        for tex, char in _PLAIN_SPECIALS:
            latex = latex.replace(tex, char)
        return " ".join(latex.split())
    try:
        text = _text_converter().latex_to_text(latex, latex_context=_walker_context())
    except Exception:  # noqa: BLE001 - pylatexenc raises assorted errors on broken LaTeX; keep the source
        text = latex
    return " ".join(text.replace("\u00a0", " ").split())


# ---------------------------------------------------------------------------------------------- macros
# definitions whose code is not text of the book, by how many braced arguments they take: environments,
# biblatex's bibliography headings, notes, macros and formats (`\\defbibheading{film}{\\addsec{Films}}` is no heading)
OPAQUE_DEFINITIONS = {
    "newenvironment": 3, "renewenvironment": 3, "NewDocumentEnvironment": 4, "RenewDocumentEnvironment": 4,
    "ProvideDocumentEnvironment": 4, "DeclareDocumentEnvironment": 4, "defbibheading": 2, "defbibnote": 2,
    "newbibmacro": 2, "renewbibmacro": 2, "providebibmacro": 2, "defbibfilter": 2, "defbibcheck": 2,
    "defbibenvironment": 4, "DeclareFieldFormat": 2, "DeclareNameFormat": 2, "DeclareListFormat": 2,
    "DeclareIndexFieldFormat": 2, "DeclareCiteCommand": 5, "DeclareBibliographyDriver": 2,
}  # fmt: skip
_DEFINITION = re.compile(
    r"\\(?P<kind>(?:re|provide)?newcommand|(?:re|provide)?newrobustcmd|DeclareRobustCommand|[gex]?def|let|"
    r"(?:New|Renew|Provide|Declare)DocumentCommand|" + "|".join(OPAQUE_DEFINITIONS) + r")(?![A-Za-z])\*?\s*"
)


@dataclass(frozen=True)
class Macro:
    name: str
    spec: tuple[str, ...]  # per argument: "m" mandatory, "o" optional (default in `defaults`), "s" star
    defaults: tuple[str | None, ...]
    body: str
    file: str
    line: int


def _definition_name(text: str, i: int) -> tuple[str | None, int]:
    braced = group(text, i)
    value, end = (braced[0].strip(), braced[1]) if braced else (None, i)
    m = re.match(r"\\([A-Za-z@]+|.)", value if value is not None else text[i:])
    if not m:
        return None, end
    return m.group(1), end if value is not None else i + m.end()


def parse_definition(text: str, m: re.Match) -> tuple[Macro | None, int, str | None]:
    """A macro definition at `m`: (the macro, where the definition ends, an alias target for `\\let`)."""
    kind = m.group("kind")
    if kind in OPAQUE_DEFINITIONS:  # skip its arguments: options in brackets, the braced ones counted
        i, wanted = m.end(), OPAQUE_DEFINITIONS[kind]
        while wanted:
            j = skip_space(text, i)
            arg = group(text, j, "[", "]", long=True) if text.startswith("[", j) else group(text, j, long=True)
            if arg is None:
                break
            wanted -= text.startswith("{", j)
            i = arg[1]
        return None, i, None
    name, i = _definition_name(text, m.end())
    if name is None:
        return None, m.end(), None
    if kind == "let":
        target = re.match(r"\s*=?\s*\\([A-Za-z@]+)", text[i:])
        return None, i + (target.end() if target else 0), target.group(1) if target else None
    spec: list[str] = []
    defaults: list[str | None] = []
    if kind.endswith("def"):
        params = re.match(r"[^{]*", text[i:]).group(0)
        spec = ["m"] * len(re.findall(r"#\d", params))
        defaults = [None] * len(spec)
        i += len(params)
    elif kind.endswith("DocumentCommand"):
        argspec = group(text, skip_space(text, i))
        if argspec is None:
            return None, i, None
        i = argspec[1]
        for token in re.finditer(r"([mosgrR])|O\s*(\{(?:[^{}]|\{[^{}]*\})*\})", argspec[0]):
            letter = token.group(1) or "O"
            spec.append({"O": "o", "g": "m", "r": "m", "R": "m"}.get(letter, letter))
            defaults.append(token.group(2)[1:-1] if token.group(2) else None)
    else:
        count = optional(text, i)
        if count and count[0].strip().isdigit():
            spec = ["m"] * int(count[0].strip())
            defaults = [None] * len(spec)
            i = count[1]
            default = optional(text, i)
            if default and spec:
                spec[0], defaults[0] = "o", default[0]
                i = default[1]
    body = group(text, skip_space(text, i), long=True)
    if body is None:
        return None, i, None
    return Macro(name, tuple(spec), tuple(defaults), body[0], "", 0), body[1], None


def parse_use(text: str, macro: Macro, end: int) -> tuple[list[str], int] | None:
    """The arguments of a use of `macro` whose name ends at `end`: (arguments, where the use ends)."""
    args, i = [], end
    for kind, default in zip(macro.spec, macro.defaults, strict=True):
        if kind == "s":
            j = skip_space(text, i)
            star = text.startswith("*", j)
            args.append("\\BooleanTrue" if star else "\\BooleanFalse")
            i = j + 1 if star else i
        elif kind == "o":
            opt = optional(text, i)
            args.append(opt[0] if opt else (default or ""))
            i = opt[1] if opt else i
        else:
            j = skip_space(text, i)
            arg = group(text, j, long=True)
            if arg is None:
                if j < len(text) and not text[j].isspace():  # a single token is an argument too
                    token = re.match(r"\\[A-Za-z@]+|.", text[j:]).group(0)
                    args.append(token)
                    i = j + len(token)
                    continue
                return None
            args.append(arg[0])
            i = arg[1]
    return args, i


def substitute(body: str, args: list[str]) -> str:
    return re.sub(r"##|#(\d)", lambda m: "#" if m.group(0) == "##" else
                  (args[int(m.group(1)) - 1] if int(m.group(1)) <= len(args) else m.group(0)), body)


# ---------------------------------------------------------------------------------------------- the tree of files
_INCLUDE = re.compile(r"\\(input|include|subfile|import|subimport|inputfrom|subinputfrom|includefrom|subincludefrom"
                      r"|includeonly)(?![A-Za-z@])")
_BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
_END_DOCUMENT = re.compile(r"\\end\s*\{document\}")
_DOCUMENTCLASS = re.compile(r"\\documentclass\s*(?:\[[^\]]*\])?\s*\{\s*([^}\s]+)\s*\}")


@lru_cache(maxsize=256)
def kpsewhich(name: str) -> str | None:
    """Where TeX's own search (kpathsea) finds a file the book does not hold (`glyphtounicode.tex`, a .bib in
    TEXMFHOME), or None; None too where no TeX is installed."""
    tool = shutil.which("kpsewhich")
    if not tool:
        return None
    try:
        done = subprocess.run([tool, name], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


@dataclass
class Expanded:
    """The book's text with every included file inlined: masked, with per line (file, line, column offset)."""

    chunks: list[tuple[str, str, int, int]] = field(default_factory=list)  # (text, file, line, column offset)
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def assemble(self) -> tuple[str, list[tuple[str, int, int]]]:
        lines: list[str] = []
        where: list[tuple[str, int, int]] = []
        for text, file, line, column in self.chunks:
            for n, piece in enumerate(text.split("\n")):
                lines.append(piece)
                where.append((file, line + n, column if n == 0 else 0))
        return "\n".join(lines), where


class _Reader:
    def __init__(self, root: Path, main: Path, encoding: str | None):
        self.root, self.main_dir, self.encoding = root, main.parent, encoding
        self.out = Expanded()
        self.include_only: set[str] | None = None

    def rel(self, path: Path) -> str:
        from kb.ingest.layout import relative_to_root

        return relative_to_root(path, self.root)

    def load(self, path: Path, rel: str) -> str | None:
        text, problems = decode_tex(path.read_bytes(), rel, self.encoding)
        self.out.problems.extend(problems)
        if text is None:
            return None
        masked, problems = mask_tex(text, rel)
        self.out.problems.extend(problems)
        return masked

    def resolve(self, command: str, written: str, here: Path, import_dir: Path | None) -> Path | None:
        """Where `\\command{written}` is read from, as LaTeX (and the import and subfiles packages) look: a subfile
        beside the file that includes it, then in the folder an \\import set, then beside the main file."""
        written = written.strip()
        if command == "include":  # \include always adds .tex; \input tries name.tex, then name
            names = [written + ".tex"]
        else:
            names = [written] if written.endswith(".tex") else [written + ".tex", written]
        folders = [import_dir] if import_dir else []
        if command == "subfile":
            folders = [here.parent, *folders]
        folders.append(self.main_dir)
        for folder in folders:
            for name in names:
                candidate = (folder / name) if not Path(name).is_absolute() else Path(name)
                if candidate.is_file():
                    return candidate
        return None

    def read(self, path: Path, import_dir: Path | None, stack: tuple[Path, ...], included: bool) -> None:
        """Inline `path` and, in order, every file it includes. An included file that is a document of its own
        (subfiles, standalone) gives only its body."""
        rel = self.rel(path)
        masked = self.load(path, rel)
        if masked is None:
            return
        if rel not in self.out.files:
            self.out.files.append(rel)
        start, stop = 0, len(masked)
        begin = _BEGIN_DOCUMENT.search(masked) if included and _DOCUMENTCLASS.search(masked) else None
        if begin:
            start = begin.end()
            end = _END_DOCUMENT.search(masked, start)
            stop = end.start() if end else stop
        index = LineIndex(masked)
        at = start
        for m in _INCLUDE.finditer(masked, start, stop):
            command = m.group(1)
            i = m.end()
            if command == "includeonly":
                arg = group(masked, skip_space(masked, i))
                if arg is not None and self.include_only is None:
                    self.include_only = {n.strip() for n in arg[0].split(",") if n.strip()}
                continue
            folder = None
            if command in ("import", "subimport", "inputfrom", "subinputfrom", "includefrom", "subincludefrom"):
                first = group(masked, skip_space(masked, i))
                if first is None:
                    continue
                folder, i = first[0].strip(), first[1]
            arg = group(masked, skip_space(masked, i))
            if arg is None and command == "input":  # TeX's primitive form: \input file
                bare = re.match(r"[ \t]+([^\s{}\\%]+)", masked[i:])
                arg = (bare.group(1), i + bare.end()) if bare else None
            if arg is None:
                continue
            written, end = arg[0].strip().strip('"').strip(), arg[1]  # "my file": a name with spaces
            if not written:
                continue
            if "\\" in written or "#" in written:  # \input{\chapterfile}: a name only TeX can work out
                self.out.problems.append(Problem(WARNING, "unreadable-include", f"`\\{command}{{{written}}}` names "
                                                 "its file with a macro, which only TeX can expand; that file is not "
                                                 "read; write the file name itself", rel,
                                                 index.locate(m.start())[0]))
                continue
            self._emit(masked, at, m.start(), rel, index)
            at = end
            line = index.locate(m.start())[0]
            if command == "include" and self.include_only is not None and written not in self.include_only:
                self.out.problems.append(Problem(WARNING, "not-included", f"`\\include{{{written}}}` is left out "
                                                 "by `\\includeonly`, as LaTeX leaves it out; remove `\\includeonly` "
                                                 "to read the whole book", rel, line))
                continue
            here_import = import_dir
            if folder is not None:
                base = self.main_dir if command in ("import", "inputfrom", "includefrom") else path.parent
                here_import = (base / folder).resolve() if not Path(folder).is_absolute() else Path(folder)
            target = self.resolve("include" if command.startswith(("include", "subinclude")) else
                                     "subfile" if command == "subfile" else "input", written, path,
                                     here_import)
            if target is None:
                if kpsewhich(written if written.endswith(".tex") else written + ".tex") or (
                        command != "include" and kpsewhich(written)):
                    continue  # a file of the TeX installation, not of the book
                severity = WARNING if command == "include" else ERROR
                self.out.problems.append(Problem(severity, "missing-include", f"`\\{command}{{{written}}}` names a "
                                                 "file that does not exist; its citations are not read; fix the "
                                                 "path (relative to the main file)", rel, line))
                continue
            resolved = target.resolve()
            if resolved in stack or len(stack) >= MAX_DEPTH:
                chain = " -> ".join(self.rel(p) for p in (*stack, resolved))
                self.out.problems.append(Problem(ERROR, "include-cycle", f"`\\{command}{{{written}}}` includes a file "
                                                 f"that is already being read ({chain}); LaTeX would never end; "
                                                 "that include is skipped", rel, line))
                continue
            self.read(target, here_import, (*stack, resolved), included=True)
        self._emit(masked, at, stop, rel, index)

    def _emit(self, masked: str, start: int, end: int, rel: str, index: LineIndex) -> None:
        if end <= start:
            return
        line, column = index.locate(start)
        self.out.chunks.append((masked[start:end], rel, line, column - 1))


# ---------------------------------------------------------------------------------------------- finding the main file
def _is_main(text: str) -> bool:
    cls = _DOCUMENTCLASS.search(text)
    return bool(cls) and cls.group(1) not in ("subfiles", "standalone") and bool(_BEGIN_DOCUMENT.search(text))


def find_main(path: Path) -> Path:
    """The main file of a LaTeX book: the file given (or the root its `% !TEX root` names), or in a folder the
    one latexmk's `@default_files` or a `.latexmain` marker names, else the one .tex with `\\documentclass` and
    `\\begin{document}` that no other includes."""
    if path.is_file():
        head = path.read_bytes()[:8192].decode("utf-8", errors="replace")
        magic = _MAGIC_ROOT.search(head)
        if magic and not _is_main(mask_tex(head, path.name)[0]):
            target = (path.parent / magic.group(1).strip()).resolve()
            if target.is_file():
                return target
        return path
    for name in ("latexmkrc", ".latexmkrc"):
        rc = path / name
        if rc.is_file():
            listed = re.search(r"@default_files\s*=\s*\(([^)]*)\)", rc.read_text(encoding="utf-8", errors="replace"))
            for file in re.findall(r"['\"]([^'\"]+)['\"]", listed.group(1)) if listed else []:
                candidate = path / (file if file.endswith(".tex") else file + ".tex")
                if candidate.is_file():
                    return candidate
    markers = sorted(path.glob("*.latexmain"))
    if markers and (path / markers[0].name[: -len(".latexmain")]).is_file():
        return path / markers[0].name[: -len(".latexmain")]
    candidates = _main_candidates(path)
    if not candidates:
        raise KbError(f"{path} holds no LaTeX main file (a .tex with \\documentclass and \\begin{{document}}); "
                      "pass the main file's path")
    if len(candidates) > 1:
        included = {(tex.parent / m.group(1).strip()).with_suffix(".tex").resolve()
                    for tex, text in candidates.items()
                    for m in re.finditer(r"\\(?:input|include|subfile)\s*\{([^}]+)\}", text)}
        rest = [t for t in candidates if t.resolve() not in included]
        preferred = [t for t in rest if t.stem.lower() in ("main", "thesis", "book", "dissertation", "index")]
        if len(rest) == 1 or len(preferred) == 1:
            return (preferred or rest)[0]
        names = ", ".join(t.relative_to(path).as_posix() for t in rest)
        raise KbError(f"{path} holds several LaTeX main files ({names}); pass the one to read, "
                      f"e.g. kb ingest {path}/{rest[0].relative_to(path).as_posix()}")
    return next(iter(candidates))


def _main_candidates(path: Path) -> dict[Path, str]:
    """The .tex files with `\\documentclass` and `\\begin{document}` in a folder, else in its first subfolder
    that has any, each with its masked text."""
    for folder in (path, *sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))):
        masked = {tex: mask_tex(tex.read_bytes().decode("utf-8", errors="replace"), tex.name)[0]
                  for tex in sorted(folder.glob("*.tex"))}
        found = {tex: text for tex, text in masked.items() if _is_main(text)}
        if found:
            return found
    return {}


def is_latex(path: Path) -> bool:
    """A .tex file, or a folder holding a LaTeX main file (one or several: which to read is find_main's say)."""
    if path.is_file():
        return path.suffix.lower() in TEX_SUFFIXES
    return path.is_dir() and bool(_main_candidates(path))


# ---------------------------------------------------------------------------------------------- the book
@dataclass(frozen=True)
class LatexHeading:
    depth: int  # 0 part, 1 chapter (a section in classes without chapters), 2+ below
    kind: str
    title: str
    anchor: str | None
    number: str | None  # None: LaTeX prints no number
    file: str
    line: int
    text_line: int  # line in the expanded text


@dataclass(frozen=True)
class LatexCitation:
    key: str  # "*" for \nocite{*}
    file: str
    line: int
    column: int
    sentence: str
    heading: int | None  # index into the headings
    narrative: bool
    suppress_author: bool


@dataclass(frozen=True)
class LatexBib:
    written: str
    path: Path
    file: str
    line: int


@dataclass
class LatexBook:
    root: Path
    main: str
    title: str | None
    files: list[str]
    headings: list[LatexHeading]
    citations: list[LatexCitation]
    bibliographies: list[LatexBib]
    problems: list[Problem]
    prose: str  # the document's body, masked (preamble and everything after \end{document} blanked)
    where: list[tuple[str, int]]  # prose line (0-based) -> (file, line)
    encoding: str | None = None  # the codec inputenc declares (None: UTF-8)
    entries: list = field(default_factory=list)  # BibRecords of a hand-written thebibliography


_SILENT = re.compile(r"\\(?:label|index|nocite|addcontentsline\s*\{[^}]*\}\s*\{[^}]*\})(?![A-Za-z@])")
# a sentence ends at . ! ? before a capital, a digit or a command (`\citet{...} show`)
_SENTENCE_END = re.compile(r"[.!?][\"')\]}]*\s+(?=[\"'(\[*_`]?[A-Z0-9@\\])")


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def _alph(n: int) -> str:
    return chr(ord("A") + n - 1) if 1 <= n <= 26 else str(n)


_SECNUMDEPTH_NAMES = {name: level for name, level in SECTIONING.items() if not name.startswith("add")}


class _Numbering:
    """LaTeX's sectioning counters: \\refstepcounter at each numbered heading up to secnumdepth, resets of the
    levels below, \\frontmatter/\\backmatter (chapters unnumbered) and \\appendix (letters, counters reset)."""

    def __init__(self, chapters: bool, secnumdepth: int):
        self.chapters, self.secnumdepth = chapters, secnumdepth
        self.counters = {level: 0 for level in range(-1, 6)}
        self.mainmatter, self.appendix = True, False

    def switch(self, name: str) -> None:
        if name in ("frontmatter", "backmatter"):
            self.mainmatter = False
            self.appendix = False if name == "backmatter" else self.appendix
        elif name == "mainmatter":
            self.mainmatter = True
        elif name == "appendix":
            self.appendix = True
            top = 0 if self.chapters else 1
            self.counters[top] = self.counters[top + 1] = 0

    def set(self, counter: str, value: int) -> None:
        if counter == "secnumdepth":
            self.secnumdepth = value
        elif counter in _SECNUMDEPTH_NAMES:
            self.counters[_SECNUMDEPTH_NAMES[counter]] = value

    def heading(self, level: int, starred: bool) -> str | None:
        """Step the counters for a heading of `level`; its number, or None when LaTeX prints none."""
        numbered = not starred and level <= self.secnumdepth and (level != 0 or self.mainmatter or not self.chapters)
        if not numbered:
            return None
        self.counters[level] += 1
        if level >= 0:  # the standard classes reset nothing at a \part: chapters (an article's sections) run on
            for lower in range(level + 1, 6):
                self.counters[lower] = 0
        if level == -1:
            return _roman(self.counters[-1])
        top = 0 if self.chapters else 1
        first = self.counters[top]
        parts = [_alph(first) if self.appendix else str(first)]
        parts += [str(self.counters[lower]) for lower in range(top + 1, level + 1)]
        return ".".join(parts)


def _definitions(text: str, start: int, end: int, file_of) -> tuple[dict[str, Macro], dict[str, str], list]:
    """Macros and `\\let` aliases defined in `text[start:end]`, and the spans of their definitions."""
    macros: dict[str, Macro] = {}
    aliases: dict[str, str] = {}
    spans = []
    for m in _DEFINITION.finditer(text, start, end):
        macro, stop, alias = parse_definition(text, m)
        spans.append((m.start(), stop))
        if alias:
            aliases[_definition_name(text, m.end())[0] or ""] = alias
        if macro:
            file, line = file_of(m.start())
            macros[macro.name] = Macro(macro.name, macro.spec, macro.defaults, macro.body, file, line)
    return macros, aliases, spans


def _citing_macros(macros: dict[str, Macro], aliases: dict[str, str]) -> set[str]:
    """Names of the user macros whose expansion holds a citation command (directly or through another)."""
    builtin = set(CITE_COMMANDS) | set(MULTI_CITE_COMMANDS)
    citing: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, macro in macros.items():
            if name in citing or name in builtin:
                continue
            used = {m.group(1) for m in _CONTROL_WORD.finditer(macro.body)}
            if used & (builtin | citing | {a for a, t in aliases.items() if t in builtin}):
                citing.add(name)
                changed = True
    return citing


class _Expansion:
    """Citations made by uses of user macros, found by expanding each use's body."""

    def __init__(self, macros: dict[str, Macro], aliases: dict[str, str], problems: list[Problem]):
        self.macros, self.aliases, self.problems = macros, aliases, problems
        self.citing = _citing_macros(macros, aliases)
        self.reported: set[str] = set()

    def command(self, name: str) -> str:
        target = self.aliases.get(name)
        return target if target in CITE_COMMANDS or target in MULTI_CITE_COMMANDS else name

    def cites(self, text: str, depth: int = 0) -> list[Cite]:
        """Citations in `text` (a macro's expansion), expanding the citing macros it uses in turn."""
        found: list[Cite] = []
        for m in _CONTROL_WORD.finditer(text):
            name = self.command(m.group(1))
            if name in CITE_COMMANDS or name in MULTI_CITE_COMMANDS:
                cite = parse_cite(text, name, m.group(2), m.start(), m.end())
                if cite:
                    found.append(cite)
            elif name in self.citing and depth < 4:
                use = parse_use(text, self.macros[name], m.end())
                if use:  # placed where the macro is used
                    found.extend(Cite(c.keys, c.mode, m.start(), use[1])
                                 for c in self.cites(substitute(self.macros[name].body, use[0]), depth + 1))
        return found

    def structure(self, text: str) -> str:
        """`text` with each use of a macro that makes headings (`\\newcommand{\\chap}[1]{\\chapter{#1}}`) replaced by
        its body, on the use's line (line ends in the body become spaces, so every line keeps its place)."""
        structural = {name for name, macro in self.macros.items()
                      if any(m.group(1) in SECTIONING or m.group(1) in MATTER
                             for m in _CONTROL_WORD.finditer(macro.body))}
        for _ in range(3):  # macros that use such macros, a few levels deep
            out, at = [], 0
            for m in _CONTROL_WORD.finditer(text):
                if m.start() < at or m.group(1) not in structural:
                    continue
                use = parse_use(text, self.macros[m.group(1)], m.end())
                if use:
                    body = substitute(self.macros[m.group(1)].body, use[0])
                    lines = text.count("\n", m.start(), use[1])
                    out += [text[at:m.start()], body.replace("\n", " "), "\n" * lines]
                    at = use[1]
            if not out:
                break
            text = "".join(out) + text[at:]
        return text

    def keys(self, cite: Cite, file: str, line: int) -> Cite:
        """`cite` with keys that name a macro (`\\def\\both{a,b}` ... `\\cite{\\both}`) replaced by its
        value; keys that are still not plain after that are dropped and reported."""
        if not any("\\" in k or "#" in k for k in cite.keys):
            return cite
        keys: list[str] = []
        for key in cite.keys:
            named = re.fullmatch(r"\\([A-Za-z@]+)\s*(?:\{\s*\})?", key)
            macro = self.macros.get(named.group(1)) if named else None
            value = macro.body if macro and not macro.spec else key
            plain = [k for k in split_keys(value) if "\\" not in k and "#" not in k]
            if len(plain) < len(split_keys(value)) and key not in self.reported:
                self.reported.add(key)
                self.problems.append(Problem(WARNING, "unreadable-key", f"`{key}` is not a citation key but TeX "
                                             "code that only TeX can work out; it is not read; cite the key itself",
                                             file, line))
            keys.extend(plain)
        return Cite(tuple(keys), cite.mode, cite.start, cite.end)

    def expand(self, text: str, depth: int = 0) -> str:
        """`text` with each use of the book's own macros replaced by its body, the arguments put in (for
        readable titles and sentences: `\\newcommand{\\ours}{\\textsc{Ours}}` reads as "Ours")."""
        out, at = [], 0
        for m in _CONTROL_WORD.finditer(text):
            if m.start() < at or m.group(1) not in self.macros or m.group(1) in CITE_COMMANDS \
                    or m.group(1) in MULTI_CITE_COMMANDS:
                continue
            use = parse_use(text, self.macros[m.group(1)], m.end())
            if use:
                body = substitute(self.macros[m.group(1)].body, use[0])
                out += [text[at:m.start()], self.expand(body, depth + 1) if depth < 4 else body]
                at = use[1]
        return "".join(out) + text[at:]

    def use(self, text: str, name: str, end: int, file: str, line: int) -> tuple[list[Cite], int]:
        """The citations a use of citing macro `name` ending at `end` makes, and where the use ends."""
        macro = self.macros[name]
        use = parse_use(text, macro, end)
        cites = self.cites(substitute(macro.body, use[0])) if use else []
        readable_cites = [c for c in cites if not any("#" in k or "\\" in k for k in c.keys)]
        if (use is None or len(readable_cites) < len(cites)) and name not in self.reported:
            self.reported.add(name)
            self.problems.append(Problem(WARNING, "unreadable-macro", f"`\\{name}` (defined in {macro.file}:"
                                         f"{macro.line}) cites keys that only TeX can work out; its citations are "
                                         "not read; cite the keys directly or make the macro a plain wrapper of "
                                         "\\cite", file, line))
        return readable_cites, use[1] if use else end


def _local_packages(root: Path, preamble: str) -> list[Path]:
    """The book's own .sty files that its preamble loads (their macros may cite)."""
    found = []
    for m in re.finditer(r"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}", preamble):
        for name in m.group(1).split(","):
            candidate = root / (name.strip() + ".sty")
            if name.strip() and candidate.is_file():
                found.append(candidate)
    return found


_THEBIBLIOGRAPHY = re.compile(r"\\begin\s*\{thebibliography\}(?s:(.*?))(?:\\end\s*\{thebibliography\}|\Z)")
_BIBITEM = re.compile(r"\\bibitem(?![A-Za-z@])")


def _bibitems(text: str, start: int, end: int, file_of, expansion) -> list:
    """The entries of a hand-written bibliography (`thebibliography`, `\\bibitem[label]{key} text`): the key
    and the typeset text, parsed as the rendered reader parses a reference list."""
    from kb.ingest.rendered import entry_from_text

    entries = []
    for bibliography in _THEBIBLIOGRAPHY.finditer(text, start, end):
        items = list(_BIBITEM.finditer(text, bibliography.start(1), bibliography.end(1)))
        for n, item in enumerate(items):
            label = optional(text, item.end())
            key = group(text, skip_space(text, label[1] if label else item.end()))
            if key is None or not key[0].strip():
                continue
            stop = items[n + 1].start() if n + 1 < len(items) else bibliography.end(1)
            typeset = readable(text[key[1]:stop], cites=expansion.cites, expand=expansion.expand)
            file, line = file_of(item.start())
            entries.append(entry_from_text(typeset, key[0].strip(), file, line))
    return entries


def _book_encoding(main: Path) -> str | None:
    """The encoding inputenc declares in the main file's preamble or a file it \\input's there."""
    masked = mask_tex(main.read_bytes().decode("utf-8", errors="replace"), main.name)[0]
    preamble = masked.split("\\begin{document}", 1)[0]
    found = declared_encoding(preamble)
    for m in re.finditer(r"\\input\s*\{([^}]+)\}", preamble) if found is None else ():
        name = m.group(1).strip()
        for candidate in (main.parent / name, main.parent / (name + ".tex")):
            if candidate.is_file():
                found = found or declared_encoding(mask_tex(candidate.read_bytes().decode("utf-8", errors="replace"),
                                                            candidate.name)[0])
    return found


def scan_latex(main: Path) -> LatexBook:
    """Read a LaTeX book: its main file (`find_main` says which) and every file it includes."""
    root = main.parent
    encoding = _book_encoding(main)
    reader = _Reader(root, main, encoding)
    reader.read(main, None, (main.resolve(),), included=False)
    text, where = reader.out.assemble()
    problems = list(reader.out.problems)
    main_rel = reader.rel(main)
    index = LineIndex(text)

    def file_of(offset: int) -> tuple[str, int]:
        row, _ = index.locate(offset)
        return where[row - 1][0], where[row - 1][1]

    begin = _BEGIN_DOCUMENT.search(text)
    body_start = begin.end() if begin else 0
    end = _END_DOCUMENT.search(text, body_start)
    body_end = end.start() if end else len(text)
    if begin and not end:
        problems.append(Problem(WARNING, "no-end-document", "`\\begin{document}` is never ended; the rest of the "
                                "book is read as its body; add `\\end{document}`", *file_of(begin.start())))
    preamble = text[:body_start]

    macros: dict[str, Macro] = {}
    aliases: dict[str, str] = {}
    for sty in _local_packages(root, preamble):
        sty_text = mask_tex(sty.read_bytes().decode("utf-8", errors="replace"), sty.name)[0]
        found, found_aliases, _ = _definitions(sty_text, 0, len(sty_text), lambda _o, s=sty: (reader.rel(s), 0))
        macros.update(found)
        aliases.update(found_aliases)
    found, found_aliases, spans = _definitions(text, 0, len(text), file_of)
    macros.update(found)
    aliases.update(found_aliases)
    if spans:  # a definition's body is not text of the book: blank it (its uses are expanded instead)
        pieces, at = [], 0
        for start, stop in spans:
            if start >= at:
                pieces += [text[at:start], _blank(text[start:stop])]
                at = stop
        text = "".join(pieces) + text[at:]
    expansion = _Expansion(macros, aliases, problems)
    assembled = text
    text = expansion.structure(text)
    if text != assembled:  # positions moved: find the document's body again
        index = LineIndex(text)
        begin = _BEGIN_DOCUMENT.search(text)
        body_start = begin.end() if begin else 0
        end = _END_DOCUMENT.search(text, body_start)
        body_end = end.start() if end else len(text)

    cls = _DOCUMENTCLASS.search(preamble)
    class_name = cls.group(1) if cls else ""
    chapters = class_name in BOOK_CLASSES or any(
        m.group(1) in ("chapter", "addchap") for m in _CONTROL_WORD.finditer(text, body_start, body_end))
    secnumdepth = BOOK_CLASSES.get(class_name, 2 if chapters else 3)
    numbering = _Numbering(chapters, secnumdepth)
    top = 0 if chapters else 1

    bibliographies: list[LatexBib] = []
    headings: list[LatexHeading] = []
    heading_spans: list[tuple[int, int]] = []
    raw: list[tuple[Cite, int, int | None]] = []  # (citation, where it stands, heading)
    title = None
    last_heading_end: int | None = None
    short_titles: list[tuple[int, int]] = []  # [short title] of headings and captions: for the contents only

    def control(m: re.Match, in_body: bool) -> int:
        nonlocal title, last_heading_end
        name, star = expansion.command(m.group(1)), m.group(2)
        if name == "setcounter" or name == "setsecnumdepth":
            first = group(text, skip_space(text, m.end()))
            if first and name == "setsecnumdepth":
                numbering.set("secnumdepth", _SECNUMDEPTH_NAMES.get(first[0].strip(), numbering.secnumdepth))
            elif first:
                second = group(text, skip_space(text, first[1]))
                value = re.fullmatch(r"\s*(-?\d+)\s*", second[0]) if second else None
                if value:
                    numbering.set(first[0].strip(), int(value.group(1)))
            return m.end()
        if name in BIB_COMMANDS:
            options = optional(text, m.end()) if name != "bibliography" else None
            arg = group(text, skip_space(text, options[1] if options else m.end()))
            if arg is None:
                return m.end()
            file, line = file_of(m.start())
            if options and re.search(r"location\s*=\s*remote", options[0]):
                problems.append(Problem(WARNING, "remote-bib", f"`\\{name}` names a remote bibliography "
                                        f"(`{arg[0].strip()}`), which kb does not download; save it next to the book "
                                        "and add the local copy, or pass --bib FILE", file, line))
                return arg[1]
            names = [n.strip() for n in arg[0].split(",")] if name == "bibliography" else [arg[0].strip()]
            for written in filter(None, names):
                bib_name = written if name != "bibliography" or written.endswith(".bib") else written + ".bib"
                bib_path = root / bib_name
                if not bib_path.is_file() and (installed := kpsewhich(bib_name)):
                    bib_path = Path(installed)
                bibliographies.append(LatexBib(written, bib_path, file, line))
            return arg[1]
        if name == "title" and not in_body and title is None:
            short = optional(text, m.end())
            arg = group(text, skip_space(text, short[1] if short else m.end()))
            if arg:
                title = readable(arg[0], title=True, expand=expansion.expand) or None
            return m.end()
        if not in_body:
            return m.end()
        if name in ("caption", "captionof") or name in SECTIONING:
            kind = group(text, skip_space(text, m.end())) if name == "captionof" else None  # \captionof{figure}
            short = optional(text, kind[1] if kind else m.end())
            if short:  # as pandoc reads them, citations there are not the text's (the long form has its own)
                short_titles.append((m.end(), short[1]))
            if name not in SECTIONING:
                return m.end()
            at = skip_space(text, short[1] if short else m.end())
            arg = group(text, at)
            if arg is None:
                if text.startswith("{", at):
                    problems.append(Problem(ERROR, "runaway-argument", f"the title of `\\{name}` is never closed "
                                            "before the paragraph ends (LaTeX stops with \"Runaway argument\"); "
                                            "the heading is not read; close its brace", *file_of(m.start())))
                return m.end()
            level = SECTIONING[name]
            starred = bool(star) or name.startswith("add")
            number = numbering.heading(level, starred)
            depth = 0 if level == -1 else max(level - top + 1, 1)
            kind = PART if depth == 0 else (APPENDIX if numbering.appendix else CHAPTER) if depth == 1 else SECTION
            file, line = file_of(m.start())
            headings.append(LatexHeading(depth, kind, readable(arg[0], title=True, expand=expansion.expand), None,
                                         number, file, line, index.locate(m.start())[0]))
            heading_spans.append((m.start(), arg[1]))
            last_heading_end = arg[1]
            return m.end()  # citations in the title belong to the heading
        if name in MATTER:
            numbering.switch(name)
            return m.end()
        if name == "begin" and re.match(r"\s*\{appendices\}", text[m.end():]):
            numbering.switch("appendix")
            return m.end()
        if name == "label":
            arg = group(text, skip_space(text, m.end()))
            if arg and headings and last_heading_end is not None and not text[last_heading_end:m.start()].strip() \
                    and headings[-1].anchor is None:
                headings[-1] = LatexHeading(**{**headings[-1].__dict__, "anchor": arg[0].strip()})
                heading_spans.append((m.start(), arg[1]))
                last_heading_end = arg[1]
            return arg[1] if arg else m.end()
        current = len(headings) - 1 if headings else None
        if short_titles and short_titles[-1][0] <= m.start() < short_titles[-1][1]:
            return m.end()
        if name in CITE_COMMANDS or name in MULTI_CITE_COMMANDS:
            cite = parse_cite(text, name, star, m.start(), m.end())
            if cite:
                raw.append((expansion.keys(cite, *file_of(m.start())), m.start(), current))
            return m.end()
        if name in expansion.citing:
            cites, stop = expansion.use(text, name, m.end(), *file_of(m.start()))
            raw.extend((Cite(c.keys, c.mode, m.start(), stop), m.start(), current) for c in cites)
            return m.end()
        return m.end()

    for m in _CONTROL_WORD.finditer(text, 0, body_start):
        control(m, in_body=False)
    for m in _CONTROL_WORD.finditer(text, body_start, body_end):
        control(m, in_body=True)
    entries = _bibitems(text, body_start, body_end, file_of, expansion)
    body = _blank(text[:body_start]) + text[body_start:body_end] + _blank(text[body_end:])
    silent = [(c.start, c.end) for c, _, _ in raw if c.mode == NOCITE] + short_titles  # \nocite prints nothing
    silent += [(m.start(), group(body, skip_space(body, m.end()))[1]) for m in _SILENT.finditer(body)
               if group(body, skip_space(body, m.end()))]
    if silent:
        chars = list(body)
        for start, stop in silent:
            chars[start:stop] = _blank(body[start:stop])
        body = "".join(chars)
    body_lines = body.split("\n")
    bounded = list(body)
    for start, stop in heading_spans:  # a heading ends the paragraph before it
        bounded[start:stop] = _blank(text[start:stop])
    sentences = Sentences(body_lines, "".join(bounded).split("\n"), _SENTENCE_END)
    readable_sentences: dict[str, str] = {}
    citations: list[LatexCitation] = []
    for cite, at, heading in raw:
        row, column = index.locate(at)
        file, line, offset = where[row - 1]
        if cite.mode == NOCITE:
            sentence = ""
        else:
            original = sentences.around(row, column)
            if original not in readable_sentences:
                readable_sentences[original] = readable(original, cites=expansion.cites, expand=expansion.expand)
            sentence = readable_sentences[original]
        for key in cite.keys:
            citations.append(LatexCitation(key, file, line, offset + column, sentence, heading,
                                           cite.mode == NARRATIVE, cite.mode == YEAR))
    return LatexBook(root=root, main=main_rel, title=title, files=list(reader.out.files), headings=headings,
                     entries=entries,
                     citations=citations, bibliographies=bibliographies, problems=problems, prose=body,
                     where=[(f, n) for f, n, _ in where], encoding=encoding)
