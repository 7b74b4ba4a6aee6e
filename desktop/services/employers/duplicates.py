"""The checks that keep the register free of duplicates: the employer with the same
organisationsnummer, and others with a similar name."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, literal_column, select
from sqlalchemy.orm import Session

from desktop.models import Employer, Municipality
from desktop.models.employer import employer_sort_key
from desktop.services.employer_list import MATCHES
from desktop.services.employers.base import EmployerError, EmployerServiceBase
from desktop.services.orgnumber import OrgNumber, format_org_number
from desktop.services.search import fold

if TYPE_CHECKING:
    from desktop.services.employers.register import EmployerData


@dataclass(frozen=True)
class EmployerMatch:
    id: uuid.UUID
    name: str
    org_number: str | None
    municipality: str | None


@dataclass(frozen=True)
class EmployerDuplicates:
    same_number: EmployerMatch | None
    similar: tuple[EmployerMatch, ...]

    def __bool__(self) -> bool:
        return self.same_number is not None or bool(self.similar)


class PossibleDuplicateError(EmployerError):
    """The employer seems to be in the register already.

    `same_number` is the employer with the same organisationsnummer (the screen opens it
    instead); `similar` are employers with a similar name, for the user to look at and
    then confirm that the new one is someone else (`create(..., confirmed=True)`).
    """

    def __init__(self, duplicates: EmployerDuplicates) -> None:
        if duplicates.same_number is not None:
            message = "En arbetsgivare med samma organisationsnummer finns redan."
            problems = {"org_number": message}
        else:
            message = (
                "Det finns arbetsgivare med liknande namn. Kontrollera att det inte är "
                "någon av dem."
            )
            problems = {"name": message}
        super().__init__(message, problems)
        self.duplicates = duplicates


# Words that say what kind of organisation it is, not which one: "Bygg AB" and "Bygg
# Aktiebolag" are the same employer.
_FORM_WORDS = frozenset(
    (
        *("ab", "hb", "kb", "aktiebolag", "aktiebolaget", "handelsbolag", "handelsbolaget"),
        *("kommanditbolag", "ek", "ekonomisk", "ekonomiska", "forening", "foreningen"),
        *("ideell", "ideella", "stiftelse", "stiftelsen", "publ", "i", "och"),
    )
)
SIMILAR_NAMES = 0.8
# How many employers sharing a word with the new name are compared with it.
_DUPLICATE_CANDIDATES = 2_000


def _name_key(name: str) -> str:
    """A name as the duplicate check compares it: folded, punctuation and legal-form
    words dropped, `&` read as `och`."""
    words = re.findall(r"\w+", fold(name.replace("&", " och ")))
    return " ".join(w for w in words if w not in _FORM_WORDS)


def _similar(key: str, other: str) -> bool:
    other_key = _name_key(other)
    if not key or not other_key:
        return False
    return key == other_key or difflib.SequenceMatcher(None, key, other_key).ratio() >= (
        SIMILAR_NAMES
    )


class EmployerDuplicateCheck(EmployerServiceBase):
    def duplicates(
        self,
        data: EmployerData,
        *,
        exclude: uuid.UUID | None = None,
        today: dt.date | None = None,
    ) -> EmployerDuplicates:
        """The employer with the same organisationsnummer, and others with a similar
        name (accents, case, punctuation and words such as AB ignored)."""
        number = self._org_number(data.org_number, today)
        with self._db.read() as session:
            return self._duplicates(session, data.name, number, exclude)

    def _duplicates(
        self, session: Session, name: str, number: OrgNumber | None, exclude: uuid.UUID | None
    ) -> EmployerDuplicates:
        same: EmployerMatch | None = None
        if number is not None:
            statement = self._match_select().where(Employer.org_number == number.digits)
            if exclude is not None:
                statement = statement.where(Employer.id != exclude)
            row = session.execute(statement).first()
            same = _employer_match(row) if row else None
        key = _name_key(name)
        words = sorted({w for w in key.split() if len(w) >= 3}, key=len, reverse=True)
        similar: list[EmployerMatch] = []
        if words:
            # Any shared word's first letters: a typo late in a word still finds it.
            match = " OR ".join(f'names : "{w[:4]}"*' for w in words[:6])
            rows = session.execute(
                self._match_select()
                .where(literal_column("employers.rowid").in_(MATCHES))
                .limit(_DUPLICATE_CANDIDATES),
                {"match": match},
            ).all()
            similar = [
                _employer_match(row)
                for row in rows
                if row[0] != exclude
                and (same is None or row[0] != same.id)
                and _similar(key, row[1])
            ]
        similar.sort(key=lambda m: employer_sort_key(m.name))
        return EmployerDuplicates(same, tuple(similar))

    @staticmethod
    def _match_select() -> Select[*tuple[Any, ...]]:
        return (
            select(Employer.id, Employer.name, Employer.org_number, Municipality.name)
            .select_from(Employer)
            .outerjoin(Municipality, Municipality.code == Employer.municipality_code)
        )


def _employer_match(row: Any) -> EmployerMatch:
    return EmployerMatch(row[0], row[1], format_org_number(row[2]), row[3])
