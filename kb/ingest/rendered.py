"""Read a rendered manuscript: a book turned into Markdown or text, with author-year citations.

No .bib file and no keys: the chapter tree comes from rendered headings (`# 2` then
`## Chapter 1`, `## 2.1 Title`, a number alone on a line), the bibliography from the
Bibliography/References section (bookdown/apalike, APA and Harvard renderings), and each
in-text citation (`Mikolov et al. (2013)`, `(He et al., 2015; Tan and Le, 2019)`,
`[Harnad, 1990](#)`) is linked to its entry by surname(s) and year. Entries get generated
keys (first author + year + first title word) and become BibRecords like any other.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kb import ids
from kb.errors import ERROR, WARNING, Problem
from kb.ingest.markdown import ROLE_LINE, LineIndex, Sentences, mask_non_prose, split_names
from kb.ingest.records import CHAPTER, SECTION, BibRecord, CitationOccurrence, Heading, Person

RENDERED = "rendered"
BIBLIOGRAPHY_TITLES = ("bibliography", "references", "literature", "works cited", "literatur", "literaturverzeichnis")
CONTENTS_TITLES = ("contents", "table of contents", "inhaltsverzeichnis", "inhalt")
_TITLE_STOPWORDS = frozenset("a an the on of in for to and with from at by is are".split())

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_NUMBER_ONLY = re.compile(r"^\s*(\d{1,3})\s*$")
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\s+(\S.*)$")
_PLAIN_SECTION = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\s+(\S.{0,100})$")
_EMPHASIS_ONLY = re.compile(r"^\s*(?:\*{1,3}|_{1,3})([^*_].*?)(?:\*{1,3}|_{1,3})\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.|\[\d+\])\s+")

# --- names and years in running text -------------------------------------------------
_WORD = r"(?![a-zà-öø-ÿ])[^\W\d_][\w'’\-]*"  # a capitalised word: "van" is a particle, "and" no name
_PARTICLE = r"(?:(?:van|von|der|den|de|da|di|du|la|le|del|della|dos|ten|ter|zu)\s+)"
_GAP = r"(?:[ \t]|\n(?![ \t]*\n))+"  # whitespace within one paragraph
_NAME = rf"{_PARTICLE}*{_WORD}(?:{_GAP}{_WORD}){{0,2}}"
_YEAR = r"(?:1[5-9]|20)\d\d[a-z]?"
_YEARS = rf"{_YEAR}(?:\s*,\s*{_YEAR})*"
_AUTHORS = (
    rf"(?P<first>{_NAME})(?:(?P<etal>{_GAP}et{_GAP}al\.?)"
    rf"|\s*,?{_GAP}(?:and|&){_GAP}(?P<second>{_NAME})"
    rf"|(?:\s*,\s*{_NAME}){{1,6}}\s*,?{_GAP}(?:and|&){_GAP}(?P<last>{_NAME}))?"  # bounded: no runaway backtracking
)
_NARRATIVE = re.compile(rf"{_AUTHORS}\s*\(\s*(?P<years>{_YEARS})\s*\)")
_ITEM = re.compile(rf"{_AUTHORS}\s*,?\s*(?P<years>{_YEARS})(?:\s*,\s*(?:pp?\.|chap\.|sec\.)\s*[\w\-–]+)?\s*$")
_BARE = re.compile(rf"{_AUTHORS}\s*,\s*(?P<years>{_YEARS})\b")
_PARENS = re.compile(r"\(([^()\n]*\d{4}[^()\n]*)\)")
_LINK = re.compile(r"\[((?:[^\[\]\n]|\\\[|\\\])*)\]\(#[^)\s]*\)")

# --- bibliography entries --------------------------------------------------------------
_ENTRY = re.compile(rf"^(?P<authors>.+?)\s*\(\s*(?P<year>{_YEAR}|n\.\s?d\.)\s*\)\s*\.?\s*(?P<rest>.*)$")
_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.\s*-?\s*)+$|^[A-Z]{1,3}$")
_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s>\]]+)", re.IGNORECASE)
_URL_IN_ENTRY = re.compile(r"<?(https?://[^\s>)]+)>?")


@dataclass
class _Entry:
    record: BibRecord
    surnames: tuple[str, ...]  # folded family names, in order ("others" for et al.)
    year_label: str  # "2020" or "2020a"


@dataclass
class RenderedBook:
    title: str | None
    headings: list[Heading] = field(default_factory=list)
    citations: list[CitationOccurrence] = field(default_factory=list)
    entries: list[BibRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    has_bibliography: bool = False
    prose: str = ""  # the text with headings, contents, bibliography and non-prose blanked


def _clean_title(text: str) -> str:
    text = re.sub(r"</?b>|</?i>|</?em>|</?strong>", "", text)
    text = re.sub(r"\{[^{}]*\}\s*$", "", text)
    return text.strip().strip("*_").strip()


def looks_rendered(text: str) -> bool:
    """A bibliography heading and no `bibliography:` metadata: a rendered manuscript."""
    for line in text.split("\n"):
        m = _MD_HEADING.match(line)
        title = _clean_title(m.group(2)) if m else line.strip()
        if title.lower().rstrip(":") in BIBLIOGRAPHY_TITLES and (m or line.strip() == title):
            return True
    return False


# ---------------------------------------------------------------------------------------
# bibliography
# ---------------------------------------------------------------------------------------

def parse_authors(text: str) -> tuple[Person, ...]:
    """`Baevski, A., Hsu, W.-N., and Auli, M.` / `R Core Team` / `Vaswani A, Shazeer N` -> people."""
    text = text.strip().rstrip(",").strip()
    etal = bool(re.search(r",?\s*et\s+al\.?$", text))
    text = re.sub(r",?\s*et\s+al\.?$", "", text)
    tokens = [t.strip() for t in re.split(r",\s*(?:and|&)\s+|\s+(?:and|&)\s+|,\s*", text) if t.strip()]
    people: list[Person] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 1 < len(tokens) and _INITIALS.match(tokens[i + 1]) and not _INITIALS.match(token):
            people.append(Person(family=token, given=tokens[i + 1]))
            i += 2
            continue
        inverted = re.fullmatch(r"(.+?)\s+([A-Z]{1,3})", token)  # Vancouver: "Vaswani A"
        if inverted and " " not in inverted.group(1):
            people.append(Person(family=inverted.group(1), given=inverted.group(2)))
        else:
            people.append(Person(family=token))
        i += 1
    if etal:
        people.append(Person(family="others"))
    return tuple(people)


def _split_title(rest: str) -> tuple[str, str]:
    """(title, what follows) for the part of an entry after `(Year).`"""
    if rest.startswith("*"):
        m = re.match(r"\*+([^*]+)\*+\.?\s*(.*)$", rest)
        if m:
            return m.group(1).strip().rstrip("."), m.group(2).strip()
    # with italics the container is marked; in plain text the title is the first sentence
    m = re.search(r"[.?!]\s+(?=\*|In\s|\(|[A-Z])" if "*" in rest else r"[.?!]\s+(?=\S)", rest)
    if m:
        return rest[: m.start() + (0 if rest[m.start()] == "." else 1)].strip(), rest[m.end():].strip()
    return rest.strip().rstrip("."), ""


def _container_fields(after: str) -> tuple[str, dict[str, str]]:
    """Entry type and fields from what follows the title (container, volume, pages, publisher)."""
    fields: dict[str, str] = {}
    italic = re.search(r"\*+([^*]+?)\*+", after)
    pages = re.search(r"\bpages?\s+(\d+\s*[–\-]+\s*\d+)", after)
    if pages:
        fields["pages"] = pages.group(1)
    if re.match(r"In\s", after):
        if italic:
            fields["booktitle"] = italic.group(1).strip().rstrip(",")
        tail = after[italic.end():] if italic else after
        publisher = [p.strip(" .,") for p in re.split(r"\.\s+", tail) if p.strip(" .,")]
        if publisher and not re.match(r"^(?:pages|volume)\b", publisher[-1]):
            fields["publisher"] = publisher[-1]
        return ("incollection" if "editor" in after[:200] else "inproceedings"), fields
    if italic:
        fields["journal"] = italic.group(1).strip().rstrip(",")
        tail = after[italic.end():]
        vol = re.match(r"\s*,\s*(?:\*?(\d+)\*?)(?:\((\w[\w\-–]*)\))?(?::\s*(\d+\s*[–\-]*\s*\d*))?", tail)
        if vol:
            fields["volume"] = vol.group(1)
            if vol.group(2):
                fields["number"] = vol.group(2)
            if vol.group(3):
                fields["pages"] = vol.group(3)
        corr = re.match(r"\s*,\s*(abs/\S+?)\.?$", tail)
        if corr:
            fields["volume"] = corr.group(1)
        if ids.arxiv_from_fields({"journal": fields["journal"], "volume": fields.get("volume", "")}):
            return "article" if fields.get("volume") and not fields["volume"].startswith("abs/") else "misc", fields
        return "article", fields
    plain = after.strip(" .")
    journal = re.match(r"^(?P<journal>[^,]+?),\s*(?P<volume>\d+)(?:\((?P<number>\w[\w\-–]*)\))?"
                       r"(?::\s*(?P<pages>\d+\s*[–\-]*\s*\d*))?", plain)
    if journal:  # plain text: "Physica D, 42(1-3):335–346"
        fields.update({k: v for k, v in journal.groupdict().items() if v})
        return "article", fields
    if re.search(r"\barxiv\b|\bcorr\b", plain, re.IGNORECASE):
        fields["journal"] = plain
    elif plain:
        fields["publisher"] = plain
    return "misc", fields


def generate_key(people: tuple[Person, ...], year: str, title: str) -> str:
    """First author + year + first title word: `mikolov2013efficient`, `rcoreteam2018r`."""
    surname = ids.normalize_name(people[0].family) if people else "anon"
    words = [w for w in ids.normalize_title(title).split() if w not in _TITLE_STOPWORDS]
    return f"{surname or 'anon'}{year}{words[0] if words else ''}"


def parse_entry(text: str, file: str, line: int) -> tuple[_Entry | None, Problem | None]:
    """One rendered bibliography entry, or None with a warning when it cannot be parsed."""
    text = " ".join(text.split())
    m = _ENTRY.match(text)
    if not m:
        return None, Problem(WARNING, "unparsed-entry", f"bibliography entry not understood (no `Authors (Year).` "
                             f"at its start), kept as raw text: {text[:80]}", file, line)
    people = parse_authors(m.group("authors"))
    year_label = m.group("year") if m.group("year")[0].isdigit() else ""
    year = year_label[:4]
    title, after = _split_title(m.group("rest"))
    entry_type, fields = _container_fields(after)
    if not people or not title:
        return None, Problem(WARNING, "unparsed-entry", f"bibliography entry lacks authors or a title, kept as raw "
                             f"text: {text[:80]}", file, line)
    fields.update({"author": " and ".join(p.display for p in people), "title": title})
    if year:
        fields["year"] = year
    if year_label != year:
        fields["yearlabel"] = year_label
    doi = _DOI.search(text)
    if doi:
        value = doi.group(1).rstrip(".,;")
        while value.endswith(")") and value.count("(") < value.count(")"):
            value = value[:-1].rstrip(".,;")
        fields["doi"] = value
    url = _URL_IN_ENTRY.search(text)
    if url and not doi:
        fields["url"] = url.group(1).rstrip(".")
    arxiv_id = ids.arxiv_from_fields(fields) or ids.arxiv_from_fields({"note": text})
    if arxiv_id:
        fields["eprint"], fields["archiveprefix"] = arxiv_id, "arXiv"
    record = BibRecord(key=generate_key(people, year or "nd", title), entry_type=entry_type, fields=fields,
                       raw_fields={"rendered": text}, authors=people, file=file, line=line)
    surnames = tuple(ids.normalize_name(p.family) or ids.fold(p.family) for p in people)
    return _Entry(record, surnames, year_label), None


def _raw_entry(text: str, file: str, line: int) -> _Entry:
    """An entry that could not be parsed, kept with its text so nothing is lost."""
    text = " ".join(text.split())
    year = ids.parse_year(text)
    words = ids.normalize_title(text).split()
    key = f"{words[0] if words else 'entry'}{year or ''}raw{line}"
    record = BibRecord(key=key, entry_type="misc", fields={"title": text, **({"year": str(year)} if year else {})},
                       raw_fields={"rendered": text}, authors=(), file=file, line=line)
    return _Entry(record, (), str(year or ""))


def entry_from_text(text: str, key: str, file: str, line: int) -> BibRecord:
    """A typeset reference (a LaTeX `\\bibitem`'s text) as an entry under `key`: parsed when it reads as
    `Authors (Year). Title. ...`, else kept whole as its title, so its citations still resolve."""
    entry, _ = parse_entry(text, file, line)
    record = (entry or _raw_entry(text, file, line)).record
    return BibRecord(key=key, entry_type=record.entry_type, fields=record.fields, raw_fields=record.raw_fields,
                     authors=record.authors, file=file, line=line)


def _bibliography_items(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    """(line number, text) of each entry: list items, or paragraphs when there are none."""
    body = [(n, lines[n - 1]) for n in range(start, end + 1)]
    listed = any(_LIST_ITEM.match(text) for _, text in body)
    items: list[tuple[int, str]] = []
    for number, text in body:
        if not text.strip() or _RULE.match(text):
            if not listed and items and items[-1][1]:
                items.append((0, ""))  # paragraph break
            continue
        if (listed and _LIST_ITEM.match(text)) or (not listed and (not items or items[-1][1] == "")):
            if items and items[-1][1] == "":
                items.pop()
            items.append((number, _LIST_ITEM.sub("", text, count=1) if listed else text.strip()))
        elif items:
            items[-1] = (items[-1][0], f"{items[-1][1]} {text.strip()}")
    return [(n, t) for n, t in items if t]


def _unique_keys(entries: list[_Entry]) -> list[_Entry]:
    seen: dict[str, int] = defaultdict(int)
    result = []
    for entry in entries:
        key = entry.record.key
        seen[key] += 1
        if seen[key] > 1:
            key = f"{key}{chr(ord('a') + seen[key] - 1)}"
            rec = entry.record
            entry = _Entry(BibRecord(key, rec.entry_type, rec.fields, rec.raw_fields, rec.authors, rec.file, rec.line),
                           entry.surnames, entry.year_label)
        result.append(entry)
    return result


# ---------------------------------------------------------------------------------------
# citations
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Cited:
    surnames: tuple[str, ...]  # first (and second) author as written, folded
    etal: bool
    count: int  # authors named: 1, 2, or 3+ (et al. / lists)
    year_label: str


def _name_candidates(name: str) -> list[str]:
    """`Transformers Vaswani` -> ["transformers vaswani", "vaswani"]: the longest known suffix wins."""
    words = name.split()
    return [ids.fold(" ".join(words[i:])) for i in range(len(words))]


class _Linker:
    """Links cited (surname(s), year) to bibliography entries, never guessing."""

    def __init__(self, entries: list[_Entry]):
        self.by_surname: dict[str, list[_Entry]] = defaultdict(list)
        for entry in entries:
            if entry.surnames:
                self.by_surname[entry.surnames[0]].append(entry)
                folded = ids.fold(entry.record.authors[0].family)
                if folded != entry.surnames[0]:
                    self.by_surname[folded].append(entry)

    def known_surname(self, name: str) -> tuple[str, int] | None:
        """The folded surname a written name ends with, and how many leading words to drop."""
        for dropped, candidate in enumerate(_name_candidates(name)):
            key = candidate if candidate in self.by_surname else ids.normalize_name(candidate)
            if key in self.by_surname:
                return key, dropped
        return None

    def link(self, cited: _Cited) -> tuple[list[_Entry], str]:
        """(candidates, how): one candidate is a link; several are ambiguous; none unmatched."""
        pool = self.by_surname.get(cited.surnames[0], [])
        year = cited.year_label
        exact = [e for e in pool if e.year_label == year]
        if not exact and len(year) == 4:
            exact = [e for e in pool if e.year_label[:4] == year]
        elif not exact:
            exact = [e for e in pool if e.year_label == year[:4]]
        if len(exact) <= 1:
            return exact, "surname and year"
        narrowed = exact
        if cited.count == 2 and len(cited.surnames) > 1:
            narrowed = [e for e in exact if len(e.surnames) == 2 and e.surnames[1] == cited.surnames[1]]
        elif cited.count == 1:
            narrowed = [e for e in exact if len(e.surnames) == 1]
        elif cited.etal:
            narrowed = [e for e in exact if len(e.surnames) >= 3]
        return (narrowed, "surnames, year and author count") if len(narrowed) == 1 else (exact, "ambiguous")


def _unescape_links(text: str) -> str:
    """`[Mikolov et al. \\(2013\\)](#)` -> ` Mikolov et al.  (2013)    `, keeping every offset."""
    def plain(m: re.Match) -> str:
        inner = m.group(1).replace("\\(", " (").replace("\\)", ") ").replace("\\[", " [").replace("\\]", "] ")
        return " " + inner + " " * (len(m.group(0)) - len(inner) - 1)
    return _LINK.sub(plain, text)


# ---------------------------------------------------------------------------------------
# the whole manuscript
# ---------------------------------------------------------------------------------------

def read_rendered(text: str, file: str) -> RenderedBook:
    """Headings, bibliography and linked citations of one rendered manuscript."""
    prepared = _unescape_links(text)
    masked, problems = mask_non_prose(prepared, 0, file)
    lines = masked.split("\n")
    book = RenderedBook(title=None, problems=list(problems))
    structure = _read_structure(lines, file, book)
    prose_lines, bib_range = structure
    if bib_range is None:
        book.problems.append(Problem(ERROR, "no-bibliography-section", "no Bibliography/References section was found, so "
                                     "no citation can be linked; add one or pass --bib FILE", file, None))
        entries: list[_Entry] = []
    else:
        book.has_bibliography = True
        entries = []
        for number, item in _bibliography_items(text.split("\n"), *bib_range):
            entry, problem = parse_entry(item, file, number)
            if problem:
                book.problems.append(problem)
                entry = _raw_entry(item, file, number)
            entries.append(entry)
        entries = _unique_keys(entries)
    book.entries = [e.record for e in entries]
    book.prose = "\n".join(line if n in prose_lines else "" for n, line in enumerate(lines, start=1))
    _link_citations(masked, prose_lines, file, entries, book, Sentences(prepared.split("\n"), lines))
    return book


def _read_structure(lines: list[str], file: str, book: RenderedBook) -> tuple[set[int], tuple[int, int] | None]:
    """Fill `book.headings`; returns the prose line numbers and the bibliography's line range."""
    headings: list[Heading] = []
    stack: list[Heading] = []
    prose: set[int] = set()
    skipping = False  # inside the table of contents
    bib_range: tuple[int, int] | None = None
    bib_level = 0
    pending_chapter: tuple[int, int] | None = None  # (number, line) of `# 2` awaiting its title
    last_chapter = 0
    seen_prose = False

    def add(depth: int, kind: str, title: str, line: int, number: str | None) -> None:
        while stack and stack[-1].depth >= depth:
            stack.pop()
        heading = Heading(order=len(headings), depth=depth, level=depth, kind=kind, title=title,
                          anchor=None, numbered=number is not None, file=file, line=line,
                          parent=stack[-1].order if stack else None, number=number)
        headings.append(heading)
        stack.append(heading)

    def next_content(after: int) -> int | None:
        for n in range(after + 1, min(after + 12, len(lines)) + 1):
            if lines[n - 1].strip() and not _RULE.match(lines[n - 1]):
                return n
        return None

    n = 0
    while n < len(lines):
        n += 1
        raw = lines[n - 1]
        md = _MD_HEADING.match(raw)
        number_alone = _NUMBER_ONLY.match(raw)
        if number_alone and not md:
            following = next_content(n)
            prev_blank = n == 1 or not lines[n - 2].strip() or _RULE.match(lines[n - 2])
            if (prev_blank and following and int(number_alone.group(1)) == last_chapter + 1
                    and (_EMPHASIS_ONLY.match(lines[following - 1]) or _MD_HEADING.match(lines[following - 1]))):
                md = re.match(r"(#)(.*)", f"#{number_alone.group(1)}")  # treat as `# N`
        if not md and bib_range is None and _clean_title(raw).lower().rstrip(":") in BIBLIOGRAPHY_TITLES \
                and (n == 1 or not lines[n - 2].strip()):
            md = re.match(r"(#)(.*)", f"#{_clean_title(raw)}")  # a plain-text "References" line
        plain = _PLAIN_SECTION.match(raw.strip()) if not md else None
        if plain and stack and not skipping and bib_range is None:
            chapter = next((h for h in reversed(stack) if h.depth == 1), None)
            lone = (n == 1 or not lines[n - 2].strip()) and (n == len(lines) or not lines[n].strip())
            if lone and chapter and chapter.number and plain.group(1).split(".")[0] == chapter.number:
                add(plain.group(1).count(".") + 1, SECTION, plain.group(2).strip(), n, plain.group(1))
                continue
        if not md:
            if pending_chapter:
                title_line = _EMPHASIS_ONLY.match(raw)
                if title_line and raw.strip():
                    add(1, CHAPTER, _clean_title(title_line.group(1)), pending_chapter[1], str(pending_chapter[0]))
                    pending_chapter = None
                    continue
                if raw.strip() and not _RULE.match(raw) and not ROLE_LINE.match(raw):
                    add(1, CHAPTER, f"Chapter {pending_chapter[0]}", pending_chapter[1], str(pending_chapter[0]))
                    pending_chapter = None
            role = ROLE_LINE.match(raw)
            if role and headings:
                _set_role(headings, stack, role)
                continue
            if bib_range is None and not skipping and raw.strip():
                prose.add(n)
                if not _RULE.match(raw):
                    seen_prose = True
            continue

        title = _clean_title(md.group(2))
        lowered = title.lower().rstrip(":")
        if bib_range is not None:
            if len(md.group(1)) <= bib_level and bib_range[1] == len(lines):
                bib_range = (bib_range[0], n - 1)
            continue
        skipping = False
        if lowered in CONTENTS_TITLES:
            skipping = True
            continue
        if lowered in BIBLIOGRAPHY_TITLES:
            if pending_chapter:
                add(1, CHAPTER, f"Chapter {pending_chapter[0]}", pending_chapter[1], str(pending_chapter[0]))
                pending_chapter = None
            bib_range, bib_level = (n + 1, len(lines)), len(md.group(1))
            continue
        if not headings and not seen_prose and book.title is None and len(md.group(1)) == 1 \
                and not _NUMBERED.match(title) and not _NUMBER_ONLY.match(title):
            book.title = title  # the title page
            continue
        if _NUMBER_ONLY.match(title):
            if pending_chapter:
                add(1, CHAPTER, f"Chapter {pending_chapter[0]}", pending_chapter[1], str(pending_chapter[0]))
            pending_chapter = (int(title), n)
            last_chapter = int(title)
            continue
        numbered = _NUMBERED.match(title)
        if pending_chapter and not (numbered and "." in numbered.group(1)):
            add(1, CHAPTER, title, pending_chapter[1], str(pending_chapter[0]))
            pending_chapter = None
            continue
        if pending_chapter:
            add(1, CHAPTER, f"Chapter {pending_chapter[0]}", pending_chapter[1], str(pending_chapter[0]))
            pending_chapter = None
        if numbered:
            label = numbered.group(1)
            if "." in label:
                add(label.count(".") + 1, SECTION, numbered.group(2).strip(), n, label)
            else:
                last_chapter = int(label)
                add(1, CHAPTER, numbered.group(2).strip(), n, label)
            continue
        depth = min(len(md.group(1)), (stack[-1].depth if stack else 0) + 1)
        add(depth, CHAPTER if depth == 1 else SECTION, title, n, None)
    if pending_chapter:
        add(1, CHAPTER, f"Chapter {pending_chapter[0]}", pending_chapter[1], str(pending_chapter[0]))
    book.headings = headings
    return prose, bib_range


def _set_role(headings: list[Heading], stack: list[Heading], role: re.Match) -> None:
    """Attach an `*Author(s): ...*` / `*Supervisor(s): ...*` line to the current heading."""
    current = stack[-1]
    names = split_names(role.group(2))
    which = "authors" if role.group(1).lower().startswith("author") else "supervisors"
    if getattr(current, which):
        return
    updated = Heading(**{**current.__dict__, which: names})
    headings[current.order] = updated
    stack[-1] = updated


def _link_citations(masked: str, prose_lines: set[int], file: str, entries: list[_Entry], book: RenderedBook,
                    sentences: Sentences) -> None:
    linker = _Linker(entries)
    index = LineIndex(masked)
    heading_lines = [h.line for h in book.headings]
    found: list[tuple[int, int, str, _Cited, bool]] = []  # (start, end, written, cited, narrative)
    covered: list[tuple[int, int]] = []

    def cited_from(m: re.Match, years: str, start: int) -> list[tuple[int, str, _Cited]] | None:
        first = m.group("first")
        known = linker.known_surname(first)
        words = first.split()
        if known:
            surname, dropped = known
            first_start = start + m.group(0).index(first) + len(" ".join(words[:dropped])) + (1 if dropped else 0)
        else:
            capital = [i for i, w in enumerate(words) if w[0].isupper()]
            if not capital:
                return None
            dropped = capital[-1] if len(words) - capital[-1] <= 1 else capital[0]
            surname = ids.fold(" ".join(words[dropped:]))
            first_start = start + m.group(0).index(first) + len(" ".join(words[:dropped])) + (1 if dropped else 0)
            if not words[dropped][0].isupper():
                return None
        second = m.group("second") or m.group("last")
        count = 3 if (m.group("etal") or m.group("last")) else (2 if m.group("second") else 1)
        surnames = (surname,) + ((ids.fold(second.split()[-1]),) if second and count == 2 else ())
        labels = [y.strip() for y in years.split(",")]
        return [(first_start, label, _Cited(surnames, bool(m.group("etal")), count, label)) for label in labels]

    def record(start: int, end: int, items, narrative: bool) -> None:
        if items is None:
            return
        if index.locate(items[0][0])[0] not in prose_lines if items else True:
            return
        for first_start, _label, cited in items:
            written = " ".join(masked[first_start:end].split())
            found.append((first_start, end, written, cited, narrative))
        covered.append((start, end))

    for group in _PARENS.finditer(masked):
        offset = group.start(1)
        for part in re.finditer(r"[^;]+", group.group(1)):
            m = _ITEM.search(part.group(0))
            if m:
                start = offset + part.start() + m.start()
                record(start, offset + part.start() + m.end(), cited_from(m, m.group("years"), start), False)
    for m in _NARRATIVE.finditer(masked):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in covered):
            continue
        record(m.start(), m.end(), cited_from(m, m.group("years"), m.start()), True)
    for m in _BARE.finditer(masked):
        if not (m.group("etal") or m.group("second") or m.group("last")):
            continue  # a lone `Name, 2020` outside parentheses is too weak to be a citation
        if any(s <= m.start() < e or s < m.end() <= e for s, e in covered):
            continue
        record(m.start(), m.end(), cited_from(m, m.group("years"), m.start()), False)

    reported: set[str] = set()
    for start, _end, written, cited, narrative in sorted(found, key=lambda f: f[0]):
        line, column = index.locate(start)
        candidates, how = linker.link(cited)
        written_key = _written_key(written, cited)
        heading = max((i for i, hl in enumerate(heading_lines) if hl <= line), default=None)
        entry_key = candidates[0].record.key if len(candidates) == 1 else ""
        if not entry_key and written_key not in reported:
            reported.add(written_key)
            if candidates:
                keys = ", ".join(c.record.key for c in candidates)
                book.problems.append(Problem(ERROR, "ambiguous-citation", f"`{written_key}` matches several "
                                             f"bibliography entries ({keys}); add a year suffix (2020a, 2020b) "
                                             "to the entries and citations", file, line, key=written_key))
            else:
                book.problems.append(Problem(ERROR, "unmatched-citation", f"`{written_key}` matches no "
                                             "bibliography entry; add the entry or correct the citation", file,
                                             line, key=written_key))
        book.citations.append(CitationOccurrence(key=written_key, file=file, line=line, column=column,
                                                 sentence=_tidy(sentences.around(line, column)), heading=heading,
                                                 narrative=narrative, entry_key=entry_key))


def _tidy(sentence: str) -> str:
    """Undo the padding left where link markup was blanked: `( Mikolov et al. (2013) )` -> `(Mikolov ...)`."""
    return re.sub(r"\s+([),;.:])", r"\1", re.sub(r"([(\[])\s+", r"\1", sentence))


def _written_key(written: str, cited: _Cited) -> str:
    """The citation as written, normalized to one form per work: `Lin et al., 2014`."""
    name = re.sub(r"\s*[,(]?\s*(?:1[5-9]|20)\d\d[a-z]?.*$", "", written).strip(" ,(")
    name = re.sub(r"\s+", " ", name)
    return f"{name}, {cited.year_label}"
