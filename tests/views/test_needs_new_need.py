"""Nytt behov… on the Rekryteringsbehov screen, not only on an employer's tab: the
employer is found with the type-ahead, then the need editor opens for it."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.employers import EmployerData
from desktop.services.registry import Services
from desktop.store.database import Database
from desktop.views.need.choose_employer import ChooseEmployerDialog
from desktop.views.needs_view import NeedsView
from tests.views.conftest import services_for, show_active

popup_warnings = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@pytest.fixture
def services(db: Database) -> Services:
    return services_for(db)


@pytest.fixture
def bakery(services: Services) -> uuid.UUID:
    return services.employers.create(EmployerData(name="Östgöta Testbageri AB", sector="privat"))


def open_view(qtbot: QtBot, services: Services) -> NeedsView:
    view = NeedsView(services.vacancies, services.reference, employers=services.employers)
    qtbot.addWidget(view)
    view.resize(1300, 600)
    show_active(qtbot, view)
    return view


def test_without_an_employer_source_there_is_no_button(qtbot: QtBot, services: Services) -> None:
    view = NeedsView(services.vacancies, services.reference)
    qtbot.addWidget(view)
    assert view.new_need_button.isHidden()


@popup_warnings
def test_new_need_asks_for_the_employer_with_type_ahead(
    qtbot: QtBot, services: Services, bakery: uuid.UUID
) -> None:
    view = open_view(qtbot, services)
    assert view.new_need_button.isVisible()
    assert view.new_need_button.text() == "&Nytt behov…"
    qtbot.mouseClick(view.new_need_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(ChooseEmployerDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Välj arbetsgivaren."
    assert dialog.isVisible()

    dialog.employer.setFocus()
    qtbot.keyClicks(dialog.employer, "ostgota")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    assert dialog.employer.suggestions[0].id == bakery
    popup = QApplication.activePopupWidget()
    assert popup is not None
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.employer.chosen is not None)
    assert not dialog.error.isVisible()
    with qtbot.waitSignal(view.new_need_requested) as asked:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert asked.args == [str(bakery)]
