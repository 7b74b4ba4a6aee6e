"""The employer register itself: the employer form and its workplaces, the checks of
what was typed, and creating and changing an employer."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Employer, User, Vacancy, Workplace
from desktop.models.base import utcnow
from desktop.models.employer import RELATIONSHIP_STATUSES, SECTORS, employer_sort_key
from desktop.services.employers.base import EmployerError
from desktop.services.employers.duplicates import EmployerDuplicateCheck, PossibleDuplicateError
from desktop.services.forms import found, get_unchanged
from desktop.services.validation import (
    line_problem,
    name_problem,
    postal_code_problem,
    text_problem,
)


@dataclass(frozen=True)
class WorkplaceData:
    """A workplace as typed; `id` names the stored one being edited (None: a new one)."""

    name: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    municipality_code: str = ""
    id: uuid.UUID | None = None


@dataclass(frozen=True)
class EmployerData:
    """The employer form's fields, as typed."""

    org_number: str = ""
    name: str = ""
    sector: str = ""
    industry_code: str = ""
    industry_name: str = ""
    municipality_code: str = ""
    website: str = ""
    responsible_agent_id: uuid.UUID | None = None
    relationship_status: str = "prospekt"
    notes: str = ""
    workplaces: tuple[WorkplaceData, ...] = ()


_WEBSITE = re.compile(r"^(https?://)?[^\s/:@]+\.[^\s/:@]{2,}(:\d+)?(/\S*)?$", re.IGNORECASE)
_SNI = re.compile(r"^\d{2,5}$")


def _website_problem(text: str) -> str | None:
    if not text:
        return None
    problem = line_problem(text, label="Webbadressen", max_length=300)
    if problem:
        return problem
    if not _WEBSITE.match(text.strip()):
        return "Webbadressen ser inte rätt ut (till exempel www.exempel.se)."
    return None


class EmployerRegister(EmployerDuplicateCheck):
    # Checks ------------------------------------------------------------------------------

    def problems(self, data: EmployerData, *, today: dt.date | None = None) -> dict[str, str]:
        """Field → reason, for everything that stops the employer being saved."""
        municipalities = {c.code for c in self._reference.municipalities()}
        checks: dict[str, str | None] = {
            "org_number": self._org_number_problem(data.org_number, today),
            "name": name_problem(data.name, label="Namnet"),
            "sector": None if data.sector in SECTORS else "Välj sektor.",
            "industry_code": None
            if not data.industry_code or _SNI.match(data.industry_code)
            else "SNI-koden har två till fem siffror, till exempel 56100.",
            "industry_name": line_problem(data.industry_name, label="Branschen")
            or (
                "Skriv vilken bransch koden står för."
                if data.industry_code and not data.industry_name.strip()
                else None
            ),
            "municipality_code": None
            if not data.municipality_code or data.municipality_code in municipalities
            else "Välj kommun i listan.",
            "website": _website_problem(data.website),
            "relationship_status": None
            if data.relationship_status in RELATIONSHIP_STATUSES
            else "Välj status.",
            "notes": text_problem(data.notes, label="Anteckningarna"),
        }
        for i, place in enumerate(data.workplaces):
            checks.update(
                {
                    f"workplaces.{i}.name": name_problem(place.name, label="Arbetsplatsens namn"),
                    f"workplaces.{i}.street_address": line_problem(
                        place.street_address, label="Adressen"
                    ),
                    f"workplaces.{i}.postal_code": postal_code_problem(place.postal_code),
                    f"workplaces.{i}.city": line_problem(place.city, label="Orten", max_length=100),
                    f"workplaces.{i}.municipality_code": None
                    if not place.municipality_code or place.municipality_code in municipalities
                    else "Välj kommun i listan.",
                }
            )
        return found(checks)

    def notes(self, data: EmployerData, *, today: dt.date | None = None) -> dict[str, str]:
        """Field → something worth knowing that does not stop saving: the legal form an
        organisationsnummer implies, and that a personnummer makes it an enskild firma."""
        number = self._org_number(data.org_number, today)
        return {"org_number": number.note} if number is not None else {}

    def _agent_problem(self, session: Session, agent_id: uuid.UUID | None) -> str | None:
        if agent_id is None or session.get(User, agent_id) is not None:
            return None
        return "Välj en handläggare i listan."

    # Creating and changing ----------------------------------------------------------------

    def create(
        self,
        data: EmployerData,
        *,
        confirmed: bool = False,
        today: dt.date | None = None,
        screen: str = "arbetsgivare",
    ) -> uuid.UUID:
        """A new employer with its workplaces. Refuses (PossibleDuplicateError) when one
        with the same organisationsnummer exists, and when some have a similar name,
        until the user has looked at them and `confirmed` that this one is new."""
        EmployerError.raise_for(self.problems(data, today=today))
        number = self._org_number(data.org_number, today)
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            EmployerError.raise_for(
                {"responsible_agent_id": self._agent_problem(session, data.responsible_agent_id)}
            )
            duplicates = self._duplicates(session, data.name, number, None)
            if duplicates.same_number is not None or (duplicates.similar and not confirmed):
                raise PossibleDuplicateError(duplicates)
            employer = Employer(
                id=uuid.uuid4(),
                org_number=number.digits if number else None,
                last_contact_on=None,
            )
            self._apply(employer, data)
            employer.workplaces = [_workplace(place) for place in data.workplaces]
            session.add(employer)
            return employer.id

    def update(
        self,
        employer_id: uuid.UUID,
        version: int,
        data: EmployerData,
        *,
        today: dt.date | None = None,
        screen: str = "arbetsgivare",
    ) -> int:
        """Save the edited details and workplaces; returns the new version. A workplace
        left out of `data.workplaces` is removed, unless a recruitment need names it."""
        EmployerError.raise_for(self.problems(data, today=today))
        number = self._org_number(data.org_number, today)
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            employer = get_unchanged(session, Employer, employer_id, "Arbetsgivaren", version)
            digits = number.digits if number else None
            problems: dict[str, str | None] = {
                "responsible_agent_id": self._agent_problem(session, data.responsible_agent_id)
            }
            if digits is not None and digits != employer.org_number:
                taken = session.scalars(
                    select(Employer.id).where(
                        Employer.org_number == digits, Employer.id != employer_id
                    )
                ).first()
                if taken is not None:
                    problems["org_number"] = (
                        "En annan arbetsgivare i registret har redan det organisationsnumret."
                    )
            problems.update(self._workplace_problems(session, employer, data.workplaces))
            EmployerError.raise_for(problems)
            if employer.org_number != digits:
                employer.org_number = digits
            self._apply(employer, data)
            places_changed = self._replace_workplaces(session, employer, data.workplaces)
            if places_changed and not session.is_modified(employer, include_collections=False):
                # The workplaces are edited on the employer's form, under its version: a
                # change to them alone must still make another form's save stale.
                employer.updated_at = utcnow()
            session.flush()
            return employer.version

    @staticmethod
    def _apply(employer: Employer, data: EmployerData) -> None:
        """Copy the form onto the employer, touching only what changed (so an unchanged
        field is neither written nor logged)."""
        values: dict[str, object] = {
            "name": data.name,
            "sort_key": employer_sort_key(data.name),
            "sector": data.sector,
            "industry_code": data.industry_code.strip() or None,
            "industry_name": data.industry_name.strip() or None,
            "municipality_code": data.municipality_code or None,
            "website": data.website.strip() or None,
            "responsible_agent_id": data.responsible_agent_id,
            "relationship_status": data.relationship_status,
            "notes": data.notes or None,
        }
        for name, value in values.items():
            if getattr(employer, name, None) != value:
                setattr(employer, name, value)

    @staticmethod
    def _workplace_problems(
        session: Session, employer: Employer, wanted: tuple[WorkplaceData, ...]
    ) -> dict[str, str | None]:
        kept = {place.id for place in wanted if place.id is not None}
        problems: dict[str, str | None] = {}
        own = {place.id for place in employer.workplaces}
        for i, place in enumerate(wanted):
            if place.id is not None and place.id not in own:
                problems[f"workplaces.{i}.name"] = "Arbetsplatsen hör inte till arbetsgivaren."
        removed = own - kept
        if removed:
            used = session.scalars(
                select(Vacancy.workplace_id).where(Vacancy.workplace_id.in_(removed)).limit(1)
            ).first()
            if used is not None:
                problems["workplaces"] = (
                    "En arbetsplats som rekryteringsbehov gäller kan inte tas bort. "
                    "Ändra behoven först."
                )
        return problems

    @staticmethod
    def _replace_workplaces(
        session: Session, employer: Employer, wanted: tuple[WorkplaceData, ...]
    ) -> bool:
        """Make the workplaces those of the form; whether anything changed."""
        current = {place.id: place for place in employer.workplaces}
        changed = False
        for data in wanted:
            stored = current.pop(data.id, None) if data.id is not None else None
            if stored is None:
                employer.workplaces.append(_workplace(data))
                changed = True
                continue
            for name, value in _workplace_values(data).items():
                if getattr(stored, name) != value:
                    setattr(stored, name, value)
                    changed = True
        for place in current.values():
            employer.workplaces.remove(place)
            changed = True
        return changed


def _workplace_values(data: WorkplaceData) -> dict[str, object]:
    return {
        "name": data.name,
        "street_address": data.street_address or None,
        "postal_code": data.postal_code or None,
        "city": data.city or None,
        "municipality_code": data.municipality_code or None,
    }


def _workplace(data: WorkplaceData) -> Workplace:
    return Workplace(id=uuid.uuid4(), **_workplace_values(data))
