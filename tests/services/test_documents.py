"""The referral letter from the records: what the employer reads (and never the identity
number or birth date), refusals with their reasons (no consent, missing values,
characters no font has, a closed referral), and every produced letter recorded with its
audit event, or nothing at all when it cannot be written."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop import clock
from desktop.documents.errors import DocumentError, UnprintableTextError
from desktop.documents.letterhead import swedish_date
from desktop.models import (
    AuditEvent,
    Consent,
    ContactPerson,
    Letterhead,
    ProducedDocument,
    Qualification,
    User,
)
from desktop.services import audit
from desktop.services.documents import (
    ConsentRequiredError,
    DocumentRefusedError,
    MissingValuesError,
)
from desktop.store.database import Database
from tests.documents.pdf import folded, fonts_of, pages_of, text_of
from tests.documents.world import BIRTH, EMPLOYER, NEED, NUMBER, LetterWorld, letter_world

TODAY = clock.today()


@pytest.fixture
def world(db: Database) -> LetterWorld:
    audit.install(db)
    return letter_world(db)


def _count(db: Database, model: type[object], *conditions: object) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0)


def _flat(text: str) -> str:
    """Extracted text with line breaks and runs of spaces made single spaces."""
    return re.sub(r"\s+", " ", text)


def _identity_forms() -> list[str]:
    """Every way the candidate's personnummer and birth date could be written."""
    return [
        NUMBER,
        f"{NUMBER[2:8]}-{NUMBER[8:]}",
        f"{NUMBER[:8]}-{NUMBER[8:]}",
        NUMBER[2:],
        NUMBER[8:],
        BIRTH.isoformat(),
        swedish_date(BIRTH),
        f"{BIRTH:%y%m%d}",
    ]


# The draft -----------------------------------------------------------------------------------


def test_the_draft_is_the_municipality_template_merged_with_the_records(
    world: LetterWorld,
) -> None:
    draft = world.services.documents.referral_letter_text(world.referral_id)
    assert draft.ready
    assert draft.missing == ()
    assert draft.unprintable == ()
    assert draft.contact_person_id == world.contact_id
    assert [r.name for r in draft.recipients] == ["Berit Exempel"]
    assert draft.file_name == f"Presentationsbrev Amira Testsson – {NEED}.pdf"
    text = draft.text
    assert text.startswith(f"# Kandidatförslag: {NEED}\n\nHej Berit Exempel!\n")
    assert "Vi på Botkyrka kommun vill föreslå Amira Testsson som kandidat." in text
    assert f"intresserad av arbetet hos {EMPLOYER}." in text
    assert "Yrkesbakgrund: Undersköterska, 3 år (Eritrea, " in text
    assert "Språk: Svenska (SFI kurs D, B1), tigrinja (modersmål), engelska (B2)" in text
    assert "Körkort: B\n" in text
    assert "Kan börja: omgående\n" in text
    assert "- Erfarenhet av samma yrke" in text
    assert "Anställningen kan göras som extratjänst" in text
    assert "telefon 070-123 45 67 eller e-post agnes.agentsson@example.se" in text
    assert "{" not in text


def test_reading_the_draft_is_audited_as_a_read_of_the_person(world: LetterWorld) -> None:
    world.services.documents.referral_letter_text(world.referral_id, screen="anvisning")
    with world.db.read() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "read").order_by(AuditEvent.seq)
        ).all()[-1]
    assert (event.entity_type, event.entity_id) == ("Referral", world.referral_id)
    assert event.person_id == world.person_id
    assert event.details == "presentationsbrev"


def test_the_reasons_in_the_letter_are_only_those_that_speak_for_the_candidate(
    world: LetterWorld,
) -> None:
    with world.db.unit_of_work(screen="test") as session:
        from desktop.models import Referral

        referral = session.get_one(Referral, world.referral_id)
        referral.match_reasons = "\n".join(
            [
                "Saknar merit: Engelska B1 (har A2)",
                "Erfarenhet av samma yrke (Undersköterskor)",
                "Merit: Körkort B (har B)",
                "Vill arbeta i andra kommuner än Botkyrka",
                "Kan börja först 2027-03-01",
                "Kan arbeta i Botkyrka",
            ]
        )
    text = world.services.documents.referral_letter_text(world.referral_id).text
    reasons = text.split("passar\n", 1)[1].split("\n\n", 1)[0]
    assert reasons == (
        "- Erfarenhet av samma yrke (Undersköterskor)\n"
        "- Merit: Körkort B (har B)\n"
        "- Kan arbeta i Botkyrka"
    )


def test_a_missing_value_is_shown_with_its_reason_and_left_as_its_field(
    world: LetterWorld,
) -> None:
    person = world.person("Bilal", "Provsson", licences=())
    referral = world.propose(person)
    draft = world.services.documents.referral_letter_text(referral)
    assert not draft.ready
    assert [(m.field, m.reason) for m in draft.missing] == [
        ("korkort", "Inga körkort är registrerade för Bilal Provsson.")
    ]
    assert "Körkort: {korkort}\n" in draft.text


def test_without_a_contact_person_the_letter_says_hej(world: LetterWorld) -> None:
    with world.db.unit_of_work(screen="test") as session:
        session.get_one(ContactPerson, world.contact_id).active = False
    draft = world.services.documents.referral_letter_text(world.referral_id)
    assert "\nHej!\n" in draft.text
    assert draft.ready
    assert draft.contact_person_id is None


def test_a_chosen_contact_person_must_work_for_the_employer(world: LetterWorld) -> None:
    with pytest.raises(DocumentError, match=f"Kontaktpersonen finns inte hos {EMPLOYER}"):
        world.services.documents.referral_letter_text(
            world.referral_id, contact_person_id=uuid.uuid4()
        )


def test_without_direct_contact_details_the_agent_gives_the_units(world: LetterWorld) -> None:
    with world.db.unit_of_work(screen="test") as session:
        agent = session.get_one(User, world.agent_id)
        agent.phone = None
        agent.email = None
    text = world.services.documents.referral_letter_text(world.referral_id).text
    assert "telefon 08-530 610 00 eller e-post arbetsmarknad@example.se" in text


def test_characters_no_font_has_are_named_before_printing(
    world: LetterWorld, tmp_path: Path
) -> None:
    person = world.person("Tashi", "ༀ Testsson")
    referral = world.propose(person)
    draft = world.services.documents.referral_letter_text(referral)
    assert draft.unprintable == ("Brevtexten: ༀ (U+0F00 TIBETAN SYLLABLE OM)",)
    assert not draft.ready
    path = tmp_path / "brev.pdf"
    with pytest.raises(UnprintableTextError, match=r"^Brevtexten innehåller tecken"):
        world.services.documents.referral_letter(referral, path)
    assert not path.exists()


# The letter ----------------------------------------------------------------------------------


def test_the_letter_tells_the_employer_what_it_must_and_fits_one_page(
    world: LetterWorld, tmp_path: Path
) -> None:
    path = tmp_path / "brev.pdf"
    produced = world.services.documents.referral_letter(world.referral_id, path)
    assert produced.pages == 1
    assert pages_of(path) == 1
    text = _flat(text_of(path))
    for expected in (
        f"Kandidatförslag: {NEED}",
        "Hej Berit Exempel!",
        "Amira Testsson",
        EMPLOYER,
        "Att: Berit Exempel",
        "Vårdvägen 3",
        "Erfarenhet av samma yrke",
        "Kan arbeta i Botkyrka",
        "extratjänst",
        "Agnes Agentsson",
        "070-123 45 67",
        "agnes.agentsson@example.se",
        swedish_date(TODAY),
        "Botkyrka kommun",
        "Arbetsmarknadsenheten",
        "Sida 1 av 1",
    ):
        assert expected in text, expected
    for identity in _identity_forms():
        assert identity not in text, identity
    assert all(fonts_of(path).values())


def test_a_produced_letter_is_recorded_with_its_text_and_audited(
    world: LetterWorld, tmp_path: Path
) -> None:
    path = tmp_path / "brev.pdf"
    produced = world.services.documents.referral_letter(world.referral_id, path)
    with world.db.read() as session:
        record = session.get_one(ProducedDocument, produced.id)
        assert record.kind == "presentationsbrev"
        assert record.person_id == world.person_id
        assert record.employer_id == world.employer_id
        assert record.vacancy_id == world.need_id
        assert record.referral_id == world.referral_id
        assert record.case_id is not None
        assert record.produced_by_id == world.agent_id
        assert record.output == "pdf"
        assert not record.anonymous
        assert record.text is not None
        assert record.text.startswith(f"# Kandidatförslag: {NEED}")
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert (event.entity_type, event.entity_id) == ("Referral", world.referral_id)
    assert event.person_id == world.person_id
    assert event.user_id == world.agent_id
    assert event.details == "presentationsbrev"
    assert audit.verify(world.db).intact
    listed = world.services.documents.produced(person_id=world.person_id)
    assert [(r.id, r.kind_name, r.produced_by) for r in listed] == [
        (produced.id, "Presentationsbrev", "Agnes Agentsson")
    ]
    assert world.services.documents.produced(employer_id=world.employer_id)[0].id == produced.id


def test_a_printed_letter_is_audited_as_printed(world: LetterWorld, tmp_path: Path) -> None:
    world.services.documents.referral_letter(
        world.referral_id, tmp_path / "brev.pdf", output="utskrift"
    )
    assert _count(world.db, AuditEvent, AuditEvent.action == "print") == 1
    assert _count(world.db, ProducedDocument, ProducedDocument.output == "utskrift") == 1


def test_the_letter_is_refused_without_consent_with_the_way_to_record_it(
    world: LetterWorld, tmp_path: Path
) -> None:
    person = world.person("Cecilia", "Exempelsson")
    referral = world.propose(person)
    with world.db.unit_of_work(screen="test") as session:
        consent = session.scalars(select(Consent).where(Consent.person_id == person)).one()
        consent.withdrawn_on = TODAY
    path = tmp_path / "brev.pdf"
    with pytest.raises(ConsentRequiredError) as raised:
        world.services.documents.referral_letter(referral, path)
    assert str(raised.value) == (
        "Cecilia Exempelsson har inget gällande samtycke till att profilen delas med "
        "arbetsgivare, så presentationsbrevet kan inte skrivas ut. Registrera samtycket "
        "under Samtycken på personens sida först."
    )
    assert raised.value.person_id == person
    with pytest.raises(ConsentRequiredError):
        world.services.documents.referral_letter_text(referral)
    assert not path.exists()
    assert _count(world.db, ProducedDocument) == 0


def test_a_letter_with_a_missing_value_is_not_printed_until_the_text_is_changed(
    world: LetterWorld, tmp_path: Path
) -> None:
    person = world.person("Bilal", "Provsson", licences=())
    referral = world.propose(person)
    path = tmp_path / "brev.pdf"
    with pytest.raises(MissingValuesError) as raised:
        world.services.documents.referral_letter(referral, path)
    assert "{korkort} (kandidatens körkort): Inga körkort är registrerade" in str(raised.value)
    assert not path.exists()
    assert _count(world.db, ProducedDocument) == 0
    # The agent takes the line out of this letter.
    draft = world.services.documents.referral_letter_text(referral)
    edited = draft.text.replace("Körkort: {korkort}\n", "")
    world.services.documents.referral_letter(referral, path, text=edited)
    text = text_of(path)
    assert "Körkort" not in text
    assert "{" not in text


def test_an_edited_text_is_printed_as_written_and_kept(world: LetterWorld, tmp_path: Path) -> None:
    path = tmp_path / "brev.pdf"
    edited = "Hej Berit!\n\nHär kommer ett förslag som vi pratade om i går, {{ungefär}}.\n"
    produced = world.services.documents.referral_letter(world.referral_id, path, text=edited)
    assert "Här kommer ett förslag som vi pratade om i går, {ungefär}." in _flat(text_of(path))
    with world.db.read() as session:
        assert session.get_one(ProducedDocument, produced.id).text == edited


def test_an_edited_text_with_a_field_left_is_refused(world: LetterWorld, tmp_path: Path) -> None:
    with pytest.raises(MissingValuesError, match=r"\{korkort\}"):
        world.services.documents.referral_letter(
            world.referral_id, tmp_path / "brev.pdf", text="Körkort: {korkort}"
        )


def test_a_closed_referral_gets_no_letter(world: LetterWorld, tmp_path: Path) -> None:
    version = world.services.referrals.get(world.referral_id).version
    world.services.referrals.change_status(world.referral_id, version, "aterkallad")
    with pytest.raises(DocumentRefusedError, match="Anvisningen är återkallad"):
        world.services.documents.referral_letter(world.referral_id, tmp_path / "brev.pdf")


def test_a_long_free_text_wraps_onto_a_second_page_without_losing_a_word(
    world: LetterWorld, tmp_path: Path
) -> None:
    words = [f"ord{i}" for i in range(400)]
    text = "Hej Berit!\n\n" + " ".join(words) + "\n\nMed vänliga hälsningar\nAgnes"
    path = tmp_path / "lang.pdf"
    produced = world.services.documents.referral_letter(world.referral_id, path, text=text)
    extracted = text_of(path)
    found = set(re.findall(r"ord\d+", extracted))
    assert found == set(words)
    assert produced.pages == pages_of(path)
    assert f"Sida {produced.pages} av {produced.pages}" in extracted


def test_a_contact_person_without_email_or_title(world: LetterWorld, tmp_path: Path) -> None:
    with world.db.unit_of_work(screen="test") as session:
        contact = session.get_one(ContactPerson, world.contact_id)
        contact.email = None
        contact.role = None
        contact.phone = None
    path = tmp_path / "brev.pdf"
    world.services.documents.referral_letter(world.referral_id, path)
    text = text_of(path)
    assert "Hej Berit Exempel!" in text
    assert "Att: Berit Exempel" in text


def test_a_damaged_stored_logo_falls_back_to_the_placeholder(
    world: LetterWorld, tmp_path: Path
) -> None:
    with world.db.unit_of_work(screen="test") as session:
        head = session.get_one(Letterhead, "0127")
        head.logo = b"\x89PNG\r\n\x1a\n damaged"
        head.logo_media_type = "image/png"
    path = tmp_path / "brev.pdf"
    produced = world.services.documents.referral_letter(world.referral_id, path)
    assert produced.pages == 1
    assert "Botkyrka" in text_of(path)


def test_an_unwritable_folder_records_nothing_and_leaves_no_file(
    world: LetterWorld, tmp_path: Path
) -> None:
    with pytest.raises(DocumentError, match=r"^Mappen .* finns inte"):
        world.services.documents.referral_letter(
            world.referral_id, tmp_path / "saknas" / "brev.pdf"
        )
    assert _count(world.db, ProducedDocument) == 0
    assert _count(world.db, AuditEvent, AuditEvent.action == "export") == 0


def test_a_failed_write_rolls_the_record_back(
    world: LetterWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    folder = tmp_path / "brev"
    folder.mkdir()
    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(DocumentError, match="Det går inte att skriva i mappen"):
        world.services.documents.referral_letter(world.referral_id, folder / "brev.pdf")
    assert list(folder.iterdir()) == []
    assert _count(world.db, ProducedDocument) == 0
    assert _count(world.db, AuditEvent, AuditEvent.action == "export") == 0


def test_an_existing_read_only_file_is_not_damaged(world: LetterWorld, tmp_path: Path) -> None:
    path = tmp_path / "brev.pdf"
    path.write_bytes(b"det gamla brevet")
    path.chmod(0o444)
    with pytest.raises(DocumentError, match="skrivskyddad"):
        world.services.documents.referral_letter(world.referral_id, path)
    assert path.read_bytes() == b"det gamla brevet"
    assert _count(world.db, ProducedDocument) == 0


def test_names_in_arabic_and_tigrinya_are_printed(world: LetterWorld, tmp_path: Path) -> None:
    arabic = world.propose(world.person("محمد", "عبد الرحمن"))
    tigrinya = world.propose(world.person("ዮሃንስ", "ተስፋይ"))
    for referral, name in ((arabic, "محمد عبد الرحمن"), (tigrinya, "ዮሃንስ ተስፋይ")):
        path = tmp_path / f"{referral}.pdf"
        world.services.documents.referral_letter(referral, path)
        text = folded(text_of(path))
        assert "\uffff" not in text
        assert name in text
        assert all(fonts_of(path).values())


def test_a_200_character_employer_name_is_printed_whole(db: Database, tmp_path: Path) -> None:
    audit.install(db)
    name = ("Stiftelsen Lindängens Vård och Omsorg för Äldre i Södra Storstockholm " * 3)[:199]
    name = name.strip() + "B"
    world = letter_world(db, employer_name=name)
    path = tmp_path / "lang-arbetsgivare.pdf"
    produced = world.services.documents.referral_letter(world.referral_id, path)
    text = _flat(text_of(path))
    assert name in text
    assert produced.pages == 1


def test_a_letter_for_a_person_with_their_whole_profile_never_shows_their_identity(
    world: LetterWorld, tmp_path: Path
) -> None:
    """Even with every merge field in the template."""
    from desktop.documents.referral_letter import FIELDS

    with world.db.unit_of_work(screen="test") as session:
        head = session.get_one(Letterhead, "0127")
        head.referral_template = "\n".join(f"{f.name} = {{{f.name}}}" for f in FIELDS)
        session.add(Qualification(person_id=world.person_id, kind="korkort", code="CE"))
    path = tmp_path / "alla-falt.pdf"
    world.services.documents.referral_letter(world.referral_id, path)
    text = _flat(text_of(path))
    assert "korkort = B, CE" in text
    for identity in _identity_forms():
        assert identity not in text, identity


def test_a_later_start_is_written_as_a_swedish_date(world: LetterWorld) -> None:
    start = TODAY + dt.timedelta(days=40)
    person = world.person("Dawit", "Provsson", start=start)
    text = world.services.documents.referral_letter_text(world.propose(person)).text
    assert f"Kan börja: {swedish_date(start)}\n" in text
