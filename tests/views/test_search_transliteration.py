"""Typing a name's common plain-Latin spelling in the Deltagare and Arbetsgivare searches
shows the record as stored (migration 0011). The names are made up."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.employers import EmployerData, EmployerService
from desktop.services.persons import PersonService
from desktop.store.database import Database
from desktop.views.employers_view import EmployersView
from desktop.views.persons_view import FilterChoices, PersonsView
from tests.factories import make_person, make_user


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


def test_typing_the_transliteration_in_arbetsgivare_shows_the_employer(
    qtbot: QtBot, db: Database
) -> None:
    audit.install(db)
    with db.unit_of_work(screen="test") as session:
        user = make_user(session, "agnes", "Agnes Agent")
        actor = Actor(user.id, user.username, user.full_name, "handlaggare")
    service = EmployerService(db, actor)
    for name in ("Großprovet Kærlighed AB", "Grossisten Påhitt AB", "Đurđevac Testbygg AB"):
        service.create(EmployerData(name=name, sector="privat", municipality_code="0127"))
    view = EmployersView(service, FilterChoices([("0127", "Botkyrka")], [], actor.user_id))
    qtbot.addWidget(view)
    view.load()
    view.show()
    qtbot.waitExposed(view)
    view.search.setFocus()
    qtbot.keyClicks(view.search, "grossprovet kaer")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert view.model.index(0, 0).data() == "Großprovet Kærlighed AB"
    view.search.setText("djurdjevac")
    qtbot.waitUntil(
        lambda: (
            [view.model.index(r, 0).data() for r in range(view.model.rowCount())]
            == ["Đurđevac Testbygg AB"]
        ),
        timeout=2000,
    )
