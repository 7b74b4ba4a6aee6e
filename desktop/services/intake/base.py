"""What the parts of the intake service share: the error a form shows, the database and
acting user every part works with, and the draft turned into a person and their
profile's rows (by a completed intake and a saved profile alike)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from desktop.models import (
    Education,
    Person,
    PersonLanguage,
    Qualification,
    WishedMunicipality,
    WishedOccupation,
    WorkExperience,
)
from desktop.models.person import person_sort_key
from desktop.services.accounts import Actor
from desktop.services.identity import parse_identity_number
from desktop.services.reference import ReferenceService
from desktop.services.validation import parse_date
from desktop.store.database import Database

if TYPE_CHECKING:
    from desktop.services.intake.data import IntakeData


class IntakeError(ValueError):
    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or {}


def parse_years(text: str) -> float | None:
    return float(text.strip().replace(",", ".")) if text.strip() else None


def parse_last_year(text: str) -> int | None:
    return int(text.strip()) if text.strip() else None


class IntakeServiceBase:
    """The constructor of `IntakeService`, and what more than one part uses."""

    def __init__(
        self, db: Database, actor: Actor, reference: ReferenceService | None = None
    ) -> None:
        self._db = db
        self._actor = actor
        self._reference = reference or ReferenceService(db)

    def _person(self, d: IntakeData, today: dt.date) -> Person:
        if d.has_identity_number:
            number = parse_identity_number(d.identity_number, today=today)
            digits: str | None = number.digits
            kind = number.kind
            birth = number.birth_date
        else:
            digits, kind, birth = None, "saknas", parse_date(d.birth_date)
        person = Person(
            id=uuid.uuid4(),
            first_name=d.first_name,
            last_name=d.last_name,
            sort_key=person_sort_key(d.last_name, d.first_name),
            personal_number=digits,
            identity_kind=kind,
            no_identity_reason=None if digits else d.no_identity_reason,
            birth_date=birth,
            gender=d.gender,
            phone=d.phone or None,
            email=d.email or None,
            street_address=d.street_address or None,
            postal_code=d.postal_code or None,
            city=d.city or None,
            municipality_code=d.municipality_code,
            birth_country=d.birth_country or None,
            citizenship=d.citizenship or None,
            arrival_date=parse_date(d.arrival_date) if d.arrival_date.strip() else None,
            sfi_path=int(d.sfi_path) if d.sfi_path else None,
            sfi_course=d.sfi_course or None,
            sas_level=d.sas_level or None,
            swedish_cefr=d.swedish_cefr or None,
            work_extent=d.work_extent or None,
            earliest_start=parse_date(d.earliest_start) if d.earliest_start.strip() else None,
        )
        return person


def _children(d: IntakeData) -> dict[str, list[Any]]:
    """The profile's rows, not yet attached to a person."""
    return {
        "languages": [
            PersonLanguage(
                language=e.language, level=e.level or None, mother_tongue=e.mother_tongue
            )
            for e in d.languages
        ],
        "educations": [
            Education(
                level=e.level,
                field=e.field or None,
                country=e.country or None,
                years=int(parse_years(e.years) or 0) or None,
                completed=e.completed,
                recognition=e.recognition or None,
            )
            for e in d.educations
        ],
        "experiences": [
            WorkExperience(
                occupation_code=e.occupation_code or None,
                job_title=e.job_title or None,
                years=parse_years(e.years),
                last_year=parse_last_year(e.last_year),
                country=e.country or None,
            )
            for e in d.experiences
        ],
        "qualifications": [Qualification(kind="korkort", code=code) for code in d.driving_licences]
        + [Qualification(kind="certifikat", code=name) for name in d.certificates],
        "wished_occupations": [WishedOccupation(occupation_code=c) for c in d.wished_occupations],
        "wished_municipalities": [
            WishedMunicipality(municipality_code=c) for c in d.wished_municipalities
        ],
    }
