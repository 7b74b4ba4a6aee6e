"""`matchning --until-first-page`: the login as a user makes it, timed from inside, so
that the frozen app's figure can be taken the same way as the source run's (issue 18).

The login window is shown; once what comes next is imported (as while someone types),
the user and password from MATCHNING_USER and MATCHNING_PASSWORD are typed and Enter is
pressed; the run quits when the first page of Deltagare is shown. It prints one JSON
line: the seconds from Enter to that page, and Argon2id alone with the user's own costs
in the same process. Window settings are kept in a temporary folder, not the user's.
"""

from __future__ import annotations

import json
import secrets
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop.views.login import LoginDialog
from desktop.views.settings import PERSONS_SCREEN, Settings
from desktop.views.startup import Startup


class MeasuredLogin(QObject):
    def __init__(self, app: QApplication, path: Path, username: str, password: str) -> None:
        super().__init__()
        self._app = app
        self._path = path
        self._username = username
        self._password = password
        self._folder = tempfile.TemporaryDirectory(prefix="matchning-measure-")
        ini = str(Path(self._folder.name) / "ui.ini")
        settings = Settings(QSettings(ini, QSettings.Format.IniFormat))
        settings.last_screen = PERSONS_SCREEN
        self.startup = Startup(path, settings=settings)
        self._entered = 0.0
        self._shown = 0.0
        self._poll = QTimer(self)
        self._poll.setInterval(1)
        self._poll.timeout.connect(self._step)

    def start(self) -> bool:
        if not self.startup.start():
            return False
        self._poll.start()
        return True

    def _step(self) -> None:
        dialog = self.startup.dialog
        if not self._entered:
            if self.startup.preloading or not isinstance(dialog, LoginDialog):
                return
            dialog.username.setText(self._username)
            dialog.password.setText(self._password)
            self._entered = time.perf_counter()
            dialog.submit()
            if self.startup.window is None:  # refused: the dialog says why
                self._app.exit(1)
        elif self._first_page_shown():
            self._shown = time.perf_counter()
            self._poll.stop()
            self._app.exit(0)

    def _first_page_shown(self) -> bool:
        window = self.startup.window
        return (
            window is not None
            and window.persons_view.isVisible()
            and window.persons_view.model.rowCount() > 0
        )

    def report(self) -> str:
        """The figures, as one JSON line (after the event loop has ended)."""
        from desktop.store.keys import KeyFile, derive_kek, key_file_path, normalise_username

        user = normalise_username(self._username)
        params = KeyFile.load(key_file_path(self._path)).users[user].kdf
        started = time.perf_counter()
        derive_kek(self._password, secrets.token_bytes(16), params)
        kdf = time.perf_counter() - started
        return json.dumps({"first_page": self._shown - self._entered, "kdf": kdf})

    def close(self) -> None:
        self.startup.close()
        self._folder.cleanup()
