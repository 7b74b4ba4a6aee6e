"""The services one logged-in user gets, built once and handed to the views."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.accounts import AccountService, Actor
from desktop.services.audit_log import AuditLogService
from desktop.services.persons import PersonService
from desktop.services.settings import SettingsService
from desktop.store.database import Database


@dataclass(frozen=True)
class Services:
    db: Database
    actor: Actor
    accounts: AccountService
    audit_log: AuditLogService
    persons: PersonService
    settings: SettingsService

    @classmethod
    def for_user(cls, db: Database, actor: Actor) -> Services:
        return cls(
            db=db,
            actor=actor,
            accounts=AccountService(db, actor),
            audit_log=AuditLogService(db, actor),
            persons=PersonService(db),
            settings=SettingsService(db, actor),
        )
