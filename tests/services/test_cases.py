"""Case lifecycle, journal and follow-ups through the case service."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from desktop.models import Person
from desktop.services.accounts import Actor
from desktop.services.cases import CaseError, CaseService, StaleError
from desktop.services.persons import PersonQuery, PersonService
from desktop.store.database import Database
from tests.factories import make_person, make_user

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def setup(db: Database) -> tuple[CaseService, uuid.UUID, Actor]:
    with db.unit_of_work() as session:
        user = make_user(session, "agnes", "Agnes Agent")
        person_id = make_person(session, "Nour", "Saleh").id
        actor = Actor(user.id, user.username, user.full_name, "handlaggare")
    return CaseService(db, actor), person_id, actor


def test_the_lifecycle_of_a_case_and_its_copy_on_the_person(
    db: Database, setup: tuple[CaseService, uuid.UUID, Actor]
) -> None:
    cases, person_id, actor = setup
    case_id = cases.open_case(person_id, municipality_code="0127", opened_on=dt.date(2026, 1, 5))
    [summary] = cases.cases_of(person_id)
    assert (summary.status, summary.agent_name) == ("inskriven", "Agnes Agent")
    version = cases.change_status(case_id, summary.version, "aktiv", today=TODAY)
    version = cases.change_status(case_id, version, "i_insats", today=TODAY)
    with pytest.raises(CaseError, match="utfall") as no_outcome:
        cases.change_status(case_id, version, "avslutad", today=TODAY)
    assert no_outcome.value.field == "outcome"
    with pytest.raises(CaseError, match="efter i dag"):
        cases.change_status(case_id, version, "avslutad", outcome="anstallning",
                            closed_on=dt.date(2027, 1, 1), today=TODAY)  # fmt: skip
    version = cases.change_status(
        case_id, version, "avslutad", outcome="nystartsjobb", closed_on=TODAY, today=TODAY
    )
    with pytest.raises(CaseError, match="kan inte bli"):
        cases.change_status(case_id, version, "aktiv", today=TODAY)
    with db.read() as session:
        person = session.get_one(Person, person_id)
        assert (person.current_case_status, person.current_agent_id) == ("avslutad", actor.user_id)
    # The person comes back: a new enrolment, the old one kept as history.
    again = cases.open_case(person_id, municipality_code="0127", opened_on=TODAY)
    assert [c.status for c in cases.cases_of(person_id)] == ["inskriven", "avslutad"]
    with db.read() as session:
        assert session.get_one(Person, person_id).current_case_id == again


def test_one_open_case_at_a_time(setup: tuple[CaseService, uuid.UUID, Actor]) -> None:
    cases, person_id, _ = setup
    cases.open_case(person_id, municipality_code="0127")
    with pytest.raises(CaseError, match="redan ett pågående"):
        cases.open_case(person_id, municipality_code="0127")


def test_a_stale_version_is_refused(setup: tuple[CaseService, uuid.UUID, Actor]) -> None:
    cases, person_id, _ = setup
    case_id = cases.open_case(person_id, municipality_code="0127")
    version = cases.cases_of(person_id)[0].version
    cases.change_status(case_id, version, "aktiv", today=TODAY)
    with pytest.raises(StaleError, match="Någon annan har ändrat"):
        cases.change_status(case_id, version, "i_insats", today=TODAY)


def test_the_person_list_filters_on_the_current_case(
    db: Database, setup: tuple[CaseService, uuid.UUID, Actor]
) -> None:
    cases, person_id, actor = setup
    with db.unit_of_work() as session:
        other = make_person(session, "Omar", "Hassan", municipality="0181").id
    case_id = cases.open_case(person_id, municipality_code="0127")
    cases.change_status(case_id, cases.cases_of(person_id)[0].version, "aktiv", today=TODAY)
    persons = PersonService(db)

    def names(query: PersonQuery) -> list[str]:
        return [row.last_name for row in persons.page(query)]

    assert names(PersonQuery(status="aktiv")) == ["Saleh"]
    assert names(PersonQuery(agent_id=actor.user_id)) == ["Saleh"]
    assert names(PersonQuery(municipality="0181")) == ["Hassan"]
    assert names(PersonQuery(municipality="0181", status="aktiv")) == []
    assert names(PersonQuery(text="sal", status="aktiv")) == ["Saleh"]
    assert persons.count(PersonQuery(text="ha", municipality="0181")) == 1
    assert persons.count(PersonQuery(status="inskriven")) == 0
    assert other


def test_journal_notes_newest_first_and_searchable(
    setup: tuple[CaseService, uuid.UUID, Actor],
) -> None:
    cases, person_id, _ = setup
    case_id = cases.open_case(person_id, municipality_code="0127")
    cases.add_note(case_id, text="Första samtalet.\nTolk på arabiska.", kind="samtal",
                   note_date=dt.date(2026, 2, 1), today=TODAY)  # fmt: skip
    cases.add_note(case_id, text="Möte på Arbetsförmedlingen", kind="mote",
                   note_date=dt.date(2026, 3, 1), today=TODAY)  # fmt: skip
    rtl = "ملاحظة باللغة العربية"
    cases.add_note(case_id, text=rtl, kind="ovrigt", note_date=dt.date(2026, 1, 1), today=TODAY)
    notes = cases.notes(case_id)
    assert [n.note_date.month for n in notes] == [3, 2, 1]
    assert notes[2].text == rtl  # stored exactly
    assert notes[0].author_name == "Agnes Agent"
    assert [n.kind for n in cases.notes(case_id, search="arbetsformedl")] == ["mote"]
    assert [n.kind for n in cases.notes(case_id, search="TOLK arabiska")] == ["samtal"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": "  "}, "text"),
        ({"text": "Klistrat \x07"}, "text"),
        ({"text": "ok", "kind": "brev"}, "kind"),
        ({"text": "ok", "note_date": dt.date(2027, 1, 1)}, "note_date"),
    ],
)
def test_bad_notes_are_explained(
    setup: tuple[CaseService, uuid.UUID, Actor], fields: dict[str, object], field: str
) -> None:
    cases, person_id, _ = setup
    case_id = cases.open_case(person_id, municipality_code="0127")
    with pytest.raises(CaseError) as error:
        cases.add_note(case_id, today=TODAY, **fields)  # type: ignore[arg-type]
    assert error.value.field == field
    assert cases.notes(case_id) == []


def test_my_follow_ups_due_and_overdue(setup: tuple[CaseService, uuid.UUID, Actor]) -> None:
    cases, person_id, _ = setup
    case_id = cases.open_case(person_id, municipality_code="0127")
    for title, due in (("Ring", "2026-11-20"), ("Möte", "2026-11-24"), ("Senare", "2026-12-10")):
        cases.add_task(case_id=case_id, title=title, due_date=due)
    mine = cases.my_tasks(today=TODAY)
    assert [t.title for t in mine] == ["Ring", "Möte"]
    assert mine[0].subject == "Nour Saleh"
    cases.set_done(mine[0].id, True)
    assert [t.title for t in cases.my_tasks(today=TODAY)] == ["Möte"]
    assert [t.done for t in cases.tasks_of_case(case_id)] == [True, False, False]
    cases.set_done(mine[0].id, False)
    assert len(cases.my_tasks(today=TODAY, days_ahead=30)) == 3
    with pytest.raises(CaseError, match="ÅÅÅÅ-MM-DD") as bad_date:
        cases.add_task(case_id=case_id, title="X", due_date="imorgon")
    assert bad_date.value.field == "due_date"
