"""Merge bibliography entries that name one work, and resolve every cited key.

Entries are one work when they share a key, a normalized DOI, an arXiv id (from eprint
fields, arxiv.org URLs, `10.48550/arXiv.*` DOIs or CoRR `abs/...` volumes), or a distinctive
normalized title with the same first-author surname and years at most two apart. A title
match never joins clusters that carry different DOIs (other than arXiv's) or different arXiv
ids. Nothing here touches the database.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from kb import ids
from kb.errors import ERROR, WARNING, Problem
from kb.ingest.records import BibRecord, BookSource, Person

TITLE_YEAR_TOLERANCE = 2
EXACT, CASE, BROKEN = "exact", "case", "broken"


@dataclass(frozen=True)
class WorkCluster:
    """The canonical view of one work and the entries behind it."""

    entries: tuple[BibRecord, ...]
    keys: tuple[str, ...]
    title: str
    year: int | None
    authors: tuple[Person, ...]
    venue: str | None
    entry_type: str
    doi: str | None
    arxiv_id: str | None
    url: str | None
    sources: dict[str, str]  # field -> "file:key" it was taken from
    reasons: tuple[str, ...]  # why entries were merged

    @property
    def norm_title(self) -> str:
        return ids.normalize_title(self.title)

    @property
    def first_author(self) -> str:
        return ids.normalize_name(self.authors[0].family) if self.authors else ""


@dataclass(frozen=True)
class KeyResolution:
    key: str  # as written in the text
    status: str  # exact | case | broken
    entry_key: str | None  # the bibliography key it resolves to
    suggestions: tuple[tuple[str, str], ...] = ()  # (key, why)


@dataclass(frozen=True)
class ResolvedBook:
    source: BookSource
    clusters: tuple[WorkCluster, ...]
    cluster_of_key: dict[str, int]
    resolutions: dict[str, KeyResolution]
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    def cluster_for_citation(self, key: str) -> int | None:
        res = self.resolutions.get(key)
        return self.cluster_of_key.get(res.entry_key) if res and res.entry_key else None


def venue_of(fields: dict[str, str]) -> str | None:
    for name in ("journal", "journaltitle", "booktitle", "eventtitle", "series", "howpublished",
                 "publisher", "institution", "organization", "school"):
        value = (fields.get(name) or "").strip()
        if value and not value.startswith(("http://", "https://")):
            return value
    return None


def is_preprint_venue(venue: str | None) -> bool:
    return bool(venue) and bool(re.search(r"\barxiv\b|\bcorr\b|\bpreprint\b|\bbiorxiv\b|\bmedrxiv\b|\bssrn\b",
                                         venue.lower()))


def _entry_doi(entry: BibRecord) -> str | None:
    return ids.normalize_doi(entry.fields.get("doi"))


def _entry_arxiv(entry: BibRecord) -> str | None:
    return ids.arxiv_from_fields(entry.fields)


def _entry_year(entry: BibRecord) -> int | None:
    return ids.parse_year(entry.fields.get("year")) or ids.parse_year(entry.fields.get("date"))


def _score(entry: BibRecord) -> tuple:
    """Higher is a better source for the canonical work: written as BibTeX (not parsed from rendered
    text, which loses capitals and structure), published, DOI'd, complete."""
    doi = _entry_doi(entry)
    venue = venue_of(entry.fields)
    return (
        "rendered" not in entry.raw_fields,
        bool(doi) and not ids.is_arxiv_doi(doi),
        bool(venue) and not is_preprint_venue(venue),
        entry.entry_type not in ("misc", "online", "unpublished", "electronic", "www"),
        _entry_year(entry) is not None,
        len(entry.authors),
        len(entry.fields),
    )


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
        return min(ra, rb)


IDENTIFIER_TITLE_AGREEMENT = 80  # token-sort ratio of normalized titles


def same_paper(a: BibRecord, b: BibRecord) -> bool:
    """Whether two entries that share an identifier agree on the title or the first author (an entry
    missing both says nothing against it): a shared DOI or arXiv id alone can be a copy-paste error."""
    ta, tb = ids.normalize_title(a.fields.get("title")), ids.normalize_title(b.fields.get("title"))
    fa = ids.normalize_name(a.authors[0].family) if a.authors else ""
    fb = ids.normalize_name(b.authors[0].family) if b.authors else ""
    if (not ta or not tb) and (not fa or not fb):
        return True
    if ta and tb and (fuzz.token_sort_ratio(ta, tb) >= IDENTIFIER_TITLE_AGREEMENT
                      or ta.split(":")[0] == tb.split(":")[0] or ta in tb or tb in ta):
        return True
    return bool(fa and fb and fa == fb)


def cluster_entries(entries: Sequence[BibRecord],
                    conflicts: list[tuple[int, int, str]] | None = None) -> list[tuple[list[int], list[str]]]:
    """Group entry indices into works. Returns (indices, reasons) per cluster, in entry order.

    Entries sharing a DOI or arXiv id join only when they agree on title or first author; each pair
    that shares one but disagrees is appended to `conflicts` as (earlier index, later index, what)."""
    uf = _UnionFind(len(entries))
    reasons: dict[int, set[str]] = defaultdict(set)
    dois = [_entry_doi(e) for e in entries]
    arxivs = [_entry_arxiv(e) for e in entries]
    # identifiers each cluster carries, to refuse title merges between conflicting clusters
    published: dict[int, set[str]] = {i: {d} if d and not ids.is_arxiv_doi(d) else set() for i, d in enumerate(dois)}
    preprint: dict[int, set[str]] = {i: {a} if a else set() for i, a in enumerate(arxivs)}

    def join(a: int, b: int, why: str) -> None:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            return
        root = uf.union(ra, rb)
        other = rb if root == ra else ra
        published[root] |= published.pop(other)
        preprint[root] |= preprint.pop(other)
        reasons[root] |= reasons.pop(other, set()) | {why}

    for label, values in (("same key", [e.key for e in entries]), ("DOI", dois), ("arXiv id", arxivs)):
        seen: dict[str, list[int]] = defaultdict(list)
        for i, value in enumerate(values):
            if not value:
                continue
            earlier = seen[value]
            agreeing = earlier if label == "same key" else [j for j in earlier if same_paper(entries[j], entries[i])]
            if agreeing:
                join(agreeing[0], i, f"{label} {value}")
            elif earlier and conflicts is not None:
                conflicts.append((earlier[0], i, f"{label} {value}"))
            earlier.append(i)

    def join_by_title(a: int, b: int, why: str) -> None:
        """Join two entries with one title (or two spellings of it) unless their identifiers conflict."""
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            return
        if (published[ra] and published[rb] and not published[ra] & published[rb]) or (
            preprint[ra] and preprint[rb] and not preprint[ra] & preprint[rb]
        ):
            return
        join(a, b, why)

    by_title: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        norm = ids.normalize_title(entry.fields.get("title"))
        if ids.title_is_distinctive(norm) and entry.authors:
            by_title[norm].append(i)
    for members in by_title.values():
        for pos, a in enumerate(members):
            for b in members[pos + 1:]:
                ea, eb = entries[a], entries[b]
                if ids.normalize_name(ea.authors[0].family) != ids.normalize_name(eb.authors[0].family):
                    continue
                ya, yb = _entry_year(ea), _entry_year(eb)
                if ya and yb and abs(ya - yb) > TITLE_YEAR_TOLERANCE:
                    continue
                join_by_title(a, b, "title, first author and year")
    # titles written two ways ("Generative Adversarial Nets" / "... Networks"): same first author and year
    by_author_year: dict[tuple[str, int], list[str]] = defaultdict(list)
    for norm, members in by_title.items():
        e = entries[members[0]]
        year = _entry_year(e)
        if year:
            by_author_year[(ids.normalize_name(e.authors[0].family), year)].append(norm)
    for group in by_author_year.values():
        # variants keep every word's first three letters in place (ids.titles_are_variants): compare only
        # titles that agree on them for the first three words, so a common surname and year ("wang", 2020)
        # holding thousands of titles costs no quadratic pass
        blocks: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for norm in group:
            blocks[tuple(w[:3] for w in norm.split()[:3])].append(norm)
        for titles in blocks.values():
            for pos, ta in enumerate(titles):
                for tb in titles[pos + 1:]:
                    if ids.titles_are_variants(ta, tb):
                        a, b = by_title[ta][0], by_title[tb][0]
                        if (ids.normalize_name(entries[b].authors[0].family) == ids.normalize_name(
                                entries[a].authors[0].family) and _entry_year(entries[a]) == _entry_year(entries[b])):
                            join_by_title(a, b, "title variant, first author and year")

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(entries)):
        groups[uf.find(i)].append(i)
    return [(members, sorted(reasons.get(root, ()))) for root, members in groups.items()]


def build_cluster(entries: Sequence[BibRecord], reasons: Iterable[str] = ()) -> WorkCluster:
    """The canonical work of a group of entries: each field from the best entry that has it."""
    ranked = sorted(entries, key=lambda e: (_score(e), e.file, e.key), reverse=True)
    best = ranked[0]
    sources: dict[str, str] = {}

    def pick(name: str, getter):
        for entry in ranked:
            value = getter(entry)
            if value:
                sources[name] = f"{entry.file}:{entry.key}"
                return value
        return None

    fullest = max(ranked, key=lambda e: len(e.authors))
    if fullest.authors:
        sources["authors"] = f"{fullest.file}:{fullest.key}"
    dois = [d for d in (_entry_doi(e) for e in ranked) if d]
    doi = next((d for d in dois if not ids.is_arxiv_doi(d)), dois[0] if dois else None)
    if doi:
        sources["doi"] = next(f"{e.file}:{e.key}" for e in ranked if _entry_doi(e) == doi)
    keys = tuple(dict.fromkeys(e.key for e in entries))
    return WorkCluster(
        entries=tuple(entries),
        keys=keys,
        title=pick("title", lambda e: (e.fields.get("title") or "").strip()) or "",
        year=pick("year", _entry_year),
        authors=fullest.authors,
        venue=pick("venue", lambda e: (v := venue_of(e.fields)) and not is_preprint_venue(v) and v)
        or pick("venue", lambda e: venue_of(e.fields)),
        entry_type=best.entry_type,
        doi=doi,
        arxiv_id=pick("arxiv_id", _entry_arxiv),
        url=pick("url", lambda e: (e.fields.get("url") or "").strip()),
        sources=sources,
        reasons=tuple(reasons),
    )


_KEY_AUTHOR_YEAR = re.compile(r"^([^\W\d_]+?)[-_:]?((?:19|20)\d\d)")


class KeySuggester:
    """Likely intended keys for broken ones: similar keys, titles that contain the key's words,
    author+year. Indexes the bibliography once, so a book with many broken keys stays fast."""

    def __init__(self, entries: Sequence[BibRecord]):
        self.keys = list(dict.fromkeys(e.key for e in entries))
        self.lower_keys = [k.lower() for k in self.keys]
        self.entries = [e for e in entries if e.fields.get("title")]
        self.titles = [ids.normalize_title(e.fields.get("title")) for e in self.entries]
        tokens: dict[str, set[int]] = defaultdict(set)
        for i, title in enumerate(self.titles):
            for token in title.split():
                tokens[token].add(i)
        self.tokens = tokens
        self.sorted_tokens = sorted(tokens)
        self.by_author: dict[str, list[BibRecord]] = defaultdict(list)
        for e in entries:
            if e.authors:
                self.by_author[ids.normalize_name(e.authors[0].family)].append(e)

    def _prefixed(self, prefix: str) -> set[int]:
        """Titles with a word starting with `prefix` (`efficient` -> "EfficientNet: ...")."""
        found: set[int] = set()
        at = bisect_left(self.sorted_tokens, prefix)
        while at < len(self.sorted_tokens) and self.sorted_tokens[at].startswith(prefix):
            found |= self.tokens[self.sorted_tokens[at]]
            at += 1
        return found

    def suggest(self, key: str, limit: int = 3) -> tuple[tuple[str, str], ...]:
        scores: dict[str, tuple[float, str]] = {}

        def offer(candidate: str, score: float, why: str) -> None:
            if candidate != key and score > scores.get(candidate, (0, ""))[0]:
                scores[candidate] = (score, why)

        for _, score, index in process.extract(key.lower(), self.lower_keys, scorer=fuzz.ratio, limit=limit,
                                               score_cutoff=70):
            offer(self.keys[index], score, "similar key")
        words = [w.lower() for w in re.findall(r"[^\W\d_]{3,}", re.sub(r"([a-z])([A-Z])", r"\1 \2", key))]
        phrase = " ".join(words)
        if len(phrase) >= 5:
            exact = set.intersection(*(self.tokens.get(w, set()) for w in words)) if words else set()
            exact = {i for i in exact if phrase in self.titles[i].split() or f" {phrase} " in f" {self.titles[i]} "}
            prefixed = self._prefixed(phrase) - exact if " " not in phrase else set()
            for i, score in [(i, 84.0) for i in exact] + [(i, 83.0) for i in prefixed]:
                offer(self.entries[i].key, score, f"title: {self.entries[i].fields['title'][:60]}")
            if len(phrase) >= 8 and not exact and not prefixed:
                for _, _, i in process.extract(phrase, self.titles, scorer=fuzz.partial_ratio, limit=limit,
                                               score_cutoff=90):
                    offer(self.entries[i].key, 75.0, f"title: {self.entries[i].fields['title'][:60]}")
        m = _KEY_AUTHOR_YEAR.match(ids.fold(key))
        if m:
            surname, year = m.group(1), int(m.group(2))
            for entry in self.by_author.get(surname, ()):
                if _entry_year(entry) == year:
                    offer(entry.key, 85, f"author and year: {entry.authors[0].family} {year}")
        written = re.match(r"([^\W\d_]{3,})\b", ids.fold(key))  # `Silberer et al., 2014` -> silberer
        if written and not m:
            for entry in self.by_author.get(written.group(1), ()):
                offer(entry.key, 80, f"same first author: {entry.authors[0].family} {_entry_year(entry) or ''}".strip())
        ranked = sorted(scores.items(), key=lambda item: (-item[1][0], item[0]))
        return tuple((candidate, why) for candidate, (_, why) in ranked[:limit])


def suggest_keys(key: str, entries: Sequence[BibRecord], limit: int = 3) -> tuple[tuple[str, str], ...]:
    """Likely intended keys for one broken key (see KeySuggester)."""
    return KeySuggester(entries).suggest(key, limit)


def resolve_book(source: BookSource) -> ResolvedBook:
    """Cluster the book's entries into works and resolve every cited key."""
    entries = list(source.entries)
    problems: list[Problem] = list(source.problems)
    clusters: list[WorkCluster] = []
    cluster_of_key: dict[str, int] = {}
    conflicts: list[tuple[int, int, str]] = []
    for members, reasons in cluster_entries(entries, conflicts):
        cluster = build_cluster([entries[i] for i in members], reasons)
        for key in cluster.keys:
            cluster_of_key[key] = len(clusters)
        clusters.append(cluster)

    for a, b, what in conflicts:
        ea, eb = entries[a], entries[b]
        problems.append(Problem(WARNING, "identifier-conflict", f"`{ea.key}` ({ea.file}:{ea.line}) and `{eb.key}` "
                                f"share the {what} but not their title or first author, so they stay two works; "
                                "correct the identifier (doi, eprint or url) of the one it does not belong to",
                                eb.file, eb.line, key=eb.key))
    files_of_key: dict[str, list[BibRecord]] = defaultdict(list)
    for entry in entries:
        files_of_key[entry.key].append(entry)
    for key, defs in files_of_key.items():
        if len(defs) > 1:
            where = ", ".join(f"{d.file}:{d.line}" for d in defs)
            problems.append(Problem(WARNING, "key-in-several-files", f"key `{key}` is defined in several "
                                    f"bibliography files ({where}); keep one definition", defs[1].file,
                                    defs[1].line, key=key))

    by_lower: dict[str, list[str]] = defaultdict(list)
    for key in files_of_key:
        by_lower[key.lower()].append(key)
    occurrences: dict[str, list] = defaultdict(list)
    for cite in source.citations:
        occurrences[cite.key].append(cite)
    missing_note = ""
    if source.missing_bib_files:
        missing_note = f"; it may be defined in {', '.join(source.missing_bib_files)}, which is missing"
    resolutions: dict[str, KeyResolution] = {}
    suggester: KeySuggester | None = None
    for key, cites in occurrences.items():
        first = cites[0]
        where = f"{len(cites)} citation{'s' if len(cites) > 1 else ''}"
        if first.entry_key is not None:  # linked (or reported) by the reader itself
            status = EXACT if first.entry_key in files_of_key else BROKEN
            if status != EXACT:
                suggester = suggester or KeySuggester(entries)
            resolutions[key] = KeyResolution(key, status, first.entry_key or None,
                                             () if status == EXACT else suggester.suggest(key))
        elif key in files_of_key:
            resolutions[key] = KeyResolution(key, EXACT, key)
        elif key.lower() in by_lower:
            target = by_lower[key.lower()][0]
            resolutions[key] = KeyResolution(key, CASE, target)
            problems.append(Problem(WARNING, "case-mismatch", f"`@{key}` differs only in case from the entry "
                                    f"`{target}` ({where}); BibTeX rejects this, write `@{target}`",
                                    first.file, first.line, key=key))
        else:
            suggester = suggester or KeySuggester(entries)
            suggestions = suggester.suggest(key)
            resolutions[key] = KeyResolution(key, BROKEN, None, suggestions)
            hint = f"; did you mean {', '.join(f'`{s}`' for s, _ in suggestions)}?" if suggestions else ""
            problems.append(Problem(ERROR, "broken-key", f"`@{key}` has no bibliography entry ({where})"
                                    f"{missing_note}{hint}", first.file, first.line, key=key))
    return ResolvedBook(source, tuple(clusters), cluster_of_key, resolutions, tuple(problems))
