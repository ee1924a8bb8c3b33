"""Label every heading and every work with taxonomy nodes, keeping the evidence.

Evidence, each stored as one Label row with its source, confidence and the text behind it:
- rule: the node's terms and patterns in the work's title (strong), the bibliography's abstract
  and keywords, OpenAlex's abstract, or the venue (weaker);
- name: a model, method or dataset name (names.toml) in the title: the work's own name before a
  colon (strong; any case), or elsewhere in the title;
- sentence: the book's own words at each citation: a name right before the citation ("GPT-3
  [@brown2020]": strong), the node's terms in the clause around it (weak; they add up over the
  sentences that cite the work);
- topic: the node's terms in the work's OpenAlex topics and keywords, when enriched;
- chapter: a heading whose title matches a node's `chapters` patterns carries the node, and so
  do its sections; a work cited there gets the node as weak evidence that never reaches
  THRESHOLD alone (a text paper cited in an image chapter is not about images);
- user: `kb label` decisions, which win: a user label is certain, a user removal hides the node.
A work or heading belongs to a node when the sources together (noisy-or) reach THRESHOLD.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timezone

from sqlalchemy import Engine, delete, select
from sqlmodel import Session

from kb.errors import KbError
from kb.graph.evidence import THRESHOLD, Evidence, accepted, combine  # noqa: F401
from kb.graph.taxonomy import Taxonomy
from kb.models import (
    BibEntry,
    Book,
    Citation,
    Heading,
    Label,
    Topic,
    UserLabel,
    Work,
    WorkEnrichment,
    WorkKey,
    WorkTopic,
)

CHAPTER_BASE, CHAPTER_SHARE = 0.2, 0.25  # a work cited only under a node's chapters: 0.45, below THRESHOLD
TITLE, ABSTRACT, KEYWORDS, VENUE, TOPIC = 0.8, 0.45, 0.5, 0.5, 0.5
HINT = 0.3  # a node's weak term (`hints`) in the title
OWN_NAME, TITLE_NAME = 0.85, 0.6  # the work's name before its title's colon; a name elsewhere in the title
NEXT_TO_CITATION, CLAUSE, CLAUSES_COUNTED = 0.75, 0.3, 3  # a name right before a citation; a term near one
SUBJECT = 0.6  # a term or name in what a narrative citation does ("@sirko2021 apply CNNs to ...")
PREDICATE_WORDS = 6
# the predicate ends at a clause boundary; these words say the work is compared with the thing, not built on it
_PREDICATE_END = re.compile(r"[,;:()]|\s(?:while|whereas|but|and|which|who|where)\s", re.IGNORECASE)
# a narrative citation's predicate counts when it says what the work builds or uses (its first or second word
# starts so: "apply", "also used", "proposed"), not what it reports on ("points out that CLIP ...")
_MAKES = ("appl", "use", "usin", "utiliz", "utilis", "employ", "propos", "introduc", "present", "train", "buil",
          "develop", "design", "adopt", "combin", "extend", "leverag", "rel", "fine-tun", "pretrain", "pre-train",
          "stack", "learn", "model", "implement", "construct", "integrat", "incorporat", "fus", "feed", "encod")
_NOT_ABOUT = {"than", "unlike", "instead", "without", "not", "no", "outperform", "outperforms", "outperformed",
              "replace", "replaces", "replaced", "versus", "vs", "beat", "beats", "surpass", "surpasses"}
_CITATION_END = re.compile(r"[\];]|@[\w:.#$%&+?<>~/-]*[\w]")  # the end of an earlier citation in the sentence


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
                own[h.id] += [Evidence(n, "chapter", 0.9, f"heading \"{h.title}\" is {node.label}, which implies it")
                              for n in node.implies]
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


def citation_clauses(sentence: str, key: str) -> list[tuple[str, str, bool]]:
    """For each `@key` in a citing sentence: the words right before it (back to an earlier citation or
    sentence), the words after it (up to the next citation), and whether it is narrative (`@key said`)."""
    found = []
    for m in re.finditer(rf"@{re.escape(key)}(?![\w:.#$%&+?<>~/-]*\w)", sentence):
        before = sentence[:m.start()]
        ends = list(_CITATION_END.finditer(before)) + list(re.finditer(r"[.!?]\s", before))
        before = before[max(e.end() for e in ends):] if ends else before
        bracketed = sentence.rfind("[", 0, m.start()) > sentence.rfind("]", 0, m.start())
        rest = sentence[m.end():]
        if bracketed:
            rest = rest.split("]", 1)[1] if "]" in rest else ""
        after = re.split(r"[\[@;]|[.!?](?:\s|$)", rest, maxsplit=1)[0]
        found.append((before.rstrip(" [-"), after, not bracketed))
    return found


class Evidencer:
    """Finds the evidence for works with one taxonomy (its terms, rules and names)."""

    def __init__(self, taxonomy: Taxonomy):
        from kb.ingest.mentions import NameMatcher

        self.taxonomy = taxonomy
        self.names = NameMatcher(taxonomy.names) if taxonomy.names else None
        self.folded = {n.lower(): nodes for n, nodes in taxonomy.names.items()}

    def terms(self, text: str | None) -> dict[str, list[str]]:
        """node -> the terms and patterns of it in `text`."""
        found = {}
        for node in self.taxonomy.nodes.values():
            hits = node.term_hits(text or "")
            if hits:
                found[node.id] = hits
        return found

    def named(self, text: str | None) -> list[tuple[int, str, tuple[str, ...]]]:
        """(offset, name, nodes) for the names in `text`."""
        return self.names.find(text) if self.names and text else []

    def title_names(self, title: str) -> list[Evidence]:
        """The work's own name before its title's colon (any case: "Vilbert: ..."), strong; any other name in
        the title, weaker."""
        found: dict[str, Evidence] = {}
        head, colon, _ = title.partition(":")
        own = self.folded.get(head.strip().strip("{}").lower()) if colon else None
        for node in own or ():
            found[node] = Evidence(node, "name", OWN_NAME, f"title: the work's name {head.strip()}")
        for _, name, nodes in self.named(title):
            for node in nodes:
                found.setdefault(node, Evidence(node, "name", TITLE_NAME, f"title names {name}"))
        return list(found.values())

    def predicate(self, after: str) -> dict[str, str]:
        """node -> the predicate of a narrative citation naming it: the first words after `@key` (past "et al."
        and a year), up to a clause boundary, unless they compare the work with the thing ("better than CNNs")."""
        text = re.sub(r"^\s*(?:et al\.?\s*)?(?:\[[^\]]*\]|\(\d{4}[a-z]?\))?", "", after)
        text = _PREDICATE_END.split(text, maxsplit=1)[0]
        words = text.split()[:PREDICATE_WORDS]
        if not words or _NOT_ABOUT & {w.lower().strip(".,") for w in words}:
            return {}
        if not any(w.lower().startswith(_MAKES) for w in words[:2]):
            return {}
        predicate = " ".join(words)
        found = {node: predicate for node in self.terms(predicate)}
        for _, _, nodes in self.named(predicate):
            found.update(dict.fromkeys(nodes, predicate))
        return found

    def sentences(self, key_sentences: list[tuple[str, str]]) -> list[Evidence]:
        """Evidence from the book's sentences citing a work: (key as written, sentence) pairs."""
        named: dict[str, str] = {}
        clauses: dict[str, list[str]] = defaultdict(list)
        for key, sentence in key_sentences:
            for before, after, narrative in citation_clauses(sentence, key):
                if narrative:
                    for node, predicate in self.predicate(after).items():
                        named.setdefault(node, f"\"@{key} {predicate}\"")
                near = " ".join(before.split()[-3:])
                for start, name, nodes in self.named(near):
                    if not near[start + len(name):].strip(" ,(\u00a0"):  # the name ends right at the citation
                        for node in nodes:
                            named.setdefault(node, f"\"{near} [@{key}]\"")
                words = " ".join(before.split()[-8:] + after.split()[:10])
                terms = self.terms(words)
                # names after a bracketed citation belong to the works cited next, not to this one
                for _, name, nodes in self.named(" ".join(before.split()[-8:] + (after.split()[:10] if narrative
                                                                                   else []))):
                    for node in nodes:
                        terms.setdefault(node, []).append(name)
                for node, hits in terms.items():
                    clauses[node].append(f"{', '.join(hits[:2])} in \"{' '.join(words.split()[:14])}\"")
        found = [Evidence(node, "sentence", SUBJECT, f"what the work does: {text}") if text.startswith('"@')
                 else Evidence(node, "sentence", NEXT_TO_CITATION, f"named next to its citation: {text}")
                 for node, text in named.items()]
        for node, texts in clauses.items():
            if node not in named:
                n = min(len(texts), CLAUSES_COUNTED)
                found.append(Evidence(node, "sentence", round(1 - (1 - CLAUSE) ** n, 3),
                                      f"{len(texts)} citing sentence(s): {texts[0]}"))
        return found


def work_evidence(taxonomy: Taxonomy, work: Work, cited_under: list[int], heading_labels: dict[int, list[Evidence]],
                  headings: dict[int, Heading], abstract: str | None = None, topics: list[str] = (),
                  sentences: list[tuple[str, str]] = (), bib_fields: dict | None = None,
                  evidencer: Evidencer | None = None) -> list[Evidence]:
    """Every piece of evidence for one work (before user decisions)."""
    ev = evidencer or Evidencer(taxonomy)
    bib_fields = bib_fields or {}
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
    for text, weight, where in ((work.title, TITLE, "title"), (bib_fields.get("abstract"), ABSTRACT, "abstract"),
                                (bib_fields.get("keywords"), KEYWORDS, "keywords"),
                                (abstract, ABSTRACT, "OpenAlex abstract"), (work.venue, VENUE, "venue")):
        for node_id, hits in ev.terms(text).items():
            found.append(Evidence(node_id, "rule", weight, f"{where}: {', '.join(hits[:4])}"))
        if where in ("abstract", "keywords", "OpenAlex abstract"):
            for node_id in sorted({n for _, _, nodes in ev.named(text) for n in nodes}):
                found.append(Evidence(node_id, "name", weight, f"{where} names it"))
    found += ev.title_names(work.title or "")
    for node in taxonomy.nodes.values():
        if hints := node.hint_hits(work.title or ""):
            found.append(Evidence(node.id, "rule", HINT, f"title (weak): {', '.join(hints[:3])}"))
    found += ev.sentences(list(sentences))
    topic_hits: dict[str, set[str]] = defaultdict(set)
    for t in topics:
        for node_id, hits in ev.terms(t).items():
            topic_hits[node_id].update(hits)
    for node_id, hits in topic_hits.items():
        found.append(Evidence(node_id, "topic", TOPIC, f"OpenAlex topics/keywords: {', '.join(sorted(hits)[:4])}"))
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
        sentences: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for work_id, heading_id, key, sentence in session.execute(
                select(Citation.work_id, Citation.heading_id, Citation.key, Citation.sentence)
                .where(Citation.work_id.is_not(None))):
            if heading_id is not None:
                cited[work_id].append(heading_id)
            if sentence:
                sentences[work_id].append((key, sentence))
        bib_fields: dict[int, dict] = {}
        for work_id, fields in session.execute(select(BibEntry.work_id, BibEntry.fields)
                                               .where(BibEntry.work_id.is_not(None)).order_by(BibEntry.id)):
            known = bib_fields.setdefault(work_id, {})
            for name in ("abstract", "keywords"):
                if (fields or {}).get(name) and name not in known:
                    known[name] = fields[name]
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
        evidencer = Evidencer(taxonomy)
        for w in works:
            evidence = work_evidence(taxonomy, w, cited.get(w.id, []), heading_labels, headings, abstracts.get(w.id),
                                     topics.get(w.id, []), sentences.get(w.id, []), bib_fields.get(w.id),
                                     evidencer)
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
