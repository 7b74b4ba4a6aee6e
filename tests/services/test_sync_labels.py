"""Swedish words for what a sync conflict is about (desktop/services/sync/labels.py)."""

from __future__ import annotations

import datetime as dt
import uuid

from desktop.models import Employer
from desktop.services.sync import labels
from desktop.services.sync.tables import PERSONAL, SHARED, merged_fields
from desktop.store.database import Database
from tests.factories import make_user


def test_every_synced_table_has_a_swedish_name() -> None:
    assert set(labels.KINDS) == set(SHARED + PERSONAL)
    assert labels.kind_label("vacancies") == "Rekryteringsbehov"
    assert labels.kind_label("persons") == "Person"


def test_fields_are_named_as_the_forms_name_them_else_by_the_column() -> None:
    assert labels.field_label("employers", "org_number") == "Organisationsnummer"
    assert labels.field_label("persons", "first_name") == "Förnamn"
    assert labels.field_label("contact_persons", "phone") == "Telefon"
    assert labels.field_label("vacancies", "title") == "Titel"
    assert labels.field_label("employers", "no_such_column") == "no_such_column"
    # Every field users edit has a Swedish label (bookkeeping columns aside).
    unnamed = [
        (table, field)
        for table in SHARED + PERSONAL
        for field in merged_fields(table)
        if labels.field_label(table, field) == field
    ]
    assert unnamed == []


def test_values_and_records_are_in_words(db: Database) -> None:
    with db.unit_of_work() as session:
        agent = make_user(session, "agnes", "Agnes Agent")
        employer = Employer(
            name="Byggbolaget AB",
            sort_key="byggbolaget ab",
            sector="privat",
            responsible_agent_id=agent.id,
        )
        session.add(employer)
        session.flush()
        employer_id, agent_id = employer.id, agent.id
    with db.connect() as connection:
        assert labels.record_label(connection, "employers", employer_id) == (
            "Arbetsgivare: Byggbolaget AB"
        )
        assert labels.record_label(connection, "employers", uuid.uuid4()) == (
            "Arbetsgivare: (borttagen)"
        )

        def text(field: str, value: object) -> str:
            return labels.value_text(connection, "employers", field, value)

        assert text("responsible_agent_id", agent_id) == "Agnes Agent"
        assert text("municipality_code", "0127") == "Botkyrka"
        assert text("relationship_status", "vilande") == "Vilande"
        assert text("last_contact_on", dt.date(2026, 3, 24)) == "2026-03-24"
        assert text("notes", "") == "(tomt)"
        assert text("notes", None) == "(tomt)"
        assert labels.value_text(connection, "contact_persons", "active", False) == "Nej"
        moment = dt.datetime(2026, 3, 24, 5, 40, tzinfo=dt.UTC)
        assert labels.value_text(connection, "referrals", "status_changed_at", moment) == (
            "2026-03-24 06:40"
        )
