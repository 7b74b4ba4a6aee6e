"""Saving a need: recording a new one with its requirements, changing it, closing it
(filled or closed) or opening it again."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from desktop import clock
from desktop.models import Vacancy, VacancyRequirement
from desktop.models.vacancy import VACANCY_STATUSES
from desktop.services.forms import get_unchanged
from desktop.services.vacancies.base import VacancyError, _parse_years
from desktop.services.vacancies.checks import NeedChecks
from desktop.services.validation import parse_date

if TYPE_CHECKING:
    from desktop.services.vacancies.base import RequirementData, VacancyData


class NeedSaving(NeedChecks):
    """Creating and changing needs, refused with the checks' reasons."""

    # Saving ------------------------------------------------------------------------------

    def create(
        self,
        data: VacancyData,
        *,
        today: dt.date | None = None,
        screen: str = "rekryteringsbehov",
    ) -> uuid.UUID:
        """A new open need, with the acting user as its agent."""
        today = today or clock.today()
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            VacancyError.raise_for(self._problems(session, data, None, today))
            vacancy = Vacancy(id=uuid.uuid4(), status="oppet", agent_id=self._actor.user_id)
            _apply(vacancy, data)
            vacancy.requirements = [_requirement(r) for r in data.requirements]
            session.add(vacancy)
            return vacancy.id

    def update(
        self,
        vacancy_id: uuid.UUID,
        version: int,
        data: VacancyData,
        *,
        today: dt.date | None = None,
        screen: str = "rekryteringsbehov",
    ) -> int:
        """Save an edited need; returns the new version. The employer stays the same."""
        today = today or clock.today()
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            vacancy = get_unchanged(session, Vacancy, vacancy_id, "Behovet", version)
            problems = self._problems(session, data, vacancy_id, today)
            if data.employer_id != vacancy.employer_id:
                problems["employer_id"] = "Ett behov kan inte flyttas till en annan arbetsgivare."
            VacancyError.raise_for(problems)
            _apply(vacancy, data)
            _replace_requirements(
                vacancy.requirements, [_requirement(r) for r in data.requirements]
            )
            session.flush()
            return vacancy.version

    def set_status(
        self,
        vacancy_id: uuid.UUID,
        version: int,
        status: str,
        *,
        screen: str = "rekryteringsbehov",
    ) -> int:
        """Close a need as filled (tillsatt) or closed (stängt), or open it again."""
        if status not in VACANCY_STATUSES:
            raise VacancyError("Välj status.", {"status": "Välj status."})
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            vacancy = get_unchanged(session, Vacancy, vacancy_id, "Behovet", version)
            if vacancy.status != status:
                vacancy.status = status
            session.flush()
            return vacancy.version


def _apply(vacancy: Vacancy, data: VacancyData) -> None:
    """Copy the form onto the need, touching only what changed."""
    values: dict[str, object] = {
        "employer_id": data.employer_id,
        "workplace_id": data.workplace_id,
        "occupation_code": data.occupation_code,
        "title": data.title,
        "positions": int(data.positions.strip()),
        "form_code": data.form_code,
        "extent": data.extent or None,
        "municipality_code": data.municipality_code or None,
        "start_date": parse_date(data.start_date) if data.start_date.strip() else None,
        "apply_by": parse_date(data.apply_by) if data.apply_by.strip() else None,
        "description": data.description or None,
    }
    for name, value in values.items():
        if getattr(vacancy, name, None) != value:
            setattr(vacancy, name, value)


def _requirement(r: RequirementData) -> VacancyRequirement:
    """A checked requirement as stored: only the fields its kind uses."""
    return VacancyRequirement(
        id=uuid.uuid4(),
        kind=r.kind,
        importance=r.importance,
        code="sv" if r.kind == "svenska" else r.code.strip(),
        level=r.level if r.kind in ("svenska", "sprak") else None,
        years=_parse_years(r.years) if r.kind == "erfarenhet" else None,
    )


_REQUIREMENT_FIELDS = ("kind", "importance", "code", "level", "years")


def _replace_requirements(
    current: list[VacancyRequirement], wanted: list[VacancyRequirement]
) -> None:
    """Keep the rows that stay the same, so that saving an untouched need changes (and
    logs) nothing; remove the others and add the new ones."""

    def key(row: VacancyRequirement) -> tuple[object, ...]:
        return tuple(getattr(row, name) for name in _REQUIREMENT_FIELDS)

    wanted_keys = [key(row) for row in wanted]
    for row in [row for row in current if key(row) not in wanted_keys]:
        current.remove(row)
    present = {key(row) for row in current}
    current.extend(row for row in wanted if key(row) not in present)
