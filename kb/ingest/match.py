"""Deciding which OpenAlex record is a bibliography's work. Pure functions, no I/O.

Every candidate is checked against the bibliography: title similarity (rapidfuzz), year
distance, first-author surname and venue. A candidate is accepted only when all three agree
within the tolerances below: title similarity at least TITLE_AGREES (a title is not the same as
a title it merely contains: containment counts only when the shorter title is the longer one cut
short, or its part before a colon), the year within YEAR_TOLERANCE, and the first author among
the record's authors (a work without authors on either side needs an almost exact title and
year). Errata, corrections, comments, replies, retraction notices, paratext and peer reviews
(OpenAlex `type`, `is_paratext`, or a title prefix like "Correction:") are never a paper, and a
thesis is only ever a thesis. Among the acceptable candidates the one agreeing on more fields
wins (scores are not capped); a runner-up within MARGIN sends the work to review. A DOI or arXiv
hit is verified the same way: a record that disagrees is a *mismatch* (a wrong DOI in OpenAlex
or in the .bib). When a preprint and its published version are separate records, the one that
matches the entry is kept and the other recorded as an alternate. Every decision says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from kb import ids

ACCEPT = 85.0  # a title-search candidate at or above this, clear of the runner-up, is accepted
REVIEW = 65.0  # below ACCEPT but at least this: kept for review with the top candidates
MARGIN = 5.0
ID_HIT_TITLE = 80.0  # a DOI/arXiv hit needs at least this title similarity to be verified
TITLE_AGREES = 85.0  # a title-search candidate's title similarity, at least
EXACT_TITLE = 97.0  # what a candidate needs when the first author cannot be compared
YEAR_TOLERANCE = 2
CONTAINED = 0.75  # a title shorter than this share of the other is not the same title
NOT_A_PAPER_TYPES = frozenset({"erratum", "retraction", "paratext", "peer-review", "editorial", "letter",
                               "supplementary-materials", "libguides", "grant"})
THESIS_TYPES = frozenset({"dissertation"})
_NOT_A_PAPER_TITLE = re.compile(
    r"^\s*(correction|corrections|erratum|errata|corrigendum|retraction|retracted|retraction note|expression of concern|"
    r"comments? on|commentary on|reply to|replies to|response to|author'?s'? reply|authors'? response|review of|"
    r"discussion of|addendum)\b", re.IGNORECASE)


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
    thesis: bool = False  # the entry is a thesis

    @property
    def norm_title(self) -> str:
        return ids.normalize_title(self.title)

    @property
    def head_title(self) -> str | None:
        """The normalized part of the title before its first colon (`Bleu`), when it has one."""
        head, colon, rest = (self.title or "").partition(":")
        norm = ids.normalize_title(head)
        return norm if colon and norm and rest.strip() else None


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
    not_a_paper: str | None = None  # why this record cannot be the cited work (an erratum, a thesis, ...)
    head_match: bool = False  # its title is the cited title's part before the colon (or the reverse)

    @property
    def acceptable(self) -> bool:
        """Title, first author and year agree within the tolerances, and it is the right kind of record."""
        if self.not_a_paper or self.author_agrees is False:
            return False
        if self.year_delta is not None and self.year_delta > YEAR_TOLERANCE:
            return False
        if self.author_agrees is None:
            return self.title_similarity >= EXACT_TITLE and (self.year_delta is None or self.year_delta <= 1)
        return self.title_similarity >= TITLE_AGREES

    def as_dict(self) -> dict:
        return {"id": self.openalex_id, "title": self.title, "year": self.year, "score": round(self.score, 1),
                "title_similarity": round(self.title_similarity, 1), "year_delta": self.year_delta,
                "author_agrees": self.author_agrees, "preprint": self.preprint, "why": self.why}


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
    """0-100 for two normalized titles. A title cut short in a .bib ("BERT: Pre-training of deep
    bidirectional transformers") still scores high against the full one when it is the full one's
    beginning and has five words or more; a title that is merely contained in a longer one
    ("Laion 400 million open dataset") does not."""
    if not a or not b:
        return 0.0
    score = float(max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a, b)))
    shorter, longer = sorted((a, b), key=len)
    if len(shorter.split()) >= 5 and fuzz.ratio(shorter, longer[:len(shorter)]) >= 95:
        score = max(score, fuzz.token_set_ratio(a, b) - 5)
    elif len(shorter) < CONTAINED * len(longer):
        score = min(score, 100.0 * len(shorter) / len(longer))
    return score


def not_a_paper(record: dict, title: str, thesis_wanted: bool) -> str | None:
    """Why a record cannot be the cited work, or None."""
    kind = (record.get("type") or "").lower()
    if kind in NOT_A_PAPER_TYPES:
        return f"OpenAlex type {kind}"
    if record.get("is_paratext"):
        return "paratext"
    m = _NOT_A_PAPER_TITLE.match(title or "")
    if m:
        return f"a {m.group(1).lower()} (title)"
    if (kind in THESIS_TYPES) != thesis_wanted:
        return "a thesis" if kind in THESIS_TYPES else None
    return None


def assess(target: Target, record: dict) -> Assessment:
    """Score how well an OpenAlex record fits the bibliography's work (100 = the title alone is perfect;
    agreement on author, year and venue adds to it, so the candidate agreeing on more fields wins)."""
    title = record.get("display_name") or record.get("title") or ""
    norm = ids.normalize_title(title)
    similarity = title_similarity(target.norm_title, norm)
    head = target.head_title
    record_head = ids.normalize_title(title.partition(":")[0]) if ":" in title else None
    head_match = bool(head and norm == head) or bool(record_head and record_head == target.norm_title)
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
    elif delta is not None:
        score += 2 - delta  # the same year: +2, one year apart: +1
    if agrees is True:
        score += 5
        reasons.append("first author agrees")
    elif agrees is False:
        score -= 15
        reasons.append("first author differs")
    venue = ((record.get("primary_location") or {}).get("source") or {}).get("display_name")
    if target.venue and venue and fuzz.partial_ratio(target.venue.lower(), venue.lower()) >= 90:
        score += 3
        reasons.append("venue agrees")
    wrong_kind = not_a_paper(record, title, target.thesis)
    if wrong_kind:
        reasons.append(f"not the cited work: {wrong_kind}")
    if head_match:
        reasons.append("title is the cited title before its colon" if head and norm == head
                       else "cited title is this title before its colon")
    return Assessment(short_openalex_id(record.get("id")) or "", title, year, score, similarity, delta,
                      agrees, is_preprint_record(record), ", ".join(reasons), wrong_kind, head_match)


def verify_id_hit(target: Target, record: dict, method: str) -> Decision:
    """A record found by DOI or arXiv id: accept it only if it is the bibliography's work."""
    a = assess(target, record)
    # "Bleu" at the DOI of "Bleu: a Method for ...": the same work when author and year agree
    short_title = a.head_match and a.author_agrees is True and (a.year_delta is None or a.year_delta <= 1)
    if (a.title_similarity < ID_HIT_TITLE and not short_title) or a.author_agrees is False or a.not_a_paper:
        return Decision("mismatch", method, None, [a], note=f"the record at this {method.upper()} is "
                        f"\"{a.title[:80]}\" ({a.year}): {a.why}", id_mismatch=True)
    note = None
    if a.year_delta is not None and a.year_delta > YEAR_TOLERANCE:
        note = f"OpenAlex gives the year {a.year}, the bibliography {target.year}"
    return Decision("matched", method, a, [a], note=note)


def decide_search(target: Target, records: list[dict], head_only: bool = False) -> Decision:
    """Pick the title-search candidate that is the work, or keep the top ones for review. With
    `head_only` (a search for the title's part before its colon) only a candidate whose title is that
    part, with the first author and year agreeing, can be accepted."""
    assessed = [assess(target, r) for r in records]
    if head_only:  # the record's title is the part before the colon: as good as the title when the author agrees
        assessed = [replace(a, title_similarity=max(a.title_similarity, TITLE_AGREES), score=max(a.score, ACCEPT))
                    if a.head_match and a.author_agrees else a for a in assessed]
    assessed = sorted((a for a in assessed if a.title_similarity >= 60 or a.head_match), key=lambda a: -a.score)
    if not assessed:
        return Decision("not_found", "title", note="no OpenAlex record with a similar title")
    acceptable = [a for a in assessed if a.acceptable and (a.head_match or not head_only)]
    # versions of the same paper: same title and first author, a preprint and a published record
    versions = [a for a in acceptable if a.title_similarity >= 90]
    alternates: list[Assessment] = []
    if any(a.preprint for a in versions) and any(not a.preprint for a in versions):
        wanted = [a for a in versions if a.preprint == target.prefers_preprint]
        best = wanted[0]
        alternates = [a for a in versions if a is not best]
        rivals = [a for a in acceptable if a not in versions]
    elif acceptable:
        best, rivals = acceptable[0], acceptable[1:]
    else:
        best, rivals = None, []
    if best is not None and best.year_delta == 0:  # the same title and first author a year off the cited year:
        same = [a for a in rivals if a.title_similarity >= 95 and a.author_agrees and best.author_agrees  # a version
                and a.year_delta == 1]
        alternates += same
        rivals = [a for a in rivals if a not in same]
    top = ([best] if best else []) + alternates + [a for a in assessed if a is not best and a not in alternates]
    top = top[:5]
    runner_up = rivals[0].score if rivals else None
    if best is not None and best.score >= ACCEPT and (runner_up is None or best.score - runner_up >= MARGIN):
        return Decision("matched", "title", best, top, alternates)
    if best is not None and best.score >= REVIEW:
        why = "close candidates" if runner_up is not None and best.score - runner_up < MARGIN else "weak match"
        return Decision("review", "title", None, top, alternates, note=why)
    if assessed[0].score >= REVIEW:
        reasons = "; ".join(f"{a.openalex_id}: {a.why}" for a in assessed[:3])
        return Decision("review", "title", None, top, note=f"similar titles, but none agrees on author, year and "
                        f"kind: {reasons}")
    return Decision("not_found", "title", None, top, note="no candidate is close enough")
