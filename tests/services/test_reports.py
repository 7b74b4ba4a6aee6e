"""The follow-up figures and the ESF participant report on a small hand-built data set
where every number is known; the exports re-read cell by cell; bad input and refusals.

The period is the first half of 2026. Who is in it (all names made up):

| case | person (municipality, agent) | opened | closed, outcome | in the period |
|---|---|---|---|---|
| A | Amina (0127, Agnes) | 2025-11-01 | 2026-03-15 anställning | active, closed |
| B | Yonas (0127, Agnes) | 2026-02-10 | – | new, open at the end |
| C | Karin (0126, Bertil) | 2026-04-01 | 2026-08-20 studier | new, open at the end |
| D | Dawit (0126, Bertil) | 2024-01-01 | 2025-12-31 annat | not at all |
| E0 | Elif (0127, Agnes) | 2025-01-01 | 2026-01-01 flyttat | active, closed on day one |
| E | Elif (0127, Agnes) | 2026-06-30 | – | new on the last day |
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import (
    AuditEvent,
    Case,
    Education,
    Employer,
    EmployerContact,
    Placement,
    Referral,
    ReferralStatusChange,
    User,
    Vacancy,
)
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.reports.model import (
    ESF_COLUMNS,
    Report,
    ReportCancelledError,
    ReportError,
    ReportQuery,
    Section,
    query_problems,
)
from desktop.services.reports.service import REFUSED, ReportService
from desktop.store.database import Database
from tests.factories import make_person

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
PERIOD = ReportQuery(START, END)
UTC = dt.UTC


@dataclass
class World:
    db: Database
    coordinator: Actor
    agnes: uuid.UUID
    bertil: uuid.UUID
    cases: dict[str, uuid.UUID]

    def service(self, actor: Actor | None = None) -> ReportService:
        return ReportService(self.db, actor or self.coordinator)


def _user(session: Session, username: str, name: str, role: str, code: str) -> User:
    user = User(username=username, full_name=name, role=role, municipality_code=code)
    session.add(user)
    session.flush()
    return user


def _at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def _history(session: Session, referral: Referral, steps: list[tuple[str, dt.datetime]]) -> None:
    before = None
    for status, moment in steps:
        session.add(
            ReferralStatusChange(
                referral_id=referral.id, from_status=before, to_status=status, changed_at=moment
            )
        )
        before = status


@pytest.fixture
def world(db: Database) -> World:
    audit.install(db)
    with db.unit_of_work(screen="test") as session:
        sam = _user(session, "sam", "Sam Samordnare", "samordnare", "0127")
        agnes = _user(session, "agnes", "Agnes Agent", "handlaggare", "0127")
        bertil = _user(session, "bertil", "Bertil Bok", "handlaggare", "0126")
        people = {
            "amina": make_person(session, "Amina", "Testsson", birth=dt.date(1990, 5, 17)),
            "yonas": make_person(session, "Yonas", "Testsson", birth=dt.date(2003, 2, 3)),
            "karin": make_person(
                session, "Karin", "Provsson", birth=dt.date(1965, 8, 1), municipality="0126"
            ),
            "dawit": make_person(
                session, "Dawit", "Provsson", birth=dt.date(1980, 1, 1), municipality="0126"
            ),
            "elif": make_person(session, "Elif", "Exempel", birth=dt.date(1995, 7, 7)),
        }
        for key, gender, citizenship in (
            ("amina", "kvinna", "SY"),
            ("yonas", "man", "ER"),
            ("karin", "kvinna", "SE"),
            ("dawit", "man", "SO"),
            ("elif", "annat", None),
        ):
            people[key].gender = gender
            people[key].citizenship = citizenship
            people[key].birth_country = citizenship
        session.add_all(
            [
                Education(person_id=people["amina"].id, level="6", completed=True),
                Education(person_id=people["amina"].id, level="3", completed=True),
                Education(person_id=people["yonas"].id, level="2", completed=True),
                Education(person_id=people["yonas"].id, level="6", completed=False),
            ]
        )
        specs = {
            "A": ("amina", "0127", agnes, (2025, 11, 1), (2026, 3, 15), "anstallning",
                  "Arbetsförmedlingen"),
            "B": ("yonas", "0127", agnes, (2026, 2, 10), None, None, "SFI / vuxenutbildningen"),
            "C": ("karin", "0126", bertil, (2026, 4, 1), (2026, 8, 20), "studier", "Egen kontakt"),
            "D": ("dawit", "0126", bertil, (2024, 1, 1), (2025, 12, 31), "annat", None),
            "E0": ("elif", "0127", agnes, (2025, 1, 1), (2026, 1, 1), "flyttat", None),
            "E": ("elif", "0127", agnes, (2026, 6, 30), None, None, None),
        }  # fmt: skip
        cases: dict[str, uuid.UUID] = {}
        for key, (who, code, agent, opened, closed, outcome, referred) in specs.items():
            case = Case(
                id=uuid.uuid4(),
                person_id=people[who].id,
                municipality_code=code,
                agent_id=agent.id,
                status="avslutad" if closed else "aktiv",
                opened_on=dt.date(*opened),
                closed_on=dt.date(*closed) if closed else None,
                outcome=outcome,
                referred_by=referred,
            )
            session.add(case)
            cases[key] = case.id
        session.flush()
        employers = {}
        for key, name, sector, code in (
            ("e1", "Lindängens Vård AB", "privat", "0127"),
            ("e2", "Huddinge Förskolor", "offentlig", "0126"),
            ("e3", "Föreningen Grannskap", "ideburen", "0127"),
        ):
            employer = Employer(
                name=name, sort_key=name.lower(), sector=sector, municipality_code=code
            )
            session.add(employer)
            employers[key] = employer
        session.flush()
        needs = {}
        for key, employer, form, positions, code, created, agent in (
            ("v1", "e1", "anstallning", 2, "0127", _at(2026, 1, 5, 9), agnes),
            ("v2", "e2", "praktik", 1, "0126", _at(2025, 12, 1), bertil),
            # 23:59 on 30 June in Stockholm (summer time): inside the period.
            ("v3", "e3", "nystartsjobb", 3, "0127", _at(2026, 6, 30, 21, 59), agnes),
        ):
            need = Vacancy(
                employer_id=employers[employer].id,
                occupation_code="5321",
                title="Undersköterska",
                positions=positions,
                form_code=form,
                municipality_code=code,
                agent_id=agent.id,
                created_at=created,
            )
            session.add(need)
            needs[key] = need
        session.flush()
        session.add_all(
            [
                Placement(
                    person_id=people["amina"].id, case_id=cases["A"], vacancy_id=needs["v1"].id,
                    employer_id=employers["e1"].id, form_code="anstallning",
                    start_date=dt.date(2026, 2, 1),
                ),
                Placement(
                    person_id=people["amina"].id, case_id=cases["A"],
                    employer_id=employers["e3"].id, form_code="nystartsjobb",
                    start_date=dt.date(2026, 5, 1),
                ),
                Placement(
                    person_id=people["yonas"].id, case_id=cases["B"], form_code="praktik",
                    start_date=dt.date(2026, 3, 2),
                ),
                Placement(
                    person_id=people["dawit"].id, case_id=cases["D"], form_code="anstallning",
                    start_date=dt.date(2025, 6, 1),
                ),
            ]
        )  # fmt: skip
        referrals = [
            # (person, need, case, agent, status, history)
            ("amina", "v1", "A", agnes, "placerad", [
                ("foreslagen", _at(2026, 1, 15)), ("presenterad", _at(2026, 1, 20)),
                ("intervju", _at(2026, 1, 25)), ("erbjuden", _at(2026, 1, 28)),
                ("placerad", _at(2026, 2, 1)),
            ]),
            ("yonas", "v1", "B", agnes, "avbojd", [
                ("foreslagen", _at(2026, 2, 15)), ("intervju", _at(2026, 2, 20)),
                ("avbojd", _at(2026, 2, 25)),
            ]),
            ("karin", "v2", "C", bertil, "foreslagen", [("foreslagen", _at(2026, 4, 5))]),
            # Placed, then the placement undone: back to erbjuden.
            ("elif", "v1", "E0", agnes, "erbjuden", [
                ("foreslagen", _at(2026, 5, 1)), ("presenterad", _at(2026, 5, 2)),
                ("intervju", _at(2026, 5, 3)), ("erbjuden", _at(2026, 5, 4)),
                ("placerad", _at(2026, 5, 5)), ("erbjuden", _at(2026, 5, 6)),
            ]),
            # 00:30 on 1 January in Stockholm: inside the period.
            ("dawit", "v2", "D", bertil, "foreslagen", [("foreslagen", _at(2025, 12, 31, 23, 30))]),
            # 00:30 on 1 July in Stockholm: after it.
            ("amina", "v2", "A", agnes, "foreslagen", [("foreslagen", _at(2026, 6, 30, 22, 30))]),
        ]  # fmt: skip
        for who, need, case_key, agent, status, steps in referrals:
            referral = Referral(
                id=uuid.uuid4(),
                vacancy_id=needs[need].id,
                person_id=people[who].id,
                case_id=cases[case_key],
                agent_id=agent.id,
                status=status,
                status_changed_at=steps[-1][1],
                created_at=steps[0][1],
            )
            session.add(referral)
            session.flush()
            _history(session, referral, steps)
        for employer, agent, kind, day in (
            ("e1", agnes, "besok", (2026, 1, 10)),
            ("e1", agnes, "telefon", (2026, 2, 10)),
            ("e3", agnes, "telefon", (2026, 6, 30)),
            ("e2", bertil, "mote", (2026, 3, 3)),
            ("e2", bertil, "epost", (2025, 12, 31)),
            ("e3", None, "event", (2026, 5, 5)),
        ):
            session.add(
                EmployerContact(
                    employer_id=employers[employer].id,
                    agent_id=agent.id if agent else None,
                    kind=kind,
                    contact_date=dt.date(*day),
                    summary="Samtal om behov.",
                )
            )
        coordinator = Actor(sam.id, sam.username, sam.full_name, sam.role)
        world = World(db, coordinator, agnes.id, bertil.id, cases)
    return world


def section(report: Report, key: str) -> Section:
    [found] = [s for s in report.sections if s.key == key]
    return found


# Figures ---------------------------------------------------------------------------------------


def test_cases_new_active_closed_and_open_per_municipality(world: World) -> None:
    report = world.service().follow_up(PERIOD)
    assert report.title == "Uppföljning 2026-01-01 – 2026-06-30, alla kommuner"
    assert report.scope == "Alla kommuner"
    assert not report.empty
    cases = section(report, "nya_arenden")
    assert cases.table.columns == (
        "Kommun", "Nya", "Aktiva under perioden", "Avslutade", "Öppna vid periodens slut",
    )  # fmt: skip
    assert cases.table.rows == (
        ("Botkyrka", 2, 4, 2, 2),
        ("Huddinge", 1, 1, 0, 1),
        ("Totalt", 3, 5, 2, 3),
    )
    assert cases.chart is not None
    assert cases.chart.labels == ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06")
    assert cases.chart.values == (0, 1, 0, 1, 0, 1)


def test_outcomes_time_to_placement_and_placements(world: World) -> None:
    report = world.service().follow_up(PERIOD)
    outcomes = section(report, "avslut")
    assert {row[0]: row[1] for row in outcomes.table.rows} == {
        "Anställning": 1, "Nystartsjobb": 0, "Introduktionsjobb": 0, "Extratjänst": 0,
        "Lönebidrag": 0, "Praktik": 0, "Studier": 0, "Flyttat": 1, "Annat": 0,
    }  # fmt: skip
    assert outcomes.table.rows[0] == ("Anställning", 1, 50.0)
    assert outcomes.note == (
        "2 ärenden avslutades under perioden, 1 av dem (50,0 %) till arbete (också "
        "subventionerat) och 0 (0,0 %) till studier."
    )
    days = section(report, "tid_till_placering")
    # A: 2025-11-01 to 2026-02-01 is 92 days; B: 2026-02-10 to 2026-03-02 is 20 days.
    assert days.note == "Median 56 dagar (n = 2)."
    assert [row[:2] for row in days.table.rows] == [
        ("0–30 dagar", 1), ("31–90 dagar", 0), ("91–180 dagar", 1),
        ("181–365 dagar", 0), ("Mer än 365 dagar", 0),
    ]  # fmt: skip
    placed = section(report, "placeringar")
    assert {row[0]: row[1:] for row in placed.table.rows if row[1]} == {
        "Anställning": (1, 1),
        "Nystartsjobb": (1, 1),
        "Praktik": (1, 1),
    }


def test_referrals_by_status_and_how_far_they_got(world: World) -> None:
    report = world.service().follow_up(PERIOD)
    statuses = section(report, "anvisningar")
    assert [row[:2] for row in statuses.table.rows] == [
        ("Föreslagen", 2), ("Presenterad", 0), ("Intervju", 0), ("Erbjuden", 1),
        ("Placerad", 1), ("Avböjd", 1), ("Återkallad", 0),
    ]  # fmt: skip
    funnel = section(report, "konvertering")
    assert funnel.table.rows == (
        ("Föreslagen", 5, 100.0, 100.0),
        ("Presenterad", 3, 60.0, 60.0),  # Yonas skipped it: passed all the same
        ("Intervju", 3, 100.0, 60.0),
        ("Erbjuden", 2, 66.7, 40.0),
        ("Placerad", 1, 50.0, 20.0),  # Elif's placement was undone
    )


def test_contacts_needs_and_sectors(world: World) -> None:
    report = world.service().follow_up(PERIOD)
    contacts = section(report, "kontakter")
    assert contacts.table.columns == (
        "Handläggare", "Besök", "Telefon", "E-post", "Möte", "Evenemang", "Totalt",
    )  # fmt: skip
    assert contacts.table.rows == (
        ("(ingen handläggare)", 0, 0, 0, 0, 1, 1),
        ("Agnes Agent", 1, 2, 0, 0, 0, 3),
        ("Bertil Bok", 0, 0, 0, 1, 0, 1),
        ("Totalt", 1, 2, 0, 1, 1, 5),
    )
    assert contacts.note == "5 kontakter med 3 arbetsgivare under perioden."
    needs = section(report, "behov")
    assert {row[0]: row[1:] for row in needs.table.rows if any(row[1:])} == {
        "Anställning": (1, 2, 1),
        "Nystartsjobb": (1, 3, 0),
    }
    sectors = section(report, "sektorer")
    assert sectors.table.rows == (
        ("Offentlig", 1, 0, 0),
        ("Privat", 1, 1, 1),
        ("Idéburen", 1, 1, 1),
    )


def test_one_municipality_and_one_agent(world: World) -> None:
    service = world.service()
    botkyrka = service.follow_up(ReportQuery(START, END, municipality_code="0127"))
    assert botkyrka.title == "Uppföljning 2026-01-01 – 2026-06-30, Botkyrka"
    assert botkyrka.scope == "Botkyrka kommun"
    assert section(botkyrka, "nya_arenden").table.rows == (("Botkyrka", 2, 4, 2, 2),)
    # Contacts count by the agent's municipality: only Agnes is in Botkyrka.
    assert section(botkyrka, "kontakter").table.rows[-1] == ("Totalt", 1, 2, 0, 0, 0, 3)
    assert [row[1] for row in section(botkyrka, "konvertering").table.rows] == [3, 3, 3, 2, 1]
    bertil = service.follow_up(ReportQuery(START, END, agent_id=world.bertil))
    assert bertil.scope == "Alla kommuner, handläggare Bertil Bok"
    assert section(bertil, "nya_arenden").table.rows == (("Huddinge", 1, 1, 0, 1),)
    assert section(bertil, "kontakter").table.rows == (
        ("Bertil Bok", 0, 0, 0, 1, 0, 1),
        ("Totalt", 0, 0, 0, 1, 0, 1),
    )


def test_pickers_list_municipalities_and_agents_with_cases(world: World) -> None:
    service = world.service()
    assert service.municipalities() == [("0127", "Botkyrka"), ("0126", "Huddinge")]
    assert service.agents() == [(world.agnes, "Agnes Agent"), (world.bertil, "Bertil Bok")]
    assert service.find_agent("Agnes") == world.agnes
    assert service.find_agent("ingen") is None


# ESF -------------------------------------------------------------------------------------------


def test_esf_rows_for_participants_entering_and_leaving_inside_and_across_the_period(
    world: World,
) -> None:
    report = world.service().esf(PERIOD)
    assert report.title == "ESF-deltagarrapport 2026-01-01 – 2026-06-30, alla kommuner"
    rows = {row.participant_id: row for row in report.rows}
    assert [row.participant_id for row in report.rows] == [
        str(world.cases[key]) for key in ("E0", "A", "B", "C", "E")
    ]
    amina = rows[str(world.cases["A"])]  # entered before, left inside
    assert (amina.gender, amina.age_at_entry, amina.age_band, amina.age_band_plus) == (
        "Kvinna", 35, "25–54 år", "30–54 år",
    )  # fmt: skip
    assert (amina.isced, amina.status_at_entry, amina.status_at_exit) == (
        "ISCED 5–8", "Arbetslös", "I arbete",
    )  # fmt: skip
    assert (amina.start, amina.end, amina.outcome) == (
        dt.date(2025, 11, 1), dt.date(2026, 3, 15), "Anställning",
    )  # fmt: skip
    assert (amina.third_country_national, amina.born_abroad) == ("Ja", "Ja")
    yonas = rows[str(world.cases["B"])]  # entered inside, still taking part
    assert (yonas.age_at_entry, yonas.age_band, yonas.age_band_plus, yonas.isced) == (
        23, "Under 25 år", "18–29 år", "ISCED 0–2",  # an unfinished degree does not count
    )  # fmt: skip
    assert (yonas.status_at_entry, yonas.end, yonas.status_at_exit, yonas.outcome) == (
        "Utanför arbetskraften (studerar)", None, None, None,
    )  # fmt: skip
    karin = rows[str(world.cases["C"])]  # entered inside, left after the period
    assert (karin.age_band, karin.isced, karin.end, karin.outcome) == (
        "55 år eller äldre", "Uppgift saknas", None, None,
    )  # fmt: skip
    assert (karin.third_country_national, karin.born_abroad) == ("Nej", "Nej")
    elif_before = rows[str(world.cases["E0"])]  # left on the period's first day
    assert (elif_before.gender, elif_before.end, elif_before.status_at_exit) == (
        "Annat", dt.date(2026, 1, 1), "Flyttat (status okänd)",
    )  # fmt: skip
    assert elif_before.third_country_national == "Uppgift saknas"
    assert rows[str(world.cases["E"])].age_at_entry == 30  # the day before turning 31
    assert str(world.cases["D"]) not in rows


def test_esf_summary_counts_by_gender(world: World) -> None:
    report = world.service().esf(PERIOD)
    lines = {(row[0], row[1]): row[2:] for row in report.summary.rows}
    assert lines[("Deltagare", "Alla som deltog under perioden")] == (2, 1, 2, 5)
    assert lines[("Deltagare", "Började under perioden")] == (1, 1, 1, 3)
    assert lines[("Deltagare", "Avslutade under perioden")] == (1, 0, 1, 2)
    assert lines[("Deltagare", "Deltar vid periodens slut")] == (1, 1, 1, 3)
    assert lines[("Deltagare", "Olika personer")] == (None, None, None, 4)
    assert lines[("Ålder vid start (ESF 2014–2020)", "Under 25 år")] == (0, 1, 0, 1)
    assert lines[("Ålder vid start (ESF 2014–2020)", "55 år eller äldre")] == (1, 0, 0, 1)
    assert lines[("Utbildningsnivå vid start", "Uppgift saknas")] == (1, 0, 2, 3)
    assert lines[("Status vid avslut", "I arbete")] == (1, 0, 0, 1)
    assert lines[("Bakgrund", "Tredjelandsmedborgare")] == (1, 1, 0, 2)


# Exports ---------------------------------------------------------------------------------------


def test_the_xlsx_export_holds_real_numbers_and_dates(world: World, tmp_path: Path) -> None:
    service = world.service()
    report = service.follow_up(PERIOD)
    path = service.export(report, tmp_path / "uppföljning.xlsx")
    assert path.stat().st_mode & 0o777 == 0o600
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Rapport", "Ärenden", "Avslut", "Tid till placering", "Placeringar", "Anvisningar",
        "Konvertering", "Kontakter", "Behov", "Sektorer",
    ]  # fmt: skip
    first = book["Rapport"]
    assert first["A1"].value == report.title
    assert first["A1"].font.b
    assert (first["A2"].value, first["B2"].value) == ("Omfattning", "Alla kommuner")
    assert first["B3"].value == dt.datetime(2026, 1, 1)
    assert first["B3"].number_format == "yyyy-mm-dd"
    for sheet_name, key in (("Ärenden", "nya_arenden"), ("Konvertering", "konvertering")):
        sheet = book[sheet_name]
        table = section(report, key).table
        assert sheet["A1"].value == section(report, key).title
        header = [cell.value for cell in sheet[4]]
        assert tuple(header) == table.columns
        assert all(cell.font.b for cell in sheet[4])
        for offset, row in enumerate(table.rows):
            cells = sheet[5 + offset]
            assert tuple(cell.value for cell in cells) == row
            for cell, value in zip(cells, row, strict=True):
                assert type(cell.value) is type(value)
    assert book["Ärenden"].column_dimensions["A"].width == 34


def test_the_esf_xlsx_has_participants_and_summary(world: World, tmp_path: Path) -> None:
    service = world.service()
    report = service.esf(PERIOD)
    path = service.export(report, tmp_path / "esf.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Sammanställning", "Deltagare"]
    sheet = book["Deltagare"]
    assert tuple(cell.value for cell in sheet[1]) == ESF_COLUMNS
    assert sheet.max_row == 1 + len(report.rows)
    amina = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == str(world.cases["A"]))
    values = [cell.value for cell in amina]
    assert values[3] == 35
    assert isinstance(values[3], int)
    assert values[9] == dt.datetime(2026, 11, 1).replace(year=2025)
    assert amina[9].number_format == "yyyy-mm-dd"
    assert values[10] == dt.datetime(2026, 3, 15)
    assert values[11] == "Anställning"
    yonas = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == str(world.cases["B"]))
    assert yonas[10].value is None
    # Nothing that names a person.
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "Amina" not in text
    assert "Testsson" not in text
    summary = book["Sammanställning"]
    assert summary["A1"].value == report.title
    found = {(row[0].value, row[1].value): row[5].value for row in summary.iter_rows(min_row=7)}
    assert found[("Deltagare", "Olika personer")] == 4


def test_the_csv_export_parses_back(world: World, tmp_path: Path) -> None:
    service = world.service()
    path = service.export(service.follow_up(PERIOD), tmp_path / "uppföljning.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert lines[0] == ["Uppföljning 2026-01-01 – 2026-06-30, alla kommuner"]
    assert lines[2] == ["Från och med", "2026-01-01"]
    title = lines.index(["Avslutade ärenden efter utfall"])
    assert lines[title + 2] == ["Utfall", "Antal", "Andel (%)"]
    assert lines[title + 3] == ["Anställning", "1", "50"]
    funnel = lines.index(["Från förslag till placering"])
    assert lines[funnel + 6] == ["Erbjuden", "2", "66,7", "40"]
    esf = service.export(service.esf(PERIOD), tmp_path / "esf.csv")
    rows = list(csv.reader(esf.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    header = rows.index(list(ESF_COLUMNS))
    assert len([row for row in rows[header + 1 :] if row]) == 5
    assert rows[header + 2][0] == str(world.cases["A"])
    assert rows[header + 2][9:12] == ["2025-11-01", "2026-03-15", "Anställning"]


def test_the_pdf_export_is_written_on_the_letterhead(world: World, tmp_path: Path) -> None:
    from pypdf import PdfReader

    service = world.service()
    path = service.export(service.follow_up(PERIOD), tmp_path / "uppföljning.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Uppföljning 2026-01-01 – 2026-06-30, alla kommuner" in text
    assert "Från förslag till placering" in text
    assert "Median 56 dagar (n = 2)." in text
    esf = service.export(service.esf(PERIOD), tmp_path / "esf.pdf")
    assert "Sammanställning" in " ".join(p.extract_text() for p in PdfReader(esf).pages)


def test_reading_and_exporting_are_audited_with_counts_only(world: World, tmp_path: Path) -> None:
    service = world.service()
    service.export(service.esf(PERIOD), tmp_path / "esf.xlsx")
    with world.db.read() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "Report").order_by(AuditEvent.seq)
        ).all()
    assert [(e.action, e.details) for e in events] == [
        ("read", "ESF-deltagare 2026-01-01 – 2026-06-30, alla kommuner: 5 rader"),
        ("export", "ESF-deltagare .xlsx, 5 rader: esf.xlsx"),
    ]
    assert all(e.user_id == world.coordinator.user_id for e in events)


# Bad input -------------------------------------------------------------------------------------


def test_query_problems() -> None:
    assert query_problems(START, END) == {}
    assert query_problems(None, None) == {
        "start": "Ange periodens första dag.",
        "end": "Ange periodens sista dag.",
    }
    assert query_problems(END, START) == {
        "end": "Periodens sista dag kan inte vara före den första."
    }
    assert query_problems(dt.date(2010, 1, 1), dt.date(2019, 12, 31)) == {}
    assert query_problems(dt.date(2010, 1, 1), dt.date(2020, 1, 1)) == {
        "end": "En rapport kan omfatta högst 10 år."
    }
    assert query_problems(dt.date(2999, 1, 1), dt.date(2999, 2, 1)) == {
        "start": "Perioden kan inte börja efter i dag."
    }


def test_a_bad_period_is_refused(world: World) -> None:
    with pytest.raises(ReportError, match="Periodens sista dag kan inte vara före den första"):
        world.service().follow_up(ReportQuery(END, START))


def test_a_period_without_data_gives_an_empty_report(world: World, tmp_path: Path) -> None:
    service = world.service()
    report = service.follow_up(ReportQuery(dt.date(2019, 1, 1), dt.date(2019, 12, 31)))
    assert report.empty
    assert section(report, "tid_till_placering").note == (
        "Inget ärende fick sin första placering under perioden."
    )
    esf = service.esf(ReportQuery(dt.date(2019, 1, 1), dt.date(2019, 12, 31)))
    assert esf.rows == ()
    for suffix in (".xlsx", ".csv", ".pdf"):
        assert service.export(report, tmp_path / f"tom{suffix}").exists()
    assert service.export(esf, tmp_path / "tom-esf.xlsx").exists()


def test_a_municipality_without_cases_gives_zeros(world: World) -> None:
    report = world.service().follow_up(ReportQuery(START, END, municipality_code="0128"))
    assert report.scope == "Salem kommun"
    assert section(report, "nya_arenden").table.rows == (("Salem", 0, 0, 0, 0),)
    assert report.empty
    with pytest.raises(ReportError, match="Det finns ingen kommun med koden 9999"):
        world.service().follow_up(ReportQuery(START, END, municipality_code="9999"))


def test_a_caseworker_is_refused(world: World, tmp_path: Path) -> None:
    report = world.service().follow_up(PERIOD)
    folder = tmp_path / "ut"
    folder.mkdir()
    agent = Actor(world.agnes, "agnes", "Agnes Agent", "handlaggare")
    service = world.service(agent)
    for attempt in (
        lambda: service.follow_up(PERIOD),
        lambda: service.esf(PERIOD),
        lambda: service.export(report, folder / "r.xlsx"),
    ):
        with pytest.raises(ReportError) as refused:
            attempt()
        assert str(refused.value) == REFUSED
    assert list(folder.iterdir()) == []


def test_an_unknown_suffix_a_missing_or_read_only_folder(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = world.service()
    report = service.follow_up(PERIOD)
    folder = tmp_path / "ut"
    folder.mkdir()
    with pytest.raises(ReportError, match=r"\.xlsx, \.csv eller \.pdf"):
        service.export(report, folder / "rapport.docx")
    with pytest.raises(ReportError, match="finns inte"):
        service.export(report, folder / "borta" / "rapport.xlsx")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(ReportError, match="Det går inte att skriva i mappen"):
        service.export(report, folder / "rapport.xlsx")
    assert list(folder.iterdir()) == []
    with world.db.read() as session:
        exports = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert exports == []


def test_progress_is_reported_and_a_report_can_be_cancelled(world: World) -> None:
    service = world.service()
    steps: list[tuple[int, int]] = []
    service.follow_up(PERIOD, progress=lambda done, total: steps.append((done, total)))
    assert steps == [(i, 9) for i in range(10)]
    asked = 0

    def cancel_at_the_third() -> bool:
        nonlocal asked
        asked += 1
        return asked == 3

    with pytest.raises(ReportCancelledError, match="Rapporten avbröts"):
        service.follow_up(PERIOD, cancelled=cancel_at_the_third)
    with pytest.raises(ReportCancelledError):
        service.esf(PERIOD, cancelled=lambda: True)
    with world.db.read() as session:
        reads = session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.entity_type == "Report", AuditEvent.action == "read"
            )
        ).all()
    assert len(reads) == 1  # a cancelled report is not recorded as read


def test_a_read_only_file_of_the_same_name_is_left_as_it_was(world: World, tmp_path: Path) -> None:
    service = world.service()
    path = tmp_path / "rapport.csv"
    path.write_text("den gamla rapporten", encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(ReportError, match="skrivskyddad"):
        service.export(service.follow_up(PERIOD), path)
    assert path.read_text(encoding="utf-8") == "den gamla rapporten"
