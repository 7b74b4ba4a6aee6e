"""The candidate profile (named and anonymised) and the employer meeting sheet from the
records: what the employer reads, and never the personnummer or birth date; the
anonymised profile without name or contact details; refusal of the named profile without
consent; every produced document recorded with its audit event."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from desktop import clock
from desktop.documents.errors import DocumentError, UnprintableTextError
from desktop.models import (
    AuditEvent,
    Education,
    Employer,
    Person,
    ProducedDocument,
    WishedOccupation,
)
from desktop.services import audit
from desktop.services.documents import ConsentRequiredError
from desktop.services.employers import ContactData, ContactPersonData
from desktop.services.meeting_documents import (
    ANONYMOUS_LABEL,
    NO_CONSENT_LABEL,
    MeetingDocuments,
    age_band,
)
from desktop.store.database import Database
from desktop.store.errors import RecordMissingError
from tests.documents.pdf import folded, fonts_of, pages_of, text_of
from tests.documents.world import BIRTH, EMPLOYER, NEED, NUMBER, LetterWorld, letter_world

TODAY = clock.today()
PHONE = "070-111 22 33"
EMAIL = "amira.testsson@example.se"
LONG_SUMMARY = " ".join(["Vi gick igenom bemanningen inför våren och introduktionen."] * 40)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _identity_forms(number: str = NUMBER, birth: dt.date = BIRTH) -> list[str]:
    return [
        number,
        number[2:],
        f"{number[:8]}-{number[8:]}",
        f"{number[2:8]}-{number[8:]}",
        birth.isoformat(),
        f"{birth:%Y%m%d}",
        f"{birth:%y%m%d}",
    ]


def _never_identity(text: str) -> None:
    flat = _flat(text)
    compact = flat.replace(" ", "")
    for form in _identity_forms():
        assert form not in flat
        assert form not in compact


@pytest.fixture
def world(db: Database) -> LetterWorld:
    audit.install(db)
    world = letter_world(db)
    with db.unit_of_work(actor=world.agent_id, screen="test") as session:
        session.add_all(
            [
                WishedOccupation(person_id=world.person_id, occupation_code="5321"),
                Education(
                    person_id=world.person_id,
                    level="3",
                    field="Vård och omsorg",
                    country="ER",
                    years=3,
                ),
            ]
        )
        session.execute(
            update(Employer).where(Employer.id == world.employer_id).values(org_number="5591234567")
        )
        person = session.get_one(Person, world.person_id)
        person.phone, person.email = PHONE, EMAIL
        person.street_address = "Provgatan 7"
    return world


@pytest.fixture
def documents(world: LetterWorld) -> MeetingDocuments:
    return world.services.meeting_documents


def _count(db: Database, model: type[object], *conditions: object) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0)


# The candidate profile ---------------------------------------------------------------------------


def test_the_named_profile_has_what_an_employer_needs_and_no_identity(
    world: LetterWorld, documents: MeetingDocuments, tmp_path: Path
) -> None:
    target = tmp_path / "profil.pdf"
    produced = documents.candidate_profile(world.person_id, target)
    text = _flat(text_of(target))
    assert "Amira Testsson" in text
    assert "Kandidatprofil" in text
    for expected in (
        "Söker arbete som",
        "Undersköterska",
        "3 år",
        f"senast {TODAY.year - 1}",
        "Eritrea",
        "B1 – mellannivå (SFI kurs D)",
        "Engelska",
        "B2 – högre mellannivå",
        "Modersmål",
        "Gymnasial utbildning",
        "Vård och omsorg",
        "Körkort",
        "Omgående",
        "Heltid",
        "Botkyrka",
    ):
        assert expected in text, expected
    _never_identity(text)
    assert pages_of(target) <= 2
    assert all(fonts_of(target).values())
    assert produced.kind == "kandidatprofil"
    assert not produced.anonymous
    assert produced.person_id == world.person_id


def test_the_anonymised_profile_has_no_name_contact_or_birth_date(
    world: LetterWorld, documents: MeetingDocuments, tmp_path: Path
) -> None:
    target = tmp_path / "anonym.pdf"
    produced = documents.candidate_profile(world.person_id, target, anonymous=True)
    text = _flat(text_of(target))
    assert ANONYMOUS_LABEL in text
    assert age_band(BIRTH, TODAY) in text
    assert "Undersköterska" in text
    for secret in ("Amira", "Testsson", PHONE, EMAIL, "Provgatan"):
        assert secret not in text, secret
    _never_identity(text)
    assert all(fonts_of(target).values())
    assert produced.anonymous
    with world.db.read() as session:
        row = session.get_one(ProducedDocument, produced.id)
        assert row.anonymous
        assert row.kind == "kandidatprofil"
        assert "Amira" not in row.title


def test_the_profile_is_recorded_and_audited(
    world: LetterWorld, documents: MeetingDocuments, tmp_path: Path
) -> None:
    produced = documents.candidate_profile(world.person_id, tmp_path / "p.pdf", output="utskrift")
    assert produced.output == "utskrift"
    assert (
        _count(
            world.db,
            AuditEvent,
            AuditEvent.action == "print",
            AuditEvent.entity_type == "Person",
            AuditEvent.person_id == world.person_id,
            AuditEvent.details == "kandidatprofil",
        )
        == 1
    )
    rows = world.services.documents.produced(person_id=world.person_id)
    assert [(r.kind, r.produced_by) for r in rows] == [("kandidatprofil", "Agnes Agentsson")]


def test_without_consent_only_the_anonymised_profile_is_offered(
    world: LetterWorld, documents: MeetingDocuments, tmp_path: Path
) -> None:
    refusing = world.person("Cecilia", "Exempelsson", consent=False)
    variants = documents.profile_variants(refusing)
    assert (variants.named, variants.anonymous) == (False, True)
    assert variants.reason is not None
    assert "samtycke" in variants.reason
    target = tmp_path / "namn.pdf"
    with pytest.raises(ConsentRequiredError, match="Cecilia Exempelsson har inget gällande"):
        documents.candidate_profile(refusing, target)
    assert not target.exists()
    assert _count(world.db, ProducedDocument, ProducedDocument.person_id == refusing) == 0
    documents.candidate_profile(refusing, tmp_path / "anonym.pdf", anonymous=True)
    assert "Cecilia" not in text_of(tmp_path / "anonym.pdf")
    assert documents.profile_variants(world.person_id).named


def test_a_missing_folder_is_refused_and_nothing_recorded(
    world: LetterWorld, documents: MeetingDocuments, tmp_path: Path
) -> None:
    target = tmp_path / "finns-inte" / "profil.pdf"
    with pytest.raises(DocumentError):
        documents.candidate_profile(world.person_id, target)
    with pytest.raises(DocumentError):
        documents.employer_sheet(world.employer_id, target)
    assert not target.parent.exists()
    assert _count(world.db, ProducedDocument) == 0
    assert _count(world.db, AuditEvent, AuditEvent.action == "export") == 0


def test_an_unknown_person_is_refused(documents: MeetingDocuments, tmp_path: Path) -> None:
    with pytest.raises(RecordMissingError):
        documents.candidate_profile(uuid.uuid4(), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("birth", "band"),
    [
        (dt.date(1991, 3, 14), "30–39 år"),
        (dt.date(2000, 12, 31), "20–29 år"),
        (dt.date(1966, 1, 1), "60–69 år"),
    ],
)
def test_age_bands_are_ten_years(birth: dt.date, band: str) -> None:
    assert age_band(birth, dt.date(2026, 12, 6)) == band


# The employer meeting sheet ----------------------------------------------------------------------


def test_the_meeting_sheet_has_what_the_agent_takes_to_a_visit(
    world: LetterWorld, documents: MeetingDocuments, tmp_path: Path
) -> None:
    world.services.employers.add_contact_person(
        world.employer_id, ContactPersonData(name="Kalle Provare", phone="08-555 000 11")
    )
    world.services.employers.log_contact(
        world.employer_id,
        ContactData(
            kind="besok",
            contact_date=TODAY.isoformat(),
            summary=LONG_SUMMARY,
            outcome="Två platser till våren",
            next_step="Skicka kandidater före jul",
        ),
    )
    refusing = world.person("Cecilia", "Exempelsson", consent=False)
    world.services.consents.record(refusing, "dela_profil", "muntligt", "2026-01-02")
    world.propose(refusing)
    consent = world.services.consents.consents_of(refusing)[0]
    world.services.consents.withdraw(consent.id)

    target = tmp_path / "blad.pdf"
    produced = documents.employer_sheet(world.employer_id, target)
    text = _flat(text_of(target))
    for expected in (
        EMPLOYER,
        "559123-4567",
        "Vårdvägen 3",
        "Berit Exempel",
        "Enhetschef",
        "berit.exempel@example.se",
        "Kalle Provare",
        "08-555 000 11",
        "Två platser till våren",
        "Skicka kandidater före jul",
        NEED,
        "0 av 2",
        "Extratjänst",
        "Svenska A2",
        "Amira Testsson",
        "Föreslagen",
        NO_CONSENT_LABEL,
    ):
        assert expected in text, expected
    assert "Cecilia" not in text
    # The long summary is printed whole, wrapped, not cut.
    assert text.count("introduktionen.") == 40
    _never_identity(text)
    assert all(fonts_of(target).values())
    assert produced.kind == "arbetsgivarblad"
    assert produced.employer_id == world.employer_id
    assert (
        _count(
            world.db,
            AuditEvent,
            AuditEvent.action == "export",
            AuditEvent.entity_type == "Employer",
            AuditEvent.entity_id == world.employer_id,
        )
        == 1
    )


def test_a_200_character_employer_name_wraps(db: Database, tmp_path: Path) -> None:
    audit.install(db)
    name = ("Stiftelsen Långa Namnets Vård- och Omsorgsverksamhet i Norra Botkyrka " * 3)[:200]
    world = letter_world(db, employer_name=name.strip())
    documents = MeetingDocuments(world.db, world.services.actor)
    target = tmp_path / "lang.pdf"
    documents.employer_sheet(world.employer_id, target)
    assert name.strip() in _flat(text_of(target))


def test_an_unknown_employer_is_refused(documents: MeetingDocuments, tmp_path: Path) -> None:
    with pytest.raises(RecordMissingError):
        documents.employer_sheet(uuid.uuid4(), tmp_path / "x.pdf")


# Scripts ------------------------------------------------------------------------------------------


def test_names_in_arabic_and_tigrinya_are_printed(
    world: LetterWorld, documents: MeetingDocuments, tmp_path: Path
) -> None:
    arabic = world.person("محمد", "عبد الرحمن")
    tigrinya = world.person("ዮሃንስ", "ተስፋይ")
    world.propose(arabic)
    world.propose(tigrinya)
    world.services.employers.add_contact_person(
        world.employer_id, ContactPersonData(name="ليلى حسن", role="Rekryterare")
    )
    for person, name in ((arabic, "محمد عبد الرحمن"), (tigrinya, "ዮሃንስ ተስፋይ")):
        path = tmp_path / f"{person}.pdf"
        documents.candidate_profile(person, path)
        text = folded(text_of(path))
        assert "\uffff" not in text
        assert name in text
        assert all(fonts_of(path).values())
    sheet = tmp_path / "blad.pdf"
    documents.employer_sheet(world.employer_id, sheet)
    text = folded(text_of(sheet))
    for name in ("محمد عبد الرحمن", "ዮሃንስ ተስፋይ", "ليلى حسن"):
        assert name in text, name
    assert all(fonts_of(sheet).values())


def test_characters_no_font_has_are_named_and_nothing_is_written(
    world: LetterWorld, documents: MeetingDocuments, tmp_path: Path
) -> None:
    person = world.person("Tashi", "ༀ Testsson")
    world.propose(person)
    path = tmp_path / "profil.pdf"
    with pytest.raises(UnprintableTextError, match=r"^Namnet innehåller tecken.*U\+0F00"):
        documents.candidate_profile(person, path)
    with pytest.raises(UnprintableTextError, match=r"^Kandidaterna innehåller tecken"):
        documents.employer_sheet(world.employer_id, path)
    assert not path.exists()
    assert _count(world.db, ProducedDocument) == 0
    # The anonymised profile has no name, so it can be printed.
    documents.candidate_profile(person, path, anonymous=True)
    assert "Testsson" not in text_of(path)
