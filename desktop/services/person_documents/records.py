"""Reading a person's records for the documents (municipalities, users, placements,
the profile's rows), and writing dates, times and numbers as they print."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import (
    Education,
    EducationLevel,
    Employer,
    LabourMarketForm,
    Municipality,
    Occupation,
    Person,
    PersonLanguage,
    Placement,
    Qualification,
    User,
    WishedOccupation,
    WorkExperience,
)
from desktop.services import vocabulary
from desktop.services.audit_log import NO_USER, UNKNOWN_USER
from desktop.services.identity import written

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _local(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def _identity_number(person: Person) -> str:
    number = person.personal_number
    if number:
        kind = vocabulary.IDENTITY_KIND.get(person.identity_kind, person.identity_kind)
        return written(number) + (
            f" ({kind.lower()})" if person.identity_kind != "personnummer" else ""
        )
    reason = f": {person.no_identity_reason}" if person.no_identity_reason else ""
    return f"Saknas{reason}"


def _years(years: float | None) -> str | None:
    return f"{years:g} år".replace(".", ",") if years else None


# Reading helpers ------------------------------------------------------------------------------


def _municipality_names(session: Session) -> dict[str, str]:
    return {
        code: f"{name} kommun"
        for code, name in session.execute(select(Municipality.code, Municipality.name))
    }


def _user_names(session: Session) -> dict[uuid.UUID, str]:
    return dict(session.execute(select(User.id, User.full_name)).all())


def _user(users: dict[uuid.UUID, str], user_id: uuid.UUID | None) -> str:
    if user_id is None:
        return NO_USER
    return users.get(user_id, UNKNOWN_USER)


def _placements(session: Session, person_id: uuid.UUID) -> list[tuple[str | None, ...]]:
    rows = session.execute(
        select(LabourMarketForm.name_sv, Occupation.name_sv, Employer.name, Placement.extent,
               Placement.start_date, Placement.end_date)
        .join(LabourMarketForm, LabourMarketForm.code == Placement.form_code)
        .outerjoin(Occupation, Occupation.code == Placement.occupation_code)
        .outerjoin(Employer, Employer.id == Placement.employer_id)
        .where(Placement.person_id == person_id)
        .order_by(Placement.start_date)
    ).all()  # fmt: skip
    return [
        (form, occupation, employer, vocabulary.EXTENT.get(extent or "", extent),
         start.isoformat(), _iso(end) or "Pågår")
        for form, occupation, employer, extent, start, end in rows
    ]  # fmt: skip


def _swedish(person: Person, levels: dict[str, str]) -> str | None:
    parts = []
    if person.sfi_course:
        path = f" (studieväg {person.sfi_path})" if person.sfi_path else ""
        parts.append(f"{levels.get(person.sfi_course, person.sfi_course)}{path}")
    if person.sas_level:
        parts.append(levels.get(person.sas_level, person.sas_level))
    if person.swedish_cefr:
        parts.append(levels.get(person.swedish_cefr, person.swedish_cefr))
    return ", ".join(parts) or None


def _languages(session: Session, person_id: uuid.UUID, levels: dict[str, str]) -> list[Any]:
    return list(
        session.execute(
            select(PersonLanguage.language, PersonLanguage.mother_tongue, PersonLanguage.level)
            .where(PersonLanguage.person_id == person_id)
            .order_by(PersonLanguage.created_at, PersonLanguage.id)
        ).all()
    )


def _experiences(session: Session, person_id: uuid.UUID) -> list[Any]:
    return list(
        session.execute(
            select(WorkExperience.job_title, Occupation.name_sv, WorkExperience.years,
                   WorkExperience.last_year, WorkExperience.country)
            .outerjoin(Occupation, Occupation.code == WorkExperience.occupation_code)
            .where(WorkExperience.person_id == person_id)
            .order_by(WorkExperience.created_at, WorkExperience.id)
        ).all()
    )  # fmt: skip


def _educations(session: Session, person_id: uuid.UUID) -> list[Any]:
    return list(
        session.execute(
            select(EducationLevel.name_sv, Education.field, Education.country, Education.years,
                   Education.completed, Education.recognition)
            .join(EducationLevel, EducationLevel.code == Education.level)
            .where(Education.person_id == person_id)
            .order_by(Education.created_at, Education.id)
        ).all()
    )  # fmt: skip


def _qualifications(session: Session, person_id: uuid.UUID) -> list[Any]:
    return list(
        session.execute(
            select(Qualification.kind, Qualification.code, Qualification.valid_until)
            .where(Qualification.person_id == person_id)
            .order_by(Qualification.kind.desc(), Qualification.code)
        ).all()
    )


def _wished_occupations(session: Session, person_id: uuid.UUID) -> list[str]:
    return list(
        session.scalars(
            select(Occupation.name_sv)
            .join(WishedOccupation, WishedOccupation.occupation_code == Occupation.code)
            .where(WishedOccupation.person_id == person_id)
            .order_by(Occupation.name_sv)
        )
    )
