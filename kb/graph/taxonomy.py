"""The taxonomy as data: nodes with labels, parents and matching rules, read from TOML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from kb.config import read_toml
from kb.errors import KbError


@dataclass(frozen=True)
class TermRule:
    """A term that misleads alone: it counts only with one of `requires` in the same text (when given)
    and never with one of `unless`."""

    term: str
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    def allows(self, text: str) -> bool:
        def has(words: tuple[str, ...]) -> bool:
            return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE) for w in words)

        return (not self.requires or has(self.requires)) and not has(self.unless)


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
    rules: tuple[TermRule, ...] = ()
    hints: tuple[str, ...] = ()  # weak terms: they support other evidence, never label alone
    implies: tuple[str, ...] = ()  # nodes a heading of this node carries too (a task's modalities)

    def hint_hits(self, text: str) -> list[str]:
        return [h for h in self.hints if re.search(rf"(?<!\w){re.escape(h)}(?!\w)", text or "", re.IGNORECASE)]

    def term_hits(self, text: str) -> list[str]:
        """The terms and patterns found in `text` (case-insensitive, on word boundaries), less the terms
        whose rule the text does not satisfy."""
        if not text:
            return []
        hits = []
        if self.term_regex is not None:
            found = {m.lower() for m in self.term_regex.findall(text)}
            hits = [t for t in self.terms if t.lower() in found]
        hits += [p.pattern for p in self.patterns if p.search(text)]
        for rule in self.rules:
            if rule.term in hits and not rule.allows(text):
                hits.remove(rule.term)
        return hits


@dataclass(frozen=True)
class Taxonomy:
    nodes: dict[str, Node]
    source: str = ""
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a model/dataset name -> its node ids

    def children(self, node_id: str | None) -> list[Node]:
        return [n for n in self.nodes.values() if n.parent == node_id]


NAME_KINDS = ("model", "method", "dataset")


def default_path() -> Path:
    return Path(str(files("kb") / "data" / "taxonomy.toml"))


def default_names_path() -> Path:
    return Path(str(files("kb") / "data" / "names.toml"))


def load_taxonomy(path: str | Path | None = None, names: list[str | Path] = ()) -> Taxonomy:
    """Read and check a taxonomy file (the book's default when `path` is None, with the names kb ships)
    and the names files in `names` (`[[name]]` tables: names, kind, nodes)."""
    names_files = ([default_names_path()] if path is None else []) + [Path(n) for n in names]
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
        rules = []
        for rule in raw.get("rules", []):
            if not isinstance(rule, dict) or rule.get("term") not in terms:
                raise KbError(f"{path}: node `{raw['id']}` has a rule for a term it does not list: {rule!r}; "
                              "a rule is {{term = \"...\", requires = [...], unless = [...]}}")
            rules.append(TermRule(rule["term"], tuple(rule.get("requires", [])), tuple(rule.get("unless", []))))
        alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        term_regex = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if terms else None
        nodes[raw["id"]] = Node(raw["id"], raw["label"], raw.get("parent"), raw.get("description", ""),
                                terms, patterns, chapters, term_regex, tuple(rules), tuple(raw.get("hints", [])),
                                tuple(raw.get("implies", [])))
    for node in nodes.values():
        if node.parent and node.parent not in nodes:
            raise KbError(f"{path}: node `{node.id}` names a parent `{node.parent}` that is not defined")
        for implied in node.implies:
            if implied not in nodes:
                raise KbError(f"{path}: node `{node.id}` implies `{implied}`, which is not defined")
    if not nodes:
        raise KbError(f"{path}: no [[node]] entries")
    known: dict[str, set[str]] = {}
    for names_path in names_files:
        for i, entry in enumerate(read_toml(names_path, "names").get("name", []), start=1):
            kind, targets = entry.get("kind", "model"), entry.get("nodes", [])
            if kind not in NAME_KINDS or not entry.get("names") or not targets:
                raise KbError(f"{names_path}: [[name]] #{i} needs `names`, `nodes` and a kind "
                              f"({', '.join(NAME_KINDS)})")
            unknown = [n for n in targets if n not in nodes]
            if unknown:
                raise KbError(f"{names_path}: [[name]] #{i} names node(s) {', '.join(unknown)} that the taxonomy "
                              f"{path.name} does not define")
            for name in entry["names"]:
                known.setdefault(name, set()).update(targets)
    return Taxonomy(nodes, str(path), {n: tuple(sorted(t)) for n, t in known.items()})
