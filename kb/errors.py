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
