"""Schema 3: a full-text index kept up to date per work, on SQLite and on PostgreSQL.

SQLite: the FTS5 table gains a `topics` column (the OpenAlex topics of each work). PostgreSQL,
which had no index and searched with LIKE, gets `work_search` (one weighted tsvector per work)
under a GIN index. Both are filled from the rows already stored, so nothing is fetched again.
"""

from alembic import op

from kb import fulltext
from kb.migrations import set_version
from kb.schema import SEARCH_TABLE

revision = "schema3"
down_revision = "schema2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")  # schema 2's five-column FTS5 table
    fulltext.create(connection)
    fulltext.rebuild(connection)
    set_version(connection, 3)


def downgrade() -> None:
    raise NotImplementedError("kb does not downgrade a knowledge base")
