"""A recruitment need's editor, driven as an agent would: a new need with a must and a
merit typed with the keyboard alone, each bad input explained beside its field and kept,
a saved need edited, its status changed, a save someone else got in before, and what
closing the editor would lose."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop import clock
from desktop.services.employers import EmployerData, WorkplaceData
from desktop.services.registry import Services
from desktop.services.vacancies import RequirementData, VacancyData
from desktop.store.database import Database
from desktop.views.intake.form import focus_chain
from desktop.views.need import NeedEditor
from desktop.views.need.requirements import RequirementEditor
from desktop.views.pickers import ChoiceBox
from tests.views.conftest import services_for, show_active

TODAY = clock.today()
EMPLOYER = "Lindängens Vård AB"

# The offscreen platform cannot raise a popup or let it grab the keyboard; the completer
# popups work all the same.
popup_warnings = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


def swedish_level(row: RequirementEditor) -> ChoiceBox:
    """The row's Swedish level (made when the kind Svenska was chosen)."""
    box = row.level.widget("svenska")
    assert isinstance(box, ChoiceBox)
    return box


@pytest.fixture
def services(db: Database) -> Services:
    return services_for(db, "handlaggare")


@pytest.fixture
def employer(services: Services) -> uuid.UUID:
    return services.employers.create(
        EmployerData(
            name=EMPLOYER,
            sector="privat",
            workplaces=(
                WorkplaceData("Lindängen", city="Tumba", municipality_code="0127"),
                WorkplaceData("Solhemmet", city="Huddinge", municipality_code="0126"),
            ),
        )
    )


def workplaces(services: Services, employer: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    return [(w.id, w.name) for w in services.employers.details(employer).workplaces]


def in_days(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def need_data(employer: uuid.UUID, *requirements: RequirementData, **fields: str) -> VacancyData:
    values = {
        "occupation_code": "5321",
        "title": "Undersköterska",
        "positions": "2",
        "form_code": "anstallning",
        "extent": "heltid",
        "municipality_code": "0127",
        "apply_by": in_days(14),
    }
    values.update(fields)
    return VacancyData(employer_id=employer, requirements=requirements, **values)


@pytest.fixture
def saved_need(services: Services, employer: uuid.UUID) -> uuid.UUID:
    return services.vacancies.create(
        need_data(employer, RequirementData("svenska", "krav", level="B1"))
    )


def new_editor(qtbot: QtBot, services: Services, employer: uuid.UUID) -> NeedEditor:
    editor = NeedEditor(
        services.vacancies,
        services.reference,
        employer_id=employer,
        employer_name=EMPLOYER,
        workplaces=workplaces(services, employer),
    )
    qtbot.addWidget(editor)
    editor.resize(1100, 900)
    return editor


def open_editor(qtbot: QtBot, services: Services, need_id: uuid.UUID) -> NeedEditor:
    editor = NeedEditor(services.vacancies, services.reference, need_id=need_id)
    qtbot.addWidget(editor)
    editor.resize(1100, 900)
    return editor


def error_text(editor: QWidget, name: str) -> str:
    """The reason shown beside the field the service calls `name` ("" if none shows)."""
    label = editor.findChild(QLabel, f"{name}Error")
    assert label is not None, name
    return label.text() if label.isVisibleTo(editor) else ""


# Keyboard --------------------------------------------------------------------------------


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def focused_name() -> str:
    """The object name of the focused field (a combo box for its line edit)."""
    widget = focused()
    return widget.objectName() or (widget.parentWidget() or widget).objectName()


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    target = QApplication.activePopupWidget() or focused()
    qtbot.keyClick(target, key, modifier)


def tab(qtbot: QtBot, expected: str) -> None:
    press(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == expected


def write(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def down(qtbot: QtBot, times: int) -> None:
    for _ in range(times):
        press(qtbot, Qt.Key.Key_Down)


def pick(qtbot: QtBot, typed: str) -> None:
    """Type into a searching picker, then take the first match with Down and Enter."""
    window = focused().window()
    write(qtbot, typed)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    # The offscreen platform hands activation to the closed popup a moment later; give
    # it back, as a window system would keep it.
    QApplication.processEvents()
    if QApplication.activeWindow() is not window:
        handle = window.windowHandle()
        assert handle is not None
        handle.requestActivate()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def rows(editor: NeedEditor) -> list[RequirementEditor]:
    return editor.requirements.editors()


# New need --------------------------------------------------------------------------------


@popup_warnings
def test_a_new_need_with_a_must_and_a_merit_by_keyboard_alone(
    qtbot: QtBot, services: Services, employer: uuid.UUID
) -> None:
    editor = new_editor(qtbot, services, employer)
    assert editor.windowTitle() == f"Nytt rekryteringsbehov – {EMPLOYER}"
    assert editor.employer.text() == EMPLOYER
    assert editor.status_box.isHidden()  # a need that is not saved has no status yet
    show_active(qtbot, editor)
    editor.focus_start()
    assert focused_name() == "occupation_code"
    pick(qtbot, "hemtjanst")
    assert editor.occupation.value() == "5321"
    tab(qtbot, "title")
    write(qtbot, "Underskoterska, kvall")
    tab(qtbot, "positions")
    press(qtbot, Qt.Key.Key_Backspace)
    write(qtbot, "3")
    tab(qtbot, "form_code")
    down(qtbot, 1)
    assert editor.form_code.value() == "anstallning"
    tab(qtbot, "extent")
    down(qtbot, 1)
    assert editor.extent.value() == "heltid"
    tab(qtbot, "municipality_code")
    pick(qtbot, "botkyrka")
    tab(qtbot, "start_date")
    write(qtbot, in_days(40))
    tab(qtbot, "apply_by")
    write(qtbot, in_days(14))
    tab(qtbot, "description")
    write(qtbot, "Kvallar och varannan helg.")
    tab(qtbot, "requirementsAdd")
    press(qtbot, Qt.Key.Key_Space)

    # The must: Swedish at B1 at least.
    assert focused_name() == "requirements.0.kind"
    down(qtbot, 1)
    assert rows(editor)[0].kind.value() == "svenska"
    tab(qtbot, "requirements.0.importance_krav")
    tab(qtbot, "requirements.0.level.svenska")
    assert focused().accessibleName() == "Lägsta nivå i svenska, rad 1"
    down(qtbot, 3)  # A1, A2, B1
    assert swedish_level(rows(editor)[0]).value() == "B1"
    tab(qtbot, "requirements.0.remove")
    tab(qtbot, "requirementsAdd")
    press(qtbot, Qt.Key.Key_Space)

    # The merit: a driving licence, B.
    assert focused_name() == "requirements.1.kind"
    down(qtbot, 3)  # Svenska, Annat språk, Körkort
    tab(qtbot, "requirements.1.importance_krav")
    press(qtbot, Qt.Key.Key_Right)
    assert focused_name() == "requirements.1.importance_merit"
    tab(qtbot, "requirements.1.code.korkort")
    down(qtbot, 5)  # AM, A1, A2, A, B
    assert editor.is_modified()

    with qtbot.waitSignal(editor.saved) as saved:
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    need_id = uuid.UUID(saved.args[0])
    details = services.vacancies.get(need_id)
    assert (details.title, details.positions, details.occupation_code) == (
        "Underskoterska, kvall",
        3,
        "5321",
    )
    assert (details.form_code, details.extent, details.municipality_code) == (
        "anstallning",
        "heltid",
        "0127",
    )
    assert details.apply_by == TODAY + dt.timedelta(days=14)
    assert details.workplace_id is None
    assert [(r.kind, r.importance, r.label) for r in details.requirements] == [
        ("svenska", "krav", "Svenska B1 – mellannivå"),
        ("korkort", "merit", "Körkort B"),
    ]
    # The editor now shows the saved need, with its status.
    assert editor.need_id == need_id
    assert editor.windowTitle() == f"Underskoterska, kvall – {EMPLOYER}"
    assert not editor.status_box.isHidden()
    assert editor.filled.text() == "Tillsatta platser: 0 av 3"
    assert editor.notice.text() == "Behovet är sparat."
    assert not editor.is_modified()


def test_a_workplace_and_every_kind_of_requirement_saved(
    qtbot: QtBot, services: Services, employer: uuid.UUID
) -> None:
    editor = new_editor(qtbot, services, employer)
    assert [editor.workplace.itemText(i) for i in range(editor.workplace.count())] == [
        "Ingen särskild arbetsplats",
        "Lindängen",
        "Solhemmet",
    ]
    editor.workplace.setCurrentIndex(2)
    editor.occupation.set_value("5321")
    editor.title.setText("Undersköterska")
    editor.form_code.set_value("lonebidrag")
    editor.apply_by.setText(in_days(3))
    wanted = (
        RequirementData("svenska", "krav", level="SFI_D"),
        RequirementData("sprak", "merit", code="ar", level="B1"),
        RequirementData("korkort", "krav", code="B"),
        RequirementData("utbildning", "krav", code="3"),
        RequirementData("erfarenhet", "merit", code="53", years="1,5"),
        RequirementData("certifikat", "merit", code="Hygienbevis"),
    )
    for requirement in wanted:
        row = editor.requirements.add_row()
        assert isinstance(row, RequirementEditor)
        row.set_value(requirement)
    assert editor.data().requirements == wanted
    assert editor.save()
    assert editor.need_id is not None
    details = services.vacancies.get(editor.need_id)
    assert details.workplace_name == "Solhemmet"
    assert sorted(details.data().requirements, key=repr) == sorted(wanted, key=repr)
    # Read back, every row shows what was saved.
    assert sorted(editor.data().requirements, key=repr) == sorted(wanted, key=repr)


def test_each_bad_input_is_explained_beside_its_field_and_kept(
    qtbot: QtBot, services: Services, employer: uuid.UUID
) -> None:
    editor = new_editor(qtbot, services, employer)
    editor.title.setText("Undersköterska")
    editor.positions.setText("0")
    editor.form_code.set_value("anstallning")
    editor.apply_by.setText((TODAY - dt.timedelta(days=1)).isoformat())
    for requirement in (
        RequirementData("svenska", "krav", level="B1"),
        RequirementData("korkort", "krav", code="B"),
        RequirementData("svenska", "merit", level="B1"),
    ):
        row = editor.requirements.add_row()
        assert isinstance(row, RequirementEditor)
        row.set_value(requirement)
    # Nothing shows before the user has been in a field or tried to save.
    assert error_text(editor, "occupation_code") == ""

    show_active(qtbot, editor)
    with qtbot.assertNotEmitted(editor.saved):
        assert not editor.save()
    assert editor.need_id is None
    assert editor.banner.text() == "Behovet är inte sparat. Rätta det som är markerat."
    assert error_text(editor, "occupation_code") == "Välj ett yrke i listan (SSYK)."
    assert error_text(editor, "positions") == "Antal platser skrivs som ett heltal, minst 1."
    assert error_text(editor, "apply_by") == (
        "Sista dag att föreslå kandidater har redan passerat; välj i dag eller senare."
    )
    assert error_text(editor, "requirements.2") == ("Svenska är både krav och merit på samma nivå.")
    assert error_text(editor, "requirements.0") == ""
    assert error_text(editor, "title") == ""
    # The cursor is at the first problem, and everything typed is still there.
    assert focused_name() == "occupation_code"
    assert editor.positions.text() == "0"
    assert editor.apply_by.text() == (TODAY - dt.timedelta(days=1)).isoformat()
    assert [r.level for r in editor.data().requirements] == ["B1", "", "B1"]

    # Put right one by one, each reason goes; then the need saves.
    editor.occupation.set_value("5321")
    assert error_text(editor, "occupation_code") == ""
    editor.positions.setText("2")
    editor.apply_by.setText(TODAY.isoformat())
    swedish_level(rows(editor)[2]).set_value("B2")  # more than the must: a merit
    assert error_text(editor, "requirements.2") == ""
    assert editor.save()


def test_a_requirement_without_what_it_asks_for(
    qtbot: QtBot, services: Services, employer: uuid.UUID
) -> None:
    editor = new_editor(qtbot, services, employer)
    row = editor.requirements.add_row()
    assert isinstance(row, RequirementEditor)
    assert not editor.save()
    assert error_text(editor, "requirements.0.kind") == "Välj vad som krävs."
    row.kind.set_value("erfarenhet")
    row.years.setText("två")
    # Two complete rows contradict each other: said now, not once the first is done.
    for requirement in (
        RequirementData("korkort", "krav", code="C"),
        RequirementData("korkort", "merit", code="C"),
    ):
        added = editor.requirements.add_row()
        assert isinstance(added, RequirementEditor)
        added.set_value(requirement)
    assert not editor.save()
    assert error_text(editor, "requirements.2") == "Körkort C kan inte vara både krav och merit."
    assert error_text(editor, "requirements.0.kind") == ""
    assert error_text(editor, "requirements.0.code") == "Välj yrke eller yrkesgrupp (SSYK)."
    assert error_text(editor, "requirements.0.years") == (
        "Antal år skrivs som ett tal, till exempel 2 eller 1,5."
    )
    assert row.years.text() == "två"


def test_a_problem_shows_once_the_field_was_visited(
    qtbot: QtBot, services: Services, employer: uuid.UUID
) -> None:
    editor = new_editor(qtbot, services, employer)
    editor.positions.setText("noll")
    # A new reason waits for a pause in the typing.
    qtbot.waitUntil(lambda: error_text(editor, "positions") != "")
    assert error_text(editor, "positions") == "Antal platser skrivs som ett heltal, minst 1."
    assert error_text(editor, "title") == ""  # not visited
    editor.positions.setText("1")
    assert error_text(editor, "positions") == ""  # one put right goes at once


# Saved need ------------------------------------------------------------------------------


def test_edit_a_saved_need_and_save(
    qtbot: QtBot, services: Services, saved_need: uuid.UUID
) -> None:
    editor = open_editor(qtbot, services, saved_need)
    assert editor.windowTitle() == f"Undersköterska – {EMPLOYER}"
    assert editor.title.text() == "Undersköterska"
    assert editor.filled.text() == "Tillsatta platser: 0 av 2"
    assert not editor.is_modified()
    version = editor.version
    show_active(qtbot, editor)
    editor.title.setFocus()
    editor.title.selectAll()
    write(qtbot, "Underskoterska natt")
    row = editor.requirements.add_row()
    assert isinstance(row, RequirementEditor)
    row.set_value(RequirementData("svenska", "merit", level="B2"))
    with qtbot.waitSignal(editor.saved) as saved, qtbot.waitSignal(editor.windowTitleChanged):
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.args == [str(saved_need)]
    details = services.vacancies.get(saved_need)
    assert details.title == "Underskoterska natt"
    assert [r.label for r in details.requirements] == [
        "Svenska B1 – mellannivå",
        "Svenska B2 – högre mellannivå",
    ]
    assert editor.version > version
    assert editor.windowTitle() == f"Underskoterska natt – {EMPLOYER}"
    assert not editor.is_modified()


def test_a_row_makes_the_input_of_its_kind_only_and_names_one_made_later(
    qtbot: QtBot, services: Services, saved_need: uuid.UUID
) -> None:
    """A need opens fast with many requirements: each row makes the inputs of the kind
    it shows; another kind's are made, named by the row, when that kind is chosen."""
    editor = open_editor(qtbot, services, saved_need)
    [row] = rows(editor)
    assert list(row.code.parts()) == []  # Svenska has a level and no "what"
    assert list(row.level.parts()) == ["svenska"]
    row.kind.set_value("sprak")
    assert list(row.code.parts()) == ["sprak"]
    language = row.code.widget()
    assert language is not None
    assert language.objectName() == "requirements.0.code.sprak"
    assert language.accessibleName() == "Språk, rad 1"
    assert list(row.level.parts()) == ["svenska", "sprak"]
    row.kind.set_value("svenska")  # back: B1 was kept all along
    assert swedish_level(row).value() == "B1"
    assert row.value() == RequirementData("svenska", "krav", level="B1")


def test_a_saved_need_is_offered_its_employers_workplaces(
    qtbot: QtBot, services: Services, employer: uuid.UUID
) -> None:
    places = workplaces(services, employer)
    data = dataclasses.replace(need_data(employer), workplace_id=places[1][0])
    need_id = services.vacancies.create(data)
    asked: list[uuid.UUID] = []

    def workplaces_of(employer_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
        asked.append(employer_id)
        return places

    editor = NeedEditor(
        services.vacancies, services.reference, need_id=need_id, workplaces=workplaces_of
    )
    qtbot.addWidget(editor)
    assert asked == [employer]
    assert editor.workplace.currentText() == "Solhemmet"
    assert editor.workplace.count() == 3
    editor.workplace.setCurrentIndex(1)
    assert editor.save()
    assert services.vacancies.get(need_id).workplace_name == "Lindängen"
    assert editor.workplace.count() == 3  # read again, not offered twice


def test_a_passed_deadline_may_stay_on_a_saved_need(
    qtbot: QtBot, services: Services, employer: uuid.UUID
) -> None:
    old = services.vacancies.create(
        need_data(employer, apply_by=in_days(-3)), today=TODAY - dt.timedelta(days=10)
    )
    editor = open_editor(qtbot, services, old)
    editor.title.setText("Undersköterska, sommar")
    assert editor.save()
    editor.apply_by.setText(in_days(-2))  # but it cannot be moved to another passed day
    assert not editor.save()
    assert error_text(editor, "apply_by").startswith("Sista dag att föreslå kandidater har")


def test_status_changes(qtbot: QtBot, services: Services, saved_need: uuid.UUID) -> None:
    editor = open_editor(qtbot, services, saved_need)
    buttons = {b.property("status"): b for b in editor.status_buttons.buttons()}
    assert buttons["oppet"].isChecked()
    with qtbot.waitSignal(editor.saved):
        buttons["tillsatt"].click()
    assert services.vacancies.get(saved_need).status == "tillsatt"
    assert buttons["tillsatt"].isChecked()
    assert editor.notice.text() == "Behovets status är nu tillsatt."
    assert editor.status_hint.text() == (
        "Behovet är inte öppet och visas inte bland de öppna behoven."
    )
    buttons["stangt"].click()
    assert services.vacancies.get(saved_need).status == "stangt"
    buttons["oppet"].click()
    assert services.vacancies.get(saved_need).status == "oppet"
    assert editor.status_hint.text() == ""
    # The form saves on top of the status changes (each moved the version on).
    editor.title.setText("Undersköterska, vikariat")
    assert editor.save()


def test_a_stale_save_keeps_what_was_typed_and_says_so(
    qtbot: QtBot, services: Services, saved_need: uuid.UUID
) -> None:
    editor = open_editor(qtbot, services, saved_need)
    other = services.vacancies.get(saved_need)
    services.vacancies.update(
        saved_need, other.version, dataclasses.replace(other.data(), title="Annans titel")
    )
    editor.title.setText("Min titel")
    editor.positions.setText("4")
    with qtbot.assertNotEmitted(editor.saved):
        assert not editor.save()
    assert editor.banner.text().startswith("Någon annan har ändrat det här under tiden.")
    assert editor.title.text() == "Min titel"
    assert editor.positions.text() == "4"
    assert editor.is_modified()
    assert not editor.reload_button.isHidden()
    assert services.vacancies.get(saved_need).title == "Annans titel"
    # A status change is refused the same way, and the buttons show the saved status.
    buttons = {b.property("status"): b for b in editor.status_buttons.buttons()}
    buttons["stangt"].click()
    assert buttons["oppet"].isChecked()
    assert services.vacancies.get(saved_need).status == "oppet"
    # Reading the saved version again shows the other's change.
    editor.reload_button.click()
    assert editor.title.text() == "Annans titel"
    assert editor.banner.isHidden()
    assert not editor.is_modified()


def test_unsaved_input(qtbot: QtBot, services: Services, employer: uuid.UUID) -> None:
    editor = new_editor(qtbot, services, employer)
    assert editor.unsaved_input() == []
    assert not editor.is_modified()
    editor.title.setText("Kock")
    assert editor.unsaved_input() == ["behovets uppgifter"]
    editor.requirements.add_row()
    assert editor.unsaved_input() == ["behovets uppgifter", "kraven och meriterna"]
    editor.title.clear()
    assert editor.unsaved_input() == ["kraven och meriterna"]
    rows(editor)[0].remove_button.click()
    assert editor.unsaved_input() == []


def test_closing_is_asked_for(qtbot: QtBot, services: Services, saved_need: uuid.UUID) -> None:
    editor = open_editor(qtbot, services, saved_need)
    with qtbot.waitSignal(editor.closed):
        editor.close_button.click()


def test_every_control_has_a_name(qtbot: QtBot, services: Services, saved_need: uuid.UUID) -> None:
    editor = open_editor(qtbot, services, saved_need)
    editor.requirements.add_row().set_value(RequirementData("erfarenhet", "merit"))
    show_active(qtbot, editor)
    chain = focus_chain(editor.status_box) + focus_chain(editor.page)
    assert len(chain) > 20
    for widget in [*chain, editor.save_button, editor.close_button]:
        named = widget if widget.objectName() else widget.parentWidget()
        assert named is not None
        assert named.objectName(), widget
        assert named.accessibleName(), named.objectName()
