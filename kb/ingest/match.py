"""Deciding which OpenAlex record is a bibliography's work. Pure functions, no I/O.

Every candidate is checked against the bibliography: title similarity (rapidfuzz), year
distance, first-author surname and venue. A DOI or arXiv hit is verified like any other: a
record whose title or first author disagrees is a *mismatch* (a wrong DOI in OpenAlex or in
the .bib) and is not accepted. When a preprint and its published version are separate
records, the one that matches the entry is kept and the other recorded as an alternate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from kb import ids

ACCEPT = 85.0  # a title-search candidate at or above this, clear of the runner-up, is accepted
REVIEW = 65.0  # below ACCEPT but at least this: kept for review with the top candidates
MARGIN = 5.0
ID_HIT_TITLE = 80.0  # a DOI/arXiv hit needs at least this title similarity to be verified
YEAR_TOLERANCE = 2


@dataclass(frozen=True)
class Target:
    """What the bibliography says about one work."""

    work_id: int
    title: str
    year: int | None
    surnames: tuple[str, ...]  # folded family names, in order
    venue: str | None
    doi: str | None  # a published DOI (not arXiv's)
    arxiv_id: str | None
    prefers_preprint: bool  # the entry is the arXiv/preprint version

    @property
    def norm_title(self) -> str:
        return ids.normalize_title(self.title)


@dataclass(frozen=True)
class Assessment:
    openalex_id: str
    title: str
    year: int | None
    score: float
    title_similarity: float
    year_delta: int | None
    author_agrees: bool | None  # None when either side has no authors
    preprint: bool
    why: str

    def as_dict(self) -> dict:
        return {"id": self.openalex_id, "title": self.title, "year": self.year, "score": round(self.score, 1),
                "why": self.why}


@dataclass
class Decision:
    status: str  # matched | review | mismatch | not_found
    method: str | None = None
    chosen: Assessment | None = None
    candidates: list[Assessment] = field(default_factory=list)
    alternates: list[Assessment] = field(default_factory=list)
    note: str | None = None
    id_mismatch: bool = False  # the record at the entry's DOI/arXiv id is another work


def short_openalex_id(value: str | None) -> str | None:
    return value.rsplit("/", 1)[-1].upper() if value else None


def record_surnames(record: dict) -> list[str]:
    names = []
    for authorship in record.get("authorships") or []:
        name = (authorship.get("author") or {}).get("display_name") or authorship.get("raw_author_name") or ""
        if name.strip():  # "Ashish Vaswani", or "Jakubův, Jan" as some sources give it
            family = name.split(",")[0] if "," in name else name.split()[-1]
            names.append(ids.normalize_name(family))
    return names


def is_preprint_record(record: dict) -> bool:
    doi = (record.get("doi") or "").lower()
    source = ((record.get("primary_location") or {}).get("source") or {})
    name = (source.get("display_name") or "").lower()
    return record.get("type") == "preprint" or "10.48550/arxiv" in doi or "arxiv" in name


def title_similarity(a: str, b: str) -> float:
    """0-100 for two normalized titles; a title cut short in a .bib ("BERT: Pre-training of deep
    bidirectional transformers") still scores high against the full one if it has five words or more."""
    if not a or not b:
        return 0.0
    score = max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a, b))
    if min(len(a.split()), len(b.split())) >= 5:
        score = max(score, fuzz.token_set_ratio(a, b) - 5)
    return float(score)


def assess(target: Target, record: dict) -> Assessment:
    """Score how well an OpenAlex record fits the bibliography's work (100 = perfect)."""
    title = record.get("display_name") or record.get("title") or ""
    norm = ids.normalize_title(title)
    similarity = title_similarity(target.norm_title, norm)
    year = record.get("publication_year")
    delta = abs(year - target.year) if year and target.year else None
    surnames = record_surnames(record)
    agrees = None
    if target.surnames and target.surnames[0] != "others" and surnames:
        agrees = target.surnames[0] in surnames[:3] or any(target.surnames[0] == s for s in surnames)
    score = similarity
    reasons = [f"title {similarity:.0f}"]
    if delta is not None and delta > 1:
        score -= min(30.0, 5.0 * (delta - 1))
        reasons.append(f"year {year} vs {target.year}")
    if agrees is True:
        score += 5
    elif agrees is False:
        score -= 15
        reasons.append("first author differs")
    venue = ((record.get("primary_location") or {}).get("source") or {}).get("display_name")
    if target.venue and venue and fuzz.partial_ratio(target.venue.lower(), venue.lower()) >= 90:
        score += 3
    return Assessment(short_openalex_id(record.get("id")) or "", title, year, min(score, 100.0), similarity, delta,
                      agrees, is_preprint_record(record), ", ".join(reasons))


def verify_id_hit(target: Target, record: dict, method: str) -> Decision:
    """A record found by DOI or arXiv id: accept it only if it is the bibliography's work."""
    a = assess(target, record)
    if a.title_similarity < ID_HIT_TITLE or a.author_agrees is False:
        return Decision("mismatch", method, None, [a], note=f"the record at this {method.upper()} is "
                        f"\"{a.title[:80]}\" ({a.year}): {a.why}", id_mismatch=True)
    note = None
    if a.year_delta is not None and a.year_delta > YEAR_TOLERANCE:
        note = f"OpenAlex gives the year {a.year}, the bibliography {target.year}"
    return Decision("matched", method, a, [a], note=note)


def decide_search(target: Target, records: list[dict]) -> Decision:
    """Pick the title-search candidate that is the work, or keep the top ones for review."""
    assessed = [assess(target, r) for r in records]
    assessed = sorted((a for a in assessed if a.title_similarity >= 60), key=lambda a: -a.score)
    if not assessed:
        return Decision("not_found", "title", note="no OpenAlex record with a similar title")
    # versions of the same paper: same title and first author, a preprint and a published record
    versions = [a for a in assessed if a.title_similarity >= 90 and a.author_agrees is not False
                and (a.year_delta is None or a.year_delta <= YEAR_TOLERANCE)]
    alternates: list[Assessment] = []
    if any(a.preprint for a in versions) and any(not a.preprint for a in versions):
        wanted = [a for a in versions if a.preprint == target.prefers_preprint]
        best = wanted[0]
        alternates = [a for a in versions if a is not best]
        others = [a for a in assessed if a not in versions]
    else:
        best = assessed[0]
        others = assessed[1:]
    runner_up = others[0].score if others else None
    top = [best, *alternates, *others][:5]
    if best.score >= ACCEPT and (runner_up is None or best.score - runner_up >= MARGIN):
        return Decision("matched", "title", best, top, alternates)
    if best.score >= REVIEW:
        why = "close candidates" if runner_up is not None and best.score - runner_up < MARGIN else "weak match"
        return Decision("review", "title", None, top, alternates, note=why)
    return Decision("not_found", "title", None, top, note="no candidate is close enough")
