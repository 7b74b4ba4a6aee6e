"""Letterhead settings: defaults when nothing is stored, an administrator's edits checked
field by field (the template's merge fields included), logos that must be real PNG or
SVG files, stale edits refused, changes audited, and a preview on made-up data."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.documents import referral_letter
from desktop.models import AuditEvent
from desktop.services import audit
from desktop.services.accounts import AccessDeniedError, Actor
from desktop.services.letterheads import (
    LetterheadData,
    LetterheadError,
    LetterheadService,
    StaleError,
)
from desktop.store.database import Database
from desktop.store.errors import RecordMissingError
from tests.documents.test_letterhead import SVG, png
from tests.factories import make_user

DATA = LetterheadData(
    unit="Arbetsmarknadsenheten",
    street_address="Testvägen 45",
    postal_code="147 85",
    city="Tumba",
    phone="08-530 610 00",
    email="arbetsmarknad@example.se",
    website="www.example.se",
)


@pytest.fixture
def admin(db: Database) -> LetterheadService:
    audit.install(db)
    with db.unit_of_work(screen="test") as session:
        user = make_user(session, "admin", "Ada Administratör")
        user.role = "administrator"
        actor = Actor(user.id, user.username, user.full_name, "administrator")
    return LetterheadService(db, actor)


@pytest.fixture
def agent(db: Database) -> LetterheadService:
    with db.unit_of_work(screen="test") as session:
        user = make_user(session, "agent", "Agnes Agentsson")
        actor = Actor(user.id, user.username, user.full_name, "handlaggare")
    return LetterheadService(db, actor)


def test_nothing_stored_gives_the_name_the_placeholder_and_the_default_template(
    admin: LetterheadService,
) -> None:
    row = admin.get("0127")
    assert row.municipality == "Botkyrka kommun"
    assert (row.unit, row.street_address, row.phone, row.email) == ("", "", "", "")
    assert row.logo is None
    assert row.referral_template == referral_letter.DEFAULT_TEMPLATE
    assert row.template_is_default
    assert row.version is None
    assert row.letterhead.municipality == "Botkyrka kommun"


def test_an_unknown_municipality_is_missing(admin: LetterheadService) -> None:
    with pytest.raises(RecordMissingError):
        admin.get("9999")


def test_an_administrator_saves_the_settings(admin: LetterheadService, db: Database) -> None:
    version = admin.update("0127", DATA, version=None)
    row = admin.get("0127")
    assert row.version == version
    assert row.data == DATA
    assert row.letterhead.postal_town == "147 85 Tumba"
    # A second edit needs the version it read.
    admin.update("0127", replace(DATA, unit="Jobbcentrum"), version=version)
    assert admin.get("0127").unit == "Jobbcentrum"
    with db.read() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "Letterhead")
        ).all()
    assert [(e.action, e.details) for e in events] == [("create", "0127"), ("update", "0127")]


def test_a_stale_edit_is_refused(admin: LetterheadService) -> None:
    version = admin.update("0127", DATA, version=None)
    admin.update("0127", replace(DATA, city="Tullinge"), version=version)
    with pytest.raises(StaleError):
        admin.update("0127", replace(DATA, city="Vårsta"), version=version)
    with pytest.raises(StaleError):
        admin.update("0127", DATA, version=None)
    assert admin.get("0127").city == "Tullinge"


def test_only_an_administrator_edits(agent: LetterheadService) -> None:
    with pytest.raises(AccessDeniedError):
        agent.update("0127", DATA, version=None)
    with pytest.raises(AccessDeniedError):
        agent.set_logo("0127", png(), version=None)
    assert agent.get("0127").version is None


def test_each_field_has_its_reason(admin: LetterheadService) -> None:
    data = LetterheadData(
        unit="x" * 101,
        postal_code="1478",
        phone="telefon",
        email="inte-en-adress",
        website="www.example .se",
        referral_template="Hej {kontaktperson}! {okänt} {",
    )
    problems = admin.problems(data)
    assert problems == {
        "unit": "Enheten får vara högst 100 tecken (nu 101).",
        "postal_code": "Postnumret har fem siffror, till exempel 147 30.",
        "phone": "Telefonnumret får innehålla siffror, mellanslag, bindestreck och +, "
        "till exempel 070-123 45 67.",
        "email": "E-postadressen ser inte rätt ut (till exempel namn@exempel.se).",
        "website": "Webbplatsen skrivs utan mellanslag, till exempel www.kommun.se.",
        "referral_template": "Fältet {okänt} finns inte. Ett ensamt { på tecken 30: skriv "
        "fält som {namn} och en klammer som text som {{.",
    }
    with pytest.raises(LetterheadError) as raised:
        admin.update("0127", data, version=None)
    assert raised.value.problems == problems
    assert admin.get("0127").version is None


def test_a_template_with_an_unknown_field_is_refused(admin: LetterheadService) -> None:
    problems = admin.problems(LetterheadData(referral_template="Hej {kontakt_person}!"))
    assert problems == {"referral_template": "Fältet {kontakt_person} finns inte."}


def test_a_template_of_its_own_is_kept_and_an_empty_one_is_the_default(
    admin: LetterheadService,
) -> None:
    own = "{halsning}\n\nVi föreslår {kandidat_namn}.\n\n{handlaggare}\n"
    version = admin.update("0127", replace(DATA, referral_template=own), version=None)
    assert admin.get("0127").referral_template == own
    assert not admin.get("0127").template_is_default
    admin.update("0127", DATA, version=version)
    assert admin.get("0127").template_is_default


def test_a_png_or_svg_logo_is_stored_and_can_be_removed(admin: LetterheadService) -> None:
    version = admin.set_logo("0127", png(), version=None)
    logo = admin.get("0127").logo
    assert logo is not None
    assert logo.media_type == "image/png"
    version = admin.set_logo("0127", SVG, "image/svg+xml", version=version)
    logo = admin.get("0127").logo
    assert logo is not None
    assert logo.media_type == "image/svg+xml"
    admin.remove_logo("0127", version=version)
    assert admin.get("0127").logo is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"GIF89a", "Logotypen ska vara en PNG- eller SVG-fil."),
        (png()[:100], "PNG-filen är skadad och kan inte läsas."),
        (png() + b"\0" * (1024 * 1024), "Logotypen får vara högst 1 MB (filen är 1,0 MB)."),
    ],
    ids=["gif", "damaged", "too-big"],
)
def test_a_logo_that_cannot_be_used_is_refused_beside_the_field(
    admin: LetterheadService, data: bytes, reason: str
) -> None:
    with pytest.raises(LetterheadError) as raised:
        admin.set_logo("0127", data, version=None)
    assert raised.value.problems == {"logo": reason}
    assert admin.get("0127").logo is None


def test_the_preview_is_a_letter_on_made_up_data(admin: LetterheadService) -> None:
    admin.update("0127", DATA, version=None)
    pdf = admin.preview("0127", replace(DATA, unit="Jobbcentrum Tumba"))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Jobbcentrum Tumba" in text
    assert "Amira Testsson" in text
    assert "Lindängens Vård AB" in text
    assert "Sida 1 av 1" in text
