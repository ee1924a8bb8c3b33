"""Read .bib files with bibtexparser v2 into `BibRecord`s, keeping the good part of bad files.

Field names are lower-cased, LaTeX is decoded to Unicode (pylatexenc, only for values that
contain LaTeX at all: most do not, and decoding is nine tenths of the cost), and names are
split with bibtexparser's own name splitter. `@string` macros are resolved by bibtexparser;
`@comment` and `@preamble` blocks are ignored. A block that fails to parse, or repeats a key
already defined in the same file, becomes a `Problem` naming file and line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from functools import lru_cache

import bibtexparser
from bibtexparser import model
from bibtexparser.library import Library
from bibtexparser.middlewares import RemoveEnclosingMiddleware, ResolveStringReferencesMiddleware
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from kb.errors import ERROR, WARNING, Problem
from kb.ingest.records import BibRecord, Person

_NEEDS_DECODER = re.compile(r"[\\$~%&^_]")
_ONLY_BRACES_OR_DASHES = re.compile(r"[{}]|---?")
_DASHES = {"--": "\u2013", "---": "\u2014"}
# Values kept verbatim: decoding `%20` in a URL as a LaTeX comment would corrupt it.
VERBATIM_FIELDS = frozenset(
    "url doi eprint file pdf biburl bibsource isbn issn urldate timestamp keywords".split()
)
# "Family, Given" with nothing BibTeX-special and no lower-case particle ("von", "de la").
_SIMPLE_NAME = re.compile(r"^\s*([A-Z\u00c0-\u024f][^{}\\,\s]*(?:[ -][A-Z\u00c0-\u024f][^{}\\,\s]*)*),\s*([^{}\\,]+?)\s*$")


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    context.add_context_category("kb-bibtex", prepend=True, macros=[
        MacroTextSpec("url", simplify_repl="%s"),
        MacroTextSpec("textasciicircum", simplify_repl="^"),  # ASCII, as LaTeX means it (pylatexenc: U+02C6)
        MacroTextSpec("textperiodcentered", simplify_repl="\u00b7"),  # a middle dot (pylatexenc: U+02D9)
    ])
    return LatexNodes2Text(latex_context=context, math_mode="verbatim", keep_braced_groups=False)


def decode_latex(value: str) -> str:
    """LaTeX to Unicode (`Urba{\\'n}czyk` -> `Urbańczyk`).

    Only values with a backslash, `$`, `~`, `%`, `&`, `^` or `_` go through pylatexenc; values
    that merely hold braces or `--` are handled here with the same result, and plain values
    are returned as they are (decoding is nine tenths of the parsing cost).
    """
    if _NEEDS_DECODER.search(value):
        try:
            return _decoder().latex_to_text(value)
        except Exception:  # pylatexenc raises assorted errors on broken LaTeX; keep the raw value
            return value
    if "{" in value or "}" in value or "--" in value:
        return _ONLY_BRACES_OR_DASHES.sub(lambda m: _DASHES.get(m.group(0), ""), value)
    return value


def decode_field(name: str, value: str) -> str:
    if name in VERBATIM_FIELDS:
        return value.replace("\\_", "_").replace("\\%", "%").replace("\\&", "&").replace("\\#", "#")
    return decode_latex(value)


def _split_name(name: str) -> Person:
    simple = _SIMPLE_NAME.match(name)
    if simple:
        return Person(family=simple.group(1), given=" ".join(simple.group(2).split()))
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except InvalidNameError:
        return Person(family=decode_latex(name).strip())
    return Person(
        family=decode_latex(" ".join(parts.last)).strip(),
        given=decode_latex(" ".join(parts.first)).strip(),
        von=decode_latex(" ".join(parts.von)).strip(),
        jr=decode_latex(" ".join(parts.jr)).strip(),
    )


def persons(value: str) -> tuple[Person, ...]:
    """Split a BibTeX name list (`A, B and C D and others`) into people."""
    return tuple(_split_name(name) for name in split_multiple_persons_names(value) if name.strip())


def _failure_message(block: model.ParsingFailedBlock) -> str:
    if isinstance(block, model.DuplicateBlockKeyBlock):
        return (f"duplicate key `{block.key}` (already defined above in this file); this entry was "
                "skipped, rename or delete one of them")
    error = block.error
    detail = getattr(error, "abort_reason", None) or getattr(error, "message", None) or str(error or "")
    detail = " ".join(str(detail).split()) or "syntax error"
    return f"malformed entry skipped ({detail}); check its braces, quotes and commas"


def _first_of_each_field(entry: model.Entry) -> tuple[model.Entry, str]:
    """An entry that repeats fields, with the first value of each (pandoc and biber read it so), and
    the warning saying which fields repeat and whether their values agree."""
    first: dict[str, model.Field] = {}
    repeats: dict[str, list[str]] = {}
    for f in entry.fields:
        name = f.key.lower()
        if name in first:
            repeats.setdefault(name, [str(first[name].value)]).append(str(f.value))
        else:
            first[name] = f
    def bare(value: str) -> str:
        value = value.strip()
        return value[1:-1] if len(value) > 1 and value[0] + value[-1] in ("{}", '""') else value

    described = []
    for name, values in sorted(repeats.items()):
        values = [bare(v) for v in values]
        same = len(set(values)) == 1
        described.append(f"{name} ({'the same value' if same else 'different values: ' + ' / '.join(values)})")
    message = (f"entry `{entry.key}` repeats the field {', '.join(described)}; the first value is kept; "
               "delete the repeated field")
    return model.Entry(entry.entry_type, entry.key, list(first.values()), entry.start_line, entry.raw), message


def parse_bibtex(text: str, file: str) -> tuple[list[BibRecord], list[Problem]]:
    """Parse one .bib file's text. Returns the entries it could read and the problems."""
    splitter_log = logging.getLogger("bibtexparser.splitter")
    level = splitter_log.level
    splitter_log.setLevel(logging.CRITICAL)  # its messages become our Problems instead
    try:
        library = bibtexparser.parse_string(text)
    finally:
        splitter_log.setLevel(level)
    records: list[BibRecord] = []
    problems: list[Problem] = []
    repaired: list[model.Entry] = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        key = getattr(block, "key", None)
        if isinstance(block, model.DuplicateFieldKeyBlock) and isinstance(block.ignore_error_block, model.Entry):
            entry, message = _first_of_each_field(block.ignore_error_block)
            repaired.append(entry)
            problems.append(Problem(WARNING, "repeated-field", message, file, line, key=entry.key))
            continue
        problems.append(Problem(ERROR, "malformed-entry", _failure_message(block), file, line, key=key))
    entries = list(library.entries)
    if repaired:  # through the same middlewares as every other entry (@string macros, enclosing braces)
        fixed = Library([*library.strings, *repaired])
        for middleware in (ResolveStringReferencesMiddleware(True), RemoveEnclosingMiddleware(True)):
            fixed = middleware.transform(fixed)
        entries = sorted(entries + fixed.entries, key=lambda e: e.start_line or 0)
    for entry in entries:
        raw = {f.key.lower(): str(f.value) for f in entry.fields}
        fields = {name: decode_field(name, value) for name, value in raw.items()}
        records.append(
            BibRecord(
                key=entry.key,
                entry_type=entry.entry_type.lower(),
                fields=fields,
                raw_fields=raw,
                authors=persons(raw["author"]) if raw.get("author") else (),
                editors=persons(raw["editor"]) if raw.get("editor") else (),
                file=file,
                line=(entry.start_line or 0) + 1,
            )
        )
        if not entry.key.strip():
            problems.append(Problem(WARNING, "empty-key", "entry has no key; give it one", file, records[-1].line))
    return records, problems


# Fields a crossref child never takes from its parent (identity and bookkeeping), and the parent fields
# that become the child's container fields (biber's default inheritance; classic BibTeX styles read the
# parent's own booktitle, which is inherited as any other field).
_NOT_INHERITED = frozenset({"crossref", "xref", "ids", "key", "entryset", "related", "doi", "eprint", "url",
                            "isbn", "issn", "label", "shorthand", "sortkey"})
_AS_CONTAINER = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
_CONTAINED = frozenset({"inproceedings", "incollection", "inbook", "inreference", "bookinbook", "suppbook",
                        "conference"})


def apply_crossrefs(entries: list[BibRecord]) -> tuple[list[BibRecord], list[Problem]]:
    """Entries with `crossref` completed from their parent, as biber and BibTeX do: every field the
    child lacks comes from the parent, and for parts of a book or proceedings the parent's title is the
    child's booktitle. A missing parent is a warning naming the file and line."""
    by_key = {}
    for e in entries:
        by_key.setdefault(e.key.lower(), e)
    result, problems = [], []
    for e in entries:
        parent_key = (e.fields.get("crossref") or "").strip()
        if not parent_key:
            result.append(e)
            continue
        parent = by_key.get(parent_key.lower())
        if parent is None or parent is e:
            problems.append(Problem(WARNING, "missing-crossref", f"`{e.key}` has crossref `{parent_key}`, which no "
                                    "bibliography defines; add that entry or remove the crossref field",
                                    e.file, e.line, key=e.key))
            result.append(e)
            continue
        fields, raw = dict(e.fields), dict(e.raw_fields)
        for name, value in parent.fields.items():
            target = _AS_CONTAINER.get(name, name) if e.entry_type in _CONTAINED else name
            if name in _NOT_INHERITED or target in fields or (name == "title" and target == "title"):
                continue
            fields[target], raw[target] = value, parent.raw_fields.get(name, value)
        editors = e.editors or (parent.editors if "editor" not in e.fields else ())
        result.append(replace(e, fields=fields, raw_fields=raw, editors=editors,
                              authors=e.authors or (parent.authors if e.entry_type in ("inbook", "bookinbook") else ())))
    return result, problems
