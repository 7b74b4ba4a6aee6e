"""The demo data generator: valid numbers, consistent records, deterministic output."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import random
import re
import sqlite3
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path

import babel
import pytest
from organisationsnummer import organisationsnummer
from personnummer import personnummer
from sqlalchemy import func, select

from desktop.assets import resource
from desktop.models import (
    Case,
    ContactPerson,
    Education,
    Employer,
    Person,
    PersonLanguage,
    Placement,
    Referral,
    Task,
    User,
    Vacancy,
    VacancyRequirement,
)
from desktop.models.employer import employer_sort_key
from desktop.models.person import person_sort_key
from desktop.services.demo import SCALES, DemoScale, DemoSummary, generate
from desktop.services.demo.codes import new_id, personal_number
from desktop.services.demo.referrals import SCORER
from desktop.services.demo.vocabulary import load
from desktop.services.matching import MatchingService
from desktop.services.referrals import AWAITING_ANSWER, ReferralService, reasons_text
from desktop.store.database import Database, connect_raw
from desktop.store.schema import open_database
from tests.factories import make_person
from tests.factories import personal_number as reference_personal_number

SMALL = DemoScale(persons=300, employers=60, contacts=300, vacancies=120, notes=900)
TODAY = dt.date(2026, 6, 15)
DEMO_TABLES = tuple(DemoSummary.__dataclass_fields__)
EXAMPLE_DOMAIN = re.compile(r"(^|[.@/])example\.(se|com|org|net)$")


@pytest.fixture
def demo(db: Database) -> tuple[Database, DemoSummary]:
    return db, generate(db, SMALL, seed=7, today=TODAY)


@pytest.fixture
def raw(demo: tuple[Database, DemoSummary]) -> Iterator[sqlite3.Connection]:
    # The encrypted file, read with SQL alone (the same settings the app uses).
    connection: sqlite3.Connection = connect_raw(demo[0].path, demo[0].key)
    try:
        yield connection
    finally:
        connection.close()


def _all(connection: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    return connection.execute(sql).fetchall()


def _one(connection: sqlite3.Connection, sql: str) -> object:
    return connection.execute(sql).fetchone()[0]


def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_writes_the_requested_amounts_and_counts_them(
    demo: tuple[Database, DemoSummary], raw: sqlite3.Connection
) -> None:
    _, summary = demo
    assert _one(raw, "SELECT count(*) FROM persons") == SMALL.persons == summary.persons
    assert _one(raw, "SELECT count(*) FROM employers") == SMALL.employers
    assert _one(raw, "SELECT count(*) FROM employer_contacts") == SMALL.contacts
    assert _one(raw, "SELECT count(*) FROM vacancies") == SMALL.vacancies
    assert _one(raw, "SELECT count(*) FROM case_notes") == SMALL.notes
    for table in DEMO_TABLES:
        assert _one(raw, f"SELECT count(*) FROM {table}") == getattr(summary, table), table
    assert summary.total == sum(getattr(summary, t) for t in DEMO_TABLES)
    assert "300 deltagare" in str(summary)


def test_every_table_the_demo_fills_gets_rows(demo: tuple[Database, DemoSummary]) -> None:
    _, summary = demo
    empty = [table for table in DEMO_TABLES if getattr(summary, table) == 0]
    assert empty == []


def test_users_are_agents_in_the_five_municipalities_a_coordinator_and_an_admin(
    raw: sqlite3.Connection,
) -> None:
    roles = dict(_all(raw, "SELECT role, count(*) FROM users GROUP BY role"))
    assert roles == {"handlaggare": 5, "samordnare": 1, "administrator": 1}
    agents = _all(raw, "SELECT username, municipality_code FROM users WHERE role = 'handlaggare'")
    assert sorted(name for name, _ in agents) == [f"agent0{n}" for n in range(1, 6)]
    assert {code for _, code in agents} == {"0126", "0127", "0128", "0138", "0181"}


def test_identity_numbers_are_valid_and_agree_with_kind_birth_and_gender(
    raw: sqlite3.Connection,
) -> None:
    rows = _all(
        raw,
        "SELECT personal_number, identity_kind, no_identity_reason, birth_date, gender "
        "FROM persons",
    )
    kinds = {kind for _, kind, _, _, _ in rows}
    assert kinds == {"personnummer", "samordningsnummer", "saknas"}
    for number, kind, reason, birth, gender in rows:
        if kind == "saknas":
            assert number is None
            assert reason
            continue
        assert isinstance(number, str)
        assert re.fullmatch(r"\d{12}", number)
        parsed = personnummer.parse(number)
        assert parsed.is_coordination_number() == (kind == "samordningsnummer")
        assert parsed.get_date().isoformat() == birth
        assert parsed.is_male() == (gender == "man")
        assert int(number[10]) % 2 == (1 if gender == "man" else 0)
    share = sum(kind == "personnummer" for _, kind, _, _, _ in rows) / len(rows)
    assert 0.55 < share < 0.85


def test_personal_numbers_are_computed_like_the_test_factory() -> None:
    born = dt.date(1984, 2, 29)
    assert personal_number(born, 123, coordination=False) == reference_personal_number(born)
    assert personal_number(born, 124, coordination=True) == reference_personal_number(
        born, 124, coordination=True
    )


def test_organisation_numbers_are_valid_unique_and_match_the_sector(
    raw: sqlite3.Connection,
) -> None:
    rows = _all(raw, "SELECT org_number, sector FROM employers")
    numbers = [number for number, _ in rows]
    assert len(set(numbers)) == len(numbers)
    forms = {
        "offentlig": {"Stat, landsting, kommun eller församling"},
        "privat": {
            "Aktiebolag",
            "Handelsbolag, kommanditbolag och enkelt bolag",
            "Enskild firma",
        },
        "ideburen": {
            "Ekonomisk förening eller bostadsrättsförening",
            "Ideella förening och stiftelse",
        },
    }
    for number, sector in rows:
        assert isinstance(number, str)
        assert re.fullmatch(r"\d{10}", number)
        parsed = organisationsnummer.parse(number)
        assert parsed.type() in forms[sector], (number, sector)
        if not parsed.is_personnummer():
            assert int(number[2]) >= 2
    assert {sector for _, sector in rows} == set(forms)


def test_foreign_keys_and_codes_hold(raw: sqlite3.Connection) -> None:
    assert _all(raw, "PRAGMA foreign_key_check") == []
    assert _one(raw, "PRAGMA integrity_check") == "ok"
    levels = dict(_all(raw, "SELECT code, level FROM occupations"))
    for table in ("work_experiences", "wished_occupations", "vacancies"):
        for (code,) in _all(raw, f"SELECT DISTINCT occupation_code FROM {table}"):
            assert levels[code] == 4, (table, code)
    active = {"0126", "0127", "0128", "0138", "0181"}
    assert {row[0] for row in _all(raw, "SELECT DISTINCT municipality_code FROM persons")} == active
    forms = {row[0] for row in _all(raw, "SELECT code FROM labour_market_forms")}
    assert {row[0] for row in _all(raw, "SELECT DISTINCT form_code FROM vacancies")} <= forms


def test_vocabulary_codes_are_real() -> None:
    vocab = load()
    with resource("data", "ssyk2012.csv").open(encoding="utf-8", newline="") as handle:
        ssyk = {row["code"] for row in csv.DictReader(handle) if row["level"] == "4"}
    assert vocab.all_occupation_codes <= ssyk
    assert len(vocab.occupations) >= 40
    for industry in (*vocab.industry.values(), *vocab.public_unit.values()):
        assert set(industry.occupations.items) <= ssyk
        assert re.fullmatch(r"\d{5}", industry.sni)
    swedish = babel.Locale("sv")
    for group in vocab.group.values():
        tongues = group.mother_tongues.items if group.mother_tongues else ()
        for code in (*tongues, *(code for code, _ in group.other_languages)):
            assert code in swedish.languages, code
        for country in (*group.birth_countries.items, group.citizenship):
            assert country in swedish.territories, country
    for code in vocab.requirement_languages:
        assert code in swedish.languages, code


def test_dates_are_plausible(raw: sqlite3.Connection) -> None:
    today = TODAY.isoformat()
    for birth, arrival in _all(raw, "SELECT birth_date, arrival_date FROM persons"):
        assert isinstance(birth, str)
        assert "1960-01-01" <= birth <= "2006-12-31"
        if arrival is not None:
            assert isinstance(arrival, str)
            born = dt.date.fromisoformat(birth)
            assert dt.date.fromisoformat(arrival) >= born.replace(year=born.year + 15)
            assert arrival <= today
    assert _one(raw, "SELECT count(*) FROM persons WHERE arrival_date IS NULL") > 0
    cases = _all(raw, "SELECT status, opened_on, closed_on, outcome FROM cases")
    for status, opened, closed, outcome in cases:
        assert isinstance(opened, str)
        assert opened <= today
        assert (status == "avslutad") == (closed is not None) == (outcome is not None)
    contacts = _all(raw, "SELECT min(contact_date), max(contact_date) FROM employer_contacts")
    assert contacts[0][0] >= (TODAY - dt.timedelta(days=731)).isoformat()
    assert contacts[0][1] <= today
    dues = [row[0] for row in _all(raw, "SELECT due_date FROM tasks")]
    assert min(dues) < today
    assert today in dues
    assert max(dues) > today


def test_last_contact_is_the_latest_logged_contact(raw: sqlite3.Connection) -> None:
    mismatched = _all(
        raw,
        "SELECT e.id FROM employers e WHERE e.last_contact_on IS NOT "
        "(SELECT max(c.contact_date) FROM employer_contacts c WHERE c.employer_id = e.id)",
    )
    assert mismatched == []


def test_cases_consents_and_referrals_agree(raw: sqlite3.Connection) -> None:
    per_person = _all(raw, "SELECT count(*) FROM cases GROUP BY person_id")
    assert len(per_person) == SMALL.persons
    assert {n for (n,) in per_person} == {1, 2}
    assert _one(raw, "SELECT count(*) FROM consents WHERE kind = 'behandling'") == SMALL.persons
    sharing = _one(raw, "SELECT count(*) FROM consents WHERE kind = 'dela_profil'")
    assert isinstance(sharing, int)
    assert 0.65 < sharing / SMALL.persons < 0.95
    unshared = _all(
        raw,
        "SELECT r.id FROM referrals r WHERE NOT EXISTS (SELECT 1 FROM consents c "
        "WHERE c.person_id = r.person_id AND c.kind = 'dela_profil' AND c.withdrawn_on IS NULL)",
    )
    assert unshared == []
    # A referral's history starts at 'foreslagen' and ends at the referral's status.
    for referral_id, status in _all(raw, "SELECT id, status FROM referrals"):
        history = _all(
            raw,
            "SELECT from_status, to_status FROM referral_status_changes "
            f"WHERE referral_id = '{referral_id}' ORDER BY changed_at",
        )
        assert history[0] == (None, "foreslagen")
        assert history[-1][1] == status
        assert all(a[1] == b[0] for a, b in itertools.pairwise(history))
    placed = _all(
        raw,
        "SELECT c.status FROM referrals r JOIN cases c ON c.id = r.case_id "
        "WHERE r.status = 'placerad'",
    )
    assert placed
    assert {status for (status,) in placed} == {"i_insats"}


def test_referrals_awaiting_an_answer_carry_what_the_matching_says(
    demo: tuple[Database, DemoSummary],
) -> None:
    """The letter's "why we think … fits" needs them: the score and reasons are those the
    matching rules give the person for the need, recorded as a proposal records them."""
    db, _ = demo
    with db.read() as session:
        rows = session.execute(
            select(
                Referral.id,
                Referral.vacancy_id,
                Referral.person_id,
                Referral.status,
                Referral.match_score,
                Referral.match_reasons,
            ).order_by(Referral.id)
        ).all()
    awaiting = [row for row in rows if row.status in AWAITING_ANSWER]
    assert len(awaiting) > 20
    matching = MatchingService(db, SCORER)
    referrals = ReferralService(db, SCORER, matching)
    for row in awaiting:
        assert row.match_score is not None
        assert 0 <= row.match_score <= 100
        assert row.match_reasons
        match = matching.why_not(row.vacancy_id, row.person_id, today=TODAY).match
        assert row.match_score == match.score
        assert row.match_reasons == reasons_text(match)
        shown = referrals.get(row.id)
        assert shown.match_reasons == match.reasons
        assert all(reason.strip() for reason in shown.match_reasons)
    assert len({row.match_score for row in awaiting}) > 5  # the rules, not one made-up score
    closed = [row for row in rows if row.status not in AWAITING_ANSWER]
    assert closed
    assert all(row.match_score is None and row.match_reasons is None for row in closed)


def test_scoring_is_bounded_and_the_demo_agent_comes_first(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("desktop.services.demo.referrals.MAX_SCORED_NEEDS", 3)
    generate(db, SMALL, seed=7, today=TODAY)
    with db.read() as session:
        agent = session.scalar(select(User.id).where(User.username == "agent01"))
        rows = session.execute(
            select(Referral.vacancy_id, Referral.agent_id, Referral.match_score).where(
                Referral.status.in_(AWAITING_ANSWER)
            )
        ).all()
    scored = {row.vacancy_id for row in rows if row.match_score is not None}
    assert len(scored) == 3
    demo_needs = {row.vacancy_id for row in rows if row.agent_id == agent}
    assert demo_needs
    assert scored <= demo_needs or demo_needs <= scored


def test_vacancies_and_their_requirements_are_coherent(raw: sqlite3.Connection) -> None:
    today = TODAY.isoformat()
    vacancies = _all(raw, "SELECT id, status, apply_by, start_date, occupation_code FROM vacancies")
    statuses = {status for _, status, _, _, _ in vacancies}
    assert statuses == {"oppet", "tillsatt", "stangt"}
    assert sum(status == "oppet" for _, status, _, _, _ in vacancies) > len(vacancies) / 2
    occupation = {str(v[0]): v[4] for v in vacancies}
    for _, status, apply_by, start, _ in vacancies:
        assert isinstance(apply_by, str)
        assert isinstance(start, str)
        assert apply_by < start
        assert (apply_by > today) == (status == "oppet")
    levels = dict(_all(raw, "SELECT code, scale FROM language_levels"))
    certificates = {c.code for c in load().certificates}
    counts = dict(_all(raw, "SELECT vacancy_id, count(*) FROM vacancy_requirements GROUP BY 1"))
    assert set(counts) == set(occupation)
    assert set(counts.values()) <= {1, 2, 3, 4}
    rows = _all(raw, "SELECT vacancy_id, kind, code, level, years FROM vacancy_requirements")
    for vacancy_id, kind, code, level, years in rows:
        assert (years is not None) == (kind == "erfarenhet")
        if kind == "svenska":
            assert code == "sv"
            assert level in levels
        elif kind == "sprak":
            assert code in babel.Locale("sv").languages
            assert levels[level] == "cefr"
        else:
            assert level is None
        if kind == "korkort":
            assert code in {"B", "C", "CE", "D"}
        elif kind == "utbildning":
            assert code in {str(n) for n in range(9)}
        elif kind == "erfarenhet":
            assert code == occupation[str(vacancy_id)]
        elif kind == "certifikat":
            assert code in certificates


def test_only_example_domains_are_used(raw: sqlite3.Connection) -> None:
    emails = [row[0] for row in _all(raw, "SELECT email FROM persons WHERE email IS NOT NULL")]
    emails += [row[0] for row in _all(raw, "SELECT email FROM contact_persons")]
    sites = [row[0] for row in _all(raw, "SELECT website FROM employers WHERE website NOTNULL")]
    assert emails
    assert sites
    for email in emails:
        assert isinstance(email, str)
        assert EXAMPLE_DOMAIN.search(email.split("@")[1]), email
    for site in sites:
        assert isinstance(site, str)
        assert site.startswith("https://")
        assert EXAMPLE_DOMAIN.search(site.removeprefix("https://")), site


def test_journal_texts_name_no_one(raw: sqlite3.Connection) -> None:
    names = {row[0] for row in _all(raw, "SELECT last_name FROM persons")}
    names |= {row[0] for row in _all(raw, "SELECT first_name FROM persons")}
    pattern = re.compile(r"\b(" + "|".join(re.escape(str(n)) for n in names) + r")\b")
    texts = [row[0] for row in _all(raw, "SELECT text FROM case_notes")]
    texts += [row[0] for row in _all(raw, "SELECT summary FROM employer_contacts")]
    assert texts
    for text in texts:
        assert isinstance(text, str)
        assert not pattern.search(text), text


def test_sort_keys_follow_swedish_order(raw: sqlite3.Connection) -> None:
    for first, last, key in _all(raw, "SELECT first_name, last_name, sort_key FROM persons"):
        assert isinstance(first, str)
        assert isinstance(last, str)
        assert key == person_sort_key(last, first)
    for name, key in _all(raw, "SELECT name, sort_key FROM employers"):
        assert isinstance(name, str)
        assert key == employer_sort_key(name)
    assert employer_sort_key("Öberg Bygg AB") > employer_sort_key("Zeta AB")
    assert employer_sort_key("Åkessons Måleri") < employer_sort_key("Ärla AB")
    assert employer_sort_key("Çelik Bygg AB") < employer_sort_key("Dahir AB")


def test_a_person_is_found_by_a_name_typed_without_diacritics(raw: sqlite3.Connection) -> None:
    names = _all(raw, "SELECT rowid, first_name || ' ' || last_name FROM persons")
    accented = [
        (rowid, word)
        for rowid, full in names
        for word in str(full).split()
        if _strip(word) != word and "ı" not in word.casefold()
    ]
    assert accented, "the demo should include names with å, ä, ö, ü, ş ..."
    for rowid, word in accented[:20]:
        plain = _strip(word).lower()
        query = f'names : "{plain}"*'
        found = {row[0] for row in _all_params(raw, query)}
        assert rowid in found, (word, plain)


def _all_params(connection: sqlite3.Connection, query: str) -> list[tuple[object, ...]]:
    return connection.execute(
        "SELECT rowid FROM person_search WHERE person_search MATCH ?", (query,)
    ).fetchall()


def test_rows_read_back_through_the_orm_with_proper_types(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo
    with db.read() as session:
        person = session.scalars(select(Person).where(Person.arrival_date.is_not(None))).first()
        assert person is not None
        assert isinstance(person.id, uuid.UUID)
        assert person.id.version == 4
        assert isinstance(person.birth_date, dt.date)
        assert isinstance(person.arrival_date, dt.date)
        assert person.created_at.tzinfo == dt.UTC
        assert person.created_at.date() <= TODAY
        assert person.version == 1
        assert person.languages
        assert all(isinstance(lang.mother_tongue, bool) for lang in person.languages)
        assert person.educations
        case = session.scalars(select(Case).where(Case.person_id == person.id)).first()
        assert case is not None
        assert isinstance(case.opened_on, dt.date)
        assert isinstance(session.scalars(select(Education.completed)).first(), bool)
        assert isinstance(session.scalars(select(ContactPerson.active)).first(), bool)
        employer = session.scalars(select(Employer)).first()
        assert employer is not None
        assert isinstance(employer.responsible_agent_id, uuid.UUID)
        assert employer.workplaces
        assert employer.contact_persons
        vacancy = session.scalars(select(Vacancy)).first()
        assert vacancy is not None
        assert vacancy.requirements
        assert isinstance(vacancy.apply_by, dt.date)
        years = session.scalars(
            select(VacancyRequirement.years).where(VacancyRequirement.years.is_not(None))
        ).first()
        assert isinstance(years, float)
        done = session.scalars(select(Task.done_at).where(Task.done_at.is_not(None))).first()
        assert isinstance(done, dt.datetime)
        assert done.tzinfo == dt.UTC
        referral = session.scalars(select(Referral)).first()
        assert referral is not None
        assert referral.history
        assert referral.history[-1].to_status == referral.status
        assert referral.status_changed_at == referral.history[-1].changed_at
        assert session.scalar(select(func.count()).select_from(Placement)) > 0
        assert session.scalar(
            select(func.count()).select_from(PersonLanguage).where(PersonLanguage.mother_tongue)
        )


def test_the_orm_can_update_a_generated_row(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.unit_of_work() as session:
        person = session.scalars(select(Person).order_by(Person.sort_key)).first()
        assert person is not None
        person.phone = "070-000 00 00"
    with db.read() as session:
        again = session.get(Person, person.id)
        assert again is not None
        assert again.version == 2
        assert again.phone == "070-000 00 00"


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in DEMO_TABLES
        }
    finally:
        connection.close()


def test_the_same_seed_gives_identical_data(tmp_path: Path) -> None:
    paths = [tmp_path / "a.sqlite", tmp_path / "b.sqlite"]
    for path in paths:
        with open_database(path) as db:
            generate(db, SMALL, seed=3, today=TODAY)
    first, second = (_dump(path) for path in paths)
    assert first == second
    assert first["persons"]


def test_another_seed_or_day_gives_other_data(tmp_path: Path) -> None:
    runs = {"base": (3, TODAY), "seed": (4, TODAY), "day": (3, TODAY + dt.timedelta(days=1))}
    dumps = {}
    for name, (seed, today) in runs.items():
        path = tmp_path / f"{name}.sqlite"
        with open_database(path) as db:
            generate(db, SMALL, seed=seed, today=today)
        dumps[name] = _dump(path)
    base_ids = {row[0] for row in dumps["base"]["persons"]}
    assert base_ids.isdisjoint(row[0] for row in dumps["seed"]["persons"])
    assert dumps["base"]["persons"] != dumps["day"]["persons"]


def test_ids_are_version_4_uuids_drawn_from_the_generator() -> None:
    for seed in range(20):
        rng, reference = random.Random(seed), random.Random(seed)
        assert new_id(rng) == uuid.UUID(int=reference.getrandbits(128), version=4).hex


def test_refuses_a_database_that_already_has_persons(demo: tuple[Database, DemoSummary]) -> None:
    db, summary = demo
    with pytest.raises(ValueError, match="redan deltagare"):
        generate(db, SMALL, seed=99, today=TODAY)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == summary.persons
        assert session.scalar(select(func.count()).select_from(Employer)) == summary.employers


def test_refuses_a_real_database_with_a_single_person(db: Database) -> None:
    with db.unit_of_work() as session:
        make_person(session, "Testa", "Testsson")
    with pytest.raises(ValueError, match="redan deltagare"):
        generate(db, SMALL, today=TODAY)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Employer)) == 0


def test_a_failed_run_leaves_the_database_empty(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("desktop.services.demo.generator.write_referrals", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        generate(db, SMALL, today=TODAY)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0
        assert session.scalar(select(func.count()).select_from(Employer)) == 0
    monkeypatch.undo()
    assert generate(db, SMALL, today=TODAY).persons == SMALL.persons


@pytest.mark.parametrize(
    ("scale", "message"),
    [
        (DemoScale(10, 2, -1, 1, 1), "negativa"),
        (DemoScale(10, 0, 5, 0, 1), "arbetsgivare"),
        (DemoScale(0, 2, 1, 1, 5), "deltagare"),
        (DemoScale(10, 2, 1, 1, 5_000_001), "Högst 5\u00a0000\u00a0000 journalanteckningar"),
        (DemoScale(10**12, 2, 1, 1, 5), "Högst 1\u00a0000\u00a0000 deltagare"),
    ],
)
def test_refuses_impossible_sizes(db: Database, scale: DemoScale, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate(db, scale, today=TODAY)


def test_progress_moves_forward_through_named_steps_to_done(db: Database) -> None:
    seen: list[tuple[str, float]] = []
    generate(db, SMALL, today=TODAY, progress=lambda step, part: seen.append((step, part)))
    fractions = [part for _, part in seen]
    assert fractions == sorted(fractions)
    assert all(0.0 <= part <= 1.0 for part in fractions)
    assert seen[-1] == ("Klart", 1.0)
    steps = list(dict.fromkeys(step for step, _ in seen))
    assert steps[:3] == [
        "Skapar användare",
        "Skapar deltagare",
        "Skapar ärenden och journalanteckningar",
    ]


def test_the_scales_are_the_documented_sizes() -> None:
    assert SCALES["S"] == DemoScale(1_000, 200, 2_000, 500, 5_000)
    assert SCALES["M"] == DemoScale(10_000, 2_000, 20_000, 5_000, 50_000)
    assert SCALES["L"] == DemoScale(100_000, 20_000, 200_000, 50_000, 500_000)
