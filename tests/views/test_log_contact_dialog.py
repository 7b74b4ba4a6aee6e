"""Logga kontakt, driven as a matching agent would at an employer's site: keyboard only,
the employer found by a few letters, Enter to save, and bad input explained in place."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop import clock
from desktop.services.accounts import Actor
from desktop.services.cases import CaseService
from desktop.services.employers import EmployerData, EmployerService, EmployerSuggestion
from desktop.store.database import Database
from desktop.views.log_contact_dialog import LogContactDialog
from tests.factories import make_user
from tests.views.conftest import show_active

TODAY = clock.today()
popup_warnings = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@dataclass
class Site:
    db: Database
    actor: Actor
    employers: EmployerService
    bakery: uuid.UUID
    builder: uuid.UUID


@pytest.fixture
def site(db: Database) -> Site:
    with db.unit_of_work() as session:
        user = make_user(session, "agnes", "Agnes Agent")
        actor = Actor(user.id, user.username, user.full_name, "handlaggare")
    employers = EmployerService(db, actor)
    bakery = employers.create(
        EmployerData(name="Östgöta Testbageri AB", sector="privat", municipality_code="0127")
    )
    builder = employers.create(
        EmployerData(name="Tumba Provbygg AB", sector="privat", municipality_code="0127")
    )
    return Site(db, actor, employers, bakery, builder)


def open_dialog(qtbot: QtBot, site: Site, **options: object) -> LogContactDialog:
    dialog = LogContactDialog(site.employers, **options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    return dialog


def focused_name() -> str:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget.objectName()


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


@popup_warnings
def test_a_visit_with_a_follow_up_logged_with_the_keyboard_alone(qtbot: QtBot, site: Site) -> None:
    dialog = open_dialog(qtbot, site)
    assert focused_name() == "contactEmployer"
    qtbot.keyClicks(dialog.employer, "ostgota")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.employer.chosen is not None)
    assert dialog.employer.text() == "Östgöta Testbageri AB"
    handle = dialog.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)

    press(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "contactKind"
    assert dialog.kind.currentData() == "besok"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "contactDate"
    assert dialog.contact_date.text() == TODAY.isoformat()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "contactParticipants"
    qtbot.keyClicks(QApplication.focusWidget(), "Platschefen och HR")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "contactSummary"
    qtbot.keyClicks(dialog.summary, "Behover tva bagare till varen")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(dialog.summary, "Vill trana med praktik forst")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "contactOutcome"
    qtbot.keyClicks(dialog.outcome, "Två praktikplatser i vår")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "contactNextStep"
    qtbot.keyClicks(dialog.next_step, "Skicka tva kandidater")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "contactFollowUp"
    follow_up = (TODAY + dt.timedelta(days=7)).isoformat()
    qtbot.keyClicks(dialog.follow_up_on, follow_up)
    with qtbot.waitSignal(dialog.logged) as saved:
        press(qtbot, Qt.Key.Key_Return)

    assert saved.args is not None
    assert saved.args[0] == str(site.bakery)
    assert not dialog.isVisible()
    screen = site.employers.open(site.bakery)
    assert screen.details.last_contact_on == TODAY
    [contact] = screen.timeline
    assert contact.kind == "besok"
    assert contact.summary == "Behover tva bagare till varen\nVill trana med praktik forst"
    assert contact.participants == "Platschefen och HR"
    assert contact.outcome == "Två praktikplatser i vår"
    assert contact.agent_name == "Agnes Agent"
    [task] = screen.tasks
    assert task.title == "Skicka tva kandidater"
    assert task.due_date.isoformat() == follow_up
    mine = CaseService(site.db, site.actor).my_tasks(today=TODAY, days_ahead=14)
    assert [t.title for t in mine] == ["Skicka tva kandidater"]


def test_opened_from_an_employer_the_employer_is_filled_in(qtbot: QtBot, site: Site) -> None:
    employer = EmployerSuggestion(site.builder, "Tumba Provbygg AB", None, "Botkyrka")
    dialog = open_dialog(qtbot, site, employer=employer)
    assert dialog.employer.text() == "Tumba Provbygg AB"
    assert focused_name() == "contactKind"
    dialog.set_kind("telefon")
    dialog.summary.setPlainText("Ringde om sommarjobb")
    dialog.save()
    assert not dialog.isVisible()
    [contact] = site.employers.timeline(site.builder)
    assert contact.kind == "telefon"


def test_a_contact_in_the_future_is_explained_and_nothing_is_lost(qtbot: QtBot, site: Site) -> None:
    employer = EmployerSuggestion(site.bakery, "Östgöta Testbageri AB", None, None)
    dialog = open_dialog(qtbot, site, employer=employer)
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    dialog.contact_date.setText(tomorrow)
    dialog.summary.setPlainText("Möte om praktikplatser")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.errors["contact_date"].isVisible()
    assert "i dag" in dialog.errors["contact_date"].text()
    assert focused_name() == "contactDate"
    assert dialog.contact_date.text() == tomorrow
    assert dialog.summary.toPlainText() == "Möte om praktikplatser"
    assert site.employers.timeline(site.bakery) == []
    # Put right, the reason goes at once, before Spara is tried again.
    dialog.contact_date.setText(TODAY.isoformat())
    assert dialog.errors["contact_date"].isHidden()


def test_what_was_said_must_be_written(qtbot: QtBot, site: Site) -> None:
    employer = EmployerSuggestion(site.bakery, "Östgöta Testbageri AB", None, None)
    dialog = open_dialog(qtbot, site, employer=employer)
    dialog.save()
    assert dialog.errors["summary"].text() == "Sammanfattningen måste fyllas i."
    assert dialog.isVisible()


def test_an_employer_not_in_the_register_is_explained(qtbot: QtBot, site: Site) -> None:
    dialog = open_dialog(qtbot, site)
    dialog.employer.setText("Finns Inte AB")
    dialog.summary.setPlainText("Besök")
    dialog.save()
    assert dialog.errors["employer"].text().startswith("Ingen arbetsgivare matchar")
    assert dialog.employer.text() == "Finns Inte AB"


def test_typing_a_unique_part_is_enough(qtbot: QtBot, site: Site) -> None:
    dialog = open_dialog(qtbot, site)
    dialog.employer.setText("provbygg")
    dialog.summary.setPlainText("Kort samtal")
    dialog.save()
    assert not dialog.isVisible()
    assert len(site.employers.timeline(site.builder)) == 1


def test_escape_with_typed_text_asks_before_throwing_it_away(qtbot: QtBot, site: Site) -> None:
    dialog = open_dialog(qtbot, site)
    qtbot.keyClicks(dialog.summary, "Halvskrivet")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Escape)
    box = dialog.confirm
    assert isinstance(box, QMessageBox)
    assert dialog.isVisible()
    stay = box.findChild(QPushButton, "cancelButton")
    assert stay is not None
    qtbot.mouseClick(stay, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.summary.toPlainText() == "Halvskrivet"

    dialog.reject()
    box = dialog.confirm
    assert isinstance(box, QMessageBox)
    discard = box.findChild(QPushButton, "confirmButton")
    assert discard is not None
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_every_field_is_named_for_assistive_technology(qtbot: QtBot, site: Site) -> None:
    dialog = open_dialog(qtbot, site)
    for widget in (
        dialog.employer, dialog.kind, dialog.contact_date, dialog.participants,
        dialog.summary, dialog.outcome, dialog.next_step, dialog.follow_up_on, dialog.save_button,
    ):  # fmt: skip
        assert widget.objectName()
        assert widget.accessibleName()
