"""The windows beside the main window, as a caseworker meets them (docs/ui.md,
"Fönster"): placed on the screen and cascaded, opened at the size the last one of their
kind was left at, with Ctrl+Q, Ctrl+K and Ctrl+L as in the main window, Logga kontakt
leaving the window it came from in front, and a quit that goes on after "Stäng ändå"."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop.services.employers import EmployerData
from desktop.services.registry import Services
from desktop.views.log_contact_dialog import LogContactDialog
from desktop.views.main_window import MainWindow
from desktop.views.person.view import PersonView
from desktop.views.placement import CASCADE_STEP
from desktop.views.settings import Settings
from desktop.views.workspace import ScreenWindow
from tests.views.conftest import show_active

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def employer_id(services: Services) -> uuid.UUID:
    return services.employers.create(
        EmployerData(name="Östgöta Provbageri AB", sector="privat", municipality_code="0127")
    )


def _window(qtbot: QtBot, services: Services, settings: Settings) -> MainWindow:
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def _persons(window: MainWindow, count: int) -> list[ScreenWindow]:
    opened = []
    for row in range(count):
        person_id = window.persons_view.model.person_id(row)
        assert person_id is not None
        person = window.workspace.open_person(person_id)
        assert person is not None
        opened.append(person)
    return opened


def _available(window: MainWindow) -> QRect:
    return window.screen().availableGeometry()


def test_record_windows_open_within_the_screen_sized_to_fit_it(
    qtbot: QtBot, services: Services, settings: Settings, employer_id: uuid.UUID
) -> None:
    window = _window(qtbot, services, settings)
    available = _available(window)
    # The offscreen screen is smaller than a record window's 1040×760.
    assert available.width() < 1040
    person = _persons(window, 1)[0]
    employer = window.workspace.open_employer(employer_id)
    assert employer is not None
    for opened in (person, employer):
        qtbot.waitExposed(opened)
        assert available.contains(opened.frameGeometry()), opened.objectName()
        # As wide as the screen allows, frame included; as tall as it prefers (760).
        assert opened.frameGeometry().width() == available.width()
        assert opened.height() == 760


def test_windows_of_a_kind_cascade_instead_of_piling_up(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    settings.person_window_size = QSize(500, 400)  # room on the screen to cascade
    window = _window(qtbot, services, settings)
    available = _available(window)
    first, second, third = _persons(window, 3)
    corners = [w.pos() for w in (first, second, third)]
    assert second.pos() - first.pos() == third.pos() - second.pos()
    assert second.pos().x() - first.pos().x() in (CASCADE_STEP, available.left() - first.x())
    assert len({(c.x(), c.y()) for c in corners}) == 3
    for opened in (first, second, third):
        assert opened.size() == QSize(500, 400)
        assert available.contains(opened.frameGeometry())

    # With the others closed, the next one opens where the first did.
    for opened in (first, second, third):
        opened.close()
    (again,) = _persons(window, 1)
    assert again.pos() == corners[0]


def test_a_kind_of_window_opens_at_the_size_the_last_one_was_left_at(
    qtbot: QtBot, services: Services, settings: Settings, employer_id: uuid.UUID
) -> None:
    window = _window(qtbot, services, settings)
    (person,) = _persons(window, 1)
    person.resize(620, 480)
    person.close()
    assert settings.person_window_size == QSize(620, 480)

    (person,) = _persons(window, 1)
    assert person.size() == QSize(620, 480)
    # Per kind: an employer's window keeps its own size.
    employer = window.workspace.open_employer(employer_id)
    assert employer is not None
    assert employer.frameGeometry().width() == _available(window).width()
    # And between runs: a new main window over the same settings.
    assert Settings(settings.store).person_window_size == QSize(620, 480)


def test_every_window_has_the_main_windows_keys(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    (person,) = _persons(window, 1)
    main_keys = {
        a.objectName(): a.shortcut().toString()
        for a in (window.log_contact_action, window.lock_action, window.quit_action)
    }
    assert main_keys == {
        "logContactAction": "Ctrl+K",
        "lockAction": "Ctrl+L",
        "quitAction": "Ctrl+Q",
    }
    person_keys = {a.objectName(): a.shortcut().toString() for a in person.actions()}
    assert person_keys == main_keys

    # Ctrl+L in the person's window locks the app.
    show_active(qtbot, person)
    qtbot.keyClick(person.content, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert not person.isVisible()


def test_ctrl_q_in_a_persons_window_quits(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    (person,) = _persons(window, 1)
    show_active(qtbot, person)
    qtbot.keyClick(person.content, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert window.workspace.windows() == []


def test_stang_anda_on_the_quit_question_goes_on_quitting(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    first, second = _persons(window, 2)
    for opened in (first, second):
        view = opened.content
        assert isinstance(view, PersonView)
        view.show_tab(view.tasks)
        view.tasks.title.setText("Ring arbetsgivaren")

    show_active(qtbot, second)
    qtbot.keyClick(second.content, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.isVisible()
    # One question at a time, each answered "Stäng ändå": no second Ctrl+Q is needed.
    for _ in range(2):
        asking = next(w for w in window.workspace.windows() if w.question is not None)
        box = asking.question
        assert isinstance(box, QMessageBox)
        button = box.findChild(QPushButton, "confirmButton")
        assert isinstance(button, QPushButton)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.workspace.windows() == []
    assert not window.isVisible()


def test_fortsatt_har_on_the_quit_question_stops_the_quit(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    (person,) = _persons(window, 1)
    view = person.content
    assert isinstance(view, PersonView)
    view.show_tab(view.tasks)
    view.tasks.title.setText("Ring arbetsgivaren")
    assert not window.close()
    box = person.question
    assert isinstance(box, QMessageBox)
    stay = box.findChild(QPushButton, "cancelButton")
    assert isinstance(stay, QPushButton)
    qtbot.mouseClick(stay, Qt.MouseButton.LeftButton)
    assert window.isVisible()
    assert person.isVisible()
    # Closing the window by itself later does not quit the app.
    person.close()
    box = person.question
    assert isinstance(box, QMessageBox)
    close = box.findChild(QPushButton, "confirmButton")
    assert isinstance(close, QPushButton)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert window.workspace.windows() == []
    assert window.isVisible()


def test_logga_kontakt_leaves_the_employers_window_in_front(
    qtbot: QtBot, services: Services, settings: Settings, employer_id: uuid.UUID
) -> None:
    window = _window(qtbot, services, settings)
    employer = window.workspace.open_employer(employer_id)
    assert employer is not None
    show_active(qtbot, employer)
    qtbot.keyClick(employer.content, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.workspace.contact_dialog
    assert isinstance(dialog, LogContactDialog)
    # The dialog belongs to the employer's window, not to the main window.
    assert dialog.parentWidget() is employer
    show_active(qtbot, dialog)
    qtbot.keyClicks(dialog.summary, "Besok hos bageriet")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is employer)
    assert employer.isVisible()
