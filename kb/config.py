"""Settings read from the environment, kept free of heavy imports (the CLI starts from here)."""

from __future__ import annotations

import os

DEFAULT_DATABASE = "data/papers.sqlite"
ENV_VAR = "KB_DATABASE_URL"


def database_url(explicit: str | None = None) -> str:
    """The database to use: `--db`, else $KB_DATABASE_URL, else data/papers.sqlite.

    A plain path is taken as an SQLite file.
    """
    value = explicit or os.environ.get(ENV_VAR) or DEFAULT_DATABASE
    return value if "://" in value else f"sqlite:///{value}"
