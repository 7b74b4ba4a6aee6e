"""From start to the main window: set up or log in, a forced password change, and then
the window; each step a dialog opened with open(), so that the event loop keeps running."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.services import accounts
from desktop.services.demo.database import DEMO_ADMIN, demo_logins
from desktop.services.registry import Services
from desktop.store.lock import DatabaseLock
from desktop.views.backup_runner import BackupRunner
from desktop.views.login import ChangePasswordDialog, LoginDialog, SetupDialog
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings
from desktop.views.text import message


class Startup(QObject):
    def __init__(
        self,
        path: Path,
        *,
        demo: bool = False,
        settings: Settings | None = None,
        previous_crash: str | None = None,
    ) -> None:
        super().__init__()
        self._path = path
        self._demo = demo
        self._settings = settings or Settings()
        self._previous_crash = previous_crash
        self.dialog: QDialog | None = None
        self.window: MainWindow | None = None
        self.backups: BackupRunner | None = None
        self._opened: accounts.Opened | None = None
        self._lock: DatabaseLock | None = None  # held while the login window waits

    def start(self) -> bool:
        """Show the first dialog. Raises StoreError when the database is in use (or has a
        second name): the login window takes the database's lock as it opens, so that no
        backup, restore or second window opens the file underneath it."""
        if accounts.needs_setup(self._path):
            dialog: QDialog = SetupDialog(
                lambda **fields: accounts.set_up(self._path, **fields),
                accounts.SETUP_MUNICIPALITIES,
                place=str(self._path),
            )
            dialog.set_up.connect(self._opened_database)  # type: ignore[attr-defined]
        else:
            lock = DatabaseLock(self._path)
            lock.acquire()
            self._lock = lock
            dialog = self._login_dialog()
        self._show(dialog)
        return True

    def _login_dialog(self) -> LoginDialog:
        hint = None
        username = ""
        demo_password = accounts.demo_password(self._path)
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
            lambda user, password: accounts.log_in(
                self._path, user, password, lock=self._lock or True
            ),
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

    def _opened_database(self, opened: accounts.Opened) -> None:
        self._opened = opened
        self._let_go()  # the open database holds the lock now
        if opened.must_change_password:
            service = accounts.AccountService(opened.db, opened.actor)
            dialog = ChangePasswordDialog(service.change_password, forced=True)
            dialog.accepted.connect(self._show_main_window)
            self._show(dialog)
        else:
            self._show_main_window()

    def _show_main_window(self) -> None:
        assert self._opened is not None
        opened = self._opened
        services = Services.for_user(opened.db, opened.actor)
        self.window = MainWindow(services, self._settings, demo=self._demo)
        self.window.show()
        self.dialog = None
        self.window.offer_drafts()
        self._start_daily_backup(opened)
        if self._previous_crash:
            self._offer_crash_report(self._previous_crash)

    def _start_daily_backup(self, opened: accounts.Opened) -> None:
        """The day's automatic backup, in the background once the window is up."""
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
