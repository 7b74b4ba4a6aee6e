"""Marker values written as personal data, and a search for them in raw bytes.

Every text marker contains "Qzmarker", which occurs in no word, so one case-insensitive
search for it finds any of them, also as the lower-cased tokens of the search index.
The personnummer is searched in every form it could be written: twelve or ten digits,
with or without the dash.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from desktop.models import CaseNote, Person, User
from tests.factories import make_person, make_user, open_case, personal_number

PREFIX = "Qzmarker"
FIRST = "Qzmarkerfirst"
LAST = "Qzmarkerlast"
STREET = "Qzmarkergatan 17"
CITY = "Qzmarkerstad"
EMAIL = "qzmarkermail@example.org"
NOTE = "Qzmarkernote: berättade om sin praktik på Qzmarkerbageriet i Tumba."
STAFF = "Qzmarkerstaff Handläggare"
BIRTH = dt.date(1987, 3, 14)
NUMBER = personal_number(BIRTH, 417)
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


def number_forms(number: str = NUMBER) -> list[str]:
    return [number, number[2:], f"{number[:8]}-{number[8:]}", f"{number[2:8]}-{number[8:]}"]


def searched() -> list[str]:
    return [PREFIX, *number_forms()]


def found_in(data: bytes) -> list[str]:
    """The markers in `data`, with the encoding they were found in; [] if none."""
    folded = data.lower()
    return [
        f"{text} ({encoding})"
        for text in searched()
        for encoding in ENCODINGS
        if text.lower().encode(encoding) in folded
    ]


def found_in_text(text: str) -> list[str]:
    folded = text.casefold()
    return [marker for marker in searched() if marker.casefold() in folded]


def write_person(
    session: Session,
    *,
    first: str = FIRST,
    last: str = LAST,
    number: str = NUMBER,
    agent: User | None = None,
) -> Person:
    """A person with every kind of marker: name, number, address, contact, a journal note."""
    person = make_person(session, first, last, birth=BIRTH, number=number)
    person.street_address = STREET
    person.postal_code = "147 30"
    person.city = CITY
    person.email = EMAIL
    case = open_case(session, person, agent)
    note = CaseNote(case_id=case.id, note_date=dt.date(2026, 2, 3), kind="samtal", text=NOTE)
    note.author_id = agent.id if agent else None
    session.add(note)
    session.flush()
    return person


def write_markers(session: Session) -> Person:
    """The marker person, handled by an agent whose name is a marker too."""
    agent = make_user(session, "qzagent", STAFF)
    return write_person(session, agent=agent)
