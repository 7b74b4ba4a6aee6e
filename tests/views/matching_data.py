"""Made-up job seekers and recruitment needs for the matching screens' tests."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from desktop import clock
from desktop.models import Person, Qualification, WorkExperience
from desktop.services.employers import EmployerData
from desktop.services.registry import Services
from desktop.services.vacancies import RequirementData, VacancyData
from desktop.store.database import Database
from tests.factories import make_person, make_user, open_case
from tests.views.conftest import services_for

TODAY = clock.today()


@dataclass(frozen=True)
class World:
    services: Services
    need: uuid.UUID  # Undersköterska, natt: krav Körkort B, merit Svenska B1
    impossible: uuid.UUID  # Lastbilsförare: krav Körkort CE, which no one has
    closed: uuid.UUID
    amal: uuid.UUID  # licence, Swedish B2, 3 years in the job, consent: the best
    bertil: uuid.UUID  # licence, consent, Huddinge
    elin: uuid.UUID  # licence, no consent
    cecilia: uuid.UUID  # no licence: fails the krav
    dawit: uuid.UUID  # licence, but no active case


def make_world(db: Database) -> World:
    """Made-up job seekers and one employer's needs."""
    services = services_for(db)
    with db.unit_of_work() as session:
        agent = make_user(session, "agent1", "Agnes Agent")

        def seeker(first: str, last: str, municipality: str, *, case: bool = True) -> uuid.UUID:
            person = make_person(session, first, last, municipality=municipality)
            if case:
                open_case(session, person, agent)
            return person.id

        amal = seeker("Amal", "Testsson", "0127")
        bertil = seeker("Bertil", "Provsson", "0126")
        elin = seeker("Elin", "Fiktiv", "0127")
        cecilia = seeker("Cecilia", "Exempelsdotter", "0127")
        dawit = seeker("Dawit", "Påhittad", "0127", case=False)
        for person in (amal, bertil, elin, dawit):
            session.add(Qualification(person_id=person, kind="korkort", code="B"))
        session.add(WorkExperience(person_id=amal, occupation_code="5321", years=3.0))
        session.get_one(Person, amal).swedish_cefr = "B2"
    for person in (amal, bertil, cecilia):
        services.consents.record(person, "dela_profil", "skriftligt", TODAY.isoformat())
    employer = services.employers.create(EmployerData(name="Lindängens Vård AB", sector="privat"))

    def need(title: str, occupation: str, *requirements: RequirementData) -> uuid.UUID:
        return services.vacancies.create(
            VacancyData(
                employer_id=employer,
                occupation_code=occupation,
                title=title,
                positions="2",
                form_code="anstallning",
                extent="heltid",
                municipality_code="0127",
                apply_by=(TODAY + dt.timedelta(days=14)).isoformat(),
                requirements=requirements,
            )
        )

    licence = RequirementData("korkort", "krav", code="B")
    swedish = RequirementData("svenska", "merit", level="B1")
    night = need("Undersköterska, natt", "5321", licence, swedish)
    impossible = need("Lastbilsförare", "8332", RequirementData("korkort", "krav", code="CE"))
    closed = need("Städare", "9111")
    services.vacancies.set_status(closed, 1, "stangt")
    return World(
        services, night, impossible, closed, amal, bertil, elin, cecilia, dawit
    )  # fmt: skip
