"""Exports of what a book, a part or a chapter cites: BibTeX, CSL-JSON and RIS.

A chapter's .bib holds exactly the keys the chapter uses, each present even when several
keys name one work, so the chapter still compiles. Each entry is the book's own entry,
completed from the work's best data (DOI, arXiv id, year, venue, authors; OpenAlex's DOI
when the bibliography has none). Values are escaped for LaTeX (math kept), capitals in
titles are protected, and the text is written by bibtexparser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

VERBATIM = frozenset({"url", "doi", "eprint", "file", "pdf", "urldate", "issn", "isbn"})
SKIP_FIELDS = frozenset({"yearlabel", "file", "abstract", "keywords", "timestamp", "biburl", "bibsource"})
RENAME = {"journaltitle": "journal", "eprinttype": "archiveprefix", "location": "address"}
TYPE_MAP = {"online": "misc", "electronic": "misc", "www": "misc", "report": "techreport", "thesis": "phdthesis",
            "unpublished": "unpublished"}
_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
            "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "$": r"\$"}
_MATH = re.compile(r"(?<!\\)\$[^$%#&]+(?<!\\)\$")  # math never holds a comment, & or #


@dataclass
class Item:
    """One key to export, with the entry behind it and the work it names."""

    key: str
    entry_type: str
    fields: dict[str, str]
    authors: list[dict]
    work: Any  # the work's row: title, year, authors, venue, doi, arxiv_id, url
    enrichment: Any | None  # its OpenAlex row: publication_year, doi, venue_name, abstract


def _math_spans(value: str) -> list[re.Match]:
    r"""`$...$` segments that are plausibly math: no %, & or #, balanced braces, and no one-letter
    macro (`\b`, `\c`: text accents that would swallow what follows)."""
    spans = []
    for m in _MATH.finditer(value):
        if re.search(r"\\[A-Za-z](?![A-Za-z])", m.group(0)):
            continue
        depth = 0
        for ch in m.group(0):
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth < 0:
                break
        if depth == 0:
            spans.append(m)
    return spans


def _escape_text(text: str) -> str:
    # two hyphens are an en dash to LaTeX: keep literal ones apart
    return "".join(_SPECIAL.get(ch, ch) for ch in text).replace("--", "-{}-").replace("-{}--", "-{}-{}-")


def escape_latex(value: str) -> str:
    """Escape LaTeX's special characters, leaving `$...$` math as it is."""
    out, last = [], 0
    for m in _math_spans(value):
        out.append(_escape_text(value[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_escape_text(value[last:]))
    return "".join(out)


def _needs_protection(word: str, first: bool) -> bool:
    """Capitals a style must not lower: `BERT`, `ImageNet`, `GPT-3`, a lone `R`."""
    return any(ch.isupper() for ch in word[1:]) or (len(word) == 1 and word.isupper() and not first)


def title_value(title: str) -> str:
    """A title escaped for LaTeX, with `$...$` math kept and capitals protected word by word."""
    out, last, first = [], 0, True
    for m in _math_spans(title) + [None]:
        text = title[last: m.start() if m else len(title)]
        for token in re.split(r"(\s+)", text):
            if not token or token.isspace():
                out.append(token)
                continue
            escaped = escape_latex(token)
            out.append("{" + escaped + "}" if _needs_protection(token, first) else escaped)
            first = False
        if m:
            out.append(m.group(0))
            last, first = m.end(), False
    return "".join(out)


def format_names(authors: list[dict]) -> str:
    names = []
    for a in authors:
        family = a.get("family") or ""
        if family == "others":
            names.append("others")
            continue
        if not a.get("given") and " " in family:  # a corporate author: keep it one name
            names.append("{" + escape_latex(family) + "}")
            continue
        # a family name of several words, or starting in lower case ({van Gool}), stays one unit
        braced = "{" + escape_latex(family) + "}" if (" " in family or family[:1].islower()) else escape_latex(family)
        last = " ".join(filter(None, [escape_latex(a["von"]) if a.get("von") else "", braced]))
        parts = [last] + ([escape_latex(a["jr"])] if a.get("jr") else []) + \
            ([escape_latex(a["given"])] if a.get("given") else [])
        names.append(", ".join(parts))
    return " and ".join(names)


def _venue_field(entry_type: str) -> str:
    return "booktitle" if entry_type in ("inproceedings", "incollection", "conference") else "journal"


def complete_fields(item: Item) -> dict[str, str]:
    """The entry's fields, renamed to BibTeX's names and completed from the work's best data."""
    fields = {}
    for name, value in item.fields.items():
        name = RENAME.get(name, name)
        if name in SKIP_FIELDS or name == "author" or not str(value).strip():
            continue
        fields[name] = str(value)
    w, x = item.work, item.enrichment
    if "year" not in fields and (w.year or (x and x.publication_year)):
        fields["year"] = str(w.year or x.publication_year)
    if "title" not in fields and w.title:
        fields["title"] = w.title
    doi = w.doi or (x.doi if x else None)
    if "doi" not in fields and doi:
        fields["doi"] = doi
    if w.arxiv_id and "eprint" not in fields:
        fields["eprint"], fields["archiveprefix"] = w.arxiv_id, "arXiv"
    if "url" not in fields and w.url:
        fields["url"] = w.url
    venue_field = _venue_field(item.entry_type)
    if item.entry_type in ("article", "inproceedings", "incollection") and venue_field not in fields:
        venue = w.venue or (x.venue_name if x else None)
        if venue:
            fields[venue_field] = venue
    return fields


def to_bibtex(items: list[Item]) -> str:
    """Write items as BibTeX through bibtexparser (braced values, one field per line)."""
    library = Library()
    for item in items:
        entry_type = TYPE_MAP.get(item.entry_type, item.entry_type) or "misc"
        fields = complete_fields(item)
        ordered = []
        authors = item.authors or item.work.authors or []
        if authors:
            ordered.append(Field("author", format_names(authors)))
        for name in sorted(fields, key=lambda n: (n != "title", n != "year", n)):
            value = fields[name]
            if name in VERBATIM:
                value = value.replace("{", "").replace("}", "").replace("%", r"\%")
            elif name == "pages":
                value = escape_latex(value).replace("\u2014", "---").replace("\u2013", "--")
            elif name == "title" or name == "booktitle":
                value = title_value(value)
            else:
                value = escape_latex(value)
            ordered.append(Field(name, value))
        library.add(Entry(entry_type, item.key, ordered))
    return bibtexparser.write_string(library)


CSL_TYPES = {"article": "article-journal", "inproceedings": "paper-conference", "conference": "paper-conference",
             "incollection": "chapter", "inbook": "chapter", "book": "book", "techreport": "report", "report": "report",
             "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "manual": "book",
             "misc": "article", "online": "webpage", "unpublished": "manuscript"}


def to_csljson(items: list[Item]) -> list[dict]:
    """CSL-JSON items (for pandoc --citeproc and Zotero)."""
    out = []
    for item in items:
        f = complete_fields(item)
        data = {"id": item.key, "type": CSL_TYPES.get(item.entry_type, "article"), "title": f.get("title", "")}
        authors = item.authors or item.work.authors or []
        if authors:
            data["author"] = [{"literal": a["family"]} if not a.get("given") and " " in (a.get("family") or "")
                              else {k: v for k, v in (("family", " ".join(filter(None, [a.get("von"), a.get("family")]))),
                                                       ("given", a.get("given")), ("suffix", a.get("jr"))) if v}
                              for a in authors if a.get("family") != "others"]
        if f.get("year", "").isdigit():
            data["issued"] = {"date-parts": [[int(f["year"])]]}
        container = f.get("journal") or f.get("booktitle")
        for csl, value in (("container-title", container), ("volume", f.get("volume")), ("issue", f.get("number")),
                           ("page", f.get("pages", "").replace("--", "-") or None), ("publisher", f.get("publisher")),
                           ("DOI", f.get("doi")), ("URL", f.get("url"))):
            if value:
                data[csl] = value
        if item.enrichment and item.enrichment.abstract:
            data["abstract"] = item.enrichment.abstract
        out.append(data)
    return out


RIS_TYPES = {"article": "JOUR", "inproceedings": "CPAPER", "conference": "CPAPER", "incollection": "CHAP",
             "inbook": "CHAP", "book": "BOOK", "techreport": "RPRT", "report": "RPRT", "phdthesis": "THES",
             "thesis": "THES", "misc": "GEN", "online": "ELEC", "manual": "BOOK", "unpublished": "UNPB"}


def to_ris(items: list[Item]) -> str:
    lines = []
    for item in items:
        f = complete_fields(item)
        lines.append(f"TY  - {RIS_TYPES.get(item.entry_type, 'GEN')}")
        lines.append(f"ID  - {item.key}")
        for a in item.authors or item.work.authors or []:
            if a.get("family") != "others":
                name = " ".join(filter(None, [a.get("von"), a.get("family")]))
                lines.append(f"AU  - {name}, {a['given']}" if a.get("given") else f"AU  - {name}")
        pages = re.split(r"[-–]+", f.get("pages", ""), maxsplit=1)
        for tag, value in (("TI", f.get("title")), ("T2", f.get("journal") or f.get("booktitle")),
                           ("PY", f.get("year")), ("VL", f.get("volume")), ("IS", f.get("number")),
                           ("SP", pages[0] if pages[0] else None), ("EP", pages[1] if len(pages) > 1 else None),
                           ("PB", f.get("publisher")), ("DO", f.get("doi")), ("UR", f.get("url"))):
            if value:
                lines.append(f"{tag}  - {value}")
        if item.enrichment and item.enrichment.abstract:
            lines.append(f"AB  - {item.enrichment.abstract}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)
