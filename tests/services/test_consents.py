"""Consents: recorded with how and when, never in advance; withdrawn once, not before
they were given; in force only between the two days."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from desktop import clock
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.consents import SHARING, ConsentError, ConsentService
from desktop.store.database import Database
from tests.factories import make_person, make_user

TODAY = clock.today()


@pytest.fixture
def service(db: Database) -> ConsentService:
    audit.install(db)
    with db.unit_of_work(screen="test") as session:
        user = make_user(session)
        actor = Actor(user.id, user.username, user.full_name, "handlaggare")
    return ConsentService(db, actor)


@pytest.fixture
def person(db: Database) -> uuid.UUID:
    with db.unit_of_work(screen="test") as session:
        return make_person(session, "Samira", "Provsson").id


def test_a_consent_is_in_force_from_the_day_given_until_withdrawn(
    service: ConsentService, person: uuid.UUID
) -> None:
    given = TODAY - dt.timedelta(days=10)
    consent = service.record(person, SHARING, "skriftligt", given.isoformat(), "På papper.")

    assert not service.may_share(person, today=given - dt.timedelta(days=1))
    assert service.may_share(person, today=given)
    service.withdraw(consent, on=TODAY)
    assert service.may_share(person, today=TODAY - dt.timedelta(days=1))
    assert not service.may_share(person, today=TODAY)
    row = service.consents_of(person)[0]
    assert (row.kind, row.method, row.given_on, row.withdrawn_on, row.recorded_by) == (
        SHARING, "skriftligt", given, TODAY, "Test Handläggare",
    )  # fmt: skip
    assert row.note == "På papper."


def test_bad_input_is_explained_beside_each_field(
    service: ConsentService, person: uuid.UUID
) -> None:
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    problems = service.problems("okänt", "brevduva", tomorrow)
    assert set(problems) == {"kind", "method", "given_on"}
    assert "efter i dag" in problems["given_on"]
    assert service.problems(SHARING, "muntligt", "2026-13-40")["given_on"]
    with pytest.raises(ConsentError):
        service.record(person, SHARING, "muntligt", tomorrow)
    assert service.consents_of(person) == []


def test_a_consent_is_withdrawn_once_and_not_before_it_was_given(
    service: ConsentService, person: uuid.UUID
) -> None:
    consent = service.record(person, SHARING, "digitalt", TODAY.isoformat())
    with pytest.raises(ConsentError, match="före den dag"):
        service.withdraw(consent, on=TODAY - dt.timedelta(days=1))
    service.withdraw(consent, on=TODAY)
    with pytest.raises(ConsentError, match="redan återkallat"):
        service.withdraw(consent, on=TODAY)


def test_a_withdrawal_date_is_explained_beside_the_field(
    service: ConsentService, person: uuid.UUID
) -> None:
    given = TODAY - dt.timedelta(days=3)
    consent = service.record(person, SHARING, "muntligt", given.isoformat())
    day_before = (given - dt.timedelta(days=1)).isoformat()
    assert service.withdrawal_problems(given, day_before) == {
        "withdrawn_on": f"Datumet kan inte vara före den dag samtycket gavs ({given})."
    }
    tomorrow = TODAY + dt.timedelta(days=1)
    assert "efter i dag" in service.withdrawal_problems(given, tomorrow.isoformat())["withdrawn_on"]
    assert "måste fyllas i" in service.withdrawal_problems(given, " ")["withdrawn_on"]
    assert service.withdrawal_problems(given, given.isoformat()) == {}
    with pytest.raises(ConsentError) as refused:
        service.withdraw(consent, on=tomorrow)
    assert set(refused.value.problems) == {"withdrawn_on"}
    assert service.consents_of(person)[0].withdrawn_on is None
