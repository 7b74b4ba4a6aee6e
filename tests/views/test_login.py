"""Setup, login and password change dialogs, and the start-up that strings them together."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services import accounts
from desktop.services.accounts import AccountService, Opened
from desktop.services.demo import DemoScale
from desktop.services.demo.database import DEMO_PASSWORD, create_demo_database
from desktop.views.login import ChangePasswordDialog, LoginDialog, SetupDialog
from desktop.views.settings import Settings
from desktop.views.startup import Startup
from tests import credentials
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus

# ASCII: QTest cannot type every Latin-1 letter (qasciikey.cpp asserts on "ö").
PASSWORD = "ett langt losenord"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    opened = accounts.set_up(
        tmp_path / "m.sqlite", municipality_code="0127", full_name="Ada Admin",
        username="ada", password=PASSWORD,
    )  # fmt: skip
    AccountService(opened.db, opened.actor).add_user(
        username="bo", full_name="Bo Agent", role="handlaggare", municipality_code="0127",
        password="tillfälligt lösen",
    )  # fmt: skip
    opened.db.close()
    return opened.db.path


def _login_dialog(qtbot: QtBot, path: Path) -> tuple[LoginDialog, list[Opened]]:
    dialog = LoginDialog(lambda u, p: accounts.log_in(path, u, p), place=str(path))
    qtbot.addWidget(dialog)
    opened: list[Opened] = []
    dialog.logged_in.connect(opened.append)
    dialog.open()
    show_active(qtbot, dialog)
    return dialog, opened


def test_logging_in_with_the_keyboard_alone(qtbot: QtBot, database: Path) -> None:
    dialog, opened = _login_dialog(qtbot, database)
    qtbot.keyClicks(dialog.username, "ada")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    wait_for_focus(qtbot, dialog.password)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert len(opened) == 1
    assert opened[0].actor.username == "ada"
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.password.text() == ""  # the password is not kept in the widget
    opened[0].db.close()


def test_a_wrong_password_is_explained_and_the_name_kept(qtbot: QtBot, database: Path) -> None:
    dialog, opened = _login_dialog(qtbot, database)
    dialog.username.setText("ada")
    dialog.password.setText("inte rätt")
    dialog.submit()
    assert opened == []
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Fel användarnamn eller lösenord."
    assert dialog.username.text() == "ada"
    assert dialog.password.text() == ""
    # The next attempt must wait, and the dialog says so and holds the button.
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert "Vänta" in dialog.error.text()
    assert not dialog.login_button.isEnabled()
    assert opened == []
    qtbot.waitUntil(dialog.login_button.isEnabled, timeout=4000)


def test_an_empty_user_name_is_asked_for(qtbot: QtBot, database: Path) -> None:
    dialog, opened = _login_dialog(qtbot, database)
    dialog.submit()
    assert dialog.error.text() == "Ange ditt användarnamn."
    assert opened == []


def test_setup_dialog_checks_as_you_type_and_keeps_input(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "ny.sqlite"
    created: list[Opened] = []
    dialog = SetupDialog(
        lambda **fields: accounts.set_up(path, **fields),
        accounts.SETUP_MUNICIPALITIES,
        place=str(path),
    )
    qtbot.addWidget(dialog)
    dialog.set_up.connect(created.append)
    dialog.open()
    dialog.municipality.setCurrentIndex(dialog.municipality.findData("0181"))  # Södertälje
    qtbot.keyClicks(dialog.full_name, "Ada Admin")
    qtbot.keyClicks(dialog.username, "ada")
    qtbot.keyClicks(dialog.password, "kort")
    assert dialog.errors["password"].text() == "Lösenordet måste ha minst 10 tecken."
    qtbot.keyClicks(dialog.password, " men nu langre")
    assert dialog.errors["password"].isHidden()
    qtbot.keyClicks(dialog.repeat, "kort men")
    assert dialog.errors["repeat"].text() == "Lösenorden är inte lika."
    dialog.submit()
    assert created == []
    assert not path.exists()
    assert dialog.full_name.text() == "Ada Admin"  # nothing typed is lost
    qtbot.keyClicks(dialog.repeat, " nu langre")
    dialog.username.setText("a")
    dialog.submit()
    assert dialog.errors["username"].text() == "Användarnamnet ska ha 2–64 tecken."
    dialog.username.setText("ada")
    dialog.submit()
    assert len(created) == 1
    assert created[0].actor.is_admin
    created[0].db.close()


def setup_dialog(qtbot: QtBot, path: Path) -> SetupDialog:
    dialog = SetupDialog(
        lambda **fields: accounts.set_up(path, **fields),
        accounts.SETUP_MUNICIPALITIES,
        place=str(path),
    )
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def test_the_empty_setup_form_flags_every_missing_field_at_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = setup_dialog(qtbot, tmp_path / "ny.sqlite")
    dialog.submit()
    shown = {
        name: label.text() for name, label in dialog.errors.items() if label.isVisibleTo(dialog)
    }
    assert shown == {
        "full_name": "Ange ditt namn.",
        "username": "Användarnamnet ska ha 2–64 tecken.",
        "password": "Lösenordet måste ha minst 10 tecken.",
    }
    wait_for_focus(qtbot, dialog.full_name)
    # Each goes as soon as its cause is gone.
    dialog.full_name.setText("Ada Admin")
    assert dialog.errors["full_name"].isHidden()
    dialog.username.setText("ada")
    assert dialog.errors["username"].isHidden()
    assert not (tmp_path / "ny.sqlite").exists()


def test_the_setup_municipalities_are_in_swedish_alphabetical_order(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = setup_dialog(qtbot, tmp_path / "ny.sqlite")
    names = [dialog.municipality.itemText(i) for i in range(dialog.municipality.count())]
    assert names == [
        "Botkyrka (0127)", "Haninge (0136)", "Huddinge (0126)", "Nykvarn (0140)",
        "Nynäshamn (0192)", "Salem (0128)", "Södertälje (0181)", "Tyresö (0138)",
    ]  # fmt: skip


def test_forced_password_change_cannot_be_skipped(qtbot: QtBot, database: Path) -> None:
    bo = accounts.log_in(database, "bo", "tillfälligt lösen")
    service = AccountService(bo.db, bo.actor)
    dialog = ChangePasswordDialog(service.change_password, forced=True)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    dialog.current.setText("tillfälligt lösen")
    dialog.new.setText("kort")
    dialog.repeat.setText("kort")
    dialog.submit()
    assert dialog.errors["new_password"].text() == "Lösenordet måste ha minst 10 tecken."
    assert dialog.current.text() == "tillfälligt lösen"
    dialog.new.setText("bos eget lösenord")
    dialog.repeat.setText("bos eget lösenord")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    bo.db.close()
    accounts.log_in(database, "bo", "bos eget lösenord").db.close()


def test_startup_goes_from_login_to_the_main_window(
    qtbot: QtBot, database: Path, settings: Settings
) -> None:
    startup = Startup(database, settings=settings)
    startup.start()
    dialog = startup.dialog
    assert isinstance(dialog, LoginDialog)
    dialog.username.setText("bo")
    dialog.password.setText("tillfälligt lösen")
    dialog.submit()
    change = startup.dialog
    assert isinstance(change, ChangePasswordDialog)  # a reset password must be changed
    assert startup.window is None
    change.current.setText("tillfälligt lösen")
    change.new.setText("bos eget lösenord")
    change.repeat.setText("bos eget lösenord")
    change.submit()
    assert startup.window is not None
    qtbot.addWidget(startup.window)
    assert startup.window.isVisible()
    assert startup.window.current_screen() is startup.window.overview_view
    startup.window.navigation.setCurrentRow(1)
    assert startup.window.persons_view.count_label.text() == "0 deltagare"
    # The day's automatic backup is made in the background after the window is up.
    assert startup.backups is not None
    qtbot.waitUntil(lambda: not startup.backups.running, timeout=20_000)  # type: ignore[union-attr]
    assert list((database.parent / "backups").glob("*.automatisk.*.sqlite"))
    startup.window.close()
    startup.close()


def test_startup_on_a_new_database_sets_it_up_first(
    qtbot: QtBot, tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "ny.sqlite"
    startup = Startup(path, settings=settings)
    startup.start()
    dialog = startup.dialog
    assert isinstance(dialog, SetupDialog)
    dialog.full_name.setText("Ada Admin")
    dialog.username.setText("ada")
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.submit()
    assert startup.window is not None
    qtbot.addWidget(startup.window)
    startup.window.close()
    startup.close()
    accounts.log_in(path, "ada", PASSWORD).db.close()


def test_the_demo_login_shows_its_password(
    qtbot: QtBot, tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "demo.sqlite"
    create_demo_database(path, DemoScale(30, 5, 5, 5, 30))
    startup = Startup(path, demo=True, settings=settings)
    startup.start()
    dialog = startup.dialog
    assert isinstance(dialog, LoginDialog)
    qtbot.addWidget(dialog)
    hint = dialog.findChild(object, "demoHint")
    assert hint is not None
    assert DEMO_PASSWORD in hint.text()  # type: ignore[attr-defined]
    assert dialog.username.text() == "admin"
    dialog.password.setText(DEMO_PASSWORD)
    dialog.submit()
    assert startup.window is not None
    qtbot.addWidget(startup.window)
    assert "DEMO" in startup.window.windowTitle()
    assert startup.window.current_screen() is startup.window.overview_view
    startup.window.navigation.setCurrentRow(1)
    assert startup.window.persons_view.count_label.text() == "30 deltagare"
    dialog.grab().save(str(tmp_path / "login.png"))
    startup.window.close()
    startup.close()


def test_the_first_login_after_an_update_says_the_database_is_being_upgraded(
    qtbot: QtBot, database: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.store.schema import HEAD_REVISION, current_revision

    credentials.downgrade(database, "0014", "ada", PASSWORD)
    assert credentials.revision(database, "ada", PASSWORD) == "0014"
    startup = Startup(database, settings=settings, preload=False)
    startup.start()
    dialog = startup.dialog
    assert isinstance(dialog, LoginDialog)
    show_active(qtbot, dialog)
    seen: list[tuple[bool, bool, bool, str]] = []
    show = LoginDialog.show_upgrading

    def watched(self: LoginDialog) -> None:
        show(self)
        # Shown and painted before the backup and the upgrade start, the fields waiting.
        backups = list((database.parent / "backups").glob("*before-upgrade*"))
        seen.append(
            (
                self.upgrade_notice.isVisible(),
                self.login_button.isEnabled() or self.password.isEnabled(),
                bool(backups),
                self.upgrade_notice.text(),
            )
        )

    monkeypatch.setattr(LoginDialog, "show_upgrading", watched)
    dialog.username.setText("ada")
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert len(seen) == 1
    visible, enabled, backed_up, text = seen[0]
    assert visible
    assert not enabled
    assert not backed_up
    assert "säkerhetskopia" in text
    assert "stäng inte programmet" in text
    assert startup.window is not None  # then logged in as usual
    qtbot.addWidget(startup.window)
    assert list((database.parent / "backups").glob("*before-upgrade-from-0014*"))
    assert startup.backups is not None
    qtbot.waitUntil(lambda: not startup.backups.running, timeout=20_000)  # type: ignore[union-attr]
    startup.window.close()
    startup.close()
    again = accounts.log_in(database, "ada", PASSWORD)
    assert current_revision(again.db.engine, database, encrypted=True) == HEAD_REVISION
    again.db.close()


def test_a_login_with_nothing_to_upgrade_says_nothing_of_it(qtbot: QtBot, database: Path) -> None:
    dialog, opened = _login_dialog(qtbot, database)
    dialog.username.setText("ada")
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert opened
    assert dialog.upgrade_notice.isHidden()
    opened[0].db.close()
