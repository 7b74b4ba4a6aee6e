"""The services one open database offers, built once and handed to the views."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.persons import PersonService
from desktop.store.database import Database


@dataclass(frozen=True)
class Services:
    db: Database
    persons: PersonService

    @classmethod
    def for_database(cls, db: Database) -> Services:
        return cls(db=db, persons=PersonService(db))
