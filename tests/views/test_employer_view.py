"""The new-employer dialog and the employer screen, driven as a caseworker would, on a
real encrypted database: creating with duplicate checks, the details and workplaces,
contact persons, the contact log, needs, follow-ups, and the audit log's one read."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTextBrowser,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop import clock
from desktop.models import AuditEvent, ContactPerson, Employer, Task
from desktop.services.accounts import AccountService, Actor
from desktop.services.employers import (
    TIMELINE_PAGE,
    ContactData,
    ContactPersonData,
    EmployerData,
    EmployerService,
    WorkplaceData,
)
from desktop.services.reference import ReferenceService
from desktop.services.vacancies import VacancyData, VacancyService
from desktop.store.database import Database
from desktop.views.employer import EmployerView, NewEmployerDialog
from desktop.views.employer.details_tab import merge
from tests.factories import luhn_digit, make_user, personal_number
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus

TODAY = clock.today()

# The offscreen platform cannot raise a popup or let it grab the keyboard; the completer
# and combo box popups work all the same.
popup_warnings = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


def org_number(nine: str) -> str:
    full = nine + luhn_digit(nine)
    return f"{full[:6]}-{full[6:]}"


@dataclass
class World:
    db: Database
    actor: Actor
    colleague: Actor
    employers: EmployerService
    vacancies: VacancyService
    accounts: AccountService
    reference: ReferenceService

    def agents(self) -> list[tuple[uuid.UUID, str]]:
        return [(u.id, u.full_name) for u in self.accounts.users() if u.active]

    def dialog(self, qtbot: QtBot) -> NewEmployerDialog:
        dialog = NewEmployerDialog(
            self.employers, self.reference, self.agents(), self.actor.user_id
        )
        qtbot.addWidget(dialog)
        show_active(qtbot, dialog)
        return dialog

    def view(self, qtbot: QtBot, employer_id: uuid.UUID) -> EmployerView:
        view = EmployerView(
            self.employers, self.vacancies, self.accounts, self.reference, employer_id
        )
        qtbot.addWidget(view)
        view.resize(1100, 760)
        view.show()
        qtbot.waitExposed(view)
        return view

    def create(self, name: str, nine: str | None = None, **fields: object) -> uuid.UUID:
        values: dict[str, object] = {
            "name": name,
            "org_number": org_number(nine) if nine else "",
            "sector": "privat",
            "municipality_code": "0127",
        }
        values.update(fields)
        return self.employers.create(EmployerData(**values), confirmed=True)  # type: ignore[arg-type]

    def stored(self, employer_id: uuid.UUID) -> Employer:
        with self.db.read() as session:
            employer = session.get_one(Employer, employer_id)
            session.expunge(employer)
            return employer

    def count(self, model: type[object]) -> int:
        with self.db.read() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def world(db: Database) -> World:
    with db.unit_of_work() as session:
        agnes = make_user(session, "agnes", "Agnes Andersson")
        bo = make_user(session, "bo", "Bo Berglund")
        actor = Actor(agnes.id, agnes.username, agnes.full_name, "handlaggare")
        colleague = Actor(bo.id, bo.username, bo.full_name, "handlaggare")
    reference = ReferenceService(db)
    return World(
        db, actor, colleague, EmployerService(db, actor, reference),
        VacancyService(db, actor, reference), AccountService(db, actor), reference,
    )  # fmt: skip


def click(widget: QWidget) -> None:
    QtBot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_and_tab(qtbot: QtBot, text: str) -> None:
    """Type into the focused field and move on with Tab, as a keyboard user does."""
    focused = QApplication.focusWidget()
    assert focused is not None
    if text:
        qtbot.keyClicks(focused, text)
    popup = QApplication.activePopupWidget()
    if popup is not None:  # a picker's list of matches: Escape closes it, keeping the text
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def reads(db: Database, employer_id: uuid.UUID) -> list[AuditEvent]:
    with db.read() as session:
        events = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "read", AuditEvent.entity_id == employer_id
            )
        ).all()
        session.expunge_all()
        return list(events)


# The new-employer dialog ---------------------------------------------------------------


@popup_warnings
def test_an_employer_with_a_contact_person_is_created_with_the_keyboard_alone(
    qtbot: QtBot, world: World
) -> None:
    dialog = world.dialog(qtbot)
    fields = dialog.fields
    wait_for_focus(qtbot, fields.org_number)
    number = org_number("556120034")
    type_and_tab(qtbot, number)
    assert fields.org_hint.text() == "Aktiebolag"
    wait_for_focus(qtbot, fields.name)
    type_and_tab(qtbot, "Tumba Bageri och Konditori AB")
    wait_for_focus(qtbot, fields.sector)
    qtbot.keyClick(fields.sector, Qt.Key.Key_P)  # Privat
    type_and_tab(qtbot, "")
    type_and_tab(qtbot, "Botkyrka")
    wait_for_focus(qtbot, fields.industry_code)
    type_and_tab(qtbot, "10710")
    type_and_tab(qtbot, "Tillverkning av mjukt matbröd"[:14])
    type_and_tab(qtbot, "www.tumbabageri.example")
    wait_for_focus(qtbot, fields.agent)
    assert fields.agent.currentText() == "Agnes Andersson"
    type_and_tab(qtbot, "")
    wait_for_focus(qtbot, fields.status)
    qtbot.keyClick(fields.status, Qt.Key.Key_A)  # Aktiv
    type_and_tab(qtbot, "")
    wait_for_focus(qtbot, dialog.contact.name)
    type_and_tab(qtbot, "Sofia Lindqvist")
    type_and_tab(qtbot, "Platschef")
    type_and_tab(qtbot, "070-123 45 67")
    qtbot.keyClicks(dialog.contact.email, "sofia@tumbabageri.example")
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.keyClick(dialog.contact.email, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    employer_id = uuid.UUID(created.args[0])
    details = world.employers.details(employer_id)
    assert (details.name, details.org_number, details.sector) == (
        "Tumba Bageri och Konditori AB", number, "privat",
    )  # fmt: skip
    assert (details.municipality, details.industry_code, details.industry_name) == (
        "Botkyrka", "10710", "Tillverkning a",
    )  # fmt: skip
    assert (details.responsible_agent, details.relationship_status) == ("Agnes Andersson", "aktiv")
    assert details.website == "www.tumbabageri.example"
    with world.db.read() as session:
        person = session.scalars(select(ContactPerson)).one()
        assert (person.employer_id, person.name, person.role, person.phone, person.email) == (
            employer_id, "Sofia Lindqvist", "Platschef", "070-123 45 67",
            "sofia@tumbabageri.example",
        )  # fmt: skip


def test_a_wrong_check_digit_is_explained_beside_the_field_and_kept(
    qtbot: QtBot, world: World
) -> None:
    dialog = world.dialog(qtbot)
    right = org_number("556120034")
    wrong = right[:-1] + str((int(right[-1]) + 1) % 10)
    qtbot.keyClicks(dialog.fields.org_number, wrong[:-1])
    # A half-typed number is no error; the last digit makes it one, as it is typed (the
    # same timing as a personnummer), without leaving the field.
    error = dialog.fields.errors["org_number"]
    assert not error.isVisible()
    qtbot.keyClicks(dialog.fields.org_number, wrong[-1])
    assert error.isVisible()
    assert error.text() == "Kontrollsiffran stämmer inte. Kontrollera numret."
    wait_for_focus(qtbot, dialog.fields.org_number)
    assert not dialog.fields.org_hint.isVisible()
    dialog.fields.name.setText("Rättstavade Bygg AB")
    dialog.fields.sector.set_value("privat")
    dialog.contact.name.setText("Karin Åberg")
    click(dialog.save_button)
    assert dialog.isVisible()
    assert error.text() == "Kontrollsiffran stämmer inte. Kontrollera numret."
    wait_for_focus(qtbot, dialog.fields.org_number)
    assert "inte sparad" in dialog.form_error.text()
    assert (dialog.fields.org_number.text(), dialog.fields.name.text()) == (
        wrong, "Rättstavade Bygg AB",
    )  # fmt: skip
    assert dialog.contact.name.text() == "Karin Åberg"
    assert world.count(Employer) == 0
    # Corrected, it is saved.
    dialog.fields.org_number.setText(right)
    with qtbot.waitSignal(dialog.created):
        click(dialog.save_button)
    assert world.count(Employer) == world.count(ContactPerson) == 1


def test_other_bad_fields_each_say_why_and_a_bad_contact_person_saves_nothing(
    qtbot: QtBot, world: World
) -> None:
    dialog = world.dialog(qtbot)
    dialog.fields.name.setText("Webbfelet AB")
    dialog.fields.website.setText("inte en adress")
    dialog.contact.email.setText("sofia@")
    click(dialog.save_button)
    assert dialog.fields.errors["sector"].text() == "Välj sektor."
    assert "Webbadressen" in dialog.fields.errors["website"].text()
    assert dialog.contact.errors["name"].text() == "Namnet måste fyllas i."
    assert "E-postadressen" in dialog.contact.errors["email"].text()
    wait_for_focus(qtbot, dialog.fields.sector)
    # Each reason goes as soon as its cause is gone, before Spara is tried again.
    dialog.fields.sector.set_value("privat")
    assert not dialog.fields.errors["sector"].isVisible()
    assert dialog.fields.errors["website"].isVisible()
    dialog.fields.website.setText("")
    assert not dialog.fields.errors["website"].isVisible()
    click(dialog.save_button)
    assert not dialog.fields.errors["sector"].isVisible()
    wait_for_focus(qtbot, dialog.contact.name)
    assert world.count(Employer) == 0


def test_a_personnummer_is_accepted_as_an_enskild_firma_and_said_so(
    qtbot: QtBot, world: World
) -> None:
    number = personal_number(dt.date(1979, 6, 14), 357)
    typed = f"{number[2:8]}-{number[8:]}"
    dialog = world.dialog(qtbot)
    qtbot.keyClicks(dialog.fields.org_number, typed)
    assert dialog.fields.org_hint.isVisible()
    assert dialog.fields.org_hint.text() == "Personnummer – enskild firma"
    dialog.fields.name.setText("Tkachenkos Måleri")
    dialog.fields.sector.set_value("privat")
    with qtbot.waitSignal(dialog.created) as created:
        click(dialog.save_button)
    view = world.view(qtbot, uuid.UUID(created.args[0]))
    assert view.org_number.caption.text() == "Personnummer (enskild firma)"
    assert view.org_number.text() == typed
    assert view.details_tab.fields.org_hint.text() == "Personnummer – enskild firma"


def test_the_same_organisationsnummer_offers_the_employer_already_there(
    qtbot: QtBot, world: World
) -> None:
    existing = world.create("Granbergs Åkeri AB", "556120034")
    dialog = world.dialog(qtbot)
    dialog.fields.org_number.setText(org_number("556120034"))
    dialog.fields.name.setText("Granberg Åkeri")
    dialog.fields.sector.set_value("privat")
    click(dialog.save_button)
    assert dialog.isVisible()
    assert dialog.duplicates.isVisible()
    assert "samma organisationsnummer" in dialog.fields.errors["org_number"].text()
    texts = " ".join(label.text() for label in dialog.duplicates.findChildren(QLabel))
    assert "Granbergs Åkeri AB" in texts
    assert dialog.confirm_button is None  # the same number is never saved again
    [open_button] = dialog.open_buttons
    assert open_button.objectName() == "openSameNumber"
    assert open_button.text().replace("&", "") == "Öppna den befintliga"
    wait_for_focus(qtbot, open_button)
    with qtbot.waitSignal(dialog.open_existing) as opened:
        qtbot.keyClick(open_button, Qt.Key.Key_Space)
    assert opened.args == [str(existing)]
    assert not dialog.isVisible()
    assert world.count(Employer) == 1


def test_a_half_typed_number_is_flagged_when_the_field_is_left(qtbot: QtBot, world: World) -> None:
    dialog = world.dialog(qtbot)
    qtbot.keyClicks(dialog.fields.org_number, "556120")
    error = dialog.fields.errors["org_number"]
    assert not error.isVisible()
    qtbot.keyClick(dialog.fields.org_number, Qt.Key.Key_Tab)
    assert error.isVisible()
    assert error.text().startswith("Ett organisationsnummer har tio siffror")


def test_the_same_organisationsnummer_is_caught_as_soon_as_it_is_typed(
    qtbot: QtBot, world: World
) -> None:
    world.create("Granbergs Åkeri AB", "556120034")
    dialog = world.dialog(qtbot)
    number = org_number("556120034")
    qtbot.keyClicks(dialog.fields.org_number, number[:-1])
    assert not dialog.duplicates.isVisible()
    qtbot.keyClicks(dialog.fields.org_number, number[-1])
    # Nothing else filled in, nothing saved: the message is beside the field already.
    error = dialog.fields.errors["org_number"]
    assert error.isVisible()
    assert error.text().startswith(
        "En arbetsgivare med samma organisationsnummer finns redan: Granbergs Åkeri AB"
    )
    assert dialog.duplicates.isVisible()
    assert [b.objectName() for b in dialog.open_buttons] == ["openSameNumber"]
    wait_for_focus(qtbot, dialog.fields.org_number)  # typing goes on
    qtbot.keyClick(dialog.fields.org_number, Qt.Key.Key_Backspace)
    assert not error.isVisible()
    assert not dialog.duplicates.isVisible()


def test_a_similar_name_is_listed_and_can_be_confirmed_as_a_new_employer(
    qtbot: QtBot, world: World
) -> None:
    first = world.create("Östgöta Städ & Fönsterputs AB")
    world.create("Lindqvists Café")
    dialog = world.dialog(qtbot)
    dialog.fields.name.setText("Östgöta Städ och Fönsterputs")
    dialog.fields.sector.set_value("privat")
    dialog.contact.name.setText("Hawa Mohamud")
    click(dialog.save_button)
    assert dialog.duplicates.isVisible()
    assert [b.accessibleName() for b in dialog.open_buttons] == [
        "Det är samma arbetsgivare: öppna Östgöta Städ & Fönsterputs AB, Botkyrka"
    ]
    assert world.count(Employer) == 2
    # Editing the name makes what was found old news.
    dialog.fields.name.setText("Östgöta Städ och Fönsterputs HB")
    qtbot.keyClick(dialog.fields.name, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.fields.name, "B")
    assert not dialog.duplicates.isVisible()
    click(dialog.save_button)
    assert dialog.confirm_button is not None
    with qtbot.waitSignal(dialog.created) as created:
        click(dialog.confirm_button)
    assert world.count(Employer) == 3
    new = uuid.UUID(created.args[0])
    assert new != first
    assert world.employers.details(new).name == "Östgöta Städ och Fönsterputs HB"
    assert world.count(ContactPerson) == 1

    # Or the caseworker sees it is the same one and opens it.
    dialog = world.dialog(qtbot)
    dialog.fields.name.setText("Ostgota Stad & Fonsterputs")
    dialog.fields.sector.set_value("privat")
    click(dialog.save_button)
    index = next(i for i, b in enumerate(dialog.open_buttons) if "AB" in b.accessibleName())
    with qtbot.waitSignal(dialog.open_existing) as opened:
        click(dialog.open_buttons[index])
    assert opened.args == [str(first)]
    assert world.count(Employer) == 3


# The screen ----------------------------------------------------------------------------


def test_opening_shows_the_header_and_is_one_audited_read(qtbot: QtBot, world: World) -> None:
    employer_id = world.create(
        "Solbackens Bageri AB", "556120034", industry_code="10710",
        industry_name="Tillverkning av mjukt matbröd", relationship_status="aktiv",
        responsible_agent_id=world.actor.user_id,
    )  # fmt: skip
    view = world.view(qtbot, employer_id)
    assert view.name.text() == "Solbackens Bageri AB"
    assert view.windowTitle() == "Solbackens Bageri AB"
    assert view.org_number.text() == f"{org_number('556120034')} · Aktiebolag"
    assert (view.sector.text(), view.municipality.text()) == ("Privat", "Botkyrka")
    assert (view.agent.text(), view.status.text()) == ("Agnes Andersson", "Aktiv")
    assert view.last_contact.text() == "Aldrig"
    titles = [view.tabs.tabText(i).replace("&", "") for i in range(view.tabs.count())]
    assert titles == [
        "Uppgifter", "Kontaktpersoner", "Kontakter", "Rekryteringsbehov", "Uppföljningar",
        "Anvisningar", "Dokument",
    ]  # fmt: skip
    texts = " ".join(label.text() for label in view.referrals.findChildren(QLabel))
    assert "kommer i en senare version" in texts
    [event] = reads(world.db, employer_id)
    assert (event.user_id, event.entity_type, event.screen) == (
        world.actor.user_id, "Employer", "arbetsgivarkort",
    )  # fmt: skip

    # Working in the screen reads through calls that log nothing more.
    for page in range(view.tabs.count()):
        view.tabs.setCurrentIndex(page)
    view.details_tab.fields.website.setText("www.solbacken.example")
    assert view.details_tab.save()
    view.contact_persons.fields.name.setText("Olena Kovalenko")
    click(view.contact_persons.save_button)
    view.tasks.title.setText("Ring om sommarjobben")
    click(view.tasks.add_button)
    view.reload()
    assert len(reads(world.db, employer_id)) == 1


def test_details_and_workplaces_are_edited_and_saved(qtbot: QtBot, world: World) -> None:
    employer_id = world.create(
        "Ekdalens Omsorg AB", "556120034",
        workplaces=(
            WorkplaceData("Ekdalen", "Ekdalsvägen 4", "147 30", "Tumba", "0127"),
            WorkplaceData("Ön", city="Tyresö", municipality_code="0138"),
        ),
    )  # fmt: skip
    view = world.view(qtbot, employer_id)
    show_active(qtbot, view)
    tab = view.details_tab
    assert [row.name.text() for row in tab.workplaces.rows] == ["Ekdalen", "Ön"]
    assert tab.workplaces.rows[0].municipality.currentText() == "Botkyrka"
    assert not tab.save_button.isEnabled()
    assert view.unsaved_input() == []

    tab.fields.name.setText("Ekdalens Omsorg och Vård AB")
    tab.fields.status.set_value("aktiv")
    tab.fields.notes.setPlainText("Tar emot praktikanter.\nFråga efter Karin.")  # type: ignore[union-attr]
    assert tab.save_button.isEnabled()
    assert view.unsaved_input() == ["uppgifterna"]
    tab.workplaces.remove_row(tab.workplaces.rows[1])
    click(tab.workplaces.add_button)
    new = tab.workplaces.rows[-1]
    wait_for_focus(qtbot, new.name)
    # Tab goes through the new workplace in reading order, then to adding another.
    qtbot.keyClicks(new.name, "Hemtj")
    new.name.insert("änsten")  # QTest types ASCII only
    qtbot.keyClick(new.name, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() in (new.municipality, new.municipality.lineEdit())
    new.municipality.set_value("0126")
    new.street_address.setText("Storgatan 1")
    new.postal_code.setText("1412")
    new.city.setText("Huddinge")

    with qtbot.assertNotEmitted(view.employer_changed):
        assert not tab.save()
    error = new.errors["postal_code"]
    assert error.isVisible()
    assert "fem siffror" in error.text()
    assert "inte sparade" in tab.error.text()
    assert new.postal_code.text() == "1412"
    assert tab.fields.name.text() == "Ekdalens Omsorg och Vård AB"
    assert world.employers.details(employer_id).name == "Ekdalens Omsorg AB"

    new.postal_code.setText("141 46")
    assert not error.isVisible()  # gone with its cause, before Spara
    with qtbot.waitSignal(view.employer_changed) as changed:
        qtbot.keyClick(tab.fields.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == [str(employer_id)]
    assert tab.notice.text() == "Uppgifterna är sparade."
    details = world.employers.details(employer_id)
    assert (details.name, details.relationship_status) == ("Ekdalens Omsorg och Vård AB", "aktiv")
    assert details.notes == "Tar emot praktikanter.\nFråga efter Karin."
    assert [(w.name, w.postal_code, w.municipality) for w in details.workplaces] == [
        ("Ekdalen", "147 30", "Botkyrka"),
        ("Hemtjänsten", "141 46", "Huddinge"),
    ]
    assert (view.name.text(), view.status.text()) == ("Ekdalens Omsorg och Vård AB", "Aktiv")
    assert not tab.is_modified()
    assert view.unsaved_input() == []


def test_details_check_the_number_as_typed_and_take_reasons_away_when_fixed(
    qtbot: QtBot, world: World
) -> None:
    world.create("Granbergs Åkeri AB", "556120034")
    employer_id = world.create("Ekdalens Omsorg AB", "556036079")
    view = world.view(qtbot, employer_id)
    tab = view.details_tab
    own = tab.fields.org_number.text()
    error = tab.fields.errors["org_number"]
    tab.fields.org_number.setText(org_number("556120034"))
    assert error.isVisible()
    assert error.text() == (
        "En annan arbetsgivare har redan det organisationsnumret: Granbergs Åkeri AB."
    )
    tab.fields.org_number.setText(own)
    assert not error.isVisible()
    tab.fields.name.setText("")
    assert not tab.save()
    assert tab.fields.errors["name"].isVisible()
    tab.fields.name.setText("Ekdalens Omsorg AB")
    assert not tab.fields.errors["name"].isVisible()


def test_a_stale_save_keeps_what_was_typed_and_shows_the_other_change(
    qtbot: QtBot, world: World
) -> None:
    employer_id = world.create(
        "Norrviks Städ AB", "556120034", workplaces=(WorkplaceData("Kontoret", city="Tumba"),)
    )
    view = world.view(qtbot, employer_id)
    tab = view.details_tab
    tab.fields.website.setText("www.norrvik.example")
    tab.workplaces.rows[0].city.setText("Tullinge")
    # A colleague renames the employer and adds a workplace meanwhile.
    other = EmployerService(world.db, world.colleague)
    stored = other.details(employer_id).data()
    other.update(
        employer_id,
        other.details(employer_id).version,
        dataclasses.replace(
            stored,
            name="Norrviks Städ HB",
            workplaces=(*stored.workplaces, WorkplaceData("Lagret", city="Tumba")),
        ),
    )
    with qtbot.assertNotEmitted(view.employer_changed):
        assert not tab.save()
    assert "Någon annan har ändrat" in tab.error.text()
    assert "det du skrev finns kvar" in tab.error.text()
    assert "båda" not in tab.error.text()
    # Their change is shown, and so is what was typed; nothing is stored yet.
    assert (tab.fields.name.text(), tab.fields.website.text()) == (
        "Norrviks Städ HB", "www.norrvik.example",
    )  # fmt: skip
    assert [(r.name.text(), r.city.text()) for r in tab.workplaces.rows] == [
        ("Kontoret", "Tullinge"),
        ("Lagret", "Tumba"),
    ]
    assert view.name.text() == "Norrviks Städ HB"
    assert world.employers.details(employer_id).website is None
    assert view.unsaved_input() == ["uppgifterna"]
    with qtbot.waitSignal(view.employer_changed):
        assert tab.save()
    details = world.employers.details(employer_id)
    assert (details.name, details.website) == ("Norrviks Städ HB", "www.norrvik.example")
    assert [(w.name, w.city) for w in details.workplaces] == [
        ("Kontoret", "Tullinge"),
        ("Lagret", "Tumba"),
    ]

    # Both change the name: what was typed stays, and the message says which field.
    tab.fields.name.setText("Norrviks Städ & Fönsterputs HB")
    stored = other.details(employer_id)
    other.update(
        employer_id, stored.version, dataclasses.replace(stored.data(), name="Norrvik Service HB")
    )
    assert not tab.save()
    assert "Ni har båda ändrat: namn" in tab.error.text()
    assert tab.fields.name.text() == "Norrviks Städ & Fönsterputs HB"
    # "Ångra ändringar" shows what is stored now.
    click(tab.revert_button)
    assert tab.fields.name.text() == "Norrvik Service HB"
    assert view.unsaved_input() == []


def test_merging_a_stale_form_keeps_each_side_s_own_changes() -> None:
    one, two = uuid.uuid4(), uuid.uuid4()
    base = EmployerData(
        name="Ekdalens AB", sector="privat",
        workplaces=(WorkplaceData("Ett", id=one), WorkplaceData("Två", id=two)),
    )  # fmt: skip
    # Typed: a new website, "Ett" renamed, "Två" removed, a new workplace.
    mine = dataclasses.replace(
        base, website="www.ekdalen.example",
        workplaces=(WorkplaceData("Ett nytt", id=one), WorkplaceData("Tre")),
    )  # fmt: skip
    # Stored meanwhile: the status changed, "Ett" removed, "Två" renamed.
    theirs = dataclasses.replace(
        base, relationship_status="aktiv", workplaces=(WorkplaceData("Två bis", id=two),)
    )
    merged, both = merge(base, mine, theirs)
    assert (merged.website, merged.relationship_status) == ("www.ekdalen.example", "aktiv")
    # "Ett" was removed by them but typed into: it comes back, as a new workplace.
    assert [(w.name, w.id) for w in merged.workplaces] == [("Ett nytt", None), ("Tre", None)]
    assert both == ["workplaces"]


def test_a_contact_logged_elsewhere_is_shown_on_reload_and_typed_details_are_kept(
    qtbot: QtBot, world: World
) -> None:
    employer_id = world.create("Vårdhemmet Linnean AB", "556120034")
    view = world.view(qtbot, employer_id)
    tab = view.details_tab
    tab.fields.website.setText("www.linnean.example")
    world.employers.log_contact(
        employer_id,
        ContactData(
            kind="besok", summary="Besök på boendet.", next_step="Skicka två kandidater.",
            follow_up_on=(TODAY + dt.timedelta(days=7)).isoformat(),
        ),
    )  # fmt: skip
    view.reload()
    assert view.last_contact.text() == TODAY.isoformat()
    assert view.contacts.entries() == [f"{TODAY.isoformat()}  ·  Besök  ·  Agnes Andersson"]
    assert [t.title for t in view.tasks.model.tasks()] == ["Skicka två kandidater."]
    assert tab.fields.website.text() == "www.linnean.example"
    # Logging changed no detail, so the save goes through without a word about others.
    assert tab.save()
    assert world.employers.details(employer_id).website == "www.linnean.example"


def test_contact_persons_are_added_edited_and_marked_as_left_never_deleted(
    qtbot: QtBot, world: World, qtmodeltester: ModelTester
) -> None:
    employer_id = world.create("Citybud i Södertälje AB", "559200078")
    view = world.view(qtbot, employer_id)
    view.show_tab(view.contact_persons)
    show_active(qtbot, view)
    tab = view.contact_persons
    assert tab.empty.isVisible()

    fields = tab.fields
    fields.name.setText("Yonas Tesfamariam")
    fields.email.setText("yonas@")
    click(tab.save_button)
    assert "E-postadressen" in fields.errors["email"].text()
    assert fields.name.text() == "Yonas Tesfamariam"
    assert view.unsaved_input() == ["kontaktpersonen"]
    fields.email.setText("yonas@citybud.example")
    fields.role.setText("Transportledare")
    with qtbot.waitSignal(view.employer_changed):
        click(tab.save_button)
    assert tab.notice.text() == "Yonas Tesfamariam är tillagd."
    assert fields.name.text() == ""
    fields.name.setText("Leyla Haidari")
    fields.phone.setText("08-550 123 45")
    click(tab.save_button)
    model = tab.model
    qtmodeltester.check(model)
    assert [p.name for p in model.rows()] == ["Leyla Haidari", "Yonas Tesfamariam"]

    # Enter on a row puts the person in the form.
    tab.table.setFocus()
    tab.table.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert tab.editing is not None
    assert fields.name.text() == "Yonas Tesfamariam"
    assert tab.form_heading.text() == "Ändra Yonas Tesfamariam"
    assert view.unsaved_input() == []
    fields.role.setText("Platschef")
    click(tab.save_button)
    assert [p.role for p in model.rows()] == [None, "Platschef"]

    # Yonas leaves: still listed, last and greyed, and the change is stored.
    tab.table.setCurrentIndex(model.index(model.row_of(model.rows()[1].id), 0))
    click(tab.active_button)
    assert [p.name for p in model.rows()] == ["Leyla Haidari", "Yonas Tesfamariam"]
    left = model.index(1, 4)
    assert left.data() == "Har slutat"
    assert left.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#8a8a8a"
    assert "finns kvar i listan" in tab.notice.text()
    assert tab.active_button.text().replace("&", "") == "Markera som aktiv"
    with world.db.read() as session:
        stored = {p.name: (p.active, p.role) for p in session.scalars(select(ContactPerson))}
    assert stored == {
        "Leyla Haidari": (True, None),
        "Yonas Tesfamariam": (False, "Platschef"),
    }
    click(tab.active_button)
    assert model.index(model.row_of(model.rows()[1].id), 4).data() == "Aktiv"
    qtmodeltester.check(model)


def test_contact_persons_from_the_screen_read_are_listed(qtbot: QtBot, world: World) -> None:
    employer_id = world.create("Zetas Restaurang AB", "556200045")
    kept = world.employers.add_contact_person(employer_id, ContactPersonData("Amina Öztürk"))
    gone = world.employers.add_contact_person(employer_id, ContactPersonData("Ahmed Abdullahi"))
    world.employers.set_contact_person_active(gone, 1, False)
    view = world.view(qtbot, employer_id)
    rows = view.contact_persons.model.rows()
    assert [(p.id, p.active) for p in rows] == [(kept, True), (gone, False)]
    assert view.contact_persons.edit_button.isEnabled()


def test_the_contact_log_is_newest_first_and_older_entries_come_on_request(
    qtbot: QtBot, world: World
) -> None:
    employer_id = world.create("Åbergs Måleri AB", "556200029")
    total = TIMELINE_PAGE + 5
    for day in range(total):
        world.employers.log_contact(
            employer_id,
            ContactData(
                kind="telefon" if day % 2 else "besok",
                contact_date=(TODAY - dt.timedelta(days=day)).isoformat(),
                participants="Platschefen" if day == 0 else "",
                summary=f"Kontakt nummer {total - day}.",
                outcome="Två praktikplatser." if day == 0 else "",
                next_step="Skicka CV." if day == 0 else "",
            ),
        )
    view = world.view(qtbot, employer_id)
    view.show_tab(view.contacts)
    log = view.contacts
    assert len(log.rows) == TIMELINE_PAGE
    assert [row.contact_date for row in log.rows] == sorted(
        (row.contact_date for row in log.rows), reverse=True
    )
    assert log.entries()[0] == f"{TODAY.isoformat()}  ·  Besök  ·  Agnes Andersson"
    shown = log.log.toPlainText()
    assert shown.index(f"Kontakt nummer {total}.") < shown.index(f"Kontakt nummer {total - 1}.")
    for part in (
        "Närvarande: Platschefen",
        "Resultat: Två praktikplatser.",
        "Nästa steg: Skicka CV.",
    ):
        assert part in shown
    # Who attended a meeting, not the app's Deltagare (job seekers).
    assert "Deltagare" not in shown
    assert log.older_button.isVisible()
    assert log.count.text() == f"Visar de {TIMELINE_PAGE} senaste, det finns äldre"
    click(log.older_button)
    assert len(log.rows) == total
    assert log.rows[-1].contact_date == TODAY - dt.timedelta(days=total - 1)
    assert "Kontakt nummer 1." in log.log.toPlainText()
    assert not log.older_button.isVisible()
    assert log.count.text() == f"{total} kontakter"
    assert len(reads(world.db, employer_id)) == 1
    with qtbot.waitSignal(view.log_contact_requested) as asked:
        click(log.log_button)
    assert asked.args == [str(employer_id)]


def test_an_employer_without_contacts_says_so(qtbot: QtBot, world: World) -> None:
    view = world.view(qtbot, world.create("Ängby Omsorg", sector="ideburen"))
    assert "Inga kontakter loggade ännu" in view.contacts.log.toPlainText()
    assert not view.contacts.older_button.isVisible()
    assert not view.needs.empty.isHidden()
    assert view.org_number.text() == "Saknas"


def test_needs_are_listed_and_open_and_new_ones_are_asked_for(
    qtbot: QtBot, world: World, qtmodeltester: ModelTester
) -> None:
    employer_id = world.create("Lindängens Vård AB", "556120034")
    common = {"occupation_code": "5321", "form_code": "anstallning", "municipality_code": "0127"}
    late = world.vacancies.create(
        VacancyData(
            employer_id=employer_id, title="Undersköterska, natt", positions="3",
            apply_by=(TODAY + dt.timedelta(days=30)).isoformat(), **common,
        )
    )  # fmt: skip
    soon = world.vacancies.create(
        VacancyData(
            employer_id=employer_id, title="Undersköterska, dag", positions="2",
            apply_by=(TODAY + dt.timedelta(days=5)).isoformat(), **common,
        )
    )  # fmt: skip
    view = world.view(qtbot, employer_id)
    view.show_tab(view.needs)
    show_active(qtbot, view)
    model = view.needs.model
    qtmodeltester.check(model)
    assert [n.id for n in model.needs()] == [soon, late]
    assert [model.index(0, c).data() for c in (0, 2, 5)] == [
        "Undersköterska, dag", "0 av 2", "Öppet",
    ]  # fmt: skip
    view.needs.table.setFocus()
    view.needs.table.setCurrentIndex(model.index(1, 0))
    with qtbot.waitSignal(view.need_activated) as opened:
        qtbot.keyClick(view.needs.table, Qt.Key.Key_Return)
    assert opened.args == [str(late)]
    with qtbot.waitSignal(view.new_need_requested) as asked:
        qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert asked.args == [str(employer_id)]

    # A need saved elsewhere shows after reload.
    world.vacancies.create(
        VacancyData(employer_id=employer_id, title="Vårdbiträde", positions="1", **common)
    )
    view.reload()
    assert [n.title for n in model.needs()][-1] == "Vårdbiträde"


def test_follow_ups_are_added_and_ticked_done_and_undone(qtbot: QtBot, world: World) -> None:
    employer_id = world.create("Almgrens Städ HB", "969200052")
    view = world.view(qtbot, employer_id)
    view.show_tab(view.tasks)
    show_active(qtbot, view)
    tasks = view.tasks
    assert tasks.empty.isVisible()
    assert tasks.assignee.currentText() == "Agnes Andersson"
    tasks.title.setText("Ring om höstens rekrytering")
    tasks.due_date.setText("nästa vecka")
    assert view.unsaved_input() == ["uppföljningen"]
    click(tasks.add_button)
    assert "ÅÅÅÅ-MM-DD" in tasks.errors["due_date"].text()
    assert tasks.title.text() == "Ring om höstens rekrytering"
    due = (TODAY + dt.timedelta(days=3)).isoformat()
    tasks.due_date.setText(due)
    tasks.assignee.setCurrentIndex(tasks.assignee.findText("Bo Berglund"))
    with qtbot.waitSignal(view.employer_changed):
        click(tasks.add_button)
    assert tasks.title.text() == ""
    assert view.unsaved_input() == []
    [task] = tasks.model.tasks()
    assert (task.title, task.due_date.isoformat(), task.assignee_name) == (
        "Ring om höstens rekrytering", due, "Bo Berglund",
    )  # fmt: skip
    tasks.table.setFocus()
    tasks.table.setCurrentIndex(tasks.model.index(0, 0))
    qtbot.keyClick(tasks.table, Qt.Key.Key_Space)
    with world.db.read() as session:
        assert session.scalars(select(Task.done_at)).one() is not None
    qtbot.keyClick(tasks.table, Qt.Key.Key_Space)
    with world.db.read() as session:
        assert session.scalars(select(Task.done_at)).one() is None


def test_unsaved_input_names_every_place_with_typed_text(qtbot: QtBot, world: World) -> None:
    view = world.view(qtbot, world.create("Botkyrka kommun, Ekgården", sector="offentlig"))
    assert view.unsaved_input() == []
    view.details_tab.fields.website.setText("www.botkyrka.se")
    view.contact_persons.fields.name.setText("Erik Ängström")
    view.tasks.description.setPlainText("Fråga om sommarvikariat.")
    assert view.unsaved_input() == ["uppgifterna", "kontaktpersonen", "uppföljningen"]
    view.details_tab.fields.website.setText("")
    assert view.unsaved_input() == ["kontaktpersonen", "uppföljningen"]


def inside_qt_control(widget: QWidget) -> bool:
    """Parts Qt makes inside a control: a combo box's list, a line edit's clear button."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QLineEdit, QTableView, QTabBar)):
            return True
        parent = parent.parentWidget()
    return False


def test_every_control_has_a_name_for_tests_and_screen_readers(qtbot: QtBot, world: World) -> None:
    world.create("Granbergs Åkeri AB", "556120034")
    employer_id = world.create(
        "Solbackens Bageri AB", "559200078", workplaces=(WorkplaceData("Bageriet"),)
    )
    view = world.view(qtbot, employer_id)
    dialog = world.dialog(qtbot)
    dialog.fields.org_number.setText(org_number("556120034"))
    dialog.fields.name.setText("Granbergs Åkeri")
    dialog.fields.sector.set_value("privat")
    click(dialog.save_button)
    kinds = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QAbstractItemView, QTextBrowser)
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
