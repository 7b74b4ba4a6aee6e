"""Is the person already registered? The person with the typed number, and others with
the same birth date and a similar name."""

from __future__ import annotations

import datetime as dt
import difflib
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop import clock
from desktop.models import Person
from desktop.services.identity import IdentityNumberError, parse_identity_number
from desktop.services.intake.checks import IntakeChecks
from desktop.services.search import fold

if TYPE_CHECKING:
    from desktop.services.intake.data import IntakeData


@dataclass(frozen=True)
class PersonMatch:
    id: uuid.UUID
    first_name: str
    last_name: str
    birth_date: dt.date
    municipality_code: str | None


@dataclass(frozen=True)
class DuplicateCheck:
    same_number: PersonMatch | None
    similar: list[PersonMatch]


class IntakeDuplicates(IntakeChecks):
    """The wizard's duplicate step."""

    # Duplicates --------------------------------------------------------------------------

    def person_with_number(self, text: str, today: dt.date | None = None) -> PersonMatch | None:
        """The person registered with the typed number, once it is a valid one (None
        before): one lookup on the unique personal_number index, cheap enough per key."""
        try:
            digits = parse_identity_number(text, today=today or clock.today()).digits
        except IdentityNumberError:
            return None
        with self._db.read() as session:
            found = session.scalars(select(Person).where(Person.personal_number == digits)).first()
            return _match(found) if found else None

    def duplicates(self, draft: IntakeData, today: dt.date | None = None) -> DuplicateCheck:
        """The person with the same number, and others with the same birth date and a
        similar name (spelling, order of names, accents and case ignored)."""
        birth = self.birth_date_of(draft, today)
        same: PersonMatch | None = None
        similar: list[PersonMatch] = []
        with self._db.read() as session:
            if draft.has_identity_number and birth is not None:
                digits = parse_identity_number(draft.identity_number, today=today).digits
                found = session.scalars(
                    select(Person).where(Person.personal_number == digits)
                ).first()
                same = _match(found) if found else None
            if birth is not None:
                typed = fold(f"{draft.first_name} {draft.last_name}")
                for person in session.scalars(select(Person).where(Person.birth_date == birth)):
                    if same is not None and person.id == same.id:
                        continue
                    if _similar(typed, person.first_name, person.last_name):
                        similar.append(_match(person))
        return DuplicateCheck(same, similar)


SIMILAR_NAMES = 0.75


def _similar(typed: str, first: str, last: str) -> bool:
    """Names that are probably the same person's: spelt a little differently, accents
    and case aside, or with first and last name swapped."""
    return any(
        difflib.SequenceMatcher(None, typed, fold(candidate)).ratio() >= SIMILAR_NAMES
        for candidate in (f"{first} {last}", f"{last} {first}")
    )


def _match(person: Person) -> PersonMatch:
    return PersonMatch(
        person.id, person.first_name, person.last_name, person.birth_date, person.municipality_code
    )
