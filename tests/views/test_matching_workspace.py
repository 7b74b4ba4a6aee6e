"""Matching reached as an agent would: "Hitta kandidater" in a need's window brings the
Matchning screen forward with that need, and "Matchande behov" in a person's window
lists the open needs ranked for the person, proposes from there and opens a need."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.store.database import Database
from desktop.views.main_window import MainWindow
from desktop.views.match_models import NeedMatchModel
from desktop.views.need.editor import NeedEditor
from desktop.views.person.view import PersonView
from desktop.views.person_needs_view import PersonNeedsView
from desktop.views.settings import Settings
from desktop.views.workspace import ScreenWindow
from tests.views.conftest import show_active, wait_for_runs
from tests.views.matching_data import World, make_world
from tests.views.test_matching_view import names

# Windows are brought forward with raise(), which the offscreen platform cannot do.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)


@pytest.fixture
def window(qtbot: QtBot, world: World, settings: Settings) -> Iterator[MainWindow]:
    main = MainWindow(world.services, settings)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    yield main
    wait_for_runs(main)


def _content(window: ScreenWindow | None, kind: type) -> object:
    assert window is not None
    assert isinstance(window.content, kind)
    return window.content


def test_hitta_kandidater_in_a_needs_window_shows_them_on_the_matching_screen(
    qtbot: QtBot, window: MainWindow, world: World
) -> None:
    editor = _content(window.workspace.open_need(world.need), NeedEditor)
    assert isinstance(editor, NeedEditor)
    assert editor.find_candidates_button.isEnabled()
    with qtbot.waitSignal(window.workspace.candidates_requested):
        qtbot.mouseClick(editor.find_candidates_button, Qt.MouseButton.LeftButton)
    view = window.matching_view
    assert window.current_screen() is view
    assert window.navigation.currentItem().text() == "Matchning"
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() > 0)
    assert view.need_id == world.need
    assert view.need_field.text() == "Undersköterska, natt – Lindängens Vård AB"
    assert names(view) == ["Amal Testsson", "Elin Fiktiv", "Bertil Provsson"]

    # Enter on a candidate opens the person beside the list.
    view.focus_start()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    person = _content(window.workspace.person_window(world.amal), PersonView)
    assert isinstance(person, PersonView)
    assert person.name.text() == "Amal Testsson"


def test_hitta_kandidater_is_off_for_a_closed_need(
    qtbot: QtBot, window: MainWindow, world: World
) -> None:
    editor = _content(window.workspace.open_need(world.closed), NeedEditor)
    assert isinstance(editor, NeedEditor)
    assert not editor.find_candidates_button.isEnabled()
    editor.set_status("oppet")
    assert editor.find_candidates_button.isEnabled()


def test_matchande_behov_in_a_persons_window_lists_the_needs_for_the_person(
    qtbot: QtBot, window: MainWindow, world: World
) -> None:
    person = _content(window.workspace.open_person(world.bertil), PersonView)
    assert isinstance(person, PersonView)
    qtbot.mouseClick(person.matching_needs_button, Qt.MouseButton.LeftButton)
    opened = window.workspace.person_needs_window(world.bertil)
    needs = _content(opened, PersonNeedsView)
    assert isinstance(needs, PersonNeedsView)
    qtbot.waitUntil(lambda: not needs.busy)
    assert opened is not None
    assert opened.windowTitle() == "Matchande behov för Bertil Provsson"
    model = needs.model
    assert [model.index(r, NeedMatchModel.TITLE).data() for r in range(model.rowCount())] == [
        "Undersköterska, natt"
    ]
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[1:7] == [
        "Undersköterska, natt", "Lindängens Vård AB", "Botkyrka", row[4],
        "✓ Körkort B · ✗ Svenska B1 – mellannivå (merit)", "",
    ]  # fmt: skip
    assert needs.count_label.text() == "1 behov"
    assert needs.details.text().startswith("Undersköterska, natt hos Lindängens Vård AB, ")
    assert "Saknar merit: Svenska B1 – mellannivå (ingen nivå angiven)" in needs.details.text()
    # Both the need he cannot take (krav Körkort CE) and the one he can, with the filter off.
    needs.only_meeting_krav.setChecked(False)
    qtbot.waitUntil(lambda: not needs.busy)
    titles = [model.index(r, NeedMatchModel.TITLE).data() for r in range(model.rowCount())]
    assert titles == ["Undersköterska, natt", "Lastbilsförare"]
    assert model.index(1, NeedMatchModel.REQUIREMENTS).data() == "✗ Körkort CE"

    # Ctrl+Enter proposes him for the chosen need; Enter opens it.
    needs.focus_start()
    needs.table.setCurrentIndex(model.index(0, 0))
    show_active(qtbot, opened)
    with qtbot.waitSignal(window.workspace.referral_made) as made:
        qtbot.keyClick(needs.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert made.args == [str(world.bertil), str(world.need)]
    assert model.index(0, NeedMatchModel.REFERRAL).data() == "Föreslagen"
    assert needs.notice.text() == (
        "Bertil Provsson är föreslagen för Undersköterska, natt hos Lindängens Vård AB."
    )
    qtbot.keyClick(needs.table, Qt.Key.Key_Return)
    assert window.workspace.need_window(world.need) is not None

    # Asked again from the person: the same window, ranked again.
    assert window.workspace.open_person_needs(world.bertil) is opened


def test_a_person_without_consent_is_helped_to_record_it(
    qtbot: QtBot, window: MainWindow, world: World
) -> None:
    opened = window.workspace.open_person_needs(world.elin)
    needs = _content(opened, PersonNeedsView)
    assert isinstance(needs, PersonNeedsView)
    qtbot.waitUntil(lambda: not needs.busy)
    assert not needs.propose()
    assert needs.notice.text().startswith("Elin Fiktiv har inget gällande samtycke")
    assert needs.consent_button.isVisible()
    dialog = needs.register_consent()
    dialog.method.setCurrentIndex(dialog.method.findText("Skriftligt"))
    with qtbot.waitSignal(dialog.recorded):
        dialog.save_button.click()
    assert needs.consent_button.isHidden()
    assert needs.propose()


def test_a_person_without_an_active_case_is_told_in_words(
    qtbot: QtBot, window: MainWindow, world: World
) -> None:
    opened = window.workspace.open_person_needs(world.dawit)
    needs = _content(opened, PersonNeedsView)
    assert isinstance(needs, PersonNeedsView)
    qtbot.waitUntil(lambda: not needs.busy)
    assert needs.table.isHidden()
    assert needs.empty.text() == (
        "Dawit Påhittad har inget aktivt ärende. Öppna ett ärende för att matcha mot behov."
    )
    assert not needs.propose()
    qtbot.mouseClick(needs.close_button, Qt.MouseButton.LeftButton)
    assert window.workspace.person_needs_window(world.dawit) is None


def test_the_needs_model_passes_the_qt_model_tester(
    qtmodeltester: ModelTester, qtbot: QtBot, window: MainWindow, world: World
) -> None:
    needs = _content(window.workspace.open_person_needs(world.amal), PersonNeedsView)
    assert isinstance(needs, PersonNeedsView)
    needs.only_meeting_krav.setChecked(False)
    qtbot.waitUntil(lambda: not needs.busy)
    assert needs.model.rowCount() == 2
    qtmodeltester.check(needs.model)
    needs.model.set_result(None)
    qtmodeltester.check(needs.model)
    assert needs.model.rowCount(QModelIndex()) == 0


def test_screenshot_of_a_persons_matching_needs(
    qtbot: QtBot, window: MainWindow, world: World
) -> None:
    opened = window.workspace.open_person_needs(world.amal)
    needs = _content(opened, PersonNeedsView)
    assert isinstance(needs, PersonNeedsView)
    needs.only_meeting_krav.setChecked(False)
    qtbot.waitUntil(lambda: not needs.busy)
    assert opened is not None
    opened.grab().save("/tmp/matchande_behov.png")
