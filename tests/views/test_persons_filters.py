"""The Deltagare list's filters, driven through the widgets."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import User
from desktop.services.persons import PersonService
from desktop.store.database import Database
from desktop.views.persons_view import FilterChoices, PersonsView


@pytest.fixture
def view(qtbot: QtBot, many_persons: Database) -> PersonsView:
    with many_persons.read() as session:
        agent = session.scalars(select(User).where(User.username == "agent1")).one()
    choices = FilterChoices(
        municipalities=[("0127", "Botkyrka"), ("0181", "Södertälje")],
        agents=[(agent.id, agent.full_name), (uuid.uuid4(), "Ingen Alls")],
        me=agent.id,
    )
    widget = PersonsView(PersonService(many_persons), choices)
    qtbot.addWidget(widget)
    widget.load()
    return widget


def _rows(view: PersonsView) -> int:
    while view.model.canFetchMore():
        view.model.fetchMore()
    return view.model.rowCount()


def test_status_municipality_and_my_cases(view: PersonsView) -> None:
    assert view.count_label.text() == "250 deltagare"
    view.status.setCurrentIndex(view.status.findText("Aktiv"))
    assert _rows(view) == 63  # every fourth person has an active case
    assert {view.model.index(r, 5).data() for r in range(63)} == {"Aktiv"}
    assert view.count_label.text() == "63 deltagare"
    view.municipality.setCurrentIndex(view.municipality.findText("Södertälje"))
    assert _rows(view) == 0
    view.municipality.setCurrentIndex(0)
    view.status.setCurrentIndex(0)
    view.mine.setChecked(True)
    assert _rows(view) == 63
    assert not view.agent.isEnabled()
    view.mine.setChecked(False)
    view.agent.setCurrentIndex(view.agent.findText("Ingen Alls"))
    assert _rows(view) == 0


def test_filters_and_search_together(view: PersonsView) -> None:
    view.mine.setChecked(True)
    view.search.setText("ozturk")
    view.apply_search()
    names = {view.model.index(r, 0).data() for r in range(_rows(view))}
    statuses = {view.model.index(r, 5).data() for r in range(view.model.rowCount())}
    assert names <= {"Öztürk", "Ozturk"}
    assert statuses == {"Aktiv"}
    assert view.count_label.text().endswith("träffar") or view.count_label.text() == "1 träff"


def test_ctrl_end_goes_to_the_last_person_of_the_whole_list(
    qtbot: QtBot, view: PersonsView
) -> None:
    """250 persons, 100 a page: Ctrl+End is the 250th, not the last of a page."""
    view.show()
    qtbot.waitExposed(view)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.model.rowCount() == 250
    assert view.table.currentIndex().row() == 249
    qtbot.keyClick(view.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert view.table.currentIndex().row() == 0
