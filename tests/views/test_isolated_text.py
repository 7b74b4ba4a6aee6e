"""Stored text is shown kept to itself (issue 17): an old record whose name holds a
right-to-left override (U+202E), written before names refused invisible formatting, shows
in the lists, the record's window and its title between FSI and PDI, so the override
cannot reverse what is drawn after it; the fields that edit it hold it exactly."""

from __future__ import annotations

import dataclasses
import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from desktop.bidi import FSI, PDI, isolated
from desktop.models import Employer, Person
from desktop.services.accounts import AccountService, Actor
from desktop.services.cases import CaseService
from desktop.services.employers import EmployerData, EmployerService
from desktop.services.intake import IntakeService
from desktop.services.persons import PersonService
from desktop.services.reference import ReferenceService
from desktop.services.vacancies import VacancyService
from desktop.store.database import Database
from desktop.views.employer import EmployerView
from desktop.views.employer_list_model import EmployerListModel
from desktop.views.intake import ProfileEditor
from desktop.views.person.view import PersonView
from desktop.views.person_list_model import PersonListModel
from tests.factories import make_user
from tests.views.test_profile_editor import registered

RLO = "\u202e"
# Made up, as an old record could hold it: an override in the middle of a name.
LAST = f"Tests{RLO}on"
EMPLOYER = f"Exempel{RLO} Bygg AB"


def _actor(db: Database) -> Actor:
    with db.unit_of_work() as session:
        user = make_user(session, "agnes", "Agnes Agent")
        return Actor(user.id, user.username, user.full_name, "handlaggare")


def _old_person(db: Database, actor: Actor) -> uuid.UUID:
    """A person whose last name was stored with an override, past today's validation."""
    person_id = registered(IntakeService(db, actor), first_name="Amina")
    with db.unit_of_work() as session:
        session.execute(update(Person).where(Person.id == person_id).values(last_name=LAST))
    return person_id


def _visual_order(text: str) -> list[int]:
    """The logical positions of `text` from left to right, as Qt lays it out in a
    left-to-right line (what a label or a list cell draws)."""
    layout = QTextLayout(text, QFont())
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return sorted(range(len(text)), key=lambda i: line.cursorToX(i)[0])


def test_qt_keeps_an_isolated_override_from_reversing_what_follows(qtbot: QtBot) -> None:
    after = " – efter"
    shown = f"Namn: {isolated(LAST)}{after}"
    start = shown.index(after)
    positions = _visual_order(shown)
    # What follows the name is drawn left to right, to the right of all of the name.
    tail = [i for i in positions if i >= start]
    assert tail == list(range(start, len(shown)))
    assert positions[-len(tail) :] == tail
    # Without the isolates, the override reverses it.
    unprotected = f"Namn: {LAST}{after}"
    order = [i for i in _visual_order(unprotected) if i >= unprotected.index(after)]
    assert order != sorted(order)


def test_the_list_shows_the_stored_name_isolated(db: Database) -> None:
    actor = _actor(db)
    _old_person(db, actor)
    model = PersonListModel(PersonService(db, actor))
    model.refresh()
    [row] = [r for r in range(model.rowCount()) if RLO in model.index(r, 0).data()]
    assert model.index(row, 0).data() == f"{FSI}{LAST}{PDI}"
    assert model.index(row, 1).data() == "Amina"  # nothing to isolate: as stored
    assert model.row_at(row).last_name == LAST  # type: ignore[union-attr]


def test_the_person_window_title_and_heading_isolate_the_name_and_the_fields_keep_it(
    qtbot: QtBot, db: Database
) -> None:
    actor = _actor(db)
    person_id = _old_person(db, actor)
    intake = IntakeService(db, actor)
    reference = ReferenceService(db)
    view = PersonView(
        PersonService(db, actor),
        CaseService(db, actor),
        intake,
        AccountService(db, actor),
        reference,
        person_id,
    )
    qtbot.addWidget(view)
    shown = f"Amina {FSI}{LAST}{PDI}"
    assert view.name.text() == shown
    assert view.windowTitle() == shown
    assert view.accessibleName() == f"Personkort för {shown}"

    editor = ProfileEditor(intake, reference, str(person_id))
    qtbot.addWidget(editor)
    assert editor.heading.text() == f"Profil: {shown}"
    assert editor.identity.last_name.text() == LAST  # the field: exactly as stored
    assert intake.profile_of(person_id)[0].last_name == LAST


def test_the_employer_list_and_window_isolate_the_name_and_the_field_keeps_it(
    qtbot: QtBot, db: Database
) -> None:
    actor = _actor(db)
    reference = ReferenceService(db)
    employers = EmployerService(db, actor, reference)
    data = EmployerData(name="Exempel Bygg AB", sector="privat", municipality_code="0127")
    employer_id = employers.create(dataclasses.replace(data), confirmed=True)
    with db.unit_of_work() as session:
        session.execute(update(Employer).where(Employer.id == employer_id).values(name=EMPLOYER))

    model = EmployerListModel(employers)
    model.refresh()
    assert model.index(0, 0).data() == f"{FSI}{EMPLOYER}{PDI}"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == f"{FSI}{EMPLOYER}{PDI}"

    view = EmployerView(
        employers, VacancyService(db, actor, reference), AccountService(db, actor), reference,
        employer_id,
    )  # fmt: skip
    qtbot.addWidget(view)
    assert view.windowTitle() == f"{FSI}{EMPLOYER}{PDI}"
    assert view.name.text() == f"{FSI}{EMPLOYER}{PDI}"
    assert view.details_tab.fields.name.text() == EMPLOYER
