"""The intake service: checks per step, duplicates, drafts and the final save."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from desktop import clock
from desktop.models import Case, Consent, IntakeDraft, Person
from desktop.services.accounts import Actor
from desktop.services.intake import (
    EducationEntry,
    ExperienceEntry,
    IntakeData,
    IntakeError,
    IntakeService,
    LanguageEntry,
    Step,
    last_year_problem,
    parse_last_year,
)
from desktop.store.database import Database
from tests.factories import make_person, make_user, personal_number

TODAY = dt.date(2026, 11, 24)
BIRTH = dt.date(1991, 4, 2)


@pytest.fixture
def intake(db: Database) -> IntakeService:
    with db.unit_of_work() as session:
        user = make_user(session, "agnes", "Agnes Agent")
        actor = Actor(user.id, user.username, user.full_name, "handlaggare")
    return IntakeService(db, actor)


def complete_data(**changes: object) -> IntakeData:
    data = IntakeData(
        first_name="Amina",
        last_name="Abdullahi",
        identity_number=personal_number(BIRTH, 124),
        gender="kvinna",
        phone="070-123 45 67",
        email="amina@example.se",
        street_address="Testgatan 1",
        postal_code="147 30",
        city="Tumba",
        municipality_code="0127",
        consent_processing=True,
        consent_sharing=True,
        consent_date="2026-11-24",
        consent_method="skriftligt",
        birth_country="SO",
        citizenship="SO",
        arrival_date="2016-08-15",
        referred_by="Arbetsförmedlingen",
        languages=[LanguageEntry("so", "", True), LanguageEntry("en", "B1")],
        sfi_path="2",
        sfi_course="SFI_C",
        educations=[EducationEntry("3", "Vård", "SO", "3", True, "ansokt")],
        experiences=[ExperienceEntry("5321", "Vårdbiträde", "2,5", "SO")],
        driving_licences=["B"],
        certificates=["Hygienbevis"],
        wished_occupations=["5321", "9111"],
        wished_municipalities=["0127", "0126"],
        work_extent="heltid",
        earliest_start="2026-12-01",
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def test_a_complete_intake_creates_the_person_profile_consents_and_case(
    db: Database, intake: IntakeService
) -> None:
    data = complete_data()
    assert intake.all_problems(data, TODAY) == {}
    draft_id = intake.save_draft(None, data, Step.SUMMARY)
    done = intake.complete(data, draft_id, TODAY)
    with db.read() as session:
        person = session.get_one(Person, done.person_id)
        assert person.personal_number == personal_number(BIRTH, 124)
        assert person.identity_kind == "personnummer"
        assert person.birth_date == BIRTH
        assert {(x.language, x.mother_tongue) for x in person.languages} == {
            ("so", True),
            ("en", False),
        }
        assert person.experiences[0].years == 2.5
        assert {q.code for q in person.qualifications} == {"B", "Hygienbevis"}
        assert {w.occupation_code for w in person.wished_occupations} == {"5321", "9111"}
        assert person.current_case_status == "inskriven"
        case = session.get_one(Case, done.case_id)
        assert (case.status, case.agent_id, case.opened_on) == (
            "inskriven",
            intake._actor.user_id,
            TODAY,
        )
        consents = session.scalars(select(Consent).where(Consent.person_id == person.id)).all()
        assert {c.kind for c in consents} == {"behandling", "dela_profil"}
    assert intake.drafts() == []


def test_a_person_without_a_number_gives_birth_date_and_reason(
    db: Database, intake: IntakeService
) -> None:
    data = complete_data(has_identity_number=False, identity_number="", birth_date="1990-01-31")
    assert list(intake.problems(data, Step.IDENTITY, TODAY)) == ["no_identity_reason"]
    data.no_identity_reason = "Väntar på samordningsnummer"
    done = intake.complete(data, None, TODAY)
    with db.read() as session:
        person = session.get_one(Person, done.person_id)
        assert (person.identity_kind, person.personal_number) == ("saknas", None)


@pytest.mark.parametrize(
    ("changes", "step", "field", "reason"),
    [
        ({"identity_number": "19910402-1235"}, Step.IDENTITY, "identity_number", "Kontrollsiffran"),
        ({"identity_number": "19911332-1234"}, Step.IDENTITY, "identity_number", "Datumet"),
        ({"identity_number": "ABC"}, Step.IDENTITY, "identity_number", "siffror"),
        ({"first_name": ""}, Step.IDENTITY, "first_name", "måste fyllas i"),
        ({"last_name": "X" * 5000}, Step.IDENTITY, "last_name", "högst 200"),
        ({"first_name": "Amina\x1b[0m"}, Step.IDENTITY, "first_name", "styrtecken"),
        ({"email": "amina@"}, Step.IDENTITY, "email", "E-postadressen"),
        ({"gender": ""}, Step.IDENTITY, "gender", "Välj kön"),
        ({"has_identity_number": False, "birth_date": "2030-01-01", "no_identity_reason": "x"},
         Step.IDENTITY, "birth_date", "efter i dag"),
        ({"consent_processing": False}, Step.CONSENT, "consent_processing", "samtycke"),
        ({"consent_date": "2027-01-01"}, Step.CONSENT, "consent_date", "efter i dag"),
        ({"arrival_date": "2030-05-01"}, Step.BACKGROUND, "arrival_date", "efter i dag"),
        ({"arrival_date": "1985-05-01"}, Step.BACKGROUND, "arrival_date", "före födelsedatumet"),
        ({"birth_country": "XX"}, Step.BACKGROUND, "birth_country", "land"),
        ({"languages": [LanguageEntry("so"), LanguageEntry("so")]}, Step.LANGUAGES,
         "languages.1.language", "redan"),
        ({"experiences": [ExperienceEntry("", "", "2")]}, Step.EXPERIENCE,
         "experiences.0.occupation_code", "yrke"),
        ({"experiences": [ExperienceEntry("5321", "", "två")]}, Step.EXPERIENCE,
         "experiences.0.years", "tal"),
        ({"experiences": [ExperienceEntry("5321", last_year="23")]}, Step.EXPERIENCE,
         "experiences.0.last_year", "fyra siffror"),
        ({"experiences": [ExperienceEntry("5321", last_year="20235")]}, Step.EXPERIENCE,
         "experiences.0.last_year", "fyra siffror"),
        ({"experiences": [ExperienceEntry("5321", last_year="förra året")]}, Step.EXPERIENCE,
         "experiences.0.last_year", "fyra siffror"),
        ({"experiences": [ExperienceEntry("5321", last_year="2023-05")]}, Step.EXPERIENCE,
         "experiences.0.last_year", "fyra siffror"),
        ({"experiences": [ExperienceEntry("5321", last_year="٢٠٢٣")]}, Step.EXPERIENCE,
         "experiences.0.last_year", "fyra siffror"),
        ({"experiences": [ExperienceEntry("5321", last_year="2027")]}, Step.EXPERIENCE,
         "experiences.0.last_year", "efter i år (2026)"),
        ({"experiences": [ExperienceEntry("5321", last_year="1990")]}, Step.EXPERIENCE,
         "experiences.0.last_year", "före födelseåret (1991)"),
        ({"has_identity_number": False, "identity_number": "", "birth_date": "1988-03-09",
          "no_identity_reason": "Väntar",
          "experiences": [ExperienceEntry("5321", last_year="1987")]},
         Step.EXPERIENCE, "experiences.0.last_year", "före födelseåret (1988)"),
        ({"certificates": ["Truckkort", "truckkort"]}, Step.LICENCES, "certificates", "två gånger"),
        ({"wished_occupations": ["9999"]}, Step.WISHES, "wished_occupations", "SSYK"),
    ],
)  # fmt: skip
def test_bad_input_is_explained_by_field(
    intake: IntakeService, changes: dict[str, object], step: Step, field: str, reason: str
) -> None:
    data = complete_data(**changes)
    problems = intake.problems(data, step, TODAY)
    assert reason in problems.get(field, ""), problems
    with pytest.raises(IntakeError) as refused:
        intake.complete(data, None, TODAY)
    assert field in refused.value.problems


@pytest.mark.parametrize(
    ("typed", "stored"), [("", None), ("2023", 2023), (" 2019 ", 2019), ("2026", 2026),
                          ("1991", 1991)],
)  # fmt: skip
def test_the_last_year_in_a_job_is_saved_and_read_back(
    db: Database, intake: IntakeService, typed: str, stored: int | None
) -> None:
    """Empty is "still working there, or not known"; this year and the birth year are
    both allowed."""
    data = complete_data(experiences=[ExperienceEntry("5321", "Vårdbiträde", "4", "SO", typed)])
    assert intake.problems(data, Step.EXPERIENCE, TODAY) == {}
    done = intake.complete(data, None, TODAY)
    with db.read() as session:
        person = session.get_one(Person, done.person_id)
        assert [x.last_year for x in person.experiences] == [stored]
    profile, _ = intake.profile_of(done.person_id)
    assert profile.experiences[0].last_year == ("" if stored is None else str(stored))


def test_the_last_year_is_checked_against_the_real_today_and_an_unknown_birth() -> None:
    this_year = clock.today().year
    assert last_year_problem(str(this_year), clock.today(), None) is None
    assert "efter i år" in (last_year_problem(str(this_year + 1), clock.today(), None) or "")
    # Nothing to compare with but the earliest year the intake takes at all.
    assert "före 1900" in (last_year_problem("1899", clock.today(), None) or "")
    assert last_year_problem("1900", clock.today(), None) is None


@given(year=st.integers(min_value=0, max_value=9999))
def test_a_four_digit_year_is_refused_exactly_outside_birth_to_this_year(year: int) -> None:
    problem = last_year_problem(f"{year:04d}", TODAY, BIRTH)
    assert (problem is None) == (BIRTH.year <= year <= TODAY.year), (year, problem)
    if problem is None:
        assert parse_last_year(f"{year:04d}") == year


def test_the_last_year_is_edited_in_the_profile(db: Database, intake: IntakeService) -> None:
    done = intake.complete(complete_data(), None, TODAY)
    data, version = intake.profile_of(done.person_id)
    assert data.experiences[0].last_year == ""
    data.experiences[0].last_year = "2024"
    version = intake.save_profile(done.person_id, version, data, TODAY)
    again, _ = intake.profile_of(done.person_id)
    assert again.experiences[0].last_year == "2024"
    again.experiences[0].last_year = "2030"
    with pytest.raises(IntakeError) as bad:
        intake.save_profile(done.person_id, version, again, TODAY)
    assert "efter i år" in bad.value.problems["experiences.0.last_year"]
    again.experiences[0].last_year = ""  # now: still working there
    intake.save_profile(done.person_id, version, again, TODAY)
    with db.read() as session:
        person = session.get_one(Person, done.person_id)
        assert [x.last_year for x in person.experiences] == [None]


def test_profile_rows_come_back_in_the_order_they_were_typed(
    db: Database, intake: IntakeService
) -> None:
    """Not in the order of an index (by code): the first language stays first."""
    languages = [LanguageEntry("so", "", True), LanguageEntry("en", "B1"), LanguageEntry("ar")]
    educations = [EducationEntry("5", "Ekonomi"), EducationEntry("3", "Vård")]
    experiences = [ExperienceEntry("9111", "Städare"), ExperienceEntry("5321", "Vårdbiträde")]
    done = intake.complete(
        complete_data(languages=languages, educations=educations, experiences=experiences),
        None,
        TODAY,
    )
    data, version = intake.profile_of(done.person_id)
    assert (data.languages, data.educations, data.experiences) == (
        languages,
        educations,
        experiences,
    )
    data.experiences.append(ExperienceEntry("2235", "Sjuksköterska"))
    intake.save_profile(done.person_id, version, data, TODAY)
    again, _ = intake.profile_of(done.person_id)
    assert [x.occupation_code for x in again.experiences] == ["9111", "5321", "2235"]


def test_a_draft_saved_before_the_last_year_existed_still_loads(
    db: Database, intake: IntakeService
) -> None:
    data = complete_data(
        experiences=[ExperienceEntry("5321", "Vårdbiträde", "2,5", "SO"), ExperienceEntry("9111")]
    )
    draft_id = intake.save_draft(None, data, Step.EXPERIENCE)
    # Rewrite the stored JSON as an older version of the app wrote it: no "last_year".
    with db.unit_of_work() as session:
        row = session.get_one(IntakeDraft, draft_id)
        stored = json.loads(row.data)
        for entry in stored["experiences"]:
            del entry["last_year"]
        row.data = json.dumps(stored, ensure_ascii=False)
    loaded, step = intake.load_draft(draft_id)
    assert step == Step.EXPERIENCE
    assert loaded == data
    assert [x.last_year for x in loaded.experiences] == ["", ""]
    # A draft from a newer app with a field this one does not know loads too.
    stored["experiences"][0]["employer"] = "Äldreboendet"
    assert IntakeData.from_json(json.dumps(stored)).experiences == loaded.experiences


def test_a_draft_keeps_a_last_year_as_typed_even_when_wrong(intake: IntakeService) -> None:
    data = complete_data(experiences=[ExperienceEntry("5321", last_year="20x3")])
    draft_id = intake.save_draft(None, data, Step.EXPERIENCE)
    loaded, _ = intake.load_draft(draft_id)
    assert loaded.experiences[0].last_year == "20x3"


def test_right_to_left_names_are_stored_exactly(db: Database, intake: IntakeService) -> None:
    data = complete_data(first_name="محمد", last_name="الحسن")
    done = intake.complete(data, None, TODAY)
    with db.read() as session:
        person = session.get_one(Person, done.person_id)
        assert (person.first_name, person.last_name) == ("محمد", "الحسن")


def test_duplicates_by_number_and_by_similar_name(db: Database, intake: IntakeService) -> None:
    with db.unit_of_work() as session:
        same = make_person(session, "Amina", "Abdullahi", birth=BIRTH,
                           number=personal_number(BIRTH, 124)).id  # fmt: skip
        similar = make_person(session, "Aamina", "Abdulahi", birth=BIRTH).id
        make_person(session, "Bertil", "Svensson", birth=BIRTH)
        make_person(session, "Amina", "Abdullahi", birth=dt.date(1992, 4, 2))
    check = intake.duplicates(complete_data(), TODAY)
    assert check.same_number is not None
    assert check.same_number.id == same
    assert [m.id for m in check.similar] == [similar]
    with pytest.raises(IntakeError, match="samma nummer"):
        intake.complete(complete_data(), None, TODAY)
    # Name order and accents do not hide a duplicate either.
    swapped = complete_data(first_name="Abdulahi", last_name="Aamina",
                            identity_number=personal_number(BIRTH, 126))  # fmt: skip
    assert similar in [m.id for m in intake.duplicates(swapped, TODAY).similar]


def test_drafts_are_saved_resumed_exactly_and_discarded(intake: IntakeService) -> None:
    data = complete_data(first_name="Halvfärdig", last_name="", email="fel@", notes_extra=None)
    draft_id = intake.save_draft(None, data, Step.BACKGROUND)
    data.city = "Tullinge"
    assert intake.save_draft(draft_id, data, Step.LANGUAGES) == draft_id
    [summary] = intake.drafts()
    assert (summary.label, summary.step) == ("Halvfärdig", Step.LANGUAGES)
    loaded, step = intake.load_draft(draft_id)
    assert loaded == data
    assert step == Step.LANGUAGES
    intake.discard_draft(draft_id)
    assert intake.drafts() == []


def test_drafts_are_private_to_their_author(db: Database, intake: IntakeService) -> None:
    intake.save_draft(None, complete_data(), Step.IDENTITY)
    with db.unit_of_work() as session:
        other = make_user(session, "bo", "Bo")
    assert IntakeService(db, Actor(other.id, "bo", "Bo", "handlaggare")).drafts() == []
    assert uuid.UUID(int=0) not in [d.id for d in intake.drafts()]


def test_the_profile_is_edited_with_the_same_rules(db: Database, intake: IntakeService) -> None:
    done = intake.complete(complete_data(), None, TODAY)
    data, version = intake.profile_of(done.person_id)
    assert (
        data.identity_number
        == f"{personal_number(BIRTH, 124)[:8]}-{personal_number(BIRTH, 124)[8:]}"
    )
    assert data.languages == complete_data().languages
    assert data.experiences[0].years == "2,5"

    unchanged = intake.save_profile(done.person_id, version, data, TODAY)
    assert unchanged == version  # nothing changed, nothing written

    data.city = "Alby"
    data.languages.append(LanguageEntry("ar", "A2"))
    data.driving_licences = []
    new_version = intake.save_profile(done.person_id, version, data, TODAY)
    assert new_version > version
    again, _ = intake.profile_of(done.person_id)
    assert again.city == "Alby"
    assert {x.language for x in again.languages} == {"so", "en", "ar"}
    assert again.driving_licences == []

    with pytest.raises(IntakeError, match="Någon annan"):
        intake.save_profile(done.person_id, version, data, TODAY)  # an old version
    data.email = "fel@"
    with pytest.raises(IntakeError) as bad:
        intake.save_profile(done.person_id, new_version, data, TODAY)
    assert "email" in bad.value.problems


def test_a_profile_cannot_take_another_persons_number(db: Database, intake: IntakeService) -> None:
    first = intake.complete(complete_data(), None, TODAY)
    second = intake.complete(
        complete_data(first_name="Sara", identity_number=personal_number(BIRTH, 126)), None, TODAY
    )
    data, version = intake.profile_of(second.person_id)
    data.identity_number = personal_number(BIRTH, 124)
    with pytest.raises(IntakeError) as taken:
        intake.save_profile(second.person_id, version, data, TODAY)
    assert "identity_number" in taken.value.problems
    assert first


def test_autosaves_of_a_draft_do_not_fill_the_audit_log(
    db: Database, intake: IntakeService
) -> None:
    from desktop.models import AuditEvent
    from desktop.services import audit

    audit.install(db)
    draft_id = intake.save_draft(None, complete_data(), Step.IDENTITY)
    for city in ("A", "B", "C"):
        intake.save_draft(draft_id, complete_data(city=city), Step.IDENTITY)
    intake.discard_draft(draft_id)
    with db.read() as session:
        events = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_type == "IntakeDraft")
        ).all()
    assert events == ["create", "delete"]


# Control and formatting characters in drafts ---------------------------------------------

# What a paste out of a terminal or a hostile file brings: NUL, an escape sequence, a
# right-to-left override; obviously made-up names.
PASTED = {
    "first_name": "Testa\x00",
    "last_name": "Prov\u202esson",
    "street_address": "Provgatan \x1b[31m1",
    "consent_note": "Rad ett\nrad\x00två\x1b",
}


def pasted_draft() -> IntakeData:
    return complete_data(
        **PASTED,
        educations=[EducationEntry("3", "Inriktning\u202e", "SO", "3", True, "ansokt")],
        experiences=[ExperienceEntry("5321", "Titel\x1b", "2", "SO")],
        certificates=["Hygienbevis", "Certifikat\x00"],
    )


def test_a_draft_keeps_control_characters_exactly_and_names_the_fields(
    db: Database, intake: IntakeService
) -> None:
    """A draft is the user's work: every character comes back as typed, and the fields a
    save would refuse are named, with the save's own reasons."""
    data = pasted_draft()
    draft_id = intake.save_draft(None, data, Step.WISHES)
    loaded, step = intake.load_draft(draft_id)
    assert step == Step.WISHES
    assert loaded == data
    for name, text in PASTED.items():
        assert getattr(loaded, name).encode() == text.encode()
    assert loaded.experiences[0].job_title == "Titel\x1b"
    assert loaded.certificates[1] == "Certifikat\x00"

    expected = {
        Step.IDENTITY: {"first_name", "last_name", "street_address"},
        Step.CONSENT: {"consent_note"},
        Step.EDUCATION: {"educations.0.field"},
        Step.EXPERIENCE: {"experiences.0.job_title"},
        Step.LICENCES: {"certificates.1"},
    }
    flagged = intake.flagged(loaded, TODAY)
    assert {step: set(found) for step, found in flagged.items()} == expected
    assert flagged[Step.IDENTITY]["first_name"] == (
        "Förnamnet innehåller osynliga styrtecken, troligen från inklistrad text. Skriv om det."
    )
    assert flagged[Step.CONSENT]["consent_note"] == (
        "Anteckningen innehåller osynliga styrtecken, troligen från inklistrad text."
    )
    [summary] = intake.drafts()
    assert set(summary.flagged) == set().union(*expected.values())

    # Completing stays refused, for each of them, and nothing is saved.
    with pytest.raises(IntakeError) as refused:
        intake.complete(loaded, draft_id, TODAY)
    assert set(summary.flagged) <= set(refused.value.problems)
    with db.read() as session:
        assert session.scalars(select(Person)).all() == []
    assert intake.load_draft(draft_id)[0] == data


def test_an_unfinished_draft_without_such_characters_is_not_flagged(
    intake: IntakeService,
) -> None:
    """Empty and half-typed fields are no news in a draft; line breaks and the joiners
    free text needs are allowed in it."""
    data = complete_data(last_name="", email="fel@", consent_note="Rad ett\nrad\u200dtvå\t")
    draft_id = intake.save_draft(None, data, Step.IDENTITY)
    assert intake.flagged(data, TODAY) == {}
    assert [d.flagged for d in intake.drafts()] == [{}]
    assert intake.load_draft(draft_id)[0] == data


def test_half_a_surrogate_pair_is_kept_in_a_draft_and_refused_on_save(
    intake: IntakeService,
) -> None:
    """A broken paste can hold a lone surrogate, which UTF-8 cannot write: the draft
    still saves it, reversibly, and completing refuses it instead of failing."""
    data = complete_data(first_name="Testa\ud800", city="Provby\udfff")
    draft_id = intake.save_draft(None, data, Step.IDENTITY)
    loaded, _ = intake.load_draft(draft_id)
    assert loaded == data
    assert set(intake.flagged(loaded, TODAY)[Step.IDENTITY]) == {"first_name", "city"}
    [summary] = intake.drafts()
    assert summary.label == "Testa? Abdullahi"
    with pytest.raises(IntakeError) as refused:
        intake.complete(loaded, draft_id, TODAY)
    assert {"first_name", "city"} <= set(refused.value.problems)
