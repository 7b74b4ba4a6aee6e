"""The person and intake windows, reached from the main window as a caseworker would:
from the list, from the menu, from my follow-ups and from the drafts offered at start."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop import clock
from desktop.services.intake import Step
from desktop.services.registry import Services
from desktop.views.intake import DraftsDialog, IntakeWizard
from desktop.views.main_window import MainWindow
from desktop.views.person.view import PersonView
from desktop.views.settings import Settings
from desktop.views.workspace import ScreenWindow
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus
from tests.views.test_intake_wizard import complete_data

# Windows are brought forward with raise(), which the offscreen platform cannot do.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def _window(qtbot: QtBot, services: Services, settings: Settings) -> MainWindow:
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def _person_view(window: ScreenWindow | None) -> PersonView:
    assert window is not None
    assert isinstance(window.content, PersonView)
    return window.content


def _answer(qtbot: QtBot, owner: ScreenWindow, button: str) -> None:
    box = owner.question
    assert isinstance(box, QMessageBox)
    assert box.isVisible()
    found = box.findChild(QPushButton, button)
    assert found is not None
    qtbot.mouseClick(found, Qt.MouseButton.LeftButton)


def test_enter_in_the_list_opens_the_person_in_a_window_of_its_own(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    window.navigation.setCurrentRow(1)  # Deltagare
    view = window.persons_view
    qtbot.keyClicks(view.search, "Kovalenko")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    # Several Kovalenkos: Enter goes to the first of them in the list, Enter opens it.
    wait_for_focus(qtbot, view.table)
    assert window.workspace.windows() == []
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace.windows() != [])
    opened = window.workspace.windows()[0]
    person = _person_view(opened)
    assert person.name.text().endswith("Kovalenko")
    assert opened.windowTitle() == person.name.text()
    assert opened.isVisible()
    # The list stays where it was, behind the person.
    assert window.stack.currentWidget() is view
    assert view.search.text() == "Kovalenko"

    # Opening the same person again brings the same window forward: one read, one window.
    person_id = person.person_id
    assert window.workspace.open_person(person_id) is opened
    assert len(window.workspace.windows()) == 1


def test_a_person_window_asks_before_throwing_away_a_typed_note(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    first = window.persons_view.model.person_id(0)
    assert first is not None
    opened = window.workspace.open_person(first)
    assert opened is not None
    person = _person_view(opened)
    person.show_tab(person.tasks)
    person.tasks.title.setText("Ring arbetsgivaren om praktiken")

    opened.close()
    assert opened.isVisible()
    assert opened.question is not None
    assert "uppföljningen" in opened.question.text()
    _answer(qtbot, opened, "cancelButton")
    assert opened.isVisible()
    assert person.tasks.title.text() == "Ring arbetsgivaren om praktiken"

    # Quitting the app asks the same, and the main window stays open meanwhile.
    window.close()
    assert window.isVisible()
    assert opened.isVisible()
    _answer(qtbot, opened, "confirmButton")
    qtbot.waitUntil(lambda: window.workspace.windows() == [])
    assert window.close()


def test_a_new_intake_from_the_menu_ends_in_the_new_persons_window(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    assert window.new_intake_action.shortcut().toString() == "Ctrl+N"
    qtbot.keyClick(window.persons_view.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    intakes = window.workspace.intake_windows()
    assert len(intakes) == 1
    wizard = intakes[0].content
    assert isinstance(wizard, IntakeWizard)
    assert intakes[0].windowTitle() == "Ny inskrivning"

    # The quick way to a filled-in wizard: a draft of a whole intake, at its summary.
    data = complete_data(first_name="Testa", last_name="Workspacesson")
    intakes[0].close()
    assert window.workspace.intake_windows() == []
    draft = services.intake.save_draft(None, data, Step.SUMMARY)
    resumed = window.workspace.resume_draft(draft)
    wizard = resumed.content
    assert isinstance(wizard, IntakeWizard)
    assert wizard.step == Step.SUMMARY
    wizard.complete()

    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert window.workspace.intake_windows() == []
    person = _person_view(window.workspace.windows()[0])
    assert person.name.text() == "Testa Workspacesson"
    assert person.status.text() == "Inskriven"
    assert window.persons_view.count_label.text() == "251 deltagare"
    assert window.statusBar().currentMessage() == "Inskrivningen är sparad och ärendet är öppnat."


def test_unfinished_intakes_are_offered_at_start_and_resumed(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    draft = services.intake.save_draft(
        None, complete_data(first_name="Utkast", last_name="Testsson"), Step.LANGUAGES
    )
    window = _window(qtbot, services, settings)
    assert window.overview_view.drafts_banner.isVisibleTo(window.overview_view)
    assert "en påbörjad inskrivning" in window.overview_view.drafts_text.text()

    window.offer_drafts()
    dialog = window.workspace.drafts_dialog
    assert isinstance(dialog, DraftsDialog)
    show_active(qtbot, dialog)
    assert "Utkast Testsson" in dialog.list.item(0).text()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)

    intakes = window.workspace.intake_windows()
    assert len(intakes) == 1
    wizard = intakes[0].content
    assert isinstance(wizard, IntakeWizard)
    assert wizard.draft_id == draft
    assert wizard.step == Step.LANGUAGES
    # Asking for the same draft again brings its window forward.
    assert window.workspace.resume_draft(draft) is intakes[0]


def test_nothing_is_offered_without_drafts(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    window.offer_drafts()
    assert window.workspace.drafts_dialog is None
    assert not window.overview_view.drafts_banner.isVisibleTo(window.overview_view)


def test_my_follow_ups_on_the_overview_open_their_person(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    window.navigation.setCurrentRow(1)  # Deltagare
    person_id = uuid.UUID(window.persons_view.model.person_id(0) or "")
    cases = services.cases.cases_of(person_id)
    if cases and cases[0].closed_on is None:
        case_id = cases[0].id
    else:
        case_id = services.cases.open_case(person_id, municipality_code="0127")
    services.cases.add_task(
        case_id=case_id, title="Följ upp praktiken", due_date=clock.today().isoformat(),
        assignee_id=services.actor.user_id,
    )  # fmt: skip
    qtbot.keyClick(window.persons_view.search, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.overview_view
    tasks = window.my_tasks_view
    assert tasks.model.rowCount() == 1
    tasks.focus_list()
    qtbot.keyClick(tasks.table, Qt.Key.Key_Return)
    person = _person_view(window.workspace.person_window(person_id))
    assert person.person_id == person_id


def test_a_person_removed_meanwhile_is_explained_in_the_status_bar(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    assert window.workspace.open_person(uuid.uuid4()) is None
    assert window.statusBar().currentMessage().startswith("Personen finns inte längre")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
