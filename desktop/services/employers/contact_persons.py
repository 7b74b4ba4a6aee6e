"""The people at an employer: listing, adding and editing them, and marking them as no
longer there (never deleting them)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import ContactPerson, Employer
from desktop.models.employer import employer_sort_key
from desktop.services.employers.base import EmployerError, EmployerServiceBase
from desktop.services.forms import found, get_or_missing, get_unchanged
from desktop.services.validation import email_problem, line_problem, name_problem, phone_problem


@dataclass(frozen=True)
class ContactPersonData:
    name: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ContactPersonRow:
    id: uuid.UUID
    version: int
    name: str
    role: str | None
    phone: str | None
    email: str | None
    active: bool


class ContactPersons(EmployerServiceBase):
    # Contact persons ---------------------------------------------------------------------

    def contact_persons(self, employer_id: uuid.UUID) -> list[ContactPersonRow]:
        """The people at the employer again (after a change), without another audited read:
        those still there first, then by name."""
        with self._db.read() as session:
            return self._contact_persons(session, employer_id)

    @staticmethod
    def _contact_persons(session: Session, employer_id: uuid.UUID) -> list[ContactPersonRow]:
        people = session.execute(
            select(
                ContactPerson.id,
                ContactPerson.version,
                ContactPerson.name,
                ContactPerson.role,
                ContactPerson.phone,
                ContactPerson.email,
                ContactPerson.active,
            ).where(ContactPerson.employer_id == employer_id)
        ).all()
        return sorted(
            (ContactPersonRow(*row) for row in people),
            key=lambda p: (not p.active, employer_sort_key(p.name)),
        )

    def contact_person_problems(self, data: ContactPersonData) -> dict[str, str]:
        return found(
            {
                "name": name_problem(data.name, label="Namnet"),
                "role": line_problem(data.role, label="Rollen"),
                "phone": phone_problem(data.phone),
                "email": email_problem(data.email),
            }
        )

    def add_contact_person(
        self, employer_id: uuid.UUID, data: ContactPersonData, *, screen: str = "arbetsgivarkort"
    ) -> uuid.UUID:
        EmployerError.raise_for(self.contact_person_problems(data))
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            get_or_missing(session, Employer, employer_id, "Arbetsgivaren")
            person = ContactPerson(id=uuid.uuid4(), employer_id=employer_id, active=True)
            _apply_contact_person(person, data)
            session.add(person)
            return person.id

    def update_contact_person(
        self,
        contact_person_id: uuid.UUID,
        version: int,
        data: ContactPersonData,
        *,
        screen: str = "arbetsgivarkort",
    ) -> int:
        EmployerError.raise_for(self.contact_person_problems(data))
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            person = get_unchanged(
                session, ContactPerson, contact_person_id, "Kontaktpersonen", version
            )
            _apply_contact_person(person, data)
            session.flush()
            return person.version

    def set_contact_person_active(
        self,
        contact_person_id: uuid.UUID,
        version: int,
        active: bool,
        *,
        screen: str = "arbetsgivarkort",
    ) -> int:
        """Mark someone as no longer (or again) at the employer; people are never deleted,
        so the contact log keeps who was met."""
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            person = get_unchanged(
                session, ContactPerson, contact_person_id, "Kontaktpersonen", version
            )
            if person.active != active:
                person.active = active
            session.flush()
            return person.version


def _apply_contact_person(person: ContactPerson, data: ContactPersonData) -> None:
    values = {
        "name": data.name,
        "role": data.role or None,
        "phone": data.phone or None,
        "email": data.email or None,
    }
    for name, value in values.items():
        if getattr(person, name, None) != value:
            setattr(person, name, value)
