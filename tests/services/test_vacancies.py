"""Recruitment needs through their service: requirements and their contradictions, the
deadline rule, closing, placements counted, and the list of open needs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from desktop.models import Placement, Vacancy, VacancyRequirement
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.employers import EmployerData, EmployerService, WorkplaceData
from desktop.services.vacancies import (
    NeedQuery,
    RequirementData,
    StaleError,
    VacancyData,
    VacancyError,
    VacancyService,
)
from desktop.store.database import Database
from tests.factories import make_person, make_user

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def actor(db: Database) -> Actor:
    audit.install(db)
    with db.unit_of_work(screen="test") as session:
        user = make_user(session, "agnes", "Agnes Agent")
        return Actor(user.id, user.username, user.full_name, "handlaggare")


@pytest.fixture
def service(db: Database, actor: Actor) -> VacancyService:
    return VacancyService(db, actor)


@pytest.fixture
def employer_id(db: Database, actor: Actor) -> uuid.UUID:
    return EmployerService(db, actor).create(
        EmployerData(
            name="Lindängens Vård AB",
            sector="privat",
            workplaces=(WorkplaceData("Lindängen", city="Tumba", municipality_code="0127"),),
        )
    )


def need(employer_id: uuid.UUID, *requirements: RequirementData, **fields: str) -> VacancyData:
    values = {
        "occupation_code": "5321",
        "title": "Undersköterska",
        "positions": "2",
        "form_code": "anstallning",
        "extent": "heltid",
        "municipality_code": "0127",
        "start_date": "2027-01-10",
        "apply_by": "2026-12-15",
        "description": "Dag och kväll, varannan helg.",
    }
    values.update(fields)
    return VacancyData(employer_id=employer_id, requirements=requirements, **values)


SWEDISH_B1 = RequirementData("svenska", "krav", level="B1")


def test_a_need_with_its_requirements_and_placements_counted(
    db: Database, service: VacancyService, employer_id: uuid.UUID
) -> None:
    requirements = (
        SWEDISH_B1,
        RequirementData("svenska", "merit", level="B2"),  # more than required: a merit
        RequirementData("sprak", "merit", code="ar", level="B1"),
        RequirementData("korkort", "krav", code="B"),
        RequirementData("utbildning", "krav", code="3"),
        RequirementData("erfarenhet", "merit", code="532", years="1,5"),
        RequirementData("certifikat", "merit", code="Hygienbevis"),
    )
    vacancy_id = service.create(need(employer_id, *requirements), today=TODAY)
    details = service.get(vacancy_id)
    assert (details.employer_name, details.status, details.positions) == (
        "Lindängens Vård AB",
        "oppet",
        2,
    )
    assert details.occupation_name.startswith("Undersköterskor")
    assert [r.label for r in details.requirements] == [
        "Svenska B1 – mellannivå",
        "Körkort B",
        "Gymnasial utbildning",
        "Svenska B2 – högre mellannivå",
        "Arabiska B1 – mellannivå",
        "1,5 år som Undersköterskor",
        "Hygienbevis",
    ]
    assert details.data() == need(employer_id, *(details.data().requirements))
    assert sorted(details.data().requirements, key=repr) == sorted(requirements, key=repr)

    with db.unit_of_work() as session:
        for first in ("Amal", "Dawit"):
            person = make_person(session, first, "Testsson")
            session.add(
                Placement(person_id=person.id, vacancy_id=vacancy_id, employer_id=employer_id,
                          form_code="anstallning", start_date=TODAY)
            )  # fmt: skip
    assert service.get(vacancy_id).filled == 2
    [row] = service.needs_of(employer_id)
    assert (row.filled, row.positions, row.title) == (2, 2, "Undersköterska")


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"apply_by": "2026-11-23"}, "apply_by", "redan passerat"),
        ({"apply_by": "15 dec"}, "apply_by", "ÅÅÅÅ-MM-DD"),
        ({"occupation_code": "0000"}, "occupation_code", "SSYK"),
        ({"occupation_code": ""}, "occupation_code", "SSYK"),
        ({"positions": "0"}, "positions", "minst 1"),
        ({"positions": "-2"}, "positions", "minst 1"),
        ({"positions": "två"}, "positions", "heltal"),
        ({"form_code": "sommarjobb"}, "form_code", "anställningsform"),
        ({"extent": "halvtid"}, "extent", "omfattning"),
        ({"title": "T" * 5_000}, "title", "högst 200"),
        ({"title": "Kock\x07"}, "title", "styrtecken"),
        ({"description": "Se bifogat\x0c"}, "description", "styrtecken"),
        ({"municipality_code": "0000"}, "municipality_code", "kommun"),
        ({"start_date": "2027-02-30"}, "start_date", "ÅÅÅÅ-MM-DD"),
    ],
)
def test_bad_input_is_explained_beside_its_field(
    service: VacancyService,
    employer_id: uuid.UUID,
    fields: dict[str, str],
    field: str,
    reason: str,
) -> None:
    data = need(employer_id, **fields)
    assert reason in service.problems(data, today=TODAY)[field]
    with pytest.raises(VacancyError) as refused:
        service.create(data, today=TODAY)
    assert reason in refused.value.problems[field]
    assert service.needs_of(employer_id) == []


def test_the_employer_and_workplace_must_fit(
    service: VacancyService, employer_id: uuid.UUID, db: Database, actor: Actor
) -> None:
    other = EmployerService(db, actor).create(
        EmployerData(name="Annan AB", sector="privat", workplaces=(WorkplaceData("Annat"),))
    )
    foreign = EmployerService(db, actor).details(other).workplaces[0].id
    problems = service.problems(need(employer_id, workplace_id=foreign), today=TODAY)  # type: ignore[arg-type]
    assert "arbetsplatser" in problems["workplace_id"]
    no_employer = dataclasses.replace(need(employer_id), employer_id=None)
    assert "arbetsgivare" in service.problems(no_employer, today=TODAY)["employer_id"]
    own = EmployerService(db, actor).details(employer_id).workplaces[0].id
    assert service.problems(dataclasses.replace(need(employer_id), workplace_id=own)) == {}


@pytest.mark.parametrize(
    ("requirements", "field", "reason"),
    [
        # The same thing both krav and merit.
        ((RequirementData("korkort", "krav", code="B"),
          RequirementData("korkort", "merit", code="B")),
         "requirements.1", "både krav och merit"),
        ((RequirementData("certifikat", "krav", code="Truckkort A"),
          RequirementData("certifikat", "merit", code="truckkort a")),
         "requirements.1", "både krav och merit"),
        # A merit asking for less than the requirement of the same language.
        ((SWEDISH_B1, RequirementData("svenska", "merit", level="SFI_C")),
         "requirements.1", "lägre nivå än kravet"),
        ((RequirementData("sprak", "merit", code="en", level="A2"),
          RequirementData("sprak", "krav", code="en", level="B2")),
         "requirements.1", "lägre nivå än kravet"),
        # CEFR and SFI on one axis: B1 and SFI D are the same level (docs/matching.md).
        ((SWEDISH_B1, RequirementData("svenska", "merit", level="SFI_D")),
         "requirements.1", "samma nivå"),
        ((RequirementData("utbildning", "krav", code="6"),
          RequirementData("utbildning", "merit", code="3")),
         "requirements.1", "lägre utbildningsnivå"),
        ((RequirementData("erfarenhet", "krav", code="5321", years="2"),
          RequirementData("erfarenhet", "merit", code="5321", years="1")),
         "requirements.1", "mindre än kravet"),
        # Duplicates.
        ((SWEDISH_B1, RequirementData("svenska", "krav", level="B2")),
         "requirements.1", "står redan som krav"),
        ((RequirementData("sprak", "merit", code="so", level="B1"),
          RequirementData("sprak", "merit", code="so", level="B1")),
         "requirements.1", "står redan som merit"),
        # One row's own problems.
        ((RequirementData("erfarenhet", "krav", code="5321", years="-1"),),
         "requirements.0.years", "negativt"),
        ((RequirementData("erfarenhet", "krav", code="5321", years="ett par"),),
         "requirements.0.years", "tal"),
        ((RequirementData("erfarenhet", "krav", code="12345", years="1"),),
         "requirements.0.code", "SSYK"),
        ((RequirementData("svenska", "krav", level="D"),), "requirements.0.level", "nivå"),
        ((RequirementData("sprak", "krav", code="sv", level="B1"),), "requirements.0.code",
         "krav på svenska"),
        ((RequirementData("sprak", "krav", code="xx", level="B1"),), "requirements.0.code",
         "språk"),
        ((RequirementData("sprak", "krav", code="en", level="SFI_D"),), "requirements.0.level",
         "A1–C2"),
        ((RequirementData("korkort", "krav", code="Q"),), "requirements.0.code", "körkort"),
        ((RequirementData("utbildning", "krav", code="10"),), "requirements.0.code",
         "utbildningsnivå"),
        ((RequirementData("certifikat", "merit", code="Heta\x00arbeten"),),
         "requirements.0.code", "styrtecken"),
        ((RequirementData("trollkarl", "krav"),), "requirements.0.kind", "Välj vad"),
        ((RequirementData("korkort", "bonus", code="B"),), "requirements.0.importance",
         "krav eller merit"),
    ],
)  # fmt: skip
def test_contradictory_and_bad_requirements_are_explained(
    service: VacancyService,
    employer_id: uuid.UUID,
    requirements: tuple[RequirementData, ...],
    field: str,
    reason: str,
) -> None:
    assert reason in service.requirement_problems(requirements)[field]
    with pytest.raises(VacancyError) as refused:
        service.create(need(employer_id, *requirements), today=TODAY)
    assert reason in refused.value.problems[field]


def test_more_experience_or_a_higher_level_is_a_merit(service: VacancyService) -> None:
    assert (
        service.requirement_problems(
            (
                RequirementData("erfarenhet", "krav", code="5321", years="1"),
                RequirementData("erfarenhet", "merit", code="5321", years="3"),
                RequirementData("erfarenhet", "merit", code="53", years="0"),
                RequirementData("utbildning", "krav", code="3"),
                RequirementData("utbildning", "merit", code="5"),
                RequirementData("sprak", "krav", code="en", level="A2"),
                RequirementData("sprak", "merit", code="en", level="B2"),
                RequirementData("sprak", "merit", code="ar", level="A2"),
            )
        )
        == {}
    )


def test_editing_keeps_a_passed_deadline_and_refuses_a_new_one(
    db: Database, service: VacancyService, employer_id: uuid.UUID
) -> None:
    vacancy_id = service.create(need(employer_id, SWEDISH_B1), today=TODAY)
    details = service.get(vacancy_id)
    later = dt.date(2026, 12, 20)
    # Weeks later the deadline has passed; the need can still be edited as it is.
    edited = dataclasses.replace(details.data(), title="Undersköterska, natt", positions="3")
    version = service.update(vacancy_id, details.version, edited, today=later)
    with pytest.raises(VacancyError) as refused:
        service.update(
            vacancy_id, version, dataclasses.replace(edited, apply_by="2026-12-19"), today=later
        )
    assert "redan passerat" in refused.value.problems["apply_by"]
    with pytest.raises(StaleError):
        service.update(vacancy_id, details.version, edited, today=later)
    moved = dataclasses.replace(edited, employer_id=uuid.uuid4())
    with pytest.raises(VacancyError) as moved_refused:
        service.update(vacancy_id, version, moved, today=later)
    assert "employer_id" in moved_refused.value.problems
    stored = service.get(vacancy_id)
    assert (stored.title, stored.positions, stored.apply_by) == (
        "Undersköterska, natt",
        3,
        dt.date(2026, 12, 15),
    )
    # Requirements that stay the same are kept as they are, not rewritten.
    with db.read() as session:
        before = set(session.scalars(select(VacancyRequirement.id)))
    more = (*stored.data().requirements, RequirementData("korkort", "merit", code="B"))
    service.update(
        vacancy_id, stored.version, dataclasses.replace(stored.data(), requirements=more)
    )
    with db.read() as session:
        after = set(session.scalars(select(VacancyRequirement.id)))
    assert before < after
    assert len(after) == 2


def test_closing_and_reopening_a_need(service: VacancyService, employer_id: uuid.UUID) -> None:
    vacancy_id = service.create(need(employer_id), today=TODAY)
    version = service.get(vacancy_id).version
    version = service.set_status(vacancy_id, version, "tillsatt")
    assert service.get(vacancy_id).status == "tillsatt"
    assert service.open_needs(NeedQuery(), today=TODAY) == []
    with pytest.raises(StaleError):
        service.set_status(vacancy_id, version - 1, "oppet")
    with pytest.raises(VacancyError):
        service.set_status(vacancy_id, version, "pausad")
    service.set_status(vacancy_id, version, "oppet")
    assert [row.id for row in service.open_needs(NeedQuery(), today=TODAY)] == [vacancy_id]


# The list of open needs ------------------------------------------------------------------

NEEDS = [
    # title, occupation, municipality, form, deadline (None: none), status
    ("Städare kontor", "9111", "0127", "anstallning", "2026-11-30", "oppet"),
    ("Städare hotell", "9111", "0181", "praktik", "2026-12-20", "oppet"),
    ("Undersköterska hemtjänst", "5321", "0127", "nystartsjobb", "2026-11-24", "oppet"),
    ("Kock", "5120", "0126", "anstallning", None, "oppet"),
    ("Lastbilsförare", "8332", "0127", "anstallning", "2026-12-01", "oppet"),
    ("Utvecklare", "2512", "0181", "praktik", None, "oppet"),
    ("Undersköterska natt", "5321", "0181", "anstallning", "2026-12-05", "stangt"),
    ("Kallskänka", "5120", "0138", "praktik", "2026-11-10", "oppet"),
]


@pytest.fixture
def listed(db: Database, service: VacancyService, employer_id: uuid.UUID) -> VacancyService:
    for title, occupation, municipality, form, apply_by, status in NEEDS:
        data = need(employer_id, title=title, occupation_code=occupation,
                    municipality_code=municipality, form_code=form, apply_by="")  # fmt: skip
        vacancy_id = service.create(data, today=TODAY)
        with db.unit_of_work() as session:
            vacancy = session.get_one(Vacancy, vacancy_id)
            vacancy.apply_by = dt.date.fromisoformat(apply_by) if apply_by else None
            vacancy.status = status
    return service


def titles(service: VacancyService, query: NeedQuery, size: int = 2) -> list[str]:
    found: list[str] = []
    after = None
    while True:
        page = service.open_needs(query, after, size, today=TODAY)
        found += [row.title for row in page]
        if len(page) < size:
            assert service.count_open_needs(query, today=TODAY) == len(found)
            return found
        after = page[-1]


@pytest.mark.parametrize("size", [1, 2, 3, 50])
def test_open_needs_by_deadline_those_without_one_last(listed: VacancyService, size: int) -> None:
    found = titles(listed, NeedQuery(), size)
    assert found[:5] == [
        "Kallskänka", "Undersköterska hemtjänst", "Städare kontor", "Lastbilsförare",
        "Städare hotell",
    ]  # fmt: skip
    assert sorted(found[5:]) == ["Kock", "Utvecklare"]


def test_open_needs_filtered(listed: VacancyService) -> None:
    # An occupation group at any level of SSYK.
    assert titles(listed, NeedQuery(occupation="9")) == ["Städare kontor", "Städare hotell"]
    assert titles(listed, NeedQuery(occupation="91")) == ["Städare kontor", "Städare hotell"]
    assert titles(listed, NeedQuery(occupation="5")) == [
        "Kallskänka", "Undersköterska hemtjänst", "Kock",
    ]  # fmt: skip
    assert titles(listed, NeedQuery(occupation="532")) == ["Undersköterska hemtjänst"]
    assert titles(listed, NeedQuery(occupation="5120")) == ["Kallskänka", "Kock"]
    assert titles(listed, NeedQuery(municipality="0181")) == ["Städare hotell", "Utvecklare"]
    assert titles(listed, NeedQuery(form="praktik", occupation="5")) == ["Kallskänka"]
    # Deadline on or before a day: needs without one are left out.
    assert titles(listed, NeedQuery(apply_by_until=dt.date(2026, 11, 30))) == [
        "Kallskänka", "Undersköterska hemtjänst", "Städare kontor",
    ]  # fmt: skip
    # Still open for proposals: today's deadline counts, no deadline counts.
    still_open = titles(listed, NeedQuery(not_passed=True), 1)
    assert still_open[:4] == [
        "Undersköterska hemtjänst", "Städare kontor", "Lastbilsförare", "Städare hotell",
    ]  # fmt: skip
    assert sorted(still_open[4:]) == ["Kock", "Utvecklare"]
    assert titles(
        listed, NeedQuery(not_passed=True, municipality="0127", apply_by_until=TODAY)
    ) == ["Undersköterska hemtjänst"]


def test_an_employers_needs_open_first(listed: VacancyService, employer_id: uuid.UUID) -> None:
    rows = listed.needs_of(employer_id)
    assert len(rows) == len(NEEDS)
    assert [r.status for r in rows][-1] == "stangt"
    assert rows[0].title == "Kallskänka"


def test_open_needs_found_by_title_or_employer_as_typed(
    db: Database, listed: VacancyService, actor: Actor, employer_id: uuid.UUID
) -> None:
    def found(text: str) -> list[str]:
        return [row.title for row in listed.suggest_open(text)]

    # Word prefixes, accents and case ignored; the closed need is not offered.
    assert found("underskot") == ["Undersköterska hemtjänst"]
    assert found("KALLSKÄ") == ["Kallskänka"]
    assert found("städ hot") == ["Städare hotell"]
    # The employer's name counts as well as the title, by deadline, undated last.
    assert found("lindängens")[:5] == [
        "Kallskänka", "Undersköterska hemtjänst", "Städare kontor", "Lastbilsförare",
        "Städare hotell",
    ]  # fmt: skip
    assert sorted(found("lindangens")[5:]) == ["Kock", "Utvecklare"]
    assert found("kock lind") == ["Kock"]
    assert found("vård kock") == ["Kock"]
    assert found("ärta") == []
    assert found("  ") == []
    assert len(listed.suggest_open("lind", limit=3)) == 3

    # Kept in step: a renamed employer, a need closed and reopened, a new title.
    employers = EmployerService(db, actor)
    details = employers.details(employer_id)
    data = dataclasses.replace(details.data(), name="Łódź Omsorg AB")
    employers.update(employer_id, details.version, data)
    assert found("lind") == []
    assert len(found("lodz")) == 7
    kock = listed.suggest_open("kock")[0]
    listed.set_status(kock.id, listed.get(kock.id).version, "stangt")
    assert found("kock") == []
    listed.set_status(kock.id, listed.get(kock.id).version, "oppet")
    changed = dataclasses.replace(listed.get(kock.id).data(), title="Kock, lunch")
    listed.update(kock.id, listed.get(kock.id).version, changed, today=TODAY)
    assert found("lunch lodz") == ["Kock, lunch"]


def test_right_to_left_text_is_stored_exactly(
    service: VacancyService, employer_id: uuid.UUID
) -> None:
    title = "طباخ / טבח"
    description = "مطلوب طباخ\nשעות גמישות"
    vacancy_id = service.create(
        need(employer_id, title=title, description=description), today=TODAY
    )
    details = service.get(vacancy_id)
    assert (details.title, details.description) == (title, description)
