"""Facts about the stored schema that readers need without importing SQLModel.

`SCHEMA_VERSION` goes up whenever a table or column changes; `kb.db.init_db` records it in
the `kbmeta` table and the read API refuses (with the command to run) a knowledge base
written by another version.
"""

from __future__ import annotations

SCHEMA_VERSION = 2
META_TABLE = "kbmeta"
SEARCH_TABLE = "work_search"
