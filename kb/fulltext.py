"""The full-text index of works, kept up to date for the works that change.

SQLite: an FTS5 table (`work_search`, rowid = work id) with the columns title, abstract, authors,
venue, keys and topics, tokenised by unicode61 without diacritics. PostgreSQL: a table of the same
name holding one weighted `tsvector` per work (title and keys A, authors B, topics and venue C,
abstract D) under a GIN index; the text is folded (lower case, accents removed) before it is
indexed, and queries are folded the same way. Other databases have no index (search scans).

Only works of a bibliography (origin `bib`) are indexed. Writers call `update` with the ids of
the works whose title, authors, venue, keys, abstract or topics they changed, and `remove` before
deleting works; `rebuild` indexes everything (schema upgrades).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import Connection

from kb.ids import fold
from kb.schema import SEARCH_TABLE

FTS5_COLUMNS = ("title", "abstract", "authors", "venue", "keys", "topics")
WEIGHTS = {"title": "A", "keys": "A", "authors": "B", "topics": "C", "venue": "C", "abstract": "D"}


def create(connection: Connection) -> None:
    """Create the index (empty) where the database has one and it is missing."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5({', '.join(FTS5_COLUMNS)}, "
            "tokenize='unicode61 remove_diacritics 2')")
    elif dialect == "postgresql":
        connection.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (work_id integer PRIMARY KEY REFERENCES work(id), "
            "document tsvector NOT NULL)")
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS ix_{SEARCH_TABLE}_document ON {SEARCH_TABLE} USING gin (document)")


def indexed(connection: Connection) -> bool:
    return connection.dialect.name in ("sqlite", "postgresql")


def remove(connection: Connection, work_ids) -> None:
    """Take these works out of the index."""
    from kb.db import batches

    if not indexed(connection):
        return
    column = "rowid" if connection.dialect.name == "sqlite" else "work_id"
    for part in batches(sorted(set(work_ids))):
        connection.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE {column} IN :ids")
                           .bindparams(bindparam("ids", expanding=True)), {"ids": part})


def update(connection: Connection, work_ids) -> int:
    """Index these works afresh (the ones that are no longer bibliography works drop out); returns how
    many are indexed now."""
    from kb.db import batches

    if not indexed(connection):
        return 0
    count = 0
    for part in batches(sorted(set(work_ids))):
        remove(connection, part)
        count += _insert(connection, _documents(connection, part))
    return count


def rebuild(connection: Connection) -> int:
    """Index every bibliography work (after creating the index, or when its shape changed)."""
    from kb.models import Work

    if not indexed(connection):
        return 0
    connection.exec_driver_sql(f"DELETE FROM {SEARCH_TABLE}")
    ids = [w for (w,) in connection.execute(select(Work.id).where(Work.origin == "bib").order_by(Work.id))]
    return update(connection, ids)


def _documents(connection: Connection, work_ids: list[int]) -> list[dict]:
    """The indexed text of these works, NFC, one dict per bibliography work."""
    from kb.models import Topic, Work, WorkEnrichment, WorkKey, WorkTopic

    keys: dict[int, list[str]] = defaultdict(list)
    for key, work_id in connection.execute(select(WorkKey.key, WorkKey.work_id).where(WorkKey.work_id.in_(work_ids))):
        keys[work_id].append(key)
    topics: dict[int, list[str]] = defaultdict(list)
    for work_id, name in connection.execute(select(WorkTopic.work_id, Topic.display_name)
                                            .join(Topic, Topic.id == WorkTopic.topic_id)
                                            .where(WorkTopic.work_id.in_(work_ids))
                                            .order_by(WorkTopic.work_id, WorkTopic.id)):
        topics[work_id].append(name)
    abstracts = dict(connection.execute(select(WorkEnrichment.work_id, WorkEnrichment.abstract)
                                        .where(WorkEnrichment.work_id.in_(work_ids))).all())
    documents = []
    for w in connection.execute(select(Work.id, Work.title, Work.authors, Work.venue)
                                .where(Work.id.in_(work_ids), Work.origin == "bib").order_by(Work.id)):
        authors = " ".join(" ".join(filter(None, [a.get("given"), a.get("family")])) for a in w.authors or [])
        values = {"title": w.title, "abstract": abstracts.get(w.id), "authors": authors, "venue": w.venue,
                  "keys": " ".join(sorted(keys[w.id])), "topics": " ; ".join(topics[w.id])}
        documents.append({"id": w.id, **{k: unicodedata.normalize("NFC", v or "") for k, v in values.items()}})
    return documents


def _insert(connection: Connection, documents: list[dict]) -> int:
    if not documents:
        return 0
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            f"INSERT INTO {SEARCH_TABLE}(rowid, {', '.join(FTS5_COLUMNS)}) VALUES (?{', ?' * len(FTS5_COLUMNS)})",
            [(d["id"], *(d[c] for c in FTS5_COLUMNS)) for d in documents])
    else:
        vector = " || ".join(f"setweight(to_tsvector('simple', :{c}), '{w}')" for c, w in WEIGHTS.items())
        connection.execute(text(f"INSERT INTO {SEARCH_TABLE} (work_id, document) VALUES (:id, {vector})"),
                           [{"id": d["id"], **{c: fold(d[c]) for c in WEIGHTS}} for d in documents])
    return len(documents)
