"""The Deltagare and Arbetsgivare lists as a new user meets them: an empty list says why
and what to do, the personnummer is in a column of its own, a birthday (MMDD) is found,
and employer names get the width."""

from __future__ import annotations

import datetime as dt
import uuid

from pytestqt.qtbot import QtBot

from desktop.services.accounts import Actor
from desktop.services.employers import EmployerData, EmployerService
from desktop.services.persons import PersonService
from desktop.store.database import Database
from desktop.views.employer_list_model import LAST_CONTACT_COLUMN, NAME_COLUMN
from desktop.views.employers_view import EmployersView, FilterChoices
from desktop.views.persons_view import PersonsView
from tests.factories import make_person, make_user, personal_number
from tests.views.conftest import show_active

BIRTH = dt.date(1988, 3, 24)
NUMBER = personal_number(BIRTH, 123)


def choices(me: uuid.UUID) -> FilterChoices:
    return FilterChoices(municipalities=[("0127", "Botkyrka")], agents=[], me=me)


def persons_view(qtbot: QtBot, db: Database) -> PersonsView:
    with db.unit_of_work() as session:
        me = make_user(session, "agnes", "Agnes Agent").id
    view = PersonsView(PersonService(db), choices(me))
    qtbot.addWidget(view)
    view.resize(1366, 700)
    show_active(qtbot, view)
    view.load()
    return view


def search(qtbot: QtBot, view: PersonsView | EmployersView, text: str) -> None:
    view.search.setText(text)
    view.apply_search()


def test_an_empty_register_says_how_to_begin(qtbot: QtBot, db: Database) -> None:
    view = persons_view(qtbot, db)
    assert view.empty.isVisible()
    assert "Inga deltagare ännu" in view.empty.text()
    assert "Ny inskrivning" in view.empty.text()
    assert view.table.accessibleDescription() == view.empty.text()


def test_a_search_that_finds_nothing_says_so(qtbot: QtBot, db: Database) -> None:
    with db.unit_of_work() as session:
        make_person(session, "Amina", "Abdullahi", birth=BIRTH, number=NUMBER)
    view = persons_view(qtbot, db)
    assert not view.empty.isVisible()
    search(qtbot, view, "Zlatko")
    assert view.empty.isVisible()
    assert view.empty.text().startswith("Ingen deltagare hittades för \u201dZlatko\u201d.")
    view.municipality.setCurrentIndex(1)
    assert "Filtren begränsar också sökningen" in view.empty.text()
    search(qtbot, view, "")
    view.municipality.setCurrentIndex(0)
    assert not view.empty.isVisible()
    view.mine.setChecked(True)  # nobody's agent is Agnes
    assert view.empty.isVisible()
    assert view.empty.text().startswith("Ingen deltagare passar filtren.")


def test_the_personnummer_column_and_a_birthday_search(qtbot: QtBot, db: Database) -> None:
    with db.unit_of_work() as session:
        make_person(session, "Amina", "Abdullahi", birth=BIRTH, number=NUMBER)
        make_person(session, "Omar", "Berg", birth=dt.date(1990, 5, 17))
    view = persons_view(qtbot, db)
    headers = [
        view.model.headerData(c, view.table.horizontalHeader().orientation())
        for c in range(view.model.columnCount())
    ]
    column = headers.index("Personnummer")
    search(qtbot, view, "0324")
    assert view.model.rowCount() == 1
    assert view.model.index(0, column).data() == f"{NUMBER[:8]}-{NUMBER[8:]}"
    assert view.count_label.text() == "1 träff"


def employers_view(qtbot: QtBot, db: Database, *names: str) -> EmployersView:
    with db.unit_of_work() as session:
        user = make_user(session, "agnes", "Agnes Agent")
        actor = Actor(user.id, user.username, user.full_name, "handlaggare")
    service = EmployerService(db, actor)
    for name in names:
        service.create(EmployerData(name=name, sector="privat", municipality_code="0127"))
    view = EmployersView(service, choices(user.id))
    qtbot.addWidget(view)
    view.resize(1366, 700)
    show_active(qtbot, view)
    view.load()
    return view


def test_an_empty_employer_register_and_search(qtbot: QtBot, db: Database) -> None:
    view = employers_view(qtbot, db)
    assert view.empty.isVisible()
    assert "Inga arbetsgivare i registret ännu" in view.empty.text()


def test_employer_names_get_the_width(qtbot: QtBot, db: Database) -> None:
    name = "Botkyrka kommun, Vård- och omsorgsförvaltningen, Äldreboendet Ekgården"
    view = employers_view(qtbot, db, name)
    assert not view.empty.isVisible()
    header = view.table.horizontalHeader()
    assert header.sectionSize(NAME_COLUMN) > 2 * header.sectionSize(LAST_CONTACT_COLUMN)
    search(qtbot, view, "Zetas")
    assert view.empty.isVisible()
    assert view.empty.text().startswith("Ingen arbetsgivare hittades för \u201dZetas\u201d.")
