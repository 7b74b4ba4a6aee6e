"""The profile after intake: a person's profile in the intake's form, and saving it
edited with the intake's rules."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from desktop import clock
from desktop.models import Case, Person
from desktop.services.identity import written
from desktop.services.intake.base import IntakeError, _children
from desktop.services.intake.checks import IntakeChecks
from desktop.services.intake.data import (
    EducationEntry,
    ExperienceEntry,
    IntakeData,
    LanguageEntry,
    Step,
)


class ProfileEditing(IntakeChecks):
    """Reading and saving a registered person's profile (the person card)."""

    # The profile after intake ---------------------------------------------------------

    PROFILE_STEPS = (
        Step.IDENTITY, Step.BACKGROUND, Step.LANGUAGES, Step.EDUCATION, Step.EXPERIENCE,
        Step.LICENCES, Step.WISHES,
    )  # fmt: skip

    def profile_of(self, person_id: uuid.UUID) -> tuple[IntakeData, int]:
        """A person's profile in the form the intake uses, and its version for saving."""
        with self._db.read() as session:
            p = session.get_one(Person, person_id)
            case = session.get(Case, p.current_case_id) if p.current_case_id else None
            data = IntakeData(
                first_name=p.first_name,
                last_name=p.last_name,
                has_identity_number=p.personal_number is not None,
                identity_number=written(p.personal_number) if p.personal_number else "",
                birth_date="" if p.personal_number else p.birth_date.isoformat(),
                no_identity_reason=p.no_identity_reason or "",
                gender=p.gender or "",
                phone=p.phone or "",
                email=p.email or "",
                street_address=p.street_address or "",
                postal_code=p.postal_code or "",
                city=p.city or "",
                municipality_code=p.municipality_code or "",
                birth_country=p.birth_country or "",
                citizenship=p.citizenship or "",
                arrival_date=p.arrival_date.isoformat() if p.arrival_date else "",
                referred_by=(case.referred_by or "") if case else "",
                languages=[
                    LanguageEntry(x.language, x.level or "", x.mother_tongue) for x in p.languages
                ],
                sfi_path=str(p.sfi_path or ""),
                sfi_course=p.sfi_course or "",
                sas_level=p.sas_level or "",
                swedish_cefr=p.swedish_cefr or "",
                educations=[
                    EducationEntry(
                        e.level,
                        e.field or "",
                        e.country or "",
                        str(e.years or ""),
                        e.completed,
                        e.recognition or "",
                    )
                    for e in p.educations
                ],
                experiences=[
                    ExperienceEntry(
                        e.occupation_code or "",
                        e.job_title or "",
                        "" if e.years is None else f"{e.years:g}".replace(".", ","),
                        e.country or "",
                        "" if e.last_year is None else str(e.last_year),
                    )
                    for e in p.experiences
                ],
                driving_licences=[q.code for q in p.qualifications if q.kind == "korkort"],
                certificates=[q.code for q in p.qualifications if q.kind == "certifikat"],
                wished_occupations=[w.occupation_code for w in p.wished_occupations],
                wished_municipalities=[w.municipality_code for w in p.wished_municipalities],
                work_extent=p.work_extent or "",
                earliest_start=p.earliest_start.isoformat() if p.earliest_start else "",
            )
            return data, p.version

    def save_profile(
        self,
        person_id: uuid.UUID,
        version: int,
        data: IntakeData,
        today: dt.date | None = None,
        *,
        screen: str = "personkort",
    ) -> int:
        """Save an edited profile with the intake's rules; returns the new version.
        Refuses (IntakeError) on problems, a number another person has, or a version
        someone else has changed meanwhile."""
        today = today or clock.today()
        problems = {
            name: text
            for step in self.PROFILE_STEPS
            for name, text in self.problems(data, step, today).items()
        }
        if problems:
            raise IntakeError("Kontrollera de markerade fälten.", problems)
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            person = session.get_one(Person, person_id)
            if person.version != version:
                raise IntakeError(
                    "Någon annan har ändrat personen under tiden. Det du skrev finns kvar; "
                    "öppna personen på nytt och för in ändringarna igen."
                )
            fresh = self._person(data, today)
            if fresh.personal_number is not None:
                taken = session.scalars(
                    select(Person.id).where(
                        Person.personal_number == fresh.personal_number, Person.id != person_id
                    )
                ).first()
                if taken is not None:
                    raise IntakeError(
                        "En annan person har redan det numret.",
                        {"identity_number": "En annan person har redan det numret."},
                    )
            for column in _PROFILE_COLUMNS:
                if getattr(person, column) != getattr(fresh, column):
                    setattr(person, column, getattr(fresh, column))
            for collection, rows in _children(data).items():
                _replace(getattr(person, collection), rows, collection)
            if person.current_case_id and (case := session.get(Case, person.current_case_id)):
                referred = data.referred_by.strip() or None
                if case.referred_by != referred:
                    case.referred_by = referred
            session.flush()
            return person.version


_PROFILE_COLUMNS = (
    "first_name", "last_name", "sort_key", "personal_number", "identity_kind",
    "no_identity_reason", "birth_date", "gender", "phone", "email", "street_address",
    "postal_code", "city", "municipality_code", "birth_country", "citizenship",
    "arrival_date", "sfi_path", "sfi_course", "sas_level", "swedish_cefr", "work_extent",
    "earliest_start",
)  # fmt: skip
# What identifies a row in each collection; rows whose key and values are unchanged are
# kept, so that saving an untouched profile changes (and logs) nothing.
_ROW_FIELDS = {
    "languages": ("language", "level", "mother_tongue"),
    "educations": ("level", "field", "country", "years", "completed", "recognition"),
    "experiences": ("occupation_code", "job_title", "years", "last_year", "country"),
    "qualifications": ("kind", "code"),
    "wished_occupations": ("occupation_code",),
    "wished_municipalities": ("municipality_code",),
}


def _replace(current: list[Any], wanted: list[Any], collection: str) -> None:
    fields = _ROW_FIELDS[collection]

    def key(row: Any) -> tuple[Any, ...]:
        return tuple(getattr(row, name) for name in fields)

    wanted_keys = [key(row) for row in wanted]
    for row in [row for row in current if key(row) not in wanted_keys]:
        current.remove(row)
    present = {key(row) for row in current}
    current.extend(row for row in wanted if key(row) not in present)
