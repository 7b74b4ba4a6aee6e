"""Made-up records on a laptop, written as the app writes them (a unit of work with the
user as actor, so the audit trail is kept)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from desktop import clock
from desktop.models import (
    CaseNote,
    Consent,
    Employer,
    LabourMarketForm,
    Occupation,
    PersonLanguage,
    Referral,
    Vacancy,
)
from tests.factories import make_person, open_case
from tests.sync_world import Laptop


def employer(laptop: Laptop, name: str, municipality: str | None = None) -> uuid.UUID:
    with laptop.db.unit_of_work(actor=laptop.actor.user_id, screen="test") as session:
        row = Employer(
            id=uuid.uuid4(),
            name=name,
            sort_key=name.lower(),
            sector="privat",
            municipality_code=municipality,
        )
        session.add(row)
        return row.id


def edit(laptop: Laptop, model: type, row_id: uuid.UUID, **values: object) -> None:
    with laptop.db.unit_of_work(actor=laptop.actor.user_id, screen="test") as session:
        row = session.get(model, row_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)


def person_with_case(
    laptop: Laptop, last_name: str, municipality: str
) -> tuple[uuid.UUID, uuid.UUID]:
    """A person with a language, an open case with a note, and a consent to share."""
    with laptop.db.unit_of_work(actor=laptop.actor.user_id, screen="test") as session:
        person = make_person(session, "Testa", last_name, municipality=municipality)
        session.add(PersonLanguage(person_id=person.id, language="ar", mother_tongue=True))
        case = open_case(session, person)
        session.add(
            CaseNote(case_id=case.id, note_date=clock.today(), kind="samtal", text="Påhittad")
        )
        session.add(
            Consent(
                person_id=person.id,
                kind="dela_profil",
                given_on=clock.today(),
                method="muntligt",
            )
        )
        return person.id, case.id


def need(laptop: Laptop, employer_id: uuid.UUID, municipality: str) -> uuid.UUID:
    with laptop.db.unit_of_work(actor=laptop.actor.user_id, screen="test") as session:
        occupation = session.scalars(select(Occupation.code).where(Occupation.level == 4)).first()
        form = session.scalars(select(LabourMarketForm.code)).first()
        assert occupation is not None
        assert form is not None
        row = Vacancy(
            id=uuid.uuid4(),
            employer_id=employer_id,
            occupation_code=occupation,
            title="Påhittat behov",
            form_code=form,
            municipality_code=municipality,
        )
        session.add(row)
        return row.id


def refer(
    laptop: Laptop, vacancy_id: uuid.UUID, person_id: uuid.UUID, case_id: uuid.UUID
) -> uuid.UUID:
    with laptop.db.unit_of_work(actor=laptop.actor.user_id, screen="test") as session:
        row = Referral(
            id=uuid.uuid4(),
            vacancy_id=vacancy_id,
            person_id=person_id,
            case_id=case_id,
            agent_id=laptop.actor.user_id,
            status="foreslagen",
            status_changed_at=clock.now(),
        )
        session.add(row)
        return row.id
