"""Exports of what a book, a part or a chapter cites: BibTeX, CSL-JSON and RIS.

A chapter's .bib holds exactly the keys the chapter uses, each present even when several
keys name one work, so the chapter still compiles. Each entry is the book's own entry, its
fields written as the source wrote them (braces, macros, `\\url{}` kept), completed only from
data that has the field's meaning: the work's DOI, arXiv id and year, a venue from another
entry of the same work that has the same field, or OpenAlex's source when its type says
journal or conference. `--encoding latex` (the default, for bibtex and pdflatex) writes every
non-ASCII character as a LaTeX macro after composing it (NFC); `utf8` keeps UTF-8 for biber.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

VERBATIM = frozenset({"url", "doi", "eprint", "file", "pdf", "urldate", "issn", "isbn"})
SKIP_FIELDS = frozenset({"yearlabel", "file", "abstract", "keywords", "timestamp", "biburl", "bibsource", "ids"})
RENAME = {"journaltitle": "journal", "eprinttype": "archiveprefix", "location": "address"}
TYPE_MAP = {"online": "misc", "electronic": "misc", "www": "misc", "report": "techreport", "thesis": "phdthesis",
            "unpublished": "unpublished"}
ENCODINGS = ("latex", "utf8")
ARTICLE_TYPES = frozenset({"article"})
PROCEEDINGS_TYPES = frozenset({"inproceedings", "conference"})
_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
            "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "$": r"\$"}
_MATH = re.compile(r"(?<!\\)\$[^$%#&]+(?<!\\)\$")  # math never holds a comment, & or #


@dataclass(frozen=True)
class Value:
    """A field's value as Unicode text, and as the source's LaTeX when kb took it unchanged from a .bib."""

    text: str
    latex: str | None = None


@dataclass
class Item:
    """One key to export, with the entry behind it and the work it names."""

    key: str
    entry_type: str
    fields: dict[str, str]  # decoded (Unicode) values
    authors: list[dict]
    work: Any  # the work's row: title, year, authors, doi, arxiv_id, url
    enrichment: Any | None  # its OpenAlex row: publication_year, doi, venue_name, venue_type, abstract
    raw_fields: dict[str, str] = field(default_factory=dict)  # the same fields as the .bib wrote them
    siblings: list[tuple[dict, dict]] = field(default_factory=list)  # other entries of the work: (fields, raw)
    aliases: list[str] = field(default_factory=list)  # other keys for this work (written as `ids`)


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


def _sibling_value(item: Item, names: tuple[str, ...]) -> Value | None:
    """The first value another entry of the same work has in one of `names` (published venues first)."""
    from kb.ingest.resolve import is_preprint_venue

    found = [Value(f[n], raw.get(n)) for f, raw in item.siblings for n in names if (f.get(n) or "").strip()]
    found.sort(key=lambda v: is_preprint_venue(v.text))
    return found[0] if found else None


def _openalex_venue(item: Item, source_type: str) -> Value | None:
    x = item.enrichment
    if x and x.venue_name and (x.venue_type or "") == source_type:
        return Value(x.venue_name)
    return None


def complete_fields(item: Item) -> dict[str, Value]:
    """The entry's fields under BibTeX's names, each with its source text, completed only from data that
    has the field's meaning."""
    fields: dict[str, Value] = {}
    for name, text in item.fields.items():
        target = RENAME.get(name, name)
        if target in SKIP_FIELDS or name in ("author", "editor") or not str(text).strip() or target in fields:
            continue
        fields[target] = Value(str(text), item.raw_fields.get(name))
    w, x = item.work, item.enrichment
    if "year" not in fields:
        date = re.match(r"\d{4}", fields.get("date", Value("")).text)
        year = date.group(0) if date else (w.year or (x.publication_year if x else None))
        if year:
            fields["year"] = Value(str(year))
    if "title" not in fields and w.title:
        fields["title"] = Value(w.title)
    doi = w.doi or (x.doi if x else None)
    if "doi" not in fields and doi:
        fields["doi"] = Value(doi)
    if w.arxiv_id and "eprint" not in fields:
        fields["eprint"], fields["archiveprefix"] = Value(w.arxiv_id), Value("arXiv")
    if "url" not in fields:  # the entry's own arXiv id first: the work's URL may name another version
        own = (fields.get("archiveprefix") or Value("")).text.lower() == "arxiv" and fields.get("eprint")
        url = f"https://arxiv.org/abs/{own.text}" if own else w.url or (w.arxiv_id and f"https://arxiv.org/abs/{w.arxiv_id}")
        if url:
            fields["url"] = Value(url)
    if item.entry_type in ARTICLE_TYPES and "journal" not in fields:
        venue = _sibling_value(item, ("journal", "journaltitle")) or _openalex_venue(item, "journal")
        if venue:
            fields["journal"] = venue
    if item.entry_type in PROCEEDINGS_TYPES and "booktitle" not in fields:
        venue = _sibling_value(item, ("booktitle",)) or _openalex_venue(item, "conference")
        if venue:
            fields["booktitle"] = venue
    return fields


@lru_cache(maxsize=1)
def _latex_encoder():
    from pylatexenc.latexencode import (
        RULE_DICT,
        UnicodeToLatexConversionRule,
        UnicodeToLatexEncoder,
    )

    logging.getLogger("pylatexenc.latexencode").setLevel(logging.ERROR)  # unknown characters are reported by kb
    fixes = UnicodeToLatexConversionRule(RULE_DICT, {0x170: r"\H{U}", 0x171: r"\H{u}"})  # pylatexenc writes \'{U}
    return UnicodeToLatexEncoder(non_ascii_only=True, replacement_latex_protection="braces-all",
                                 unknown_char_policy="keep", conversion_rules=[fixes, "defaults"])


# LaTeX's text accents for the combining marks that have one, for a mark Unicode cannot compose with
# its base (`s` + caron + acute)
_ACCENTS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
            "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d",
            "\u0327": "c", "\u0328": "k", "\u0331": "b"}
_LEFT_MARKS = re.compile("([^\\s])([\u0300-\u036f]+)")


def _compose(value: str) -> str:
    """NFC, after a dotless i or j carrying an accent (`ı` + U+0301, as PDFs spell `\\'\\i`) became i or j."""
    value = re.sub("[\u0131\u0237](?=[\u0300-\u036f])", lambda m: "i" if m.group(0) == "\u0131" else "j", value)
    return unicodedata.normalize("NFC", value)


def _accent(m: re.Match) -> str:
    out = _latex_encoder().unicode_to_latex(m.group(1))
    for mark in m.group(2):
        out = "{\\" + _ACCENTS[mark] + "{" + out + "}}" if mark in _ACCENTS else out + mark
    return out


def encode(value: str, encoding: str, verbatim: bool = False) -> str:
    """A field's LaTeX text for `encoding`: composed (NFC), and with `latex` every non-ASCII character a
    braced macro (`{\\L}`, `{\\'e}`: BibTeX's special characters, safe in names and sorting); URLs and DOIs
    get percent-escapes instead. Characters LaTeX has no macro for stay as they are."""
    value = _compose(value)
    if encoding == "utf8" or value.isascii():
        return value
    if verbatim:
        return quote(value, safe="".join(chr(c) for c in range(33, 127)))
    value = _LEFT_MARKS.sub(_accent, value)  # marks NFC could not compose with their base
    return _latex_encoder().unicode_to_latex(value)


def unencodable(text: str) -> str:
    """The characters of an exported .bib's values that stayed non-ASCII (no LaTeX macro: CJK, emoji).
    Keys are left out: they are the text's, and cannot be escaped."""
    values = re.sub(r"^@\w+\{[^,\n]*,", "", text, flags=re.MULTILINE)
    return "".join(sorted({ch for ch in values if not ch.isascii()}))


def _latex_of(name: str, value: Value) -> str:
    if value.latex is not None:
        return value.latex
    text = value.text
    if name in VERBATIM:
        return text.replace("{", "").replace("}", "").replace("%", r"\%")
    if name == "pages":
        return escape_latex(text).replace("\u2014", "---").replace("\u2013", "--")
    if name in ("title", "booktitle"):
        return title_value(text)
    return escape_latex(text)


def to_bibtex(items: list[Item], encoding: str = "latex") -> str:
    """Write items as BibTeX through bibtexparser (braced values, one field per line)."""
    library = Library()
    for item in items:
        entry_type = TYPE_MAP.get(item.entry_type, item.entry_type) or "misc"
        fields = complete_fields(item)
        ordered = []
        for role, people in (("author", item.authors or item.work.authors or []), ("editor", None)):
            raw = item.raw_fields.get(role)
            text = raw if raw is not None else (format_names(people) if people else None)
            if text:
                ordered.append(Field(role, encode(text, encoding)))
        if item.aliases:
            ordered.append(Field("ids", ", ".join(item.aliases)))
        if encoding == "utf8" and "month" in fields and (parsed := month_day(fields["month"].text)):
            # biber sorts integer months only: `sep 21` becomes month 9, day 21
            fields["month"] = Value(str(parsed[0]))
            if parsed[1] and "day" not in fields:
                fields["day"] = Value(str(parsed[1]))
        for name in sorted(fields, key=lambda n: (n != "title", n != "year", n)):
            ordered.append(Field(name, encode(_latex_of(name, fields[name]), encoding, name in VERBATIM)))
        library.add(Entry(entry_type, item.key, ordered))
    return bibtexparser.write_string(library)


CSL_TYPES = {"article": "article-journal", "inproceedings": "paper-conference", "conference": "paper-conference",
             "incollection": "chapter", "inbook": "chapter", "book": "book", "techreport": "report", "report": "report",
             "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "manual": "book",
             "misc": "article", "online": "webpage", "unpublished": "manuscript"}
GENRES = {"techreport": "technical report", "phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}


def _people(item: Item, role: str) -> list[dict]:
    """Authors or editors as name parts (`others` kept: it says the list goes on)."""
    if role == "author":
        return list(item.authors or item.work.authors or [])
    from kb.ingest.bibtex import persons

    raw = item.raw_fields.get("editor") or item.fields.get("editor")
    return [p.as_dict() for p in persons(raw)] if raw else []


def _csl_name(a: dict) -> dict:
    """CSL name parts as pandoc writes them: BibTeX's von part, and lower-case words ending the given
    names (`Oord, Aäron van den`), are the dropping particle."""
    family = a.get("family") or ""
    if family == "others" or (not a.get("given") and " " in family):
        return {"literal": family}
    given = (a.get("given") or "").split()
    trailing = []
    while len(given) > 1 and given[-1][:1].islower():
        trailing.insert(0, given.pop())
    particle = " ".join(filter(None, [a.get("von"), *trailing]))
    return {k: v for k, v in (("dropping-particle", particle), ("family", family), ("given", " ".join(given)),
                              ("suffix", a.get("jr"))) if v}


MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
# biblatex's localisation keys for the `type` field, as pandoc expands them
TYPE_KEYS = {"techreport": "technical report", "resreport": "research report", "phdthesis": "PhD thesis",
             "mathesis": "Master's thesis", "software": "computer software", "datacd": "data CD",
             "audiocd": "audio CD"}


def month_day(text: str | None) -> tuple[int, int | None] | None:
    """A BibTeX month (`9`, `sep`, `September`, `sep 21`) as (month, day or None); None when unreadable."""
    m = re.fullmatch(r"\s*(\d{1,2}|[A-Za-z]{3,})\.?(?:\s+(\d{1,2}))?\s*", text or "")
    if not m:
        return None
    word = m.group(1).lower()
    month = int(word) if word.isdigit() else MONTHS.get(word[:3])
    day = int(m.group(2)) if m.group(2) else None
    return (month, day) if month and 1 <= month <= 12 and (day is None or 1 <= day <= 31) else None


def _issued(f: dict[str, str]) -> list[int] | None:
    """The date parts of `date`, else `year` with `month` (and its day: `sep 21`)."""
    if parts := _date_parts(f.get("date")):
        return parts
    year = _date_parts(f.get("year"))
    month = month_day(f.get("month"))
    return year[:1] + [p for p in month if p] if year and month else year


def _date_parts(text: str | None) -> list[int] | None:
    """`2022-06-26` -> [2022, 6, 26]; a year alone -> [2022]."""
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text or "")
    return [int(p) for p in m.groups() if p] if m else None


def _pages(text: str | None) -> list[str]:
    return [p.strip() for p in re.split(r"[-\u2013\u2014]+", text or "", maxsplit=1) if p.strip()]


def _number_field(entry_type: str) -> str:
    """Where BibTeX's `number` goes in CSL: an issue of a journal, a report's number, a volume in a series."""
    if entry_type == "article":
        return "issue"
    return "number" if entry_type in ("techreport", "report", "patent") else "collection-number"


def to_csljson(items: list[Item]) -> list[dict]:
    """CSL-JSON items (for pandoc --citeproc and Zotero), with the fields pandoc's own .bib conversion keeps."""
    out = []
    for item in items:
        f = {name: v.text for name, v in complete_fields(item).items()}
        data: dict[str, Any] = {"id": item.key, "type": CSL_TYPES.get(item.entry_type, "article"),
                                "title": f.get("title", "")}
        for role in ("author", "editor"):
            if people := _people(item, role):
                data[role] = [_csl_name(a) for a in people]
        if issued := _issued(f):
            data["issued"] = {"date-parts": [issued]}
        if accessed := _date_parts(f.get("urldate")):
            data["accessed"] = {"date-parts": [accessed]}
        how = f.get("howpublished")
        if how and re.match(r"https?://\S+$", how) and "url" not in f:  # a URL given as howpublished
            f["url"], how = how, None
        publisher = f.get("publisher") or f.get("institution") or f.get("school") or f.get("organization") or how
        genre = f.get("type")
        genre = TYPE_KEYS.get(genre.lower(), genre) if genre else GENRES.get(item.entry_type)
        for csl, value in (("container-title", f.get("journal") or f.get("booktitle")),
                           ("collection-title", f.get("series")), ("volume", f.get("volume")),
                           (_number_field(item.entry_type), f.get("number")),
                           ("page", "-".join(_pages(f.get("pages"))) or None), ("edition", f.get("edition")),
                           ("publisher", publisher), ("publisher-place", f.get("address")),
                           ("genre", genre), ("DOI", f.get("doi")), ("URL", f.get("url")),
                           ("ISBN", f.get("isbn")), ("ISSN", f.get("issn")), ("note", f.get("note")),
                           ("title-short", f.get("shorttitle")), ("keyword", item.fields.get("keywords"))):
            if value:
                data[csl] = value
        if (f.get("archiveprefix") or "").lower() == "arxiv" and f.get("eprint"):
            data["archive"], data["archive_location"] = "arXiv", f["eprint"]
        abstract = item.fields.get("abstract") or (item.enrichment.abstract if item.enrichment else None)
        if abstract:
            data["abstract"] = abstract
        out.append(data)
    return out


RIS_TYPES = {"article": "JOUR", "inproceedings": "CPAPER", "conference": "CPAPER", "incollection": "CHAP",
             "inbook": "CHAP", "book": "BOOK", "techreport": "RPRT", "report": "RPRT", "phdthesis": "THES",
             "thesis": "THES", "misc": "GEN", "online": "ELEC", "manual": "BOOK", "unpublished": "UNPB"}


def _ris_name(a: dict) -> str:
    name = " ".join(filter(None, [a.get("von"), a.get("family")]))
    return ", ".join(filter(None, [name, a.get("given"), a.get("jr")]))


def to_ris(items: list[Item]) -> str:
    """RIS records (tags as Zotero, EndNote and rispy read them)."""
    lines = []
    for item in items:
        f = {name: v.text for name, v in complete_fields(item).items()}
        lines.append(f"TY  - {RIS_TYPES.get(item.entry_type, 'GEN')}")
        lines.append(f"ID  - {item.key}")
        truncated = False
        for tag, role in (("AU", "author"), ("A2", "editor")):  # A2: editors of the container
            for a in _people(item, role):
                if a.get("family") == "others":
                    truncated = truncated or role == "author"
                else:
                    lines.append(f"{tag}  - {_ris_name(a)}")
        pages = _pages(f.get("pages"))
        date = _issued(f)
        accessed = _date_parts(f.get("urldate"))
        arxiv = f.get("eprint") if (f.get("archiveprefix") or "").lower() == "arxiv" else None
        notes = [f.get("note"), f.get("howpublished"), "The author list continues (and others)." if truncated else None]
        for tag, value in (("TI", f.get("title")), ("T2", f.get("journal") or f.get("booktitle")),
                           ("T3", f.get("series")), ("PY", f.get("year")),
                           ("DA", "/".join(f"{p:02d}" for p in date) if date and len(date) > 1 else None),
                           ("VL", f.get("volume")), ("IS", f.get("number")), ("SP", pages[0] if pages else None),
                           ("EP", pages[1] if len(pages) > 1 else None), ("ET", f.get("edition")),
                           ("PB", f.get("publisher") or f.get("institution") or f.get("school")),
                           ("CY", f.get("address")), ("SN", f.get("isbn") or f.get("issn")), ("DO", f.get("doi")),
                           ("UR", f.get("url")), ("AN", f"arXiv:{arxiv}" if arxiv else None),
                           ("Y2", "/".join(f"{p:02d}" for p in accessed) if accessed else None)):
            if value:
                lines.append(f"{tag}  - {' '.join(str(value).split())}")
        lines.extend(f"N1  - {' '.join(n.split())}" for n in notes if n)
        abstract = item.fields.get("abstract") or (item.enrichment.abstract if item.enrichment else None)
        if abstract:
            lines.append(f"AB  - {' '.join(abstract.split())}")
        lines.extend(f"KW  - {k.strip()}" for k in (item.fields.get("keywords") or "").split(",") if k.strip())
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)
