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


def read_toml(path, what: str) -> dict:
    """A TOML file as a dict; a missing or broken file is a KbError naming it."""
    import tomllib
    from pathlib import Path

    from kb.errors import KbError

    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KbError(f"{what} file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise KbError(f"{path}: not valid TOML ({exc}); fix the file") from None
