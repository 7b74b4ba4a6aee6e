"""Registrera samtycke: the kind fixed when opened to share a profile, today's date by
default, the reason beside a field that is wrong with what was typed kept, and the
consent recorded when all is right."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.registry import Services
from desktop.store.database import Database
from desktop.views.consent_dialog import ConsentDialog
from tests.factories import make_person
from tests.views.conftest import services_for, show_active
from tests.views.focus import wait_for_focus

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def services(db: Database) -> Services:
    return services_for(db)


@pytest.fixture
def person(db: Database) -> uuid.UUID:
    with db.unit_of_work() as session:
        return make_person(session, "Hawa", "Provdotter").id


def dialog_for(
    qtbot: QtBot, services: Services, person: uuid.UUID, **options: object
) -> ConsentDialog:
    dialog = ConsentDialog(
        services.consents,
        person,
        "Hawa Provdotter",
        today=lambda: TODAY,
        **options,  # type: ignore[arg-type]
    )
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def test_a_consent_to_share_the_profile_is_recorded(
    qtbot: QtBot, services: Services, person: uuid.UUID
) -> None:
    dialog = dialog_for(qtbot, services, person)
    assert dialog.kind.currentData() == "dela_profil"
    assert not dialog.kind.isEnabled()
    assert dialog.given_on.text() == "2026-12-07"
    wait_for_focus(qtbot, dialog.method)
    dialog.method.setCurrentIndex(dialog.method.findData("muntligt"))
    dialog.given_on.setText("2026-12-01")
    dialog.note.setPlainText("Med tolk på dari.")
    with qtbot.waitSignal(dialog.recorded) as recorded:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert recorded.args == [str(person), "dela_profil"]
    assert not dialog.isVisible()
    [consent] = services.consents.consents_of(person)
    assert (consent.kind, consent.method, consent.given_on, consent.note) == (
        "dela_profil", "muntligt", dt.date(2026, 12, 1), "Med tolk på dari.",
    )  # fmt: skip
    assert services.consents.may_share(person, today=TODAY)


def test_a_bad_date_is_explained_beside_the_field_and_kept(
    qtbot: QtBot, services: Services, person: uuid.UUID
) -> None:
    dialog = dialog_for(qtbot, services, person)
    show_active(qtbot, dialog)
    dialog.given_on.clear()
    qtbot.keyClicks(dialog.given_on, "2026-13-45")
    dialog.given_on.editingFinished.emit()  # leaving the field
    error = dialog.errors["given_on"]
    assert not error.isHidden()
    assert error.text() == "Datumet skrivs ÅÅÅÅ-MM-DD, till exempel 2024-03-15."
    assert dialog.errors["method"].isHidden()  # not visited yet: no red yet

    with qtbot.assertNotEmitted(dialog.recorded):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.given_on.text() == "2026-13-45"  # what was typed stays
    assert dialog.errors["method"].text() == "Välj hur samtycket gavs."
    assert services.consents.consents_of(person) == []

    # A day after today is no date a consent was given on.
    dialog.given_on.setText("2026-12-08")
    dialog.given_on.editingFinished.emit()
    assert error.text() == "Datumet kan inte vara efter i dag."
    # Put right, the reason goes as the date is typed.
    dialog.given_on.clear()
    qtbot.keyClicks(dialog.given_on, "2026-12-07")
    assert error.isHidden()
    dialog.method.setCurrentIndex(dialog.method.findData("skriftligt"))
    assert dialog.errors["method"].isHidden()
    dialog.given_on.setFocus()  # Enter in a field saves
    with qtbot.waitSignal(dialog.recorded):
        qtbot.keyClick(dialog.given_on, Qt.Key.Key_Return)
    assert services.consents.may_share(person, today=TODAY)


def test_the_kind_can_be_chosen_when_not_given(
    qtbot: QtBot, services: Services, person: uuid.UUID
) -> None:
    dialog = dialog_for(qtbot, services, person, kind=None)
    assert dialog.kind.isEnabled()
    dialog.method.setCurrentIndex(dialog.method.findData("digitalt"))
    dialog.save()
    assert dialog.errors["kind"].text() == "Välj vad samtycket gäller."
    dialog.kind.setCurrentIndex(dialog.kind.findData("behandling"))
    with qtbot.waitSignal(dialog.recorded) as recorded:
        dialog.save()
    assert recorded.args == [str(person), "behandling"]
    assert not services.consents.may_share(person, today=TODAY)


def test_every_field_has_a_name(qtbot: QtBot, services: Services, person: uuid.UUID) -> None:
    dialog = dialog_for(qtbot, services, person)
    for widget in (dialog.kind, dialog.method, dialog.given_on, dialog.note, dialog.save_button):
        assert widget.objectName()
        assert widget.accessibleName()
