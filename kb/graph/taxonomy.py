"""The taxonomy as data: nodes with labels, parents and matching rules, read from TOML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from kb.config import read_toml
from kb.errors import KbError


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    parent: str | None = None
    description: str = ""
    terms: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()
    chapters: tuple[re.Pattern, ...] = ()
    term_regex: re.Pattern | None = None  # all terms in one alternation, built by load_taxonomy

    def term_hits(self, text: str) -> list[str]:
        """The terms and patterns found in `text` (case-insensitive, on word boundaries)."""
        if not text:
            return []
        hits = []
        if self.term_regex is not None:
            found = {m.lower() for m in self.term_regex.findall(text)}
            hits = [t for t in self.terms if t.lower() in found]
        hits += [p.pattern for p in self.patterns if p.search(text)]
        return hits


@dataclass(frozen=True)
class Taxonomy:
    nodes: dict[str, Node]
    source: str = ""

    def children(self, node_id: str | None) -> list[Node]:
        return [n for n in self.nodes.values() if n.parent == node_id]


def default_path() -> Path:
    return Path(str(files("kb") / "data" / "taxonomy.toml"))


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and check a taxonomy file (the book's default when `path` is None)."""
    path = Path(path) if path else default_path()
    data = read_toml(path, "taxonomy")
    nodes: dict[str, Node] = {}
    for i, raw in enumerate(data.get("node", []), start=1):
        if "id" not in raw or "label" not in raw:
            raise KbError(f"{path}: node #{i} needs an `id` and a `label`")
        if raw["id"] in nodes:
            raise KbError(f"{path}: node id `{raw['id']}` appears twice")
        try:
            patterns = tuple(re.compile(p, re.IGNORECASE) for p in raw.get("patterns", []))
            chapters = tuple(re.compile(p, re.IGNORECASE) for p in raw.get("chapters", []))
        except re.error as exc:
            raise KbError(f"{path}: node `{raw['id']}` has an invalid pattern ({exc})") from None
        terms = tuple(raw.get("terms", []))
        alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        term_regex = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if terms else None
        nodes[raw["id"]] = Node(raw["id"], raw["label"], raw.get("parent"), raw.get("description", ""),
                                terms, patterns, chapters, term_regex)
    for node in nodes.values():
        if node.parent and node.parent not in nodes:
            raise KbError(f"{path}: node `{node.id}` names a parent `{node.parent}` that is not defined")
    if not nodes:
        raise KbError(f"{path}: no [[node]] entries")
    return Taxonomy(nodes, str(path))
