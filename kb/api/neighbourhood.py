"""A work's neighbourhood: what it builds on, what builds on it, and what is like it.

- prior: the works it references (OpenAlex `referenced_works`, after `kb enrich`);
- derivative: the works referencing it in the knowledge base, the newer works `kb new` found among them;
- similar: the other cited works by co-citation (Salton's cosine of the headings citing each), by
  bibliographic coupling (Salton's cosine of their references, after `kb enrich`) and by their words
  (TF-IDF cosine of title, abstract and the book's sentences around their citations). A work is similar
  when the sum of the three reaches SIMILAR_FROM. A work that is prior or derivative is listed as such
  (its similarity in `why` as well), never twice.

Before enrichment the neighbourhood is what the book itself gives: co-citation and words.
"""

from __future__ import annotations

from collections import defaultdict

from kb.api.books import find_book, heading_tree
from kb.api.handle import KnowledgeBase
from kb.api.tree import heading_label
from kb.api.works import MAX_ID, work_summaries
from kb.errors import KbError, UsageError
from kb.graph.similarity import salton, text_similarity
from kb.schema import NEWER

RELATIONS = ("prior", "derivative", "similar")
SIMILAR_FROM = 0.1  # a work is similar when co-citation + coupling + text similarity reach this


def neighbourhood(kb: KnowledgeBase, work_id: int, book: str | None = None, *, limit: int = 20) -> dict:
    """The neighbourhood of one work within one book (or every book): `work` (the centre) and `rows`, one per
    neighbour with its relation, score, the reason (`why`) and the chapters citing it; `limit` per relation
    (0: all)."""
    if limit < 0:
        raise UsageError("--limit must be 0 (no limit) or more")
    if not 0 < work_id <= MAX_ID or not kb.rows("SELECT id FROM work WHERE id = :w", w=work_id):
        raise KbError(f"no work with id {work_id}")
    b = find_book(kb, book, required=False)
    scope, params = ("AND c.book_id = :b", {"b": b.id}) if b else ("", {})
    cited = {r.work_id for r in kb.rows(f"SELECT DISTINCT c.work_id FROM citation c WHERE c.work_id IS NOT NULL {scope}",
                                        **params)}
    prior = {r.id for r in kb.rows("SELECT cited_work_id AS id FROM reference WHERE citing_work_id = :w", w=work_id)}
    derivative = {r.id for r in kb.rows("SELECT citing_work_id AS id FROM reference WHERE cited_work_id = :w",
                                        w=work_id)}
    cocited = _cocitation(kb, work_id, scope, params)
    coupled = _coupling(kb, work_id, cited)
    worded = text_similarity(_documents(kb, cited | {work_id}, scope, params), work_id)
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    for name, found in (("co-citation", cocited), ("coupling", coupled), ("text", worded)):
        for other, value in found.items():
            if other != work_id and value:
                scores[other][name] = value
    similar = {w for w, s in scores.items() if similar_enough(s)} - prior - derivative
    chosen = {"prior": prior, "derivative": derivative, "similar": similar}
    everyone = sorted(prior | derivative | similar | {work_id})
    summaries = {s["id"]: s for s in work_summaries(kb, everyone)}
    origins = {r.id: r.origin for r in kb.rows_in("SELECT id, origin FROM work WHERE id IN {ids}", everyone)}
    chapters, citations = _chapters(kb, everyone, scope, params)
    rows = []
    for relation in RELATIONS:
        members = []
        for w in chosen[relation]:
            parts = scores.get(w, {})
            members.append({**summaries[w], "relation": relation, "score": round(sum(parts.values()), 3),
                            "why": _why(relation, parts, origins[w]), "chapters": chapters.get(w, []),
                            "citations": citations.get(w, 0), "origin": origins[w], "in_book": w in cited})
        members.sort(key=_order(relation))
        rows += members[:limit or None]
    centre = {**summaries[work_id], "chapters": chapters.get(work_id, []), "citations": citations.get(work_id, 0),
              "origin": origins[work_id], "in_book": work_id in cited}
    enriched = bool(kb.rows("SELECT 1 AS one FROM reference LIMIT 1"))
    return {"book": b.name if b else None, "work": centre, "enriched": enriched, "rows": rows}


def similar_enough(measures: dict[str, float]) -> bool:
    """The rule: a work is similar when its co-citation, coupling and text cosines add up to SIMILAR_FROM."""
    return round(sum(measures.values()), 3) >= SIMILAR_FROM


def _order(relation: str):
    if relation == "similar":
        return lambda r: (-r["score"], -(r["year"] or 0), r["id"])
    # the works the book cites most first, then the newest (derivative) or the oldest (prior)
    sign = -1 if relation == "derivative" else 1
    return lambda r: (-r["citations"], -len(r["chapters"]), sign * (r["year"] or 0), r["id"])


def _why(relation: str, parts: dict[str, float], origin: str) -> str:
    said = {"prior": "it references this", "derivative": "cites it" + (" (after the book)" if origin == NEWER else "")}
    reasons = [said[relation]] if relation in said else []
    reasons += [f"{name} {value:.2f}" for name, value in parts.items()]
    return "; ".join(reasons)


def _cocitation(kb: KnowledgeBase, work_id: int, scope: str, params: dict) -> dict[int, float]:
    """Salton's cosine between the headings citing the work and those citing each other work."""
    headings: dict[int, set[int]] = defaultdict(set)
    for r in kb.rows(f"SELECT DISTINCT c.work_id, c.heading_id FROM citation c WHERE c.work_id IS NOT NULL "
                     f"AND c.heading_id IS NOT NULL {scope}", **params):
        headings[r.work_id].add(r.heading_id)
    mine = headings.get(work_id, set())
    return {w: salton(len(mine & hs), len(mine), len(hs)) for w, hs in headings.items() if w != work_id and mine & hs}


def _coupling(kb: KnowledgeBase, work_id: int, cited: set[int]) -> dict[int, float]:
    """Salton's cosine between the work's references and each cited work's references."""
    mine = {r.id for r in kb.rows("SELECT cited_work_id AS id FROM reference WHERE citing_work_id = :w", w=work_id)}
    if not mine:
        return {}
    references: dict[int, set[int]] = defaultdict(set)
    for r in kb.rows_in("SELECT citing_work_id, cited_work_id FROM reference WHERE citing_work_id IN {ids}",
                        sorted(cited - {work_id})):
        references[r.citing_work_id].add(r.cited_work_id)
    return {w: salton(len(mine & refs), len(mine), len(refs)) for w, refs in references.items() if mine & refs}


def _documents(kb: KnowledgeBase, works: set[int], scope: str, params: dict) -> dict[int, str]:
    """Each work's words: its title, its abstract (from OpenAlex) and the book's sentences citing it."""
    texts: dict[int, list[str]] = defaultdict(list)
    for r in kb.rows_in("SELECT w.id, w.title, e.abstract FROM work w LEFT JOIN workenrichment e ON e.work_id = w.id "
                        "WHERE w.id IN {ids}", sorted(works)):
        texts[r.id] += [r.title or "", r.abstract or ""]
    for r in kb.rows(f"SELECT c.work_id, c.sentence FROM citation c WHERE c.work_id IS NOT NULL {scope}", **params):
        if r.work_id in texts and r.sentence:
            texts[r.work_id].append(r.sentence)
    return {w: " ".join(t for t in parts if t) for w, parts in texts.items()}


def _chapters(kb: KnowledgeBase, works: list[int], scope: str, params: dict) -> tuple[dict[int, list[str]], dict]:
    """The chapters citing each work (in reading order) and its citations, within the scope."""
    tree = heading_tree(kb, params.get("b"))
    found: dict[int, dict[int, str]] = defaultdict(dict)
    counts: dict[int, int] = defaultdict(int)
    for r in kb.rows_in(f"SELECT c.work_id, c.heading_id FROM citation c WHERE c.work_id IN {{ids}} {scope}", works,
                        **params):
        unit = tree.unit(r.heading_id)
        counts[r.work_id] += 1
        if unit is not None:
            found[r.work_id][unit["position"]] = heading_label(unit)
    return {w: [label for _, label in sorted(units.items())] for w, units in found.items()}, dict(counts)
