"""Employers, their contacts and their recruitment needs, reached from the main window as
a matching agent would: the lists, the windows, Ctrl+K, and my follow-ups."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop import clock
from desktop.services.employers import ContactData, ContactPersonData, EmployerData
from desktop.services.registry import Services
from desktop.views.employer.new_employer_dialog import NewEmployerDialog
from desktop.views.employer.view import EmployerView
from desktop.views.log_contact_dialog import LogContactDialog
from desktop.views.main_window import MainWindow
from desktop.views.need.editor import NeedEditor
from desktop.views.settings import Settings
from desktop.views.workspace import ScreenWindow
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
TODAY = clock.today()


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


def _employer_view(window: ScreenWindow | None) -> EmployerView:
    assert window is not None
    assert isinstance(window.content, EmployerView)
    return window.content


def test_the_employer_list_opens_the_employer_in_its_own_window(
    qtbot: QtBot, services: Services, settings: Settings, employer_id: uuid.UUID
) -> None:
    window = _window(qtbot, services, settings)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    view = window.employers_view
    wait_for_focus(qtbot, view.search)
    qtbot.keyClicks(view.search, "ostgota")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    opened = window.workspace.employer_window(employer_id)
    employer = _employer_view(opened)
    assert employer.name.text() == "Östgöta Provbageri AB"
    assert opened is not None
    assert opened.windowTitle() == "Östgöta Provbageri AB"
    assert window.workspace.open_employer(employer_id) is opened


def test_ctrl_k_in_an_employers_window_logs_a_contact_for_it(
    qtbot: QtBot, services: Services, settings: Settings, employer_id: uuid.UUID
) -> None:
    window = _window(qtbot, services, settings)
    opened = window.workspace.open_employer(employer_id)
    assert opened is not None
    employer = _employer_view(opened)
    show_active(qtbot, opened)
    qtbot.keyClick(employer.tabs, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.workspace.contact_dialog
    assert isinstance(dialog, LogContactDialog)
    assert dialog.employer.text() == "Östgöta Provbageri AB"
    show_active(qtbot, dialog)
    qtbot.keyClicks(dialog.summary, "Besok hos bageriet")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    # The employer's window, the list and the status bar show it at once.
    assert len(employer.contacts.rows) == 1
    assert employer.last_contact.text() == TODAY.isoformat()
    assert window.statusBar().currentMessage() == "Kontakten är sparad."


def test_ctrl_k_from_the_main_window_asks_which_employer(
    qtbot: QtBot, services: Services, settings: Settings, employer_id: uuid.UUID
) -> None:
    window = _window(qtbot, services, settings)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.workspace.contact_dialog
    assert isinstance(dialog, LogContactDialog)
    assert dialog.employer.text() == ""
    dialog.employer.setText("provbageri")
    dialog.summary.setPlainText("Telefonsamtal")
    dialog.follow_up_on.setText((TODAY).isoformat())
    dialog.save()
    assert not dialog.isVisible()
    assert [t.title for t in window.my_tasks_view.model.tasks()] == ["Följ upp kontakten"]

    # The employer's follow-up in my follow-ups opens the employer.
    window.navigation.setCurrentRow(0)
    tasks = window.my_tasks_view
    tasks.focus_list()
    qtbot.keyClick(tasks.table, Qt.Key.Key_Return)
    assert _employer_view(window.workspace.employer_window(employer_id)).employer_id == employer_id


def test_a_new_employer_from_the_menu_opens_when_saved(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    window.navigation.setCurrentRow(2)
    qtbot.mouseClick(window.employers_view.new_employer_button, Qt.MouseButton.LeftButton)
    dialog = window.workspace.new_employer_dialog
    assert isinstance(dialog, NewEmployerDialog)
    dialog.fields.name.setText("Tyresö Testverkstad AB")
    dialog.fields.sector.set_value("privat")
    dialog.submit()
    assert dialog.employer_id is not None
    employer = _employer_view(window.workspace.employer_window(dialog.employer_id))
    assert employer.name.text() == "Tyresö Testverkstad AB"
    assert window.employers_view.count_label.text() == "1 arbetsgivare"


def test_a_need_made_from_the_employer_shows_there_and_in_the_needs_list(
    qtbot: QtBot, services: Services, settings: Settings, employer_id: uuid.UUID
) -> None:
    window = _window(qtbot, services, settings)
    employer = _employer_view(window.workspace.open_employer(employer_id))
    employer.new_need_requested.emit(str(employer_id))
    [need_window] = [w for w in window.workspace.windows() if w.objectName() == "needWindow"]
    editor = need_window.content
    assert isinstance(editor, NeedEditor)
    assert "Östgöta Provbageri AB" in need_window.windowTitle()
    editor.occupation.set_value("9111")
    editor.title.setText("Lokalvårdare")
    editor.form_code.set_value("anstallning")
    editor.apply_by.setText((TODAY + dt.timedelta(days=10)).isoformat())
    assert editor.save()

    assert [n.title for n in employer.needs.model.needs()] == ["Lokalvårdare"]
    window.navigation.setCurrentRow(3)
    assert window.needs_view.model.rowCount() == 1
    assert "Lokalvårdare" in need_window.windowTitle()
    # Opening the saved need from the list brings a window of its own for it.
    need_id = window.needs_view.model.need_id(0)
    assert need_id is not None
    opened = window.workspace.open_need(need_id)
    assert opened is not None
    assert isinstance(opened.content, NeedEditor)


def test_an_employer_window_with_typed_details_asks_before_closing(
    qtbot: QtBot, services: Services, settings: Settings, employer_id: uuid.UUID
) -> None:
    window = _window(qtbot, services, settings)
    opened = window.workspace.open_employer(employer_id)
    assert opened is not None
    employer = _employer_view(opened)
    employer.details_tab.fields.website.setText("www.example.se")
    assert opened.close() is False
    assert opened.question is not None
    assert opened.isVisible()


def test_an_open_employer_window_shows_what_was_saved_elsewhere_when_reloaded(
    qtbot: QtBot, services: Services, settings: Settings, employer_id: uuid.UUID
) -> None:
    window = _window(qtbot, services, settings)
    employer = _employer_view(window.workspace.open_employer(employer_id))
    services.employers.log_contact(employer_id, ContactData(summary="Mejl om praktik"))
    services.employers.add_contact_person(employer_id, ContactPersonData("Testa Kontaktsson"))
    employer.reload()
    assert len(employer.contacts.rows) == 1
    assert [p.name for p in employer.contact_persons.model.rows()] == ["Testa Kontaktsson"]


def test_an_unknown_need_is_explained(qtbot: QtBot, services: Services, settings: Settings) -> None:
    window = _window(qtbot, services, settings)
    assert window.workspace.open_need(uuid.uuid4()) is None
    assert window.statusBar().currentMessage().endswith("Uppdatera listan och försök igen.")
    assert not [w for w in window.workspace.windows() if w.objectName() == "needWindow"]
