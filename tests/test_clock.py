"""The app's clock: today is the date in Stockholm, and a pinned day reaches the defaults
of the services, so a test run that crosses midnight still sees one day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from desktop import clock
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.cases import CaseService
from desktop.services.employers import EmployerData, EmployerService, WorkplaceData
from desktop.services.vacancies import VacancyData, VacancyService
from desktop.store.database import Database
from tests.factories import make_person, make_user

PINNED = dt.date(2031, 5, 12)
# 23:59 and 00:01 in Stockholm (summer time, UTC+2) around the pinned day's midnight.
BEFORE_MIDNIGHT = dt.datetime(2031, 5, 12, 21, 59, tzinfo=dt.UTC)
AFTER_MIDNIGHT = dt.datetime(2031, 5, 12, 22, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (dt.datetime(2026, 6, 15, 23, 30, tzinfo=dt.UTC), dt.date(2026, 6, 16)),
        (dt.datetime(2026, 6, 15, 21, 59, tzinfo=dt.UTC), dt.date(2026, 6, 15)),
        (dt.datetime(2026, 6, 15, 22, 0, tzinfo=dt.UTC), dt.date(2026, 6, 16)),
        (dt.datetime(2026, 1, 15, 22, 59, tzinfo=dt.UTC), dt.date(2026, 1, 15)),
        (dt.datetime(2026, 1, 15, 23, 0, tzinfo=dt.UTC), dt.date(2026, 1, 16)),
    ],
)
def test_today_is_the_date_in_stockholm(moment: dt.datetime, day: dt.date) -> None:
    with clock.pinned(at=moment):
        assert clock.today() == day
        assert clock.now() == moment


def test_now_is_aware_utc() -> None:
    assert clock.now().tzinfo is dt.UTC
    local = dt.datetime(2026, 6, 16, 1, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
    with clock.pinned(at=local):
        assert clock.now().tzinfo is dt.UTC
        assert clock.now() == dt.datetime(2026, 6, 15, 23, 30, tzinfo=dt.UTC)
    naive = dt.datetime(2026, 6, 15, 23, 30)
    with pytest.raises(ValueError, match="aware"), clock.pinned(at=naive):
        pass


def test_a_pinned_day_outlasts_midnight_and_the_block(session_today: dt.date) -> None:
    assert clock.today() == session_today
    with clock.pinned(PINNED, at=BEFORE_MIDNIGHT):
        assert clock.today() == PINNED
    with clock.pinned(PINNED, at=AFTER_MIDNIGHT):
        assert clock.today() == PINNED
    with clock.pinned(at=AFTER_MIDNIGHT):
        assert clock.today() == PINNED + dt.timedelta(days=1)
    assert clock.today() == session_today


@pytest.fixture
def actor(db: Database) -> Actor:
    audit.install(db)
    with db.unit_of_work(screen="test") as session:
        user = make_user(session, "agnes", "Agnes Agent")
        return Actor(user.id, user.username, user.full_name, "handlaggare")


def test_a_deadline_is_checked_against_the_pinned_day(db: Database, actor: Actor) -> None:
    employer_id = EmployerService(db, actor).create(
        EmployerData(
            name="Lindängens Vård AB",
            sector="privat",
            workplaces=(WorkplaceData("Lindängen", city="Tumba", municipality_code="0127"),),
        )
    )
    vacancies = VacancyService(db, actor)

    def need(apply_by: dt.date) -> VacancyData:
        return VacancyData(
            employer_id=employer_id, occupation_code="5321", title="Undersköterska",
            positions="2", form_code="anstallning", extent="heltid", municipality_code="0127",
            start_date="2031-06-01", apply_by=apply_by.isoformat(),
        )  # fmt: skip

    with clock.pinned(PINNED):
        # Yesterday has passed, today has not: neither is true of the real date.
        yesterday = vacancies.problems(need(PINNED - dt.timedelta(days=1)))
        assert "redan passerat" in yesterday["apply_by"]
        assert "apply_by" not in vacancies.problems(need(PINNED))


def test_my_follow_ups_are_due_by_the_pinned_day(db: Database) -> None:
    with db.unit_of_work() as session:
        user = make_user(session, "agnes", "Agnes Agent")
        person_id = make_person(session, "Nour", "Saleh").id
    cases = CaseService(db, Actor(user.id, user.username, user.full_name, "handlaggare"))
    case_id = cases.open_case(person_id, municipality_code="0127")
    cases.add_task(case_id=case_id, title="I dag", due_date=PINNED.isoformat())
    tomorrow = PINNED + dt.timedelta(days=1)
    cases.add_task(case_id=case_id, title="I morgon", due_date=tomorrow.isoformat())
    with clock.pinned(PINNED):
        assert [task.title for task in cases.my_tasks()] == ["I dag"]
    with clock.pinned(tomorrow):
        assert [task.title for task in cases.my_tasks()] == ["I dag", "I morgon"]
