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
from kb.api.handle import KnowledgeBase, Record, decode_json, in_list
from kb.errors import KbError, UsageError, explain

KINDS = {"bibtex": ".bib", "csljson": ".json", "ris": ".ris"}
KEY_STYLES = ("original", "canonical")


@dataclass
class Selection:
    label: str  # what was selected, for file names and messages
    items: list  # kb.export.Item
    missing: list[str]  # keys cited there with no entry


@dataclass(frozen=True)
class ExportFile:
    name: str  # file name (the selection's label and the kind's suffix)
    text: str
    entries: int
    missing: tuple[str, ...]


def select_items(kb: KnowledgeBase, book: str | None, heading: int | str | None = None, keys: str = "original",
                 level: int = 1) -> list[Selection]:
    """What to export: the whole book (heading None), one heading's subtree (its database id), or
    every heading at `level` ("*"), each as the keys cited there with their entries."""
    from kb.export import Item

    if keys not in KEY_STYLES:
        raise UsageError(f"--keys takes one of {', '.join(KEY_STYLES)}")
    b = find_book(kb, book)
    tree = heading_tree(kb, b.id)
    cites = kb.rows("SELECT key, entry_key, status, work_id, heading_id FROM citation WHERE book_id = :b "
                    "ORDER BY file, line, \"column\"", b=b.id)
    entries: dict[str, Record] = {}
    for e in kb.rows("SELECT key, entry_type, fields, authors FROM bibentry WHERE book_id = :b ORDER BY file, line",
                     b=b.id):
        entries.setdefault(e.key, e)
    works = {w.id: w for w in kb.rows(
        "SELECT id, title, year, authors, venue, doi, arxiv_id, url FROM work WHERE id IN "
        "(SELECT work_id FROM workkey WHERE book_id = :b)", b=b.id)}
    for w in works.values():
        w["authors"] = decode_json(w.authors) or []
    where, params = in_list("w", sorted(works))
    enrichments = {x.work_id: x for x in kb.rows(
        f"SELECT work_id, publication_year, doi, venue_name, abstract FROM workenrichment WHERE work_id IN {where}",
        **params)} if works else {}
    canonical = _canonical_keys(cites)
    if heading is None:
        groups = [(b.name, None)]
    elif heading == "*":
        depths = sorted({h["depth"] for h in tree})
        if level not in depths:
            raise UsageError(f"--level {level}: the book `{b.name}` has headings at levels "
                             f"{', '.join(map(str, depths))} (0 parts, 1 chapters, 2 sections)")
        groups = [(_slug(h), h["id"]) for h in tree if h["depth"] == level]
    else:
        if tree.get(heading) is None:
            raise KbError(f"heading {heading} is not part of the book `{b.name}`")
        groups = [(_slug(tree.get(heading)), heading)]
    selections = []
    for label, root in groups:
        inside = tree.subtree(root) if root is not None else None
        chosen = [c for c in cites if inside is None or c.heading_id in inside]
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
            items.append(Item(key, e.entry_type, dict(decode_json(e.fields) or {}), list(decode_json(e.authors) or []),
                              works[c.work_id], enrichments.get(c.work_id)))
        if root is None or chosen:
            selections.append(Selection(label, sorted(items, key=lambda i: i.key.lower()), missing))
    return selections


def _canonical_keys(cites: list[Record]) -> dict[int, str]:
    """One key per work: the one the book uses most (ties: alphabetical)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in cites:
        if c.work_id is not None and c.entry_key:
            counts[c.work_id][c.entry_key] += 1
    return {w: sorted(keys.items(), key=lambda kv: (-kv[1], kv[0].lower()))[0][0] for w, keys in counts.items()}


def _slug(h: dict) -> str:
    words = re.findall(r"[a-z0-9]+", h["title"].lower())[:6]
    prefix = h["number"] or str(h["position"])
    return f"{prefix.replace('.', '-')}-{'-'.join(words) or 'untitled'}"


def render(kind: str, items: list) -> str:
    from kb.export import to_bibtex, to_csljson, to_ris

    if kind == "bibtex":
        return to_bibtex(items)
    if kind == "csljson":
        return json.dumps(to_csljson(items), ensure_ascii=False, indent=2) + "\n"
    if kind == "ris":
        return to_ris(items)
    raise UsageError(f"unknown export format `{kind}`; use {', '.join(KINDS)}")


def export_files(kb: KnowledgeBase, kind: str, *, book: str | None = None, chapter: str | None = None,
                 part: str | None = None, every: bool = False, level: int = 1,
                 keys: str = "original") -> list[ExportFile]:
    """The files `kb export KIND` writes: one for the book, a chapter or a part, or one per heading
    at `level` with `every`."""
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
    return [ExportFile(sel.label + KINDS[kind], render(kind, sel.items), len(sel.items), tuple(sel.missing))
            for sel in select_items(kb, book, heading, keys, level)]


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
