"""Knowledge bases written by the previous schema are upgraded in place, keeping every row.

The old knowledge bases are real ones kept in tests/data (see its README): the bundled knowledge
base as schema 2 wrote it, and a small enriched one (OpenAlex response cache, pins, hand-made
labels) on SQLite and, as a `pg_dump`, on PostgreSQL.
"""

from __future__ import annotations

import random
import shutil
import sqlite3

import pytest
from sqlalchemy import inspect, text

from kb import fulltext
from kb.api import open_kb
from kb.api.works import search
from kb.db import drop_schema, init_db, make_engine
from kb.schema import SCHEMA_VERSION
from tests.conftest import REPO, dump_rows, postgres_url
from tests.test_api import one_error_line, run

DATA = REPO / "tests" / "data"
BUNDLED_2 = DATA / "kb-schema2-bundled.sqlite"
ENRICHED_2 = DATA / "kb-schema2-enriched.sqlite"
ENRICHED_2_PG = DATA / "kb-schema2-enriched.postgres.sql"


@pytest.fixture(params=["sqlite", "postgresql"])
def enriched_2(request, tmp_path) -> str:
    """A URL of the small enriched knowledge base of schema 2, on each database."""
    if request.param == "sqlite":
        shutil.copyfile(ENRICHED_2, tmp_path / "old.sqlite")
        return f"sqlite:///{tmp_path / 'old.sqlite'}"
    url = postgres_url()
    engine = make_engine(url)
    drop_schema(engine)
    raw = engine.raw_connection()
    try:
        raw.cursor().execute(ENRICHED_2_PG.read_text(encoding="utf-8"))  # the dump, as pg_dump wrote it
        raw.commit()
    finally:
        raw.close()
    return url


def rows_of(url: str) -> dict[str, list[tuple]]:
    return dump_rows(make_engine(url), skip_columns=())


def matches(url: str) -> set[tuple]:
    with make_engine(url).connect() as conn:
        return set(conn.execute(text("SELECT work_id, status, method, openalex_id FROM workmatch")).all())


def schema_of(url: str) -> dict:
    """Tables, columns, indexes and foreign keys as the database reports them (and SQLite's DDL of the
    full-text table), to compare an upgraded knowledge base with a new one."""
    engine = make_engine(url)
    found = {}
    with engine.connect() as conn:
        inspector = inspect(conn)
        for table in sorted(inspector.get_table_names()):
            found[table] = (
                sorted((c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)),
                sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(table)),
                sorted((tuple(f["constrained_columns"]), f["referred_table"]) for f in inspector.get_foreign_keys(table)),
            )
        if engine.dialect.name == "sqlite":
            found["ddl"] = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'work_search'")).scalar()
    return found


def test_the_fixtures_are_of_schema_2_and_hold_what_must_survive(enriched_2):
    before = rows_of(enriched_2)
    assert before["kbmeta"] == [("schema_version", "2")] and "alembic_version" not in before
    assert before["apiresponse"] and before["apilookup"] and before["openalexrecord"]  # the response cache
    assert {r[2:4] for r in before["pin"]} == {("g1", "W9002"), ("g2", "None")}
    assert before["userlabel"] and before["label"] and before["workmatch"]


def test_an_enriched_knowledge_base_of_schema_2_is_upgraded_in_place_keeping_every_row(enriched_2):
    before = rows_of(enriched_2)
    one_error_line(run("works", "--db", enriched_2), 1, "run `kb upgrade`")  # readers say the one command
    result = run("upgrade", "--db", enriched_2)
    assert result.exit_code == 0, result.output
    assert f"upgraded from schema 2 to {SCHEMA_VERSION}" in result.stderr
    after = rows_of(enriched_2)
    assert after.pop("alembic_version") == [("schema3",)]
    assert after.pop("kbmeta") == [("schema_version", str(SCHEMA_VERSION))]
    before.pop("kbmeta")
    assert after == before  # the cache, pins, labels, matches and books, row for row
    assert "up to date" in run("upgrade", "--db", enriched_2).stderr  # a second upgrade does nothing


def test_the_cache_and_pins_of_an_upgraded_knowledge_base_still_answer_offline(enriched_2):
    matched = matches(enriched_2)
    assert {m[2] for m in matched} == {"doi", "pin"}
    result = run("enrich", "--offline", "--db", enriched_2)  # a writer: upgrades on open, then enriches
    assert result.exit_code == 0, result.output
    assert matches(enriched_2) == matched  # rebuilt from the kept responses and pins alone


def test_an_upgraded_knowledge_base_is_searchable_by_the_new_index(enriched_2):
    assert run("upgrade", "--db", enriched_2).exit_code == 0
    with make_engine(enriched_2).connect() as conn:
        with_topics = {w for (w,) in conn.execute(text(
            "SELECT DISTINCT t.work_id FROM worktopic t JOIN work w ON w.id = t.work_id WHERE w.origin = 'bib'"))}
        abstract = conn.execute(text("SELECT work_id, abstract FROM workenrichment WHERE abstract IS NOT NULL "
                                     "ORDER BY work_id")).first()
    assert with_topics
    with open_kb(enriched_2) as kb:
        assert {w["id"] for w in search(kb, "topic", limit=0)} == with_topics  # topic names are new in schema 3
        assert abstract.work_id in {w["id"] for w in search(kb, "abstract about", limit=0)}


def test_an_upgraded_knowledge_base_has_the_schema_of_a_new_one(enriched_2):
    assert run("upgrade", "--db", enriched_2).exit_code == 0
    upgraded = schema_of(enriched_2)
    if enriched_2.startswith("sqlite"):
        fresh = enriched_2.replace("old.sqlite", "new.sqlite")
    else:
        fresh = enriched_2
        drop_schema(make_engine(fresh))
    init_db(make_engine(fresh))
    assert schema_of(fresh) == upgraded


def test_a_failed_upgrade_leaves_the_knowledge_base_as_it_was(enriched_2, monkeypatch):
    before = rows_of(enriched_2)
    old_schema = schema_of(enriched_2)

    def fail(connection):
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(fulltext, "rebuild", fail)
    with pytest.raises(RuntimeError, match="disk filled"):
        init_db(make_engine(enriched_2))
    assert rows_of(enriched_2) == before and schema_of(enriched_2) == old_schema  # one transaction
    monkeypatch.undo()
    assert run("upgrade", "--db", enriched_2).exit_code == 0


def test_the_bundled_knowledge_base_of_schema_2_upgrades_when_a_writer_opens_it(tmp_path):
    db = tmp_path / "bundled.sqlite"
    shutil.copyfile(BUNDLED_2, db)
    url = f"sqlite:///{db}"
    before = rows_of(url)
    key, book = before["workkey"][0][2], "multimodal-dl"
    result = run("resolve", key, "W2741809807", "--book", book, "--db", db)  # a pin: a writer
    assert result.exit_code == 0, result.output
    after = rows_of(url)
    assert [r[2:4] for r in after.pop("pin")] == [(key, "W2741809807")]
    before.pop("pin")
    assert after.pop("kbmeta") == [("schema_version", str(SCHEMA_VERSION))] and after.pop("alembic_version")
    before.pop("kbmeta")
    assert after == before
    with open_kb(url) as kb, sqlite3.connect(db) as conn:
        works = conn.execute("SELECT id, title FROM work WHERE origin = 'bib' ORDER BY id").fetchall()
        for work_id, title in random.Random(5).sample(works, 25):
            assert work_id in {w["id"] for w in search(kb, title, limit=0)}, title


def test_a_knowledge_base_of_a_newer_kb_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    init_db(make_engine(url))
    with make_engine(url).begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'schema99'"))
        conn.execute(text("UPDATE kbmeta SET value = '99' WHERE key = 'schema_version'"))
    for command in ("upgrade", "classify", "works"):
        one_error_line(run(command, "--db", url), 1, "written by a newer kb (schema 99")


def test_the_newest_revision_is_named_for_the_schema_version():
    """An up-to-date knowledge base is recognised by `revision(SCHEMA_VERSION)` without importing Alembic."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    from kb.migrations import config, revision

    with create_engine("sqlite://").connect() as conn:
        assert ScriptDirectory.from_config(config(conn)).get_current_head() == revision(SCHEMA_VERSION)
