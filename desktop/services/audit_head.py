"""The audit log's newest event, kept outside the database as well.

The hash chain shows an event changed, added or removed in the middle, but not the
newest events removed, nor the log rewritten from some event on by someone holding the
key: both leave a chain that is whole. So the app notes the newest event's number and
hash in a file beside the database (`<database>.audit-head`) when the database is
closed (logging out), when the screen locks and after each backup; and every kept
backup holds the newest event of its own day. `audit verify` checks that the live log
still holds each of them with the same hash (docs/security.md, "The audit trail").

A note only moves forward along the log: if the live log no longer holds the noted
event, the file is left as it is, so the evidence stays for `audit verify` to report.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop import clock
from desktop.models import AuditEvent
from desktop.services import audit
from desktop.store import backup
from desktop.store.database import Database
from desktop.store.private import replace_file

FORMAT = "matchning-audit-head-1"
_log = logging.getLogger(__name__)


def head_path(database: Path) -> Path:
    return database.with_name(database.name + ".audit-head")


class HeadFileDamagedError(ValueError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"filen {path} är skadad eller har ändrats för hand")


@dataclass(frozen=True)
class Noted:
    head: audit.Head
    noted_at: dt.datetime  # UTC


def read(database: Path) -> Noted | None:
    """The head noted beside `database`; None if there is no file yet."""
    path = head_path(database)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(data.get("format"))
        digest = str(data["hash"])
        if len(digest) != 64 or int(data["seq"]) < 0:
            raise ValueError("hash")
        noted_at = dt.datetime.fromisoformat(data["noted_at"]).astimezone(dt.UTC)
        return Noted(audit.Head(int(data["seq"]), digest), noted_at)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise HeadFileDamagedError(path) from error


def note(db: Database, *, restarted: bool = False) -> None:
    """Note the live log's newest event beside the database, if the log still holds the
    event noted before (or `restarted`: a restore that could not carry the old log on).

    Never raises for a file that cannot be read or written (a read-only medium, a full
    disk): logging out or locking the screen must not fail on it."""
    try:
        with db.connect() as connection:
            seq, digest = audit.newest(connection)
            before = None if restarted else read(db.path)
            if before is not None and before.head.seq <= seq:
                events = AuditEvent.__table__  # the table: closing sets up no mappers
                kept = connection.execute(
                    select(events.c.hash).where(events.c.seq == before.head.seq)
                ).scalar_one_or_none()
                if kept is not None and kept != before.head.hash:
                    return  # rewritten: keep the evidence
            elif before is not None:
                return  # shortened: keep the evidence
        if before is not None and before.head == audit.Head(seq, digest):
            return
        data = {
            "format": FORMAT,
            "seq": seq,
            "hash": digest,
            "noted_at": clock.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        }
        replace_file(head_path(db.path), json.dumps(data, indent=2) + "\n")
    except (OSError, HeadFileDamagedError) as error:
        _log.warning("loggens senaste händelse kunde inte antecknas: %s", type(error).__name__)


def keep(db: Database) -> None:
    """Note the head each time this database is closed."""
    db.on_close(lambda: note(db))


@dataclass(frozen=True)
class Outside:
    """What the live log must continue, found outside it."""

    marks: list[audit.Mark]
    problems: list[str]  # a noted head that cannot be read: the log is not shown whole
    skipped: list[str]  # backups that cannot be read: said, but no sign of tampering


def outside(db: Database) -> Outside:
    """The head noted beside the database and the newest event of every kept backup."""
    found = Outside([], [], [])
    try:
        noted = read(db.path)
    except HeadFileDamagedError as error:
        found.problems.append(f"Den antecknade positionen kan inte läsas: {error}.")
        noted = None
    if noted is not None:
        when = clock.local(noted.noted_at).strftime("%Y-%m-%d %H:%M")
        found.marks.append(audit.Mark(f"antecknad bredvid databasen {when}", noted.head))
    for kept in backup.backup_files(db.path):
        try:
            newest = backup.newest_audit_event(kept.path, db.key)
        except backup.BackupError:
            found.skipped.append(f"Säkerhetskopian {kept.path.name} kan inte läsas.")
            continue
        if newest is not None:
            found.marks.append(audit.Mark(f"säkerhetskopian {kept.path.name}", audit.Head(*newest)))
    return found
