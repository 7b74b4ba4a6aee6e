"""Synchronisation in the app: the status bar, the conflicts dialog and Administration →
Server, on a real test database. A laptop "joined" here has the sync_state row that
SyncService.connect writes (no server needed); a test against a real server is apart."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from desktop import clock
from desktop.models import Employer, SyncState
from desktop.models.employer import ContactPerson
from desktop.services.registry import Services
from desktop.services.sync import laptop
from desktop.store.database import Database
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings
from desktop.views.sync_conflicts import ConflictModel, SyncConflictsDialog
from desktop.views.sync_server_view import ServerView
from desktop.views.sync_status import SyncStatusWidget
from tests.factories import make_person, personal_number
from tests.views.conftest import services_for, show_active, wait_for_runs
from tests.views.focus import wait_for_focus
from tests.views.test_accessibility import unexplained

SERVER = "postgresql://server.kommun.se/matchning?sslmode=verify-full"
# Nothing listens on port 1: a sync there fails at once, as with the server down.
UNREACHABLE = "postgresql://localhost:1/matchning"
SYNCED_AT = dt.datetime(2026, 12, 6, 9, 42, tzinfo=dt.UTC)  # 10:42 in Stockholm


def join(db: Database, url: str = SERVER, **state: object) -> None:
    """The laptop's side of SyncService.connect: the sync_state row, the triggers, and
    everything here offered for the first push."""
    with laptop.writing(db) as connection:
        connection.execute(
            SyncState.__table__.insert().values(
                id=1,
                laptop_id=uuid.uuid4(),
                url=url,
                db_user="agnes_botkyrka",
                db_password="hemligt",
                pulled_xid=0,
                pulled_seq=0,
                pushed_audit_seq=0,
                applying=False,
                **state,
            )
        )
        laptop.ensure_triggers(connection)
        laptop.mark_all_pending(connection)


def synced(db: Database, **values: object) -> None:
    """How the last sync ended, as the engine (or a failed sync) writes it."""
    with laptop.writing(db) as connection:
        connection.execute(update(SyncState).values(**values))
        connection.exec_driver_sql("DELETE FROM sync_pending")


@pytest.fixture
def services(db: Database) -> Services:
    return services_for(db)


@pytest.fixture
def bar(qtbot: QtBot) -> QMainWindow:
    """A window with a status bar, as the main window has one."""
    window = QMainWindow()
    qtbot.addWidget(window)
    return window


def status_widget(qtbot: QtBot, services: Services, window: QMainWindow) -> SyncStatusWidget:
    widget = SyncStatusWidget(services.sync)
    window.statusBar().addPermanentWidget(widget)
    window.show()
    qtbot.waitExposed(window)
    return widget


def make_employer(db: Database, name: str = "Byggbolaget AB") -> uuid.UUID:
    with db.unit_of_work() as session:
        employer = Employer(name=name, sort_key=name.lower(), sector="privat")
        session.add(employer)
        session.flush()
        session.add(
            ContactPerson(employer_id=employer.id, name="Anna Ek", phone="08-111 11", active=True)
        )
        return employer.id


def conflict(
    db: Database, table_name: str, row_id: uuid.UUID, field: str, *, mine: object, server: object
) -> None:
    """A conflict as a pull records it: the row here has the server's value now."""
    with laptop.writing(db) as connection:
        laptop.add_conflicts(
            connection,
            table_name,
            row_id,
            fields=[field],
            local={field: mine, "updated_at": dt.datetime(2026, 12, 6, 8, 5, tzinfo=dt.UTC)},
            server={field: server},
            local_by="Test Administrator",
            server_by="Karin Kollega",
            server_at=dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.UTC),
        )


def renamed(db: Database, employer: uuid.UUID) -> None:
    """The employer renamed both here and on the server."""
    conflict(
        db, "employers", employer, "name", mine="Byggbolaget i Botkyrka AB", server="Byggbolaget AB"
    )


# -- the status bar -----------------------------------------------------------------------


def test_not_connected_shows_nothing(qtbot: QtBot, bar: QMainWindow, services: Services) -> None:
    widget = status_widget(qtbot, services, bar)
    assert not widget.isVisible()
    assert widget.text() == ""
    assert widget.sync_now() is False


def test_connected_but_never_synced_says_so_and_what_waits(
    qtbot: QtBot, bar: QMainWindow, db: Database, services: Services
) -> None:
    join(db)
    widget = status_widget(qtbot, services, bar)
    assert widget.isVisible()
    # Everything here is offered at the first sync: the one user, so far.
    assert widget.text() == "Inte synkroniserad ännu · 1 ändring väntar"
    assert "server.kommun.se/matchning" in widget.state.toolTip()
    assert widget.sync_button.isVisible()
    assert not widget.conflicts_button.isVisible()


def test_synced_today_says_the_time_and_another_day_the_date(
    qtbot: QtBot, bar: QMainWindow, db: Database, services: Services
) -> None:
    join(db)
    synced(db, last_sync_at=SYNCED_AT)
    with clock.pinned(dt.date(2026, 12, 6)):
        widget = status_widget(qtbot, services, bar)
        assert widget.text() == "Synkroniserad 10:42"
    with clock.pinned(dt.date(2026, 12, 7)):
        widget.refresh()
        assert widget.text() == "Synkroniserad 2026-12-06"


def test_a_failed_sync_shows_offline_with_the_reason(
    qtbot: QtBot, bar: QMainWindow, db: Database, services: Services
) -> None:
    join(db)
    reason = "Servern kan inte nås just nu; ändringarna väntar här tills den kan det."
    synced(db, last_sync_at=SYNCED_AT, last_error=reason)
    with clock.pinned(dt.date(2026, 12, 6)):
        widget = status_widget(qtbot, services, bar)
    assert widget.text() == "Offline · senast synkroniserad 10:42"
    assert widget.state.toolTip() == f"{reason}\nSenast synkroniserad 10:42."


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_waiting_changes_and_conflicts_are_counted(
    qtbot: QtBot, bar: QMainWindow, db: Database, services: Services
) -> None:
    join(db)
    synced(db, last_sync_at=SYNCED_AT)
    employer = make_employer(db)  # the triggers note it and its contact person
    renamed(db, employer)
    with clock.pinned(dt.date(2026, 12, 6)):
        widget = status_widget(qtbot, services, bar)
        shown_with_conflicts(qtbot, widget)


def shown_with_conflicts(qtbot: QtBot, widget: SyncStatusWidget) -> None:
    assert widget.text() == "Synkroniserad 10:42 · 2 ändringar väntar · 1 konflikt"
    assert widget.conflicts_button.isVisible()
    dialog = widget.show_conflicts()
    qtbot.waitExposed(dialog)
    assert not dialog.isModal()  # the record can be looked up while choosing
    assert widget.show_conflicts() is dialog  # one at a time
    qtbot.mouseClick(dialog.keep_server, Qt.MouseButton.LeftButton)
    assert widget.text() == "Synkroniserad 10:42 · 2 ändringar väntar"
    dialog.reject()


def test_sync_now_runs_once_and_a_failure_is_said_in_the_status_bar(
    qtbot: QtBot, bar: QMainWindow, db: Database, services: Services
) -> None:
    join(db, UNREACHABLE)
    widget = status_widget(qtbot, services, bar)
    messages: list[str] = []
    widget.message.connect(messages.append)
    with qtbot.waitSignal(widget.failed, timeout=30_000) as failed:
        assert widget.sync_now() is True
        assert widget.text().startswith("Synkroniserar…")
        assert not widget.sync_button.isEnabled()
        assert widget.sync_now() is False  # never two at once
    widget.wait()
    assert widget.text().startswith("Offline")
    assert widget.state.toolTip().startswith(failed.args[0])
    assert messages == [failed.args[0]]
    assert widget.sync_button.isEnabled()


def test_a_periodic_sync_that_fails_only_changes_the_label(
    qtbot: QtBot, bar: QMainWindow, db: Database, services: Services
) -> None:
    join(db, UNREACHABLE)
    widget = status_widget(qtbot, services, bar)
    messages: list[str] = []
    widget.message.connect(messages.append)
    with qtbot.waitSignal(widget.failed, timeout=30_000):
        widget._periodic()
    widget.wait()
    assert widget.text().startswith("Offline")
    assert messages == []


# -- the conflicts dialog -------------------------------------------------------------------


def conflicts_dialog(qtbot: QtBot, services: Services) -> SyncConflictsDialog:
    dialog = SyncConflictsDialog(services.sync)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    return dialog


def test_the_dialog_lists_the_conflicts_in_words(
    qtbot: QtBot, qtmodeltester: ModelTester, db: Database, services: Services
) -> None:
    employer = make_employer(db)
    with db.unit_of_work() as session:
        contact = session.scalars(select(ContactPerson)).one().id
    renamed(db, employer)
    conflict(db, "contact_persons", contact, "active", mine=False, server=True)
    conflict(db, "contact_persons", contact, "phone", mine=None, server="08-111 11")
    dialog = conflicts_dialog(qtbot, services)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    mine = "Test Administrator, 2026-12-06 09:05"
    theirs = "Karin Kollega, 2026-12-06 10:30"
    assert rows == [
        [
            "Arbetsgivare: Byggbolaget AB",
            "Namn",
            f"Byggbolaget i Botkyrka AB\n{mine}",
            f"Byggbolaget AB\n{theirs}",
        ],
        ["Kontaktperson: Anna Ek, Byggbolaget AB", "Aktiv", f"Nej\n{mine}", f"Ja\n{theirs}"],
        [
            "Kontaktperson: Anna Ek, Byggbolaget AB",
            "Telefon",
            f"(tomt)\n{mine}",
            f"08-111 11\n{theirs}",
        ],
    ]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Post",
        "Fält",
        "Min ändring",
        "Serverns värde",
    ]
    assert not dialog.empty.isVisible()
    wait_for_focus(qtbot, dialog.table)


def test_keep_mine_writes_my_value_and_keep_the_servers_leaves_it(
    qtbot: QtBot, db: Database, services: Services
) -> None:
    employer = make_employer(db)
    other = make_employer(db, "Tumba Bageri AB")
    renamed(db, employer)
    conflict(db, "employers", other, "website", mine="www.tumbabageri.se", server=None)
    dialog = conflicts_dialog(qtbot, services)
    resolved: list[tuple[str, bool]] = []
    dialog.resolved.connect(lambda found, mine: resolved.append((found.table_name, mine)))
    assert dialog.model.rowCount() == 2
    # Alt+M: Behåll min, on the first row chosen.
    wait_for_focus(qtbot, dialog.table)
    with qtbot.waitSignal(dialog.resolved):  # a mnemonic clicks as the button animates
        qtbot.keyClick(dialog.table, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    with db.unit_of_work() as session:
        assert session.get(Employer, employer).name == "Byggbolaget i Botkyrka AB"
    assert dialog.model.rowCount() == 1
    assert len(services.sync.conflicts()) == 1
    assert dialog.model.index(0, 0).data() == "Arbetsgivare: Tumba Bageri AB"
    # Alt+S: Behåll serverns, which leaves the record as it is.
    with qtbot.waitSignal(dialog.resolved):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    with db.unit_of_work() as session:
        assert session.get(Employer, other).website is None
    assert services.sync.conflicts() == []
    assert resolved == [("employers", True), ("employers", False)]
    assert dialog.empty.isVisible()
    assert not dialog.table.isVisible()
    assert dialog.empty.text().startswith("Inga konflikter.")
    wait_for_focus(qtbot, dialog.close_button)
    # Esc closes it.
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_enter_in_the_list_chooses_nothing(qtbot: QtBot, db: Database, services: Services) -> None:
    employer = make_employer(db)
    renamed(db, employer)
    dialog = conflicts_dialog(qtbot, services)
    wait_for_focus(qtbot, dialog.table)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert len(services.sync.conflicts()) == 1
    assert dialog.isVisible()


def test_no_conflicts_says_so(qtbot: QtBot, services: Services) -> None:
    dialog = conflicts_dialog(qtbot, services)
    assert dialog.empty.isVisible()
    assert not dialog.table.isVisible()
    assert not dialog.keep_mine.isEnabled()
    assert not dialog.keep_server.isEnabled()


def test_the_conflict_model_passes_the_model_tester(
    qtmodeltester: ModelTester, db: Database, services: Services
) -> None:
    employer = make_employer(db)
    conflict(db, "employers", employer, "last_contact_on", mine=dt.date(2026, 12, 1), server=None)
    model = ConflictModel(services.sync.conflicts())
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "Senaste kontakt"
    assert model.index(0, 2).data().startswith("2026-12-01\n")
    model.remove(services.sync.conflicts()[0].id)
    assert model.rowCount() == 0
    qtmodeltester.check(model)


# -- Administration → Server ----------------------------------------------------------------


def server_view(qtbot: QtBot, services: Services) -> ServerView:
    view = ServerView(services.sync)
    qtbot.addWidget(view)
    show_active(qtbot, view)
    return view


def test_an_address_without_a_verified_certificate_is_refused_beside_the_field(
    qtbot: QtBot, services: Services
) -> None:
    view = server_view(qtbot, services)
    assert view.join_form.isVisible()
    assert not view.joined.isVisible()
    assert view.password.echoMode() == view.password.EchoMode.Password
    address = "postgresql://server.kommun.se/matchning"
    qtbot.keyClicks(view.address, address)
    qtbot.keyClicks(view.login, "agnes_botkyrka")
    qtbot.keyClicks(view.password, "hemligt")
    assert view.join() is False
    assert view.address_error.isVisible()
    assert "sslmode=verify-full" in view.address_error.text()
    assert "sslmode=verify-full" in view.address.accessibleDescription()
    assert not view.login_error.isVisible()
    assert not view.password_error.isVisible()
    # What was typed is all there, and the cursor is in the field to mend.
    assert view.address.text() == address
    assert view.login.text() == "agnes_botkyrka"
    assert view.password.text() == "hemligt"
    wait_for_focus(qtbot, view.address)
    assert services.sync.connected is False
    # The reason goes as soon as its cause does.
    qtbot.keyClicks(view.address, "?sslmode=verify-full")
    assert not view.address_error.isVisible()


def test_every_empty_field_is_said_at_once(qtbot: QtBot, services: Services) -> None:
    view = server_view(qtbot, services)
    qtbot.mouseClick(view.connect_button, Qt.MouseButton.LeftButton)
    assert view.address_error.text() == "Skriv serverns adress."
    assert view.login_error.text() == "Skriv din inloggning på servern."
    assert view.password_error.text() == "Skriv lösenordet till inloggningen."
    wait_for_focus(qtbot, view.address)


def test_a_server_that_cannot_be_reached_is_said_and_nothing_is_lost(
    qtbot: QtBot, services: Services
) -> None:
    view = server_view(qtbot, services)
    qtbot.keyClicks(view.address, UNREACHABLE)
    qtbot.keyClicks(view.login, "agnes_botkyrka")
    qtbot.keyClicks(view.password, "hemligt")
    with qtbot.waitSignal(view._runner.failed, timeout=30_000):
        assert view.join() is True
        assert view.busy.isVisible()
    assert view.result.isVisible()
    assert view.result.text()
    assert (view.address.text(), view.login.text(), view.password.text()) == (
        UNREACHABLE,
        "agnes_botkyrka",
        "hemligt",
    )
    assert view.connect_button.isEnabled()
    assert services.sync.connected is False


def test_a_connected_laptop_shows_its_server_and_disconnects_after_asking(
    qtbot: QtBot, db: Database, services: Services
) -> None:
    join(db)
    view = server_view(qtbot, services)
    assert view.joined.isVisible()
    assert not view.join_form.isVisible()
    assert view.connection.text() == "Ansluten till server.kommun.se/matchning."
    box = view.ask_disconnect()
    qtbot.waitExposed(box)
    assert "ändringar som inte har skickats" in box.text()
    assert box.defaultButton().text() == "Avbryt"
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # the safe answer
    assert services.sync.connected is True
    box = view.ask_disconnect()
    qtbot.waitExposed(box)
    with qtbot.waitSignal(view.disconnected):
        box.findChild(type(box.defaultButton()), "disconnectButton").click()
    assert services.sync.connected is False
    assert view.join_form.isVisible()


# -- the main window --------------------------------------------------------------------------


def test_the_main_window_shows_the_sync_only_when_connected(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    services = services_for(db)
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    assert not window.sync_status.isVisible()
    window.close()
    wait_for_runs(window)

    join(db, UNREACHABLE)
    synced(db, last_sync_at=SYNCED_AT)
    with clock.pinned(dt.date(2026, 12, 6)):
        window = MainWindow(services, settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    assert window.sync_status.isVisible()
    assert window.statusBar().findChild(SyncStatusWidget) is window.sync_status
    # A sync that brought a colleague's new person: the list shown reads it.
    window.navigation.setCurrentRow(1)
    before = window.persons_view.model.rowCount()
    with db.unit_of_work() as session:
        make_person(session, "Leyla", "Rahimi", number=personal_number(dt.date(1990, 5, 17), 44))
    window.sync_status.tables_changed.emit({"persons"})
    assert window.persons_view.model.rowCount() == before + 1
    # Behåll min changes the record here: the Arbetsgivare list shows the value kept.
    employer = make_employer(db)
    renamed(db, employer)
    window.navigation.setCurrentRow(2)
    model = window.employers_view.model
    assert model.index(0, 0).data() == "Byggbolaget AB"
    window.sync_status.refresh()
    dialog = window.sync_status.show_conflicts()
    dialog.choose(keep_mine=True)
    assert model.index(0, 0).data() == "Byggbolaget i Botkyrka AB"
    dialog.reject()
    window.close()
    wait_for_runs(window)


def test_every_sync_control_is_named_and_described(
    qtbot: QtBot, bar: QMainWindow, db: Database, services: Services
) -> None:
    join(db)
    renamed(db, make_employer(db))
    widget = status_widget(qtbot, services, bar)
    assert unexplained(widget) == []
    dialog = conflicts_dialog(qtbot, services)
    assert unexplained(dialog) == []
    dialog.close()
    view = server_view(qtbot, services)
    assert view.joined.isVisible()
    assert unexplained(view) == []
