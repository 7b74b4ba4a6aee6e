"""Administration: only administrators see it, and its tabs are the screens handed in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.store.database import Database
from desktop.views.admin_view import AdminView
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings
from desktop.views.settings_view import SettingsView
from desktop.views.users_view import UsersView
from tests.views.conftest import services_for, show_active


def _window(qtbot: QtBot, db: Database, settings: Settings, role: str) -> MainWindow:
    window = MainWindow(services_for(db, role), settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def _entries(window: MainWindow) -> list[str]:
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


def test_caseworkers_and_coordinators_see_no_administration(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    for role in ("handlaggare", "samordnare"):
        window = _window(qtbot, db, settings, role)
        assert "Administration" not in _entries(window)
        assert len(_entries(window)) == 6
        assert window.admin_view is None
        assert window.findChild(UsersView) is None
        assert window.findChild(SettingsView) is None
        before = window.navigation.currentRow()
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
        assert window.navigation.currentRow() == before
        window.close()


def test_administrators_find_it_last_with_its_shortcut(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    window = _window(qtbot, db, settings, "administrator")
    assert _entries(window)[-1] == "Administration"
    assert window.navigation.item(6).toolTip() == "Administration (Ctrl+7)"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    admin = window.admin_view
    assert admin is not None
    assert window.current_screen() is admin
    tabs = admin.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Användare",
        "Logg",
        "Inställningar",
        "Brevhuvud",
        "Gallring",
        "Server",
    ]
    assert admin.tab("Gallring") is window.retention_view
    assert admin.tab("Server") is window.server_view
    assert tabs.currentWidget() is window.users_view
    assert window.users_view is not None
    names = [window.users_view.model.index(r, 1).data() for r in range(2)]
    assert "testadministrator" in names
    assert admin.tab("Logg") is window.audit_log_view
    # Keyboard: Ctrl+PgDown and Ctrl+PgUp move between the tabs, even from the table.
    window.users_view.table.setFocus()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.users_view.table, Qt.Key.Key_PageDown, ctrl)
    assert tabs.currentIndex() == 1
    qtbot.keyClick(tabs.currentWidget(), Qt.Key.Key_PageDown, ctrl)
    assert tabs.currentWidget() is window.settings_view
    qtbot.keyClick(tabs.currentWidget(), Qt.Key.Key_PageUp, ctrl)
    assert tabs.currentIndex() == 1


def test_saving_the_settings_changes_the_auto_lock_at_once(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    window = _window(qtbot, db, settings, "administrator")
    assert window.lock_after_ms == 10 * 60_000  # the default setting
    admin = window.admin_view
    assert admin is not None
    window.navigation.setCurrentRow(6)
    admin.show_tab("Inställningar")
    view = window.settings_view
    assert view is not None
    assert admin.tabs.currentWidget() is view
    view.auto_lock.setValue(3)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert window.lock_after_ms == 3 * 60_000


def test_the_view_shows_the_tabs_it_is_given(qtbot: QtBot) -> None:
    first, second = QLabel("ett"), QLabel("två")
    view = AdminView([("Första", first), ("Andra", second)])
    qtbot.addWidget(view)
    assert view.tabs.count() == 2
    assert view.tab("Andra") is second
    assert view.tab("Saknas") is None
    view.show_tab("Andra")
    assert view.tabs.currentWidget() is second
    assert view.objectName() == "adminView"
    assert view.accessibleName() == "Administration"
