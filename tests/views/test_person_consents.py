"""Samtycken on the person window: the person's consents listed newest first, a consent
registered there (the header's sharing fact follows), one withdrawn with the date
checked beside the field, and after a withdrawal an administrator is offered Radera
personen with the reason preset; a handläggare is told whom to ask."""

from __future__ import annotations

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
    QLineEdit,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop import clock
from desktop.services.accounts import AccountService, Actor
from desktop.services.cases import CaseService
from desktop.services.consents import SHARING, ConsentService
from desktop.services.intake import IntakeService
from desktop.services.persons import PersonService
from desktop.services.reference import ReferenceService
from desktop.services.registry import Services
from desktop.services.retention import RetentionService
from desktop.store.database import Database
from desktop.views.consent_dialog import ConsentDialog
from desktop.views.main_window import MainWindow
from desktop.views.person.consents_tab import ConsentModel, WithdrawConsentDialog
from desktop.views.person.erase_dialog import EraseDialog
from desktop.views.person.view import PersonView
from desktop.views.settings import Settings
from tests.factories import make_person, make_user
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus
from tests.views.test_person_view import inside_qt_control, profile

TODAY = clock.today()

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@dataclass
class Office:
    db: Database
    clerk: Actor
    admin: Actor
    person_id: uuid.UUID

    def view(self, qtbot: QtBot, actor: Actor) -> PersonView:
        admin = actor.role == "administrator"
        view = PersonView(
            PersonService(self.db, actor),
            CaseService(self.db, actor),
            IntakeService(self.db, actor),
            AccountService(self.db, actor),
            ReferenceService(self.db),
            self.person_id,
            retention=RetentionService(self.db, actor) if admin else None,
            consents=ConsentService(self.db, actor),
        )
        qtbot.addWidget(view)
        view.resize(1100, 640)
        show_active(qtbot, view)
        return view


@pytest.fixture
def office(db: Database) -> Office:
    with db.unit_of_work() as session:
        agnes = make_user(session, "agnes", "Agnes Andersson")
        ada = make_user(session, "ada", "Ada Admin")
        ada.role = "administrator"
        clerk = Actor(agnes.id, agnes.username, agnes.full_name, "handlaggare")
        admin = Actor(ada.id, ada.username, ada.full_name, "administrator")
    intake = IntakeService(db, clerk)
    # Agreed to the processing at the intake, not (yet) to sharing the profile.
    person_id = intake.complete(profile(consent_sharing=False)).person_id
    return Office(db, clerk, admin, person_id)


def rows(view: PersonView) -> list[list[str]]:
    model = view.consents.model
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def open_tab(qtbot: QtBot, view: PersonView) -> None:
    """Alt+Y, as the tab's underlined letter says."""
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert view.current_tab() is view.consents


def withdraw_sharing(qtbot: QtBot, view: PersonView) -> None:
    tab = view.consents
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    dialog = tab.withdraw_dialog
    assert isinstance(dialog, WithdrawConsentDialog)
    assert dialog.isVisible()
    assert dialog.date.text() == TODAY.isoformat()
    with qtbot.waitSignal(dialog.withdrawn):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)


def test_the_list_shows_the_consents_newest_first(qtbot: QtBot, office: Office) -> None:
    consents = ConsentService(office.db, office.clerk)
    earlier = consents.record(
        office.person_id, SHARING, "muntligt", "2025-03-04", "Via tolk, somaliska."
    )
    consents.withdraw(earlier, on=dt.date(2025, 9, 1))
    view = office.view(qtbot, office.clerk)
    assert view.tabs.tabText(view.tabs.indexOf(view._consents_tab)) == "Samt&ycken"
    open_tab(qtbot, view)
    assert rows(view) == [
        ["Behandling av personuppgifter", TODAY.isoformat(), "Skriftligt", "Agnes Andersson",
         "Gäller", ""],
        ["Dela profil med arbetsgivare", "2025-03-04", "Muntligt", "Agnes Andersson",
         "Återkallat 2025-09-01", "Via tolk, somaliska."],
    ]  # fmt: skip
    assert view.consents.empty.isHidden()
    # Tab goes from the list to the buttons.
    tab = view.consents
    tab.table.setFocus()
    for following in (tab.register_button, tab.withdraw_button):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        wait_for_focus(qtbot, following)
    # The consent in force is chosen, so that Enter withdraws it.
    assert view.consents.chosen() is not None
    assert view.consents.chosen().kind == "behandling"  # type: ignore[union-attr]
    assert view.consents.withdraw_button.isEnabled()
    view.consents.table.setCurrentIndex(view.consents.model.index(1, 0))
    assert not view.consents.withdraw_button.isEnabled()
    assert view.consents.ask_withdraw() is None


def test_a_person_without_consents_is_told_so(qtbot: QtBot, office: Office) -> None:
    with office.db.unit_of_work() as session:
        office.person_id = make_person(session, "Yonas", "Tesfamariam").id
    view = office.view(qtbot, office.clerk)
    open_tab(qtbot, view)
    tab = view.consents
    assert tab.table.isHidden()
    assert tab.empty.isVisible()
    assert tab.empty.text().startswith("Inga samtycken registrerade.")
    assert not tab.withdraw_button.isEnabled()


def test_the_model_is_a_proper_qt_model(
    qtbot: QtBot, qtmodeltester: ModelTester, office: Office
) -> None:
    model = ConsentModel()
    model.set_rows(ConsentService(office.db, office.clerk).consents_of(office.person_id), TODAY)
    qtmodeltester.check(model)


def test_a_consent_registered_here_is_listed_and_the_header_follows(
    qtbot: QtBot, office: Office
) -> None:
    view = office.view(qtbot, office.clerk)
    assert view.consent.text() == "Nej"
    open_tab(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    # A button's underlined letter clicks it the way Space does: shown, then released.
    qtbot.waitUntil(lambda: view.consents.consent_dialog is not None)
    dialog = view.consents.consent_dialog
    assert isinstance(dialog, ConsentDialog)
    assert dialog.isVisible()
    # Chosen here, not fixed to sharing; the focus starts there.
    assert dialog.kind.isEnabled()
    wait_for_focus(qtbot, dialog.kind)
    dialog.kind.setCurrentIndex(dialog.kind.findData(SHARING))
    dialog.method.setCurrentIndex(dialog.method.findData("digitalt"))
    dialog.note.setPlainText("BankID-signerat.")
    QApplication.processEvents()
    dialog.grab().save("/tmp/consent_register.png")
    with qtbot.waitSignal(dialog.recorded):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert rows(view)[0][0] == "Dela profil med arbetsgivare"
    assert rows(view)[0][2:] == ["Digitalt", "Agnes Andersson", "Gäller", "BankID-signerat."]
    assert len(rows(view)) == 2
    assert view.consent.text() == "Ja"


def test_a_withdrawal_date_before_the_consent_is_refused_beside_the_field(
    qtbot: QtBot, office: Office
) -> None:
    ConsentService(office.db, office.clerk).record(
        office.person_id, SHARING, "skriftligt", TODAY.isoformat()
    )
    view = office.view(qtbot, office.clerk)
    assert view.consent.text() == "Ja"
    open_tab(qtbot, view)
    tab = view.consents
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    dialog = tab.withdraw_dialog
    assert isinstance(dialog, WithdrawConsentDialog)
    assert dialog.isVisible()
    assert TODAY.isoformat() in dialog.rules.text()
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    dialog.date.clear()
    qtbot.keyClicks(dialog.date, yesterday)
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.date_error.isVisible()
    assert dialog.date_error.text() == (
        f"Datumet kan inte vara före den dag samtycket gavs ({TODAY.isoformat()})."
    )
    assert dialog.date.text() == yesterday
    assert rows(view)[0][4] == "Gäller"
    QApplication.processEvents()
    dialog.grab().save("/tmp/consent_withdraw_refused.png")

    dialog.date.setText(TODAY.isoformat())
    with qtbot.waitSignal(dialog.withdrawn):
        qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert rows(view)[0][:2] == ["Dela profil med arbetsgivare", TODAY.isoformat()]
    assert rows(view)[0][4] == f"Återkallat {TODAY.isoformat()}"
    assert view.consent.text() == "Nej"
    assert not tab.withdraw_button.isEnabled()
    # What it means, and whom to ask: a handläggare cannot erase.
    assert tab.after.isVisible()
    assert "kan personen inte föreslås för arbetsgivare" in tab.after_text.text()
    assert "en administratör radera personen" in tab.after_text.text()
    assert tab.erase_button.isHidden()
    assert view.erase_button is None
    QApplication.processEvents()
    view.grab().save("/tmp/consents_clerk.png")


def test_escape_closes_the_withdrawal_and_nothing_changes(qtbot: QtBot, office: Office) -> None:
    view = office.view(qtbot, office.clerk)
    open_tab(qtbot, view)
    dialog = view.consents.ask_withdraw()
    assert dialog is not None
    qtbot.keyClick(dialog.date, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert rows(view)[0][4] == "Gäller"
    assert view.consents.after.isHidden()


def test_an_administrator_is_offered_erasure_with_the_reason_preset(
    qtbot: QtBot, office: Office
) -> None:
    ConsentService(office.db, office.clerk).record(
        office.person_id, SHARING, "skriftligt", TODAY.isoformat()
    )
    view = office.view(qtbot, office.admin)
    open_tab(qtbot, view)
    withdraw_sharing(qtbot, view)
    tab = view.consents
    assert view.consent.text() == "Nej"
    assert tab.erase_button.isVisible()
    wait_for_focus(qtbot, tab.erase_button)
    assert "Radera personen…" in tab.after_text.text()
    QApplication.processEvents()
    view.grab().save("/tmp/consents_admin.png")
    qtbot.keyClick(tab.erase_button, Qt.Key.Key_Space)
    dialog = view.erase_dialog
    assert isinstance(dialog, EraseDialog)
    assert dialog.isVisible()
    assert dialog.reason.currentData() == "samtycke"
    assert dialog.reason.currentText() == "Återkallat samtycke"
    assert dialog.cancel_button.isDefault()
    # The header's own button still starts from an erasure request.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    other = view.ask_erase()
    assert other is not None
    assert other.reason.currentData() == "begaran"
    other.reject()


def test_the_main_window_opens_the_person_with_the_samtycken_tab(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    first = window.persons_view.model.person_id(0)
    assert first is not None
    opened = window.workspace.open_person(first)
    assert opened is not None
    person = opened.content
    assert isinstance(person, PersonView)
    person.show_tab(person.consents)
    assert person.consents.register_button.isVisible()
    assert person.consents.erase_button.text() == "Radera personen…"


def test_every_control_has_a_name(qtbot: QtBot, office: Office) -> None:
    view = office.view(qtbot, office.admin)
    open_tab(qtbot, view)
    dialog = view.consents.ask_withdraw()
    assert dialog is not None
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)
    unnamed = [
        f"{type(widget).__name__} {widget.objectName()!r}"
        for root in (view.consents, dialog)
        for widget in root.findChildren(QWidget)
        if isinstance(widget, kinds)
        and not isinstance(widget, QHeaderView)
        and not inside_qt_control(widget)
        and not (widget.objectName() and widget.accessibleName())
    ]
    assert unnamed == [], unnamed
    dialog.reject()


def test_a_consent_recorded_elsewhere_shows_when_the_tab_is_shown_again(
    qtbot: QtBot, office: Office
) -> None:
    view = office.view(qtbot, office.clerk)
    open_tab(qtbot, view)
    assert len(rows(view)) == 1
    # As from the Matchning screen, while the person window is open.
    ConsentService(office.db, office.clerk).record(
        office.person_id, SHARING, "muntligt", TODAY.isoformat()
    )
    with qtbot.waitSignal(view.person_changed):
        view.show_tab(view.case_tab)
        open_tab(qtbot, view)
    assert len(rows(view)) == 2
    assert view.consent.text() == "Ja"
