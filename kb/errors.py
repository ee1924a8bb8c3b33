"""Problems a user can fix.

Two kinds: `KbError` is raised when a command cannot go on at all (a missing path, a
database that cannot be opened); `Problem` is data, one per bad record, returned by the
readers next to everything they could read.
"""

from __future__ import annotations

from dataclasses import dataclass


class KbError(Exception):
    """A problem the user can fix; the message says how. The CLI prints it and exits 1."""


class UsageError(KbError):
    """The command line itself is wrong (exit 2)."""


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem found in the input, with where it is and what to do about it."""

    severity: str  # ERROR or WARNING
    code: str  # short stable identifier, e.g. "broken-key", "malformed-entry"
    message: str
    file: str | None = None
    line: int | None = None
    key: str | None = None

    @property
    def location(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.severity}: {self.message}" if where else f"{self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "key": self.key,
        }


# Errors in a book's content rather than in reading it: stored, and `kb check` fails on them.
CONTENT_ERROR_CODES = frozenset({"broken-key", "unmatched-citation", "ambiguous-citation"})


def _first_line(text: str) -> str:
    return str(text).strip().splitlines()[0] if str(text).strip() else ""


def explain(exc: BaseException, where: str | None = None, path: str | None = None) -> KbError | None:
    """A `KbError` saying what to do about a database or file-system error, or None for a bug.

    Database errors come from sqlite3, psycopg or SQLAlchemy (which wraps them); file-system
    errors are OSErrors with the file they were about.
    """
    if isinstance(exc, KbError):
        return exc
    db = f"the knowledge base {where}" if where else "the knowledge base"
    module = type(exc).__module__ or ""
    original = getattr(exc, "orig", None) or exc
    message = _first_line(str(original))
    lowered = message.lower()
    if module.startswith(("sqlite3", "sqlalchemy", "psycopg")):
        if "readonly database" in lowered or "read-only" in lowered:
            return KbError(f"{db} is read-only (file or folder permissions); make it writable or pass --db with a "
                           "writable copy")
        if "file is not a database" in lowered or "not a database" in lowered:
            return KbError(f"{db} is not an SQLite database; pass --db with a knowledge base file, or `kb ingest` "
                           "into a new file")
        if "unable to open database" in lowered:
            return KbError(f"cannot open {db} (a missing folder, or no permission to read it); check --db")
        if "database is locked" in lowered:
            return KbError(f"{db} is busy: another kb is writing to it; try again when it has finished")
        if "no such column" in lowered or "no such table" in lowered or "undefinedcolumn" in type(original).__name__.lower() \
                or "does not exist" in lowered and ("column" in lowered or "relation" in lowered):
            return KbError(f"{db} was written by an older kb ({message}); rebuild it with `kb ingest BOOK --db NEW` "
                           "for each book")
        if "disk" in lowered and "full" in lowered:
            return KbError(f"the disk holding {db} is full; free space and run the command again")
        if module.startswith(("psycopg", "sqlalchemy")) and (
                "connection" in lowered or "connect" in lowered or "could not translate host" in lowered
                or "password authentication" in lowered or "role" in lowered and "does not exist" in lowered
                or "database" in lowered and "does not exist" in lowered):
            return KbError(f"cannot connect to {db}: {message}; is the server running and the URL right?")
        if type(exc).__name__ in ("OperationalError", "DatabaseError", "InterfaceError", "ProgrammingError"):
            return KbError(f"{db} could not be read or written: {message}")
        return None
    if isinstance(exc, OSError):
        target = path or exc.filename or "the file"
        reason = exc.strerror or message
        hint = {
            "ENOENT": "the folder does not exist; create it first",
            "EISDIR": "it is a folder; give a file name",
            "ENOTDIR": "a part of the path is a file, not a folder",
            "EEXIST": "it exists already; remove it or choose another name",
            "EACCES": "no permission; choose a writable place",
            "ENOSPC": "the disk is full; free space and try again",
            "EROFS": "the file system is read-only; choose a writable place",
        }
        import errno

        name = errno.errorcode.get(exc.errno or 0, "")
        return KbError(f"cannot use {target}: {reason}" + (f"; {hint[name]}" if name in hint else ""))
    return None
