"""Two (or three) laptops and one real PostgreSQL server (docs/sync.md)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError

from desktop.models import (
    Case,
    Employer,
    Person,
    Referral,
    User,
)
from desktop.models.sync import CentralAuditEvent, SyncChange, SyncState
from desktop.services.accounts import AccountError, AccountService, Actor
from desktop.services.retention import RetentionService
from desktop.services.sync import SyncError, central
from desktop.services.sync.laptop import bases, ensure_triggers, writing
from desktop.store.database import connect_raw
from tests.sync import records
from tests.sync_world import BOTKYRKA, HUDDINGE, PASSWORD, TYRESO, Laptop, World


def sync_all(*laptops: object) -> None:
    for laptop in laptops:
        laptop.sync.sync()  # type: ignore[attr-defined]


def test_records_made_offline_on_both_laptops_reach_both(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    tove = world.laptop("tove", TYRESO)
    bakery = records.employer(anna, "Bageriet i Flemingsberg AB", HUDDINGE)
    garage = records.employer(tove, "Verkstaden i Tyresö AB", TYRESO)

    sync_all(anna, tove, anna)

    for laptop in (anna, tove):
        names = {r["name"] for r in laptop.rows("employers").values()}
        assert {"Bageriet i Flemingsberg AB", "Verkstaden i Tyresö AB"} <= names
    # Row by row, both laptops hold what the server holds.
    on_server = world.server_rows("employers")
    for row_id in (bakery, garage):
        for laptop in (anna, tove):
            assert laptop.rows("employers")[row_id] == on_server[row_id]
    assert anna.sync.status().waiting == 0


def _one_employer_on_two_laptops(world: World) -> tuple[Laptop, Laptop, uuid.UUID]:
    """Anna in Huddinge and Tove in Tyresö, both with Anna's employer, synced."""
    anna = world.laptop("anna", HUDDINGE)
    tove = world.laptop("tove", TYRESO)
    bakery = records.employer(anna, "Bageriet AB", HUDDINGE)
    sync_all(anna, tove)
    return anna, tove, bakery


def test_changes_to_different_fields_of_one_employer_merge(world: World) -> None:
    anna, tove, bakery = _one_employer_on_two_laptops(world)

    records.edit(anna, Employer, bakery, website="https://bageriet.example")
    records.edit(tove, Employer, bakery, notes="Ring före nio")
    sync_all(anna, tove, anna)

    for laptop in (anna, tove):
        row = laptop.rows("employers")[bakery]
        assert (row["website"], row["notes"]) == ("https://bageriet.example", "Ring före nio")
        assert laptop.sync.conflicts() == []


def test_a_pulled_row_gets_its_base_when_first_changed_here_and_as_the_server_had_it(
    world: World,
) -> None:
    _anna, tove, bakery = _one_employer_on_two_laptops(world)
    with tove.db.connect() as connection:
        # A row pulled and not changed here is its own base: nothing copied for it.
        assert bases(connection, "employers", [bakery]) == {}

    records.edit(tove, Employer, bakery, notes="Ring före nio")
    records.edit(tove, Employer, bakery, website="https://bageriet.example")

    with tove.db.connect() as connection:
        base = bases(connection, "employers", [bakery])[bakery]
    # The row as it was before the first change (not the second), with the same types the
    # server gives: aware timestamps, UUIDs, booleans.
    assert base == world.server_rows("employers")[bakery]


def test_triggers_of_an_older_app_are_made_again(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    older = (
        "CREATE TRIGGER sync_employers_update AFTER UPDATE ON employers BEGIN "
        "INSERT INTO sync_pending (table_name, row_id, changes) "
        "VALUES ('employers', NEW.id, 1) ON CONFLICT DO NOTHING; END"
    )
    with writing(anna.db) as connection:
        connection.exec_driver_sql("DROP TRIGGER sync_employers_update")
        connection.exec_driver_sql(older)
        ensure_triggers(connection)
        made = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'sync_employers_update'"
        ).scalar_one()
    assert "sync_base" in made


def test_the_same_field_changed_on_both_is_a_conflict_until_the_user_chooses(world: World) -> None:
    anna, tove, bakery = _one_employer_on_two_laptops(world)

    records.edit(anna, Employer, bakery, notes="Anna: ring efter lunch")
    records.edit(tove, Employer, bakery, notes="Tove: ring före nio")
    sync_all(anna, tove)

    # Anna's value reached the server first; Tove's is kept beside it, not lost.
    [conflict] = tove.sync.conflicts()
    assert conflict.field == "notes"
    assert conflict.local_value == "Tove: ring före nio"
    assert conflict.server_value == "Anna: ring efter lunch"
    assert conflict.local_by == "Tove Testsson"
    assert conflict.server_by == "Anna Testsson"
    assert conflict.server_at is not None
    assert tove.rows("employers")[bakery]["notes"] == "Anna: ring efter lunch"

    tove.sync.resolve(conflict.id, keep_mine=True)
    sync_all(tove, anna)

    assert tove.sync.conflicts() == []
    for laptop in (anna, tove):
        assert laptop.rows("employers")[bakery]["notes"] == "Tove: ring före nio"


def test_choosing_the_servers_value_keeps_it_everywhere(world: World) -> None:
    anna, tove, bakery = _one_employer_on_two_laptops(world)
    records.edit(anna, Employer, bakery, website="https://a.example")
    records.edit(tove, Employer, bakery, website="https://t.example")
    sync_all(anna, tove)

    [conflict] = tove.sync.conflicts()
    tove.sync.resolve(conflict.id, keep_mine=False)
    sync_all(tove, anna)

    assert tove.sync.conflicts() == []
    for laptop in (anna, tove):
        assert laptop.rows("employers")[bakery]["website"] == "https://a.example"


def test_a_person_of_huddinge_never_reaches_a_tyreso_laptop(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    tove = world.laptop("tove", TYRESO)
    person, case = records.person_with_case(anna, "Huddingesson", HUDDINGE)
    sync_all(anna, tove)

    # Checked on the server, as Tove's own login, by SQL.
    with world.as_login(tove).connect() as connection:
        for table, key in (
            ("persons", "id"),
            ("person_languages", "person_id"),
            ("consents", "person_id"),
            ("cases", "person_id"),
        ):
            count = connection.execute(
                text(f"SELECT count(*) FROM {table} WHERE {key} = :p"), {"p": person}
            ).scalar_one()
            assert count == 0, table
        seen = connection.execute(
            select(func.count()).select_from(SyncChange).where(SyncChange.row_id == person)
        ).scalar_one()
        assert seen == 0
        # Nor may Tove change or add anything of Huddinge's.
        changed = connection.execute(
            update(Person).where(Person.id == person).values(first_name="X")
        )
        assert changed.rowcount == 0
        with pytest.raises(DBAPIError):
            connection.execute(
                text(
                    "INSERT INTO consents (id, person_id, kind, given_on, method, created_at,"
                    " updated_at, version) VALUES (:i, :p, 'behandling', now(), 'muntligt',"
                    " now(), now(), 1)"
                ),
                {"i": uuid.uuid4(), "p": person},
            )
    # Anna's own login sees them; the laptop of Tove has none of them.
    with world.as_login(anna).connect() as connection:
        assert (
            connection.execute(
                select(func.count()).select_from(Case).where(Case.id == case)
            ).scalar_one()
            == 1
        )
    assert person not in tove.rows("persons")
    assert tove.rows("cases") == {}
    assert tove.rows("case_notes") == {}


def test_a_person_proposed_for_a_need_of_another_municipality_goes_there_as_a_profile(
    world: World,
) -> None:
    anna = world.laptop("anna", HUDDINGE)
    tove = world.laptop("tove", TYRESO)
    garage = records.employer(tove, "Verkstaden AB", TYRESO)
    vacancy = records.need(tove, garage, TYRESO)
    person, case = records.person_with_case(anna, "Huddingesson", HUDDINGE)
    sync_all(tove, anna)

    referral = records.refer(anna, vacancy, person, case)
    sync_all(anna, tove)

    assert person in tove.rows("persons")
    assert [r["language"] for r in tove.rows("person_languages").values()] == ["ar"]
    shared = tove.rows("referrals")[referral]
    # The case stays in Huddinge: the referral's reference to it is left empty there.
    assert shared["case_id"] is None
    assert tove.rows("cases") == {}
    assert tove.rows("case_notes") == {}
    assert tove.rows("consents") == {}

    # Tove moves the referral on; Anna sees it, and her case reference is intact.
    records.edit(tove, Referral, referral, status="presenterad")
    sync_all(tove, anna)
    assert anna.rows("referrals")[referral]["status"] == "presenterad"
    assert anna.rows("referrals")[referral]["case_id"] == case
    assert world.server_rows("referrals")[referral]["case_id"] == case


def test_an_erasure_reaches_every_laptop_also_one_that_was_offline(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    hugo = world.laptop("hugo", HUDDINGE)
    tove = world.laptop("tove", TYRESO)
    garage = records.employer(tove, "Verkstaden AB", TYRESO)
    vacancy = records.need(tove, garage, TYRESO)
    person, case = records.person_with_case(anna, "Raderasson", HUDDINGE)
    sync_all(tove, anna)
    records.refer(anna, vacancy, person, case)
    sync_all(anna, hugo, tove)
    assert person in hugo.rows("persons")
    assert person in tove.rows("persons")

    admin_actor = anna.actor.__class__(
        anna.actor.user_id, anna.actor.username, anna.actor.full_name, "administrator"
    )
    RetentionService(anna.db, admin_actor).erase_person(person, "begaran")
    sync_all(anna, tove)  # Hugo is offline meanwhile
    assert person not in world.server_rows("persons")
    assert world.server_rows("cases") == {}
    assert person not in tove.rows("persons")
    assert tove.rows("referrals") == {}

    sync_all(hugo)
    for laptop in (anna, hugo, tove):
        assert person not in laptop.rows("persons")
        for table in ("person_languages", "consents", "cases", "case_notes", "referrals"):
            assert laptop.rows(table) == {}, (laptop.label, table)


def test_audit_events_are_pushed_append_only_and_the_chain_verifies(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    records.employer(anna, "Bageriet AB", HUDDINGE)
    sync_all(anna)
    sync_all(anna)  # nothing pushed twice

    with anna.db.connect() as connection:
        local = connection.execute(text("SELECT count(*) FROM audit_events")).scalar_one()
    [check] = central.verify_audit(world.admin)
    assert (check.events, check.broken_at) == (local, None)

    for engine in (world.as_login(anna), world.admin):
        with pytest.raises(DBAPIError), engine.begin() as connection:
            connection.execute(update(CentralAuditEvent).values(action="read"))
    with world.admin.begin() as connection:
        # Even the owner cannot rewrite history without the server's trigger noticing.
        connection.execute(text("ALTER TABLE central_audit_events DISABLE TRIGGER USER"))
        connection.execute(
            update(CentralAuditEvent).where(CentralAuditEvent.seq == 2).values(action="read")
        )
    [check] = central.verify_audit(world.admin)
    assert check.broken_at == 2


def test_a_deactivated_user_is_cut_off_and_every_laptop_learns_it(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    hugo = world.laptop("hugo", HUDDINGE)
    sync_all(anna, hugo)

    central.deactivate_user(world.admin, anna.login)

    with pytest.raises(SyncError, match="avstängt"):
        anna.sync.sync()
    assert "avstängt" in (anna.sync.status().last_error or "")
    sync_all(hugo)
    [row] = [r for r in hugo.rows("users").values() if r["username"] == anna.login]
    assert row["active"] is False


def test_a_laptop_cannot_change_a_role_centrally(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    sync_all(anna)
    records.edit(anna, User, anna.actor.user_id, role="administrator", full_name="Anna Ny")
    sync_all(anna)

    on_server = world.server_rows("users")[anna.actor.user_id]
    assert (on_server["role"], on_server["full_name"]) == ("handlaggare", "Anna Ny")
    # The server's word is the one the laptop keeps.
    assert anna.rows("users")[anna.actor.user_id]["role"] == "handlaggare"


def test_the_server_password_is_kept_only_in_the_encrypted_database(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    sync_all(anna)
    anna.db.close()
    secret = anna.password.encode()
    for path in Path(anna.path).parent.rglob("*"):
        if path.is_file():
            assert secret not in path.read_bytes(), path


def test_a_second_sync_with_nothing_changed_moves_nothing(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    records.employer(anna, "Bageriet AB", HUDDINGE)
    sync_all(anna, anna)
    report = anna.sync.sync()
    assert (report.pushed, report.pulled, report.deleted, report.conflicts) == (0, 0, 0, 0)


def test_botkyrka_sees_only_its_own(world: World) -> None:
    bo = world.laptop("bo", BOTKYRKA)
    anna = world.laptop("anna", HUDDINGE)
    records.person_with_case(anna, "Huddingesson", HUDDINGE)
    mine, _ = records.person_with_case(bo, "Botkyrkasson", BOTKYRKA)
    sync_all(anna, bo)
    assert set(bo.rows("persons")) == {mine}
    assert len(bo.rows("person_languages")) == 1


def test_a_server_restored_from_a_backup_gets_back_what_the_laptop_has(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    kept = records.employer(anna, "Fanns före säkerhetskopian AB", HUDDINGE)
    lost = records.employer(anna, "Kom efter säkerhetskopian AB", HUDDINGE)
    sync_all(anna)
    # The restore: the newer employer and the log of changes are gone, and the new
    # cluster's transaction counter starts below where this laptop had come.
    with world.admin.begin() as connection:
        connection.execute(text("DELETE FROM employers WHERE id = :i"), {"i": lost})
        connection.execute(text("DELETE FROM sync_changes"))
        connection.execute(text("ALTER TABLE central_audit_events DISABLE TRIGGER USER"))
        connection.execute(text("DELETE FROM central_audit_events"))
        connection.execute(text("ALTER TABLE central_audit_events ENABLE TRIGGER USER"))
    with anna.db.connect() as connection, connection.begin():
        connection.execute(update(SyncState).values(pulled_xid=2**40))

    sync_all(anna)

    assert {kept, lost} <= set(world.server_rows("employers"))
    assert {kept, lost} <= set(anna.rows("employers"))
    assert anna.sync.conflicts() == []
    [check] = central.verify_audit(world.admin)
    assert check.broken_at is None


def test_a_connected_laptop_leaves_accounts_active_or_not_to_the_server(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    admin = Actor(anna.actor.user_id, anna.actor.username, anna.actor.full_name, "administrator")
    colleague = AccountService(anna.db, admin).add_user(
        username="kollega",
        full_name="Kalle Kollega",
        role="handlaggare",
        municipality_code=HUDDINGE,
        password=PASSWORD,
    )
    with pytest.raises(AccountError, match="stängs av och aktiveras där"):
        AccountService(anna.db, admin).set_active(colleague, False)


def test_a_laptop_database_kept_busy_is_not_called_the_server_out_of_reach(
    world: World,
) -> None:
    anna = world.laptop("anna", HUDDINGE)
    records.employer(anna, "Bageriet AB", HUDDINGE)
    holder = connect_raw(anna.path, anna.db.key)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer, for longer than the wait
        with pytest.raises(SyncError, match="Databasen på den här datorn"):
            anna.sync.sync()
    finally:
        holder.rollback()
        holder.close()
    anna.sync.sync()
    assert anna.sync.status().waiting == 0
