"""Typing a name's common plain-Latin spelling in the Deltagare search shows the person
as stored (migration 0011). The names are made up."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.persons import PersonService
from desktop.store.database import Database
from desktop.views.persons_view import PersonsView
from tests.factories import make_person


@pytest.fixture
def view(qtbot: QtBot, many_persons: Database) -> PersonsView:
    with many_persons.unit_of_work() as session:
        make_person(session, "Testa", "Đorđević")
        make_person(session, "Provia", "Strauß")
    widget = PersonsView(PersonService(many_persons))
    qtbot.addWidget(widget)
    widget.load()
    return widget


def _shown(view: PersonsView) -> set[str]:
    model = view.model
    return {
        f"{model.index(r, 1).data()} {model.index(r, 0).data()}" for r in range(model.rowCount())
    }


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Djordjevic", "Testa Đorđević"),
        ("Dordevic", "Testa Đorđević"),
        ("strauss prov", "Provia Strauß"),
    ],
)
def test_typing_the_transliteration_shows_the_person(
    qtbot: QtBot, view: PersonsView, typed: str, shown: str
) -> None:
    view.show()
    qtbot.waitExposed(view)
    view.search.setFocus()
    qtbot.keyClicks(view.search, typed)
    qtbot.waitUntil(lambda: view.model.rowCount() < 100, timeout=2000)
    assert _shown(view) == {shown}
    assert view.count_label.text() == "1 träff"


def test_a_pasted_name_as_stored_still_shows_the_person(qtbot: QtBot, view: PersonsView) -> None:
    # keyClicks aborts on letters outside Latin-1 here: the stored spelling is pasted.
    view.search.insert("Đorđević")
    qtbot.waitUntil(lambda: view.model.rowCount() < 100, timeout=2000)
    assert _shown(view) == {"Testa Đorđević"}
