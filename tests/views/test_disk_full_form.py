"""A full disk while a form saves: the error is shown in the form, what was typed stays,
and the same button works once there is room again. The form is the forced password
change, which writes the database (and the key file) when it is saved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services import accounts
from desktop.services.accounts import AccountService, Opened
from desktop.store.keys import KeyFile, key_file_path
from desktop.views.login import ChangePasswordDialog
from tests.disk_full import FullDisk
from tests.views.conftest import show_active

# ASCII: QTest cannot type every Latin-1 letter.
TEMPORARY = "tillfalligt losen"
NEW = "mitt eget nya losen"


@pytest.fixture
def bo(tmp_path: Path) -> Iterator[Opened]:
    """Bo, logged in with the temporary password an administrator gave him."""
    admin = accounts.set_up(
        tmp_path / "m.sqlite",
        municipality_code="0127",
        full_name="Ada Admin",
        username="ada",
        password="administratorens losen",
    )
    AccountService(admin.db, admin.actor).add_user(
        username="bo",
        full_name="Bo Agent",
        role="handlaggare",
        municipality_code="0127",
        password=TEMPORARY,
    )
    admin.db.close()
    opened = accounts.log_in(tmp_path / "m.sqlite", "bo", TEMPORARY)
    assert opened.must_change_password
    try:
        yield opened
    finally:
        opened.db.close()


def _unlocks(opened: Opened, password: str) -> bool:
    keys = KeyFile.load(key_file_path(opened.db.path))
    # A failed check counts as a failed login; kept elsewhere, it delays no one.
    keys.path = opened.db.path.with_name("checks.keys")
    try:
        return keys.unlock("bo", password) == opened.db.key
    except accounts.WrongPasswordError:
        return False


def test_a_full_disk_keeps_the_form_and_the_old_password(qtbot: QtBot, bo: Opened) -> None:
    service = AccountService(bo.db, bo.actor)
    dialog = ChangePasswordDialog(service.change_password, forced=True)
    qtbot.addWidget(dialog)
    dialog.open()
    show_active(qtbot, dialog)
    disk = FullDisk(bo.db)
    try:
        disk.fill()
        qtbot.keyClicks(dialog.current, TEMPORARY)
        qtbot.keyClicks(dialog.new, NEW)
        qtbot.keyClicks(dialog.repeat, NEW)
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)

        error = dialog.errors["form"]
        assert error.isVisible()
        assert "Disken är full" in error.text()
        assert dialog.isVisible()
        assert dialog.result() != dialog.DialogCode.Accepted
        assert (dialog.current.text(), dialog.new.text(), dialog.repeat.text()) == (
            TEMPORARY,
            NEW,
            NEW,
        )
        # Nothing was saved, in the database or in the key file.
        assert _unlocks(bo, TEMPORARY)
        assert not _unlocks(bo, NEW)
        with bo.db.connect() as connection:
            flag = connection.exec_driver_sql(
                "SELECT must_change_password FROM users WHERE username = 'bo'"
            ).scalar_one()
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        assert flag

        disk.free()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    finally:
        disk.close()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert _unlocks(bo, NEW)
    assert not _unlocks(bo, TEMPORARY)
