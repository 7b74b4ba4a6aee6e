"""Opening an employer: everything its screen shows, read in one go (and written to the
audit log), and the details alone after a save."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Employer, Municipality, Task, Vacancy, Workplace
from desktop.services import audit
from desktop.services.cases import TaskRow, task_rows
from desktop.services.employer_list import AGENT
from desktop.services.employers.contact_log import TIMELINE_PAGE, ContactLog, ContactRow
from desktop.services.employers.contact_persons import ContactPersonRow, ContactPersons
from desktop.services.employers.register import EmployerData, WorkplaceData
from desktop.services.orgnumber import format_org_number
from desktop.services.vacancies import NeedRow, need_rows
from desktop.store.errors import RecordMissingError

# The employer screen -------------------------------------------------------------------


@dataclass(frozen=True)
class WorkplaceRow:
    id: uuid.UUID
    name: str
    street_address: str | None
    postal_code: str | None
    city: str | None
    municipality_code: str | None
    municipality: str | None


@dataclass(frozen=True)
class EmployerDetails:
    id: uuid.UUID
    version: int
    org_number: str | None  # NNNNNN-NNNN
    # What the number implies ("Aktiebolag", "Enskild firma", ...); None without one.
    legal_form: str | None
    sole_trader: bool
    name: str
    sector: str
    industry_code: str | None
    industry_name: str | None
    municipality_code: str | None
    municipality: str | None
    website: str | None
    responsible_agent_id: uuid.UUID | None
    responsible_agent: str | None
    relationship_status: str
    notes: str | None
    last_contact_on: dt.date | None
    workplaces: tuple[WorkplaceRow, ...]

    def data(self) -> EmployerData:
        """The details in the form's shape, to edit and save with `update()`."""
        return EmployerData(
            org_number=self.org_number or "",
            name=self.name,
            sector=self.sector,
            industry_code=self.industry_code or "",
            industry_name=self.industry_name or "",
            municipality_code=self.municipality_code or "",
            website=self.website or "",
            responsible_agent_id=self.responsible_agent_id,
            relationship_status=self.relationship_status,
            notes=self.notes or "",
            workplaces=tuple(
                WorkplaceData(
                    w.name,
                    w.street_address or "",
                    w.postal_code or "",
                    w.city or "",
                    w.municipality_code or "",
                    w.id,
                )
                for w in self.workplaces
            ),
        )


@dataclass(frozen=True)
class EmployerScreen:
    """Everything the employer screen shows, read in one go."""

    details: EmployerDetails
    contact_persons: tuple[ContactPersonRow, ...]  # active first, then by name
    timeline: tuple[ContactRow, ...]  # newest first, at most TIMELINE_PAGE
    more_contacts: bool  # older contacts beyond the timeline: `timeline(after=...)`
    needs: tuple[NeedRow, ...]
    tasks: tuple[TaskRow, ...]


class EmployerScreens(ContactPersons, ContactLog):
    # Opening -----------------------------------------------------------------------------

    def open(
        self,
        employer_id: uuid.UUID,
        *,
        today: dt.date | None = None,
        screen: str = "arbetsgivarkort",
    ) -> EmployerScreen:
        """Everything the employer screen shows; the read is written to the audit log."""
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            details = self._details(session, employer_id)
            persons = self._contact_persons(session, employer_id)
            contacts = self._contacts(session, employer_id, None, TIMELINE_PAGE + 1)
            needs = need_rows(session, Vacancy.employer_id == employer_id)
            tasks = task_rows(session, Task.employer_id == employer_id)
            audit.record(session, "read", "Employer", employer_id)
        return EmployerScreen(
            details=details,
            contact_persons=tuple(persons),
            timeline=tuple(contacts[:TIMELINE_PAGE]),
            more_contacts=len(contacts) > TIMELINE_PAGE,
            needs=tuple(needs),
            tasks=tuple(tasks),
        )

    def details(self, employer_id: uuid.UUID) -> EmployerDetails:
        """The details alone (after a save), without another audited read."""
        with self._db.read() as session:
            return self._details(session, employer_id)

    def _details(self, session: Session, employer_id: uuid.UUID) -> EmployerDetails:
        agent = AGENT
        found_row = session.execute(
            select(Employer, Municipality.name, agent.c.full_name)
            .outerjoin(Municipality, Municipality.code == Employer.municipality_code)
            .outerjoin(agent, agent.c.id == Employer.responsible_agent_id)
            .where(Employer.id == employer_id)
        ).first()
        if found_row is None:
            raise RecordMissingError("Arbetsgivaren")
        employer, municipality, agent_name = found_row
        places = session.execute(
            select(Workplace, Municipality.name)
            .outerjoin(Municipality, Municipality.code == Workplace.municipality_code)
            .where(Workplace.employer_id == employer_id)
            .order_by(Workplace.created_at, Workplace.id)
        ).all()
        number = self._org_number(employer.org_number or "", None)
        return EmployerDetails(
            id=employer.id,
            version=employer.version,
            org_number=format_org_number(employer.org_number),
            legal_form=number.legal_form if number else None,
            sole_trader=bool(number and number.sole_trader),
            name=employer.name,
            sector=employer.sector,
            industry_code=employer.industry_code,
            industry_name=employer.industry_name,
            municipality_code=employer.municipality_code,
            municipality=municipality,
            website=employer.website,
            responsible_agent_id=employer.responsible_agent_id,
            responsible_agent=agent_name,
            relationship_status=employer.relationship_status,
            notes=employer.notes,
            last_contact_on=employer.last_contact_on,
            workplaces=tuple(
                WorkplaceRow(
                    p.id,
                    p.name,
                    p.street_address,
                    p.postal_code,
                    p.city,
                    p.municipality_code,
                    name,
                )
                for p, name in places
            ),
        )
