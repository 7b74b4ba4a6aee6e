"""The shared PostgreSQL server gets its schema from the same migrations as the laptops.

Every upgrade runs on a server database filled with the rows of the committed SQLite
database of the revision before (tests/data/migrations), copied table by table, so that
what holds for SQLite in test_migrations.py also holds here: each step runs on data
really written by the step before. `alembic check` on both dialects is in test_schema.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, MetaData, inspect, select, text
from sqlalchemy.exc import IntegrityError

from desktop.models import Base
from desktop.store.database import make_engine
from desktop.store.errors import ForeignServerDatabaseError, ServerTooNewError
from desktop.store.schema import HEAD_REVISION, _alembic_config, migrations_dir
from desktop.store.server import migrate_server, server_engine, server_revision
from tests.make_migration_fixture import FIXTURES
from tests.store.test_migrations import STEPS

PREVIOUS = [previous for previous, _ in STEPS]


def _copy_rows(sqlite_engine: Engine, connection: Connection) -> dict[str, int]:
    """Every row of every table the server has at this revision; the count a table.

    Parents before children, and within a table in SQLite's rowid order (the order the
    rows were written in, with foreign keys checked), so the server checks every foreign
    key as it goes. The server's reference rows from 0001 give way to the file's.
    """
    source = MetaData()
    source.reflect(sqlite_engine)
    target = MetaData()
    target.reflect(connection)
    tables = [table for table in target.sorted_tables if table.name != "alembic_version"]
    for table in reversed(tables):
        connection.execute(table.delete())
    counts = {}
    with sqlite_engine.connect() as reading:
        for table in tables:
            rows = [
                dict(row._mapping)
                for row in reading.execute(
                    select(source.tables[table.name]).order_by(text("rowid"))
                )
            ]
            if rows:
                connection.execute(table.insert(), rows)
            counts[table.name] = len(rows)
    return counts


def _counts(connection: Connection, tables: list[str]) -> dict[str, int]:
    return {
        table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
        for table in tables
    }


def test_an_empty_server_database_is_brought_to_head(pg_url: str) -> None:
    assert migrate_server(pg_url) == (None, HEAD_REVISION)

    engine = server_engine(pg_url)
    try:
        assert server_revision(engine) == HEAD_REVISION
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
        # The same tables as the laptops', without SQLite's search indexes.
        assert tables == {*Base.metadata.tables, "alembic_version"}
        # Run again, there is nothing left to do.
        assert migrate_server(pg_url) == (HEAD_REVISION, HEAD_REVISION)
    finally:
        engine.dispose()


@pytest.mark.parametrize("previous", PREVIOUS)
def test_upgrade_to_head_keeps_the_data_of_each_earlier_revision(
    pg_url: str, tmp_path: Path, previous: str
) -> None:
    assert migrate_server(pg_url, target=previous) == (None, previous)
    # A copy: opening the file sets WAL and may write to it.
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / f"{previous}.sqlite", path)
    sqlite_engine = make_engine(path)
    engine = server_engine(pg_url)
    try:
        with engine.begin() as connection:
            copied = _copy_rows(sqlite_engine, connection)
            # Counted on the server: from 0012 on its triggers add rows of their own
            # (the change feed) as the rows are copied in.
            before = _counts(connection, list(copied))
        assert before["persons"] == copied["persons"] > 0

        assert migrate_server(pg_url) == (previous, HEAD_REVISION)

        with engine.connect() as connection:
            assert _counts(connection, list(before)) == before
            # Upgraded from a filled database, the schema is the models' all the same.
            command.check(_alembic_config(connection, migrations_dir()))
    finally:
        engine.dispose()
        sqlite_engine.dispose()


def test_the_server_database_downgrades_to_empty_and_upgrades_again(pg_url: str) -> None:
    migrate_server(pg_url)
    engine = server_engine(pg_url)
    try:
        with engine.begin() as connection:
            command.downgrade(_alembic_config(connection, migrations_dir()), "base")
        with engine.connect() as connection:
            assert inspect(connection).get_table_names() == ["alembic_version"]
        assert migrate_server(pg_url) == (None, HEAD_REVISION)
    finally:
        engine.dispose()


def test_the_server_keeps_the_laptops_rules(pg_url: str, tmp_path: Path) -> None:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / f"{PREVIOUS[0]}.sqlite", path)
    migrate_server(pg_url, target=PREVIOUS[0])
    sqlite_engine = make_engine(path)
    engine = server_engine(pg_url)
    try:
        with engine.begin() as connection:
            _copy_rows(sqlite_engine, connection)
        migrate_server(pg_url)
        with engine.connect() as connection:
            task, case = connection.execute(
                text("SELECT id, case_id FROM tasks WHERE case_id IS NOT NULL LIMIT 1")
            ).one()
            employer = connection.execute(text("SELECT id FROM employers LIMIT 1")).scalar()
            # A follow-up is about a case or an employer, never both or neither.
            for case_id, employer_id in ((case, employer), (None, None)):
                with pytest.raises(IntegrityError, match="ck_tasks_subject"):
                    connection.execute(
                        text("UPDATE tasks SET case_id = :c, employer_id = :e WHERE id = :t"),
                        {"c": case_id, "e": employer_id, "t": task},
                    )
                connection.rollback()
            connection.execute(
                text(
                    "INSERT INTO audit_events (id, seq, occurred_at, action, entity_type, "
                    "prev_hash, hash) VALUES "
                    "(gen_random_uuid(), 1, now(), 'visa', 'person', '', 'x')"
                )
            )
            connection.commit()
            # The audit log only grows, as on the laptops.
            for statement in ("UPDATE audit_events SET hash = 'y'", "DELETE FROM audit_events"):
                with pytest.raises(IntegrityError, match="append-only"):
                    connection.execute(text(statement))
                connection.rollback()
    finally:
        engine.dispose()
        sqlite_engine.dispose()


def test_a_database_of_something_else_is_refused_untouched(pg_url: str) -> None:
    engine = server_engine(pg_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE kunder (namn text)"))
        with pytest.raises(ForeignServerDatabaseError, match="ingen Matchning-databas"):
            migrate_server(pg_url)
        with engine.connect() as connection:
            assert inspect(connection).get_table_names() == ["kunder"]
    finally:
        engine.dispose()


def test_a_database_of_a_newer_program_is_refused_untouched(pg_url: str) -> None:
    migrate_server(pg_url)
    engine = server_engine(pg_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(ServerTooNewError, match="nyare version av Matchning"):
            migrate_server(pg_url)
        assert server_revision(engine) == "9999"
    finally:
        engine.dispose()


def test_a_plain_postgresql_address_uses_psycopg_and_shows_no_password() -> None:
    engine = server_engine("postgresql://matchning:hemligt@server.example/matchning")
    try:
        assert engine.url.drivername == "postgresql+psycopg"
        assert "hemligt" not in repr(engine.url)
    finally:
        engine.dispose()
