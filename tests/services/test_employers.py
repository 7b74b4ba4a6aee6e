"""The employer register through its service: the list, the screen, the contact log,
contact persons, follow-ups, duplicates, and bad input refused with reasons."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from desktop import clock
from desktop.models import AuditEvent, ContactPerson, Employer, EmployerContact, Task, Vacancy
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.cases import CaseService
from desktop.services.demo import DemoScale, generate
from desktop.services.employers import (
    TIMELINE_PAGE,
    ContactData,
    ContactPersonData,
    ContactRow,
    EmployerData,
    EmployerError,
    EmployerQuery,
    EmployerService,
    EmployerSort,
    PossibleDuplicateError,
    StaleError,
    WorkplaceData,
)
from desktop.services.referrals import PlacementData
from desktop.services.registry import Services
from desktop.services.vacancies import VacancyData
from desktop.store.database import Database
from desktop.store.errors import RecordMissingError
from tests.factories import luhn_digit, make_person, make_user, open_case, personal_number

TODAY = dt.date(2026, 11, 24)


def org_number(nine: str) -> str:
    return nine + luhn_digit(nine)


@pytest.fixture
def actor(db: Database) -> Actor:
    audit.install(db)
    with db.unit_of_work(screen="test") as session:
        user = make_user(session, "agnes", "Agnes Agent")
        return Actor(user.id, user.username, user.full_name, "handlaggare")


@pytest.fixture
def service(db: Database, actor: Actor) -> EmployerService:
    return EmployerService(db, actor)


def employer(name: str, nine: str | None = None, **fields: object) -> EmployerData:
    values: dict[str, object] = {
        "name": name,
        "org_number": org_number(nine) if nine else "",
        "sector": "privat",
        "municipality_code": "0127",
    }
    values.update(fields)
    return EmployerData(**values)  # type: ignore[arg-type]


def count(db: Database, model: type[object]) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# Creating, opening, editing ------------------------------------------------------------


def test_a_new_employer_is_opened_with_everything_its_screen_shows(
    db: Database, service: EmployerService, actor: Actor
) -> None:
    data = employer(
        "Solbackens Bageri AB",
        "556120034",
        industry_code="10710",
        industry_name="Tillverkning av mjukt matbröd och färska bakverk",
        website="www.solbackens-bageri.example",
        responsible_agent_id=actor.user_id,
        relationship_status="aktiv",
        notes="Vill ta emot praktikanter under våren.",
        workplaces=(
            WorkplaceData("Bageriet", "Bagargatan 3", "147 30", "Tumba", "0127"),
            WorkplaceData("Butiken", "Torget 1", "141 41", "Huddinge", "0126"),
        ),
    )
    assert service.notes(data) == {"org_number": "Aktiebolag"}
    employer_id = service.create(data)

    screen = service.open(employer_id)
    details = screen.details
    assert details.name == "Solbackens Bageri AB"
    assert details.org_number == f"556120-034{data.org_number[-1]}"
    assert details.legal_form == "Aktiebolag"
    assert not details.sole_trader
    assert (details.municipality, details.responsible_agent) == ("Botkyrka", "Agnes Agent")
    assert [(w.name, w.municipality) for w in details.workplaces] == [
        ("Bageriet", "Botkyrka"),
        ("Butiken", "Huddinge"),
    ]
    assert not screen.more_contacts
    assert (screen.timeline, screen.contact_persons, screen.needs, screen.tasks) == ((),) * 4
    # The form round-trips: saving it untouched changes nothing.
    assert details.data().org_number == details.org_number
    version = service.update(employer_id, details.version, details.data())
    assert version == details.version

    with db.read() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
    mine = [(e.action, e.entity_type) for e in events if e.user_id == actor.user_id]
    assert ("create", "Employer") in mine
    assert mine.count(("create", "Workplace")) == 2
    read = [e for e in events if e.action == "read"]
    assert [(e.entity_type, e.entity_id, e.screen) for e in read] == [
        ("Employer", employer_id, "arbetsgivarkort")
    ]


def test_a_sole_traders_personnummer_is_accepted_and_said_so(service: EmployerService) -> None:
    number = personal_number(dt.date(1979, 6, 14), 357)
    data = employer("Tkachenkos Måleri", org_number=f"{number[2:8]}-{number[8:]}")
    assert service.problems(data) == {}
    assert service.notes(data) == {"org_number": "Personnummer – enskild firma"}
    details = service.open(service.create(data)).details
    assert details.sole_trader
    assert details.legal_form == "Enskild firma"
    assert details.org_number == f"{number[2:8]}-{number[8:]}"


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"org_number": "556120-0349"[:-1] + "0"}, "org_number", "Kontrollsiffran"),
        ({"org_number": "5561-20034"}, "org_number", "tio siffror"),
        ({"org_number": "851332-1234"}, "org_number", "personnummer"),
        ({"name": "A" * 5_000}, "name", "högst 200 tecken"),
        ({"name": "Bageri\x07 AB"}, "name", "styrtecken"),
        ({"name": "   "}, "name", "måste fyllas i"),
        ({"sector": "kommunal"}, "sector", "sektor"),
        ({"industry_code": "56.10"}, "industry_code", "två till fem siffror"),
        ({"industry_code": "56100"}, "industry_name", "bransch"),
        ({"website": "inte en adress"}, "website", "Webbadressen"),
        ({"municipality_code": "9999"}, "municipality_code", "kommun"),
        ({"relationship_status": "kund"}, "relationship_status", "status"),
        ({"notes": "Klistrat \x1b[0m"}, "notes", "styrtecken"),
        ({"workplaces": (WorkplaceData("Lagret", postal_code="1473"),)}, "workplaces.0.postal_code",
         "fem siffror"),
        ({"workplaces": (WorkplaceData(""),)}, "workplaces.0.name", "måste fyllas i"),
    ],
)  # fmt: skip
def test_bad_input_is_explained_beside_its_field_and_nothing_is_stored(
    db: Database, service: EmployerService, fields: dict[str, object], field: str, reason: str
) -> None:
    data = dataclasses.replace(employer("Lindgrens Bygg AB", "556120034"), **fields)
    assert reason in service.problems(data)[field]
    with pytest.raises(EmployerError) as refused:
        service.create(data)
    assert reason in refused.value.problems[field]
    assert count(db, Employer) == 0


def test_right_to_left_text_is_stored_exactly(service: EmployerService) -> None:
    name = "مطعم الياسمين"
    notes = "شريك جيد\nיש לחזור בעוד חודש"
    details = service.open(service.create(employer(name, notes=notes))).details
    assert (details.name, details.notes) == (name, notes)


def test_a_stale_or_conflicting_update_is_refused_and_keeps_the_stored_data(
    service: EmployerService,
) -> None:
    first = service.create(employer("Norrviks Städ AB", "556120034"))
    other = service.create(employer("Åsa Transport AB", "559300115"))
    details = service.open(first).details
    renamed = dataclasses.replace(details.data(), name="Norrviks Städ & Fönsterputs AB")
    version = service.update(first, details.version, renamed)
    with pytest.raises(StaleError):
        service.update(first, details.version, details.data())
    taken = dataclasses.replace(renamed, org_number=service.open(other).details.org_number or "")
    with pytest.raises(EmployerError) as refused:
        service.update(first, version, taken)
    assert "redan det organisationsnumret" in refused.value.problems["org_number"]
    assert service.details(first).name == "Norrviks Städ & Fönsterputs AB"
    with pytest.raises(RecordMissingError):
        service.open(uuid.uuid4())


def test_a_workplace_a_need_names_is_kept(db: Database, service: EmployerService) -> None:
    employer_id = service.create(
        employer("Ekdalens Omsorg AB", workplaces=(WorkplaceData("Ekdalen"), WorkplaceData("Ön")))
    )
    details = service.details(employer_id)
    used, unused = details.workplaces
    with db.unit_of_work() as session:
        session.add(
            Vacancy(employer_id=employer_id, workplace_id=used.id, occupation_code="5321",
                    title="Undersköterska", form_code="anstallning")
        )  # fmt: skip
    data = details.data()
    with pytest.raises(EmployerError, match="rekryteringsbehov"):
        service.update(employer_id, details.version, dataclasses.replace(data, workplaces=()))
    kept = dataclasses.replace(
        data, workplaces=(dataclasses.replace(data.workplaces[0], city="Tumba"),)
    )
    version = service.update(employer_id, details.version, kept)
    # A change to a workplace alone still moves the employer's version on.
    assert version == details.version + 1
    with pytest.raises(StaleError):
        service.update(employer_id, details.version, data)
    assert [(w.name, w.city) for w in service.details(employer_id).workplaces] == [
        ("Ekdalen", "Tumba")
    ]
    assert unused.id not in {w.id for w in service.details(employer_id).workplaces}


# Duplicates -----------------------------------------------------------------------------


def test_the_same_organisationsnummer_names_the_employer_already_there(
    db: Database, service: EmployerService
) -> None:
    existing = service.create(employer("Granbergs Åkeri AB", "556120034"))
    again = employer("Granberg Åkeri", "556120034")
    assert service.duplicates(again).same_number is not None
    with pytest.raises(PossibleDuplicateError) as refused:
        service.create(again, confirmed=True)
    same = refused.value.duplicates.same_number
    assert same is not None
    assert same.id == existing
    assert "samma organisationsnummer" in refused.value.problems["org_number"]
    assert count(db, Employer) == 1


def test_a_similar_name_is_listed_until_the_user_confirms(
    db: Database, service: EmployerService
) -> None:
    first = service.create(employer("Östgöta Städ & Fönsterputs AB"))
    service.create(employer("Lindqvists Café"))
    check = service.duplicates(employer("Ostgota Stad och Fonsterputs Aktiebolag"))
    assert [m.id for m in check.similar] == [first]
    assert check.same_number is None
    assert not service.duplicates(employer("Vasa Bilverkstad HB"))
    with pytest.raises(PossibleDuplicateError) as refused:
        service.create(employer("Östgöta Städ och Fönsterputs"))
    assert [m.name for m in refused.value.duplicates.similar] == ["Östgöta Städ & Fönsterputs AB"]
    assert "name" in refused.value.problems
    service.create(employer("Östgöta Städ och Fönsterputs"), confirmed=True)
    assert count(db, Employer) == 3
    # The employer being edited is not its own duplicate.
    edited = service.duplicates(employer("Östgöta Städ & Fönsterputs AB"), exclude=first)
    assert [m.name for m in edited.similar] == ["Östgöta Städ och Fönsterputs"]


# The list ------------------------------------------------------------------------------

LIST = [
    # name, organisationsnummer (nine digits), municipality, sector, industry, status,
    # last contact (days before TODAY; None: never)
    ("Östgöta Bygg AB", "556200011", "0127", "privat", "41200", "aktiv", 3),
    ("Åbergs Måleri AB", "556200029", "0126", "privat", "43341", "aktiv", 40),
    ("Ängby Omsorg", "802200037", "0127", "ideburen", "88101", "prospekt", None),
    ("Botkyrka kommun, Äldreboendet Ekgården", "212000014", "0127", "offentlig", "87301",
     "aktiv", 200),
    ("Zetas Restaurang AB", "556200045", "0181", "privat", "56100", "vilande", 400),
    ("Almgrens Städ HB", "969200052", "0126", "privat", "81210", "prospekt", None),
    ("Ekdalens Lokalvård AB", "556200060", "0138", "privat", "81210", "aktiv", 10),
    ("Citybud i Södertälje AB", "559200078", "0181", "privat", "49410", "aktiv", 95),
]  # fmt: skip


@pytest.fixture
def listed(db: Database, service: EmployerService, actor: Actor) -> EmployerService:
    for name, nine, municipality, sector, industry, status, days in LIST:
        data = employer(
            name, nine, municipality_code=municipality, sector=sector, industry_code=industry,
            industry_name=f"SNI {industry}", relationship_status=status,
            responsible_agent_id=actor.user_id if municipality == "0127" else None,
        )  # fmt: skip
        employer_id = service.create(data, confirmed=True)
        if days is not None:
            with db.unit_of_work() as session:
                session.get_one(Employer, employer_id).last_contact_on = TODAY - dt.timedelta(days)
    return service


def names(service: EmployerService, query: EmployerQuery, size: int = 3) -> list[str]:
    """Every row the list shows, fetched a page at a time."""
    found: list[str] = []
    after = None
    while True:
        page = service.page(query, after, size, today=TODAY)
        found += [row.name for row in page]
        if len(page) < size:
            return found
        after = page[-1]


def test_pages_walk_the_whole_list_in_swedish_order(listed: EmployerService) -> None:
    assert names(listed, EmployerQuery()) == [
        "Almgrens Städ HB", "Botkyrka kommun, Äldreboendet Ekgården", "Citybud i Södertälje AB",
        "Ekdalens Lokalvård AB", "Zetas Restaurang AB", "Åbergs Måleri AB", "Ängby Omsorg",
        "Östgöta Bygg AB",
    ]  # fmt: skip
    assert names(listed, EmployerQuery(descending=True), 2)[:2] == [
        "Östgöta Bygg AB",
        "Ängby Omsorg",
    ]
    assert listed.count(EmployerQuery()) == len(LIST)


@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_sorting_by_last_contact_pages_through_the_never_contacted(
    listed: EmployerService, size: int
) -> None:
    oldest_first = names(listed, EmployerQuery(sort=EmployerSort.LAST_CONTACT), size)
    assert oldest_first[2:] == [
        "Zetas Restaurang AB", "Botkyrka kommun, Äldreboendet Ekgården",
        "Citybud i Södertälje AB", "Åbergs Måleri AB", "Ekdalens Lokalvård AB",
        "Östgöta Bygg AB",
    ]  # fmt: skip
    assert sorted(oldest_first[:2]) == ["Almgrens Städ HB", "Ängby Omsorg"]
    newest_first = names(
        listed, EmployerQuery(sort=EmployerSort.LAST_CONTACT, descending=True), size
    )
    assert newest_first == list(reversed(oldest_first))


def test_search_folds_accents_and_finds_organisationsnummer(listed: EmployerService) -> None:
    assert names(listed, EmployerQuery(text="ostgota")) == ["Östgöta Bygg AB"]
    assert names(listed, EmployerQuery(text="ANGBY omsorg")) == ["Ängby Omsorg"]
    assert names(listed, EmployerQuery(text="ekgarden")) == [
        "Botkyrka kommun, Äldreboendet Ekgården"
    ]
    full = org_number("556200029")
    assert names(listed, EmployerQuery(text=f"{full[:6]}-{full[6:]}")) == ["Åbergs Måleri AB"]
    assert names(listed, EmployerQuery(text="5562000")) == [
        "Ekdalens Lokalvård AB", "Zetas Restaurang AB", "Åbergs Måleri AB", "Östgöta Bygg AB",
    ]  # fmt: skip
    assert names(listed, EmployerQuery(text='"AB" OR *')) == []  # typed operators are text
    assert listed.count(EmployerQuery(text="ab")) == 5
    assert [s.name for s in listed.suggest("sod")] == ["Citybud i Södertälje AB"]
    [suggestion] = listed.suggest("ekdal")
    assert (suggestion.org_number, suggestion.municipality) == (
        f"556200-060{org_number('556200060')[-1]}",
        "Tyresö",
    )
    assert listed.suggest("  ") == []


def test_filters_combine_with_search_sort_and_count(listed: EmployerService, actor: Actor) -> None:
    def both(query: EmployerQuery) -> list[str]:
        found = names(listed, query, 2)
        assert listed.count(query, today=TODAY) == len(found)
        return found

    assert both(EmployerQuery(municipality="0126")) == ["Almgrens Städ HB", "Åbergs Måleri AB"]
    assert both(EmployerQuery(sector="offentlig")) == ["Botkyrka kommun, Äldreboendet Ekgården"]
    assert both(EmployerQuery(industry="81210")) == [
        "Almgrens Städ HB",
        "Ekdalens Lokalvård AB",
    ]
    assert both(EmployerQuery(status="prospekt")) == ["Almgrens Städ HB", "Ängby Omsorg"]
    assert both(EmployerQuery(agent_id=actor.user_id)) == [
        "Botkyrka kommun, Äldreboendet Ekgården", "Ängby Omsorg", "Östgöta Bygg AB",
    ]  # fmt: skip
    # Not contacted for 90 days: long ago, or never.
    assert both(EmployerQuery(not_contacted_days=90)) == [
        "Almgrens Städ HB", "Botkyrka kommun, Äldreboendet Ekgården",
        "Citybud i Södertälje AB", "Zetas Restaurang AB", "Ängby Omsorg",
    ]  # fmt: skip
    stale = both(
        EmployerQuery(not_contacted_days=90, sort=EmployerSort.LAST_CONTACT, descending=True)
    )
    assert stale[:3] == [
        "Citybud i Södertälje AB", "Botkyrka kommun, Äldreboendet Ekgården", "Zetas Restaurang AB",
    ]  # fmt: skip
    assert sorted(stale[3:]) == ["Almgrens Städ HB", "Ängby Omsorg"]
    assert both(EmployerQuery(text="ab", municipality="0127", status="aktiv")) == [
        "Östgöta Bygg AB"
    ]
    assert both(EmployerQuery(municipality="0127", not_contacted_days=100)) == [
        "Botkyrka kommun, Äldreboendet Ekgården",
        "Ängby Omsorg",
    ]
    assert [c.code for c in listed.industries()] == [
        "41200", "43341", "49410", "56100", "81210", "87301", "88101",
    ]  # fmt: skip


# The contact log ---------------------------------------------------------------------------


def test_logging_a_contact_updates_the_list_and_creates_the_follow_up(
    db: Database, service: EmployerService, actor: Actor
) -> None:
    employer_id = service.create(employer("Vårdhemmet Linnean AB", "556120034"))
    logged = service.log_contact(
        employer_id,
        ContactData(
            kind="besok", contact_date="2026-11-20", participants="Agnes, platschefen",
            summary="Besök på boendet.\nBehov av två undersköterskor till våren.",
            outcome="Vill se kandidater.", next_step="Skicka tre profiler",
            follow_up_on="2026-12-01",
        ),
        today=TODAY,
    )  # fmt: skip
    assert logged.last_contact_on == dt.date(2026, 11, 20)
    assert logged.task_id is not None
    with db.read() as session:
        newest = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(3))
        logged_events = {(e.action, e.entity_type, e.user_id, e.screen) for e in newest}
    assert logged_events == {
        ("create", "EmployerContact", actor.user_id, "arbetsgivarkontakt"),
        ("update", "Employer", actor.user_id, "arbetsgivarkontakt"),
        ("create", "Task", actor.user_id, "arbetsgivarkontakt"),
    }
    # A contact logged today with an empty date; then one logged late for an earlier day.
    service.log_contact(employer_id, ContactData(kind="telefon", summary="Ringde."), today=TODAY)
    late = service.log_contact(
        employer_id, ContactData(kind="epost", contact_date="2026-10-01", summary="Mejl."),
        today=TODAY,
    )  # fmt: skip
    assert late.task_id is None
    assert late.last_contact_on == TODAY  # the newest contact stays the last one

    screen = service.open(employer_id, today=TODAY)
    assert screen.details.last_contact_on == TODAY
    assert screen.details.version == late.employer_version
    assert [(c.kind, c.contact_date) for c in screen.timeline] == [
        ("telefon", TODAY),
        ("besok", dt.date(2026, 11, 20)),
        ("epost", dt.date(2026, 10, 1)),
    ]
    assert screen.timeline[1].agent_name == "Agnes Agent"
    assert screen.timeline[1].summary.endswith("till våren.")
    [task] = screen.tasks
    assert (task.title, task.due_date, task.assignee_id) == (
        "Skicka tre profiler",
        dt.date(2026, 12, 1),
        actor.user_id,
    )
    mine = CaseService(db, actor).my_tasks(today=dt.date(2026, 12, 1))
    assert [(t.subject, t.title) for t in mine] == [
        ("Vårdhemmet Linnean AB", "Skicka tre profiler")
    ]
    assert names(service, EmployerQuery(sort=EmployerSort.LAST_CONTACT, descending=True)) == [
        "Vårdhemmet Linnean AB"
    ]


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"contact_date": "2026-11-25"}, "contact_date", "efter i dag"),
        ({"contact_date": "25/11"}, "contact_date", "ÅÅÅÅ-MM-DD"),
        ({"summary": " \n "}, "summary", "måste fyllas i"),
        ({"summary": "Ok\x00"}, "summary", "styrtecken"),
        ({"kind": "brev"}, "kind", "typ av kontakt"),
        ({"outcome": "x" * 20_001}, "outcome", "högst"),
        ({"follow_up_on": "2026-11-23"}, "follow_up_on", "före i dag"),
        ({"follow_up_title": "Ring igen"}, "follow_up_on", "när uppföljningen"),
        ({"participants": "Agnes\x0bPer"}, "participants", "styrtecken"),
    ],
)
def test_a_bad_contact_is_refused_with_its_reason_and_nothing_changes(
    db: Database, service: EmployerService, fields: dict[str, object], field: str, reason: str
) -> None:
    employer_id = service.create(employer("Bergs Bageri AB"))
    data = dataclasses.replace(ContactData(summary="Besök."), **fields)
    assert reason in service.contact_problems(data, today=TODAY)[field]
    with pytest.raises(EmployerError) as refused:
        service.log_contact(employer_id, data, today=TODAY)
    assert reason in refused.value.problems[field]
    assert count(db, EmployerContact) == count(db, Task) == 0
    assert service.details(employer_id).last_contact_on is None


def test_the_timeline_is_capped_and_the_rest_comes_with_more(
    db: Database, service: EmployerService, actor: Actor
) -> None:
    employer_id = service.create(employer("Hamnens Logistik AB"))
    total = TIMELINE_PAGE + 7
    with db.unit_of_work() as session:
        for n in range(total):
            session.add(
                EmployerContact(
                    employer_id=employer_id, agent_id=actor.user_id, kind="telefon",
                    contact_date=TODAY - dt.timedelta(days=n // 2), summary=f"Samtal {n}",
                )
            )  # fmt: skip
    screen = service.open(employer_id)
    assert len(screen.timeline) == TIMELINE_PAGE
    assert screen.more_contacts
    rest = service.timeline(employer_id, after=screen.timeline[-1])
    seen = [*screen.timeline, *rest]
    assert len({c.id for c in seen}) == total
    keys = [(c.contact_date, c.created_at) for c in seen]
    assert keys == sorted(keys, reverse=True)


def _utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)


def test_referral_steps_show_among_the_contacts_and_page_with_them(
    db: Database, service: EmployerService, actor: Actor
) -> None:
    """The steps of a referral to the employer's need are in its contact log, on the
    day they happened in Sweden, newest first among the contacts, a page at a time."""
    services = Services.for_user(db, actor)
    employer_id = service.create(employer("Vårdhemmet Linnean AB", "556120034"))
    with db.unit_of_work() as session:
        person = make_person(session, "Amina", "Test")
        open_case(session, person)
        person_id = person.id
        for kind, days, hour, summary in (
            ("besok", 5, 9, "Besök på boendet."),
            ("telefon", 3, 10, "Ringde enhetschefen."),
            ("mote", 1, 14, "Möte om introduktionen."),
        ):
            day = TODAY - dt.timedelta(days=days)
            session.add(
                EmployerContact(
                    employer_id=employer_id, agent_id=actor.user_id, kind=kind,
                    contact_date=day, summary=summary, created_at=_utc(day, hour),
                )
            )  # fmt: skip
    services.consents.record(
        person_id, "dela_profil", "skriftligt", (TODAY - dt.timedelta(days=30)).isoformat()
    )
    need_id = services.vacancies.create(
        VacancyData(
            employer_id=employer_id, occupation_code="5321", title="Undersköterska",
            positions="1", form_code="anstallning", extent="heltid",
        ),
        today=TODAY - dt.timedelta(days=10),
    )  # fmt: skip
    referrals = services.referrals
    with clock.pinned(at=_utc(TODAY - dt.timedelta(days=4), 11)):
        referral = referrals.propose(need_id, person_id)
    with clock.pinned(at=_utc(TODAY - dt.timedelta(days=3), 8)):
        version = referrals.change_status(referral, 1, "presenterad")
    # 23:30 UTC is half past midnight the next day in Stockholm.
    with clock.pinned(at=_utc(TODAY - dt.timedelta(days=2), 23, 30)):
        version = referrals.change_status(referral, version, "intervju", note="På boendet.")
    with clock.pinned(at=_utc(TODAY, 7)):
        referrals.change_status(
            referral, version, "avbojd", declined_by="arbetsgivare",
            reason="annan_kandidat", note="Tog en intern sökande.",
        )  # fmt: skip

    expected = [
        (TODAY, "anvisning", "Amina Test – avböjd av arbetsgivaren (Undersköterska)",
         "Valde en annan kandidat. Tog en intern sökande."),
        (TODAY - dt.timedelta(days=1), "mote", "Möte om introduktionen.", None),
        (TODAY - dt.timedelta(days=1), "anvisning", "Amina Test – intervju (Undersköterska)",
         "På boendet."),
        (TODAY - dt.timedelta(days=3), "telefon", "Ringde enhetschefen.", None),
        (TODAY - dt.timedelta(days=3), "anvisning", "Amina Test – presenterad (Undersköterska)",
         None),
        (TODAY - dt.timedelta(days=4), "anvisning", "Amina Test – föreslagen (Undersköterska)",
         None),
        (TODAY - dt.timedelta(days=5), "besok", "Besök på boendet.", None),
    ]  # fmt: skip

    def seen(rows: list[ContactRow]) -> list[tuple[object, ...]]:
        return [(r.contact_date, r.kind, r.summary, r.outcome) for r in rows]

    screen = service.open(employer_id)
    assert seen(list(screen.timeline)) == expected
    assert not screen.more_contacts
    assert {r.agent_name for r in screen.timeline} == {"Agnes Agent"}
    # Two at a time, across both kinds, nothing twice and nothing left out.
    pages: list[ContactRow] = []
    page = service.timeline(employer_id, limit=2)
    while page:
        pages += page
        page = service.timeline(employer_id, after=page[-1], limit=2)
    assert seen(pages) == expected
    # Another employer's log has none of it.
    other = service.create(employer("Hamnens Logistik AB"))
    assert service.timeline(other) == []


def test_an_undone_placement_is_said_so_in_the_log(
    db: Database, service: EmployerService, actor: Actor
) -> None:
    services = Services.for_user(db, actor)
    employer_id = service.create(employer("Vårdhemmet Linnean AB", "556120034"))
    with db.unit_of_work() as session:
        person = make_person(session, "Yonas", "Test")
        open_case(session, person)
        person_id = person.id
    services.consents.record(person_id, "dela_profil", "muntligt", TODAY.isoformat(), today=TODAY)
    need_id = services.vacancies.create(
        VacancyData(
            employer_id=employer_id, occupation_code="5321", title="Undersköterska",
            positions="1", form_code="anstallning",
        ),
        today=TODAY,
    )  # fmt: skip
    steps = services.referrals
    with clock.pinned(at=_utc(TODAY, 8)):
        referral = steps.propose(need_id, person_id)
    version = 1
    for hour, status in ((9, "intervju"), (10, "erbjuden")):
        with clock.pinned(at=_utc(TODAY, hour)):
            version = steps.change_status(referral, version, status)
    placement = PlacementData("anstallning", TODAY.isoformat(), "", "heltid")
    with clock.pinned(at=_utc(TODAY, 11)):
        version = steps.change_status(referral, version, "placerad", placement=placement)
    with clock.pinned(at=_utc(TODAY, 12)):
        steps.undo_placement(referral, version, note="Fel person.")
    newest = service.timeline(employer_id, limit=2)
    assert [(r.summary, r.outcome) for r in newest] == [
        ("Yonas Test – placeringen ångrad (Undersköterska)", "Fel person."),
        ("Yonas Test – placerad (Undersköterska)", None),
    ]


# Contact persons and follow-ups --------------------------------------------------------


def test_contact_persons_are_made_inactive_never_deleted(
    db: Database, service: EmployerService
) -> None:
    employer_id = service.create(employer("Fjärdens Hotell AB"))
    mira = ContactPersonData("Mira Lindholm", "HR-chef", "070-123 45 67", "mira@fjarden.example")
    first = service.add_contact_person(employer_id, mira)
    service.add_contact_person(employer_id, ContactPersonData("Omar Jansson", "Köksmästare"))
    [person, _] = service.open(employer_id).contact_persons
    assert person.name == "Mira Lindholm"
    version = service.set_contact_person_active(first, person.version, False)
    with pytest.raises(StaleError):
        service.set_contact_person_active(first, person.version, True)
    service.update_contact_person(
        first, version, ContactPersonData("Mira Lindholm", "Personalchef", "08-555 123 45")
    )
    people = service.open(employer_id).contact_persons
    assert [(p.name, p.active, p.role) for p in people] == [
        ("Omar Jansson", True, "Köksmästare"),
        ("Mira Lindholm", False, "Personalchef"),
    ]
    assert count(db, ContactPerson) == 2
    # Read again without opening: the same people in the same order, and no audited read.
    reads = count(db, AuditEvent)
    assert service.contact_persons(employer_id) == list(people)
    assert count(db, AuditEvent) == reads


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (ContactPersonData("Mira", phone="ring mig"), "phone"),
        (ContactPersonData("Mira", email="mira@"), "email"),
        (ContactPersonData("", role="HR"), "name"),
        (ContactPersonData("Mira", role="HR\x07"), "role"),
    ],
)
def test_bad_contact_person_details_are_explained(
    db: Database, service: EmployerService, data: ContactPersonData, field: str
) -> None:
    employer_id = service.create(employer("Fjärdens Hotell AB"))
    with pytest.raises(EmployerError) as refused:
        service.add_contact_person(employer_id, data)
    assert field in refused.value.problems
    assert count(db, ContactPerson) == 0


def test_follow_ups_on_an_employer(service: EmployerService) -> None:
    employer_id = service.create(employer("Skogsbrynets Förskola"))
    task_id = service.add_task(employer_id, title="Boka möte", due_date="2026-12-03")
    with pytest.raises(EmployerError) as refused:
        service.add_task(employer_id, title="Boka möte", due_date="3 dec")
    assert "due_date" in refused.value.problems
    service.set_task_done(task_id, True)
    assert [(t.title, t.done) for t in service.tasks(employer_id)] == [("Boka möte", True)]
    service.set_task_done(task_id, False)
    assert [t.done for t in service.open(employer_id).tasks] == [False]


def test_demo_employers_are_searchable_and_carry_their_last_contact(
    db: Database, service: EmployerService
) -> None:
    generate(db, DemoScale(persons=20, employers=30, contacts=90, vacancies=10, notes=0), seed=5,
             today=TODAY)  # fmt: skip
    assert service.count(EmployerQuery()) == 30
    with db.read() as session:
        employers = session.execute(select(Employer.id, Employer.name, Employer.org_number)).all()
        newest = dict(
            session.execute(
                select(
                    EmployerContact.employer_id, func.max(EmployerContact.contact_date)
                ).group_by(EmployerContact.employer_id)
            ).all()
        )
    for employer_id, name, number in employers:
        assert employer_id in {row.id for row in service.page(EmployerQuery(text=name))}
        assert employer_id in {s.id for s in service.suggest(f"{number[:6]}-{number[6:]}")}
        assert service.details(employer_id).last_contact_on == newest.get(employer_id)
