"""The main window driven like a user would: keyboard, search, navigation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from desktop.services import accounts
from desktop.services.accounts import AccountService
from desktop.services.registry import Services
from desktop.store.keys import KeyFile, key_file_path
from desktop.views.login import ChangePasswordDialog
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus


def _window(qtbot: QtBot, services: Services, settings: Settings, demo: bool = False) -> MainWindow:
    window = MainWindow(services, settings, demo=demo)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def test_opens_on_the_overview_then_the_person_list_has_its_first_page(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    assert window.navigation.currentRow() == 0
    assert window.current_screen() is window.overview_view
    assert window.overview_view.isVisible()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.persons_view
    assert window.stack.currentWidget() is view
    assert view.model.rowCount() == 100
    assert view.count_label.text() == "250 deltagare"
    assert window.windowTitle() == "Matchning"
    assert window.findChild(object, "demoBadge") is None


def test_typing_filters_the_list(qtbot: QtBot, services: Services, settings: Settings) -> None:
    window = _window(qtbot, services, settings)
    view = window.persons_view
    qtbot.keyClicks(view.search, "kovalen")
    qtbot.waitUntil(lambda: view.model.rowCount() < 100, timeout=2000)
    lasts = {view.model.index(r, 0).data() for r in range(view.model.rowCount())}
    assert lasts == {"Kovalenko"}
    assert view.count_label.text().endswith("träffar")
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 100, timeout=2000)


def test_diacritics_do_not_matter_when_searching(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    view = window.persons_view
    qtbot.keyClicks(view.search, "Angstrom")
    qtbot.waitUntil(lambda: view.model.rowCount() < 100, timeout=2000)
    assert {view.model.index(r, 0).data() for r in range(view.model.rowCount())} == {"Ängström"}


def test_demo_mode_is_marked_in_title_and_status_bar(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings, demo=True)
    assert "DEMO" in window.windowTitle()
    badge = window.findChild(object, "demoBadge")
    assert badge is not None
    assert badge.text() == "DEMO"  # type: ignore[attr-defined]


def test_keyboard_navigation_between_screens(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.navigation.currentRow() == 2
    assert window.current_screen() is window.employers_view
    wait_for_focus(qtbot, window.employers_view.search)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.matching_view
    assert window.matching_view.accessibleName() == "Matchning"
    wait_for_focus(qtbot, window.matching_view.need_field)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.reports_view
    assert window.reports_view.accessibleName() == "Rapporter"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.persons_view
    wait_for_focus(qtbot, window.persons_view.search)


def test_clicking_an_unsortable_header_keeps_the_sort(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    header = window.persons_view.table.horizontalHeader()
    header.setSortIndicator(3, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == 0
    header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == 2
    dates = [window.persons_view.model.index(r, 2).data() for r in range(100)]
    assert dates == sorted(dates)


def test_window_state_is_remembered(qtbot: QtBot, services: Services, settings: Settings) -> None:
    window = _window(qtbot, services, settings)
    window.navigation.setCurrentRow(5)
    window.close()
    assert settings.last_screen == 5
    assert settings.window_geometry
    again = _window(qtbot, services, settings)
    assert again.navigation.currentRow() == 5


def test_every_control_is_named_for_assistive_technology(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    view = window.persons_view
    for widget in (view, view.search, view.table, view.count_label, window.navigation):
        assert widget.objectName()
        assert widget.accessibleName()


def test_the_file_menu_has_password_lock_and_quit(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    entries = [a.text() for a in file_menu.actions() if a.text()]
    assert entries == [
        "&Ny inskrivning…",
        "&Påbörjade inskrivningar…",
        "Ny &arbetsgivare…",
        "Logga &kontakt…",
        "&Byt lösenord…",
        "&Lås",
        "&Avsluta",
    ]
    assert window.lock_action.shortcut().toString() == "Ctrl+L"


def test_a_caseworker_changes_their_own_password(
    qtbot: QtBot, tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "m.sqlite"
    admin = accounts.set_up(
        path, municipality_code="0127", full_name="Ada Admin", username="ada",
        password="ett langt losenord",
    )  # fmt: skip
    AccountService(admin.db, admin.actor).add_user(
        username="bo", full_name="Bo Agent", role="handlaggare", municipality_code="0127",
        password="tillfalligt losen",
    )  # fmt: skip
    admin.db.close()
    opened = accounts.log_in(path, "bo", "tillfalligt losen")
    try:
        window = _window(qtbot, Services.for_user(opened.db, opened.actor), settings)
        assert window.admin_view is None
        action = window.findChild(QAction, "changePasswordAction")
        assert isinstance(action, QAction)
        action.trigger()
        dialog = window.findChild(ChangePasswordDialog)
        assert isinstance(dialog, ChangePasswordDialog)
        show_active(qtbot, dialog)
        qtbot.keyClicks(dialog.current, "inte mitt")
        qtbot.keyClicks(dialog.new, "mitt eget losenord")
        qtbot.keyClicks(dialog.repeat, "mitt eget losenord")
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
        assert dialog.errors["current"].text() == "Det nuvarande lösenordet stämmer inte."
        assert dialog.isVisible()
        dialog.current.setText("tillfalligt losen")
        # The failed attempt was counted: the next one waits for the key file's delay.
        qtbot.waitUntil(lambda: not KeyFile.load(key_file_path(path)).seconds_to_wait("bo"))
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
        assert dialog.result() == dialog.DialogCode.Accepted
        assert window.statusBar().currentMessage() == "Lösenordet är bytt."
    finally:
        opened.db.close()
    again = accounts.log_in(path, "bo", "mitt eget losenord")
    assert not again.must_change_password
    again.db.close()
