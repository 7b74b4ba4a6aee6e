"""The lock: after a quiet spell or Ctrl+L everything is hidden behind the password, and
unlocking brings back exactly what was there."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services import accounts, audit, audit_head
from desktop.services.registry import Services
from desktop.views.intake import IntakeWizard
from desktop.views.lock import InputWatch
from desktop.views.main_window import MainWindow
from desktop.views.person.view import PersonView
from desktop.views.settings import Settings
from desktop.views.users_view import NewUserDialog
from tests.factories import make_person, personal_number
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus

# ASCII only: QTest types non-ASCII characters by asserting.
PASSWORD = "ett langt losenord"
# Long enough never to fire during a test; tests that want the timer shorten it.
NEVER_MS = 3_600_000
LAST_NAMES = ["Kovalenko", "Haidari", "Åberg", "Mohamud", "Tesfamariam", "Rahimi"]


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    """An administrator on a real encrypted database with its key file, so that the
    lock screen checks the real password, and some made-up persons to look at."""
    opened = accounts.set_up(
        tmp_path / "m.sqlite", municipality_code="0127", full_name="Ada Admin",
        username="ada", password=PASSWORD,
    )  # fmt: skip
    with opened.db.unit_of_work(actor=opened.actor.user_id) as session:
        for index in range(60):
            birth = dt.date(1970 + index % 30, 1 + index % 12, 1 + index % 28)
            make_person(
                session,
                f"Testperson{index}",
                LAST_NAMES[index % len(LAST_NAMES)],
                birth=birth,
                number=personal_number(birth, index),
            )
    try:
        yield Services.for_user(opened.db, opened.actor)
    finally:
        opened.db.close()


def _window(
    qtbot: QtBot, services: Services, settings: Settings, lock_after_ms: int = NEVER_MS
) -> MainWindow:
    window = MainWindow(services, settings, lock_after_ms=lock_after_ms)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def _unlock_with_keyboard(qtbot: QtBot, window: MainWindow, password: str = PASSWORD) -> None:
    # Activating the window again after a dialog was hidden is up to the platform.
    qtbot.waitUntil(window.lock_screen.password.hasFocus, timeout=2000)
    qtbot.keyClicks(window.lock_screen.password, password)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)


def _visible_texts(window: MainWindow) -> list[str]:
    texts = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() for w in window.findChildren(QLineEdit) if w.isVisible()]
    return texts


def test_locks_after_the_quiet_time_and_shows_only_who_is_logged_in(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings, lock_after_ms=50)
    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    assert window.lock_screen.isVisible()
    assert not window.content.isVisible()
    assert not window.menuBar().isVisible()
    assert not window.statusBar().isVisible()
    assert window.windowTitle() == "Matchning – låst"
    assert window.lock_screen.who.text() == "Inloggad: Ada Admin (ada)"
    visible = " ".join(_visible_texts(window))
    assert "Testperson" not in visible
    assert "Kovalenko" not in visible
    window.grab().save("/tmp/lock_screen.png")


def test_locking_notes_the_logs_newest_event_outside_the_database(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    """The screen lock is one of the moments the log's head is noted beside the database
    (docs/security.md, "What `audit verify` finds"), so a log shortened while the laptop
    stood locked shows in `audit verify`."""
    db = services.accounts._db
    audit_head.head_path(db.path).unlink(missing_ok=True)
    window = _window(qtbot, services, settings)
    window.lock()
    noted = audit_head.read(db.path)
    with db.connect() as connection:
        newest = audit.newest(connection)
    assert noted is not None
    assert noted.head == audit.Head(*newest)


def test_typed_search_screen_and_selection_survive_a_lock(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    window.navigation.setCurrentRow(1)  # Deltagare
    view = window.persons_view
    assert window.stack.currentWidget() is view
    qtbot.keyClicks(view.search, "Kovale")
    qtbot.waitUntil(lambda: view.model.rowCount() == 10, timeout=2000)
    view.table.selectRow(7)
    view.table.verticalScrollBar().setValue(3)
    scroll = view.table.verticalScrollBar().value()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert view.search.text() == "Kovale"  # the widgets were hidden, not reset
    assert not view.search.isVisible()

    _unlock_with_keyboard(qtbot, window)
    assert not window.locked
    assert window.windowTitle() == "Matchning"
    assert window.menuBar().isVisible()
    assert window.statusBar().isVisible()
    assert window.stack.currentWidget() is view
    assert view.search.text() == "Kovale"
    assert view.table.currentIndex().row() == 7
    assert view.table.verticalScrollBar().value() == scroll
    wait_for_focus(qtbot, view.table)
    assert window.lock_screen.password.text() == ""


def test_a_dialog_with_unsaved_input_is_hidden_and_comes_back(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.admin_view
    assert window.users_view is not None
    qtbot.mouseClick(window.users_view.new_button, Qt.MouseButton.LeftButton)
    dialog = window.users_view.dialog
    assert isinstance(dialog, NewUserDialog)
    show_active(qtbot, dialog)
    qtbot.keyClicks(dialog.full_name, "Bo Agent")
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.username, "bo")

    window.set_lock_after_ms(50)
    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    assert not dialog.isVisible()
    _unlock_with_keyboard(qtbot, window)

    assert dialog.isVisible()
    assert dialog.full_name.text() == "Bo Agent"
    assert dialog.username.text() == "bo"
    wait_for_focus(qtbot, dialog.username)
    assert window.current_screen() is window.admin_view
    # And the dialog still works.
    dialog.password.setText("tillfälligt lösen")
    dialog.repeat.setText("tillfälligt lösen")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [u.username for u in services.accounts.users()] == ["ada", "bo"]


def test_ctrl_l_locks_from_an_open_dialog_too(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    dialog = window.change_password()
    show_active(qtbot, dialog)
    qtbot.keyClicks(dialog.current, "halvskrivet")
    # Through the dialog's window, as the window system delivers a key (the watch
    # filters windows, which QTest's key to a widget would go round).
    handle = dialog.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert not dialog.isVisible()
    assert dialog.current.text() == "halvskrivet"


def test_a_wrong_password_is_refused_and_the_wait_grows(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    window.lock()
    lock = window.lock_screen
    _unlock_with_keyboard(qtbot, window, "inte ratt losenord")
    assert window.locked
    assert lock.error.isVisible()
    assert lock.error.text() == "Fel lösenord. Försök igen."
    assert lock.password.text() == ""
    # The key file counted the failure: the next attempt has to wait, and says so.
    qtbot.keyClicks(lock.password, PASSWORD)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert window.locked
    assert lock.error.text().startswith("För många felaktiga försök. Vänta")
    assert not lock.unlock_button.isEnabled()
    qtbot.waitUntil(lock.unlock_button.isEnabled, timeout=5000)
    _unlock_with_keyboard(qtbot, window)
    assert not window.locked


def test_an_empty_password_is_asked_for(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    window.lock()
    qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    assert window.locked
    assert window.lock_screen.error.text() == "Skriv ditt lösenord."


def test_shortcuts_of_the_hidden_window_do_nothing_while_locked(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    before = window.navigation.currentRow()
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.navigation.currentRow() == before
    wait_for_focus(qtbot, window.lock_screen.password)
    assert window.locked


def test_a_message_that_opens_while_locked_waits_for_the_unlock(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    window.lock()
    box = QMessageBox(QMessageBox.Icon.Information, "Säkerhetskopia", "Klar.", parent=window)
    box.show()
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)
    _unlock_with_keyboard(qtbot, window)
    assert box.isVisible()
    box.close()


def test_the_quit_button_on_the_lock_screen_closes_the_window(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    window.navigation.setCurrentRow(3)
    window.lock()
    qtbot.mouseClick(window.lock_screen.quit_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert settings.last_screen == 3


def test_the_lock_screen_is_named_for_assistive_technology(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    window.lock()
    lock = window.lock_screen
    for widget in (lock, lock.password, lock.unlock_button, lock.quit_button, lock.who):
        assert widget.objectName()
        assert widget.accessibleName()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_person_and_intake_windows_hide_with_the_lock_and_keep_what_was_typed(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    person_id = window.persons_view.model.person_id(0)
    assert person_id is not None
    services.cases.open_case(uuid.UUID(person_id), municipality_code="0127")
    person_window = window.workspace.open_person(person_id)
    assert person_window is not None
    person = person_window.content
    assert isinstance(person, PersonView)
    person.show_tab(person.journal)
    show_active(qtbot, person_window)
    person.journal.text.setFocus()
    qtbot.keyClicks(person.journal.text, "Halvskriven anteckning")
    intake_window = window.workspace.new_intake()
    wizard = intake_window.content
    assert isinstance(wizard, IntakeWizard)
    qtbot.keyClicks(wizard.identity.first_name, "Testa")

    # Ctrl+L from the person's window locks everything.
    show_active(qtbot, person_window)
    qtbot.keyClick(person.journal.text, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert not person_window.isVisible()
    assert not intake_window.isVisible()
    # Hiding the wizard saved its draft: nothing typed depends on the lock being undone.
    assert [d.label for d in services.intake.drafts()] == ["Testa"]

    _unlock_with_keyboard(qtbot, window)
    assert person_window.isVisible()
    assert intake_window.isVisible()
    assert person.journal.text.toPlainText() == "Halvskriven anteckning"
    assert wizard.identity.first_name.text() == "Testa"


def test_input_through_any_window_of_the_app_restarts_the_quiet_time(qtbot: QtBot) -> None:
    """The watch filters the windows the input goes to (not every event of the app):
    a key or a click in a window that has had the focus starts the wait again."""
    watch = InputWatch(60_000)
    watch.start()
    timer = watch._timer
    restarts: list[int] = []

    class Counted:
        """The watch's timer, counting each time the wait starts again."""

        def isActive(self) -> bool:
            return timer.isActive()

        def start(self) -> None:
            restarts.append(1)
            timer.start()

    watch._timer = Counted()  # type: ignore[assignment]
    window = QLineEdit()
    qtbot.addWidget(window)
    show_active(qtbot, window)
    handle = window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: len(restarts) == 1, timeout=1000)
    assert window.text() == "a"  # the key went on to the field
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(restarts) >= 2, timeout=1000)
    with qtbot.waitSignal(watch.lock_pressed):
        QTest.keyClick(handle, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.text() == "a"  # the lock key is the watch's, not the field's
