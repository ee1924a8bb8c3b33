"""Works named in a book's text without being cited there (`Perceiver`, `PaLM`, `data2vec`).

Names come from titles ("GLIDE: Towards ...", "BERT: Pre-training ...", "Data2vec: A ...": a
short name before a colon that is not an ordinary word, i.e. with an inner capital or a
digit) and from an aliases file (bibliography key -> names) for the rest. A name found in a
sentence that does not cite that work is a mention.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from kb.config import read_toml
from kb.ingest.markdown import LineIndex, Sentences
from kb.ingest.records import BookSource


@dataclass(frozen=True)
class MentionRecord:
    work_id: int
    name: str
    file: str
    line: int
    heading: int | None  # order of the heading
    sentence: str


def default_aliases_path() -> Path:
    return Path(str(files("kb") / "data" / "aliases.toml"))


def load_aliases(path: str | Path | None = None) -> dict[str, tuple[str, ...]]:
    data = read_toml(Path(path) if path else default_aliases_path(), "aliases")
    return {key: tuple(names) for key, names in data.get("aliases", {}).items()}


def name_from_title(title: str) -> str | None:
    """`GLIDE: Towards ...` -> `GLIDE`; `Data2vec: A ...` -> `Data2vec`; ordinary words -> None."""
    head, colon, _ = title.partition(":")
    head = head.strip().strip("{}")
    if not colon or not head or len(head) > 30 or len(head.split()) > 2:
        return None
    if any(any(ch.isdigit() for ch in token) or any(ch.isupper() for ch in token[1:]) for token in head.split()):
        return head
    return None


def work_names(works: list[tuple[int, str, list[str]]], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """name -> work id, for names that point at exactly one work."""
    candidates: dict[str, set[int]] = defaultdict(set)
    for work_id, title, keys in works:
        name = name_from_title(title or "")
        if name:
            candidates[name].add(work_id)
        for key in keys:
            for alias in aliases.get(key, ()):
                candidates[alias].add(work_id)
    return {name: next(iter(ids)) for name, ids in candidates.items() if len(ids) == 1}


def find_mentions(source: BookSource, names: dict[str, int], cited_lines: set[tuple[str, int, int]]) -> list[MentionRecord]:
    """Mentions in the book's prose; `cited_lines` holds (file, line, work id) of its citations."""
    if not names:
        return []
    matcher = NameMatcher(names)
    found: list[MentionRecord] = []
    carried: int | None = None
    for prose in source.prose:
        lines = prose.text.split("\n")
        index, sentences = LineIndex(prose.text), Sentences(lines)
        starts = sorted(prose.headings)
        start_lines = [s[0] for s in starts]
        for start, name, work_id in matcher.finditer(prose.text):  # one pass per file for all names
            line, column = index.locate(start)
            file, source_line = prose.where[line - 1] if prose.where else (prose.file, line)
            if (file, source_line, work_id) in cited_lines:
                continue
            at = bisect_right(start_lines, line) - 1
            heading = starts[at][1] if at >= 0 else carried
            found.append(MentionRecord(work_id, name, file, source_line, heading, sentences.around(line, column)))
        if starts:
            carried = starts[-1][1]
    return sorted(found, key=lambda r: (r.file, r.line, r.name))


def _alternation(names) -> str:
    """One pattern for many names, longest first, each a whole token (`BERT` is not found in `ViLBERT`
    nor in `BERT-like`)."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    return rf"(?<![\w-])(?:{alternatives})(?![\w-])"


class NameMatcher:
    """Finds names of works, models or datasets in text, each a whole token. A name without a digit must
    match its case (`CLIP`, not `clip`; `ALIGN`, not `align`); one with a digit matches in any case
    (`data2vec` = `Data2vec`, `gpt-3` = `GPT-3`). Built once for many names: one pass per text."""

    def __init__(self, names: dict[str, object]):
        self.exact = {n: (n, v) for n, v in names.items() if not any(c.isdigit() for c in n)}
        self.folded = {n.lower(): (n, v) for n, v in names.items() if any(c.isdigit() for c in n)}
        self.patterns = [(re.compile(_alternation(table), flags), table, fold)
                         for table, flags, fold in ((self.exact, 0, False), (self.folded, re.IGNORECASE, True))
                         if table]

    def finditer(self, text: str):
        """(offset, name as listed, its value) for every name in `text`, in order of the patterns."""
        for pattern, table, fold in self.patterns:
            for m in pattern.finditer(text):
                name, value = table[m.group(0).lower() if fold else m.group(0)]
                yield m.start(), name, value

    def find(self, text: str) -> list[tuple[int, str, object]]:
        return sorted(self.finditer(text or ""), key=lambda t: t[0])
