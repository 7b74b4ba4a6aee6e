"""Round trips through the real database file and the constraints that guard it."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from desktop.models import (
    Case,
    CaseNote,
    Consent,
    Employer,
    EmployerContact,
    Occupation,
    Person,
    PersonLanguage,
    Placement,
    Referral,
    ReferralStatusChange,
    Task,
    Vacancy,
    VacancyRequirement,
)
from desktop.models.person import person_sort_key
from desktop.store.database import Database
from tests.factories import make_person, make_user, open_case, personal_number


def test_person_round_trip_keeps_every_value(db: Database) -> None:
    number = personal_number(dt.date(1988, 2, 29), 456)
    with db.unit_of_work() as session:
        person = make_person(
            session, "Amanuel", "Tesfay", birth=dt.date(1988, 2, 29), number=number
        )
        person.languages.append(PersonLanguage(language="ti", mother_tongue=True))
        person.languages.append(PersonLanguage(language="en", level="B1"))
        person.arrival_date = dt.date(2016, 3, 1)
        person.swedish_cefr = "A2"
        person_id = person.id
    with db.read() as session:
        loaded = session.get_one(Person, person_id)
        assert loaded.personal_number == number
        assert loaded.birth_date == dt.date(1988, 2, 29)
        assert {(x.language, x.mother_tongue, x.level) for x in loaded.languages} == {
            ("ti", True, None),
            ("en", False, "B1"),
        }
        assert loaded.created_at.tzinfo is dt.UTC
        assert loaded.version == 2  # flushed by make_person, then changed once
        assert isinstance(loaded.id, uuid.UUID)


def test_version_counter_detects_a_concurrent_edit(db: Database) -> None:
    with db.unit_of_work() as session:
        person_id = make_person(session, "Sara", "Ali").id
    with db.read() as first, db.unit_of_work() as second:
        stale = first.get_one(Person, person_id)
        second.get_one(Person, person_id).first_name = "Sahra"
        second.flush()
        assert stale.version == 1
    with pytest.raises(StaleDataError), db.unit_of_work() as session:
        session.merge(stale, load=False).first_name = "Sarah"
        session.flush()


def test_updated_at_moves_and_version_counts(db: Database) -> None:
    with db.unit_of_work() as session:
        person = make_person(session, "Omar", "Hassan")
        created = person.updated_at
        person_id = person.id
    with db.unit_of_work() as session:
        session.get_one(Person, person_id).city = "Tumba"
    with db.read() as session:
        loaded = session.get_one(Person, person_id)
        assert loaded.version == 2
        assert loaded.updated_at >= created


def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive"), db.unit_of_work() as session:
        person = make_person(session, "Lina", "Haddad")
        session.add(
            Task(
                case_id=open_case(session, person).id,
                title="Ring",
                due_date=dt.date(2026, 1, 1),
                done_at=dt.datetime(2026, 1, 1, 12, 0),  # naive on purpose
            )
        )


def test_personal_number_is_unique(db: Database) -> None:
    number = personal_number(dt.date(1990, 1, 1))
    with db.unit_of_work() as session:
        make_person(session, "A", "B", number=number)
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        make_person(session, "C", "D", number=number)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("identity_kind", "pass"),
        ("gender", "okänd"),
        ("arrival_date", dt.date(1980, 1, 1)),  # before birth
        ("personal_number", None),  # a personnummer kind needs its number
    ],
)
def test_person_checks_reject_bad_values(db: Database, field: str, value: object) -> None:
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        person = make_person(
            session, "Test", "Person", number=personal_number(dt.date(1990, 5, 17))
        )
        setattr(person, field, value)
        session.flush()


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        make_person(session, "X", "Y", municipality="9999")


def test_a_closed_case_needs_a_closing_date(db: Database) -> None:
    with db.unit_of_work() as session:
        case = open_case(session, make_person(session, "Nour", "Saleh"))
        case_id = case.id
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        session.get_one(Case, case_id).status = "avslutad"
    with db.unit_of_work() as session:
        case = session.get_one(Case, case_id)
        case.status = "avslutad"
        case.closed_on = dt.date(2026, 6, 1)
        case.outcome = "nystartsjobb"


def test_a_task_belongs_to_a_case_or_an_employer_not_both(db: Database) -> None:
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        session.add(Task(title="Ring", due_date=dt.date(2026, 1, 1)))
        session.flush()


def test_whole_flow_of_records_round_trips(db: Database) -> None:
    """Employer, contact, vacancy with requirements, referral with history, placement."""
    now = dt.datetime.now(dt.UTC)
    with db.unit_of_work() as session:
        agent = make_user(session)
        person = make_person(session, "Fatima", "Yusuf")
        case = open_case(session, person, agent)
        session.add(
            CaseNote(case_id=case.id, note_date=dt.date(2026, 2, 1), kind="samtal", text="Samtal")
        )
        session.add(
            Consent(
                person_id=person.id,
                kind="dela_profil",
                given_on=dt.date(2026, 1, 10),
                method="skriftligt",
            )
        )
        employer = Employer(
            name="Exempel Städ AB",
            sort_key="exempel städ ab",
            sector="privat",
            org_number="5560160680",
        )
        session.add(employer)
        session.flush()
        session.add(
            EmployerContact(
                employer_id=employer.id,
                kind="besok",
                contact_date=dt.date(2026, 2, 2),
                summary="Besök",
            )
        )
        vacancy = Vacancy(
            employer_id=employer.id,
            occupation_code="9111",
            title="Lokalvårdare",
            form_code="anstallning",
        )
        vacancy.requirements.append(
            VacancyRequirement(kind="svenska", importance="krav", level="A2")
        )
        vacancy.requirements.append(
            VacancyRequirement(kind="korkort", importance="merit", code="B")
        )
        session.add(vacancy)
        session.flush()
        referral = Referral(
            vacancy_id=vacancy.id, person_id=person.id, case_id=case.id, status_changed_at=now
        )
        referral.history.append(ReferralStatusChange(to_status="foreslagen", changed_at=now))
        session.add(referral)
        session.flush()
        session.add(
            Placement(
                person_id=person.id,
                referral_id=referral.id,
                form_code="anstallning",
                start_date=dt.date(2026, 3, 1),
            )
        )
    with db.read() as session:
        loaded = session.scalars(select(Vacancy)).one()
        assert sorted(r.kind for r in loaded.requirements) == ["korkort", "svenska"]
        assert session.scalars(select(Referral)).one().history[0].to_status == "foreslagen"
        assert session.scalars(select(Placement)).one().form_code == "anstallning"


def test_ssyk_hierarchy_is_loaded_with_parents(db: Database) -> None:
    with db.read() as session:
        unit = session.get_one(Occupation, "5321")
        assert unit.level == 4
        minor = session.get_one(Occupation, unit.parent_code or "")
        assert minor.code == "532"
        assert session.get_one(Occupation, "0110").parent_code == "011"
        counts = {
            level: len(session.scalars(select(Occupation).where(Occupation.level == level)).all())
            for level in (1, 2, 3, 4)
        }
    assert counts == {1: 10, 2: 46, 3: 148, 4: 429}


def test_sort_key_follows_swedish_alphabet() -> None:
    names = ["Öberg", "Zetterlund", "Åkesson", "Ängström", "Andersson", "émile", "Özdemir"]
    ordered = sorted(names, key=lambda n: person_sort_key(n, ""))
    assert ordered == [
        "Andersson",
        "émile",
        "Zetterlund",
        "Åkesson",
        "Ängström",
        "Öberg",
        "Özdemir",
    ]
