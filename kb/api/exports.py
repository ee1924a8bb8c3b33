"""What to export for a book, a part, a chapter or every heading at a level, and the files' text.

The text is made by kb.export (BibTeX, CSL-JSON, RIS); `kb export` and the dashboard's
download buttons both call `export_files`, so they hand out the same bytes.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kb.api.books import find_book, heading_tree, resolve_chapter
from kb.api.handle import KnowledgeBase, Record, decode_json
from kb.errors import KbError, UsageError, explain

KINDS = {"bibtex": ".bib", "csljson": ".json", "ris": ".ris"}
KEY_STYLES = ("original", "canonical")


@dataclass
class Selection:
    label: str  # what was selected, for file names and messages
    items: list  # kb.export.Item
    missing: list[str]  # keys cited there with no entry
    book: str = ""
    sources: tuple[str, ...] = ()  # the source files holding the selected headings


@dataclass(frozen=True)
class ExportFile:
    name: str  # file name (the selection's label and the kind's suffix)
    text: str
    entries: int
    missing: tuple[str, ...]
    unencodable: str = ""  # characters LaTeX has no macro for, left as UTF-8
    book: str = ""  # the book's name
    sources: tuple[str, ...] = ()  # the source files whose text the file covers (relative to the book)


def select_items(kb: KnowledgeBase, book: str | None, heading: int | str | None = None, keys: str = "original",
                 level: int = 1, only_works: frozenset[int] | None = None) -> list[Selection]:
    """What to export: the whole book (heading None), one heading's subtree (its database id), or
    one selection per unit at `level` ("*"; see `_units`), each as the keys cited there with their entries;
    with `only_works`, only the citations of those works (a reading list of chosen works)."""
    from kb.export import Item

    if keys not in KEY_STYLES:
        raise UsageError(f"--keys takes one of {', '.join(KEY_STYLES)}")
    b = find_book(kb, book)
    tree = heading_tree(kb, b.id)
    cites = kb.rows("SELECT key, entry_key, status, work_id, heading_id FROM citation WHERE book_id = :b "
                    "ORDER BY file, line, \"column\"", b=b.id)
    entries: dict[str, Record] = {}
    by_work: dict[int, list[Record]] = defaultdict(list)
    for e in kb.rows("SELECT key, entry_type, fields, raw_fields, authors, work_id FROM bibentry WHERE book_id = :b "
                     "ORDER BY file, line", b=b.id):
        if e.key not in entries:
            e["fields"], e["raw_fields"] = decode_json(e.fields) or {}, decode_json(e.raw_fields) or {}
            entries[e.key] = e
            by_work[e.work_id].append(e)
    works = {w.id: w for w in kb.rows(
        "SELECT id, title, year, authors, doi, arxiv_id, url FROM work WHERE id IN "
        "(SELECT work_id FROM workkey WHERE book_id = :b)", b=b.id)}
    for w in works.values():
        w["authors"] = decode_json(w.authors) or []
    enrichments = {x.work_id: x for x in kb.rows(
        "SELECT work_id, publication_year, doi, venue_name, venue_type, abstract FROM workenrichment "
        "WHERE work_id IN (SELECT work_id FROM workkey WHERE book_id = :b)", b=b.id)}
    canonical = _canonical_keys(cites)
    if heading is None:
        groups: list[tuple[str, set | None]] = [(b.name, None)]
    elif heading == "*":
        groups = _units(tree, level, b.name, {c.heading_id for c in cites})
    else:
        if tree.get(heading) is None:
            raise KbError(f"heading {heading} is not part of the book `{b.name}`")
        groups = [(_file_label(tree, tree.get(heading)), tree.subtree(heading))]
    selections = []
    for label, inside in groups:
        chosen = [c for c in cites if (inside is None or c.heading_id in inside)
                  and (only_works is None or c.work_id in only_works)]
        spelled: dict[int, set[str]] = defaultdict(set)  # the keys the selection's text uses for each work
        for c in chosen:
            if c.work_id is not None and c.entry_key:
                spelled[c.work_id].add(c.key if c.status == "case" else c.entry_key)
        items, missing, seen = [], [], set()
        for c in chosen:
            if c.work_id is None or c.entry_key not in entries:
                if c.key not in missing:
                    missing.append(c.key)
                continue
            if keys == "canonical":
                key = canonical[c.work_id]
            else:  # the spelling the text uses (a case-only mismatch keeps the text's spelling)
                key = c.key if c.status == "case" else c.entry_key
            if key.lower() in seen:  # BibTeX compares keys without case
                continue
            seen.add(key.lower())
            e = entries[c.entry_key]
            aliases = sorted(spelled[c.work_id] - {key}, key=str.lower) if keys == "canonical" else []
            items.append(Item(key, e.entry_type, dict(e.fields), list(decode_json(e.authors) or []),
                              works[c.work_id], enrichments.get(c.work_id), dict(e.raw_fields),
                              [(s.fields, s.raw_fields) for s in by_work[c.work_id] if s is not e], aliases))
        files = {h["file"] for h in tree if inside is None or h["id"] in inside} - {None}
        selections.append(Selection(label, sorted(items, key=lambda i: i.key.lower()), missing, b.name,
                                    tuple(sorted(files))))
    return selections


def key_map(kb: KnowledgeBase, book: str | None) -> list[dict]:
    """Every key the book's text uses for a work, with the one `--keys canonical` writes for it."""
    b = find_book(kb, book)
    cites = kb.rows("SELECT key, entry_key, status, work_id FROM citation WHERE book_id = :b AND work_id IS NOT NULL "
                    "ORDER BY file, line, \"column\"", b=b.id)
    canonical = _canonical_keys(cites)
    pairs = {(c.key, canonical[c.work_id]) for c in cites if c.entry_key}
    return [{"key": k, "canonical": v} for k, v in sorted(pairs, key=lambda p: p[0].lower())]


def _canonical_keys(cites: list[Record]) -> dict[int, str]:
    """One key per work: the one the book uses most (ties: alphabetical)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in cites:
        if c.work_id is not None and c.entry_key:
            counts[c.work_id][c.entry_key] += 1
    return {w: sorted(keys.items(), key=lambda kv: (-kv[1], kv[0].lower()))[0][0] for w, keys in counts.items()}


def _units(tree, level: int, book_name: str, cited_headings: set) -> list[tuple[str, set]]:
    """One file per heading at depth `level` (its whole subtree, even when it cites nothing), and one per
    shallower heading whose own text cites something (a chapter's introduction before its first section,
    a chapter without sections); text before the first heading gets a file of its own. So every citation
    lands in exactly one file."""
    depths = sorted({h["depth"] for h in tree})
    if level not in depths:
        raise UsageError(f"--level {level}: the book `{book_name}` has headings at levels "
                         f"{', '.join(map(str, depths))} (0 parts, 1 chapters, 2 sections)")
    units = []
    for h in tree:
        if h["depth"] == level:
            units.append((_file_label(tree, h), tree.subtree(h["id"])))
        elif h["depth"] < level and h["id"] in cited_headings:
            units.append((_file_label(tree, h), {h["id"]}))
    if None in cited_headings:
        units.insert(0, ("before-first-heading", {None}))
    names: dict[str, int] = defaultdict(int)
    for label, _ in units:
        names[label] += 1
    return [(label if names[label] == 1 else f"{label}-{i}", inside) for i, (label, inside) in enumerate(units)]


def _file_label(tree, h: dict) -> str:
    """A stable, sortable file name for a heading: its number (zero-padded, `02.01`) and identifier, or, when
    unnumbered, its source file's stem (with the identifier when that file has other headings at its depth)."""
    ident = tree.public_id(h["id"])
    if h.get("number"):
        number = ".".join(p.zfill(2) if p.isdigit() else p for p in h["number"].split("."))
        return _safe(f"{number}-{ident}")
    stem = Path(h.get("file") or "").stem
    alone = sum(1 for o in tree if o["depth"] == h["depth"] and o.get("file") == h.get("file")) == 1
    return _safe(stem if stem and alone else "-".join(filter(None, [stem, ident])))


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name).strip("-.") or "untitled"


def render(kind: str, items: list, encoding: str = "latex") -> str:
    from kb.export import ENCODINGS, to_bibtex, to_csljson, to_ris

    if kind == "bibtex":
        if encoding not in ENCODINGS:
            raise UsageError(f"--encoding takes one of {', '.join(ENCODINGS)}")
        return to_bibtex(items, encoding)
    if kind == "csljson":
        return json.dumps(to_csljson(items), ensure_ascii=False, indent=2) + "\n"
    if kind == "ris":
        return to_ris(items)
    raise UsageError(f"unknown export format `{kind}`; use {', '.join(KINDS)}")


def export_files(kb: KnowledgeBase, kind: str, *, book: str | None = None, chapter: str | None = None,
                 part: str | None = None, every: bool = False, level: int = 1,
                 keys: str = "original", encoding: str = "latex", works=None) -> list[ExportFile]:
    """The files `kb export KIND` writes: one for the book, a chapter or a part, or one per unit at
    `level` with `every` (every citation in exactly one file). `encoding` is BibTeX's: `latex` (every
    non-ASCII character as a macro, for bibtex) or `utf8` (for biber). `works` (ids) keeps only those
    works, under the keys the book cites them by: the dashboard's reading list of a selection."""
    if kind not in KINDS:
        raise UsageError(f"unknown export format `{kind}`; use {', '.join(KINDS)}")
    if sum(bool(x) for x in (chapter, part, every)) > 1:
        raise UsageError("choose one of --chapter, --part and --all")
    if level < 0:
        raise UsageError("--level must be 0 (parts), 1 (chapters), 2 (sections) or deeper")
    if chapter or part:
        heading_ref = resolve_chapter(kb, chapter or part, book)
        book, heading = heading_ref.book, heading_ref.id
    else:
        heading = "*" if every else None
    from kb.export import unencodable

    files = []
    for sel in select_items(kb, book, heading, keys, level, None if works is None else frozenset(works)):
        text = render(kind, sel.items, encoding)
        odd = unencodable(text) if kind == "bibtex" and encoding == "latex" else ""
        files.append(ExportFile(sel.label + KINDS[kind], text, len(sel.items), tuple(sel.missing), odd, sel.book, sel.sources))
    return files


def write_files(files: list[ExportFile], *, out: Path | None = None, out_dir: Path | None = None) -> list[Path]:
    """Write export files to `out` (one file) or into `out_dir`; a file-system problem is a KbError."""
    written: list[Path] = []
    target = Path(out_dir or out or ".")
    try:
        if out_dir is not None:
            if target.exists() and not target.is_dir():
                raise KbError(f"--out-dir {target} is a file; give a folder")
            target.mkdir(parents=True, exist_ok=True)
            for f in files:
                target = Path(out_dir) / f.name
                target.write_text(f.text, encoding="utf-8")
                written.append(target)
        elif out is not None:
            target.write_text("".join(f.text for f in files), encoding="utf-8")
            written.append(target)
    except OSError as exc:
        raise explain(exc, path=str(target)) from None
    return written


def write_key_map(rows: list[dict], path: Path) -> int:
    """Write `key_map` rows as CSV (TSV when the name ends in .tsv); returns how many."""
    import csv

    try:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, ["key", "canonical"], delimiter="\t" if str(path).endswith(".tsv") else ",")
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise explain(exc, path=str(path)) from None
    return len(rows)


def reading_list(kb: KnowledgeBase, kind: str, book: str | None = None, chapter: str | None = None,
                 limit: int = 0, encoding: str = "latex") -> str:
    """The newer works `kb new` found (for one chapter, or the whole book; the best `limit` per chapter, 0: all)
    as an export file: a reading list for the next edition. Keys are made from the first author's family
    name, the year and the title's first word (`smith2023vision`), unique within the list."""
    from kb.api.since import newer_works
    from kb.export import Item
    from kb.ids import fold

    chosen: dict[int, dict] = {}
    for c in newer_works(kb, book, chapter, limit, related=0)["chapters"]:
        for w in c["newer"]:
            chosen.setdefault(w["id"], w)
    works = {w.id: w for w in kb.rows_in("SELECT id, title, year, authors, doi, arxiv_id, url, entry_type FROM work "
                                         "WHERE id IN {ids}", sorted(chosen))}
    enrichments = {x.work_id: x for x in kb.rows_in(
        "SELECT work_id, publication_year, doi, venue_name, venue_type, abstract FROM workenrichment "
        "WHERE work_id IN {ids}", sorted(chosen))}
    items, used = [], set()
    for work_id in sorted(chosen, key=lambda i: (chosen[i]["year"] or 0, i)):
        w = works[work_id]
        w["authors"] = decode_json(w.authors) or []
        family = re.sub(r"[^a-z]", "", fold(w["authors"][0]["family"])) if w["authors"] else "anon"
        word = next((re.sub(r"[^a-z0-9]", "", fold(t)) for t in (w.title or "").split() if len(t) > 3), "")
        key = base = f"{family or 'anon'}{w.year or ''}{word}"
        n = 0
        while key in used:
            n += 1
            key = f"{base}{chr(ord('a') + n - 1)}" if n <= 26 else f"{base}{n}"
        used.add(key)
        items.append(Item(key, w.entry_type or "misc", {}, w["authors"], w, enrichments.get(work_id)))
    return render(kind, items, encoding)
