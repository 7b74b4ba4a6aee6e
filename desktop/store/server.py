"""The shared PostgreSQL server: connecting to it and bringing its schema up to date.

The server gets the same schema as the laptops' SQLite databases from the same Alembic
migrations (docs/decisions/0024). Unlike a laptop's file there is no copy to take
before an upgrade: PostgreSQL's DDL is transactional, so a failed upgrade is undone whole.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from desktop.store.errors import (
    ForeignServerDatabaseError,
    ServerAddressError,
    ServerMigrationError,
    ServerTooNewError,
    ServerUnreachableError,
)
from desktop.store.schema import known_revisions, upgrade

log = logging.getLogger(__name__)

DRIVER = "postgresql+psycopg"


def _server_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise ServerAddressError("Adressen") from error
    if parsed.get_backend_name() != "postgresql":
        raise ServerAddressError(_shown(parsed))
    # A plain postgresql:// URL would pick psycopg2, which is not installed.
    return parsed.set(drivername=DRIVER)


def _shown(url: URL) -> str:
    """The address as a message may show it: never the password."""
    return url.render_as_string(hide_password=True)


def server_engine(url: str) -> Engine:
    """An engine for the server at `url` (postgresql://user@host[:port]/database).

    Without a password in the URL, libpq's PGPASSWORD or ~/.pgpass supplies it (psycopg
    honours both), so it need not be written into any configuration file.
    """
    # hide_parameters: statements in errors and logs must not carry personal data.
    return create_engine(_server_url(url), hide_parameters=True)


def server_revision(engine: Engine) -> str | None:
    """The schema revision of the server's database; None if it has no Matchning schema."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def migrate_server(url: str, target: str = "head") -> tuple[str | None, str]:
    """Bring the server's database to `target`; (revision before, revision after).

    Refuses, leaving it untouched, a database made by a newer Matchning and one that
    already holds tables but not ours.
    """
    engine = server_engine(url)
    address = _shown(engine.url)
    try:
        try:
            before = _check(engine, address)
        except OperationalError as error:
            raise ServerUnreachableError(address) from error
        log.info("upgrading server schema from %s to %s", before or "empty", target)
        try:
            upgrade(engine, target=target)
        except Exception as error:
            log.exception("server schema upgrade failed")
            raise ServerMigrationError(address, f"{type(error).__name__}: {error}") from error
        after = server_revision(engine)
    finally:
        engine.dispose()
    assert after is not None
    return before, after


def _check(engine: Engine, address: str) -> str | None:
    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
    if "alembic_version" not in tables:
        if tables:
            raise ForeignServerDatabaseError(address)
        return None
    revision = server_revision(engine)
    if revision is not None and revision not in known_revisions():
        raise ServerTooNewError(address, revision)
    return revision
