"""What the two documents about a person share: who may produce them, and the sender
and letterhead they are printed with."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from desktop.documents.letterhead import Agent, Letterhead
from desktop.models import User
from desktop.models.user import ROLES
from desktop.services import settings
from desktop.services.documents import OUTPUTS, DocumentRefusedError, DocumentService
from desktop.services.letterheads import letterhead_of


class PersonDocumentsBase(DocumentService):
    """What the case summary and the register extract both use."""

    # Shared ----------------------------------------------------------------------------------

    def _check(self, output: str) -> None:
        if output not in OUTPUTS:
            raise ValueError(f"unknown output {output!r}")
        if self._actor.role not in ROLES:
            raise DocumentRefusedError("Din roll får inte ta fram dokument om personer.")

    def _sender(
        self, session: Session, agent_id: uuid.UUID | None, code: str | None
    ) -> tuple[Letterhead, Agent]:
        user = session.get(User, agent_id) if agent_id else None
        user = user or session.get(User, self._actor.user_id)
        code = code or (user.municipality_code if user else None)
        code = code or settings.read(session).home_municipality
        head = letterhead_of(session, code)
        agent = Agent(
            name=user.full_name if user else self._actor.full_name,
            phone=(user.phone if user else None) or head.phone,
            email=(user.email if user else None) or head.email,
        )
        letterhead = Letterhead(
            municipality_code=head.municipality_code,
            municipality=head.municipality,
            unit=head.unit,
            street_address=head.street_address,
            postal_code=head.postal_code,
            city=head.city,
            phone=head.phone,
            email=head.email,
            website=head.website,
            logo=head.logo,
        )
        return letterhead, agent
