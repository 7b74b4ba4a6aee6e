"""Administration → Användare, driven like an administrator would, on a real encrypted
database with its key file, so that every login afterwards is the real one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import User
from desktop.services import accounts
from desktop.services.accounts import SETUP_MUNICIPALITIES
from desktop.services.registry import Services
from desktop.store.errors import StoreError
from desktop.views.users_view import NewUserDialog, ResetPasswordDialog, UsersView
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus

# ASCII only: QTest types non-ASCII characters by asserting.
PASSWORD = "ett langt losenord"
TEMPORARY = "tillfalligt losen"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = accounts.set_up(
        tmp_path / "m.sqlite", municipality_code="0127", full_name="Ada Admin",
        username="ada", password=PASSWORD,
    )  # fmt: skip
    try:
        yield Services.for_user(opened.db, opened.actor)
    finally:
        opened.db.close()


def _view(qtbot: QtBot, services: Services) -> UsersView:
    view = UsersView(services.accounts, SETUP_MUNICIPALITIES, default_municipality="0127")
    qtbot.addWidget(view)
    view.resize(1100, 400)
    show_active(qtbot, view)
    return view


def _add_bo(services: Services) -> None:
    services.accounts.add_user(
        username="bo", full_name="Bo Agent", role="handlaggare", municipality_code="0181",
        password=TEMPORARY,
    )  # fmt: skip


def _cells(view: UsersView, row: int) -> list[str]:
    model = view.model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def _select(view: UsersView, username: str) -> None:
    for row in range(view.model.rowCount()):
        if view.model.index(row, 1).data() == username:
            view.table.setFocus()
            view.table.setCurrentIndex(view.model.index(row, 0))
            return
    raise AssertionError(username)


def _log_in(services: Services, username: str, password: str) -> accounts.Opened:
    """Another login, as at the next start: the window's database is closed first (one
    process at a time holds the file)."""
    services.db.close()
    return accounts.log_in(services.db.path, username, password)


def test_the_table_shows_every_account_in_swedish(
    qtbot: QtBot, services: Services, qtmodeltester: ModelTester
) -> None:
    _add_bo(services)
    with services.db.unit_of_work() as session:
        for user in session.scalars(select(User)):
            user.last_login_at = (
                dt.datetime(2026, 7, 1, 10, 5, tzinfo=dt.UTC) if user.username == "ada" else None
            )
    view = _view(qtbot, services)
    qtmodeltester.check(view.model)
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == [
        "Namn", "Användarnamn", "Roll", "Kommun", "Aktiv", "Måste byta lösenord",
        "Senast inloggad",
    ]  # fmt: skip
    assert _cells(view, 0) == [
        "Ada Admin", "ada", "Administratör", "Botkyrka (0127)", "Ja", "Nej", "2026-07-01 12:05",
    ]  # fmt: skip
    assert _cells(view, 1) == [
        "Bo Agent", "bo", "Handläggare / matchningsagent", "Södertälje (0181)", "Ja", "Ja",
        "Aldrig",
    ]  # fmt: skip
    for widget in (view, view.table, view.new_button, view.active_button, view.reset_button):
        assert widget.objectName()
        assert widget.accessibleName()
    _select(view, "bo")
    view.grab().save("/tmp/users_tab.png")


def test_adding_a_user_who_must_then_choose_a_password(qtbot: QtBot, services: Services) -> None:
    view = _view(qtbot, services)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, NewUserDialog)
    show_active(qtbot, dialog)
    assert dialog.municipality.currentData() == "0127"  # the home municipality
    qtbot.keyClicks(dialog.full_name, "Bo Agent")
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.username, "bo")
    dialog.role.setCurrentIndex(dialog.role.findData("samordnare"))
    qtbot.keyClicks(dialog.password, TEMPORARY)
    qtbot.keyClicks(dialog.repeat, TEMPORARY)
    dialog.grab().save("/tmp/new_user_dialog.png")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)

    assert dialog.result() == dialog.DialogCode.Accepted
    assert view.selected() is not None
    assert _cells(view, view.table.currentIndex().row())[:6] == [
        "Bo Agent", "bo", "Samordnare", "Botkyrka (0127)", "Ja", "Ja",
    ]  # fmt: skip
    assert view.notice.text().startswith("Bo Agent är tillagd")
    opened = _log_in(services, "bo", TEMPORARY)
    try:
        assert opened.must_change_password
        assert opened.actor.role == "samordnare"
    finally:
        opened.db.close()


def test_bad_input_is_explained_beside_the_field_and_kept(qtbot: QtBot, services: Services) -> None:
    view = _view(qtbot, services)
    dialog = view.open_new_user()
    show_active(qtbot, dialog)
    qtbot.keyClicks(dialog.full_name, "Bo Agent")
    qtbot.keyClicks(dialog.username, "b")
    qtbot.keyClicks(dialog.password, "kort")
    assert dialog.errors["password"].text() == "Lösenordet måste ha minst 10 tecken."
    qtbot.keyClicks(dialog.password, " men nu langre")
    assert dialog.errors["password"].isHidden()
    qtbot.keyClicks(dialog.repeat, "kort men")
    assert dialog.errors["repeat"].text() == "Lösenorden är inte lika."
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.errors["repeat"].isVisible()

    qtbot.keyClicks(dialog.repeat, " nu langre")
    dialog.submit()
    assert dialog.errors["username"].isVisible()
    assert dialog.errors["username"].text() == "Användarnamnet ska ha 2–64 tecken."
    assert dialog.isVisible()
    assert dialog.full_name.text() == "Bo Agent"  # nothing typed is lost
    assert dialog.password.text() == "kort men nu langre"

    dialog.username.setText("ADA")  # taken, whatever the case
    dialog.submit()
    assert dialog.errors["username"].text() == "Användarnamnet är upptaget."
    wait_for_focus(qtbot, dialog.username)
    dialog.full_name.clear()
    dialog.username.setText("bo")
    dialog.submit()
    assert dialog.errors["full_name"].text() == "Ange namnet."
    assert dialog.errors["username"].isHidden()
    assert [u.username for u in services.accounts.users()] == ["ada"]

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [u.username for u in services.accounts.users()] == ["ada"]


def _confirm(qtbot: QtBot, view: UsersView, answer: str) -> None:
    box = view.dialog
    assert isinstance(box, QMessageBox)
    assert box.objectName() == "confirmDeactivate"
    assert box.isVisible()
    button = box.findChild(QPushButton, answer)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_deactivating_a_user_stops_their_login(qtbot: QtBot, services: Services) -> None:
    _add_bo(services)
    view = _view(qtbot, services)
    _select(view, "bo")
    assert view.active_button.text() == "&Inaktivera"
    qtbot.mouseClick(view.active_button, Qt.MouseButton.LeftButton)
    _confirm(qtbot, view, "cancelButton")
    assert _cells(view, 1)[4] == "Ja"

    qtbot.mouseClick(view.active_button, Qt.MouseButton.LeftButton)
    box = view.dialog
    assert isinstance(box, QMessageBox)
    assert box.text() == "Inaktivera kontot för Bo Agent (bo)?"
    _confirm(qtbot, view, "confirmButton")
    assert _cells(view, 1)[4] == "Nej"
    assert view.notice.text() == "Kontot för Bo Agent är inaktiverat."
    assert view.active_button.text() == "A&ktivera…"
    with pytest.raises(StoreError, match="Fel användarnamn eller lösenord"):
        _log_in(services, "bo", TEMPORARY)


def test_an_administrator_cannot_deactivate_themself(qtbot: QtBot, services: Services) -> None:
    view = _view(qtbot, services)
    _select(view, "ada")
    qtbot.mouseClick(view.active_button, Qt.MouseButton.LeftButton)
    _confirm(qtbot, view, "confirmButton")
    assert view.error.isVisible()
    assert view.error.text() == "Du kan inte inaktivera ditt eget konto."
    assert _cells(view, 0)[4] == "Ja"


def test_resetting_a_password(qtbot: QtBot, services: Services) -> None:
    _add_bo(services)
    view = _view(qtbot, services)
    _select(view, "bo")
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ResetPasswordDialog)
    show_active(qtbot, dialog)
    assert dialog.windowTitle() == "Återställ lösenord"
    qtbot.keyClicks(dialog.password, "bo")
    qtbot.keyClicks(dialog.repeat, "bo")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.errors["password"].text() == "Lösenordet måste ha minst 10 tecken."
    dialog.password.setText("ett nytt tillfalligt")
    dialog.repeat.setText("ett nytt tillfalligt")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert "måste byta det vid inloggningen" in view.notice.text()
    assert _cells(view, 1)[5] == "Ja"
    opened = _log_in(services, "bo", "ett nytt tillfalligt")
    try:
        assert opened.must_change_password
    finally:
        opened.db.close()
    with pytest.raises(StoreError, match="Fel användarnamn eller lösenord"):
        accounts.log_in(services.db.path, "bo", TEMPORARY)


def test_reactivating_needs_a_new_temporary_password(qtbot: QtBot, services: Services) -> None:
    _add_bo(services)
    bo = next(u for u in services.accounts.users() if u.username == "bo")
    services.accounts.set_active(bo.id, False)
    view = _view(qtbot, services)
    _select(view, "bo")
    assert view.active_button.text() == "A&ktivera…"
    qtbot.mouseClick(view.active_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ResetPasswordDialog)
    assert dialog.windowTitle() == "Aktivera konto"
    dialog.password.setText("nytt tillfalligt")
    dialog.repeat.setText("nytt tillfalligt")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert _cells(view, 1)[4] == "Ja"
    assert view.active_button.text() == "&Inaktivera"
    opened = _log_in(services, "bo", "nytt tillfalligt")
    try:
        assert opened.must_change_password
    finally:
        opened.db.close()
