"""Settings that matter to the municipality, kept in the database: one typed registry."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Setting
from desktop.services.actor import AccessDeniedError, Actor
from desktop.store.database import Database


@dataclass(frozen=True)
class AppSettings:
    """Every setting with its default; stored per field name as JSON."""

    # Minutes without input before the window locks (0 would be never: not allowed).
    auto_lock_minutes: int = 10
    # How many automatic backups to keep.
    backups_kept: int = 14
    # The municipality this installation belongs to (letterheads, new cases).
    home_municipality: str = "0126"
    # ISO date of the last automatic backup (one a day at most).
    last_automatic_backup: str = ""
    # Översikt: an employer I am responsible for counts as forgotten after this many days
    # without a contact.
    stale_contact_days: int = 90
    # Retention (gallring), docs/retention.md: closed cases and their notes, months after
    # closing; unfinished intake drafts, days after they were last saved; audit events,
    # months after they were written.
    retention_closed_case_months: int = 24
    retention_draft_days: int = 30
    retention_audit_months: int = 36


LIMITS = {
    "auto_lock_minutes": (1, 240),
    "backups_kept": (1, 365),
    "stale_contact_days": (7, 730),
    "retention_closed_case_months": (1, 120),
    "retention_draft_days": (1, 365),
    "retention_audit_months": (6, 120),
}


class SettingsError(ValueError):
    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def check(values: AppSettings) -> None:
    for name, (low, high) in LIMITS.items():
        value = getattr(values, name)
        if not low <= value <= high:
            raise SettingsError(f"Värdet ska vara mellan {low} och {high}.", name)


def read(session: Session) -> AppSettings:
    # The table's columns: the main window reads the settings while it is first built,
    # and loading entities would set up every mapper then.
    table = Setting.__table__
    stored = dict(session.execute(select(table.c.key, table.c.value)).all())
    values: dict[str, Any] = {}
    for field in fields(AppSettings):
        if field.name in stored:
            try:
                values[field.name] = json.loads(stored[field.name])
            except ValueError:
                continue  # a damaged value falls back to its default
    return replace(AppSettings(), **values)


def write(session: Session, **changes: Any) -> AppSettings:
    """Change some settings inside the caller's unit of work (audited like any row)."""
    new = replace(read(session), **changes)
    check(new)
    for name, value in changes.items():
        row = session.get(Setting, name)
        text = json.dumps(value)
        if row is None:
            session.add(Setting(key=name, value=text))
        elif row.value != text:
            row.value = text
    return new


class SettingsService:
    """Everyone reads the settings; only administrators change them. Without an actor
    (the app's own bookkeeping, scripts) changes are made in no one's name."""

    def __init__(self, db: Database, actor: Actor | None = None) -> None:
        self._db = db
        self._actor = actor

    def get(self) -> AppSettings:
        with self._db.read() as session:
            return read(session)

    def update(self, *, screen: str = "inställningar", **changes: Any) -> AppSettings:
        if self._actor is not None and not self._actor.is_admin:
            raise AccessDeniedError
        actor_id = self._actor.user_id if self._actor else None
        with self._db.unit_of_work(actor=actor_id, screen=screen) as session:
            return write(session, **changes)
