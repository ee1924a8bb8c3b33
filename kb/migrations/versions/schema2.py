"""Schema 2: the tables of kb before it used Alembic (the baseline; nothing to do).

A knowledge base whose `kbmeta.schema_version` is 2 and that has no Alembic revision yet is
stamped with this revision and then upgraded.
"""

revision = "schema2"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    raise NotImplementedError("kb does not downgrade a knowledge base")
