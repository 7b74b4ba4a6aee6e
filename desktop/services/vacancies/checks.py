"""Checking a need's form: each field's reason, and requirements that contradict each
other (the same thing twice, a merit that asks for no more than the requirement)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import clock
from desktop.models import Employer, Vacancy, Workplace
from desktop.models.vacancy import IMPORTANCES, REQUIREMENT_KINDS
from desktop.services.forms import found
from desktop.services.intake import DRIVING_LICENCES, EXTENTS
from desktop.services.reference import language_name, languages
from desktop.services.search import fold
from desktop.services.vacancies.base import VacancyServiceBase, _parse_years, _years_text
from desktop.services.validation import date_problem, name_problem, parse_date, text_problem

if TYPE_CHECKING:
    from desktop.services.vacancies.base import RequirementData, VacancyData

MAX_POSITIONS = 999
MAX_YEARS = 60


# Requirements ---------------------------------------------------------------------------

# Kinds whose requirements lie on a scale: a merit must then ask for more than the
# requirement of the same thing.
_LEVELLED = ("svenska", "sprak", "utbildning", "erfarenhet")


def _years_problem(text: str) -> str | None:
    if not text.strip():
        return "Ange antal år (0 om erfarenhet räcker utan krav på tid)."
    try:
        years = _parse_years(text)
    except ValueError:
        return "Antal år skrivs som ett tal, till exempel 2 eller 1,5."
    if years < 0:
        return "Antal år kan inte vara negativt."
    if years > MAX_YEARS:
        return f"Antal år kan vara högst {MAX_YEARS}."
    return None


def _positions_problem(text: str) -> str | None:
    value = text.strip()
    if not value.isdigit() or not value.isascii() or int(value) < 1:
        return "Antal platser skrivs som ett heltal, minst 1."
    if int(value) > MAX_POSITIONS:
        return f"Antal platser kan vara högst {MAX_POSITIONS}."
    return None


class NeedChecks(VacancyServiceBase):
    """The form's checks, which saving repeats."""

    # Checks ------------------------------------------------------------------------------

    def problems(
        self,
        data: VacancyData,
        *,
        vacancy_id: uuid.UUID | None = None,
        today: dt.date | None = None,
    ) -> dict[str, str]:
        """Field → reason, for everything that stops the need being saved (`vacancy_id`:
        the stored need being edited, whose passed deadline may stay as it was)."""
        today = today or clock.today()
        with self._db.read() as session:
            return self._problems(session, data, vacancy_id, today)

    def _problems(
        self, session: Session, data: VacancyData, vacancy_id: uuid.UUID | None, today: dt.date
    ) -> dict[str, str]:
        reference = self._reference
        forms = {c.code for c in reference.labour_market_forms()}
        municipalities = {c.code for c in reference.municipalities()}
        stored_apply_by = (
            session.scalar(select(Vacancy.apply_by).where(Vacancy.id == vacancy_id))
            if vacancy_id is not None
            else None
        )
        checks: dict[str, str | None] = {
            "employer_id": self._employer_problem(session, data),
            "workplace_id": self._workplace_problem(session, data),
            "occupation_code": None
            if data.occupation_code and reference.occupation(data.occupation_code)
            else "Välj ett yrke i listan (SSYK).",
            "title": name_problem(data.title, label="Titeln"),
            "positions": _positions_problem(data.positions),
            "form_code": None if data.form_code in forms else "Välj anställningsform.",
            "extent": None if data.extent in EXTENTS else "Välj omfattning.",
            "municipality_code": None
            if not data.municipality_code or data.municipality_code in municipalities
            else "Välj kommun i listan.",
            "start_date": date_problem(data.start_date, label="Startdatumet"),
            "apply_by": self._apply_by_problem(data.apply_by, stored_apply_by, today),
            "description": text_problem(data.description, label="Beskrivningen"),
        }
        checks.update(self._requirement_problems(data.requirements))
        return found(checks)

    @staticmethod
    def _employer_problem(session: Session, data: VacancyData) -> str | None:
        if data.employer_id is None or session.get(Employer, data.employer_id) is None:
            return "Välj arbetsgivare."
        return None

    @staticmethod
    def _workplace_problem(session: Session, data: VacancyData) -> str | None:
        if data.workplace_id is None:
            return None
        place = session.get(Workplace, data.workplace_id)
        if place is None or place.employer_id != data.employer_id:
            return "Välj en av arbetsgivarens arbetsplatser."
        return None

    @staticmethod
    def _apply_by_problem(text: str, stored: dt.date | None, today: dt.date) -> str | None:
        problem = date_problem(text, label="Sista dag att föreslå kandidater")
        if problem or not text.strip():
            return problem
        value = parse_date(text)
        if value < today and value != stored:
            return "Sista dag att föreslå kandidater har redan passerat; välj i dag eller senare."
        return None

    def requirement_problems(self, requirements: tuple[RequirementData, ...]) -> dict[str, str]:
        """The requirements' own problems and contradictions, field → reason; a
        contradiction between rows is keyed by the later row (`requirements.3`)."""
        return found(self._requirement_problems(requirements))

    def _requirement_problems(
        self, requirements: tuple[RequirementData, ...]
    ) -> dict[str, str | None]:
        problems: dict[str, str | None] = {}
        for i, r in enumerate(requirements):
            for name, problem in self._one_requirement(r).items():
                problems[f"requirements.{i}.{name}"] = problem
        if not found(problems):
            problems.update(self._contradictions(requirements))
        return problems

    def _one_requirement(self, r: RequirementData) -> dict[str, str | None]:
        if r.kind not in REQUIREMENT_KINDS:
            return {"kind": "Välj vad som krävs."}
        problems: dict[str, str | None] = {
            "importance": None if r.importance in IMPORTANCES else "Välj krav eller merit."
        }
        reference = self._reference
        if r.kind == "svenska":
            problems["level"] = (
                None if reference.level_rank(r.level) is not None else "Välj nivå i svenska."
            )
        elif r.kind == "sprak":
            if r.code == "sv":
                problems["code"] = "Svenska anges som krav på svenska."
            elif r.code not in {c.code for c in languages()}:
                problems["code"] = "Välj ett språk i listan."
            cefr = {c.code for c in reference.language_levels("cefr")}
            problems["level"] = None if r.level in cefr else "Välj en nivå A1–C2."
        elif r.kind == "korkort":
            problems["code"] = None if r.code in DRIVING_LICENCES else "Välj körkortsbehörighet."
        elif r.kind == "utbildning":
            levels = {c.code for c in reference.education_levels()}
            problems["code"] = None if r.code in levels else "Välj utbildningsnivå."
        elif r.kind == "erfarenhet":
            problems["code"] = (
                None
                if r.code and reference.occupation(r.code)
                else "Välj yrke eller yrkesgrupp (SSYK)."
            )
            problems["years"] = _years_problem(r.years)
        else:
            problems["code"] = name_problem(r.code, label="Certifikatet")
        return problems

    def _contradictions(self, requirements: tuple[RequirementData, ...]) -> dict[str, str | None]:
        """Two rows about the same thing: the same importance twice, both krav and merit
        at one level, or a merit asking for less than the requirement."""
        problems: dict[str, str | None] = {}
        seen: dict[tuple[str, str], dict[str, tuple[int, float | None, RequirementData]]] = {}
        for i, r in enumerate(requirements):
            subject = self._subject(r)
            rank = self._rank(r)
            earlier = seen.setdefault(subject, {})
            if r.importance in earlier:
                problems[f"requirements.{i}"] = (
                    f"{self._what(r)} står redan som {_importance_word(r.importance)}."
                )
                continue
            other = "merit" if r.importance == "krav" else "krav"
            if other in earlier:
                _, other_rank, other_row = earlier[other]
                krav, merit = (other_row, r) if r.importance == "merit" else (r, other_row)
                krav_rank, merit_rank = (
                    (other_rank, rank) if r.importance == "merit" else (rank, other_rank)
                )
                problems[f"requirements.{i}"] = self._conflict(krav, merit, krav_rank, merit_rank)
            earlier[r.importance] = (i, rank, r)
        return problems

    def _subject(self, r: RequirementData) -> tuple[str, str]:
        if r.kind == "svenska":
            return (r.kind, "sv")
        if r.kind == "utbildning":
            return (r.kind, "")
        if r.kind == "certifikat":
            return (r.kind, fold(r.code.strip()))
        return (r.kind, r.code)

    def _rank(self, r: RequirementData) -> float | None:
        if r.kind in ("svenska", "sprak"):
            rank = self._reference.level_rank(r.level)
            return None if rank is None else float(rank)
        if r.kind == "utbildning":
            return float(r.code) if r.code.isdigit() else None
        if r.kind == "erfarenhet":
            return _parse_years(r.years)
        return None

    def _what(self, r: RequirementData) -> str:
        if r.kind == "svenska":
            return "Svenska"
        if r.kind == "sprak":
            return language_name(r.code)
        if r.kind == "korkort":
            return f"Körkort {r.code}"
        if r.kind == "utbildning":
            return "Utbildningsnivå"
        if r.kind == "erfarenhet":
            occupation = self._reference.occupation(r.code)
            return f"Erfarenhet som {occupation.name if occupation else r.code}"
        return f"Certifikatet {r.code.strip()}"

    def _conflict(
        self,
        krav: RequirementData,
        merit: RequirementData,
        krav_rank: float | None,
        merit_rank: float | None,
    ) -> str | None:
        what = self._what(krav)
        if krav.kind not in _LEVELLED or krav_rank is None or merit_rank is None:
            return f"{what} kan inte vara både krav och merit."
        if merit_rank > krav_rank:
            return None  # more than required is a merit: "B1 krävs, B2 meriterar"
        equal = merit_rank == krav_rank
        if krav.kind == "erfarenhet":
            merit_years, krav_years = _years_text(merit_rank), _years_text(krav_rank)
            return (
                f"{what} är både krav och merit med lika många år."
                if equal
                else f"{what}: meriten ({merit_years} år) är mindre än kravet "
                f"({krav_years} år) och tillför inget."
            )
        if krav.kind == "utbildning":
            return (
                "Samma utbildningsnivå kan inte vara både krav och merit."
                if equal
                else "Meriten är en lägre utbildningsnivå än kravet och tillför inget."
            )
        return (
            f"{what} är både krav och merit på samma nivå."
            if equal
            else f"{what}: meriten ({merit.level}) är en lägre nivå än kravet "
            f"({krav.level}) och tillför inget."
        )


def _importance_word(importance: str) -> str:
    return "krav" if importance == "krav" else "merit"
