"""Facts about the stored schema that readers need without importing SQLModel.

`SCHEMA_VERSION` goes up whenever a table or column changes, with a migration in kb/migrations;
`kb.db.init_db` upgrades a knowledge base of an older version in place and records the version in
the `kbmeta` table; the read API refuses (with the command to run) one of another version.
"""

from __future__ import annotations

SCHEMA_VERSION = 3
UPGRADABLE_FROM = 2  # the oldest schema `kb upgrade` brings up to date (older ones are rebuilt)
META_TABLE = "kbmeta"
SEARCH_TABLE = "work_search"
NEWER = "newer"  # Work.origin of a work `kb new` found citing a book's works after the book
