"""Administration → Inställningar: the database settings, saved and read back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSpinBox
from pytestqt.qtbot import QtBot

from desktop.services import settings as database_settings
from desktop.services.settings import AppSettings, SettingsService
from desktop.store.database import Database
from desktop.views.settings_view import SettingsView
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus


def _view(qtbot: QtBot, db: Database) -> SettingsView:
    view = SettingsView(SettingsService(db))
    qtbot.addWidget(view)
    view.resize(560, 260)
    show_active(qtbot, view)
    return view


def _type(qtbot: QtBot, box: QSpinBox, text: str) -> None:
    """Replace the number the way a user does: select it all and type."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    if text:
        qtbot.keyClicks(box, text)


def test_shows_the_stored_values(qtbot: QtBot, db: Database) -> None:
    SettingsService(db).update(auto_lock_minutes=7)
    view = _view(qtbot, db)
    assert view.auto_lock.value() == 7
    assert view.backups.value() == AppSettings().backups_kept
    for widget in (view, view.auto_lock, view.backups, view.save_button):
        assert widget.objectName()
        assert widget.accessibleName()


def test_saving_stores_the_values_and_reads_them_back(qtbot: QtBot, db: Database) -> None:
    view = _view(qtbot, db)
    _type(qtbot, view.auto_lock, "15")
    _type(qtbot, view.backups, "30")
    with qtbot.waitSignal(view.saved) as saved:
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    stored = SettingsService(db).get()
    assert (stored.auto_lock_minutes, stored.backups_kept) == (15, 30)
    assert saved.args == [stored]
    assert view.notice.text() == "Sparat."
    assert view.auto_lock.value() == 15
    QApplication.processEvents()  # let the layout settle before the picture
    view.grab().save("/tmp/settings_tab.png")


def test_a_number_out_of_range_is_explained_and_not_saved(qtbot: QtBot, db: Database) -> None:
    view = _view(qtbot, db)
    _type(qtbot, view.auto_lock, "0")
    error = view.errors["auto_lock_minutes"]
    assert error.isVisible()
    assert error.text() == "Värdet ska vara mellan 1 och 240."
    assert not view.save_button.isEnabled()
    assert view.auto_lock.lineEdit().text().startswith("0")  # what was typed stays
    view.grab().save("/tmp/settings_tab_error.png")

    _type(qtbot, view.backups, "")
    assert view.errors["backups_kept"].text() == "Värdet ska vara mellan 1 och 365."
    view.save()  # a click cannot reach the disabled button; the check holds anyway
    assert SettingsService(db).get() == AppSettings()
    assert view.notice.text() == ""

    _type(qtbot, view.auto_lock, "5")
    _type(qtbot, view.backups, "3")
    assert error.isHidden()
    assert view.save_button.isEnabled()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert SettingsService(db).get().auto_lock_minutes == 5


def test_a_value_the_service_refuses_is_shown_beside_its_field(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _view(qtbot, db)
    _type(qtbot, view.backups, "200")
    # The service is the last word on the limits (another version may narrow them).
    monkeypatch.setitem(database_settings.LIMITS, "backups_kept", (1, 100))
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.errors["backups_kept"].text() == "Värdet ska vara mellan 1 och 100."
    assert view.backups.value() == 200
    wait_for_focus(qtbot, view.backups)
    assert SettingsService(db).get().backups_kept == AppSettings().backups_kept
