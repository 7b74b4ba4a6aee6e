"""Made-up records for tests. Names are invented combinations; numbers are computed."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from desktop.models import Case, Person, User
from desktop.models.person import person_sort_key
from desktop.services.cases import sync_current_case


def luhn_digit(nine_digits: str) -> str:
    total = 0
    for position, char in enumerate(nine_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return str((10 - total % 10) % 10)


def personal_number(birth: dt.date, serial: int = 123, *, coordination: bool = False) -> str:
    """Twelve digits with a valid check digit; serial's last digit sets the gender."""
    day = birth.day + (60 if coordination else 0)
    short = f"{birth:%y%m}{day:02d}{serial:03d}"
    return f"{birth:%Y%m}{day:02d}{serial:03d}{luhn_digit(short)}"


def make_person(
    session: Session,
    first_name: str,
    last_name: str,
    *,
    birth: dt.date = dt.date(1990, 5, 17),
    number: str | None = None,
    municipality: str | None = "0127",
) -> Person:
    person = Person(
        first_name=first_name,
        last_name=last_name,
        sort_key=person_sort_key(last_name, first_name),
        personal_number=number,
        identity_kind="personnummer" if number else "saknas",
        no_identity_reason=None if number else "Väntar på samordningsnummer",
        birth_date=birth,
        municipality_code=municipality,
    )
    session.add(person)
    session.flush()
    return person


def make_user(
    session: Session, username: str = "handlaggare1", name: str = "Test Handläggare"
) -> User:
    user = User(username=username, full_name=name, role="handlaggare")
    session.add(user)
    session.flush()
    return user


def open_case(
    session: Session, person: Person, agent: User | None = None, status: str = "aktiv"
) -> Case:
    case = Case(
        id=uuid.uuid4(),
        person_id=person.id,
        municipality_code=person.municipality_code or "0127",
        agent_id=agent.id if agent else None,
        status=status,
        opened_on=dt.date(2026, 1, 10),
    )
    session.add(case)
    sync_current_case(session, person.id)
    session.flush()
    return case
