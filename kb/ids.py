"""Identifier normalization: DOIs, arXiv ids, titles and names. The only place that does it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$")
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE)
_ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv[:\s./]*(?:abs/|pdf/)?|abs/)(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})",
    re.IGNORECASE,
)
_ARXIV_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})",
    re.IGNORECASE,
)


def normalize_doi(value: str | None) -> str | None:
    """A DOI in lower case without resolver prefix, or None when `value` is not a DOI."""
    if not value:
        return None
    doi = _DOI_PREFIX.sub("", value.strip()).strip().rstrip(".,;")
    doi = doi.replace("\\_", "_")
    if not _DOI_SHAPE.match(doi):
        return None
    return doi.lower()


def normalize_arxiv(value: str | None) -> str | None:
    """An arXiv id without version suffix (`1706.03762`, `cs/0112017`), or None."""
    if not value:
        return None
    text = value.strip()
    text = re.sub(r"^arxiv:\s*", "", text, flags=re.IGNORECASE)
    m = _ARXIV_NEW.match(text)
    if m:
        return m.group(1)
    m = _ARXIV_OLD.match(text)
    if m:
        return m.group(1).lower()
    return None


def arxiv_from_doi(doi: str | None) -> str | None:
    """The arXiv id behind a `10.48550/arXiv.*` DOI."""
    norm = normalize_doi(doi)
    if not norm:
        return None
    m = _ARXIV_DOI.match(norm)
    return normalize_arxiv(m.group(1)) if m else None


def arxiv_doi(arxiv_id: str) -> str:
    """The DOI that arXiv registers for an id (lower case, as OpenAlex stores it)."""
    return f"10.48550/arxiv.{arxiv_id.lower()}"


def is_arxiv_doi(doi: str | None) -> bool:
    return bool(doi) and doi.lower().startswith("10.48550/arxiv.")


def arxiv_from_fields(fields: Mapping[str, str]) -> str | None:
    """Find an arXiv id in a bibliography entry's fields (lower-case field names).

    Looked for in this order: `eprint` (with `archiveprefix`/`eprinttype` arXiv, or shaped
    like an arXiv id), an arXiv DOI, arxiv.org URLs, and `arXiv:...` / CoRR `abs/...`
    mentions in journal, volume, note and similar fields.
    """
    eprint = fields.get("eprint")
    if eprint:
        kind = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
        found = normalize_arxiv(eprint)
        if found and kind in ("", "arxiv"):
            return found
    found = arxiv_from_doi(fields.get("doi"))
    if found:
        return found
    for name in ("url", "pdf", "howpublished", "note"):
        m = _ARXIV_URL.search(fields.get(name) or "")
        if m:
            return normalize_arxiv(m.group(1))
    for name in ("journal", "journaltitle", "volume", "note", "howpublished", "booktitle", "number"):
        m = _ARXIV_IN_TEXT.search(fields.get(name) or "")
        if m:
            return normalize_arxiv(m.group(1))
    return None


def fold(text: str) -> str:
    """Lower case, accents removed (`Baltrušaitis` -> `baltrusaitis`, `ß` -> `ss`)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def normalize_title(title: str | None) -> str:
    """Title reduced to lower-case ASCII-folded words separated by single spaces."""
    if not title:
        return ""
    text = fold(title.replace("{", "").replace("}", ""))
    return " ".join(re.findall(r"[^\W_]+", text))


@lru_cache(maxsize=65536)
def normalize_name(name: str | None) -> str:
    """A surname reduced to folded letters only, for comparing first authors."""
    if not name:
        return ""
    return "".join(re.findall(r"[^\W\d_]+", fold(name.replace("{", "").replace("}", ""))))


def title_is_distinctive(norm_title: str) -> bool:
    """Whether a normalized title is specific enough to identify a work by itself.

    Short or generic titles ("Introduction", "Deep learning") name many works; merging on
    them would join different papers, so they never count as evidence of identity.
    """
    words = norm_title.split()
    return len(words) >= 3 and len(norm_title) >= 16


_NUMBERISH = re.compile(r"^(?:\d+|[ivxlc]+)$")  # numbers and roman numerals: "Part II" is another paper


def titles_are_variants(a: str, b: str) -> bool:
    """Whether two normalized, distinctive titles name one work written two ways: words that differ
    only by inflection or abbreviation ("nets" / "networks", "model" / "models"; the same first three
    letters, never a number), or up to two extra words at the end of a title of at least four words.
    """
    if a == b:
        return True
    if not (title_is_distinctive(a) and title_is_distinctive(b)):
        return False
    from difflib import SequenceMatcher

    wa, wb = a.split(), b.split()
    changed = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for x, y in zip(wa[i1:i2], wb[j1:j2], strict=True):
                if _NUMBERISH.match(x) or _NUMBERISH.match(y) or len(x) < 3 or len(y) < 3 or x[:3] != y[:3]:
                    return False
                changed += 1
        elif op in ("insert", "delete") and (i2 == len(wa) and j2 == len(wb)) and max(i2 - i1, j2 - j1) <= 2 \
                and min(len(wa), len(wb)) >= 4 and not any(_NUMBERISH.match(w) for w in wa[i1:i2] + wb[j1:j2]):
            changed += 1
        else:
            return False
    return changed <= 2


def parse_year(value: str | None) -> int | None:
    """The first four-digit year in a field value (`2021`, `2021-05-03`, `{2020}`)."""
    if not value:
        return None
    m = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", value)
    return int(m.group(1)) if m else None
