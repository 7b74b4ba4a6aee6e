"""Reference lists for pickers: municipalities, SSYK occupations, levels, forms, and the
Swedish names of countries and languages (from CLDR through Babel).

Read once per service and kept: these lists change with a new release, not during a day.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import select

from desktop.models import (
    EducationLevel,
    LabourMarketForm,
    LanguageLevel,
    Municipality,
    Occupation,
)
from desktop.models.collation import swedish_sort_key
from desktop.services.search import fold
from desktop.store.database import Database


@dataclass(frozen=True)
class Choice:
    code: str
    name: str


@dataclass(frozen=True)
class OccupationChoice:
    code: str
    level: int
    name: str
    # The path from the major group down, for showing where an occupation sits.
    parents: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


@functools.cache
def countries() -> tuple[Choice, ...]:
    """Every country (ISO 3166-1 alpha-2) with its Swedish name, in Swedish order."""
    from babel import Locale

    names = Locale("sv").territories
    choices = [
        Choice(code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()
    ]
    return tuple(sorted(choices, key=lambda c: swedish_sort_key(c.name)))


@functools.cache
def languages() -> tuple[Choice, ...]:
    """Languages with a two- or three-letter ISO 639 code, Swedish names, Swedish order.

    CLDR has no code of its own for Dari; it is Persian as spoken in Afghanistan, so the
    list adds it under `fa-AF` beside Persian (`fa`).
    """
    from babel import Locale

    names = Locale("sv").languages
    choices = [
        Choice(code, _capitalised(name))
        for code, name in names.items()
        if 2 <= len(code) <= 3 and code.isalpha() and code.islower()
    ]
    choices.append(Choice("fa-AF", "Dari"))
    return tuple(sorted(choices, key=lambda c: swedish_sort_key(c.name)))


def country_name(code: str | None) -> str:
    return next((c.name for c in countries() if c.code == code), code or "")


def language_name(code: str | None) -> str:
    return next((c.name for c in languages() if c.code == code), code or "")


class ReferenceService:
    def __init__(self, db: Database) -> None:
        self._db = db

    @functools.cached_property
    def _occupations(self) -> dict[str, Occupation]:
        with self._db.read() as session:
            rows = session.scalars(select(Occupation)).all()
            session.expunge_all()
            return {row.code: row for row in rows}

    def occupation(self, code: str) -> OccupationChoice | None:
        return self._choices.get(code)

    @functools.cached_property
    def _choices(self) -> dict[str, OccupationChoice]:
        """Every code as a choice with its parents' names, in Swedish name order; made
        once, as every picker and form row asks for them."""
        rows = self._occupations
        choices = {}
        for code in sorted(rows, key=lambda c: swedish_sort_key(rows[c].name_sv)):
            row = rows[code]
            parents: list[str] = []
            parent = row.parent_code
            while parent:
                parents.insert(0, rows[parent].name_sv)
                parent = rows[parent].parent_code
            choices[code] = OccupationChoice(row.code, row.level, row.name_sv, tuple(parents))
        return choices

    @functools.cached_property
    def _in_code_order(self) -> tuple[OccupationChoice, ...]:
        return tuple(sorted(self._choices.values(), key=lambda o: o.code))

    def occupations_in_code_order(self) -> tuple[OccupationChoice, ...]:
        """Every SSYK code at every level, in code order: each group right before what
        it holds (the tree as a list)."""
        return self._in_code_order

    def search_occupations(
        self, text: str, *, level: int = 4, limit: int = 50
    ) -> list[OccupationChoice]:
        """Occupations whose code starts with, or whose Swedish name contains, what was
        typed (case and accents ignored); all words must match. In Swedish name order."""
        words = fold(text).split()
        found = []
        for choice in self._choices.values():
            if choice.level != level:
                continue
            name = fold(choice.name)
            if all(choice.code.startswith(w) or w in name for w in words):
                found.append(choice)
                if len(found) == limit:
                    break
        return found

    @functools.cached_property
    def _municipalities(self) -> tuple[tuple[Choice, bool], ...]:
        # The table's columns, not the entity: the lists' filters ask for this while the
        # main window is first built, and an ORM query would set up every mapper then.
        table = Municipality.__table__
        with self._db.connect() as connection:
            rows = connection.execute(select(table.c.code, table.c.name, table.c.active)).all()
        return tuple(
            (Choice(r.code, r.name), r.active)
            for r in sorted(rows, key=lambda r: swedish_sort_key(r.name))
        )

    def municipalities(self, *, active_only: bool = False) -> list[Choice]:
        return [choice for choice, active in self._municipalities if active or not active_only]

    def municipality_name(self, code: str | None) -> str:
        return next((c.name for c, _ in self._municipalities if c.code == code), code or "")

    @functools.cached_property
    def _levels(self) -> tuple[tuple[str, Choice, int], ...]:
        with self._db.read() as session:
            rows = session.scalars(select(LanguageLevel).order_by(LanguageLevel.rank)).all()
            return tuple((r.scale, Choice(r.code, r.name_sv), r.rank) for r in rows)

    def language_levels(self, scale: str) -> list[Choice]:
        return [choice for level_scale, choice, _ in self._levels if level_scale == scale]

    def level_rank(self, code: str | None) -> int | None:
        return next((rank for _, choice, rank in self._levels if choice.code == code), None)

    def level_ranks(self) -> dict[str, int]:
        """Every language level's rank on the common CEFR axis (docs/matching.md)."""
        return {choice.code: rank for _, choice, rank in self._levels}

    def level_name(self, code: str | None) -> str:
        return next((c.name for _, c, _ in self._levels if c.code == code), code or "")

    def cefr_at(self, rank: int) -> str | None:
        """The highest CEFR level a rank reaches ("B1" for rank 30 or 35), if any."""
        reached = [c.code for scale, c, r in self._levels if scale == "cefr" and r <= rank]
        return reached[-1] if reached else None

    @functools.cached_property
    def _education_levels(self) -> tuple[Choice, ...]:
        with self._db.read() as session:
            rows = session.scalars(select(EducationLevel).order_by(EducationLevel.rank)).all()
            return tuple(Choice(r.code, r.name_sv) for r in rows)

    def education_levels(self) -> list[Choice]:
        return list(self._education_levels)

    def labour_market_forms(self) -> list[Choice]:
        with self._db.read() as session:
            rows = session.scalars(
                select(LabourMarketForm).order_by(LabourMarketForm.sort_order)
            ).all()
            return [Choice(r.code, r.name_sv) for r in rows]
