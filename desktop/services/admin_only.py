"""The constructor of a service that is mostly for administrators, and its check."""

from __future__ import annotations

from desktop.services.actor import AccessDeniedError, Actor
from desktop.store.database import Database


class AdminOnlyService:
    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self.actor = actor

    def _require_admin(self) -> None:
        """AccessDeniedError unless the acting user is an administrator."""
        if not self.actor.is_admin:
            raise AccessDeniedError
