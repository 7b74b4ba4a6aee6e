"""What the migrations ask about the database they run on.

Kept apart from env.py and the models so that a migration can import it without
importing model code, which changes after the migration is written. A plain module of
`desktop.store`, not a file beside the migrations: the frozen app ships the migrations
as data files, while this is collected with the rest of the package.
"""

from __future__ import annotations

from alembic import op


def is_sqlite() -> bool:
    """Whether the migration runs on a laptop's SQLite (or SQLCipher) database.

    FTS5 search tables, their triggers and PRAGMAs exist only there; the shared
    PostgreSQL server gets the same tables, constraints and indexes without them.
    """
    return bool(op.get_bind().dialect.name == "sqlite")
