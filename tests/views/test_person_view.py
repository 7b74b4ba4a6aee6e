"""The person screen, driven as a caseworker would, on a real encrypted database: the
header, the case lifecycle and history, the journal, the follow-ups and the profile."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop import clock
from desktop.models import AuditEvent, Case, CaseNote, Task
from desktop.services.accounts import AccountService, Actor
from desktop.services.cases import CaseService
from desktop.services.intake import (
    EducationEntry,
    ExperienceEntry,
    IntakeData,
    IntakeService,
    LanguageEntry,
)
from desktop.services.persons import PersonService
from desktop.services.reference import ReferenceService
from desktop.store.database import Database
from desktop.views.my_tasks_view import MyTasksView
from desktop.views.person.case_dialogs import CloseCaseDialog, NewCaseDialog
from desktop.views.person.task_model import TaskColumn
from desktop.views.person.view import PersonView
from tests.factories import make_person, make_user, personal_number
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus

DialogT = TypeVar("DialogT", bound=QWidget)
TODAY = clock.today()
BIRTH = dt.date(1991, 4, 2)
NUMBER = personal_number(BIRTH, 124)
SHOWN_NUMBER = f"{NUMBER[:8]}-{NUMBER[8:]}"
ARABIC = "تحدثنا عن التدريب العملي في دار الرعاية.\nالخطوة التالية: مقابلة يوم الاثنين."


@dataclass
class World:
    db: Database
    actor: Actor
    colleague: uuid.UUID
    person_id: uuid.UUID
    cases: CaseService
    intake: IntakeService
    accounts: AccountService
    reference: ReferenceService

    def view(self, qtbot: QtBot, **options: object) -> PersonView:
        view = PersonView(
            PersonService(self.db, self.actor),
            self.cases,
            self.intake,
            self.accounts,
            self.reference,
            self.person_id,
            **options,  # type: ignore[arg-type]
        )
        qtbot.addWidget(view)
        view.resize(1000, 720)
        view.show()
        qtbot.waitExposed(view)
        return view

    def case(self) -> Case:
        """The person's current case, as stored."""
        current = self.cases.cases_of(self.person_id)[0]
        with self.db.read() as session:
            case = session.get_one(Case, current.id)
            session.expunge(case)
            return case


def profile(**changes: object) -> IntakeData:
    """A made-up job seeker, filled in as an intake would."""
    data = IntakeData(
        first_name="Amina",
        last_name="Abdullahi",
        identity_number=NUMBER,
        gender="kvinna",
        phone="070-123 45 67",
        email="amina.a@example.se",
        street_address="Tumba torg 3",
        postal_code="147 30",
        city="Tumba",
        municipality_code="0127",
        consent_processing=True,
        consent_sharing=True,
        consent_date=TODAY.isoformat(),
        consent_method="skriftligt",
        birth_country="SO",
        citizenship="SO",
        arrival_date="2016-08-15",
        referred_by="Arbetsförmedlingen",
        languages=[LanguageEntry("so", "", True), LanguageEntry("en", "B1")],
        sfi_path="2",
        sfi_course="SFI_C",
        swedish_cefr="A2",
        educations=[EducationEntry("3", "Vård och omsorg", "SO", "3", True, "ansokt")],
        experiences=[ExperienceEntry("5321", "Vårdbiträde", "2,5", "SO")],
        driving_licences=["B"],
        certificates=["Hygienbevis"],
        wished_occupations=["5321", "9111"],
        wished_municipalities=["0127", "0126"],
        work_extent="heltid",
        earliest_start=(TODAY + dt.timedelta(days=14)).isoformat(),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def world(db: Database) -> World:
    with db.unit_of_work() as session:
        agnes = make_user(session, "agnes", "Agnes Andersson")
        bo = make_user(session, "bo", "Bo Berglund")
        actor = Actor(agnes.id, agnes.username, agnes.full_name, "handlaggare")
        colleague = bo.id
    intake = IntakeService(db, actor)
    person_id = intake.complete(profile()).person_id
    return World(
        db, actor, colleague, person_id, CaseService(db, actor), intake,
        AccountService(db, actor), ReferenceService(db),
    )  # fmt: skip


def reads(db: Database, person_id: uuid.UUID) -> list[AuditEvent]:
    with db.read() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "read", AuditEvent.person_id == person_id)
        ).all()
        session.expunge_all()
        return list(events)


def click(widget: QWidget) -> None:
    QtBot.mouseClick(widget, Qt.MouseButton.LeftButton)


def current_dialog(kind: type[DialogT], owner: QWidget) -> DialogT:
    dialog = owner.findChild(kind)
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


# The header and the audit log ----------------------------------------------------------


def test_opening_the_screen_shows_the_person_and_is_logged_as_one_read(
    qtbot: QtBot, world: World
) -> None:
    view = world.view(qtbot)
    assert view.name.text() == "Amina Abdullahi"
    assert view.birth_date.text() == "1991-04-02"
    assert view.identity.caption.text() == "Personnummer"
    assert view.identity.text() == SHOWN_NUMBER
    assert view.municipality.text() == "Botkyrka"
    assert view.status.text() == "Inskriven"
    assert view.consent.text() == "Ja"
    [event] = reads(world.db, world.person_id)
    assert (event.user_id, event.entity_type, event.entity_id, event.screen) == (
        world.actor.user_id, "Person", world.person_id, "personkort",
    )  # fmt: skip
    # Working in the screen reads through other services and logs no second read.
    for page in range(view.tabs.count()):
        view.tabs.setCurrentIndex(page)
    view.journal.text.setPlainText("Första samtalet.")
    click(view.journal.save_button)
    view.reload()
    assert len(reads(world.db, world.person_id)) == 1


def test_a_person_without_number_case_or_consent_says_so(qtbot: QtBot, world: World) -> None:
    world.person_id = world.intake.complete(
        profile(
            first_name="Yonas",
            last_name="Tesfamariam",
            has_identity_number=False,
            identity_number="",
            birth_date="1988-03-09",
            no_identity_reason="Väntar på samordningsnummer",
            consent_sharing=False,
        )
    ).person_id
    case = world.case()
    world.cases.change_status(case.id, case.version, "avslutad", outcome="flyttat")
    view = world.view(qtbot)
    assert view.identity.text() == "Saknas"
    assert view.birth_date.text() == "1988-03-09"
    assert view.consent.text() == "Nej"
    assert view.status.text() == "Avslutad"
    assert view.case_tab.title.text() == "Senaste ärendet (avslutat)"
    assert view.case_tab.outcome.text() == "Flyttat"
    assert not view.case_tab.step_buttons
    assert view.case_tab.new_case_button.isVisibleTo(view)


def test_a_person_with_no_case_can_be_enrolled_from_the_screen(qtbot: QtBot, world: World) -> None:
    with world.db.unit_of_work() as session:
        world.person_id = make_person(session, "Leyla", "Rahimi", municipality="0126").id
    view = world.view(qtbot)
    tab = view.case_tab
    assert view.status.text() == "Inget ärende"
    assert tab.title.text() == "Inget ärende"
    assert not tab.agent.isVisible()
    assert not view.journal.form.isEnabled()
    view.show_tab(view.journal)
    assert view.journal.no_case.isVisible()
    view.show_tab(view.tasks)
    assert view.tasks.no_case.isVisible()
    view.show_tab(tab)
    click(tab.new_case_button)
    dialog = current_dialog(NewCaseDialog, tab)
    assert dialog.municipality.currentText() == "Huddinge"
    dialog.referred_by.setCurrentText("Arbets\x07förmedlingen")
    click(dialog.save_button)
    assert "styrtecken" in dialog.errors["referred_by"].text()
    assert dialog.referred_by.currentText() == "Arbets\x07förmedlingen"
    dialog.referred_by.setCurrentText("Egen kontakt")
    click(dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert (tab.status.text(), tab.referred_by.text()) == ("Inskriven", "Egen kontakt")
    assert tab.municipality.text() == "Huddinge"
    assert tab.agent.currentText() == "Agnes Andersson"
    assert view.journal.form.isEnabled()
    assert view.tasks.form.isEnabled()


# The case lifecycle --------------------------------------------------------------------


def test_the_case_goes_from_enrolled_to_closed_and_the_person_is_enrolled_again(
    qtbot: QtBot, world: World
) -> None:
    view = world.view(qtbot)
    show_active(qtbot, view)
    tab = view.case_tab
    assert list(tab.step_buttons) == ["aktiv", "avslutad"]
    assert tab.no_history.isVisible()
    assert not tab.new_case_button.isVisible()

    with qtbot.waitSignal(view.person_changed) as changed:
        click(tab.step_buttons["aktiv"])
    assert changed.args == [str(world.person_id)]
    assert (tab.status.text(), view.status.text()) == ("Aktiv", "Aktiv")
    assert list(tab.step_buttons) == ["i_insats", "avslutad"]
    click(tab.step_buttons["i_insats"])
    assert tab.status.text() == "I insats"
    assert world.case().status == "i_insats"
    assert list(tab.step_buttons) == ["aktiv", "avslutad"]

    click(tab.step_buttons["avslutad"])
    dialog = current_dialog(CloseCaseDialog, tab)
    show_active(qtbot, dialog)
    assert dialog.closed_on.text() == TODAY.isoformat()
    click(dialog.save_button)  # no outcome chosen
    assert dialog.isVisible()
    assert dialog.errors["outcome"].isVisible()
    assert "utfall" in dialog.errors["outcome"].text()
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("nystartsjobb"))
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    dialog.closed_on.setText(tomorrow)
    click(dialog.save_button)
    assert dialog.isVisible()
    assert dialog.errors["closed_on"].text() == "Avslutsdatumet kan inte vara efter i dag."
    assert not dialog.errors["outcome"].isVisible()
    assert (dialog.outcome.currentText(), dialog.closed_on.text()) == ("Nystartsjobb", tomorrow)
    dialog.closed_on.setText("2026-02-30")
    click(dialog.save_button)
    assert "ÅÅÅÅ-MM-DD" in dialog.errors["closed_on"].text()
    dialog.closed_on.setText(TODAY.isoformat())
    click(dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert (tab.status.text(), tab.outcome.text()) == ("Avslutad", "Nystartsjobb")
    assert tab.closed_on.text() == TODAY.isoformat()
    assert view.status.text() == "Avslutad"
    assert "Nystartsjobb" in tab.notice.text()
    case = world.case()
    assert (case.status, case.outcome, case.closed_on) == ("avslutad", "nystartsjobb", TODAY)
    assert not tab.step_buttons
    assert tab.new_case_button.isVisible()

    click(tab.new_case_button)
    new = current_dialog(NewCaseDialog, tab)
    assert new.municipality.currentData() == "0127"
    new.opened_on.setText(tomorrow)
    click(new.save_button)
    assert new.errors["opened_on"].isVisible()
    new.opened_on.setText(TODAY.isoformat())
    new.referred_by.setCurrentText("Socialtjänsten / ekonomiskt bistånd")
    click(new.save_button)
    qtbot.waitUntil(lambda: not new.isVisible())

    assert (tab.status.text(), view.status.text()) == ("Inskriven", "Inskriven")
    assert tab.referred_by.text() == "Socialtjänsten / ekonomiskt bistånd"
    assert not tab.new_case_button.isVisible()
    assert tab.history.isVisible()
    assert tab.history_rows() == [
        [TODAY.isoformat(), TODAY.isoformat(), "Avslutad", "Nystartsjobb", "Botkyrka",
         "Agnes Andersson"],
    ]  # fmt: skip
    assert [c.status for c in world.cases.cases_of(world.person_id)] == ["inskriven", "avslutad"]
    # The journal offers both enrolments.
    assert view.journal.case_choice.isVisibleTo(view.journal)
    assert view.journal.case_choice.count() == 2


def test_a_change_made_elsewhere_is_explained_and_what_was_chosen_is_kept(
    qtbot: QtBot, world: World
) -> None:
    view = world.view(qtbot)
    tab = view.case_tab
    click(tab.step_buttons["avslutad"])
    dialog = current_dialog(CloseCaseDialog, tab)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("praktik"))
    # Meanwhile, a colleague moves the case on.
    case = world.case()
    world.cases.change_status(case.id, case.version, "aktiv")
    click(dialog.save_button)
    assert dialog.isVisible()
    assert "Någon annan har ändrat" in dialog.errors["form"].text()
    assert (dialog.outcome.currentData(), dialog.closed_on.text()) == ("praktik", TODAY.isoformat())
    # The screen now shows what is there, and trying again works on it.
    assert tab.status.text() == "Aktiv"
    click(dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert (world.case().status, world.case().outcome) == ("avslutad", "praktik")

    # The same for a plain step, on a fresh enrolment.
    world.cases.open_case(world.person_id, municipality_code="0127")
    view.reload()
    case = world.case()
    world.cases.change_status(case.id, case.version, "aktiv")
    click(tab.step_buttons["aktiv"])
    assert "Någon annan har ändrat" in tab.status_error.text()
    assert tab.status.text() == "Aktiv"
    assert list(tab.step_buttons) == ["i_insats", "avslutad"]


def test_the_case_is_given_to_another_agent(qtbot: QtBot, world: World) -> None:
    view = world.view(qtbot)
    tab = view.case_tab
    assert tab.agent.currentText() == "Agnes Andersson"
    assert not tab.assign_button.isEnabled()
    tab.agent.setCurrentIndex(tab.agent.findText("Bo Berglund"))
    assert tab.assign_button.isEnabled()
    with qtbot.waitSignal(view.person_changed):
        click(tab.assign_button)
    assert world.case().agent_id == world.colleague
    assert tab.agent.currentText() == "Bo Berglund"
    assert "Bo Berglund" in tab.notice.text()
    tab.agent.setCurrentIndex(0)
    click(tab.assign_button)
    assert world.case().agent_id is None


# The journal ---------------------------------------------------------------------------


def write_note(view: PersonView, text: str, kind: str, date: dt.date) -> None:
    journal = view.journal
    journal.note_date.setText(date.isoformat())
    journal.kind.setCurrentIndex(journal.kind.findData(kind))
    journal.text.setPlainText(text)
    click(journal.save_button)
    assert not any(error.isVisible() for error in journal.errors.values())


def test_notes_are_shown_newest_first_and_searched_as_you_type(qtbot: QtBot, world: World) -> None:
    view = world.view(qtbot)
    view.show_tab(view.journal)
    journal = view.journal
    assert journal.count.text() == "0 anteckningar"
    write_note(view, "Inskrivningssamtal med tolk. Amina vill arbeta inom vården.", "samtal",
               TODAY - dt.timedelta(days=20))  # fmt: skip
    write_note(view, "Ringde om praktikplats på Tumba vårdboende.", "telefon",
               TODAY - dt.timedelta(days=3))  # fmt: skip
    write_note(view, "Möte hos arbetsgivaren; praktiken börjar på måndag.", "mote", TODAY)
    assert journal.text.toPlainText() == ""
    assert journal.notice.text() == "Anteckningen är sparad."
    assert [(n.note_date, n.kind, n.author_name) for n in journal.rows] == [
        (TODAY, "mote", "Agnes Andersson"),
        (TODAY - dt.timedelta(days=3), "telefon", "Agnes Andersson"),
        (TODAY - dt.timedelta(days=20), "samtal", "Agnes Andersson"),
    ]
    assert journal.count.text() == "3 anteckningar"
    shown = journal.notes.toPlainText()
    assert f"{TODAY.isoformat()}  ·  Möte  ·  Agnes Andersson" in shown
    assert shown.index("Möte hos") < shown.index("Ringde om") < shown.index("Inskrivnings")

    qtbot.keyClicks(journal.search, "PRAKTIK")
    qtbot.waitUntil(lambda: len(journal.rows) == 2)
    assert journal.count.text() == "2 träffar"
    assert "Inskrivningssamtal" not in journal.notes.toPlainText()
    journal.search.setText("vardboende")  # accents ignored
    qtbot.waitUntil(lambda: len(journal.rows) == 1)
    journal.search.setText("saknas helt")
    qtbot.waitUntil(lambda: not journal.rows)
    assert "Inga anteckningar innehåller" in journal.notes.toPlainText()
    journal.search.clear()
    qtbot.waitUntil(lambda: len(journal.rows) == 3)


def test_the_saved_notice_goes_when_the_user_types_again(qtbot: QtBot, world: World) -> None:
    view = world.view(qtbot)
    view.show_tab(view.journal)
    journal = view.journal
    write_note(view, "Ringde om praktikplats.", "telefon", TODAY)
    assert journal.notice.text() == "Anteckningen är sparad."
    journal.form.setEnabled(False)  # locked, then unlocked
    journal.form.setEnabled(True)
    journal.text.setFocus()
    qtbot.keyClicks(journal.text, "Ny")
    assert journal.notice.isHidden()
    assert journal.notice.text() == ""


def test_a_note_with_control_characters_is_explained_and_kept(qtbot: QtBot, world: World) -> None:
    view = world.view(qtbot)
    view.show_tab(view.journal)
    journal = view.journal
    pasted = "Kopierat från e-post:\x07 ringer\x1b tillbaka"
    journal.text.setPlainText(pasted)
    # Said while typing, before any save.
    assert journal.errors["text"].isVisible()
    click(journal.save_button)
    assert "styrtecken" in journal.errors["text"].text()
    assert journal.text.toPlainText() == pasted
    journal.text.setPlainText("   ")
    click(journal.save_button)
    assert journal.errors["text"].text() == "Anteckningen måste fyllas i."
    journal.text.setPlainText("Ringer tillbaka i morgon.")
    journal.note_date.setText((TODAY + dt.timedelta(days=1)).isoformat())
    click(journal.save_button)
    assert journal.errors["note_date"].text() == "Datumet kan inte vara efter i dag."
    assert journal.text.toPlainText() == "Ringer tillbaka i morgon."
    # The reason goes as soon as the date is put right, before the next save.
    journal.note_date.setText(TODAY.isoformat())
    assert journal.errors["note_date"].isHidden()
    with world.db.read() as session:
        assert session.scalars(select(CaseNote)).all() == []


def test_a_right_to_left_note_is_stored_exactly_and_read_right_to_left(
    qtbot: QtBot, world: World
) -> None:
    view = world.view(qtbot)
    view.show_tab(view.journal)
    show_active(qtbot, view)
    journal = view.journal
    journal.kind.setCurrentIndex(journal.kind.findData("samtal"))
    journal.text.insertPlainText(ARABIC)
    click(journal.save_button)
    with world.db.read() as session:
        assert session.scalars(select(CaseNote.text)).one() == ARABIC
    blocks = journal.note_blocks()
    first_line, second_line = ARABIC.split("\n")
    assert (first_line, Qt.LayoutDirection.RightToLeft) in blocks
    assert (second_line, Qt.LayoutDirection.RightToLeft) in blocks
    header = f"{TODAY.isoformat()}  ·  Samtal  ·  Agnes Andersson"
    assert (header, Qt.LayoutDirection.LeftToRight) in blocks


def test_the_journal_can_be_written_with_the_keyboard_alone(qtbot: QtBot, world: World) -> None:
    view = world.view(qtbot)
    show_active(qtbot, view)
    view.tabs.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    assert view.current_tab() is view.journal
    journal = view.journal
    qtbot.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    wait_for_focus(qtbot, journal.kind)
    qtbot.keyClick(journal.kind, Qt.Key.Key_Down)  # Samtal → Möte
    assert journal.kind.currentData() == "mote"
    qtbot.keyClick(journal.kind, Qt.Key.Key_Tab)
    wait_for_focus(qtbot, journal.text)
    qtbot.keyClicks(journal.text, "Trepartssamtal med arbetsgivaren.")
    qtbot.keyClick(journal.text, Qt.Key.Key_Return)
    qtbot.keyClicks(journal.text, "Start 1 december.")
    qtbot.keyClick(journal.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with world.db.read() as session:
        note = session.scalars(select(CaseNote)).one()
        assert (note.kind, note.note_date) == ("mote", TODAY)
        assert note.text == "Trepartssamtal med arbetsgivaren.\nStart 1 december."
    assert journal.text.toPlainText() == ""
    wait_for_focus(qtbot, journal.text)
    # Tab leaves the text for the save button rather than typing a tab.
    qtbot.keyClick(journal.text, Qt.Key.Key_Tab)
    wait_for_focus(qtbot, journal.save_button)


# Follow-ups ----------------------------------------------------------------------------


def test_follow_ups_are_added_ticked_off_and_undone_and_reach_my_follow_ups(
    qtbot: QtBot, world: World, qtmodeltester: ModelTester
) -> None:
    view = world.view(qtbot)
    view.show_tab(view.tasks)
    show_active(qtbot, view)
    tasks = view.tasks
    assert tasks.empty.isVisible()
    assert tasks.assignee.currentText() == "Agnes Andersson"
    assert tasks.due_date.text() == (TODAY + dt.timedelta(days=7)).isoformat()

    click(tasks.add_button)
    assert tasks.errors["title"].text() == "Rubriken måste fyllas i."
    tasks.title.setText("Ring Tumba vårdboende om praktiken")
    tasks.due_date.setText("1 december")
    tasks.description.setPlainText("Fråga efter handledaren.")
    click(tasks.add_button)
    assert "ÅÅÅÅ-MM-DD" in tasks.errors["due_date"].text()
    assert tasks.title.text() == "Ring Tumba vårdboende om praktiken"
    assert tasks.description.toPlainText() == "Fråga efter handledaren."
    tasks.due_date.setText((TODAY - dt.timedelta(days=2)).isoformat())
    click(tasks.add_button)
    assert not tasks.errors["due_date"].isVisible()
    assert tasks.title.text() == ""

    tasks.title.setText("Skicka CV till arbetsgivaren")
    tasks.due_date.setText(TODAY.isoformat())
    tasks.assignee.setCurrentIndex(tasks.assignee.findText("Bo Berglund"))
    click(tasks.add_button)

    model = tasks.model
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    late = model.index(0, model.column_of(TaskColumn.DUE))
    assert late.data() == f"{(TODAY - dt.timedelta(days=2)).isoformat()} (försenad)"
    assert late.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert model.index(1, 1).data() == TODAY.isoformat()
    assert [t.assignee_name for t in model.tasks()] == ["Agnes Andersson", "Bo Berglund"]

    mine = MyTasksView(world.cases)
    qtbot.addWidget(mine)
    assert [t.title for t in mine.model.tasks()] == ["Ring Tumba vårdboende om praktiken"]

    # Ticked with the space bar, as a keyboard user does.
    tasks.table.setFocus()
    tasks.table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(tasks.table, Qt.Key.Key_Space)
    assert model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(0, 1).data() == (TODAY - dt.timedelta(days=2)).isoformat()
    with world.db.read() as session:
        done = {t.title: t.done_at is not None for t in session.scalars(select(Task))}
    assert done == {
        "Ring Tumba vårdboende om praktiken": True,
        "Skicka CV till arbetsgivaren": False,
    }
    mine.refresh()
    assert mine.model.tasks() == []

    qtbot.keyClick(tasks.table, Qt.Key.Key_Space)
    assert model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    mine.refresh()
    assert [t.title for t in mine.model.tasks()] == ["Ring Tumba vårdboende om praktiken"]


def test_a_follow_up_with_control_characters_keeps_what_was_typed(
    qtbot: QtBot, world: World
) -> None:
    view = world.view(qtbot)
    tasks = view.tasks
    tasks.title.setText("Ring\x00 tillbaka")
    click(tasks.add_button)
    assert "styrtecken" in tasks.errors["title"].text()
    assert tasks.title.text() == "Ring\x00 tillbaka"
    assert tasks.model.rowCount() == 0


# The profile ---------------------------------------------------------------------------

# Where each intake field is shown in the summary (some share a line).
SHOWN_AS = {
    "has_identity_number": "identity_number", "street_address": "address",
    "postal_code": "address", "city": "address", "municipality_code": "municipality",
    "sfi_path": "sfi", "sfi_course": "sfi",
}  # fmt: skip
# Asked at intake but kept elsewhere: consent in the header, the duplicate answers nowhere.
NOT_IN_PROFILE = {
    "not_duplicates", "consent_processing", "consent_sharing", "consent_date",
    "consent_method", "legal_basis", "consent_note",
}  # fmt: skip


def test_the_profile_summary_shows_every_intake_field_in_swedish(
    qtbot: QtBot, world: World
) -> None:
    view = world.view(qtbot)
    values = view.profile.values
    for field in dataclasses.fields(IntakeData):
        if field.name not in NOT_IN_PROFILE | {"no_identity_reason"}:
            assert SHOWN_AS.get(field.name, field.name) in values, field.name
    assert values["identity_number"] == SHOWN_NUMBER
    assert values["gender"] == "Kvinna"
    assert values["address"] == "Tumba torg 3\n147 30 Tumba"
    assert values["municipality"] == "Botkyrka"
    assert values["birth_country"] == "Somalia"
    assert values["referred_by"] == "Arbetsförmedlingen"
    assert values["languages"] == "Somaliska – modersmål\nEngelska – B1 – mellannivå"
    assert values["sfi"] == "studieväg 2, SFI kurs C"
    assert values["swedish_cefr"] == "A2 – grundläggande"
    assert values["sas_level"] == "–"
    assert values["educations"] == (
        "Gymnasial utbildning, Vård och omsorg, Somalia, 3 år, avslutad, Ansökt hos UHR"
    )
    assert values["experiences"].startswith("5321 ")
    assert values["experiences"].endswith(", Vårdbiträde, 2,5 år, Somalia")
    assert values["wished_municipalities"] == "Botkyrka\nHuddinge"
    assert values["work_extent"] == "Heltid"
    assert values["driving_licences"] == "B"
    assert values["certificates"] == "Hygienbevis"
    shown = view.profile.findChild(QWidget, "profile_gender")
    assert shown is not None
    assert shown.accessibleName() == "Kön"
    # No editor offered: the button says why it cannot be used.
    assert not view.profile.edit_button.isEnabled()
    assert "senare version" in view.profile.edit_button.toolTip()

    # Someone who has no number yet: the reason is shown instead.
    world.person_id = world.intake.complete(
        profile(
            first_name="Yonas", last_name="Tesfamariam", has_identity_number=False,
            identity_number="", birth_date="1988-03-09",
            no_identity_reason="Väntar på samordningsnummer", languages=[], educations=[],
        )
    ).person_id  # fmt: skip
    values = world.view(qtbot).profile.values
    assert values["identity_number"] == "Saknas"
    assert values["birth_date"] == "1988-03-09"
    assert values["no_identity_reason"] == "Väntar på samordningsnummer"
    assert values["languages"] == values["educations"] == "–"


class FakeEditor(QWidget):
    """A stand-in for the profile editor another screen provides."""

    saved = Signal()

    def __init__(self, intake: IntakeService, person_id: uuid.UUID) -> None:
        super().__init__()
        self.setObjectName("fakeEditor")
        self.setAccessibleName("Redigera")
        self._intake = intake
        self._person_id = person_id
        self.last_name = QLineEdit()
        self.last_name.setObjectName("lastName")
        self.last_name.setAccessibleName("Efternamn")
        self.save_button = QPushButton("Spara")
        self.save_button.setObjectName("saveProfile")
        self.save_button.setAccessibleName("Spara")
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.last_name)
        layout.addWidget(self.save_button)

    def save(self) -> None:
        data, version = self._intake.profile_of(self._person_id)
        data.last_name = self.last_name.text()
        self._intake.save_profile(self._person_id, version, data)
        self.saved.emit()


def test_editing_the_profile_replaces_the_summary_and_saving_returns_to_it(
    qtbot: QtBot, world: World
) -> None:
    editors: list[FakeEditor] = []

    def factory(person_id: uuid.UUID) -> QWidget:
        editors.append(FakeEditor(world.intake, person_id))
        return editors[-1]

    view = world.view(qtbot, profile_editor_factory=factory)
    view.show_tab(view.profile)
    show_active(qtbot, view)
    profile_tab = view.profile
    click(profile_tab.edit_button)
    [editor] = editors
    assert profile_tab.pages.currentWidget() is profile_tab.editor_page
    assert editor.isVisible()
    assert not profile_tab.summary_area.isVisible()
    editor.last_name.setText("Abdullahi Hassan")
    with qtbot.waitSignal(view.person_changed):
        click(editor.save_button)
    assert profile_tab.pages.currentIndex() == 0
    assert profile_tab.values["last_name"] == "Abdullahi Hassan"
    assert profile_tab.notice.text() == "Profilen är sparad."
    assert view.name.text() == "Amina Abdullahi Hassan"
    assert view.identity.text() == SHOWN_NUMBER
    assert len(reads(world.db, world.person_id)) == 1

    # Leaving the editor without saving asks first, and staying keeps the input.
    click(profile_tab.edit_button)
    second = editors[-1]
    second.last_name.setText("Något annat")
    click(profile_tab.cancel_button)
    box = profile_tab.findChild(QMessageBox, "confirmCancelEdit")
    assert box is not None
    click(box.findChild(QAbstractButton, "cancelButton"))
    assert profile_tab.pages.currentWidget() is profile_tab.editor_page
    assert second.last_name.text() == "Något annat"
    click(profile_tab.cancel_button)
    box = profile_tab.findChild(QMessageBox, "confirmCancelEdit")
    assert box is not None
    click(box.findChild(QAbstractButton, "confirmButton"))
    assert profile_tab.pages.currentIndex() == 0
    assert profile_tab.values["last_name"] == "Abdullahi Hassan"


# Placeholders, names and a look at every tab --------------------------------------------


def test_referrals_and_documents_say_they_come_later(qtbot: QtBot, world: World) -> None:
    view = world.view(qtbot)
    titles = [view.tabs.tabText(i).replace("&", "") for i in range(view.tabs.count())]
    assert titles == ["Ärende", "Journal", "Uppföljningar", "Profil", "Anvisningar", "Dokument"]
    for page in (view.referrals, view.documents):
        texts = " ".join(label.text() for label in page.findChildren(QLabel))
        assert "kommer i en senare version" in texts


def inside_qt_control(widget: QWidget) -> bool:
    """Parts Qt makes inside a control: a combo box's list, a line edit's clear button."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QLineEdit, QTableView, QTabBar)):
            return True
        parent = parent.parentWidget()
    return False


def test_every_control_has_a_name_for_tests_and_screen_readers(qtbot: QtBot, world: World) -> None:
    view = world.view(qtbot)
    click(view.case_tab.step_buttons["avslutad"])
    kinds = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QAbstractItemView, QTextBrowser)
    dialog = current_dialog(CloseCaseDialog, view.case_tab)
    unnamed = [
        f"{type(widget).__name__} {widget.objectName()!r}"
        for root in (view, dialog)
        for widget in root.findChildren(QWidget)
        if isinstance(widget, kinds)
        and not isinstance(widget, QHeaderView)
        and not inside_qt_control(widget)
        and not (widget.objectName() and widget.accessibleName())
    ]
    assert unnamed == [], unnamed


def test_screenshots_of_every_tab(qtbot: QtBot, world: World) -> None:
    """Realistic made-up content in each tab, saved for a look (/tmp/person_*.png)."""
    with world.db.unit_of_work() as session:
        # An earlier enrolment, closed with an internship, as history.
        session.add(
            Case(
                id=uuid.uuid4(), person_id=world.person_id, municipality_code="0127",
                agent_id=world.colleague, status="avslutad", outcome="praktik",
                opened_on=dt.date(2022, 9, 5), closed_on=dt.date(2023, 6, 16),
                referred_by="SFI / vuxenutbildningen",
            )
        )  # fmt: skip
    case = world.case()
    world.cases.change_status(case.id, case.version, "aktiv")
    notes = [
        ("samtal", 21, "Inskrivningssamtal med somalisk tolk. Amina har arbetat som "
         "vårdbiträde i Mogadishu i två och ett halvt år och vill fortsätta inom vården."),
        ("telefon", 9, "Ringde Tumba vårdboende. Enhetschefen kan ta emot en praktikant "
         "från januari."),
        ("ovrigt", 4, ARABIC),
        ("mote", 1, "Trepartsmöte på vårdboendet.\nPraktiken börjar 7 januari, "
         "handledare är undersköterskan på avdelning 2."),
    ]  # fmt: skip
    for kind, days, text in notes:
        world.cases.add_note(
            case.id, text=text, kind=kind, note_date=TODAY - dt.timedelta(days=days)
        )
    for title, days, assignee in (
        ("Följ upp första praktikveckan", -2, None),
        ("Skicka intyg till Arbetsförmedlingen", 0, world.colleague),
        ("Boka uppföljningsmöte med handledaren", 10, None),
    ):
        world.cases.add_task(
            title=title, due_date=(TODAY + dt.timedelta(days=days)).isoformat(),
            case_id=case.id, assignee_id=assignee,
        )  # fmt: skip
    done = world.cases.add_task(
        title="Hämta ut hygienbeviset", due_date=(TODAY - dt.timedelta(days=6)).isoformat(),
        case_id=case.id,
    )  # fmt: skip
    world.cases.set_done(done, True)

    view = world.view(qtbot)
    view.resize(1000, 720)
    show_active(qtbot, view)
    for page, name in (
        (view.case_tab, "case"), (view.journal, "journal"), (view.tasks, "tasks"),
        (view.profile, "profile"), (view.referrals, "referrals"),
    ):  # fmt: skip
        view.show_tab(page)
        qtbot.wait(10)
        assert view.grab().save(f"/tmp/person_{name}.png")
    view.show_tab(view.case_tab)
    click(view.case_tab.step_buttons["avslutad"])
    dialog = current_dialog(CloseCaseDialog, view.case_tab)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("nystartsjobb"))
    dialog.closed_on.setText("2099-01-01")
    click(dialog.save_button)
    assert dialog.grab().save("/tmp/person_close_dialog.png")
    view.show_tab(view.journal)
    view.journal.text.setPlainText("Inklistrat\x07 från e-post")
    assert view.grab().save("/tmp/person_journal_error.png")
