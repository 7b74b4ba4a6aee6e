"""The main window driven like a user would: keyboard, search, navigation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.registry import Services
from desktop.views.main_window import MainWindow
from desktop.views.placeholder import ComingLaterView
from desktop.views.settings import Settings
from tests.views.conftest import show_active


def _window(qtbot: QtBot, services: Services, settings: Settings, demo: bool = False) -> MainWindow:
    window = MainWindow(services, settings, demo=demo)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def test_opens_on_the_person_list_with_the_first_page(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
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
    current = window.stack.currentWidget()
    assert isinstance(current, ComingLaterView)
    assert current.accessibleName() == "Arbetsgivare"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.persons_view
    assert window.persons_view.search.hasFocus()


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
