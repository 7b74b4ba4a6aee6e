"""What the parts of the matching service share: the database, acting user and
reference data they read with, the language ranks, and the words for a requirement's
result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.services.accounts import Actor
from desktop.services.matching.results import RequirementResult
from desktop.services.reference import ReferenceService
from desktop.services.vacancies import VacancyService
from desktop.store.database import Database

if TYPE_CHECKING:
    from desktop.services.matching.candidates import Requirement

DEFAULT_LIMIT = 100


MAX_LIMIT = 1000


class MatchingServiceBase:
    """The constructor of `MatchingService`, and what more than one part uses."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        reference: ReferenceService | None = None,
        vacancies: VacancyService | None = None,
    ) -> None:
        self._db = db
        self._actor = actor
        self._reference = reference or ReferenceService(db)
        self._vacancies = vacancies or VacancyService(db, actor, self._reference)

    @property
    def reference(self) -> ReferenceService:
        return self._reference

    # Reading ------------------------------------------------------------------------------

    @property
    def _ranks(self) -> dict[str, int]:
        return self._reference.level_ranks()

    # Words --------------------------------------------------------------------------------

    def _occupation_name(self, code: str) -> str:
        occupation = self._reference.occupation(code)
        return occupation.name if occupation else code

    def _result(self, r: Requirement, have: Any, met: bool) -> RequirementResult:
        label = self._vacancies.requirement_label(r.kind, r.code, r.level, r.years)
        return RequirementResult(r.kind, r.importance, label, met, self._have_text(r.kind, have))

    def _have_text(self, kind: str, have: Any) -> str:
        if kind in ("svenska", "sprak"):
            level = self._reference.cefr_at(int(have or 0))
            return f"har {level}" if level else "ingen nivå angiven"
        if kind == "utbildning":
            value = int(have if have is not None else -1)
            if value < 0:
                return "ingen avslutad utbildning angiven"
            names = {c.code: c.name for c in self._reference.education_levels()}
            return f"har {names.get(str(value), str(value)).lower()}"
        if kind == "erfarenhet":
            years = float(have or 0)
            return f"{years:g} år".replace(".", ",") if years else "ingen erfarenhet"
        return "finns" if have else "saknas"
