"""One sync of a database, and what a failed one says (docs/sync.md).

Apart from the package's module (SyncService) so that child.py, which runs this in a
process of its own, and the package, which starts child.py, need not import each other.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from desktop.models import SyncState
from desktop.services.sync import laptop
from desktop.store.database import Database, is_disk_full

if TYPE_CHECKING:
    from desktop.services.sync.engine import Progress
    from desktop.services.sync.report import Report

log = logging.getLogger("desktop.services.sync")


class SyncError(Exception):
    """A sync or connection that could not be made; `str()` is Swedish, for the user."""


def failure_message(error: BaseException) -> str:
    """A Swedish line for what went wrong; never the statement or rows."""
    if is_disk_full(error):
        return "Disken är full: synkroniseringen kunde inte skriva här. Frigör utrymme."
    if _is_local(error):
        # The laptop's own database (busy with a long write, read-only, damaged): not the
        # server's fault, and not to be reported as the server being out of reach.
        return "Databasen på den här datorn kunde inte skrivas just nu; försök igen strax."
    return _server_message(error)


def _server_message(error: BaseException) -> str:
    if isinstance(error, OperationalError):
        detail = str(getattr(error, "orig", error)).lower()
        if "password authentication failed" in detail or "no password supplied" in detail:
            return "Servern godtog inte inloggningen (användare eller lösenord)."
        if "not permitted to log in" in detail:
            return "Kontot är avstängt på servern. Kontakta en administratör."
        if "certificate" in detail or "ssl" in detail:
            return "Serverns certifikat kunde inte verifieras."
        return "Servern kan inte nås just nu; ändringarna väntar här tills den kan det."
    if isinstance(error, ProgrammingError | DBAPIError):
        return "Servern vägrade synkroniseringen (behörighet eller schema). Kontakta IT."
    return f"Synkroniseringen misslyckades: {type(error).__name__}"


def _is_local(error: BaseException) -> bool:
    """Whether the error came from SQLite (SQLCipher), not from the server's driver."""
    module = type(getattr(error, "orig", error)).__module__
    return module.startswith(("sqlite3", "sqlcipher3"))


def sync_database(db: Database, who: str, progress: Progress) -> Report:
    """One sync of `db`, in whichever process runs it (SyncService.sync, child.py). A
    failure with the server is written to the sync state, for the status bar and
    `matchning sync status`, and raised as SyncError with a Swedish line."""
    with db.connect() as connection:
        current = laptop.state(connection)
    if current is None:
        raise SyncError("Datorn är inte ansluten till någon server.")
    from desktop.services.sync import engine, server

    remote = server.engine(current.url, current.db_user, current.db_password)
    try:
        return engine.run(db, remote, who=who, progress=progress)
    except DBAPIError as error:
        message = failure_message(error)
        log.info("sync failed: %s", type(error).__name__)
        try:
            with laptop.writing(db) as connection:
                connection.execute(update(SyncState).values(last_error=message))
        except DBAPIError:
            pass  # the laptop's database refuses writes (full, read-only): the line says so
        raise SyncError(message) from error
    finally:
        remote.dispose()
