"""Översikt's data from a small hand-built world where every row and number is known:
my referrals awaiting an answer, my quiet employers (at the boundary of the setting),
the records I opened recently, this year's numbers for my municipality, and the
first-setup state of a new database."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from desktop import clock
from desktop.models import Case, Employer, Placement, Referral, User, Vacancy
from desktop.models.collation import swedish_sort_key
from desktop.services import audit
from desktop.services import settings as app_settings
from desktop.services.accounts import Actor
from desktop.services.overview import (
    LIST_LIMIT,
    RECENT_LIMIT,
    KeyNumbers,
    OverviewService,
    QuietEmployer,
)
from desktop.store.database import Database
from tests.factories import make_person, make_user, open_case

TODAY = dt.date(2026, 6, 15)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def _employer(
    session: Session, name: str, agent: User | None, last: dt.date | None, municipality: str
) -> Employer:
    employer = Employer(
        name=name,
        sort_key=swedish_sort_key(name),
        sector="privat",
        municipality_code=municipality,
        responsible_agent_id=agent.id if agent else None,
        last_contact_on=last,
    )
    session.add(employer)
    session.flush()
    return employer


def _need(
    session: Session, employer: Employer, title: str, municipality: str, status: str = "oppet"
) -> Vacancy:
    need = Vacancy(
        employer_id=employer.id,
        occupation_code="5321",
        title=title,
        form_code="anstallning",
        municipality_code=municipality,
        status=status,
    )
    session.add(need)
    session.flush()
    return need


def _refer(
    session: Session, need: Vacancy, case: Case, agent: User, *, status: str, changed: dt.datetime
) -> Referral:
    referral = Referral(
        vacancy_id=need.id,
        person_id=case.person_id,
        case_id=case.id,
        agent_id=agent.id,
        status=status,
        status_changed_at=changed,
    )
    session.add(referral)
    session.flush()
    return referral


@dataclass
class World:
    db: Database
    me: Actor
    ids: dict[str, uuid.UUID]

    def overview(self, actor: Actor | None = None) -> object:
        return OverviewService(self.db, actor or self.me).overview(today=TODAY)


@pytest.fixture
def world(db: Database) -> World:
    audit.install(db)
    ids: dict[str, uuid.UUID] = {}
    with db.unit_of_work(screen="test") as session:
        agnes = make_user(session, "agnes", "Agnes Agent")
        agnes.municipality_code = "0127"  # Botkyrka
        other = make_user(session, "olof", "Olof Annan")
        other.municipality_code = "0126"

        amina = make_person(session, "Amina", "Testsson", municipality="0127")
        yonas = make_person(session, "Yonas", "Provsson", municipality="0127")
        karin = make_person(session, "Karin", "Exempelsson", municipality="0126")
        case_amina = open_case(session, amina, agnes)
        case_amina.opened_on = dt.date(2026, 2, 1)
        case_yonas = open_case(session, yonas, agnes)
        case_yonas.opened_on = dt.date(2025, 12, 31)  # last year: not counted
        case_karin = open_case(session, karin, other)
        case_karin.opened_on = dt.date(2026, 3, 1)  # Huddinge: not mine

        # Employers I am responsible for, around the 90-day boundary (2026-03-17).
        fresh = _employer(session, "Färsk AB", agnes, dt.date(2026, 3, 18), "0127")  # 89 days
        edge = _employer(session, "Gränsen AB", agnes, dt.date(2026, 3, 17), "0127")  # 90 days
        old = _employer(session, "Gamla Bageriet AB", agnes, dt.date(2025, 1, 5), "0127")
        never = _employer(session, "Aldrig Kontaktad AB", agnes, None, "0127")
        theirs = _employer(session, "Annans AB", other, None, "0126")

        care = _need(session, old, "Undersköterska", "0127")
        kitchen = _need(session, fresh, "Kockbiträde", "0127")
        _need(session, edge, "Lagerarbetare", "0127", status="tillsatt")
        _need(session, theirs, "Städare", "0126")

        first = _refer(
            session, care, case_amina, agnes, status="intervju", changed=_at(dt.date(2026, 5, 2))
        )
        second = _refer(
            session, kitchen, case_yonas, agnes, status="foreslagen", changed=_at(TODAY, 8)
        )
        _refer(
            session,
            kitchen,
            case_amina,
            agnes,
            status="placerad",
            changed=_at(dt.date(2026, 5, 20)),
        )
        _refer(
            session, care, case_karin, other, status="foreslagen", changed=_at(dt.date(2026, 1, 3))
        )

        for case, start in (
            (case_amina, dt.date(2026, 5, 25)),  # this year, Botkyrka
            (case_yonas, dt.date(2025, 11, 1)),  # last year
            (case_karin, dt.date(2026, 4, 1)),  # this year, Huddinge
        ):
            session.add(
                Placement(
                    person_id=case.person_id,
                    case_id=case.id,
                    form_code="anstallning",
                    start_date=start,
                )
            )
        ids.update(
            agnes=agnes.id, other=other.id, amina=amina.id, yonas=yonas.id, karin=karin.id,
            fresh=fresh.id, edge=edge.id, old=old.id, never=never.id, theirs=theirs.id,
            care=care.id, kitchen=kitchen.id, first=first.id, second=second.id,
        )  # fmt: skip
    me = Actor(ids["agnes"], "agnes", "Agnes Agent", "handlaggare")
    return World(db, me, ids)


def _read(db: Database, user: uuid.UUID, entity_type: str, entity_id: uuid.UUID) -> None:
    with db.unit_of_work(actor=user, screen="test") as session:
        audit.record(session, "read", entity_type, entity_id)


def test_my_referrals_awaiting_an_answer_longest_waiting_first(world: World) -> None:
    overview = OverviewService(world.db, world.me).overview(today=TODAY)
    assert overview.referrals_total == 2
    rows = [
        (r.id, r.person_id, r.person_name, r.need_id, r.need_title, r.employer_name,
         r.status_name, r.since)
        for r in overview.referrals
    ]  # fmt: skip
    assert rows == [
        (world.ids["first"], world.ids["amina"], "Amina Testsson", world.ids["care"],
         "Undersköterska", "Gamla Bageriet AB", "Intervju", dt.date(2026, 5, 2)),
        (world.ids["second"], world.ids["yonas"], "Yonas Provsson", world.ids["kitchen"],
         "Kockbiträde", "Färsk AB", "Föreslagen", TODAY),
    ]  # fmt: skip


def test_quiet_employers_count_from_the_setting_s_day_on(world: World) -> None:
    overview = OverviewService(world.db, world.me).overview(today=TODAY)
    assert overview.stale_days == 90
    assert overview.quiet_total == 3
    assert overview.quiet_employers == (
        QuietEmployer(world.ids["never"], "Aldrig Kontaktad AB", None, None),
        QuietEmployer(world.ids["old"], "Gamla Bageriet AB", dt.date(2025, 1, 5), 526),
        QuietEmployer(world.ids["edge"], "Gränsen AB", dt.date(2026, 3, 17), 90),
    )


def test_a_longer_setting_leaves_the_boundary_employer_out(world: World) -> None:
    with world.db.unit_of_work(screen="test") as session:
        app_settings.write(session, stale_contact_days=91)
    overview = OverviewService(world.db, world.me).overview(today=TODAY)
    assert overview.stale_days == 91
    assert [e.name for e in overview.quiet_employers] == [
        "Aldrig Kontaktad AB",
        "Gamla Bageriet AB",
    ]


def test_recent_records_are_mine_newest_first_each_once(world: World) -> None:
    ids = world.ids
    me = ids["agnes"]
    _read(world.db, me, "Person", ids["amina"])
    _read(world.db, me, "Employer", ids["old"])
    _read(world.db, ids["other"], "Person", ids["karin"])  # someone else's read
    _read(world.db, me, "Vacancy", ids["care"])
    _read(world.db, me, "Person", ids["amina"])  # again: moves to the top, listed once
    with world.db.unit_of_work(actor=me, screen="test") as session:
        audit.record(session, "print", "Person", ids["yonas"])  # not a read
    overview = OverviewService(world.db, world.me).overview(today=TODAY)
    assert [(r.kind, r.id, r.name, r.detail) for r in overview.recent] == [
        ("person", ids["amina"], "Amina Testsson", "Deltagare"),
        ("need", ids["care"], "Undersköterska", "Gamla Bageriet AB"),
        ("employer", ids["old"], "Gamla Bageriet AB", "Arbetsgivare"),
    ]
    times = [r.opened_at for r in overview.recent]
    assert times == sorted(times, reverse=True)


def test_recent_records_stop_at_eight_and_skip_erased_ones(world: World) -> None:
    me = world.ids["agnes"]
    gone = uuid.uuid4()  # a person erased since it was opened
    with world.db.unit_of_work(screen="test") as session:
        people = [make_person(session, f"Namn{n}", "Testsson").id for n in range(9)]
    for person in people:
        _read(world.db, me, "Person", person)
    _read(world.db, me, "Person", gone)
    overview = OverviewService(world.db, world.me).overview(today=TODAY)
    assert RECENT_LIMIT == 8
    assert [r.id for r in overview.recent] == people[::-1][:8]


def test_key_numbers_for_my_municipality_this_year(world: World) -> None:
    numbers = OverviewService(world.db, world.me).key_numbers(today=TODAY)
    assert numbers == KeyNumbers(
        year=2026,
        municipality_code="0127",
        municipality_name="Botkyrka",
        new_cases=1,
        placements=1,
        open_needs=2,
    )


def test_a_user_without_a_municipality_gets_the_installation_s(world: World) -> None:
    with world.db.unit_of_work(screen="test") as session:
        user = session.get(User, world.ids["other"])
        assert user is not None
        user.municipality_code = None
    other = Actor(world.ids["other"], "olof", "Olof Annan", "handlaggare")
    service = OverviewService(world.db, other)
    overview = service.overview(today=TODAY)
    # The installation's home municipality is Huddinge (0126) by default.
    assert service.key_numbers(today=TODAY) == KeyNumbers(2026, "0126", "Huddinge", 1, 1, 1)
    assert overview.referrals_total == 1
    assert [r.person_name for r in overview.referrals] == ["Karin Exempelsson"]
    assert [e.name for e in overview.quiet_employers] == ["Annans AB"]
    assert overview.recent == ()


def test_lists_are_capped_and_carry_the_full_count(world: World) -> None:
    with world.db.unit_of_work(screen="test") as session:
        agnes = session.get(User, world.ids["agnes"])
        for n in range(LIST_LIMIT + 3):
            _employer(session, f"Tyst {n:03d} AB", agnes, None, "0127")
    overview = OverviewService(world.db, world.me).overview(today=TODAY)
    assert overview.quiet_total == LIST_LIMIT + 3 + 3
    assert len(overview.quiet_employers) == LIST_LIMIT


def test_a_populated_database_is_not_a_first_setup(world: World) -> None:
    assert not OverviewService(world.db, world.me).overview(today=TODAY).first_setup


def test_first_setup_is_a_new_database_with_only_its_administrator(db: Database) -> None:
    audit.install(db)
    with db.unit_of_work(screen="test") as session:
        admin = make_user(session, "admin", "Ada Administratör")
        admin.role = "administrator"
    actor = Actor(admin.id, "admin", "Ada Administratör", "administrator")
    service = OverviewService(db, actor)
    overview = service.overview(today=TODAY)
    assert overview.first_setup
    assert overview.referrals == overview.quiet_employers == overview.recent == ()
    assert service.key_numbers(today=TODAY) == KeyNumbers(2026, "0126", "Huddinge", 0, 0, 0)

    # A second user, a person or an employer each ends the first setup.
    with db.unit_of_work(screen="test") as session:
        helper = make_user(session, "hjalp", "Hjalmar Hjälp")
    assert not service.overview(today=TODAY).first_setup
    with db.unit_of_work(screen="test") as session:
        user = session.get(User, helper.id)
        session.delete(user)
    assert service.overview(today=TODAY).first_setup
    with db.unit_of_work(screen="test") as session:
        _employer(session, "Första AB", None, None, "0126")
    assert not service.overview(today=TODAY).first_setup


def test_today_defaults_to_the_app_clock(world: World) -> None:
    with clock.pinned(TODAY):
        overview = OverviewService(world.db, world.me).overview()
    assert overview.today == TODAY
