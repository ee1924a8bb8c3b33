"""The knowledge-base handle every read goes through.

On SQLite files the handle talks to the database with the standard library's sqlite3,
opened read-only (importing SQLAlchemy costs more than a whole `kb show`); it keeps one
connection per thread, so one handle can be shared by threads and cached (Streamlit caches
it across sessions and reruns). Any other URL, or an engine handed in, goes through
SQLAlchemy Core with the engine's pool. Every database error a user can fix becomes a
`KbError` saying what to do.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from kb.errors import KbError
from kb.schema import META_TABLE, SCHEMA_VERSION, UPGRADABLE_FROM

BUSY_TIMEOUT_S = 5.0
IN_BATCH = 900  # values per IN list: under every driver's parameter limit


class Record(dict):
    """A row as a dict whose columns can also be read as attributes (`row.title`)."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def decode_json(value):
    """A JSON column's value: SQLite hands back text, PostgreSQL the decoded value."""
    if isinstance(value, (str, bytes)):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def safe_url(url: str) -> str:
    """The URL without a password, for messages."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user + '@' if user else ''}{host}"


class KnowledgeBase:
    """A read handle on one knowledge base: `rows(sql, **params)` with `:name` placeholders."""

    def __init__(self, url: str | None = None, *, engine=None):
        if engine is None and url is None:
            raise ValueError("a KnowledgeBase needs a URL or an engine")
        self.engine = engine
        self.url = url if url is not None else str(engine.url)
        self.path: Path | None = None
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._checked = False
        if engine is None and self.url.startswith("sqlite:///") and self.url != "sqlite:///:memory:":
            self.path = Path(self.url.removeprefix("sqlite:///"))
            if self.path.is_dir():
                raise KbError(f"{self.path} is a folder, not a knowledge base file; pass --db FILE")
            if not self.path.is_file():
                raise KbError(f"no knowledge base at {self.path}; run `kb ingest BOOK` first or pass --db")
        elif engine is None:
            from kb.db import make_engine

            self.engine = make_engine(self.url, create=False)

    @property
    def dialect(self) -> str:
        return "sqlite" if self.path is not None else self.engine.dialect.name

    @property
    def sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def name(self) -> str:
        return str(self.path) if self.path is not None else safe_url(self.url)

    # --- connections ---------------------------------------------------------------------

    def _sqlite_connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = self._connect("mode=ro")
            except sqlite3.OperationalError as exc:
                # A WAL database in a folder this user cannot write: no -shm file can be made, so
                # read it as an immutable file (nobody can be writing it from here either).
                if "readonly" not in str(exc) and "unable to open" not in str(exc):
                    raise self._explain(exc) from None
                try:
                    conn = self._connect("mode=ro&immutable=1")
                except sqlite3.DatabaseError as exc2:
                    raise self._explain(exc2) from None
            except sqlite3.DatabaseError as exc:
                raise self._explain(exc) from None
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _connect(self, options: str) -> sqlite3.Connection:
        from urllib.parse import quote

        conn = sqlite3.connect(f"file:{quote(str(self.path.resolve()))}?{options}", uri=True, timeout=BUSY_TIMEOUT_S,
                               check_same_thread=False)
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def execute(self, sql: str, params: dict) -> list[Record]:
        """Run one SELECT as it is: no schema check, database errors raised as the driver raises them
        (for callers that handle them, such as FTS syntax errors in `search`). Prefer `rows`."""
        if self.path is not None:
            return [Record(r) for r in self._sqlite_connection().execute(sql, params)]
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return [Record(r) for r in conn.execute(text(sql), params).mappings()]

    def require_schema(self) -> None:
        """Check the schema once (see `check_schema`); `rows` does this, callers of `execute` must."""
        if not self._checked:
            self.check_schema()

    def rows(self, sql: str, **params) -> list[Record]:
        """Run one parameterised SELECT; rows come back as `Record`s."""
        self.require_schema()
        try:
            return self.execute(sql, params)
        except Exception as exc:  # noqa: BLE001 - only database errors are turned into KbError
            explained = self._explain(exc)
            if explained is None:
                raise
            raise explained from None

    def rows_in(self, sql: str, values, **params) -> list[Record]:
        """`rows` for a query with an `IN {ids}` list of any length: the values go in batches of IN_BATCH
        parameters (PostgreSQL takes at most 65,535, SQLite a few hundred thousand), results concatenated
        in batch order; ORDER BY holds within a batch only."""
        values = list(values)
        found: list[Record] = []
        for start in range(0, len(values), IN_BATCH):
            where, names = in_list("in_", values[start:start + IN_BATCH])
            found += self.rows(sql.format(ids=where), **params, **names)
        return found

    def tuples(self, sql: str, **params) -> list[tuple]:
        """Like `rows`, with each row a plain tuple in the SELECT's column order (for unpacking)."""
        return [tuple(r.values()) for r in self.rows(sql, **params)]

    def value(self, sql: str, **params):
        found = self.rows(sql, **params)
        return next(iter(found[0].values())) if found else None

    def state(self) -> str:
        """A token that changes whenever the knowledge base does (for caches: the dashboard's)."""
        if self.path is not None:
            parts = []
            for suffix in ("", "-wal"):
                f = Path(f"{self.path}{suffix}")
                if f.exists():
                    st = f.stat()
                    parts.append(f"{st.st_mtime_ns}:{st.st_size}")
            return "|".join(parts)
        counts = self.rows("SELECT (SELECT count(*) FROM ingestrun) AS i, (SELECT count(*) FROM label) AS l, "
                           "(SELECT count(*) FROM workmatch) AS m, (SELECT count(*) FROM reference) AS r, "
                           "(SELECT count(*) FROM userlabel) AS u")
        return ":".join(str(v) for v in counts[0].values())

    def check_schema(self) -> None:
        """Refuse, with the command to run, an empty knowledge base or one of another schema."""
        try:
            if self.sqlite and self.path is not None:
                tables = {r["name"] for r in self.execute("SELECT name FROM sqlite_master WHERE type = 'table'", {})}
            else:
                from sqlalchemy import inspect

                tables = set(inspect(self.engine).get_table_names())
            version = None
            if META_TABLE in tables:
                found = self.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'", {})
                version = int(found[0]["value"]) if found else None
        except Exception as exc:  # noqa: BLE001
            explained = self._explain(exc)
            if explained is None:
                raise
            raise explained from None
        if "book" not in tables:
            raise KbError(f"the knowledge base {self.name} holds no book yet; run `kb ingest PATH` first")
        if version is None or version < UPGRADABLE_FROM:
            raise KbError(f"the knowledge base {self.name} was made by a kb too old to upgrade (schema {version or 1}, "
                          f"this kb reads {SCHEMA_VERSION}); rebuild it with `kb ingest BOOK --db NEW` for each book")
        if version < SCHEMA_VERSION:
            raise KbError(f"the knowledge base {self.name} was written by an older kb (schema {version or 1}, this "
                          f"kb reads {SCHEMA_VERSION}); run `kb upgrade` to bring it up to date in place")
        if version > SCHEMA_VERSION:
            raise KbError(f"the knowledge base {self.name} was written by a newer kb (schema {version}, this kb reads "
                          f"{SCHEMA_VERSION}); use that kb, or upgrade this one")
        self._checked = True

    def _explain(self, exc: BaseException) -> KbError | None:
        from kb.errors import explain

        return explain(exc, where=self.name)

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_kb(url: str | None = None) -> KnowledgeBase:
    """A read handle on the knowledge base at `url` (default: --db / $KB_DATABASE_URL / data/papers.sqlite)."""
    from kb.config import database_url

    return KnowledgeBase(database_url(url))


def in_list(name: str, values) -> tuple[str, dict]:
    """An IN list with one named parameter per value (portable across DB-API drivers)."""
    names = {f"{name}{i}": v for i, v in enumerate(values)}
    return "(" + (", ".join(f":{n}" for n in names) or "NULL") + ")", names
