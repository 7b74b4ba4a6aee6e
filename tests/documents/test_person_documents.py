"""The case summary and the register extract from the records: what the PDF says (the
personnummer, every section, each journal note in full, a read in the audit trail, names
in Arabic and Ethiopic script), fonts embedded, and each produced document recorded with
its export event; a missing person or case is a clear error and writes nothing."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop import clock
from desktop.documents.errors import UnprintableTextError
from desktop.models import AuditEvent, Case, ProducedDocument, Referral, User
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.documents import DocumentRefusedError
from desktop.services.person_documents import PersonDocumentService
from desktop.services.persons import PersonService
from desktop.store.database import Database
from desktop.store.errors import RecordMissingError
from tests.documents.pdf import folded, fonts_of, poppler_text, text_of
from tests.documents.world import EMPLOYER, NEED, NUMBER, LetterWorld, letter_world
from tests.factories import make_person

TODAY = clock.today()
WORDS = [
    "samtal", "om", "praktik", "inom", "hemtjänsten", "och", "vägen", "vidare", "till", "en",
    "anställning", "med", "stöd", "där", "vi", "gick", "igenom", "språkstödet", "schemat",
]  # fmt: skip
LONG_NOTE = " ".join(f"{WORDS[i % len(WORDS)]}{i}" if i % 37 == 0 else WORDS[i % len(WORDS)]
                     for i in range(399)) + " slutordet."  # fmt: skip
ARABIC_FIRST = "سلمى"
TIGRINYA_LAST = "ተስፋጽዮን"


@dataclass
class World:
    letters: LetterWorld
    documents: PersonDocumentService
    case_id: uuid.UUID
    other_id: uuid.UUID  # a person with a name in Arabic and Ethiopic script


@pytest.fixture
def world(db: Database) -> World:
    audit.install(db)
    letters = letter_world(db)
    services = letters.services
    with db.read() as session:
        case_id = session.scalar(select(Case.id).where(Case.person_id == letters.person_id))
    assert case_id is not None
    services.cases.add_note(case_id, text="Första mötet. Amira vill arbeta i hemtjänsten.",
                            kind="mote")  # fmt: skip
    services.cases.add_note(case_id, text=LONG_NOTE, kind="samtal")
    services.cases.add_task(
        title="Ring om intervjutid", due_date=TODAY.isoformat(), case_id=case_id
    )
    services.persons.open(letters.person_id)  # a read, for the audit trail
    other = letters.person(ARABIC_FIRST, TIGRINYA_LAST, number=None)
    return World(letters, PersonDocumentService(db, services.actor), case_id, other)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", folded(text))


def _count(db: Database, model: type[object], *conditions: object) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0)


# The case summary -------------------------------------------------------------------------------


def test_the_case_summary_has_the_person_case_notes_and_referrals(
    world: World, tmp_path: Path
) -> None:
    target = tmp_path / "sammanfattning.pdf"
    produced = world.documents.case_summary(world.case_id, target)
    text = _flat(text_of(target))
    for expected in (
        "Ärendesammanfattning: Amira Testsson",
        f"{NUMBER[:8]}-{NUMBER[8:]}",
        "Botkyrka kommun",
        "Agnes Agentsson",
        "Aktiv",
        "Senaste journalanteckningar",
        "Första mötet. Amira vill arbeta i hemtjänsten.",
        "Öppna uppföljningar",
        "Ring om intervjutid",
        "Anvisningar",
        NEED,
        EMPLOYER,
        "Föreslagen",
        "Placeringar",
        "Svenska",
        "Undersköterska",
    ):
        assert expected in text, expected
    assert _flat(LONG_NOTE) in text  # wrapped, never cut
    assert all(embedded for embedded in fonts_of(target).values())
    assert produced.kind == "arendesammanfattning"
    assert produced.pages is not None
    assert produced.pages >= 1


def test_the_case_summary_is_recorded_and_audited(world: World, tmp_path: Path) -> None:
    db = world.letters.db
    produced = world.documents.case_summary(world.case_id, tmp_path / "s.pdf")
    with db.read() as session:
        row = session.get_one(ProducedDocument, produced.id)
        assert (row.kind, row.person_id, row.case_id) == (
            "arendesammanfattning", world.letters.person_id, world.case_id,
        )  # fmt: skip
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.seq)
        ).all()[-1]
    assert (event.entity_type, event.entity_id, event.person_id, event.details) == (
        "Case", world.case_id, world.letters.person_id, "arendesammanfattning",
    )  # fmt: skip


def test_a_persons_id_gives_their_current_case(world: World, tmp_path: Path) -> None:
    produced = world.documents.case_summary(world.letters.person_id, tmp_path / "s.pdf")
    assert produced.case_id == world.case_id


def test_a_missing_case_is_a_clear_error_and_writes_nothing(world: World, tmp_path: Path) -> None:
    target = tmp_path / "s.pdf"
    with pytest.raises(RecordMissingError, match="Ärendet finns inte"):
        world.documents.case_summary(uuid.uuid4(), target)
    assert not target.exists()
    assert _count(world.letters.db, ProducedDocument) == 0


# The register extract ---------------------------------------------------------------------------


def test_the_extract_holds_every_section_and_the_audit_trail(world: World, tmp_path: Path) -> None:
    target = tmp_path / "utdrag.pdf"
    world.documents.case_summary(world.case_id, tmp_path / "s.pdf")  # a document about her
    produced = world.documents.register_extract(world.letters.person_id, target)
    text = _flat(text_of(target))
    for expected in (
        "Registerutdrag",
        "artikel 15",
        "dataskyddsförordning",
        "1. Identitet och kontaktuppgifter",
        "2. Profil",
        "3. Ärenden",
        "4. Journalanteckningar",
        "5. Uppföljningar",
        "6. Anvisningar till arbetsgivare",
        "7. Placeringar",
        "8. Samtycken",
        "9. Dokument som har tagits fram om dig",
        "10. Vem som har läst eller ändrat dina uppgifter",
        "Amira",
        "Testsson",
        f"{NUMBER[:8]}-{NUMBER[8:]}",
        "Tigrinja",
        "Undersköterska",
        "Första mötet. Amira vill arbeta i hemtjänsten.",
        "Ring om intervjutid",
        f"{NEED} – {EMPLOYER}",
        "Föreslagen",
        "Dela profil med arbetsgivare",
        "Skriftligt",
        "Ärendesammanfattning",
        "Sparad som PDF",
        "Sida 1 av",
    ):
        assert expected in text, expected
    assert _flat(LONG_NOTE) in text
    # The read of her record by the agent, in Swedish time, by name, in Swedish.
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d Agnes Agentsson Läst Deltagare", text), text
    assert "Skapat" in text
    assert "Ändrat" in text
    assert "Exporterat" in text  # the case summary, a document about her
    assert not re.search(r"\b[0-9a-f]{64}\b", text)  # no audit hash
    assert all(embedded for embedded in fonts_of(target).values())
    assert produced.kind == "registerutdrag"


def test_the_extract_is_recorded_and_audited_as_an_export(world: World, tmp_path: Path) -> None:
    db = world.letters.db
    person_id = world.letters.person_id
    produced = world.documents.register_extract(person_id, tmp_path / "u.pdf")
    with db.read() as session:
        row = session.get_one(ProducedDocument, produced.id)
        assert (row.kind, row.person_id, row.produced_by_id) == (
            "registerutdrag", person_id, world.letters.agent_id,
        )  # fmt: skip
        events = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "export", AuditEvent.details == "registerutdrag"
            )
        ).all()
    assert [(e.entity_type, e.entity_id, e.person_id) for e in events] == [
        ("Person", person_id, person_id)
    ]


def test_names_in_arabic_and_ethiopic_script_are_printed(world: World, tmp_path: Path) -> None:
    target = tmp_path / "u.pdf"
    world.documents.register_extract(world.other_id, target)
    poppler = poppler_text(target)
    text = folded(poppler if poppler is not None else text_of(target))
    assert TIGRINYA_LAST in text
    arabic = folded(ARABIC_FIRST)
    assert arabic in text or arabic[::-1] in text
    assert "Saknas: Väntar på samordningsnummer" in _flat(text)
    fonts = fonts_of(target)
    assert {"NotoSansArabic", "NotoSansEthiopic"} <= {name.split("-")[0] for name in fonts}
    assert all(fonts.values())


def test_a_missing_person_is_a_clear_error_and_writes_nothing(world: World, tmp_path: Path) -> None:
    target = tmp_path / "u.pdf"
    with pytest.raises(RecordMissingError, match="Personen finns inte"):
        world.documents.register_extract(uuid.uuid4(), target)
    assert not target.exists()
    assert _count(world.letters.db, ProducedDocument) == 0


def test_the_extract_shows_each_step_of_a_referral_and_who_read_the_record(
    world: World, tmp_path: Path
) -> None:

    db = world.letters.db
    with db.read() as session:
        version = session.get_one(Referral, world.letters.referral_id).version
    world.letters.services.referrals.change_status(
        world.letters.referral_id, version, "presenterad"
    )
    # A caseworker (not an administrator) reads her record, then produces the extract.
    with db.unit_of_work(screen="test") as session:
        colleague = User(username="bosse", full_name="Bosse Kollegasson", role="handlaggare")
        session.add(colleague)
        session.flush()
        actor = Actor(colleague.id, colleague.username, colleague.full_name, colleague.role)
    PersonService(db, actor).open(world.letters.person_id)
    target = tmp_path / "u.pdf"
    PersonDocumentService(db, actor).register_extract(world.letters.person_id, target)
    text = _flat(text_of(target))
    assert "Presenterad (från föreslagen)" in text
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d Bosse Kollegasson Läst Deltagare", text)
    assert "Utdraget togs fram" in text
    assert "av Bosse Kollegasson" in text


def test_a_note_no_font_can_print_is_named_and_nothing_is_written(
    world: World, tmp_path: Path
) -> None:
    world.letters.services.cases.add_note(world.case_id, text="Hälsning: 你好")
    target = tmp_path / "u.pdf"
    with pytest.raises(UnprintableTextError, match="Journalanteckningen"):
        world.documents.register_extract(world.letters.person_id, target)
    assert not target.exists()
    assert _count(world.letters.db, ProducedDocument) == 0


def test_a_person_without_a_case_has_no_case_summary(world: World, tmp_path: Path) -> None:
    with world.letters.db.unit_of_work(screen="test") as session:
        person_id = make_person(session, "Dana", "Utanärendesson").id
    target = tmp_path / "s.pdf"
    with pytest.raises(DocumentRefusedError, match="Dana Utanärendesson har inget ärende"):
        world.documents.case_summary(person_id, target)
    assert not target.exists()
    # The extract still tells her what is stored.
    world.documents.register_extract(person_id, tmp_path / "u.pdf")
    assert "Du har inga ärenden." in _flat(text_of(tmp_path / "u.pdf"))


def test_a_printout_is_audited_as_a_print(world: World, tmp_path: Path) -> None:
    world.documents.register_extract(world.letters.person_id, tmp_path / "u.pdf", output="utskrift")
    with world.letters.db.read() as session:
        row = session.scalars(select(ProducedDocument)).one()
        action = session.scalars(
            select(AuditEvent.action).where(AuditEvent.details == "registerutdrag")
        ).one()
    assert (row.output, action) == ("utskrift", "print")
