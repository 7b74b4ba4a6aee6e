"""Who am I and Hjälp, through the whole main window: the logged-in user and role in the
status bar, F1 listing the shortcuts of the actions that exist, and the user guide read
offline from the bundled copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMenu
from pytestqt.qtbot import QtBot

from desktop.store.database import Database
from desktop.views.help import GUIDE, ShortcutsDialog, UserGuideWindow, shortcuts
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings
from tests.views.conftest import services_for, show_active

README = Path(__file__).resolve().parents[2] / "README.md"


def open_window(qtbot: QtBot, db: Database, settings: Settings) -> MainWindow:
    window = MainWindow(services_for(db, "administrator"), settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def test_the_status_bar_says_who_is_logged_in(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    window = open_window(qtbot, db, settings)
    label = window.statusBar().findChild(QLabel, "currentUser")
    assert label is not None
    assert label.isVisible()
    assert label.text() == "Inloggad: Test Administrator (Administratör)"


def test_f1_lists_the_shortcuts_of_the_actions_there_are(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    window = open_window(qtbot, db, settings)
    help_menu = next(
        menu for menu in window.menuBar().findChildren(QMenu) if menu.title() == "&Hjälp"
    )
    assert [a.text() for a in help_menu.actions() if a.text()][:3] == [
        "&Kortkommandon",
        "&Användarhandbok",
        "&Om Matchning",
    ]
    focus = QApplication.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    shown = {
        (dialog.table.item(row, 0).text(), dialog.table.item(row, 1).text())
        for row in range(dialog.table.rowCount())
    }
    native = QKeySequence.SequenceFormat.NativeText
    for what, keys in (
        ("Kortkommandon", "F1"),
        ("Ny inskrivning", QKeySequence(QKeySequence.StandardKey.New).toString(native)),
        ("Logga kontakt", "Ctrl+K"),
        ("Sök i listan", QKeySequence(QKeySequence.StandardKey.Find).toString(native)),
    ):
        assert (what, keys) in shown
    # Every action of the window with a shortcut is listed: made from them, not typed.
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            assert any(keys == sequence.toString(native) for _, keys in shown), action.text()
    assert len(shortcuts(window)) == dialog.table.rowCount()


# The offscreen platform cannot raise a window or pass on its size hints.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_user_guide_opens_offline(qtbot: QtBot, db: Database, settings: Settings) -> None:
    window = open_window(qtbot, db, settings)
    window.help.guide.trigger()
    guide = window.findChild(UserGuideWindow)
    assert guide is not None
    qtbot.waitExposed(guide)
    text = guide.browser.toPlainText()
    assert "Starting and logging in" in text
    assert "##" not in text  # Markdown shown as headings, not as marks
    window.help.guide.trigger()
    assert window.findChildren(UserGuideWindow) == [guide]


def test_the_bundled_guide_is_the_readme_user_guide() -> None:
    """resources/guide/user-guide.md is copied from README.md (the frozen app has no
    repository). After editing the README's user guide, copy the section again:
    python -c "import tests.views.test_help as t; t.write_guide()"."""
    bundled = (Path(__file__).resolve().parents[2] / "resources").joinpath(*GUIDE)
    assert bundled.read_text(encoding="utf-8") == guide_from_readme()


def guide_from_readme() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## User guide") : text.index("## For developers")]
    return "# Matchning – användarhandbok\n\n" + section.rstrip() + "\n"


def write_guide() -> None:
    bundled = (Path(__file__).resolve().parents[2] / "resources").joinpath(*GUIDE)
    bundled.write_text(guide_from_readme(), encoding="utf-8")


def test_new_need_is_on_the_needs_screen_of_the_main_window(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    window = open_window(qtbot, db, settings)
    view = window.needs_view
    assert view.new_need_button.isVisibleTo(view)
    assert view.receivers("2new_need_requested(QString)") == 1
