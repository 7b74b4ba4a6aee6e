"""From start to the main window: set up or log in, a forced password change, and then
the window; each step a dialog opened with open(), so that the event loop keeps running.

The login window comes first: nothing it does not need is imported before it is shown
(no SQLAlchemy, no Alembic, no services but the account rules, no main window). What the
next screen needs is imported afterwards, one module an event-loop turn (`PRELOAD`), so
that typing in the window does not wait on a long import
(docs/decisions/0028-login-window-first.md).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop import collector
from desktop.services import account_rules
from desktop.services.demo.database import DEMO_ADMIN, demo_logins
from desktop.store.lock import DatabaseLock
from desktop.views.login import ChangePasswordDialog, LoginDialog, SetupDialog
from desktop.views.settings import Settings
from desktop.views.text import message

if TYPE_CHECKING:
    from desktop.services.accounts import Opened
    from desktop.views.backup_runner import BackupRunner
    from desktop.views.main_window import MainWindow

# What the login and the main window import, in an order in which each step is short
# (each pulls in what the step before has not). Imported while the login window waits.
PRELOAD = (
    "argon2.low_level",
    "cryptography.hazmat.primitives.ciphers.aead",
    "sqlalchemy",
    "sqlalchemy.orm",
    "desktop.models",
    # Not an import: the mappers of every model set up (a quarter of a second the first
    # query after the password would otherwise take).
    "sqlalchemy.orm:configure_mappers",
    "desktop.store.database",
    "desktop.store.schema",
    "desktop.services.accounts",
    "desktop.services.registry",
    "desktop.views.backup_runner",
    "desktop.views.main_window",
    # The main window builds only its first screen; the record windows (and the services
    # behind them) come next, if the typing leaves time, so the first one opened is quick.
    "desktop.views.person.view",
    "desktop.views.employer.view",
    "desktop.views.need.editor",
    "desktop.views.intake.wizard",
)


class Startup(QObject):
    def __init__(
        self,
        path: Path,
        *,
        demo: bool = False,
        settings: Settings | None = None,
        previous_crash: str | None = None,
        preload: bool = True,
    ) -> None:
        super().__init__()
        self._path = path
        self._demo = demo
        self._settings = settings or Settings()
        self._previous_crash = previous_crash
        self.dialog: QDialog | None = None
        self.window: MainWindow | None = None
        self.backups: BackupRunner | None = None
        self._opened: Opened | None = None
        self._lock: DatabaseLock | None = None  # held while the login window waits
        self._preload = list(PRELOAD) if preload else []
        self._preloader = QTimer(self)
        self._preloader.setInterval(0)
        self._preloader.timeout.connect(self._preload_step)

    def start(self) -> bool:
        """Show the first dialog. Raises StoreError when the database is in use (or has a
        second name): the login window takes the database's lock as it opens, so that no
        backup, restore or second window opens the file underneath it."""
        if account_rules.needs_setup(self._path):
            dialog: QDialog = SetupDialog(
                self._set_up,
                account_rules.SETUP_MUNICIPALITIES,
                place=str(self._path),
            )
            dialog.set_up.connect(self._opened_database)  # type: ignore[attr-defined]
        else:
            lock = DatabaseLock(self._path)
            lock.acquire()
            self._lock = lock
            dialog = self._login_dialog()
        self._show(dialog)
        if self._preload:
            self._preloader.start()
        return True

    @property
    def preloading(self) -> bool:
        """What comes after the login window is still being imported."""
        return bool(self._preload)

    def _preload_step(self) -> None:
        """One module of what comes after the login window, each turn of the event loop."""
        while self._preload:
            name, _, call = self._preload.pop(0).partition(":")
            if call:
                getattr(importlib.import_module(name), call)()
                return
            if name not in sys.modules:
                importlib.import_module(name)
                return  # one import a turn: keys typed meanwhile are handled between
        self._preloader.stop()

    def _set_up(self, **fields: str) -> Opened:
        from desktop.services import accounts

        return accounts.set_up(self._path, **fields)

    def _log_in(self, user: str, password: str) -> Opened:
        from desktop.services import accounts

        return accounts.log_in(
            self._path, user, password, lock=self._lock or True, on_upgrade=self._upgrading
        )

    def _upgrading(self) -> None:
        if isinstance(self.dialog, LoginDialog):
            self.dialog.show_upgrading()

    def _login_dialog(self) -> LoginDialog:
        hint = None
        username = ""
        demo_password = account_rules.demo_password(self._path)
        if demo_password is not None:
            logins = ", ".join(demo_logins(0))
            hint = (
                self.tr(
                    "DEMO: en övningsdatabas med påhittade uppgifter. Logga in som %1 "
                    "med lösenordet %2."
                )
                .replace("%1", logins)
                .replace("%2", demo_password)
            )
            username = DEMO_ADMIN
        dialog = LoginDialog(
            self._log_in,
            place=str(self._path),
            demo_hint=hint,
            username=username,
        )
        dialog.logged_in.connect(self._opened_database)
        return dialog

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.rejected.connect(self._quit_if_no_window)
        dialog.open()

    def _quit_if_no_window(self) -> None:
        if self.window is None:
            from PySide6.QtWidgets import QApplication

            QApplication.quit()

    def _opened_database(self, opened: Opened) -> None:
        from desktop.services import accounts

        self._opened = opened
        self._let_go()  # the open database holds the lock now
        self._preload.clear()  # what is still missing is imported as it is needed
        if opened.must_change_password:
            service = accounts.AccountService(opened.db, opened.actor)
            dialog = ChangePasswordDialog(service.change_password, forced=True)
            dialog.accepted.connect(self._show_main_window)
            self._show(dialog)
        else:
            self._show_main_window()

    def _show_main_window(self) -> None:
        from desktop.services.registry import Services
        from desktop.views.main_window import MainWindow

        assert self._opened is not None
        opened = self._opened
        services = Services.for_user(opened.db, opened.actor)
        self.window = MainWindow(services, self._settings, demo=self._demo)
        self.window.show()
        collector.started()
        self.dialog = None
        self.window.offer_drafts()
        self._start_daily_backup(opened)
        if self._previous_crash:
            self._offer_crash_report(self._previous_crash)

    def _start_daily_backup(self, opened: Opened) -> None:
        """The day's automatic backup, in the background once the window is up."""
        from desktop.views.backup_runner import BackupRunner

        self.backups = BackupRunner(opened.db, opened.actor.user_id, self)
        self.backups.finished.connect(self._backup_done)
        self.backups.failed.connect(self._backup_failed)
        self.backups.start()

    def _backup_done(self, path: str) -> None:
        if path and self.window is not None:
            self.window.statusBar().showMessage(self.tr("Dagens säkerhetskopia är sparad."), 8000)

    def _backup_failed(self, text: str) -> None:
        box = QMessageBox(self.window)
        box.setObjectName("backupFailed")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Säkerhetskopian misslyckades"))
        box.setText(message(text))
        box.open()

    def _offer_crash_report(self, report: str) -> None:
        assert self.window is not None
        box = QMessageBox(self.window)
        box.setObjectName("crashReport")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Matchning avslutades oväntat"))
        box.setText(
            self.tr(
                "Programmet avslutades oväntat förra gången. Det du hade sparat finns kvar. "
                "Detaljerna nedan kan skickas till IT-supporten."
            )
        )
        box.setDetailedText(report)
        box.open()

    def _let_go(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def close(self) -> None:
        self._let_go()
        if self.backups is not None:
            self.backups.wait()  # never close the database under a running copy
        if self._opened is not None:
            self._opened.db.close()
            self._opened = None
