"""Radera personen (begäran om radering) from the person's window, as an administrator:
the confirmation names the person and counts what goes; confirmed, the person is erased,
the window closes and the list no longer has them. A handläggare has no such button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import AuditEvent, Person
from desktop.services.registry import Services
from desktop.views.main_window import MainWindow
from desktop.views.person.erase_dialog import EraseDialog
from desktop.views.person.view import PersonView
from desktop.views.settings import Settings
from tests.views.conftest import services_for, show_active

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def _open_first(
    qtbot: QtBot, services: Services, settings: Settings
) -> tuple[MainWindow, PersonView]:
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    first = window.persons_view.model.person_id(0)
    assert first is not None
    opened = window.workspace.open_person(first)
    assert opened is not None
    assert isinstance(opened.content, PersonView)
    return window, opened.content


def test_an_administrator_erases_a_person_after_a_named_confirmation(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window, person = _open_first(qtbot, services, settings)
    name = person.name.text()
    assert person.erase_button is not None
    assert person.erase_button.text() == "Radera personen (begäran om radering)…"
    qtbot.mouseClick(person.erase_button, Qt.MouseButton.LeftButton)
    dialog = person.erase_dialog
    assert isinstance(dialog, EraseDialog)
    assert dialog.isVisible()
    assert dialog.contents.text().startswith(name + ", född ")
    assert "ärenden" in dialog.contents.text()
    assert dialog.cancel_button.isDefault()
    QApplication.processEvents()
    dialog.grab().save("/tmp/erase_person.png")

    dialog.reason.setCurrentIndex(dialog.reason.findData("samtycke"))
    person_id = person.person_id
    with qtbot.waitSignal(dialog.erased, timeout=60_000):
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace.windows() == [])
    with services.db.read() as session:
        assert session.get(Person, person_id) is None
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event is not None
    assert event.details is not None
    assert event.details.startswith("radering, samtycke: ")
    assert name.split()[-1] not in event.details
    assert window.persons_view.model.person_id(0) != person_id


def test_cancel_keeps_the_person(qtbot: QtBot, services: Services, settings: Settings) -> None:
    _window, person = _open_first(qtbot, services, settings)
    dialog = person.ask_erase()
    assert dialog is not None
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with services.db.read() as session:
        assert session.get(Person, person.person_id) is not None


def test_a_handlaggare_has_no_erase_button(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    clerk = services_for(services.db, "handlaggare")
    _window, person = _open_first(qtbot, clerk, settings)
    assert person.erase_button is None
    assert person.ask_erase() is None
