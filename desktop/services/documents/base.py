"""What the parts of the document service share: the refusals every document can meet,
and the database and acting user they work with."""

from __future__ import annotations

import uuid

from desktop.documents.errors import DocumentError
from desktop.services.accounts import Actor
from desktop.store.database import Database


class DocumentRefusedError(DocumentError):
    """A document the records do not allow now (no consent, values missing, a closed
    referral): the request, not the computer, has to change."""


class ConsentRequiredError(DocumentRefusedError):
    """The person has no consent in force to share their profile with employers."""

    def __init__(self, person_id: uuid.UUID, name: str, document: str) -> None:
        super().__init__(
            f"{name} har inget gällande samtycke till att profilen delas med arbetsgivare, "
            f"så {document} kan inte skrivas ut. Registrera samtycket under Samtycken på "
            "personens sida först."
        )
        self.person_id = person_id


class DocumentServiceBase:
    """The constructor of `DocumentService`."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self._actor = actor
