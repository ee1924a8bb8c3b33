"""Label every heading and every work with taxonomy nodes, keeping the evidence.

Evidence, each stored as one Label row with its source, confidence and the text behind it:
- chapter: a heading whose title matches a node's `chapters` patterns carries the node, and so
  do its sections; a work cited under such headings gets the node in proportion to the share of
  its citations there (a work cited in the Text2Image chapter is evidence for text-to-image);
- rule: the node's terms and patterns in the work's title (strong), abstract or venue (weaker);
- topic: the node's terms in the work's OpenAlex topics and keywords, when enriched;
- user: `kb label` decisions, which win: a user label is certain, a user removal hides the node.
A work or heading belongs to a node when the sources together (noisy-or) reach THRESHOLD.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone

from sqlalchemy import Engine, delete, select
from sqlmodel import Session

from kb.errors import KbError
from kb.graph.evidence import THRESHOLD, Evidence, accepted, combine  # noqa: F401
from kb.graph.taxonomy import Taxonomy
from kb.models import (
    Book,
    Citation,
    Heading,
    Label,
    UserLabel,
    Work,
    WorkEnrichment,
    WorkKey,
    WorkTopic,
    Topic,
)

CHAPTER_BASE, CHAPTER_SHARE = 0.35, 0.4  # a work cited only under a node's chapters: 0.75
TITLE, ABSTRACT, VENUE, TOPIC = 0.8, 0.45, 0.5, 0.5


def heading_evidence(taxonomy: Taxonomy, headings: list[Heading]) -> dict[int, list[Evidence]]:
    """Chapter labels of every heading: its own title's matches and those of its ancestors."""
    from kb.api.tree import HeadingTree

    tree = HeadingTree({"id": h.id, "book_id": h.book_id, "parent_id": h.parent_id, "position": h.position,
                        "depth": h.depth, "title": h.title} for h in headings)
    own: dict[int, list[Evidence]] = defaultdict(list)
    for h in headings:
        for node in taxonomy.nodes.values():
            hit = next((p.pattern for p in node.chapters if p.search(h.title)), None)
            if hit:
                own[h.id].append(Evidence(node.id, "chapter", 0.9, f"heading \"{h.title}\" matches '{hit}'"))
    result: dict[int, list[Evidence]] = {}
    for h in headings:
        found, seen = [], set()
        for above in tree.ancestors(h.id):
            for e in own.get(above["id"], []):
                if e.node_id not in seen:
                    seen.add(e.node_id)
                    found.append(e if above["id"] == h.id else Evidence(e.node_id, "chapter", e.confidence,
                                                                        f"inherited from \"{above['title']}\""))
        result[h.id] = found
    return result


def work_evidence(taxonomy: Taxonomy, work: Work, cited_under: list[int], heading_labels: dict[int, list[Evidence]],
                  headings: dict[int, Heading], abstract: str | None = None, topics: list[str] = ()) -> list[Evidence]:
    """Every piece of evidence for one work (before user decisions)."""
    found: list[Evidence] = []
    if cited_under:
        shares: dict[str, list[int]] = defaultdict(list)
        for hid in cited_under:
            for e in heading_labels.get(hid, []):
                shares[e.node_id].append(hid)
        for node_id, hids in shares.items():
            share = len(hids) / len(cited_under)
            where = sorted({headings[h].title for h in hids})[:3]
            found.append(Evidence(node_id, "chapter", CHAPTER_BASE + CHAPTER_SHARE * share,
                                  f"cited in {', '.join(where)} ({len(hids)} of {len(cited_under)} citations)"))
    for node in taxonomy.nodes.values():
        for text, weight, where in ((work.title, TITLE, "title"), (abstract, ABSTRACT, "abstract"),
                                    (work.venue, VENUE, "venue")):
            hits = node.term_hits(text or "")
            if hits:
                found.append(Evidence(node.id, "rule", weight, f"{where}: {', '.join(hits[:4])}"))
        topic_hits = sorted({h for t in topics for h in node.term_hits(t)})
        if topic_hits:
            found.append(Evidence(node.id, "topic", TOPIC, f"OpenAlex topics/keywords: {', '.join(topic_hits[:4])}"))
    return found


def classify(engine: Engine, taxonomy: Taxonomy) -> dict:
    """Recompute every Label row from the database and the taxonomy; user decisions win."""
    from kb.db import init_db, insert_rows

    init_db(engine)
    with Session(engine) as session, session.begin():
        if session.execute(select(Book.id).limit(1)).first() is None:
            raise KbError("the knowledge base holds no book yet; run `kb ingest PATH` first")
        headings = {h.id: h for h in session.execute(select(Heading)).scalars()}
        heading_labels = heading_evidence(taxonomy, list(headings.values()))
        cited: dict[int, list[int]] = defaultdict(list)
        for work_id, heading_id in session.execute(select(Citation.work_id, Citation.heading_id)
                                                   .where(Citation.work_id.is_not(None))):
            if heading_id is not None:
                cited[work_id].append(heading_id)
        works = session.execute(select(Work).where(Work.origin == "bib")).scalars().all()
        abstracts = dict(session.execute(select(WorkEnrichment.work_id, WorkEnrichment.abstract)).all())
        topics: dict[int, list[str]] = defaultdict(list)
        for work_id, name in session.execute(select(WorkTopic.work_id, Topic.display_name)
                                             .join(Topic, Topic.id == WorkTopic.topic_id)):
            topics[work_id].append(name)
        for work_id, keywords in session.execute(select(WorkEnrichment.work_id, WorkEnrichment.keywords)):
            topics[work_id] += [k.get("name") or "" for k in keywords or []]
        user = _user_decisions(session)
        session.execute(delete(Label))
        rows = []
        for hid, evidence in heading_labels.items():
            rows += [{"work_id": None, "heading_id": hid, "node_id": e.node_id, "source": e.source,
                      "confidence": round(e.confidence, 3), "evidence": e.evidence} for e in evidence]
        labelled_works = 0
        for w in works:
            evidence = work_evidence(taxonomy, w, cited.get(w.id, []), heading_labels, headings, abstracts.get(w.id),
                                     topics.get(w.id, []))
            decisions = user.get(w.id, {})
            evidence = [e for e in evidence if decisions.get(e.node_id) is not False]
            evidence += [Evidence(n, "user", 1.0, "kb label") for n, keep in decisions.items() if keep]
            rows += [{"work_id": w.id, "heading_id": None, "node_id": e.node_id, "source": e.source,
                      "confidence": round(e.confidence, 3), "evidence": e.evidence} for e in evidence]
            labelled_works += bool(accepted(evidence))
        insert_rows(session, Label, rows)  # Core bulk insert: tens of thousands of rows on large books
    return {"works": len(works), "labelled_works": labelled_works, "headings": len(headings), "labels": len(rows)}


def _user_decisions(session: Session) -> dict[int, dict[str, bool]]:
    """work id -> node -> True (label) / False (removed), from `kb label` rows keyed by book and key."""
    books = {b.name: b.id for b in session.execute(select(Book)).scalars()}
    keys = {(book_id, key): work_id for book_id, key, work_id in
            session.execute(select(WorkKey.book_id, WorkKey.key, WorkKey.work_id))}
    decisions: dict[int, dict[str, bool]] = defaultdict(dict)
    for u in session.execute(select(UserLabel).order_by(UserLabel.created_at, UserLabel.id)).scalars():
        work_id = keys.get((books.get(u.book_name), u.key))
        if work_id is not None:
            decisions[work_id][u.node_id] = not u.remove
    return decisions


def set_user_label(engine: Engine, book: str | None, ref: str, node_id: str, taxonomy: Taxonomy,
                   remove: bool = False) -> dict:
    """`kb label WORK NODE [--remove]`: record the decision by key; applied by `kb classify`."""
    from kb.api import KnowledgeBase, find_book
    from kb.db import init_db

    if node_id not in taxonomy.nodes:
        raise KbError(f"no taxonomy node `{node_id}`; `kb taxonomy` lists them")
    init_db(engine)
    b = find_book(KnowledgeBase(engine=engine), book)
    with Session(engine) as session, session.begin():
        if not session.execute(select(WorkKey).where(WorkKey.book_id == b.id, WorkKey.key == ref)).first():
            raise KbError(f"`{ref}` is not a key of the book `{b.name}`")
        session.execute(delete(UserLabel).where(UserLabel.book_name == b.name, UserLabel.key == ref,
                                                UserLabel.node_id == node_id))
        name = b.name
        session.add(UserLabel(book_name=name, key=ref, node_id=node_id, remove=remove,
                              created_at=datetime.now(timezone.utc)))
    return {"book": name, "key": ref, "node": node_id, "removed": remove}
