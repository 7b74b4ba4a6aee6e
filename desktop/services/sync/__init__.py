"""Synchronisation with the municipalities' shared PostgreSQL server (docs/sync.md).

The laptop works on its own database at all times; a sync pushes what changed here,
then pulls what changed there. `SyncService` is what the CLI and the views use.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, delete, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from desktop.models import Base, SyncConflict, SyncPending, SyncState, User
from desktop.models.sync import SyncAccount
from desktop.services.sync import labels, laptop

# In desktop/services/sync/once.py, so child.py (which this module starts) takes them from
# there and not from here; re-exported (`as`: explicitly, for mypy) where callers find them.
from desktop.services.sync.once import SyncError as SyncError
from desktop.services.sync.once import failure_message
from desktop.services.sync.once import sync_database as sync_database
from desktop.services.sync.tables import decode_value
from desktop.store.database import Database

if TYPE_CHECKING:
    from desktop.services.accounts import Actor
    from desktop.services.sync.engine import Progress
    from desktop.services.sync.report import Report

log = logging.getLogger(__name__)

# Hosts where the connection does not leave the machine: no TLS needed there.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "")


@dataclass(frozen=True)
class SyncStatus:
    connected: bool
    server: str | None  # host/database, for the status bar
    last_sync_at: dt.datetime | None
    waiting: int  # rows changed here, not yet pushed
    conflicts: int
    last_error: str | None


@dataclass(frozen=True)
class Conflict:
    id: uuid.UUID
    table_name: str
    row_id: uuid.UUID
    field: str
    local_value: Any
    server_value: Any
    local_by: str | None
    local_at: dt.datetime | None
    server_by: str | None
    server_at: dt.datetime | None
    # For the user (labels.py): "Arbetsgivare: Byggbolaget AB", "Telefon", and each
    # value as the screens show it ("(tomt)", "Ja", "2026-03-24", a name for an id).
    record: str = ""
    field_label: str = ""
    local_text: str = ""
    server_text: str = ""


def check_url(url: str) -> str:
    """The server's address, refused unless the server's certificate is verified (or
    the server is on this machine). Returns the address without any password in it."""
    try:
        address = make_url(url)
    except ArgumentError as error:
        raise SyncError(f"Serveradressen går inte att läsa: {url}") from error
    if not address.drivername.startswith("postgresql"):
        raise SyncError("Serveradressen ska börja med postgresql://")
    if not address.database:
        raise SyncError("Serveradressen saknar databasens namn (postgresql://värd/databas).")
    host = address.host or ""
    sslmode = address.query.get("sslmode")
    if host not in LOCAL_HOSTS and not host.startswith("/") and sslmode != "verify-full":
        raise SyncError(
            "Servern måste nås med verifierat certifikat: lägg till "
            "?sslmode=verify-full&sslrootcert=<kommunens CA-fil> i adressen."
        )
    return address.set(password=None).render_as_string(hide_password=False)


class SyncService:
    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self.actor = actor

    # -- state --------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        with self._db.connect() as connection:
            current = laptop.state(connection)
            waiting = connection.scalar(select(func.count()).select_from(SyncPending)) or 0
            conflicts = connection.scalar(select(func.count()).select_from(SyncConflict)) or 0
        if current is None:
            return SyncStatus(False, None, None, 0, 0, None)
        address = make_url(current.url)
        return SyncStatus(
            True,
            f"{address.host or 'lokal'}/{address.database}",
            current.last_sync_at,
            waiting,
            conflicts,
            current.last_error,
        )

    @property
    def connected(self) -> bool:
        with self._db.connect() as connection:
            return laptop.state(connection) is not None

    # -- connecting ---------------------------------------------------------------------

    def connect(self, url: str, login: str, password: str) -> uuid.UUID:
        """Join this laptop to a server as `login`. The logged-in user must be the one
        the login belongs to on the server; the user's id here becomes the server's.
        Everything on this laptop is offered at the first sync. Returns the user's id."""
        from desktop.services.sync import server  # the PostgreSQL driver, only when used

        address = check_url(url)
        remote = server.engine(address, login, password)
        try:
            with remote.connect() as connection:
                central = connection.execute(
                    select(User.__table__)
                    .join(SyncAccount, SyncAccount.user_id == User.id)
                    .where(SyncAccount.role_name == text("session_user"))
                ).first()
        except DBAPIError as error:
            raise SyncError(failure_message(error)) from error
        finally:
            remote.dispose()
        if central is None:
            raise SyncError(f"Inloggningen {login} hör inte till någon användare på servern.")
        if central.username != self.actor.username:
            raise SyncError(
                f"Inloggningen {login} hör till användaren {central.username} på servern, "
                f"inte till {self.actor.username}."
            )
        with laptop.writing(self._db) as connection:
            if laptop.state(connection) is not None:
                raise SyncError("Datorn är redan ansluten till en server.")
            if central.id != self.actor.user_id:
                _rekey_user(connection, self.actor.user_id, central.id)
            connection.execute(
                insert(SyncState).values(
                    id=1,
                    laptop_id=uuid.uuid4(),
                    url=address,
                    db_user=login,
                    db_password=password,
                    pulled_xid=0,
                    pulled_seq=0,
                    pushed_audit_seq=0,
                    applying=False,
                )
            )
            laptop.ensure_triggers(connection)
            laptop.mark_all_pending(connection)
            # The user's own account is managed centrally: the server's record of it
            # is the one kept here, not a conflict to settle at the first sync.
            with laptop.applying(connection):
                account = dict(central._mapping)
                laptop.upsert(connection, "users", [account])
                laptop.set_bases(connection, "users", [account])
                laptop.forget_pending(connection, "users", [central.id])
        log.info("laptop connected to a sync server")
        return uuid.UUID(str(central.id))

    def disconnect(self) -> None:
        """Stop syncing; what is here stays here."""
        with laptop.writing(self._db) as connection:
            laptop.drop_triggers(connection)
            for model in (SyncState, SyncPending, SyncConflict):
                connection.execute(delete(model))
            connection.exec_driver_sql("DELETE FROM sync_base")

    # -- syncing ------------------------------------------------------------------------

    def sync(
        self,
        progress: Progress | None = None,
        *,
        separate_process: bool = False,
        cancelled: Callable[[], bool] | None = None,
    ) -> Report:
        """Push, then pull. The command line syncs in this process; the app passes
        `separate_process=True`, so the sync runs in a child process of its own at low
        priority and the window's thread never waits for it (child.py). `cancelled()`,
        asked while the child runs, ends it (the next sync completes what it began); a
        sync in this process runs to its end."""
        who = self.actor.full_name
        if not separate_process:
            return sync_database(self._db, who, progress or _quiet)
        from desktop.services.sync import child

        return child.run(self._db.path, self._db.key, who, progress or _quiet, cancelled)

    # -- conflicts ----------------------------------------------------------------------

    def conflicts(self) -> list[Conflict]:
        with self._db.connect() as connection:
            found = connection.execute(
                select(SyncConflict.__table__).order_by(SyncConflict.detected_at)
            ).mappings()
            return [_conflict(connection, row) for row in found.all()]

    def resolve(self, conflict_id: uuid.UUID, *, keep_mine: bool) -> None:
        """The user's choice: keep this laptop's value (written here now, so the next
        sync sends it) or the server's (already here)."""
        with self._db.unit_of_work(screen="synkronisering") as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None:
                return
            if keep_mine:
                synced = Base.metadata.tables[conflict.table_name]
                value = decode_value(conflict.table_name, conflict.field, conflict.local_value)
                session.execute(
                    update(synced)
                    .where(synced.c.id == conflict.row_id)
                    .values({conflict.field: value, "version": synced.c.version + 1})
                )
            session.delete(conflict)


def _conflict(connection: Any, row: Any) -> Conflict:
    table_name, field = row["table_name"], row["field"]
    local = decode_value(table_name, field, row["local_value"])
    server = decode_value(table_name, field, row["server_value"])
    return Conflict(
        id=row["id"],
        table_name=table_name,
        row_id=row["row_id"],
        field=field,
        local_value=local,
        server_value=server,
        local_by=row["local_by"],
        local_at=row["local_at"],
        server_by=row["server_by"],
        server_at=row["server_at"],
        record=labels.record_label(connection, table_name, row["row_id"]),
        field_label=labels.field_label(table_name, field),
        local_text=labels.value_text(connection, table_name, field, local),
        server_text=labels.value_text(connection, table_name, field, server),
    )


def _quiet(phase: str, done: int, total: int | None) -> None:
    return None


def _rekey_user(connection: Any, old: uuid.UUID, new: uuid.UUID) -> None:
    """Give the user here the server's id for them, in every row that names them."""
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    users = Base.metadata.tables["users"]
    connection.execute(update(users).where(users.c.id == old).values(id=new))
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            for key in column.foreign_keys:
                if isinstance(key, ForeignKey) and key.target_fullname == "users.id":
                    connection.execute(
                        update(table).where(column == old).values({column.name: new})
                    )
