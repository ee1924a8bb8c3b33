"""The heading tree of a book, walked in one place.

Headings come from the database as rows with `id`, `parent_id`, `depth` and `position`
(and whatever else the caller selected). Depth 0 is a part, 1 a chapter (a `#` heading in
Markdown, `\\chapter` in LaTeX, or `\\section` in a class without chapters), 2 and below
sections, as the formats themselves number them.

A citation's *chapter* is the chapter (depth 1) it stands in; text in a part's own pages or
before the first heading has none. Grouped by sections (`level` 2), a citation counts for the
section (depth 2) it stands in, or for its chapter when it stands before the chapter's first
section: the nearest heading at depth `level` or above, but below the parts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator

CHAPTER = 1  # the depth of a chapter
SECTION = 2  # the depth of a section
UNIT_DEPTHS = (CHAPTER, SECTION)  # the headings named in a citation's path ("Chapter / Section")


def auto_identifier(title: str) -> str:
    """pandoc's automatic identifier for a heading (extension `auto_identifiers`): lower case,
    only letters, digits, `_`, `-` and `.`, spaces to hyphens, nothing before the first letter."""
    text = unicodedata.normalize("NFC", title).lower()
    text = re.sub(r"[^\w\s.-]", "", text)
    text = re.sub(r"\s+", "-", text.strip())
    text = re.sub(r"^[^a-z\u00c0-\uffff]+", "", text)
    return text or "section"


class HeadingTree:
    """Parent/child links of one or more books' headings, in reading order."""

    def __init__(self, rows: Iterable[dict]):
        self.by_id: dict[int, dict] = {}
        self.children: dict[int | None, list[int]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: (r.get("book_id") or 0, r["position"])):
            self.by_id[row["id"]] = row
        for row in self.by_id.values():
            self.children[row["parent_id"]].append(row["id"])
        self._ids: dict[int, str] | None = None

    def __iter__(self) -> Iterator[dict]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, heading_id: int | None) -> dict | None:
        return self.by_id.get(heading_id) if heading_id is not None else None

    def ancestors(self, heading_id: int | None, include_self: bool = True) -> Iterator[dict]:
        """The heading (unless `include_self` is false) and every heading above it, nearest first."""
        node = self.get(heading_id)
        if node is not None and not include_self:
            node = self.get(node["parent_id"])
        while node is not None:
            yield node
            node = self.get(node["parent_id"])

    def unit(self, heading_id: int | None, level: int = CHAPTER) -> dict | None:
        """The chapter a heading belongs to (with `level` SECTION: its section, else its chapter): the nearest
        heading on its way up at depth `level` or above, but below the parts; None in a part's own text."""
        return next((h for h in self.ancestors(heading_id) if 1 <= h["depth"] <= level), None)

    def subtree(self, heading_id: int) -> set[int]:
        """The heading and every heading below it."""
        found, stack = set(), [heading_id]
        while stack:
            node = stack.pop()
            found.add(node)
            stack.extend(self.children.get(node, ()))
        return found

    def rollup(self, pairs: Iterable[tuple[int | None, object]]) -> tuple[dict[int, int], dict[int, set]]:
        """For (heading id, item) pairs: occurrences and distinct non-null items in each heading's subtree."""
        counts: dict[int, int] = defaultdict(int)
        items: dict[int, set] = defaultdict(set)
        for heading_id, item in pairs:
            for h in self.ancestors(heading_id):
                counts[h["id"]] += 1
                if item is not None:
                    items[h["id"]].add(item)
        return counts, items

    def path_label(self, heading_id: int | None) -> str:
        """`Chapter / Section`: the titles of the chapter-level headings above a heading."""
        titles = [h["title"] for h in self.ancestors(heading_id) if h["depth"] in UNIT_DEPTHS]
        return " / ".join(reversed(titles)) or "(before the first heading)"

    def public_id(self, heading_id: int) -> str:
        """The heading's identifier for people and URLs: its anchor, else pandoc's automatic one
        (unique within its book: a repeated identifier gets -1, -2, ... as pandoc does)."""
        if self._ids is None:
            self._ids = {}
            used: dict[int, set[str]] = defaultdict(set)
            for h in self.by_id.values():
                if h.get("anchor"):
                    used[h.get("book_id")].add(h["anchor"])
            for h in self.by_id.values():
                if h.get("anchor"):
                    self._ids[h["id"]] = h["anchor"]
                    continue
                base = auto_identifier(h["title"])
                candidate, n = base, 0
                while candidate in used[h.get("book_id")]:
                    n += 1
                    candidate = f"{base}-{n}"
                used[h.get("book_id")].add(candidate)
                self._ids[h["id"]] = candidate
        return self._ids[heading_id]


def heading_label(h: dict | None) -> str:
    """`2.1 Title` for a heading row."""
    if not h:
        return "(before the first heading)"
    return " ".join(filter(None, [h.get("number"), h["title"]]))
