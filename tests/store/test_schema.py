"""Creating, upgrading and refusing databases, with every file left as it was on error."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from desktop.store.errors import (
    DatabaseTooNewError,
    MigrationError,
    NotADatabaseError,
)
from desktop.store.schema import (
    HEAD_REVISION,
    _alembic_config,
    migrations_dir,
    open_database,
)
from desktop.store.server import migrate_server, server_engine


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_head_constant_matches_the_migration_scripts() -> None:
    assert ScriptDirectory(str(migrations_dir())).get_current_head() == HEAD_REVISION


def test_new_database_is_created_at_head_with_wal_and_foreign_keys(db_path: Path) -> None:
    with open_database(db_path) as db, db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert revision == HEAD_REVISION


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_at_head(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Engine]:
    """A database the migrations brought to head: a laptop's, and the shared server's."""
    if request.param == "sqlite":
        with open_database(db_path) as db:
            yield db.engine
        return
    url = request.getfixturevalue("pg_url")
    migrate_server(url)
    engine = server_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def test_models_and_migrations_agree(engine_at_head: Engine) -> None:
    """`alembic check`: autogenerate, with env.py's filters, finds nothing the
    migrations have not done, on SQLite and on PostgreSQL."""
    with engine_at_head.connect() as connection:
        command.check(_alembic_config(connection, migrations_dir()))


def test_reopening_a_current_database_does_not_write(db_path: Path) -> None:
    open_database(db_path).close()
    before = _digest(db_path)
    open_database(db_path).close()
    assert _digest(db_path) == before


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "anteckningar.sqlite"
    path.write_text("Det här är ingen databas.\n", encoding="utf-8")
    before = _digest(path)
    with pytest.raises(NotADatabaseError, match="ingen Matchning-databas"):
        open_database(path)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == [
        "anteckningar.sqlite"
    ]


def test_a_damaged_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "skadad.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = _digest(path)
    with pytest.raises(NotADatabaseError):
        open_database(path)
    assert _digest(path) == before


def test_a_database_newer_than_the_app_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = _digest(db_path)
    with pytest.raises(DatabaseTooNewError, match="nyare version"):
        open_database(db_path)
    assert _digest(db_path) == before
    assert not (db_path.parent / "backups").exists()


FAILING_REVISION = '''
"""a migration that fails half-way"""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE persons SET first_name = 'ändrad'")
    raise RuntimeError("simulated failure")


def downgrade() -> None:
    pass
'''


def test_a_failed_migration_rolls_back_and_keeps_a_backup(db_path: Path, tmp_path: Path) -> None:
    with open_database(db_path) as db, db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO persons (id, first_name, last_name, sort_key, identity_kind, "
            "no_identity_reason, birth_date, created_at, updated_at, version) VALUES "
            "('0123456789abcdef0123456789abcdef', 'Test', 'Person', 'person\x1ftest', "
            "'saknas', 'Väntar', '1990-01-01', '2026-01-01 00:00:00', "
            "'2026-01-01 00:00:00', 1)"
        )
    before = _dump(db_path)
    scripts = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), scripts)
    (scripts / "versions" / "0002_failing.py").write_text(
        FAILING_REVISION.format(head=HEAD_REVISION), encoding="utf-8"
    )

    with pytest.raises(MigrationError, match="kunde inte uppgraderas") as failure:
        open_database(db_path, script_location=scripts, head="9001")

    assert _dump(db_path) == before
    backups = list((db_path.parent / "backups").glob("*.sqlite"))
    assert len(backups) == 1
    assert str(backups[0]) in str(failure.value)
    assert _dump(backups[0]) == before
    # And the app still opens it with the real migrations.
    open_database(db_path).close()


def test_upgrade_runs_on_a_filled_database_and_backs_it_up_first(
    db_path: Path, tmp_path: Path
) -> None:
    """A later revision applied to a database filled at the previous one keeps its rows."""
    with open_database(db_path) as db, db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO employers (id, name, sort_key, sector, relationship_status, "
            "created_at, updated_at, version) VALUES ('00000000000000000000000000000001', "
            "'Exempel AB', 'exempel ab', 'privat', 'aktiv', '2026-01-01 00:00:00', "
            "'2026-01-01 00:00:00', 1)"
        )
    scripts = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), scripts)
    (scripts / "versions" / "0002_add_column.py").write_text(
        f"""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{HEAD_REVISION}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("employers") as batch:
        batch.add_column(sa.Column("extra", sa.String(10), nullable=True))


def downgrade() -> None:
    pass
""",
        encoding="utf-8",
    )
    with (
        open_database(db_path, script_location=scripts, head="9001") as db,
        db.engine.connect() as c,
    ):
        assert c.exec_driver_sql("SELECT name, extra FROM employers").all() == [
            ("Exempel AB", None)
        ]
        # Rebuilding the table under batch mode must not cascade into its children.
        assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    assert (
        len(list((db_path.parent / "backups").glob(f"*before-upgrade-from-{HEAD_REVISION}*"))) == 1
    )
