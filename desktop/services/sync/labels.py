"""Words for a conflict, as the sync conflicts dialog shows it: what kind of record, which
one (its name as this laptop has it), which field, and both values as a caseworker reads
them (docs/ui.md, Ord och tider: Swedish names, never code names)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Connection, Table, select

from desktop import clock
from desktop.models import Base
from desktop.services import vocabulary

EMPTY = "(tomt)"
# A record the conflict is about that is no longer on this laptop (removed meanwhile).
GONE = "(borttagen)"

# What each synced table holds, as one record of it is called on the screens.
KINDS = {
    "users": "Användare",
    "employers": "Arbetsgivare",
    "workplaces": "Arbetsplats",
    "contact_persons": "Kontaktperson",
    "employer_contacts": "Arbetsgivarkontakt",
    "vacancies": "Rekryteringsbehov",
    "vacancy_requirements": "Krav i rekryteringsbehov",
    "persons": "Person",
    "person_languages": "Språk",
    "educations": "Utbildning",
    "work_experiences": "Arbetslivserfarenhet",
    "qualifications": "Behörighet",
    "wished_occupations": "Önskat yrke",
    "wished_municipalities": "Önskad kommun",
    "consents": "Samtycke",
    "cases": "Ärende",
    "case_notes": "Journalanteckning",
    "referrals": "Anvisning",
    "referral_status_changes": "Anvisningsstatus",
    "placements": "Placering",
    "produced_documents": "Dokument",
}

# Field names used alike in many tables, as the forms call them.
_COMMON_FIELDS = {
    "name": "Namn",
    "phone": "Telefon",
    "email": "E-post",
    "street_address": "Gatuadress",
    "postal_code": "Postnummer",
    "city": "Ort",
    "municipality_code": "Kommun",
    "employer_id": "Arbetsgivare",
    "person_id": "Person",
    "case_id": "Ärende",
    "vacancy_id": "Rekryteringsbehov",
    "referral_id": "Anvisning",
    "agent_id": "Handläggare",
    "occupation_code": "Yrke",
    "form_code": "Anställningsform",
    "extent": "Omfattning",
    "start_date": "Startdatum",
    "status": "Status",
    "kind": "Typ",
    "level": "Nivå",
    "years": "År",
    "country": "Land",
    "code": "Kod",
    "title": "Titel",
    "text": "Text",
    "note": "Anteckning",
    "outcome": "Resultat",
    "active": "Aktiv",
    "role": "Roll",
}

# Fields whose words differ by table, or that only one table has; the forms' labels.
_FIELDS: dict[str, dict[str, str]] = {
    "users": {
        "username": "Användarnamn",
        "full_name": "Namn",
        "role": "Behörighet",
        "must_change_password": "Måste byta lösenord",
    },
    "employers": {
        "org_number": "Organisationsnummer",
        "sector": "Sektor",
        "industry_code": "SNI-kod",
        "industry_name": "Bransch",
        "website": "Webbplats",
        "responsible_agent_id": "Ansvarig handläggare",
        "relationship_status": "Status",
        "notes": "Anteckningar",
        "last_contact_on": "Senaste kontakt",
        "sort_key": "Namn (sortering)",
    },
    "workplaces": {"name": "Arbetsplatsens namn"},
    "contact_persons": {"role": "Roll", "active": "Aktiv"},
    "employer_contacts": {
        "kind": "Kontaktsätt",
        "contact_date": "Datum",
        "participants": "Närvarande",
        "summary": "Vad sades",
        "outcome": "Resultat",
        "next_step": "Nästa steg",
    },
    "vacancies": {
        "workplace_id": "Arbetsplats",
        "positions": "Antal platser",
        "apply_by": "Sista ansökningsdag",
        "description": "Beskrivning",
    },
    "vacancy_requirements": {"kind": "Krav", "importance": "Krav eller merit"},
    "persons": {
        "first_name": "Förnamn",
        "last_name": "Efternamn",
        "sort_key": "Namn (sortering)",
        "personal_number": "Person- eller samordningsnummer",
        "identity_kind": "Typ av nummer",
        "no_identity_reason": "Skäl till att nummer saknas",
        "birth_date": "Födelsedatum",
        "gender": "Kön",
        "birth_country": "Födelseland",
        "citizenship": "Medborgarskap",
        "arrival_date": "Ankomst till Sverige",
        "sfi_path": "Sfi-studieväg",
        "sfi_course": "Sfi-kurs",
        "sas_level": "Sas-nivå",
        "swedish_cefr": "Svenska (CEFR)",
        "current_case_id": "Aktuellt ärende",
        "current_case_status": "Ärendets status",
        "current_agent_id": "Handläggare",
        "work_extent": "Omfattning",
        "earliest_start": "Kan börja",
    },
    "person_languages": {"language": "Språk", "mother_tongue": "Modersmål"},
    "educations": {
        "field": "Inriktning",
        "completed": "Avslutad",
        "recognition": "Bedömning",
    },
    "work_experiences": {"job_title": "Titel", "last_year": "Senast år"},
    "qualifications": {"valid_until": "Giltig till"},
    "consents": {
        "legal_basis": "Rättslig grund",
        "given_on": "Lämnat",
        "method": "Hur",
        "recorded_by_id": "Registrerat av",
        "withdrawn_on": "Återkallat",
    },
    "cases": {
        "opened_on": "Inskriven",
        "closed_on": "Avslutad",
        "referred_by": "Remitterad av",
    },
    "case_notes": {"author_id": "Skriven av", "note_date": "Datum"},
    "referrals": {
        "status_changed_at": "Status ändrad",
        "match_score": "Matchning",
        "match_reasons": "Skäl",
    },
    "referral_status_changes": {
        "from_status": "Från status",
        "to_status": "Till status",
        "changed_at": "Ändrad",
        "changed_by_id": "Ändrad av",
        "comment": "Kommentar",
        "declined_by": "Tackat nej",
        "reason": "Skäl",
    },
    "placements": {"end_date": "Slutdatum"},
    "produced_documents": {
        "produced_by_id": "Skapat av",
        "produced_at": "Skapat",
        "output": "Som",
        "anonymous": "Anonymiserat",
    },
}

# Coded values and their Swedish names (services/vocabulary.py).
_CODES: dict[tuple[str, str], dict[str, str]] = {
    ("employers", "sector"): vocabulary.SECTOR,
    ("employers", "relationship_status"): vocabulary.EMPLOYER_STATUS,
    ("employer_contacts", "kind"): vocabulary.CONTACT_KIND,
    ("vacancies", "status"): vocabulary.NEED_STATUS,
    ("vacancies", "extent"): vocabulary.EXTENT,
    ("vacancy_requirements", "kind"): vocabulary.REQUIREMENT_KIND,
    ("vacancy_requirements", "importance"): vocabulary.IMPORTANCE,
    ("persons", "gender"): vocabulary.GENDER,
    ("persons", "identity_kind"): vocabulary.IDENTITY_KIND,
    ("persons", "current_case_status"): vocabulary.CASE_STATUS,
    ("persons", "work_extent"): vocabulary.EXTENT,
    ("cases", "status"): vocabulary.CASE_STATUS,
    ("cases", "outcome"): vocabulary.OUTCOME,
    ("case_notes", "kind"): vocabulary.NOTE_KIND,
    ("placements", "extent"): vocabulary.EXTENT,
}

# The columns that name a record of each table, joined by a space.
_NAMES = {
    "users": ("full_name",),
    "employers": ("name",),
    "workplaces": ("name",),
    "contact_persons": ("name",),
    "vacancies": ("title",),
    "persons": ("first_name", "last_name"),
    "produced_documents": ("title",),
    "employer_contacts": ("contact_date",),
    "case_notes": ("note_date",),
}
# The record a row belongs to, named after it ("Kontaktperson Anna Ek, Bygg AB"); rows
# without a name of their own (a language, a case) are known by their parent's.
_PARENTS = {
    "workplaces": "employer_id",
    "contact_persons": "employer_id",
    "employer_contacts": "employer_id",
    "vacancies": "employer_id",
    "vacancy_requirements": "vacancy_id",
    "person_languages": "person_id",
    "educations": "person_id",
    "work_experiences": "person_id",
    "qualifications": "person_id",
    "wished_occupations": "person_id",
    "wished_municipalities": "person_id",
    "consents": "person_id",
    "cases": "person_id",
    "case_notes": "case_id",
    "referrals": "person_id",
    "referral_status_changes": "referral_id",
    "placements": "person_id",
}


def kind_label(table_name: str) -> str:
    return KINDS.get(table_name, table_name)


def field_label(table_name: str, field: str) -> str:
    """The field as the form showing it calls it; the column's name if none does."""
    own = _FIELDS.get(table_name, {})
    if field in own:
        return own[field]
    return _COMMON_FIELDS.get(field, field)


def _table(name: str) -> Table | None:
    return Base.metadata.tables.get(name)


def _row(connection: Connection, table_name: str, row_id: Any) -> dict[str, Any] | None:
    found = _table(table_name)
    if found is None or "id" not in found.c:
        return None
    row = connection.execute(select(found).where(found.c.id == row_id)).mappings().first()
    return None if row is None else dict(row)


def _name(connection: Connection, table_name: str, row_id: Any, depth: int = 0) -> str | None:
    """The record's own name, or its parent's; None if it is not here."""
    row = _row(connection, table_name, row_id)
    if row is None:
        return None
    own = " ".join(_plain(row[c]) for c in _NAMES.get(table_name, ()) if row.get(c))
    parent = _PARENTS.get(table_name)
    above = None
    if parent is not None and row.get(parent) is not None and depth < 3:
        parent_table = _references(table_name, parent)
        if parent_table is not None:
            above = _name(connection, parent_table, row[parent], depth + 1)
    parts = [part for part in (own, above) if part]
    return ", ".join(parts) if parts else ""


def record_label(connection: Connection, table_name: str, row_id: uuid.UUID) -> str:
    """`Arbetsgivare: Byggbolaget AB`, `Kontaktperson: Anna Ek, Byggbolaget AB`."""
    name = _name(connection, table_name, row_id)
    if name is None:
        return f"{kind_label(table_name)}: {GONE}"
    return f"{kind_label(table_name)}: {name}" if name else kind_label(table_name)


def _references(table_name: str, field: str) -> str | None:
    found = _table(table_name)
    if found is None or field not in found.c:
        return None
    for key in found.c[field].foreign_keys:
        return str(key.column.table.name)
    return None


def _plain(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return clock.minute(value if value.tzinfo else value.replace(tzinfo=dt.UTC))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def value_text(connection: Connection, table_name: str, field: str, value: Any) -> str:
    """A field's value as the screens show it: a date as YYYY-MM-DD, a moment in Swedish
    time, Ja/Nej, a code by its Swedish name, a reference by the name of what it refers
    to, nothing as "(tomt)"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return EMPTY
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    codes = _CODES.get((table_name, field))
    if codes is not None and isinstance(value, str):
        return codes.get(value, value)
    target = _references(table_name, field)
    if target is not None:
        return _referenced(connection, target, value)
    return _plain(value)


def _referenced(connection: Connection, target: str, value: Any) -> str:
    if target in KINDS:
        name = _name(connection, target, value)
        return name or GONE
    found = _table(target)
    if found is None or "name" not in found.c:
        return _plain(value)
    keys = list(found.primary_key.columns)
    if len(keys) != 1:
        return _plain(value)
    name = connection.scalar(select(found.c.name).where(keys[0] == value))
    return str(name) if name else _plain(value)
