"""Schema migrations (Alembic): every knowledge base is brought up to the schema of this kb in place.

A new knowledge base gets every table at once and is stamped with the newest revision. One made
before kb used Alembic carries only `schema_version` in `kbmeta`; it is stamped with the revision of
that version (`BASELINES`) and then upgraded like any other. Every upgrade runs in the caller's
transaction, so a failed or killed upgrade leaves the knowledge base as it was.

To change the schema: change kb/models.py, raise `kb.schema.SCHEMA_VERSION`, and add a revision in
`versions/` that upgrades a knowledge base of the previous schema (and sets `schema_version`); the
tests upgrade knowledge bases of every older schema kept in tests/data and compare the result with a
new one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from kb.errors import KbError
from kb.schema import META_TABLE, SCHEMA_VERSION, UPGRADABLE_FROM

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent


def revision(version: int) -> str:
    """The revision that brings a knowledge base to schema `version` (a test checks Alembic's head is
    `revision(SCHEMA_VERSION)`), so an up-to-date knowledge base is recognised without importing Alembic."""
    return f"schema{version}"


# the schema_version of a knowledge base made before Alembic -> the revision it is stamped with
BASELINES = {UPGRADABLE_FROM: revision(UPGRADABLE_FROM)}


def config(connection: Connection) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def set_version(connection: Connection, version: int) -> None:
    """Record `version` as the knowledge base's schema_version (what readers check)."""
    updated = connection.execute(text(f"UPDATE {META_TABLE} SET value = :v WHERE key = 'schema_version'"),
                                 {"v": str(version)}).rowcount
    if not updated:
        connection.execute(text(f"INSERT INTO {META_TABLE} (key, value) VALUES ('schema_version', :v)"),
                           {"v": str(version)})


def recorded_version(connection: Connection, tables: set[str]) -> int | None:
    if META_TABLE not in tables:
        return None
    found = connection.execute(text(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'")).scalar()
    return int(found) if found is not None else None


def bring_up_to_date(connection: Connection, name: str) -> int | None:
    """Create the schema in an empty database, or upgrade an older one; returns the schema version the
    knowledge base had before an upgrade (None when nothing was upgraded)."""
    from sqlmodel import SQLModel

    from kb import fulltext

    tables = set(inspect(connection).get_table_names())
    before = recorded_version(connection, tables)
    if before == SCHEMA_VERSION and "alembic_version" in tables and connection.execute(
            text("SELECT version_num FROM alembic_version")).scalar() == revision(SCHEMA_VERSION):
        return None  # the common case, decided without importing Alembic (half a second of start-up)
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = config(connection)
    script = ScriptDirectory.from_config(cfg)
    if not tables & set(SQLModel.metadata.tables):
        SQLModel.metadata.create_all(connection)
        fulltext.create(connection)
        set_version(connection, SCHEMA_VERSION)
        command.stamp(cfg, "head")
        return None
    current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        if before is not None and before > SCHEMA_VERSION:
            raise _newer(name, before)
        if before not in BASELINES:
            raise KbError(f"the knowledge base {name} was made by a kb too old to upgrade (schema {before or 1}); "
                          "rebuild it with `kb ingest BOOK --db NEW` for each book")
        command.stamp(cfg, BASELINES[before])
        current = BASELINES[before]
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise _newer(name, before)
    if current == script.get_current_head():
        if before != SCHEMA_VERSION:  # kbmeta lost or damaged while the revision says current
            set_version(connection, SCHEMA_VERSION)
        return None
    command.upgrade(cfg, "head")
    return before


def _newer(name: str, version: int | None) -> KbError:
    return KbError(f"the knowledge base {name} was written by a newer kb (schema {version}, this kb knows "
                   f"{SCHEMA_VERSION}); use that kb or upgrade this one")
