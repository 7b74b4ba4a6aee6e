"""Backups as use cases: the daily automatic one, one made by hand, and a restore.

Each is recorded in the audit trail as an export (or, for a restore, an update) of the
database as a whole; the details never name a person, only what was done.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from desktop import clock
from desktop.services import audit, audit_head, settings
from desktop.services.admin_only import AdminOnlyService
from desktop.store import backup as store
from desktop.store import restore as restoring
from desktop.store.database import Database

BACKUP_DETAILS = "säkerhetskopia"
RESTORE_DETAILS = "återställd från säkerhetskopia"


def restore_details(carried: audit.Carried) -> str:
    if carried.last < carried.first:
        return RESTORE_DETAILS
    moved = "förda över" if carried.same_chain else "skrivna på nytt"
    return (
        f"{RESTORE_DETAILS}; loggens händelser nr {carried.first}–{carried.last} från "
        f"databasen före återställningen {moved}"
    )


def today(now: dt.datetime | None = None) -> dt.date:
    """The date in Sweden: "once a day" follows the user's calendar, not UTC's."""
    return clock.today() if now is None else now.astimezone(clock.STOCKHOLM).date()


def _record_backup(db: Database, actor_id: uuid.UUID | None, screen: str, **changes: str) -> None:
    with db.unit_of_work(actor=actor_id, screen=screen) as session:
        if changes:
            settings.write(session, **changes)
        audit.record(session, "export", "Database", details=BACKUP_DETAILS)
    audit_head.note(db)


def automatic_backup(
    db: Database, actor_id: uuid.UUID | None, *, on: dt.date | None = None
) -> Path | None:
    """The day's automatic backup, unless one was made today; the path, or None.

    Keeps only the newest `backups_kept` automatic backups. Safe to run off the GUI
    thread: the copy reads through a connection of its own.
    """
    day = (on or today()).isoformat()
    current = settings.SettingsService(db).get()
    if current.last_automatic_backup == day:
        return None
    path = store.backup_database(db, reason=store.AUTOMATIC)
    store.prune(db.path, current.backups_kept)
    _record_backup(db, actor_id, "start", last_automatic_backup=day)
    return path


@dataclass(frozen=True)
class BackupInfo:
    """One backup in the database's backups folder, as a list shows it."""

    path: Path
    made_at: dt.datetime  # UTC
    size: int  # bytes
    automatic: bool
    reason: str  # automatisk, manuell, fore-aterstallning, before-upgrade-from-…


@dataclass(frozen=True)
class Restored:
    source: Path
    # The database as it was just before the restore, to go back to if needed.
    safety_backup: Path


class BackupService(AdminOnlyService):
    """What an administrator does with backups (the automatic one runs for everyone)."""

    def backup_now(self, target: Path | None = None, *, screen: str = "säkerhetskopior") -> Path:
        """A backup into `target` (a new file), or into the backups folder."""
        self._require_admin()
        path = store.backup_database(self._db, target, reason=store.MANUAL)
        _record_backup(self._db, self.actor.user_id, screen)
        return path

    def restore(self, path: Path, *, screen: str = "säkerhetskopior") -> Restored:
        """Put `path` back as the database. Everyone else must have logged out: the
        database is locked to this process, and a restored database has the users and
        rows of its day. The restore is recorded in the restored database's log."""
        self._require_admin()
        carried: list[audit.Carried] = []

        def carry_the_trail(restored: Engine) -> None:
            # In the restored content before it goes live: the events written since the
            # backup, then the restore itself, in one transaction.
            with restored.begin() as connection:
                carried.append(audit.carry_over(connection, restoring.REPLACED))
                audit.record_on(
                    connection,
                    "update",
                    "Database",
                    user_id=self.actor.user_id,
                    screen=screen,
                    details=restore_details(carried[0]),
                )

        safety = restoring.restore(self._db, path, carry_the_trail)
        audit_head.note(self._db, restarted=not carried[0].same_chain)
        return Restored(path, safety)

    def list_backups(self) -> list[BackupInfo]:
        """Newest first; only the backups folder beside the database."""
        found = []
        for backup in store.backup_files(self._db.path):
            try:
                size = backup.path.stat().st_size
            except OSError:
                continue  # pruned or moved while listing
            found.append(
                BackupInfo(backup.path, backup.made_at, size, backup.automatic, backup.reason)
            )
        return found
