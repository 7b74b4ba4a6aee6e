"""Opening one need: everything its window shows, its requirements in Swedish, and the
need in the form's shape for editing."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.models import Employer, Placement, Vacancy, VacancyRequirement, Workplace
from desktop.models.vacancy import IMPORTANCES, REQUIREMENT_KINDS
from desktop.services import audit
from desktop.services.forms import get_or_missing
from desktop.services.reference import language_name
from desktop.services.vacancies.base import (
    RequirementData,
    VacancyData,
    VacancyServiceBase,
    _years_text,
)


@dataclass(frozen=True)
class RequirementRow:
    id: uuid.UUID
    kind: str
    importance: str
    code: str | None
    level: str | None
    years: float | None
    # What the requirement says, in Swedish: "Svenska B1 – mellannivå", "Körkort B".
    label: str


@dataclass(frozen=True)
class NeedDetails:
    id: uuid.UUID
    version: int
    employer_id: uuid.UUID
    employer_name: str
    workplace_id: uuid.UUID | None
    workplace_name: str | None
    occupation_code: str
    occupation_name: str
    title: str
    positions: int
    filled: int
    form_code: str
    extent: str | None
    municipality_code: str | None
    start_date: dt.date | None
    apply_by: dt.date | None
    description: str | None
    status: str
    agent_id: uuid.UUID | None
    requirements: tuple[RequirementRow, ...]

    def data(self) -> VacancyData:
        """The need in the form's shape, to edit and save with `update()`."""
        return VacancyData(
            employer_id=self.employer_id,
            workplace_id=self.workplace_id,
            occupation_code=self.occupation_code,
            title=self.title,
            positions=str(self.positions),
            form_code=self.form_code,
            extent=self.extent or "",
            municipality_code=self.municipality_code or "",
            start_date=self.start_date.isoformat() if self.start_date else "",
            apply_by=self.apply_by.isoformat() if self.apply_by else "",
            description=self.description or "",
            requirements=tuple(
                RequirementData(
                    r.kind,
                    r.importance,
                    "" if r.kind == "svenska" else r.code or "",
                    r.level or "",
                    _years_text(r.years),
                )
                for r in self.requirements
            ),
        )


class NeedDetailsReading(VacancyServiceBase):
    """Reading one need, and a requirement's label."""

    # Reading -----------------------------------------------------------------------------

    def opened(self, vacancy_id: uuid.UUID, *, screen: str = "rekryteringsbehov") -> None:
        """The acting user opened the need's window: an audited read, which Översikt
        lists among the records opened recently."""
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            audit.record(session, "read", "Vacancy", vacancy_id)

    def get(self, vacancy_id: uuid.UUID) -> NeedDetails:
        with self._db.read() as session:
            vacancy = get_or_missing(session, Vacancy, vacancy_id, "Behovet")
            employer_name = session.scalar(
                select(Employer.name).where(Employer.id == vacancy.employer_id)
            )
            workplace_name = session.scalar(
                select(Workplace.name).where(Workplace.id == vacancy.workplace_id)
            )
            filled = session.scalar(
                select(func.count())
                .select_from(Placement)
                .where(Placement.vacancy_id == vacancy_id)
            )
            occupation = self._reference.occupation(vacancy.occupation_code)
            requirements = tuple(
                RequirementRow(
                    r.id,
                    r.kind,
                    r.importance,
                    r.code,
                    r.level,
                    r.years,
                    self.requirement_label(r.kind, r.code, r.level, r.years),
                )
                for r in sorted(vacancy.requirements, key=_requirement_order)
            )
            return NeedDetails(
                id=vacancy.id,
                version=vacancy.version,
                employer_id=vacancy.employer_id,
                employer_name=employer_name or "",
                workplace_id=vacancy.workplace_id,
                workplace_name=workplace_name,
                occupation_code=vacancy.occupation_code,
                occupation_name=occupation.name if occupation else vacancy.occupation_code,
                title=vacancy.title,
                positions=vacancy.positions,
                filled=int(filled or 0),
                form_code=vacancy.form_code,
                extent=vacancy.extent,
                municipality_code=vacancy.municipality_code,
                start_date=vacancy.start_date,
                apply_by=vacancy.apply_by,
                description=vacancy.description,
                status=vacancy.status,
                agent_id=vacancy.agent_id,
                requirements=requirements,
            )

    def requirement_label(
        self, kind: str, code: str | None, level: str | None, years: float | None
    ) -> str:
        """What a requirement says, in Swedish: "Svenska B1 – mellannivå", "Körkort B"."""
        reference = self._reference
        if kind in ("svenska", "sprak"):
            language = "Svenska" if kind == "svenska" else language_name(code)
            return f"{language} {reference.level_name(level) if level else ''}".strip()
        if kind == "korkort":
            return f"Körkort {code}"
        if kind == "utbildning":
            levels = reference.education_levels()
            return next((c.name for c in levels if c.code == code), code or "")
        if kind == "erfarenhet":
            occupation = reference.occupation(code or "")
            name = occupation.name if occupation else code
            return f"{_years_text(years) or '0'} år som {name}"
        return code or ""


def _requirement_order(r: VacancyRequirement) -> tuple[int, int]:
    return (IMPORTANCES.index(r.importance), REQUIREMENT_KINDS.index(r.kind))
