"""How much demo data to make: the sizes S, M and L, and the one rule for their proportions.

Scale L is the size the product plans for (100,000 persons, see ../shared/PRODUCT.md).
Its proportions are the rule for every size: S and M are L made smaller, and a size
given only in part (`matchning demo --persons 2000`) gets the counts not given in the
same proportions. Light on purpose (no generator, no vocabulary): the command line reads
it to check what was typed before anything is made.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoScale:
    persons: int
    employers: int
    contacts: int
    vacancies: int
    notes: int


LARGE = DemoScale(
    persons=100_000, employers=20_000, contacts=200_000, vacancies=50_000, notes=500_000
)
# No count above ten times scale L: more is a typing mistake, not a training database
# (the generator keeps every person in memory while it writes).
MAXIMUM = DemoScale(*(10 * n for n in dataclasses.astuple(LARGE)))
# The counts as the user names them, for messages ("högst 1 000 000 deltagare").
LABELS = {
    "persons": "deltagare",
    "employers": "arbetsgivare",
    "contacts": "arbetsgivarkontakter",
    "vacancies": "rekryteringsbehov",
    "notes": "journalanteckningar",
}


def proportional(
    *,
    persons: int | None = None,
    employers: int | None = None,
    contacts: int | None = None,
    vacancies: int | None = None,
    notes: int | None = None,
    base: DemoScale = LARGE,
) -> DemoScale:
    """The counts given, and the others in scale L's proportions.

    Persons and employers lead: one given, the other follows it (L: 5 persons a
    employer); neither given, both are `base`'s. Notes follow persons (L: 5 a person),
    contacts and vacancies follow employers (L: 10 and 2.5 an employer), each rounded
    half up and at least 1. Counts given always win, so `base`'s own contacts, vacancies
    and notes are used only when neither leading count is given.
    """
    if persons is None and employers is None:
        persons, employers = base.persons, base.employers
        contacts = base.contacts if contacts is None else contacts
        vacancies = base.vacancies if vacancies is None else vacancies
        notes = base.notes if notes is None else notes
    elif persons is None:
        assert employers is not None
        persons = _follow(employers, LARGE.employers, LARGE.persons)
    elif employers is None:
        employers = _follow(persons, LARGE.persons, LARGE.employers)
    if contacts is None:
        contacts = _follow(employers, LARGE.employers, LARGE.contacts)
    if vacancies is None:
        vacancies = _follow(employers, LARGE.employers, LARGE.vacancies)
    if notes is None:
        notes = _follow(persons, LARGE.persons, LARGE.notes)
    return DemoScale(persons, employers, contacts, vacancies, notes)


def _follow(count: int, per: int, share: int) -> int:
    """`count × share / per`, rounded half up, at least 1 (none of nothing)."""
    if count <= 0:
        return 0
    return max(1, (2 * count * share + per) // (2 * per))


SCALES: dict[str, DemoScale] = {
    "S": proportional(persons=1_000),
    "M": proportional(persons=10_000),
    "L": LARGE,
}
