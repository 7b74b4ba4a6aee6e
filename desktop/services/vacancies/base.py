"""What the parts of the vacancy service share: the form as typed, the error a form
shows, the database and acting user every part works with, and years as written."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desktop.services.accounts import Actor
from desktop.services.forms import FormError
from desktop.services.reference import ReferenceService
from desktop.store.database import Database


class VacancyError(FormError):
    """A recruitment need that cannot be saved, with the reason for each field."""


@dataclass(frozen=True)
class RequirementData:
    """One requirement as typed.

    `code` is what is required: for `svenska` nothing (Swedish), for `sprak` the language
    (ISO 639 code), for `korkort` the licence class, for `utbildning` the education level
    code, for `erfarenhet` an SSYK code at any level (the occupation or its group), for
    `certifikat` the certificate's name. `level` is a language level (CEFR, SFI or SAS for
    Swedish; CEFR for other languages) and `years` the years of experience.
    """

    kind: str = ""
    importance: str = "krav"
    code: str = ""
    level: str = ""
    years: str = ""


@dataclass(frozen=True)
class VacancyData:
    """The need's form, as typed."""

    employer_id: uuid.UUID | None = None
    workplace_id: uuid.UUID | None = None
    occupation_code: str = ""
    title: str = ""
    positions: str = "1"
    form_code: str = ""
    extent: str = ""
    municipality_code: str = ""
    start_date: str = ""
    # The last day to propose candidates.
    apply_by: str = ""
    description: str = ""
    requirements: tuple[RequirementData, ...] = ()


def _years_text(years: float | None) -> str:
    return "" if years is None else f"{years:g}".replace(".", ",")


def _parse_years(text: str) -> float:
    return float(text.strip().replace(",", "."))


class VacancyServiceBase:
    """The constructor of `VacancyService`, and what more than one part uses."""

    def __init__(
        self, db: Database, actor: Actor, reference: ReferenceService | None = None
    ) -> None:
        self._db = db
        self._actor = actor
        self._reference = reference or ReferenceService(db)
