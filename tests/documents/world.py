"""A referral ready for its letter: a made-up job seeker with a profile and consent, an
employer with a workplace and a contact person, a need, the municipality's letterhead,
and the referral made through the real services (so its match reasons are real)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop import clock
from desktop.models import (
    Case,
    Letterhead,
    PersonLanguage,
    Qualification,
    User,
    WishedMunicipality,
    WorkExperience,
)
from desktop.services.accounts import Actor
from desktop.services.consents import SHARING
from desktop.services.employers import ContactPersonData, EmployerData, WorkplaceData
from desktop.services.registry import Services
from desktop.services.vacancies import RequirementData, VacancyData
from desktop.store.database import Database
from tests.factories import make_person, open_case, personal_number

BIRTH = dt.date(1991, 3, 14)
NUMBER = personal_number(BIRTH, 236)
EMPLOYER = "Lindängens Vård AB"
NEED = "Undersköterska hemtjänst"


@dataclass
class LetterWorld:
    db: Database
    services: Services
    agent_id: uuid.UUID
    employer_id: uuid.UUID
    need_id: uuid.UUID
    contact_id: uuid.UUID
    person_id: uuid.UUID
    referral_id: uuid.UUID
    number: str = NUMBER
    birth: dt.date = BIRTH

    def person(
        self,
        first: str,
        last: str,
        *,
        consent: bool = True,
        licences: tuple[str, ...] = ("B",),
        start: dt.date | None = None,
        birth: dt.date = BIRTH,
        number: str | None = None,
    ) -> uuid.UUID:
        """Another job seeker with an active case and a profile that fits the need."""
        today = clock.today()
        with self.db.unit_of_work(actor=self.agent_id, screen="test") as session:
            person = make_person(session, first, last, birth=birth, number=number)
            person.sfi_course = "SFI_D"
            person.swedish_cefr = "B1"
            person.work_extent = "heltid"
            person.earliest_start = start or today - dt.timedelta(days=1)
            session.add_all(
                [
                    WorkExperience(
                        person_id=person.id,
                        occupation_code="5321",
                        job_title="Undersköterska",
                        years=3.0,
                        last_year=today.year - 1,
                        country="ER",
                    ),
                    WorkExperience(
                        person_id=person.id, occupation_code="5330", years=1.5, country="SE"
                    ),
                    PersonLanguage(person_id=person.id, language="ti", mother_tongue=True),
                    PersonLanguage(person_id=person.id, language="en", level="B2"),
                    WishedMunicipality(person_id=person.id, municipality_code="0127"),
                ]
            )
            session.add_all(
                Qualification(person_id=person.id, kind="korkort", code=code) for code in licences
            )
            case = open_case(session, person)
            session.get_one(Case, case.id).agent_id = self.agent_id
            person_id = person.id
        if consent:
            self.services.consents.record(
                person_id, SHARING, "skriftligt", (today - dt.timedelta(days=2)).isoformat()
            )
        return person_id

    def propose(self, person_id: uuid.UUID, need_id: uuid.UUID | None = None) -> uuid.UUID:
        return self.services.referrals.propose(need_id or self.need_id, person_id)

    def need(self, title: str, form_code: str = "extratjanst") -> uuid.UUID:
        return self.services.vacancies.create(
            VacancyData(
                employer_id=self.employer_id,
                occupation_code="5321",
                title=title,
                positions="2",
                form_code=form_code,
                extent="heltid",
                municipality_code="0127",
                requirements=(RequirementData("svenska", "krav", level="A2"),),
            )
        )


def letter_world(db: Database, *, employer_name: str = EMPLOYER) -> LetterWorld:
    """The world, with an agent who has direct contact details, and Botkyrka's letterhead."""
    with db.unit_of_work(screen="test") as session:
        agent = User(
            username="agnes",
            full_name="Agnes Agentsson",
            role="administrator",
            municipality_code="0127",
            phone="070-123 45 67",
            email="agnes.agentsson@example.se",
        )
        session.add(agent)
        session.add(
            Letterhead(
                municipality_code="0127",
                unit="Arbetsmarknadsenheten",
                street_address="Testvägen 45",
                postal_code="147 85",
                city="Tumba",
                phone="08-530 610 00",
                email="arbetsmarknad@example.se",
                website="www.example.se",
            )
        )
        session.flush()
        actor = Actor(agent.id, agent.username, agent.full_name, agent.role)
    services = Services.for_user(db, actor)
    employer_id = services.employers.create(
        EmployerData(
            name=employer_name,
            sector="privat",
            municipality_code="0127",
            workplaces=(
                WorkplaceData(
                    "Lindängen",
                    street_address="Vårdvägen 3",
                    postal_code="147 30",
                    city="Tumba",
                    municipality_code="0127",
                ),
            ),
        )
    )
    contact_id = services.employers.add_contact_person(
        employer_id,
        ContactPersonData(
            name="Berit Exempel",
            role="Enhetschef",
            phone="08-123 456 78",
            email="berit.exempel@example.se",
        ),
    )
    world = LetterWorld(
        db, services, actor.user_id, employer_id, uuid.uuid4(), contact_id, uuid.uuid4(),
        uuid.uuid4(),
    )  # fmt: skip
    world.need_id = world.need(NEED)
    world.person_id = world.person("Amira", "Testsson", number=NUMBER)
    world.referral_id = world.propose(world.person_id)
    return world


def workplace_id(db: Database, employer_id: uuid.UUID) -> uuid.UUID | None:
    from desktop.models import Workplace

    with db.read() as session:
        return session.scalar(select(Workplace.id).where(Workplace.employer_id == employer_id))
